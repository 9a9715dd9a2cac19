"""Who may check files, and against which feeds.

A file is checked as a batch of one feed: that feed's thresholds, trusted fields, record IDs and
people's earlier judgements decide its records. So a user checks only files of feeds they answer
for: operations staff (who run every feed) and data-quality staff (who settle every feed's
possible matches) any feed; a local authority's management team the local feeds of its own
authority, which its systems send. Nobody else, and for them the page does not exist.
"""

from django.db.models import QuerySet
from django.http import Http404

from accounts.roles import Role
from ingest.models import Feed
from shielding.clearance import cleared_local_authority_ids

NATIONAL_CHECKERS = frozenset({Role.OPERATIONS, Role.DATA_QUALITY})


def checkable_feeds(*, user) -> QuerySet[Feed]:
    """The feeds whose files `user` may check, by code."""
    if not (getattr(user, "is_authenticated", False) and user.is_active):
        return Feed.objects.none()
    if user.role in NATIONAL_CHECKERS:
        return Feed.objects.order_by("code")
    team_authority_ids = cleared_local_authority_ids(user)
    if user.role != Role.LA_MANAGEMENT or not team_authority_ids:
        return Feed.objects.none()
    return Feed.objects.filter(
        scope=Feed.Scope.LOCAL, local_authority_id__in=team_authority_ids
    ).order_by("code")


def may_check_files(*, user) -> bool:
    """Operations and data-quality staff, and the members of a management team, whether or not
    a feed of theirs is set up yet (the page then says there is none)."""
    if not (getattr(user, "is_authenticated", False) and user.is_active):
        return False
    if user.role in NATIONAL_CHECKERS:
        return True
    return user.role == Role.LA_MANAGEMENT and bool(cleared_local_authority_ids(user))


def file_checking_required(*, user) -> QuerySet[Feed]:
    """The user's checkable feeds; Http404 for a user who may check no file at all."""
    if not may_check_files(user=user):
        raise Http404("No such page.")
    return checkable_feeds(user=user)

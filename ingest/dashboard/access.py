"""Who sees the dashboard, and how much of it.

Operations staff run every feed and data-quality staff settle every feed's possible matches, so
both see national figures. A management team sees what concerns its authority: its authority's
local feeds, the records held for it and the possible matches it may settle (the review queue's
own rule), and the duplicates settled among its children. Anyone else is told the page does not
exist.
"""

from dataclasses import dataclass

from django.http import Http404

from accounts.roles import Role
from ingest.models import Feed
from registry.models import LocalAuthority
from shielding.clearance import cleared_local_authority_ids

NATIONAL_VIEWERS = frozenset({Role.OPERATIONS, Role.DATA_QUALITY})


@dataclass(frozen=True)
class DashboardScope:
    """National figures, or those of `authority_ids` alone; `user` reads the per-child ones."""

    user: object
    national: bool
    authority_ids: frozenset[int] = frozenset()

    def authority_names(self) -> list[str]:
        return list(
            LocalAuthority.objects.filter(pk__in=self.authority_ids)
            .order_by("name")
            .values_list("name", flat=True)
        )

    def feeds(self):
        feeds = Feed.objects.order_by("code")
        if self.national:
            return feeds
        return feeds.filter(scope=Feed.Scope.LOCAL, local_authority_id__in=self.authority_ids)


def dashboard_scope_for(*, user) -> DashboardScope:
    """The user's scope; Http404 for a user who may not see the dashboard."""
    if getattr(user, "is_authenticated", False) and user.is_active:
        if user.role in NATIONAL_VIEWERS:
            return DashboardScope(user=user, national=True)
        authority_ids = cleared_local_authority_ids(user)
        if user.role == Role.LA_MANAGEMENT and authority_ids:
            return DashboardScope(user=user, national=False, authority_ids=authority_ids)
    raise Http404("No such page.")


def may_see_dashboard(*, user) -> bool:
    try:
        dashboard_scope_for(user=user)
    except Http404:
        return False
    return True

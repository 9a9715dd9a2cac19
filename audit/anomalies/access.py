"""Who reviews alerts and suspensions: an auditor reviews everyone's; a management team reviews
its own authority's users. Nobody reviews their own. Anyone else gets a 404, as for an alert that
does not exist, so the pages never tell a user that a colleague was flagged.
"""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from accounts.roles import Role
from audit.models_anomalies import Alert, Suspension
from shielding.clearance import cleared_local_authority_ids


@dataclass(frozen=True)
class ReviewerScope:
    user_id: int
    every_authority: bool
    local_authority_ids: frozenset[int]

    def restrict(self, queryset: QuerySet) -> QuerySet:
        """Alerts or suspensions in scope: not the reviewer's own, and of their authority's users
        unless they are an auditor."""
        queryset = queryset.exclude(user_id=self.user_id)
        if self.every_authority:
            return queryset
        return queryset.filter(local_authority_id__in=self.local_authority_ids)

    def covers(self, item: Alert | Suspension) -> bool:
        if item.user_id == self.user_id:
            return False
        return self.every_authority or item.local_authority_id in self.local_authority_ids


def reviewer_scope(*, user) -> ReviewerScope | None:
    """What `user` may review; None if they review nothing."""
    if not (getattr(user, "is_authenticated", False) and user.is_active):
        return None
    if user.role == Role.AUDITOR:
        return ReviewerScope(user.pk, every_authority=True, local_authority_ids=frozenset())
    if user.role == Role.LA_MANAGEMENT:
        authority_ids = cleared_local_authority_ids(user)
        if authority_ids:
            return ReviewerScope(user.pk, every_authority=False, local_authority_ids=authority_ids)
    return None


def reviewer_required(*, user) -> ReviewerScope:
    scope = reviewer_scope(user=user)
    if scope is None:
        raise Http404("No such page.")
    return scope


def alert_access(*, user, alert_id: int) -> Alert:
    scope = reviewer_required(user=user)
    related = ("user__organisation", "acknowledged_by", "reviewed_by")
    try:
        return scope.restrict(Alert.objects.select_related(*related)).get(pk=alert_id)
    except Alert.DoesNotExist:
        raise Http404("No such alert.") from None


def suspension_access(*, user, suspension_id: int) -> Suspension:
    scope = reviewer_required(user=user)
    related = ("user__organisation", "reviewed_by")
    try:
        return scope.restrict(Suspension.objects.select_related(*related)).get(pk=suspension_id)
    except Suspension.DoesNotExist:
        raise Http404("No such suspension.") from None

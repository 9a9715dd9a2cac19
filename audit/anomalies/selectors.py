"""Reads of alerts and suspensions, for the people who review them (audit.anomalies.access)."""

from django.db.models import Case, IntegerField, QuerySet, Value, When

from audit.anomalies.access import ReviewerScope
from audit.models_anomalies import Alert, Suspension

# Open alerts first, then those somebody is looking at, then the reviewed.
_ALERT_STATUS_ORDER = Case(
    When(status=Alert.Status.OPEN, then=Value(0)),
    When(status=Alert.Status.ACKNOWLEDGED, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def alerts_for_reviewer(*, scope: ReviewerScope) -> QuerySet[Alert]:
    alerts = Alert.objects.select_related("user__organisation", "acknowledged_by", "reviewed_by")
    return scope.restrict(alerts).order_by(_ALERT_STATUS_ORDER, "-raised_at", "-pk")


def alerts_of_user(*, scope: ReviewerScope, user_id: int) -> QuerySet[Alert]:
    return scope.restrict(Alert.objects.filter(user_id=user_id)).order_by("-raised_at", "-pk")


def suspensions_in_force(*, scope: ReviewerScope) -> QuerySet[Suspension]:
    """Suspensions awaiting review first, then upheld ones: everyone still kept out."""
    suspensions = Suspension.objects.filter(status__in=Suspension.IN_FORCE)
    suspensions = suspensions.select_related("user__organisation", "reviewed_by")
    awaiting_first = Case(
        When(status=Suspension.Status.SUSPENDED, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return scope.restrict(suspensions).order_by(awaiting_first, "-suspended_at", "-pk")

"""The management team's archive: its children's records archived less than a year ago, which it
alone may read (registry.retention). When the year is over the records leave the team's archive,
and only a lawful-access officer may read them (portal.lawful_access) until they are purged.

To anyone outside the team, and to the team once the year is over, an archived record is a 404,
exactly as a record that does not exist. The team's consent records (to keep a record open past
18) are reached the same way, through the team's own children.
"""

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404
from django.utils import timezone

from registry.contactpoint_id import contactpoint_id_normalise
from registry.models import Child, RetentionExtension
from registry.purposes import AccessPurpose
from registry.retention import RetentionPeriods, archived_for_team
from shielding.access import team_required
from shielding.clearance import may_manage_shielding
from shielding.models import ShieldingOrder

NO_SUCH_CHILD = "No child with this ContactPoint ID."


def archived_records_for_team(*, user) -> QuerySet[Child]:
    """The team's children archived less than a year ago, most recently archived first, each
    marked `shielded` and `had_consent` (to say why it was archived). Http404 for a user in no
    team."""
    condition = archived_for_team(
        today=timezone.localdate(), periods=RetentionPeriods.from_settings()
    )
    return (
        Child.objects.visible_to(user, purpose=AccessPurpose.ARCHIVED_RECORD)
        .filter(condition, responsible_local_authority_id__in=team_required(user=user))
        .annotate(
            shielded=Exists(ShieldingOrder.objects.filter(child=OuterRef("pk"), active=True)),
            had_consent=Exists(RetentionExtension.objects.filter(child=OuterRef("pk"))),
        )
        .select_related("responsible_local_authority")
        .order_by("-archived_at", "pk")
    )


def archived_child_for_team_access(*, user, contactpoint_id: str) -> Child:
    """An archived record in the team's archive, if `user` manages its child's authority."""
    try:
        digits = contactpoint_id_normalise(contactpoint_id)
        child = archived_records_for_team(user=user).get(contactpoint_id=digits)
    except (ValidationError, Child.DoesNotExist):
        raise Http404(NO_SUCH_CHILD) from None
    if not may_manage_shielding(user=user, local_authority=child.responsible_local_authority):
        raise Http404(NO_SUCH_CHILD)
    return child


def retention_extension_access(*, user, extension_id: int) -> RetentionExtension:
    """Consent in force for one of the team's open records."""
    try:
        extension = RetentionExtension.objects.select_related(
            "child__responsible_local_authority"
        ).get(
            pk=extension_id,
            withdrawn_at__isnull=True,
            keep_until__gt=timezone.localdate(),
            child__status__in=Child.OPEN_STATUSES,
            child__responsible_local_authority_id__in=team_required(user=user),
        )
    except RetentionExtension.DoesNotExist:
        raise Http404("No such consent.") from None
    if not may_manage_shielding(
        user=user, local_authority=extension.child.responsible_local_authority
    ):
        raise Http404("No such consent.")
    return extension

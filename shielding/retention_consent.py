"""Consent to keep a record open past 18: a care leaver, or a young person with learning
difficulties, may ask that their record stays until a date no later than their 25th birthday.

Only the management team of the child's responsible authority records or withdraws it, as it
manages the child's shield. Consent is recorded while the record is open: an archived record is
not reopened. One consent is in force at a time; to change the date, withdraw it and record the
new one. The daily run archives the record on the date consented to, or once consent is withdrawn.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from registry.models import Child, RetentionExtension
from registry.retention import RetentionPeriods, retention_extension_check
from shielding.clearance import may_manage_shielding
from shielding.signals import retention_consent_changed


def retention_extension_in_force(*, child: Child) -> RetentionExtension | None:
    """The consent keeping the record open now, if any."""
    return (
        RetentionExtension.objects.filter(
            child=child, withdrawn_at__isnull=True, keep_until__gt=timezone.localdate()
        )
        .select_related("consent_recorded_by")
        .first()
    )


@transaction.atomic
def retention_extension_record(
    *, child: Child, by, reason: str, keep_until: datetime.date
) -> RetentionExtension:
    """Record the young person's consent to keep the record open until `keep_until`."""
    _team_required(child=child, by=by)
    # One consent in force at a time: a second request waits here, then finds the first.
    Child.unscoped_objects.select_for_update().filter(pk=child.pk).first()
    if retention_extension_in_force(child=child) is not None:
        raise ValidationError("Consent is already recorded. Withdraw it to record another date.")
    if reason not in RetentionExtension.Reason.values:
        raise ValidationError({"reason": "Select why the record is kept."})
    retention_extension_check(
        child=child,
        keep_until=keep_until,
        today=timezone.localdate(),
        periods=RetentionPeriods.from_settings(),
    )
    extension = RetentionExtension.objects.create(
        child=child, reason=reason, keep_until=keep_until, consent_recorded_by=by
    )
    retention_consent_changed.send(
        sender=RetentionExtension, extension=extension, by=by, withdrawn=False
    )
    return extension


@transaction.atomic
def retention_extension_withdraw(*, extension: RetentionExtension, by) -> RetentionExtension:
    """The young person withdrew consent: the record is archived on the next run, if they are 18."""
    _team_required(child=extension.child, by=by)
    if extension.withdrawn_at is not None:
        raise ValidationError("This consent was already withdrawn.")
    extension.withdrawn_at = timezone.now()
    extension.save(update_fields=["withdrawn_at"])
    retention_consent_changed.send(
        sender=RetentionExtension, extension=extension, by=by, withdrawn=True
    )
    return extension


def _team_required(*, child: Child, by) -> None:
    if not may_manage_shielding(user=by, local_authority=child.responsible_local_authority):
        raise PermissionDenied("Only the child's local-authority management team may record this.")

"""Writes to the registry."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from registry.contactpoint_id import contactpoint_id_generate
from registry.models import Child, LocalAuthority, ServiceInvolvement

_ID_ATTEMPTS = 5


@transaction.atomic
def child_create(
    *,
    given_names: str,
    family_name: str,
    date_of_birth: date,
    gender: str,
    responsible_local_authority: LocalAuthority,
) -> Child:
    """Create a child with a fresh ContactPoint ID, retrying on the rare clash of random IDs."""
    for _attempt in range(_ID_ATTEMPTS):
        child = Child(
            contactpoint_id=contactpoint_id_generate(),
            given_names=given_names.strip(),
            family_name=family_name.strip(),
            date_of_birth=date_of_birth,
            gender=gender,
            responsible_local_authority=responsible_local_authority,
        )
        child.full_clean(exclude=["contactpoint_id"])
        try:
            with transaction.atomic():
                child.save()
        except IntegrityError:
            continue
        return child
    raise RuntimeError("Could not find an unused ContactPoint ID.")


@transaction.atomic
def involvement_record(
    *,
    child: Child,
    by,
    kind: str,
    role: str,
    started_on: date,
    phone: str = "",
    email: str = "",
    is_lead_professional: bool = False,
    assessment_under_way: bool = False,
    consent_recorded: bool = False,
) -> ServiceInvolvement:
    """A practitioner records their own involvement with a child, under their own name."""
    involvement = ServiceInvolvement(
        child=child,
        kind=kind,
        practitioner_name=by.get_full_name() or by.get_username(),
        organisation=by.organisation.name if by.organisation_id else "",
        role=role.strip(),
        phone=phone,
        email=email,
        started_on=started_on,
        is_lead_professional=is_lead_professional,
        assessment_under_way=assessment_under_way,
        consent_recorded=consent_recorded,
        recorded_by=by,
    )
    involvement.full_clean()
    if involvement.is_sensitive and not consent_recorded:
        raise ValidationError(
            {
                "consent_recorded": "Record a sensitive service only with the consent of the child "
                "or family."
            }
        )
    involvement.save()
    return involvement


@transaction.atomic
def involvement_end(*, involvement: ServiceInvolvement, by, ended_on: date) -> ServiceInvolvement:
    """End an involvement. Only the practitioner who recorded it may end it."""
    if involvement.recorded_by_id != by.pk:
        raise PermissionDenied("Only the practitioner who recorded an involvement may end it.")
    if involvement.ended_on is not None:
        raise ValidationError({"ended_on": "This involvement has already ended."})
    if ended_on < involvement.started_on:
        raise ValidationError({"ended_on": "The end date must be on or after the start date."})
    involvement.ended_on = ended_on
    involvement.save(update_fields=["ended_on"])
    return involvement

"""Writes to the registry."""

from datetime import date

from django.db import IntegrityError, transaction

from registry.contactpoint_id import contactpoint_id_generate
from registry.models import Child, LocalAuthority

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

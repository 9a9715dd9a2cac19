"""A new identity for a child, after adoption or for witness protection: the old record is sealed, a
new one is made, and the only record that they are one child is an identity link nobody sees.

- The old record is sealed: no practitioner can find or open it, and it keeps everything it held
  (birth name, old address, old identifiers), so that feed records carrying the old identity
  still match it and are held for its management team. A sealed record is always shielded, so
  that the database, too, shows its hidden rows only to that team and to the matcher.
- The new record has a fresh ContactPoint ID, the new names, and none of the old contact data:
  its new address, school and GP come from feeds, as any child's do. It is always shielded (see
  `new_identity_make`).
- The link (shielding.models.IdentityLink) is written on the management path only, under row-level
  security that a user's clearance does not reach.

Nothing a user can read joins the two. The audit trail records the sealing, naming the sealed
record only (RECORD_SEALED); the change history records the sealed record's change of status.
The new record's creation and its shield are written with the change history off and no event:
anything naming the new record at that moment, whatever request ID it carried, would put the two
side by side by its time. The link row itself records who made the new identity, and when.
"""

import datetime

from auditlog.context import disable_auditlog
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from registry.models import Child, LocalAuthority
from registry.services import child_create
from shielding.clearance import may_manage_shielding
from shielding.database_scope import shield_management_scope
from shielding.models import IdentityLink, ShieldingOrder
from shielding.new_identity_notifications import new_identity_arrival_notify
from shielding.new_identity_rules import birth_identity_finds, old_identity_named
from shielding.services import shield_create, shielding_order_save
from shielding.signals import record_sealed

SEALED_SHIELD_JUSTIFICATION = (
    "A sealed record: an old identity, kept only so that feed records carrying it are held."
)
# An order needs a review date. A sealed record's shield is not offered for review or ending (the
# team's pages leave it out): it lasts as long as the record, which retention purges in its turn.
SEALED_SHIELD_REVIEW_AFTER = datetime.timedelta(days=365)
NOT_FOUND_BY_BIRTH_IDENTITY = (
    "A search by the child's old names and date of birth would find these: choose names unlike "
    "the old ones"
)
OLD_IDENTITY_IN_TEXT = (
    "Do not name the old identity (an old name or the old ContactPoint ID): this text stays with "
    "the new record"
)


@transaction.atomic
def new_identity_make(
    *,
    child: Child,
    by,
    given_names: str,
    family_name: str,
    gender: str,
    date_of_birth: datetime.date,
    reason: str,
    justification: str,
    review_due_on: datetime.date,
    responsible_local_authority: LocalAuthority | None = None,
) -> Child:
    """Seal `child` and make its new identity; return the new record.

    Only the management team of the child's responsible authority may, and only for an active
    record. The new record is in the same authority unless the team names another. It is always
    shielded, with the team's `reason`, `justification` and review date: a new identity exists
    because someone who knows the old one must not find the child, and what they would look for
    (where the child lives now, the new school, the new carers) is the hidden data a shield hides.
    """
    if not may_manage_shielding(user=by, local_authority=child.responsible_local_authority):
        raise PermissionDenied("Only the child's local-authority management team may do this.")
    old = _open_record_lock(child)
    authority = responsible_local_authority or old.responsible_local_authority
    _new_identity_check(
        old=old,
        reason=reason,
        given_names=given_names,
        family_name=family_name,
        date_of_birth=date_of_birth,
        justification=justification,
        review_due_on=review_due_on,
    )
    _seal(old, by=by, reason=reason)
    new_child = _new_record_make(
        old=old,
        by=by,
        authority=authority,
        shield={"reason": reason, "justification": justification, "review_due_on": review_due_on},
        given_names=given_names,
        family_name=family_name,
        date_of_birth=date_of_birth,
        gender=gender,
    )
    if authority.pk != old.responsible_local_authority_id:
        new_identity_arrival_notify(new_child=new_child, by=by)
    return new_child


def _new_record_make(
    *, old: Child, by, authority: LocalAuthority, shield: dict, **identity
) -> Child:
    """The new record, its shield and the link, with the change history off (see the module)."""
    with disable_auditlog():
        new_child = child_create(responsible_local_authority=authority, **identity)
        # Not `shield_create`: its signal would write an event naming the new record in the
        # transaction that sealed the old one.
        shielding_order_save(child=new_child, by=by, **shield)
        with shield_management_scope():
            IdentityLink.objects.create(
                sealed_child=old, new_child=new_child, reason=shield["reason"], made_by=by
            )
    return new_child


def _open_record_lock(child: Child) -> Child:
    """The child's row, locked for the rest of the transaction; it must still be active.

    Read without a user (`unscoped_objects`): the caller's access was checked, and the lock must
    see the row as it is now, whoever else is changing it.
    """
    old = (
        Child.unscoped_objects.select_for_update()
        .select_related("responsible_local_authority")
        .get(pk=child.pk)
    )
    if old.status != Child.Status.ACTIVE:
        raise ValidationError("Only an active record can be given a new identity.")
    return old


def _new_identity_check(
    *, old: Child, reason, given_names, family_name, date_of_birth, justification, review_due_on
) -> None:
    identity = {"given_names": given_names, "family_name": family_name}
    errors = _identity_errors(old=old, date_of_birth=date_of_birth, **identity)
    if reason not in ShieldingOrder.Reason.values:
        errors["reason"] = "Select why the child needs a new identity"
    if not justification.strip():
        errors["justification"] = "Enter the justification for the new record's shield"
    elif old_identity_named(text=justification, old=old, **identity):
        errors["justification"] = OLD_IDENTITY_IN_TEXT
    if review_due_on <= timezone.localdate():
        errors["review_due_on"] = "The review date must be in the future"
    if errors:
        raise ValidationError(errors)


def _identity_errors(*, old: Child, given_names, family_name, date_of_birth) -> dict[str, str]:
    errors = {}
    if not given_names.strip():
        errors["given_names"] = "Enter the new given names"
    if not family_name.strip():
        errors["family_name"] = "Enter the new family name"
    if date_of_birth > timezone.localdate():
        errors["date_of_birth"] = "The date of birth must be today or in the past"
    if not errors and birth_identity_finds(
        old=old, given_names=given_names, family_name=family_name, date_of_birth=date_of_birth
    ):
        errors["family_name"] = NOT_FOUND_BY_BIRTH_IDENTITY
    return errors


def _seal(old: Child, *, by, reason: str) -> None:
    """Seal the old record, and shield it if it was not: its hidden rows stay the team's alone."""
    old.status = Child.Status.SEALED
    old.sealed_at = timezone.now()
    old.save(update_fields=["status", "sealed_at", "updated_at"])
    if not ShieldingOrder.objects.filter(child=old, active=True).exists():
        shield_create(
            child=old,
            by=by,
            reason=reason,
            justification=SEALED_SHIELD_JUSTIFICATION,
            review_due_on=timezone.localdate() + SEALED_SHIELD_REVIEW_AFTER,
        )
    record_sealed.send(sender=Child, child=old, by=by)


def identity_links_delete(*, instance: Child, **_kwargs) -> None:
    """`pre_delete` receiver of Child: a record purged takes its identity link with it.

    The link's row is invisible outside the management path, so the deletion that removes a child
    could not find it, and its foreign key would refuse the child's deletion at commit.
    """
    with disable_auditlog(), shield_management_scope():
        IdentityLink.objects.filter(Q(sealed_child=instance) | Q(new_child=instance)).delete()

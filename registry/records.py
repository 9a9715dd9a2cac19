"""Reading one child's record: every section of contact data the reader may see, in one place."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Q

from registry.contactpoint_id import contactpoint_id_normalise
from registry.models import (
    Address,
    Carer,
    Child,
    ExternalIdentifier,
    GPRegistration,
    ServiceInvolvement,
    SettingEnrolment,
)
from registry.shielding_policy import Redaction, shielding_policy

RECORD_SECTIONS = ("address", "carers", "setting", "gp", "services", "identifiers")


@dataclass
class ChildRecord:
    """A child and the contact data shown with them. Empty sections are simply empty."""

    child: Child
    addresses: list[Address] = field(default_factory=list)
    carers: list[Carer] = field(default_factory=list)
    enrolments: list[SettingEnrolment] = field(default_factory=list)
    gp_registrations: list[GPRegistration] = field(default_factory=list)
    involvements: list[ServiceInvolvement] = field(default_factory=list)
    identifiers: list[ExternalIdentifier] = field(default_factory=list)
    sections_shown: tuple[str, ...] = RECORD_SECTIONS
    # Set when the child is shielded from the reader: every section is then withheld.
    redaction: Redaction | None = None


def child_access(*, user, purpose: str, contactpoint_id: str) -> Child:
    """The child with this ID if `user` may see it; otherwise Child.DoesNotExist, as if absent."""
    try:
        digits = contactpoint_id_normalise(contactpoint_id)
    except ValidationError as error:  # a malformed ID names no child
        raise Child.DoesNotExist from error
    return (
        Child.objects.visible_to(user, purpose=purpose)
        .select_related("responsible_local_authority")
        .get(contactpoint_id=digits, status__in=Child.OPEN_STATUSES)
    )


def child_record_get(*, user, purpose: str, contactpoint_id: str, override=None) -> ChildRecord:
    """The whole record: identity, then each section of contact data, read through the chokepoint.

    A child shielded from the reader comes back with identity only and the redaction that says
    who brokers contact; `override` (a recorded emergency override) lifts that for one view.
    """
    child = child_access(user=user, purpose=purpose, contactpoint_id=contactpoint_id)
    return child_record_read(user=user, purpose=purpose, child=child, override=override)


def child_record_read(*, user, purpose: str, child: Child, override=None) -> ChildRecord:
    """The record of a child the caller has already given `user` access to (child_access, or an
    archived record's own access rule), section by section through the chokepoint.

    `override` is a recorded lifting of the shield for its own user and one child, for one view:
    an emergency override, or a lawful-access officer's stated basis for reading an archive.
    """
    redaction = shielding_policy().child_redaction(user=user, child=child, override=override)
    if redaction is not None:
        return ChildRecord(child=child, sections_shown=(), redaction=redaction)

    def section(model, *related):
        queryset = model.objects.visible_to(user, purpose=purpose, override=override)
        queryset = queryset.filter(child=child)
        return list(queryset.select_related(*related).order_by("-recorded_at", "-pk"))

    open_rows = Q(ended_on__isnull=True)
    return ChildRecord(
        child=child,
        addresses=section(Address),
        carers=[carer for carer in section(Carer) if carer.ended_on is None],
        enrolments=[row for row in section(SettingEnrolment, "setting") if row.ended_on is None],
        gp_registrations=[
            row for row in section(GPRegistration, "practice") if row.ended_on is None
        ],
        involvements=list(
            ServiceInvolvement.objects.visible_to(user, purpose=purpose, override=override)
            .filter(open_rows, child=child)
            .select_related("recorded_by")
            .order_by("-is_lead_professional", "started_on")
        ),
        identifiers=section(ExternalIdentifier),
    )

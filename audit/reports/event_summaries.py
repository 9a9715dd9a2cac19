"""How an event reads in a report and in the export: who, what, why, and the children it names.

Two rules keep a shielded child's hidden data out of every report:

- Children are named only through the chokepoint for the reader (selectors.children_identified);
  any other child the event refers to is shown as "withheld".
- A search's criteria are shown with their values only for the fields everyone may see (names,
  date of birth, ContactPoint ID). A hidden field that was searched on (a postcode, an NHS number)
  is named, but its value is not shown: what a user typed could be a shielded child's postcode,
  and whether it is cannot be checked without revealing that it is.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from audit.models import AccessEvent
from audit.reports.selectors import children_identified
from registry.models import Child
from registry.purposes import AccessPurpose

WITHHELD = "withheld"
# Who an event without a user is: a failed sign-in under a name that matches nobody, or else
# ContactPoint itself (a feed moving a child, the nightly retention run).
AUTOMATIC = "ContactPoint (automatic)"
UNKNOWN_USER_KINDS = frozenset(
    {AccessEvent.Kind.SIGN_IN_FAILED, AccessEvent.Kind.SECOND_FACTOR_FAILED}
)
CRITERIA_SHOWN = {
    "given_names": "Given names",
    "family_name": "Family name",
    "date_of_birth": "Date of birth",
    "contactpoint_id": "ContactPoint ID",
}
CRITERIA_NAMED_ONLY = {"postcode": "Postcode", "nhs_number": "NHS number"}
_CRITERIA_ORDER = [*CRITERIA_SHOWN, *CRITERIA_NAMED_ONLY]
SECTION_LABELS = {
    "address": "address",
    "carers": "parents and carers",
    "setting": "school or setting",
    "gp": "GP practice",
    "services": "services",
    "identifiers": "identifiers",
}
REPORT_LABELS = {
    "child_access": "Who has looked at this child",
    "user_activity": "User activity",
    "event_search": "Search of all events",
    "event_export": "Export of events",
}


@dataclass(frozen=True)
class ChildReference:
    """A child an event refers to, as the reader may see it: `child` is None when withheld."""

    child: Child | None

    def __str__(self) -> str:
        if self.child is None:
            return WITHHELD
        return f"{self.child.given_names} {self.child.family_name} ({self.child.display_id})"


@dataclass
class EventRow:
    event: AccessEvent
    children: list[ChildReference] = field(default_factory=list)

    @property
    def who(self) -> str:
        user = self.event.user
        if user is None:
            return "Unknown user" if self.event.kind in UNKNOWN_USER_KINDS else AUTOMATIC
        return user.get_full_name() or user.username

    @property
    def role(self) -> str:
        return self.event.user.get_role_display() if self.event.user else ""

    @property
    def organisation(self) -> str:
        return self.event.organisation.name if self.event.organisation else ""

    @property
    def purpose(self) -> str:
        purpose = self.event.purpose
        return AccessPurpose(purpose).label if purpose in AccessPurpose.values else purpose

    @property
    def child_count(self) -> int:
        return len(self.event.child_ids)

    @property
    def criteria(self) -> list[str]:
        return criteria_summary(self.event.criteria)

    @property
    def details(self) -> list[str]:
        return details_summary(self.event.details)


def event_rows(*, user, events: Iterable[AccessEvent], identify_children: bool) -> list[EventRow]:
    """The events as `user` may read them; with `identify_children`, each names its children."""
    events = list(events)
    if not identify_children:
        return [EventRow(event=event) for event in events]
    identified = children_identified(
        user=user, child_ids=(pk for event in events for pk in event.child_ids)
    )
    return [
        EventRow(event=event, children=child_references(event.child_ids, identified))
        for event in events
    ]


def child_references(
    child_ids: Iterable[int], identified: dict[int, Child]
) -> list[ChildReference]:
    return [ChildReference(identified.get(pk)) for pk in child_ids]


def criteria_summary(criteria: dict) -> list[str]:
    """One line per criterion, in the search form's order (the database keeps no order)."""
    lines = []
    for name, value in sorted(criteria.items(), key=_criterion_order):
        if name in CRITERIA_SHOWN:
            lines.append(f"{CRITERIA_SHOWN[name]}: {value}")
        else:
            label = CRITERIA_NAMED_ONLY.get(name) or _label(name)
            lines.append(f"{label} (value not shown)")
    return lines


def _criterion_order(item) -> tuple[int, str]:
    name = item[0]
    return (_CRITERIA_ORDER.index(name) if name in _CRITERIA_ORDER else len(_CRITERIA_ORDER), name)


def details_summary(details: dict) -> list[str]:
    lines = []
    for name, value in details.items():
        formatter = _DETAIL_LINES.get(name)
        line = formatter(value) if formatter else _generic(name, value)
        if line:
            lines.append(line)
    return lines


def _label(name: str) -> str:
    return str(name).replace("_", " ").capitalize()


def _text(value) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict):
        return ", ".join(f"{_label(key).lower()} {_text(item)}" for key, item in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(_text(item) for item in value)
    return str(value)


def _generic(name: str, value) -> str:
    return f"{_label(name)}: {_text(value)}"


def _sections(value) -> str:
    shown = [SECTION_LABELS.get(section, section) for section in value or []]
    return f"Sections shown: {', '.join(shown)}" if shown else "No section of contact data shown"


_DETAIL_LINES: dict[str, Callable[[object], str | None]] = {
    "too_many": lambda value: "Too many matches: no child was shown" if value else None,
    "sections": _sections,
    "redacted": lambda value: "Redacted: the child is shielded from this user" if value else None,
    "override": lambda value: f"Under emergency override {value}",
    "staged_record": lambda value: f"Feed record {value}",
    "held": lambda value: "Held for the management team" if value else None,
    "order": lambda value: f"Shielding order {value}",
    "username": lambda value: f"Username entered: {value}",
    "device": lambda value: f"Second factor: {value}",
    "scope": lambda value: f"Throttle: {value}",
    "view": lambda value: f"Page or call: {value}" if value else None,
    "report": lambda value: f"Report: {REPORT_LABELS.get(value, value)}",
    "subject_user": lambda value: f"About user {value}",
    "filters": lambda value: f"Filters: {_text(value)}" if value else "No filters",
    "page": lambda value: f"Page {value}",
    "rows": lambda value: f"Rows: {value}",
    "last_event": lambda value: f"Up to event {value}" if value else None,
}

"""A new identity in the leak crawl's world: a marked child given a new identity by its team, and a
feed record carrying the birth identity, held for the team.

The old identity is marked too: its birth names and ContactPoint ID, besides its hidden rows' usual
markers. A response may show them only to the sealed record's team, and only where the team does
its work on the record: its list of sealed records, and a held feed record's page. No response,
to anyone, the team included, may show any of them beside the new identity's ContactPoint ID:
that would be the link the 2009 adoptions suffered.
"""

import datetime
from dataclasses import dataclass, field, replace

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from ingest.models import Batch, Feed, Outcome, TrustedField
from registry.models import Child
from shielding.database_scope import matching_scope
from shielding.models import ShieldingOrder
from shielding.new_identity import new_identity_make
from tests.shielding.leak_crawl import admin_model_label
from tests.shielding.leak_detection import Leak, LeakDetector, _contains
from tests.shielding.markers import MARKER_OUTWARD_CODES, MarkedChild, Marker, marked_child_create
from tests.shielding.staged_records import _content, _marked_record, _staged

BIRTH_GIVEN_NAMES = "Quenella"
BIRTH_FAMILY_NAME = "Birthwhistle"
NEW_GIVEN_NAMES = "Wrenna"
NEW_FAMILY_NAME = "Newhallow"
# Where the team works on a sealed record: its list shows the old identity, and a held feed
# record's page shows the record as received beside the sealed record, hidden values and all.
SEALED_LIST_PATH = "/shielding/sealed/"
HELD_RECORD_PATHS = "/feeds/records/"
LINK = "link: the old identity beside the new ContactPoint ID"


@dataclass
class NewIdentityPair:
    """The sealed birth record (a marked child), its new identity, and the held feed record."""

    sealed: MarkedChild
    new_child: Child
    held_staged_record_id: int
    row_ids: dict[str, list[int]] = field(default_factory=dict)

    @property
    def identity_markers(self) -> list[Marker]:
        """The birth identity: what a sealed record shows, and only to its team."""
        child = self.sealed.child
        return [
            Marker("old_identity.given_names", BIRTH_GIVEN_NAMES, (BIRTH_GIVEN_NAMES,)),
            Marker("old_identity.family_name", BIRTH_FAMILY_NAME, (BIRTH_FAMILY_NAME,)),
            Marker(
                "old_identity.contactpoint_id",
                child.contactpoint_id,
                (child.contactpoint_id, child.display_id),
            ),
        ]

    @property
    def old_markers(self) -> list[Marker]:
        """The birth identity and the sealed record's hidden values, renamed as the old record's."""
        hidden = [
            replace(marker, field=f"old_record.{marker.field}")
            for marker in self.sealed.markers.values()
        ]
        return self.identity_markers + hidden

    def sealed_record_entry_ids(self) -> list[int]:
        """The change-history entries of the sealed record itself, which name the old identity."""
        entries = LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Child), object_id=self.sealed.child.pk
        )
        return list(entries.order_by("pk").values_list("pk", flat=True))

    @property
    def new_id_spellings(self) -> tuple[str, str]:
        return (self.new_child.contactpoint_id, self.new_child.display_id)

    @property
    def contactpoint_ids(self) -> list[str]:
        return [self.sealed.child.contactpoint_id, self.new_child.contactpoint_id]

    def birth_identity_searches(self, purpose: str) -> list[dict]:
        """Practitioners' searches by the birth identity, in the web search form's fields."""
        born = self.sealed.child.date_of_birth
        dob = {"dob_day": str(born.day), "dob_month": str(born.month), "dob_year": str(born.year)}
        names = {"given_names": BIRTH_GIVEN_NAMES, "family_name": BIRTH_FAMILY_NAME}
        return [
            {"purpose": purpose, **names, **dob},
            {"purpose": purpose, **names, "dob_year": str(born.year)},
            {"purpose": purpose, "given_names": BIRTH_GIVEN_NAMES, **dob}
            | {"postcode": self.sealed.postcode},
            {"purpose": purpose, "nhs_number": self.sealed.nhs_number},
        ]


def new_identity_pair_create(*, local_authority, manager) -> NewIdentityPair:
    """A marked child of `local_authority`, given a new identity by `manager`'s team."""
    sealed = marked_child_create(
        local_authority=local_authority,
        given_names=BIRTH_GIVEN_NAMES,
        family_name=BIRTH_FAMILY_NAME,
        outward_code=MARKER_OUTWARD_CODES[0],
    )
    new_child = new_identity_make(
        child=sealed.child,
        by=manager,
        given_names=NEW_GIVEN_NAMES,
        family_name=NEW_FAMILY_NAME,
        gender=sealed.child.gender,
        date_of_birth=sealed.child.date_of_birth,
        reason=ShieldingOrder.Reason.ADOPTION_PLACEMENT,
        justification="Placed for adoption by order of the family court.",
        review_due_on=timezone.localdate() + datetime.timedelta(days=180),
    )
    held_id = _held_birth_record_create(sealed)
    row_ids = {label: list(ids) for label, ids in sealed.row_ids.items()}
    row_ids["registry.child"] = [sealed.child.pk, new_child.pk]
    row_ids["ingest.stagedrecord"] = [held_id]
    row_ids["shielding.shieldingorder"] = list(
        ShieldingOrder.objects.filter(child__in=[sealed.child, new_child]).values_list(
            "pk", flat=True
        )
    )
    return NewIdentityPair(
        sealed=sealed, new_child=new_child, held_staged_record_id=held_id, row_ids=row_ids
    )


def _held_birth_record_create(sealed: MarkedChild) -> int:
    """A births feed's record carrying the whole birth identity, held for the sealed record."""
    with transaction.atomic(), matching_scope():
        feed = Feed.objects.create(
            code="crawl-births",
            name="Crawl births",
            scope=Feed.Scope.NATIONAL,
            trusted_fields=[TrustedField.ADDRESS],
        )
        batch = Batch.objects.create(
            feed=feed, file_name="births.csv", sha256="b" * 64, status=Batch.Status.COMPLETED,
            total_records=1, processed_records=1, held=1,
        )  # fmt: skip
        held = _staged(batch, 1, "CRAWL-BIRTH-1", Outcome.HELD)
        _content(held, _marked_record(sealed, "CRAWL-BIRTH-1"), child=sealed.child,
                 disclosed=False, held_for_id=sealed.child.responsible_local_authority_id)  # fmt: skip
    return held.pk


class NewIdentityLeakDetector(LeakDetector):
    """The crawl's detector, with the new identity's rules on top of the shielding ones.

    `team_cleared`: the reader is in the sealed record's management team.
    """

    def __init__(self, *, pair: NewIdentityPair | None, team_cleared: bool, **kwargs):
        super().__init__(**kwargs)
        self.pair = pair
        self.team_cleared = team_cleared
        self.old_identity_sightings: set[str] = set()
        self._typed_text = ""
        self._typed_before = ""

    def request(self, client, method: str, path: str, data=None, **kwargs):
        # What the reader typed: the old ContactPoint ID in a URL is echoed in a redirect's
        # Location and the request's own log line, exactly as an ID that names no child.
        typed = repr(data) if data else ""
        self._typed_text = path + typed
        try:
            return super().request(client, method, path, data, **kwargs)
        finally:
            self._typed_before += typed

    def _check(self, where: tuple[str, str], channel: str, text: str, permitted) -> None:
        super()._check(where, channel, text, permitted)
        if self.pair is None:
            return
        seen = [marker for marker in self.pair.old_markers if _contains(text, marker)]
        if not seen:
            return
        # An audit report repeats what the reader searched for earlier (the birth names): that
        # echo is the reader's own, and ties nothing. Typed into this request, it counts: a
        # search by the birth names that showed the new identity would be the link itself.
        echoed = [marker for marker in seen if self._echoed(marker)]
        new_id_shown = any(spelling in text for spelling in self.pair.new_id_spellings)
        if new_id_shown and len(echoed) < len(seen):
            self.report.leaks.append(Leak(self.report.reader, *where, channel, LINK))
        for marker in seen:
            if self._old_marker_permitted(marker, channel, where[1]):
                continue
            self.report.leaks.append(Leak(self.report.reader, *where, channel, marker.field))

    def _echoed(self, marker: Marker) -> bool:
        typed_now = _contains(self._typed_text, marker)
        return _contains(self._typed_before, marker) and not typed_now

    def _old_marker_permitted(self, marker: Marker, channel: str, path: str) -> bool:
        if channel == "email":
            return False
        if _contains(self._typed_text, marker) or self._echoed(marker):
            return True
        register = admin_model_label(path.lstrip("/"))
        if marker.public_register is not None and marker.public_register == register:
            return True  # a school's or practice's name on its own register's admin pages
        if channel != "body":
            return False
        if not self.team_cleared:
            return False
        identity = marker in self.pair.identity_markers
        if path.startswith(HELD_RECORD_PATHS) or (identity and path.startswith(SEALED_LIST_PATH)):
            self.old_identity_sightings.add(marker.field)
            return True
        return False

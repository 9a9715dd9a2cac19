"""A small world for pipeline tests: an authority with postcode districts, a school, a GP practice,
a feed, children already in the index, and feed files written in the spec's CSV format."""

import datetime
import io
from dataclasses import dataclass

from ingest.models import Batch, Feed, TrustedField
from ingest.pipeline import chunk_process, first_waiting_chunk
from ingest.staging import BatchReceipt, batch_receive
from registry.models import EducationalSetting, GPPractice, LocalAuthority, PostcodeDistrict
from tests.factories import AddressFactory, CarerFactory, ChildFactory, LocalAuthorityFactory
from tests.ingest.feed_files import csv_bytes


@dataclass
class PipelineWorld:
    local_authority: LocalAuthority
    other_authority: LocalAuthority
    school: EducationalSetting
    other_school: EducationalSetting
    practice: GPPractice
    other_practice: GPPractice


def pipeline_world_build() -> PipelineWorld:
    leeds = LocalAuthorityFactory(code="383", name="Leeds")
    bradford = LocalAuthorityFactory(code="380", name="Bradford")
    PostcodeDistrict.objects.create(outward_code="LS6", local_authority=leeds)
    PostcodeDistrict.objects.create(outward_code="LS7", local_authority=leeds)
    PostcodeDistrict.objects.create(outward_code="BD1", local_authority=bradford)
    return PipelineWorld(
        local_authority=leeds,
        other_authority=bradford,
        school=EducationalSetting.objects.create(
            urn="107000", name="Acacia Primary", local_authority=leeds
        ),
        other_school=EducationalSetting.objects.create(
            urn="107001", name="Beech Primary", local_authority=leeds
        ),
        practice=GPPractice.objects.create(ods_code="B86001", name="Headingley Surgery"),
        other_practice=GPPractice.objects.create(ods_code="B86002", name="Chapel Surgery"),
    )


def feed_create(*, code: str = "child-benefit", trusted=None, **fields) -> Feed:
    trusted = (
        [TrustedField.ADDRESS, TrustedField.CARERS, TrustedField.NHS_NUMBER]
        if trusted is None
        else trusted
    )
    return Feed.objects.create(
        code=code,
        name=code.replace("-", " ").title(),
        scope="national",
        trusted_fields=trusted,
        **fields,
    )


AMELIA = {
    "given_names": "Amelia Rose",
    "family_name": "O'Neill",
    "date_of_birth": "2016-03-09",
    "gender": "F",
    "address_line_1": "12 Acacia Avenue",
    "town": "Leeds",
    "postcode": "LS6 2AB",
    "nhs_number": "9434765919",
    "carer_given_names": "Siobhan",
    "carer_family_name": "O'Neill",
    "carer_relationship": "mother",
}


# Possibly Amelia, not certainly: one given name, a typing error in the family name, day and month
# swapped, no NHS number or carer, and an address in another authority. The shield guard holds it
# when she is shielded.
POSSIBLY_AMELIA = {
    **AMELIA,
    "record_id": "CB-77",
    "given_names": "Amelia",
    "family_name": "O'Neil",
    "date_of_birth": "2016-09-03",
    "nhs_number": "",
    "carer_given_names": "",
    "carer_family_name": "",
    "carer_relationship": "",
    "address_line_1": "9 Refuge Row",
    "postcode": "BD1 1AA",
    "town": "Bradford",
}


def child_shield(child, *, by):
    """Shield `child` as its management team (`by`) would, for 90 days."""
    from shielding.models import ShieldingOrder
    from shielding.services import shield_create

    return shield_create(
        child=child,
        by=by,
        reason=ShieldingOrder.Reason.FLEEING_ABUSE,
        justification="Fleeing abuse.",
        review_due_on=datetime.date.today() + datetime.timedelta(days=90),
    )


def indexed_child_create(*, local_authority, **overrides):
    """A child in the index with the address, carer and NHS number of AMELIA (or overrides)."""
    values = {**AMELIA, **overrides}
    child = ChildFactory(
        given_names=values["given_names"],
        family_name=values["family_name"],
        date_of_birth=datetime.date.fromisoformat(values["date_of_birth"]),
        gender=values["gender"],
        responsible_local_authority=local_authority,
    )
    AddressFactory(
        child=child,
        line_1=values["address_line_1"],
        town=values["town"],
        postcode=values["postcode"],
        local_authority=local_authority,
    )
    CarerFactory(
        child=child,
        given_names=values["carer_given_names"],
        family_name=values["carer_family_name"],
    )
    return child


def file_receive(*, feed: Feed, records: list[dict], name: str = "batch.csv") -> BatchReceipt:
    return batch_receive(feed=feed, stream=io.BytesIO(csv_bytes(records)), file_name=name)


def batch_run(batch: Batch) -> Batch:
    """Process every waiting chunk in this process, as the chain of tasks would; return it fresh."""
    while (chunk_number := first_waiting_chunk(batch_id=batch.pk)) is not None:
        if chunk_process(batch_id=batch.pk, chunk_number=chunk_number).processed == 0:
            break
    batch.refresh_from_db()
    return batch

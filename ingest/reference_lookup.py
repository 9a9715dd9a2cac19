"""The reference data a chunk's records point at, loaded once per chunk: postcode districts,
schools and GP practices, by the codes the records carry."""

from collections.abc import Sequence
from dataclasses import dataclass

from ingest.records import FeedRecord
from registry.models import EducationalSetting, GPPractice, PostcodeDistrict


@dataclass(frozen=True)
class ReferenceLookup:
    authority_by_outward_code: dict[str, int]
    setting_by_urn: dict[str, tuple[int, int]]  # URN -> (setting id, its local authority id)
    practice_by_ods_code: dict[str, int]

    @classmethod
    def for_records(cls, records: Sequence[FeedRecord]) -> "ReferenceLookup":
        outward_codes = {record.postcode.split(" ")[0] for record in records if record.postcode}
        urns = {record.school_urn for record in records if record.school_urn}
        ods_codes = {record.gp_ods_code for record in records if record.gp_ods_code}
        return cls(
            authority_by_outward_code=dict(
                PostcodeDistrict.objects.filter(outward_code__in=outward_codes).values_list(
                    "outward_code", "local_authority_id"
                )
            ),
            setting_by_urn={
                urn: (setting_id, authority_id)
                for urn, setting_id, authority_id in EducationalSetting.objects.filter(
                    urn__in=urns
                ).values_list("urn", "id", "local_authority_id")
            },
            practice_by_ods_code=dict(
                GPPractice.objects.filter(ods_code__in=ods_codes).values_list("ods_code", "id")
            ),
        )

    def address_authority_id(self, record: FeedRecord) -> int | None:
        if not record.postcode:
            return None
        return self.authority_by_outward_code.get(record.postcode.split(" ")[0])

    def responsible_authority_id(self, record: FeedRecord, *, feed_authority_id: int | None):
        """Who is responsible for a new child: where it lives, else its school's authority, else
        a local feed's own authority. None when nothing says (a person then decides)."""
        if (authority_id := self.address_authority_id(record)) is not None:
            return authority_id
        if record.school_urn in self.setting_by_urn:
            return self.setting_by_urn[record.school_urn][1]
        return feed_authority_id

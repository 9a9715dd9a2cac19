"""Shielding follows the child into the review queue.

A record goes to review with the candidates it might be, none of them shielded (the shield guard
holds those). If one of them is shielded afterwards, the record, which may carry that child's
address, becomes a held record of the child's management team: data-quality staff and other
teams lose sight of it, as they lose sight of the child's own hidden data.
"""

from ingest.models import Outcome, StagedRecordContent
from shielding.database_scope import matching_scope


def review_records_hold_for_shielded_child(*, child, **_kwargs) -> int:
    """`child_shielded` receiver: hold every open review record that names `child`."""
    with matching_scope():
        return StagedRecordContent.objects.filter(
            staged_record__outcome=Outcome.REVIEW,
            staged_record__resolution__isnull=True,
            held_for__isnull=True,
            candidates__contains=[{"child_id": child.pk}],
        ).update(held_for=child.responsible_local_authority_id, child=child, disclosed=False)

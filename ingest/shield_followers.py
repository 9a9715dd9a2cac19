"""Shielding follows the child into the review and held queues.

A record goes to review with the candidates it might be, none of them shielded (the shield guard
holds those). If one of them is shielded afterwards, the record, which may carry that child's
address, becomes a held record of the child's management team: data-quality staff and other
teams lose sight of it, as they lose sight of the child's own hidden data.

When a child moves to another authority, the records held for it go to the new authority's
team, which alone can now see the child's hidden data: those still waiting, for that team to
decide, and those settled, which hold what a feed said about the child (the record that brought
the new address among them). A record in review needs no move: who may review it is read from
its candidates' responsible authorities as they stand.
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


def held_records_follow_move(*, child, from_local_authority, to_local_authority, **_kwargs) -> int:
    """`child_moved` receiver: the records held for `child` go to the new authority's team."""
    with matching_scope():
        return StagedRecordContent.objects.filter(
            child=child, held_for=from_local_authority
        ).update(held_for=to_local_authority)

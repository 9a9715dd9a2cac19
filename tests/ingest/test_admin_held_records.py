"""A held record made by the real pipeline, as operations staff meet it in the admin and on the
command line: counted, and listed as "held", and nothing more. Not what the file said, not the
child the matcher guarded, not the authority it is held for (that would place the child)."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from ingest.models import Outcome
from tests.ingest.admin_world import operator_create
from tests.ingest.pipeline_world import (
    POSSIBLY_AMELIA,
    batch_run,
    child_shield,
    csv_bytes,
    feed_create,
    file_receive,
    indexed_child_create,
)
from tests.shielding.shielded_world import management_team_user_create

pytestmark = pytest.mark.django_db
VARIANT = POSSIBLY_AMELIA


@pytest.fixture
def shielded_child(world):
    child = indexed_child_create(local_authority=world.local_authority)
    child_shield(child, by=management_team_user_create(world.local_authority))
    return child


@pytest.fixture
def held_batch(shielded_child):
    batch = batch_run(file_receive(feed=feed_create(), records=[VARIANT]).batch)
    assert batch.records.get().outcome == Outcome.HELD
    return batch


def never_shown(shielded_child, world) -> list[str]:
    """What a page about the held record must not show."""
    return [
        "9 Refuge Row",
        "BD1 1AA",
        "ONeil",
        "Amelia",
        shielded_child.contactpoint_id,
        shielded_child.display_id,
        world.local_authority.name,
    ]


def test_no_admin_page_or_report_says_more_than_held(client_for, world, shielded_child, held_batch):
    client = client_for(operator_create())
    staged = held_batch.records.get()
    # Each page, and what it does show, so that an empty page cannot pass.
    pages = {
        reverse("admin:ingest_batch_changelist"): "Held 1",
        reverse("admin:ingest_batch_change", args=[held_batch.pk]): "<th scope='row'>Held</th>",
        f"{reverse('admin:ingest_stagedrecord_changelist')}?batch__id__exact={held_batch.pk}": (
            ">CB-77<"
        ),
        reverse("admin:ingest_stagedrecord_change", args=[staged.pk]): "CB-77",
        reverse("admin:ingest_feed_change", args=[held_batch.feed_id]): "Unresolved held records",
        reverse("admin:ingest_feed_resume", args=[held_batch.feed_id]): "<strong>1</strong> held",
    }
    for url, shown in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert shown in body, url
        assert [text for text in never_shown(shielded_child, world) if text in body] == [], url

    report = client.get(reverse("admin:ingest_batch_reconciliation", args=[held_batch.pk]))
    assert b"".join(report.streaming_content).decode().splitlines() == [
        "record_id,row,outcome,reason",
        "CB-77,1,held,",
    ]


def test_the_command_waits_for_a_processed_batch_and_counts_the_held_record(
    world, shielded_child, held_batch, tmp_path
):
    path = tmp_path / "batch.csv"
    path.write_bytes(csv_bytes([VARIANT]))
    out = io.StringIO()

    call_command("ingest_feed", "child-benefit", str(path), "--wait", stdout=out)

    lines = out.getvalue().splitlines()
    assert "Nothing was changed." in lines[0]
    assert lines[-1] == (
        f"Batch {held_batch.pk} completed: 0 matched, 0 created, 0 review, 1 held, 0 rejected, "
        "0 unchanged."
    )
    assert not [text for text in never_shown(shielded_child, world) if text in out.getvalue()]

"""A data-quality reviewer's journey in real headless Chromium: from the header to the possible
matches, the side-by-side comparison, and a decision."""

import pytest

from ingest.models import RecordResolution
from tests.browser.test_practitioner_journeys import sign_in_with_password
from tests.factories import TOTPDeviceFactory, totp_code_now
from tests.ingest.staged_world import MOVED, record_stage, staged_world_build

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_reviewer_compares_a_possible_match_and_says_it_is_the_same_child(page):
    world = staged_world_build()
    staged = record_stage(world, MOVED)
    device = TOTPDeviceFactory(user=world.data_quality)

    sign_in_with_password(page, world.data_quality.username)
    page.fill("#id_code", totp_code_now(device))
    page.click("button:has-text('Continue')")
    page.click("header a:has-text('Possible matches')")
    page.wait_for_selector("h1:has-text('Possible matches')")
    page.click(f"a:has-text('{MOVED['record_id']}')")
    page.wait_for_selector("h1:has-text('Possible match')")
    assert world.amelia.display_id in page.content()
    assert "9 Elm Road" in page.content()

    page.click(f"button:has-text('Same child'):has-text('{world.amelia.display_id}')")
    page.wait_for_selector("text=The record is applied to the child you chose.")
    resolution = RecordResolution.objects.get(staged_record=staged)
    assert (resolution.decision, resolution.child_id) == ("same_child", world.amelia.pk)

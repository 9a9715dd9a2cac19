"""A scripted scraper against the real API, with the production limits: it signs in for a token,
then searches and searches, by names and year of birth and by surname, birth date and postcode,
and opens every record it finds, as fast as it is let, waiting out each 429.

Before it has read 500 different children it must be throttled and flagged (an alert, its event,
and emails to the user's management team and the auditors), and at the hard limit it must be
suspended and then refused. Real PostgreSQL and Redis; the clock is moved on past each throttle
window rather than waited for.
"""

import datetime
import random
from dataclasses import dataclass, field

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from rest_framework.test import APIClient

from accounts.models import Organisation
from accounts.roles import Role
from audit.anomalies.areas import area_map_forget
from audit.models import AccessEvent, Alert, Suspension
from demo.population import population_seed
from registry.models import Address, Child
from shielding.clearance import management_team_join
from tests.factories import TEST_PASSWORD, TOTPDeviceFactory, UserFactory, totp_code_now

pytestmark = pytest.mark.django_db(transaction=True)
POPULATION = 800
READ_CEILING = 500
# A Wednesday morning in London, in working hours.
WEDNESDAY_MORNING = datetime.datetime(
    2026, 6, 3, 10, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=1))
)
THROTTLE_WINDOW = datetime.timedelta(seconds=61)
MAX_REQUESTS = 4000


@dataclass
class ScraperLog:
    """What the scraper did, and how far it had got when each thing happened to it."""

    read: set[str] = field(default_factory=set)
    requests: int = 0
    throttled: int = 0
    read_when_first_throttled: int | None = None
    read_when_flagged: int | None = None
    read_when_suspended: int | None = None
    refusal: dict | None = None


class Scraper:
    def __init__(self, client: APIClient, traveller, user):
        self.client = client
        self.traveller = traveller
        self.user = user
        self.log = ScraperLog()

    def call(self, send):
        """One call, waiting out a throttle (by moving the clock) and retrying; None once the
        account is refused outright."""
        while self.log.requests < MAX_REQUESTS:
            self.log.requests += 1
            response = send()
            self.notice()
            if response.status_code == 429:
                self.log.throttled += 1
                if self.log.read_when_first_throttled is None:
                    self.log.read_when_first_throttled = len(self.log.read)
                self.traveller.shift(THROTTLE_WINDOW)
                continue
            if response.status_code == 403:
                self.log.refusal = response.json()
                return None
            assert response.status_code == 200, response.content
            return response.json()
        raise AssertionError(f"the scraper was never stopped in {MAX_REQUESTS} requests")

    def notice(self) -> None:
        """Note how many children had been read when the flag and the suspension came."""
        if self.log.read_when_flagged is None and Alert.objects.filter(user=self.user).exists():
            self.log.read_when_flagged = len(self.log.read)
        if (
            self.log.read_when_suspended is None
            and Suspension.objects.filter(user=self.user).exists()
        ):
            self.log.read_when_suspended = len(self.log.read)

    def search(self, criteria: dict):
        return self.client.post("/api/v1/search/", {"purpose": "health", **criteria}, format="json")

    def record(self, contactpoint_id: str):
        return self.client.get(f"/api/v1/children/{contactpoint_id}/", {"purpose": "health"})

    def run(self, searches: list[dict]) -> ScraperLog:
        for criteria in searches:
            found = self.call(lambda criteria=criteria: self.search(criteria))
            if found is None:
                return self.log
            for result in found["results"]:
                contactpoint_id = result["child"]["contactpoint_id"]
                if contactpoint_id in self.log.read:
                    continue
                record = self.call(lambda cpid=contactpoint_id: self.record(cpid))
                if record is None:
                    return self.log
                self.log.read.add(contactpoint_id)
        raise AssertionError(f"the scraper ran out of searches after reading {len(self.log.read)}")


def scraper_searches(seed: int = 7) -> list[dict]:
    """What a scraper with a list of names and addresses would try: names with a year of birth,
    and surnames with a birth date and a postcode, in no useful order."""
    postcodes = dict(
        Address.unscoped_objects.filter(ended_on__isnull=True).values_list("child_id", "postcode")
    )
    searches = []
    rows = Child.unscoped_objects.values_list("pk", "given_names", "family_name", "date_of_birth")
    for number, (child_id, given_names, family_name, born) in enumerate(rows):
        if number % 2 and postcodes.get(child_id):
            searches.append(
                {
                    "family_name": family_name,
                    "date_of_birth": born.isoformat(),
                    "postcode": postcodes[child_id],
                }
            )
        else:
            searches.append(
                {
                    "given_names": given_names.split()[0],
                    "family_name": family_name,
                    "date_of_birth": str(born.year),
                }
            )
    random.Random(seed).shuffle(searches)
    return searches


@pytest.fixture
def index():
    area_map_forget()
    written = population_seed(
        children=POPULATION, seed=2009, reference_date=datetime.date(2026, 5, 1), batch_size=400
    )
    assert written["registry.Child"] == POPULATION
    yield
    area_map_forget()


@pytest.fixture
def people(index):
    leeds = Organisation.objects.get(code="LA-383")
    scraper = UserFactory(
        role=Role.PRACTITIONER, first_name="Sam", last_name="Scrape", organisation=leeds
    )
    manager = UserFactory(role=Role.LA_MANAGEMENT, organisation=leeds)
    management_team_join(user=manager)
    auditor = UserFactory(role=Role.AUDITOR, organisation=Organisation.objects.get(code="CP-AUDIT"))
    return scraper, manager, auditor


def token_for(client: APIClient, user) -> str:
    device = TOTPDeviceFactory(user=user)
    response = client.post(
        "/api/v1/token/",
        {"username": user.username, "password": TEST_PASSWORD, "otp_token": totp_code_now(device)},
        format="json",
    )
    assert response.status_code == 200, response.content
    return response.json()["token"]


def test_the_production_limits_stop_a_scraper_before_it_reads_500_children(people):
    scraper_user, manager, auditor = people
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    assert (rates["search"], rates["record"]) == ("60/minute", "120/minute")
    assert settings.SUSPEND_CHILDREN_PER_DAY < READ_CEILING

    with time_machine.travel(WEDNESDAY_MORNING, tick=True) as traveller:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(client, scraper_user)}")
        log = Scraper(client, traveller, scraper_user).run(scraper_searches())

        # Refused, and stays refused, with the same clear answer.
        assert set(log.refusal) == {"detail"} and "suspended" in log.refusal["detail"]
        again = client.post(
            "/api/v1/search/", {"purpose": "health", "family_name": "x"}, format="json"
        )
        assert again.status_code == 403 and again.json() == log.refusal

    # Throttled, flagged and suspended, each before 500 different children had been read.
    assert log.throttled > 0
    assert log.read_when_first_throttled < READ_CEILING
    assert log.read_when_flagged is not None and log.read_when_flagged < READ_CEILING
    assert log.read_when_suspended is not None and log.read_when_suspended < READ_CEILING
    assert len(log.read) < READ_CEILING
    assert (
        AccessEvent.objects.filter(user=scraper_user, kind=AccessEvent.Kind.THROTTLED).count()
        == log.throttled
    )

    rules = set(Alert.objects.filter(user=scraper_user).values_list("rule", flat=True))
    assert {"distinct_children", "volume", "out_of_area"} <= rules
    flagged = AccessEvent.objects.filter(user=scraper_user, kind=AccessEvent.Kind.ANOMALY_FLAGGED)
    assert {event.details["rule"] for event in flagged} == rules
    suspension = Suspension.objects.get(user=scraper_user)
    assert suspension.status == Suspension.Status.SUSPENDED
    assert suspension.limit == settings.SUSPEND_CHILDREN_PER_DAY <= suspension.count
    assert (
        AccessEvent.objects.filter(user=scraper_user, kind=AccessEvent.Kind.USER_SUSPENDED).count()
        == 1
    )

    # The team and the auditor were told who and why, and nothing about any child.
    to_manager = [message for message in mail.outbox if message.to == [manager.email]]
    to_auditor = [message for message in mail.outbox if message.to == [auditor.email]]
    for received in (to_manager, to_auditor):
        subjects = [message.subject for message in received]
        assert any("Unusual use" in subject and "Sam Scrape" in subject for subject in subjects)
        assert any("suspended" in subject and "Sam Scrape" in subject for subject in subjects)
    read_children = Child.unscoped_objects.filter(
        contactpoint_id__in=[cpid.replace("-", "") for cpid in log.read]
    )
    bodies = "\n".join(message.body for message in mail.outbox)
    for child in read_children:
        assert child.display_id not in bodies
        assert f"{child.given_names} {child.family_name}" not in bodies

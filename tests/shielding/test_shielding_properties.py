"""Shielding as a property: whatever happens to children, in whatever order (created, shielded,
unshielded, their hidden data changed, moved to another authority), a search or a record view never
shows a marker to a reader who may not see it, and always shows it to one who may.

The rule is stated once, independently of the app, in `markers.marker_visible`; the state machine
keeps its own record of which child is shielded and which authority is responsible for it.
"""

import datetime
import string
from dataclasses import dataclass, field

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, precondition, rule, run_state_machine_as_test

from accounts.roles import Role
from registry.models import Address, Carer, Child
from registry.purposes import AccessPurpose
from shielding.database_scope import user_scope
from shielding.models import ShieldingOrder
from shielding.services import shield_create, shield_end
from tests.factories import LocalAuthorityFactory, TOTPDeviceFactory, UserFactory
from tests.shielding.markers import (
    MARKER_OUTWARD_CODES,
    MarkedChild,
    Marker,
    marked_child_create,
    marker_values,
    marker_visible,
    next_marker_serial,
)
from tests.shielding.shielded_world import management_team_user_create

pytestmark = pytest.mark.django_db
PURPOSE = AccessPurpose.CHILD_PROTECTION
OUTWARD_CODE = MARKER_OUTWARD_CODES[0]
# The fields an update of hidden data gives new values.
UPDATED_FIELDS = ("address.line_1", "address.postcode", "carer.phone", "carer.email")
SEARCH_KINDS = ("names", "names_and_postcode", "nhs_number")
MACHINE_SETTINGS = hypothesis_settings(
    max_examples=30,
    stateful_step_count=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@dataclass
class Reader:
    label: str
    user: object
    client: Client
    team_of: int | None = None  # the authority (by index) whose management team they are in


@dataclass
class ChildState:
    """What the machine knows about one child: the oracle's inputs."""

    marked: MarkedChild
    authority: int
    order: ShieldingOrder | None = None
    retired: list[Marker] = field(default_factory=list)

    @property
    def markers(self) -> list[Marker]:
        return list(self.marked.markers.values())


def signed_in_client(user) -> Client:
    device = TOTPDeviceFactory(user=user)
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@dataclass
class Cast:
    """The authorities and readers every example shares (one test transaction holds them all)."""

    authorities: list
    managers: list
    readers: list[Reader]


@pytest.fixture
def cast() -> Cast:
    authorities = [LocalAuthorityFactory(), LocalAuthorityFactory()]
    managers = [management_team_user_create(authority) for authority in authorities]
    readers = [
        Reader(f"manager of authority {index}", manager, signed_in_client(manager), team_of=index)
        for index, manager in enumerate(managers)
    ]
    for role in (Role.PRACTITIONER, Role.CHILD_PROTECTION, Role.AUDITOR):
        user = UserFactory(role=role)
        readers.append(Reader(str(role), user, signed_in_client(user)))
    return Cast(authorities, managers, readers)


def family_name_for(number: int) -> str:
    letters = ""
    while True:
        number, digit = divmod(number, 26)
        letters += string.ascii_lowercase[digit]
        if not number:
            return "Marrow" + letters


class ShieldingMachine(RuleBasedStateMachine):
    def __init__(self, cast: Cast):
        super().__init__()
        self.cast = cast
        self.children: list[ChildState] = []

    # Writes.

    @rule(authority=st.sampled_from([0, 1]))
    def create(self, authority):
        marked = marked_child_create(
            local_authority=self.cast.authorities[authority],
            given_names="Elspeth",
            family_name=family_name_for(next_marker_serial()),
            outward_code=OUTWARD_CODE,
        )
        self.children.append(ChildState(marked=marked, authority=authority))

    @precondition(lambda self: self.children)
    @rule(pick=st.integers(min_value=0))
    def shield(self, pick):
        state = self._child(pick)
        if state.order is None:
            state.order = shield_create(
                child=self._fresh(state),
                by=self.cast.managers[state.authority],
                reason=ShieldingOrder.Reason.WITNESS_PROTECTION,
                justification="A witness in a criminal trial.",
                review_due_on=timezone.localdate() + datetime.timedelta(days=30),
            )

    @precondition(lambda self: self.children)
    @rule(pick=st.integers(min_value=0))
    def unshield(self, pick):
        state = self._child(pick)
        if state.order is not None:
            order = ShieldingOrder.objects.get(pk=state.order.pk)
            shield_end(
                order=order, by=self.cast.managers[state.authority], reason="Risk has passed."
            )
            state.order = None

    @precondition(lambda self: self.children)
    @rule(pick=st.integers(min_value=0))
    def update_hidden_data(self, pick):
        """New values for the address and the carer; the old ones must vanish from every page."""
        state = self._child(pick)
        fresh = marker_values(next_marker_serial(), OUTWARD_CODE)
        manager = self.cast.managers[state.authority]
        value = {name: fresh[name].value for name in UPDATED_FIELDS}
        with user_scope(manager):
            Address.objects.visible_to(manager, purpose=PURPOSE).filter(
                child=state.marked.child
            ).update(line_1=value["address.line_1"], postcode=value["address.postcode"])
            Carer.objects.visible_to(manager, purpose=PURPOSE).filter(
                child=state.marked.child
            ).update(phone=value["carer.phone"], email=value["carer.email"])
        for name in UPDATED_FIELDS:
            state.retired.append(state.marked.markers[name])
            state.marked.markers[name] = fresh[name]

    @precondition(lambda self: self.children)
    @rule(pick=st.integers(min_value=0))
    def move(self, pick):
        """The child moves to the other authority, which becomes responsible for it."""
        state = self._child(pick)
        destination = 1 - state.authority
        manager = self.cast.managers[state.authority]
        Child.objects.visible_to(manager, purpose=PURPOSE).filter(pk=state.marked.child.pk).update(
            responsible_local_authority=self.cast.authorities[destination]
        )
        state.authority = destination

    # Reads.

    @precondition(lambda self: self.children)
    @rule(pick=st.integers(min_value=0), reader=st.integers(min_value=0), api=st.booleans())
    def view(self, pick, reader, api):
        state, reader = self._child(pick), self._reader(reader)
        contactpoint_id = state.marked.child.contactpoint_id
        prefix = "/api/v1" if api else ""
        response = reader.client.get(f"{prefix}/children/{contactpoint_id}/?purpose={PURPOSE}")
        assert response.status_code == 200
        body = response.content.decode()
        self._assert_nothing_hidden_shown(reader, body)
        for marker in state.markers:
            if self._may_see(reader, state, marker):
                assert any(spelling in body for spelling in marker.spellings), (
                    f"{reader.label} may see {marker.field} but it is missing"
                )

    @precondition(lambda self: self.children)
    @rule(
        pick=st.integers(min_value=0),
        reader=st.integers(min_value=0),
        kind=st.sampled_from(SEARCH_KINDS),
        api=st.booleans(),
    )
    def search(self, pick, reader, kind, api):
        state, reader = self._child(pick), self._reader(reader)
        criteria = self._criteria(state, kind, api)
        if api:
            response = reader.client.post(
                "/api/v1/search/", criteria, content_type="application/json"
            )
        else:
            response = reader.client.post("/search/", criteria)
        assert response.status_code == 200
        body = response.content.decode()
        typed = {marker.value for marker in state.markers if marker.value in criteria.values()}
        self._assert_nothing_hidden_shown(reader, body, typed=typed)
        hidden_from_reader = state.order is not None and reader.team_of != state.authority
        found = state.marked.child.display_id in body
        if kind == "names":
            assert found, "a child is always found by names and date of birth"
        elif hidden_from_reader:
            assert not found, f"{reader.label} found a shielded child by a hidden field"

    # The oracle.

    def _may_see(self, reader: Reader, state: ChildState, marker: Marker) -> bool:
        return marker_visible(
            marker,
            role=reader.user.role,
            shielded=state.order is not None,
            cleared=reader.team_of == state.authority,
        )

    def _assert_nothing_hidden_shown(self, reader: Reader, body: str, typed=frozenset()) -> None:
        for state in self.children:
            for marker in state.retired:
                assert not any(spelling in body for spelling in marker.spellings), (
                    f"a replaced value of {marker.field} is still shown"
                )
            for marker in state.markers:
                if marker.value in typed or self._may_see(reader, state, marker):
                    continue
                assert not any(spelling in body for spelling in marker.spellings), (
                    f"{reader.label} was shown {marker.field} of a child "
                    f"({'shielded' if state.order else 'not shielded'})"
                )

    def _criteria(self, state: ChildState, kind: str, api: bool) -> dict:
        child = state.marked.child
        born = child.date_of_birth
        if api:
            criteria = {"date_of_birth": born.isoformat()}
        else:
            criteria = {"dob_day": born.day, "dob_month": born.month, "dob_year": born.year}
        criteria = {"purpose": PURPOSE, "given_names": child.given_names, **criteria}
        criteria["family_name"] = child.family_name
        if kind == "names_and_postcode":
            criteria["postcode"] = state.marked.markers["address.postcode"].value
        if kind == "nhs_number":
            criteria = {"purpose": PURPOSE, "nhs_number": state.marked.nhs_number}
        return {name: str(value) for name, value in criteria.items()}

    def _child(self, pick: int) -> ChildState:
        return self.children[pick % len(self.children)]

    def _reader(self, pick: int) -> Reader:
        return self.cast.readers[pick % len(self.cast.readers)]

    @staticmethod
    def _fresh(state: ChildState) -> Child:
        state.marked.child.refresh_from_db(fields=["responsible_local_authority"])
        return state.marked.child


def generous_throttles() -> dict:
    rates = dict.fromkeys(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "100000/minute")
    return {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}


def test_no_sequence_of_events_shows_a_marker_to_a_reader_who_may_not_see_it(cast):
    with override_settings(REST_FRAMEWORK=generous_throttles()):
        run_state_machine_as_test(lambda: ShieldingMachine(cast), settings=MACHINE_SETTINGS)

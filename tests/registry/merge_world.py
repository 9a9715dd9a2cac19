"""Two records of one child in Leeds, each with contact data of its own, and the people who may
(and may not) merge them: Leeds's and Bradford's management teams, data-quality staff and a
practitioner.

Contact rows are written before any shield: once a child is shielded, only a scope that may see
its rows can write them.
"""

import datetime
from dataclasses import dataclass

from accounts.roles import Role
from registry.models import (
    Child,
    EducationalSetting,
    ExternalIdentifier,
    LocalAuthority,
    ServiceInvolvement,
    SettingEnrolment,
)
from shielding.clearance import management_team_join
from shielding.models import ShieldingOrder
from shielding.services import shield_create
from tests.factories import (
    AddressFactory,
    CarerFactory,
    ChildFactory,
    ExternalIdentifierFactory,
    LocalAuthorityFactory,
    OrganisationFactory,
    UserFactory,
)

BORN = datetime.date(2014, 6, 2)
NHS_NUMBER = "9434765870"
# Every hidden value of each record: none may reach a reader who may not see that record's data.
KEPT_VALUES = ("27 Hollybush Lane", "LS5 3BT", "Ngozi", "Kirkstall Family Hub", "Beck Primary")
DUPLICATE_VALUES = ("4 Mill Yard", "LS12 4PL", "Tobiah", "Armley Youth Project")


@dataclass
class MergeWorld:
    leeds: LocalAuthority
    bradford: LocalAuthority
    leeds_team: object
    bradford_team: object
    data_quality: object
    practitioner: object
    kept: Child
    duplicate: Child


def team_member(local_authority, *, email: str):
    user = UserFactory(
        role=Role.LA_MANAGEMENT,
        email=email,
        organisation=OrganisationFactory(local_authority=local_authority),
    )
    management_team_join(user=user)
    return user


def merge_world_build() -> MergeWorld:
    leeds = LocalAuthorityFactory(code="383", name="Leeds")
    bradford = LocalAuthorityFactory(code="380", name="Bradford")
    kept = ChildFactory(
        given_names="Zara",
        family_name="Whitfield",
        date_of_birth=BORN,
        responsible_local_authority=leeds,
    )
    AddressFactory(child=kept, line_1="27 Hollybush Lane", town="Leeds", postcode="LS5 3BT")
    CarerFactory(child=kept, given_names="Ngozi", family_name="Whitfield")
    ExternalIdentifierFactory(child=kept, value=NHS_NUMBER)
    setting = EducationalSetting.objects.create(
        urn="107383", name="Beck Primary", local_authority=leeds
    )
    SettingEnrolment.objects.create(child=kept, setting=setting)
    _involvement(kept, organisation="Kirkstall Family Hub")
    duplicate = ChildFactory(
        given_names="Zara",
        family_name="Whitfeld",
        date_of_birth=BORN,
        responsible_local_authority=leeds,
    )
    AddressFactory(child=duplicate, line_1="4 Mill Yard", town="Leeds", postcode="LS12 4PL")
    CarerFactory(child=duplicate, given_names="Tobiah", family_name="Whitfeld")
    ExternalIdentifierFactory(child=duplicate, value=NHS_NUMBER)
    ExternalIdentifierFactory(
        child=duplicate, scheme=ExternalIdentifier.Scheme.UPN, value="H801200001001"
    )
    _involvement(duplicate, organisation="Armley Youth Project")
    return MergeWorld(
        leeds=leeds,
        bradford=bradford,
        leeds_team=team_member(leeds, email="team@leeds.example"),
        bradford_team=team_member(bradford, email="team@bradford.example"),
        data_quality=UserFactory(role=Role.DATA_QUALITY),
        practitioner=UserFactory(role=Role.PRACTITIONER),
        kept=kept,
        duplicate=duplicate,
    )


def _involvement(child, *, organisation: str) -> ServiceInvolvement:
    return ServiceInvolvement.objects.create(
        child=child,
        kind=ServiceInvolvement.Kind.EARLY_HELP,
        practitioner_name="Sam Worker",
        organisation=organisation,
        role="Family support worker",
        started_on=datetime.date(2025, 9, 1),
    )


def shield(child: Child, *, by) -> ShieldingOrder:
    """Shield `child` as its team (`by`) would, with a review in 90 days."""
    return shield_create(
        child=child,
        by=by,
        reason=ShieldingOrder.Reason.FLEEING_ABUSE,
        justification="The family is fleeing abuse.",
        review_due_on=datetime.date.today() + datetime.timedelta(days=90),
    )


def active_order(child: Child) -> ShieldingOrder | None:
    return ShieldingOrder.objects.filter(child=child, active=True).first()

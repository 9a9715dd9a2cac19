"""One demo user for every role, so that a newcomer can sign in at once."""

from typing import NamedTuple

from django.db import transaction

from accounts.models import Organisation, User
from accounts.roles import Role
from accounts.second_factor import backup_codes_top_up, totp_device_get_or_create
from accounts.services import user_create
from demo.localities import LOCALITIES
from registry.models import LocalAuthority, PostcodeDistrict
from shielding.clearance import management_team_join

NATIONAL_OPERATIONS = ("CP-OPS", "ContactPoint national operations")
NATIONAL_AUDIT = ("CP-AUDIT", "ContactPoint audit")
NATIONAL_POLICE = ("POLICE-WY", "West Yorkshire Police")
NATIONAL_DATA_QUALITY = ("CP-DQ", "ContactPoint data quality")
NATIONAL_LAWFUL_ACCESS = ("CP-LAWFUL", "ContactPoint lawful access")


class DemoUser(NamedTuple):
    username: str
    role: str
    organisation_code: str
    description: str


class DemoSecondFactor(NamedTuple):
    """What a newcomer needs for a demo user's second factor."""

    username: str
    authenticator_uri: str
    backup_codes: list[str]


DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser("practitioner", Role.PRACTITIONER, "LA-383", "Health visitor, Leeds"),
    DemoUser(
        "cp.practitioner",
        Role.CHILD_PROTECTION,
        NATIONAL_POLICE[0],
        "Child-protection officer, West Yorkshire Police",
    ),
    DemoUser("la.manager", Role.LA_MANAGEMENT, "LA-383", "Management team, Leeds"),
    DemoUser("la.manager.birmingham", Role.LA_MANAGEMENT, "LA-330", "Management team, Birmingham"),
    DemoUser(
        "operations", Role.OPERATIONS, NATIONAL_OPERATIONS[0], "Feed operations (Django admin)"
    ),
    DemoUser("auditor", Role.AUDITOR, NATIONAL_AUDIT[0], "Auditor"),
    DemoUser(
        "data.quality",
        Role.DATA_QUALITY,
        NATIONAL_DATA_QUALITY[0],
        "Data-quality staff: resolves possible matches",
    ),
    DemoUser(
        "lawful.access",
        Role.LAWFUL_ACCESS,
        NATIONAL_LAWFUL_ACCESS[0],
        "Lawful-access officer: reads archived records on a stated basis",
    ),
)


@transaction.atomic
def localities_create() -> None:
    """The demo's local authorities, their postcode districts and their organisations."""
    for locality in LOCALITIES:
        authority, _created = LocalAuthority.objects.update_or_create(
            code=locality.code, defaults={"name": locality.name}
        )
        Organisation.objects.update_or_create(
            code=f"LA-{locality.code}",
            defaults={
                "name": f"{locality.name} Council",
                "kind": Organisation.Kind.LOCAL_AUTHORITY,
                "local_authority": authority,
            },
        )
        for outward_code in locality.outward_codes:
            PostcodeDistrict.objects.update_or_create(
                outward_code=outward_code, defaults={"local_authority": authority}
            )
    for code, name in (
        NATIONAL_OPERATIONS,
        NATIONAL_AUDIT,
        NATIONAL_POLICE,
        NATIONAL_DATA_QUALITY,
        NATIONAL_LAWFUL_ACCESS,
    ):
        Organisation.objects.update_or_create(
            code=code, defaults={"name": name, "kind": Organisation.Kind.NATIONAL_PARTNER}
        )


@transaction.atomic
def demo_users_create(*, password: str) -> list[DemoUser]:
    """Create the demo users that are missing; an existing user is left as it is."""
    created = []
    for demo_user in DEMO_USERS:
        if User.objects.filter(username=demo_user.username).exists():
            continue
        user = user_create(
            username=demo_user.username,
            password=password,
            role=demo_user.role,
            organisation=Organisation.objects.get(code=demo_user.organisation_code),
            email=f"{demo_user.username}@example.org",
        )
        if user.role == Role.LA_MANAGEMENT:
            management_team_join(user=user)
        created.append(demo_user)
    return created


@transaction.atomic
def demo_second_factors_ensure() -> list[DemoSecondFactor]:
    """Give each demo user an authenticator key (made once, then kept, so an app that has added it
    keeps working) and ten unused backup codes (used ones are replaced)."""
    second_factors = []
    for demo_user in DEMO_USERS:
        user = User.objects.get(username=demo_user.username)
        device = totp_device_get_or_create(user=user, name="Demo authenticator")
        codes = backup_codes_top_up(user=user)
        second_factors.append(DemoSecondFactor(user.username, device.config_url, codes))
    return second_factors

"""Factories for the tests. Children are built through the model, so their matching keys are real."""

import datetime

import factory
from django.contrib.auth.models import Group
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Organisation, User
from accounts.role_permissions import STAFF_ROLES, role_group_name
from accounts.roles import Role
from registry.contactpoint_id import contactpoint_id_generate
from registry.models import Address, Carer, Child, ExternalIdentifier, Gender, LocalAuthority

TEST_PASSWORD = "correct horse battery staple"


class LocalAuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocalAuthority
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{800 + n % 199:03d}")
    name = factory.Sequence(lambda n: f"Authority {n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("code",)

    code = factory.LazyAttribute(lambda organisation: f"LA-{organisation.local_authority.code}")
    name = factory.LazyAttribute(
        lambda organisation: f"{organisation.local_authority.name} Council"
    )
    kind = Organisation.Kind.LOCAL_AUTHORITY
    local_authority = factory.SubFactory(LocalAuthorityFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    role = Role.PRACTITIONER
    organisation = factory.SubFactory(OrganisationFactory)
    is_staff = factory.LazyAttribute(lambda user: user.role in STAFF_ROLES)
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def role_group(user, create, extracted, **kwargs):
        if create:
            user.save()
            user.groups.set([Group.objects.get(name=role_group_name(user.role))])


class TOTPDeviceFactory(factory.django.DjangoModelFactory):
    """A confirmed authenticator-app device; `totp_code_now(device)` gives its current code."""

    class Meta:
        model = TOTPDevice

    user = factory.SubFactory(UserFactory)
    name = "Authenticator app"
    confirmed = True


class StaticDeviceFactory(factory.django.DjangoModelFactory):
    """A confirmed set of backup codes: `StaticDeviceFactory(tokens=["abcd2345", ...])`."""

    class Meta:
        model = StaticDevice
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    name = "Backup codes"
    confirmed = True

    @factory.post_generation
    def tokens(device, create, extracted, **kwargs):
        if create:
            for token in extracted or ["backup0001", "backup0002"]:
                StaticToken.objects.create(device=device, token=token)


def totp_code_now(device: TOTPDevice) -> str:
    """The code an authenticator app holding the device's key shows at this moment."""
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return f"{code:0{device.digits}d}"


class ChildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Child

    contactpoint_id = factory.LazyFunction(contactpoint_id_generate)
    given_names = factory.Faker("first_name", locale="en_GB")
    family_name = factory.Faker("last_name", locale="en_GB")
    gender = Gender.FEMALE
    date_of_birth = factory.Faker(
        "date_between", start_date=datetime.date(2010, 1, 1), end_date=datetime.date(2024, 12, 31)
    )
    responsible_local_authority = factory.SubFactory(LocalAuthorityFactory)


class AddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Address

    child = factory.SubFactory(ChildFactory)
    line_1 = factory.Sequence(lambda n: f"{n + 1} Acacia Avenue")
    town = "Leeds"
    postcode = "LS6 2AB"


class CarerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Carer

    child = factory.SubFactory(ChildFactory)
    given_names = "Siobhan"
    family_name = "O'Neill"
    relationship = Carer.Relationship.MOTHER
    parental_responsibility = True
    phone = "07700900123"


class ExternalIdentifierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExternalIdentifier

    child = factory.SubFactory(ChildFactory)
    scheme = ExternalIdentifier.Scheme.NHS_NUMBER
    value = "9434765919"


def access_event_at(occurred_at: datetime.datetime, **fields):
    """An audit event written through the audit service as if at `occurred_at`: its time is
    stamped as the row is written, and the trail cannot be changed afterwards."""
    import time_machine

    from audit.services import access_event_record

    with time_machine.travel(occurred_at, tick=False):
        return access_event_record(**fields)


def _start_of_today() -> datetime.datetime:
    from django.utils import timezone

    from audit.anomalies.windows import day_window

    return day_window(timezone.now()).start


class AlertFactory(factory.django.DjangoModelFactory):
    """An alert about a practitioner, for their own authority's management team."""

    class Meta:
        model = "audit.Alert"

    user = factory.SubFactory(UserFactory)
    local_authority = factory.LazyAttribute(lambda alert: alert.user.local_authority)
    rule = "distinct_children"
    window_start = factory.LazyFunction(_start_of_today)
    count = 150
    threshold = 150


class SuspensionFactory(factory.django.DjangoModelFactory):
    """A suspension at the hard limit, awaiting review."""

    class Meta:
        model = "audit.Suspension"

    user = factory.SubFactory(UserFactory)
    local_authority = factory.LazyAttribute(lambda suspension: suspension.user.local_authority)
    rule = "distinct_children"
    window_start = factory.LazyFunction(_start_of_today)
    count = 400
    limit = 400

"""Marked children: every hidden value of the child is a unique string that appears nowhere else,
so that finding it in a page, a header, a log line or an email proves that it leaked.

Values are still valid where a validator applies (postcodes, phones, NHS numbers, UPNs), so the
data goes through the same code paths as real data. The school and GP practice are created for the
one child: their names are reference data that only the child's hidden rows point to.
"""

import datetime
import itertools
from dataclasses import dataclass, field

from stdnum.gb import nhs, upn

from accounts.roles import Role
from registry.models import (
    Address,
    Carer,
    Child,
    EducationalSetting,
    ExternalIdentifier,
    GPPractice,
    GPRegistration,
    LocalAuthority,
    PostcodeDistrict,
    ServiceInvolvement,
    SettingEnrolment,
)
from registry.services import child_create

# Roles that may see that a sensitive service (mental health, sexual health, substance misuse)
# is involved with a child whose data they may see. Written out here, not imported, so that the
# tests hold their own statement of the rule.
SENSITIVE_SERVICE_ROLES = frozenset({Role.CHILD_PROTECTION, Role.LA_MANAGEMENT})

# Outward codes that only marked children live in: no other test or fixture uses them.
MARKER_OUTWARD_CODES = ("ZE98", "ZE99")
_POSTCODE_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
# A known local-authority number, for the UPN's characters 2 to 4.
_UPN_LA_NUMBER = "383"

_serials = itertools.count(1)


def next_marker_serial() -> int:
    """A number used once in the test session, so that every marker is unique."""
    return next(_serials)


@dataclass(frozen=True)
class Marker:
    """One hidden value, by the field it sits in, with every spelling a page might use."""

    field: str
    value: str
    spellings: tuple[str, ...]
    sensitive: bool = False
    # Reference data (a school, a GP practice) is a public register in its own right: its name
    # may appear on that register's own admin pages, just not anywhere that ties it to the child.
    public_register: str | None = None


def _marker(field_name: str, value: str, *extra_spellings: str, **options) -> Marker:
    return Marker(field_name, value, (value, *extra_spellings), **options)


def _phone(value: str) -> tuple[str, ...]:
    return (value[:5] + " " + value[5:], value[:5] + " " + value[5:8] + " " + value[8:])


def _postcode(value: str) -> tuple[str, ...]:
    outward, inward = value.split(" ")
    return (outward + inward, f"{outward}+{inward}", f"{outward}%20{inward}")


def nhs_number_for(serial: int) -> str:
    """A valid NHS number from the 999 test range, distinct for each serial."""
    for attempt in range(serial * 10, serial * 10 + 10):
        candidate = f"999{attempt:06d}"
        check = (11 - sum(int(digit) * (10 - i) for i, digit in enumerate(candidate)) % 11) % 11
        if check != 10 and nhs.is_valid(candidate + str(check)):
            return candidate + str(check)
    raise AssertionError("no valid NHS number among ten candidates")


def upn_for(serial: int) -> str:
    """A valid unique pupil number, distinct for each serial."""
    body = f"{_UPN_LA_NUMBER}{serial:09d}"
    return upn.validate(upn.calc_check_digit(body) + body)


def postcode_for(serial: int, outward_code: str) -> str:
    letters = _POSTCODE_INWARD_LETTERS
    count = len(letters)
    inward = (
        f"{serial % 10}{letters[serial // 10 % count]}{letters[serial // (10 * count) % count]}"
    )
    return f"{outward_code} {inward}"


def marker_values(serial: int, outward_code: str) -> dict[str, Marker]:
    """The markers of one child, keyed by field. Fixed-width serials: no marker is inside another."""
    tag = f"{serial:05d}"
    phones = {
        kind: f"0163296{(serial * 4 + offset) % 10_000:04d}" for offset, kind in enumerate("cis")
    }
    postcode = postcode_for(serial, outward_code)
    nhs_number = nhs_number_for(serial)
    markers = [
        _marker("address.line_1", f"{serial} Quillbrook Markerway {tag}"),
        _marker("address.line_2", f"Tessellate Court {tag}"),
        _marker("address.town", f"Wendlemoor{tag}"),
        _marker("address.postcode", postcode, *_postcode(postcode)),
        _marker("carer.given_names", f"Orlaith{tag}"),
        _marker("carer.family_name", f"Brackenbury{tag}"),
        _marker("carer.phone", phones["c"], *_phone(phones["c"])),
        _marker("carer.email", f"carer.{tag}@marker.example.net"),
        _marker(
            "setting.name",
            f"Kittiwake Marker School {tag}",
            public_register="registry.educationalsetting",
        ),
        _marker(
            "gp.name", f"Saltmarsh Marker Surgery {tag}", public_register="registry.gppractice"
        ),
        _marker("involvement.practitioner_name", f"Ysolde Pennywhistle{tag}"),
        _marker("involvement.organisation", f"Harrowgate Marker Trust {tag}"),
        _marker("involvement.role", f"Marker family support worker {tag}"),
        _marker("involvement.phone", phones["i"], *_phone(phones["i"])),
        _marker("involvement.email", f"involved.{tag}@marker.example.net"),
        _marker("identifier.nhs_number", nhs_number, nhs.format(nhs_number)),
        _marker("identifier.upn", upn_for(serial)),
    ]
    markers += [
        _marker(f"sensitive.{name}", value, *spellings, sensitive=True)
        for name, value, spellings in (
            ("practitioner_name", f"Thaddeus Quenby{tag}", ()),
            ("organisation", f"Marker Minds Service {tag}", ()),
            ("role", f"Marker counsellor {tag}", ()),
            ("phone", phones["s"], _phone(phones["s"])),
            ("email", f"sensitive.{tag}@marker.example.net", ()),
        )
    ]
    return {marker.field: marker for marker in markers}


@dataclass
class MarkedChild:
    """A child whose every hidden row holds markers, and the ids of those rows by model."""

    child: Child
    markers: dict[str, Marker]
    row_ids: dict[str, list[int]] = field(default_factory=dict)

    @property
    def postcode(self) -> str:
        return self.markers["address.postcode"].value

    @property
    def nhs_number(self) -> str:
        return self.markers["identifier.nhs_number"].value

    def ids_of(self, model_label: str) -> list[int]:
        """Ids of the marked rows of a model, by its label, e.g. 'registry.address'."""
        return self.row_ids.get(model_label, [])


def marked_child_create(
    *, local_authority: LocalAuthority, given_names: str, family_name: str, outward_code: str
) -> MarkedChild:
    """Create an unshielded child whose hidden data is all markers.

    Shield the child afterwards: once shielded, its hidden rows are written only within a
    management team's database scope.
    """
    serial = next_marker_serial()
    markers = marker_values(serial, outward_code)
    value = {name: marker.value for name, marker in markers.items()}
    PostcodeDistrict.objects.get_or_create(
        outward_code=outward_code, defaults={"local_authority": local_authority}
    )
    child = child_create(
        given_names=given_names,
        family_name=family_name,
        date_of_birth=datetime.date(2015, 1, 1) + datetime.timedelta(days=serial % 2000),
        gender="F",
        responsible_local_authority=local_authority,
    )
    rows = _hidden_rows_create(child, value, serial, local_authority)
    row_ids = {}
    for row in rows:
        row_ids.setdefault(row._meta.label_lower, []).append(row.pk)
    row_ids["registry.child"] = [child.pk]
    return MarkedChild(child=child, markers=markers, row_ids=row_ids)


def _hidden_rows_create(child, value, serial, local_authority) -> list:
    setting = EducationalSetting.objects.create(
        urn=f"{900_000 + serial % 100_000:06d}",
        name=value["setting.name"],
        local_authority=local_authority,
    )
    practice = GPPractice.objects.create(
        ods_code=f"Z{90_000 + serial % 10_000:05d}", name=value["gp.name"]
    )
    rows = [
        setting,
        practice,
        Address.objects.create(
            child=child,
            line_1=value["address.line_1"],
            line_2=value["address.line_2"],
            town=value["address.town"],
            postcode=value["address.postcode"],
            local_authority=local_authority,
        ),
        Carer.objects.create(
            child=child,
            given_names=value["carer.given_names"],
            family_name=value["carer.family_name"],
            relationship=Carer.Relationship.MOTHER,
            parental_responsibility=True,
            phone=value["carer.phone"],
            email=value["carer.email"],
        ),
        SettingEnrolment.objects.create(child=child, setting=setting),
        GPRegistration.objects.create(child=child, practice=practice),
        _involvement(child, value, "involvement", ServiceInvolvement.Kind.SOCIAL_CARE),
        _involvement(child, value, "sensitive", ServiceInvolvement.Kind.MENTAL_HEALTH),
        ExternalIdentifier.objects.create(
            child=child,
            scheme=ExternalIdentifier.Scheme.NHS_NUMBER,
            value=value["identifier.nhs_number"],
        ),
        ExternalIdentifier.objects.create(
            child=child, scheme=ExternalIdentifier.Scheme.UPN, value=value["identifier.upn"]
        ),
    ]
    for row in rows:
        row.clean_fields()
        row.clean()
    return rows


def _involvement(child, value, prefix: str, kind: str) -> ServiceInvolvement:
    sensitive = prefix == "sensitive"
    return ServiceInvolvement.objects.create(
        child=child,
        kind=kind,
        practitioner_name=value[f"{prefix}.practitioner_name"],
        organisation=value[f"{prefix}.organisation"],
        role=value[f"{prefix}.role"],
        phone=value[f"{prefix}.phone"],
        email=value[f"{prefix}.email"],
        started_on=datetime.date(2024, 1, 8),
        consent_recorded=sensitive,
    )


def marker_visible(
    marker: Marker, *, role: str | None, shielded: bool, cleared: bool, overriding: bool = False
) -> bool:
    """May a reader in `role` see `marker`? The shielding rules, stated independently of the app.

    - Nobody signed out sees hidden data.
    - A shielded child's hidden data is seen only by the management team of the child's
      responsible authority (`cleared`), or by a child-protection user in the one response to
      their emergency override.
    - A sensitive service is seen only by child-protection and management-team users.
    """
    if role is None:
        return False
    overriding = overriding and role == Role.CHILD_PROTECTION
    if shielded and not (cleared or overriding):
        return False
    return not marker.sensitive or role in SENSITIVE_SERVICE_ROLES

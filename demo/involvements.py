"""The practitioners and services working with demo children.

About one child in seven has at least one. Early help and social care usually work with a whole
family, so siblings share that practitioner; other services come one child at a time and fit the
child's age. Sexual health, mental health and substance misuse services are recorded only with
consent, as the database's check constraint insists.
"""

from datetime import date
from random import Random
from typing import NamedTuple

from demo.contact_details import landline_phone, mobile_phone, uk_wide_phone, work_email
from demo.names import origins
from registry.models import ServiceInvolvement

Kind = ServiceInvolvement.Kind

POLICE_FORCES = {
    "383": "West Yorkshire Police",
    "380": "West Yorkshire Police",
    "330": "West Midlands Police",
    "352": "Greater Manchester Police",
    "341": "Merseyside Police",
    "373": "South Yorkshire Police",
    "391": "Northumbria Police",
    "801": "Avon and Somerset Police",
    "892": "Nottinghamshire Police",
    "856": "Leicestershire Police",
    "879": "Devon and Cornwall Police",
    "202": "Metropolitan Police Service",
    "210": "Metropolitan Police Service",
    "306": "Metropolitan Police Service",
    "886": "Kent Police",
    "881": "Essex Police",
    "850": "Hampshire and Isle of Wight Constabulary",
    "931": "Thames Valley Police",
    "873": "Cambridgeshire Constabulary",
    "925": "Lincolnshire Police",
}
CHARITIES = (
    "Barnardo's",
    "Action for Children",
    "The Children's Society",
    "NSPCC",
    "Home-Start",
    "Family Action",
)


class Service(NamedTuple):
    roles: tuple[str, ...]
    organisation: str  # formatted with the local authority's name


SERVICES = {
    Kind.SOCIAL_CARE: Service(
        ("Social worker", "Senior social worker"), "{la} Children's Social Care"
    ),
    Kind.EARLY_HELP: Service(
        ("Family support worker", "Early help practitioner"), "{la} Early Help Service"
    ),
    Kind.HEALTH_VISITING: Service(("Health visitor",), "{la} Health Visiting Service"),
    Kind.SCHOOL_NURSING: Service(("School nurse",), "{la} School Nursing Service"),
    Kind.EDUCATION_SUPPORT: Service(
        ("Educational psychologist", "SEND caseworker"), "{la} SEND Service"
    ),
    Kind.YOUTH_JUSTICE: Service(("Youth justice officer",), "{la} Youth Justice Service"),
    Kind.POLICE: Service(("Youth engagement officer", "Police community support officer"), ""),
    Kind.VOLUNTARY: Service(("Project worker", "Family support worker"), ""),
    Kind.SEXUAL_HEALTH: Service(("Sexual health nurse",), "{la} Sexual Health Service"),
    Kind.MENTAL_HEALTH: Service(
        ("CAMHS practitioner", "Clinical psychologist"),
        "{la} Child and Adolescent Mental Health Service",
    ),
    Kind.SUBSTANCE_MISUSE: Service(
        ("Young people's substance misuse worker",), "{la} Young People's Drug and Alcohol Service"
    ),
}
# Services one child at a time, by age band: (youngest age, kinds and weights).
_CHILD_SERVICES = (
    (0, ((Kind.HEALTH_VISITING, 7), (Kind.VOLUNTARY, 2), (Kind.EDUCATION_SUPPORT, 1))),
    (
        5,
        (
            (Kind.SCHOOL_NURSING, 3),
            (Kind.EDUCATION_SUPPORT, 4),
            (Kind.VOLUNTARY, 1),
            (Kind.MENTAL_HEALTH, 2),
        ),
    ),
    (
        11,
        (
            (Kind.SCHOOL_NURSING, 2),
            (Kind.EDUCATION_SUPPORT, 3),
            (Kind.YOUTH_JUSTICE, 1),
            (Kind.VOLUNTARY, 1),
            (Kind.MENTAL_HEALTH, 3),
        ),
    ),
    (
        13,
        (
            (Kind.SCHOOL_NURSING, 2),
            (Kind.EDUCATION_SUPPORT, 2),
            (Kind.YOUTH_JUSTICE, 1),
            (Kind.POLICE, 1),
            (Kind.VOLUNTARY, 1),
            (Kind.MENTAL_HEALTH, 3),
            (Kind.SEXUAL_HEALTH, 1),
            (Kind.SUBSTANCE_MISUSE, 1),
        ),
    ),
)
FAMILY_SERVICE_SHARE = 0.08
CHILD_SERVICE_SHARE = 0.08
_ENDED_SHARE = 0.25


class Practitioner(NamedTuple):
    """One practitioner of one service, as written on every child they work with."""

    kind: str
    name: str
    organisation: str
    role: str
    phone: str
    email: str
    is_lead_professional: bool
    assessment_under_way: bool


def practitioner_draw(rng: Random, *, kind: str, locality) -> Practitioner:
    service = SERVICES[kind]
    origin = origins()[0] if rng.random() < 0.85 else origins()[rng.randrange(len(origins()))]
    given_name = (origin.women if rng.random() < 0.7 else origin.men).draw(rng)
    family_name = origin.surnames.draw(rng)
    if kind == Kind.POLICE:
        organisation, phone = (
            POLICE_FORCES[locality.code],
            landline_phone(rng, local_authority_name=locality.name),
        )
    elif kind == Kind.VOLUNTARY:
        organisation, phone = CHARITIES[rng.randrange(len(CHARITIES))], uk_wide_phone(rng)
    else:
        organisation = service.organisation.format(la=locality.name)
        phone = (
            landline_phone(rng, local_authority_name=locality.name)
            if rng.random() < 0.6
            else mobile_phone(rng)
        )
    leads = kind in (Kind.SOCIAL_CARE, Kind.EARLY_HELP)
    return Practitioner(
        kind=kind,
        name=f"{given_name} {family_name}",
        organisation=organisation,
        role=service.roles[rng.randrange(len(service.roles))],
        phone=phone,
        email=work_email(given_name=given_name, family_name=family_name),
        is_lead_professional=rng.random() < (0.6 if leads else 0.05),
        assessment_under_way=rng.random() < (0.25 if leads else 0.03),
    )


def family_practitioner(rng: Random, *, locality) -> Practitioner | None:
    """The early-help or social-care practitioner working with a whole family, if any."""
    if rng.random() >= FAMILY_SERVICE_SHARE:
        return None
    kind = Kind.EARLY_HELP if rng.random() < 0.6 else Kind.SOCIAL_CARE
    return practitioner_draw(rng, kind=kind, locality=locality)


def child_practitioner(rng: Random, *, age: int, locality, has_lead: bool) -> Practitioner | None:
    """A service working with this child alone, fitting the child's age, if any."""
    if rng.random() >= CHILD_SERVICE_SHARE:
        return None
    kinds = next(kinds for youngest, kinds in reversed(_CHILD_SERVICES) if age >= youngest)
    kind = rng.choices([kind for kind, _ in kinds], weights=[weight for _, weight in kinds])[0]
    practitioner = practitioner_draw(rng, kind=kind, locality=locality)
    if has_lead and practitioner.is_lead_professional:
        practitioner = practitioner._replace(is_lead_professional=False)
    return practitioner


def involvement_row(
    rng: Random, practitioner: Practitioner, *, date_of_birth: date, reference_date: date
) -> tuple:
    """One ServiceInvolvement row (less the child) in INVOLVEMENT_FIELDS order."""
    first_day = max(date_of_birth.toordinal(), reference_date.toordinal() - 3 * 365)
    started = rng.randint(first_day, reference_date.toordinal())
    ended = None
    if rng.random() < _ENDED_SHARE and started < reference_date.toordinal():
        ended = date.fromordinal(rng.randint(started + 1, reference_date.toordinal()))
    return (
        practitioner.kind,
        practitioner.name,
        practitioner.organisation,
        practitioner.role,
        practitioner.phone,
        practitioner.email,
        date.fromordinal(started),
        ended,
        practitioner.is_lead_professional and ended is None,
        practitioner.assessment_under_way,
        practitioner.kind in ServiceInvolvement.SENSITIVE_KINDS,
    )


INVOLVEMENT_FIELDS = [
    "child",
    "kind",
    "practitioner_name",
    "organisation",
    "role",
    "phone",
    "email",
    "started_on",
    "ended_on",
    "is_lead_professional",
    "assessment_under_way",
    "consent_recorded",
]

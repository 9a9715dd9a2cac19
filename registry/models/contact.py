"""A child's contact data: what shielding hides. Each row belongs to exactly one child, so that the
database can decide per row, from the child alone, who may read it.

Siblings who share a home have equal but separate rows: a carer shown on one child's record must
never be a way into a shielded sibling's.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from registry.querysets import ScopedQuerySet, UnscopedManager
from registry.shielding_policy import shielding_policy
from registry.validators import validate_nhs_number, validate_postcode, validate_uk_phone


class ContactDataQuerySet(ScopedQuerySet):
    """Hidden contact data, reachable only through visible_to(), and only as shielding allows."""

    def _restrict(self, user, purpose: str, override):
        return shielding_policy().restrict_contact_data(self.all(), user=user, override=override)


class ContactData(models.Model):
    """Abstract base of the hidden tables: their managers and their dates."""

    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = ContactDataQuerySet.as_manager()
    unscoped_objects = UnscopedManager()

    class Meta:
        abstract = True


class Address(ContactData):
    """Where a child lives, or that no address is known, or that the child has left England."""

    class Status(models.TextChoices):
        CURRENT = "current", "Current address"
        LAST_KNOWN = "last_known", "Last known address"
        NO_KNOWN_ADDRESS = "no_known_address", "No known address"
        LEFT_ENGLAND = "left_england", "Left England"

    child = models.ForeignKey("registry.Child", on_delete=models.CASCADE, related_name="addresses")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.CURRENT)
    line_1 = models.CharField(max_length=200, blank=True)
    line_2 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=8, blank=True, validators=[validate_postcode])
    local_authority = models.ForeignKey(
        "registry.LocalAuthority",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The local authority the address lies in.",
    )
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "addresses"
        indexes = [
            models.Index(fields=["postcode"], name="address_postcode"),
            # The feed matcher's children at a postcode (ingest.matching.blocking), read from
            # the index alone.
            models.Index(
                fields=["postcode"],
                include=["child"],
                condition=Q(ended_on__isnull=True),
                name="address_open_postcode",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["child"],
                condition=Q(ended_on__isnull=True),
                name="address_one_open_per_child",
            ),
            models.CheckConstraint(
                name="address_unknown_has_no_postcode",
                condition=Q(status__in=["current", "last_known"]) | Q(postcode=""),
            ),
        ]

    def __str__(self) -> str:
        return self.get_status_display()


class Carer(ContactData):
    """A parent or carer of one child, with their contact details."""

    class Relationship(models.TextChoices):
        MOTHER = "mother", "Mother"
        FATHER = "father", "Father"
        PARENT = "parent", "Parent"
        GUARDIAN = "guardian", "Guardian"
        CARER = "carer", "Carer"
        OTHER = "other", "Other"

    child = models.ForeignKey("registry.Child", on_delete=models.CASCADE, related_name="carers")
    given_names = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    relationship = models.CharField(max_length=16, choices=Relationship.choices)
    parental_responsibility = models.BooleanField(default=False)
    phone = models.CharField(max_length=20, blank=True, validators=[validate_uk_phone])
    email = models.EmailField(blank=True)
    ended_on = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return self.get_relationship_display()


class SettingEnrolment(ContactData):
    """A child's place at a school or early-years setting."""

    child = models.ForeignKey("registry.Child", on_delete=models.CASCADE, related_name="enrolments")
    setting = models.ForeignKey(
        "registry.EducationalSetting", on_delete=models.PROTECT, related_name="enrolments"
    )
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["child"],
                condition=Q(ended_on__isnull=True),
                name="enrolment_one_open_per_child",
            )
        ]

    def __str__(self) -> str:
        return "Educational setting"


class GPRegistration(ContactData):
    """A child's registration with a GP practice."""

    child = models.ForeignKey(
        "registry.Child", on_delete=models.CASCADE, related_name="gp_registrations"
    )
    practice = models.ForeignKey(
        "registry.GPPractice", on_delete=models.PROTECT, related_name="registrations"
    )
    registered_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = "GP registration"
        constraints = [
            models.UniqueConstraint(
                fields=["child"],
                condition=Q(ended_on__isnull=True),
                name="gp_registration_one_open_per_child",
            )
        ]

    def __str__(self) -> str:
        return "GP registration"


# Roles that may see that a sensitive service is involved with a child.
SENSITIVE_SERVICE_ROLES = frozenset({"child_protection", "la_management"})
SENSITIVE_SERVICE_KINDS = ("sexual_health", "mental_health", "substance_misuse")


class ServiceInvolvementQuerySet(ContactDataQuerySet):
    """Involvements; sensitive services (recorded only with consent) are hidden from ordinary users."""

    def _restrict(self, user, purpose: str, override):
        restricted = super()._restrict(user, purpose, override)
        if getattr(user, "role", None) in SENSITIVE_SERVICE_ROLES:
            return restricted
        return restricted.exclude(kind__in=SENSITIVE_SERVICE_KINDS)


class ServiceInvolvement(ContactData):
    """A practitioner or service working with a child. Sensitive services are recorded only with consent."""

    class Kind(models.TextChoices):
        SOCIAL_CARE = "social_care", "Children's social care"
        EARLY_HELP = "early_help", "Early help"
        HEALTH_VISITING = "health_visiting", "Health visiting"
        SCHOOL_NURSING = "school_nursing", "School nursing"
        EDUCATION_SUPPORT = "education_support", "Education support"
        YOUTH_JUSTICE = "youth_justice", "Youth justice"
        POLICE = "police", "Police"
        VOLUNTARY = "voluntary", "Voluntary sector"
        SEXUAL_HEALTH = "sexual_health", "Sexual health"
        MENTAL_HEALTH = "mental_health", "Mental health"
        SUBSTANCE_MISUSE = "substance_misuse", "Substance misuse"

    SENSITIVE_KINDS = frozenset(SENSITIVE_SERVICE_KINDS)

    child = models.ForeignKey(
        "registry.Child", on_delete=models.CASCADE, related_name="involvements"
    )
    kind = models.CharField(max_length=24, choices=Kind.choices)
    practitioner_name = models.CharField(max_length=200)
    organisation = models.CharField(max_length=200)
    role = models.CharField(max_length=120)
    phone = models.CharField(max_length=20, blank=True, validators=[validate_uk_phone])
    email = models.EmailField(blank=True)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    is_lead_professional = models.BooleanField(default=False)
    assessment_under_way = models.BooleanField(default=False)
    consent_recorded = models.BooleanField(
        default=False, help_text="The child's or family's consent to record a sensitive service."
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ServiceInvolvementQuerySet.as_manager()
    unscoped_objects = UnscopedManager()  # declared again so that `objects` stays the default

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="involvement_sensitive_needs_consent",
                condition=~Q(kind__in=SENSITIVE_SERVICE_KINDS) | Q(consent_recorded=True),
            ),
            models.CheckConstraint(
                name="involvement_ends_after_start",
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
            ),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()

    @property
    def is_sensitive(self) -> bool:
        return self.kind in self.SENSITIVE_KINDS


class ExternalIdentifier(ContactData):
    """An identifier another system holds for the child: NHS number, UPN, or a feed's own record_id."""

    class Scheme(models.TextChoices):
        NHS_NUMBER = "nhs_number", "NHS number"
        UPN = "upn", "Unique pupil number"
        SOURCE_RECORD = "source_record", "Feed record ID"

    child = models.ForeignKey(
        "registry.Child", on_delete=models.CASCADE, related_name="identifiers"
    )
    scheme = models.CharField(max_length=16, choices=Scheme.choices)
    issuer = models.CharField(
        max_length=32,
        blank=True,
        help_text="The feed that issued a source record ID; blank otherwise.",
    )
    value = models.CharField(max_length=64)

    class Meta:
        indexes = [models.Index(fields=["scheme", "issuer", "value"], name="identifier_lookup")]
        constraints = [
            models.UniqueConstraint(
                fields=["child", "scheme", "issuer", "value"], name="identifier_once_per_child"
            ),
            # A feed's record_id names one child: a batch run twice cannot create a second.
            models.UniqueConstraint(
                fields=["issuer", "value"],
                condition=Q(scheme="source_record"),
                name="identifier_source_record_one_child",
            ),
            models.CheckConstraint(
                name="identifier_issuer_only_for_source_records",
                condition=Q(scheme="source_record", issuer__gt="")
                | (~Q(scheme="source_record") & Q(issuer="")),
            ),
        ]

    def __str__(self) -> str:
        return self.get_scheme_display()

    def clean(self):
        if self.scheme == self.Scheme.NHS_NUMBER:
            validate_nhs_number(self.value)

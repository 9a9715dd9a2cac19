"""A child's identity: the fields every signed-in user may see, shielded or not."""

from django.db import models

from registry.contactpoint_id import contactpoint_id_format, validate_contactpoint_id
from registry.matching_keys import MATCHING_KEY_FIELDS, MATCHING_KEY_SOURCES, child_matching_keys
from registry.querysets import ScopedQuerySet, UnscopedManager


class Gender(models.TextChoices):
    MALE = "M", "Male"
    FEMALE = "F", "Female"
    OTHER = "X", "Other"
    NOT_SPECIFIED = "U", "Not specified"


class ChildQuerySet(ScopedQuerySet):
    """Children, reachable only through visible_to()."""


class Child(models.Model):
    """One child in the index. Contact data hangs off it in tables of its own."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        ARCHIVED = "archived", "Archived"
        DECEASED = "deceased", "Deceased"
        SEALED = "sealed", "Sealed"
        MERGED = "merged", "Merged"

    # The statuses whose records practitioners can find and open.
    OPEN_STATUSES = (Status.ACTIVE, Status.DECEASED)

    contactpoint_id = models.CharField(
        "ContactPoint ID", max_length=12, unique=True, validators=[validate_contactpoint_id]
    )
    given_names = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    gender = models.CharField(max_length=1, choices=Gender.choices, default=Gender.NOT_SPECIFIED)
    date_of_birth = models.DateField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.ACTIVE)
    responsible_local_authority = models.ForeignKey(
        "registry.LocalAuthority", on_delete=models.PROTECT, related_name="children"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # The lifecycle (registry/models/lifecycle.py, registry retention): when the child died, when the
    # record was archived or sealed, and the record a merged one now redirects to.
    died_on = models.DateField(null=True, blank=True)
    archived_at = models.DateTimeField(null=True, blank=True)
    sealed_at = models.DateTimeField(null=True, blank=True)
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged_records"
    )

    # Matching keys, derived from the names and birth date on every write (registry.matching_keys).
    given_names_norm = models.CharField(max_length=100, editable=False)
    family_name_norm = models.CharField(max_length=100, editable=False)
    given_name_phonetic = models.CharField(max_length=16, editable=False)
    family_name_phonetic = models.CharField(max_length=16, editable=False)
    birth_year = models.SmallIntegerField(editable=False)
    birth_month = models.SmallIntegerField(editable=False)
    birth_day = models.SmallIntegerField(editable=False)

    objects = ChildQuerySet.as_manager()
    unscoped_objects = UnscopedManager()

    class Meta:
        verbose_name_plural = "children"
        indexes = [
            models.Index(
                fields=["family_name_phonetic", "date_of_birth"], name="child_family_phon_dob"
            ),
            models.Index(
                fields=["given_name_phonetic", "date_of_birth"], name="child_given_phon_dob"
            ),
            models.Index(
                fields=["family_name_phonetic", "birth_year", "birth_month"],
                name="child_family_phon_ym",
            ),
            models.Index(
                fields=["family_name_norm", "date_of_birth"], name="child_family_norm_dob"
            ),
            models.Index(fields=["date_of_birth"], name="child_dob"),
            # The feed matcher's blocking (ingest.matching.blocking): both names' sounds with a
            # birth date one part off; the keys of the children at a postcode, read from the
            # index alone; and a wide net for sealed children.
            models.Index(
                fields=["family_name_phonetic", "given_name_phonetic", "date_of_birth"],
                include=["id"],
                name="child_names_phon_dob",
            ),
            models.Index(
                fields=["id"],
                include=["date_of_birth", "given_name_phonetic", "family_name_phonetic"],
                name="child_matching_keys_by_id",
            ),
            models.Index(
                fields=["date_of_birth"],
                condition=models.Q(status="sealed"),
                name="child_sealed_dob",
            ),
            models.Index(fields=["responsible_local_authority", "status"], name="child_la_status"),
        ]

    def __str__(self) -> str:
        return f"{self.given_names} {self.family_name} ({self.display_id})"

    def save(self, *args, **kwargs):
        for field, value in child_matching_keys(
            given_names=self.given_names,
            family_name=self.family_name,
            date_of_birth=self.date_of_birth,
        ).items():
            setattr(self, field, value)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(MATCHING_KEY_SOURCES) & set(update_fields):
            kwargs["update_fields"] = {*update_fields, *MATCHING_KEY_FIELDS}
        super().save(*args, **kwargs)

    @property
    def display_id(self) -> str:
        return contactpoint_id_format(self.contactpoint_id)

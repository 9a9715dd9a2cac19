"""Reference data: local authorities, postcode districts, educational settings and GP practices.

These are public registers in their own right; a child's link to them is hidden contact data.
"""

from django.db import models

from registry.validators import validate_gp_practice_ods_code, validate_postcode, validate_urn


class LocalAuthority(models.Model):
    """A local authority responsible for the children who live in it, e.g. 383 Leeds."""

    code = models.CharField(max_length=3, unique=True, help_text="The three-digit LA number.")
    name = models.CharField(max_length=120)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "local authorities"
        # Granted per authority (django-guardian object permissions) to its management team.
        permissions = [
            ("manage_shielding", "Can shield and unshield the authority's children"),
            ("see_shielded", "Can see the hidden details of the authority's shielded children"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class PostcodeDistrict(models.Model):
    """Which local authority an outward code (e.g. LS6) lies in, so an address tells who is responsible."""

    outward_code = models.CharField(max_length=4, unique=True)
    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, related_name="postcode_districts"
    )

    class Meta:
        ordering = ["outward_code"]

    def __str__(self) -> str:
        return self.outward_code


class EducationalSetting(models.Model):
    """A school or early-years setting, identified by its unique reference number (URN)."""

    class Kind(models.TextChoices):
        SCHOOL = "school", "School"
        EARLY_YEARS = "early_years", "Early-years setting"

    urn = models.CharField("URN", max_length=6, unique=True, validators=[validate_urn])
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.SCHOOL)
    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, related_name="educational_settings"
    )
    phone = models.CharField(max_length=20, blank=True)
    postcode = models.CharField(max_length=8, blank=True, validators=[validate_postcode])

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.urn})"


class GPPractice(models.Model):
    """A GP practice, identified by its ODS code."""

    ods_code = models.CharField(
        "ODS code", max_length=6, unique=True, validators=[validate_gp_practice_ods_code]
    )
    name = models.CharField(max_length=200)
    phone = models.CharField(max_length=20, blank=True)
    postcode = models.CharField(max_length=8, blank=True, validators=[validate_postcode])

    class Meta:
        ordering = ["name"]
        verbose_name = "GP practice"

    def __str__(self) -> str:
        return f"{self.name} ({self.ods_code})"

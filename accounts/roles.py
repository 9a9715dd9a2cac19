"""The roles of ContactPoint's users, as the product brief names them."""

from django.db import models


class Role(models.TextChoices):
    PRACTITIONER = "practitioner", "Practitioner"
    CHILD_PROTECTION = "child_protection", "Child-protection practitioner"
    LA_MANAGEMENT = "la_management", "Local-authority management team"
    OPERATIONS = "operations", "Operations staff"
    AUDITOR = "auditor", "Auditor"
    DATA_QUALITY = "data_quality", "Data-quality staff"
    # Reads an archived record, more than a year after archiving, on a stated lawful basis.
    LAWFUL_ACCESS = "lawful_access", "Lawful-access officer"

"""Why a user is looking at children's data. Every scoped read names one."""

from django.db import models


class AccessPurpose(models.TextChoices):
    CHILD_PROTECTION = "child_protection", "Child protection or safeguarding concern"
    EARLY_HELP = "early_help", "Early help or a common assessment"
    EDUCATION = "education", "Education or school admission"
    HEALTH = "health", "Health care"
    YOUTH_JUSTICE = "youth_justice", "Youth justice"
    CONTACT_REQUEST = "contact_request", "Brokering contact for a child"
    DATA_QUALITY = "data_quality", "Data quality and feed operations"
    ADMINISTRATION = "administration", "System administration"
    # An archived record, read by the child's management team or on a stated lawful basis.
    ARCHIVED_RECORD = "archived_record", "Reading an archived record"

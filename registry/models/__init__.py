"""Registry models. Identity (what every user may see) and contact data (what shielding hides) live in
separate tables, so that PostgreSQL row-level security can guard the hidden tables on their own."""

from registry.models.contact import (
    Address,
    Carer,
    ExternalIdentifier,
    GPRegistration,
    ServiceInvolvement,
    SettingEnrolment,
)
from registry.models.identity import Child, Gender
from registry.models.lifecycle import ChildMerge, RetentionExtension
from registry.models.reference import (
    EducationalSetting,
    GPPractice,
    LocalAuthority,
    PostcodeDistrict,
)

__all__ = [
    "Address",
    "Carer",
    "Child",
    "ChildMerge",
    "EducationalSetting",
    "ExternalIdentifier",
    "GPPractice",
    "GPRegistration",
    "Gender",
    "LocalAuthority",
    "PostcodeDistrict",
    "RetentionExtension",
    "ServiceInvolvement",
    "SettingEnrolment",
]

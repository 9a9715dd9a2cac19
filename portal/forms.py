"""Forms of the portal. Search criteria are checked by the registry's own parser, not here."""

import datetime

from django import forms
from django.core.exceptions import ValidationError

from registry.models import ServiceInvolvement
from registry.purposes import AccessPurpose

PRACTITIONER_PURPOSES = [
    (value, label)
    for value, label in AccessPurpose.choices
    if value
    not in {AccessPurpose.DATA_QUALITY, AccessPurpose.ADMINISTRATION, AccessPurpose.ARCHIVED_RECORD}
]
SEARCH_FIELDS = (
    "given_names",
    "family_name",
    "dob_day",
    "dob_month",
    "dob_year",
    "postcode",
    "contactpoint_id",
    "nhs_number",
)


class PurposeForm(forms.Form):
    purpose = forms.ChoiceField(
        label="Why are you looking at this child's details?",
        choices=PRACTITIONER_PURPOSES,
        error_messages={
            "required": "Select why you are looking at this child's details",
            "invalid_choice": "Select why you are looking at this child's details",
        },
    )


class SearchForm(PurposeForm):
    given_names = forms.CharField(label="Given names", required=False, max_length=100)
    family_name = forms.CharField(label="Family name", required=False, max_length=100)
    dob_day = forms.CharField(label="Day", required=False, max_length=2)
    dob_month = forms.CharField(label="Month", required=False, max_length=2)
    dob_year = forms.CharField(label="Year", required=False, max_length=4)
    postcode = forms.CharField(label="Postcode", required=False, max_length=10)
    contactpoint_id = forms.CharField(label="ContactPoint ID", required=False, max_length=20)
    nhs_number = forms.CharField(label="NHS number", required=False, max_length=16)

    def criteria_data(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(name, "").strip() for name in SEARCH_FIELDS}


def date_from_parts(data, prefix: str, label: str) -> datetime.date:
    """A GOV.UK date input's three boxes as one date, with a message that names what is wrong."""
    parts = [str(data.get(f"{prefix}_{part}", "")).strip() for part in ("day", "month", "year")]
    if not all(parts):
        raise ValidationError(f"{label} must include a day, month and year")
    try:
        day, month, year = (int(part) for part in parts)
        return datetime.date(year, month, day)
    except ValueError:
        raise ValidationError(f"{label} must be a real date") from None


class InvolvementForm(forms.Form):
    kind = forms.ChoiceField(label="Service", choices=ServiceInvolvement.Kind.choices)
    role = forms.CharField(label="Your role", max_length=120)
    phone = forms.CharField(label="Phone", required=False, max_length=20)
    email = forms.EmailField(label="Email", required=False)
    is_lead_professional = forms.BooleanField(label="I am the lead professional", required=False)
    assessment_under_way = forms.BooleanField(label="An assessment is under way", required=False)
    consent_recorded = forms.BooleanField(
        label="The child or family consents to recording this service", required=False
    )

    def clean(self):
        cleaned = super().clean()
        try:
            cleaned["started_on"] = date_from_parts(self.data, "started", "Start date")
        except ValidationError as error:
            self.add_error(None, error)
        else:
            if cleaned["started_on"] > datetime.date.today():
                self.add_error(None, "Start date must be today or in the past")
        return cleaned


class InvolvementEndForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        try:
            cleaned["ended_on"] = date_from_parts(self.data, "ended", "End date")
        except ValidationError as error:
            self.add_error(None, error)
        return cleaned

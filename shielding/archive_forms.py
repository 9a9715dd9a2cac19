"""The form of the team's record of consent to keep a record open past 18."""

from django import forms
from django.core.exceptions import ValidationError

from portal.forms import date_from_parts
from registry.models import RetentionExtension

KEEP_UNTIL_PREFIX = "keep"


class RetentionConsentForm(forms.Form):
    reason = forms.ChoiceField(
        label="Why is the record kept past 18?",
        choices=RetentionExtension.Reason.choices,
        error_messages={"required": "Select why the record is kept past 18"},
    )
    consent = forms.BooleanField(
        label="The young person has given their consent to keep the record",
        error_messages={"required": "Confirm that the young person has given their consent"},
    )

    def clean(self):
        cleaned = super().clean()
        try:
            cleaned["keep_until"] = date_from_parts(self.data, KEEP_UNTIL_PREFIX, "Keep until")
        except ValidationError as error:
            self.add_error(None, error)
        return cleaned

"""Forms of the shielding pages. The rules (who may, what a reason must say) live in the services."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from portal.forms import PRACTITIONER_PURPOSES, date_from_parts
from registry.models import Gender, LocalAuthority
from shielding.models import OverrideReview, ShieldingOrder

REVIEW_DATE_PREFIX = "review"
DATE_OF_BIRTH_PREFIX = "dob"


class ReviewDateMixin:
    """A review date in the GOV.UK date input prefixed `review`, which must be in the future."""

    review_date_label = "Review date"
    review_date_field = "review_due_on"

    def clean(self):
        cleaned = super().clean()
        try:
            review_date = date_from_parts(self.data, REVIEW_DATE_PREFIX, self.review_date_label)
        except ValidationError as error:
            self.add_error(None, error)
            return cleaned
        if review_date <= timezone.localdate():
            self.add_error(None, f"{self.review_date_label} must be in the future")
        cleaned[self.review_date_field] = review_date
        return cleaned


class ShieldForm(ReviewDateMixin, forms.Form):
    reason = forms.ChoiceField(
        label="Why does this child need shielding?",
        choices=ShieldingOrder.Reason.choices,
        error_messages={"required": "Select why the child needs shielding"},
    )
    justification = forms.CharField(
        label="Justification",
        widget=forms.Textarea,
        max_length=4000,
        error_messages={"required": "Enter the justification for shielding"},
    )


class ShieldReviewForm(ReviewDateMixin, forms.Form):
    review_date_label = "Next review date"
    review_date_field = "next_review_due_on"

    notes = forms.CharField(
        label="What did the review find?",
        widget=forms.Textarea,
        max_length=4000,
        error_messages={"required": "Enter what the review found"},
    )


class UnshieldForm(forms.Form):
    end_reason = forms.CharField(
        label="Why does the child no longer need shielding?",
        widget=forms.Textarea,
        max_length=4000,
        error_messages={"required": "Enter why the child no longer needs shielding"},
    )


class ContactRequestForm(forms.Form):
    message = forms.CharField(
        label="Your message to the management team",
        widget=forms.Textarea,
        max_length=2000,
        error_messages={"required": "Enter who you need to reach and why"},
    )
    requester_phone = forms.CharField(label="Your phone number", required=False, max_length=20)


class ContactRequestActForm(forms.Form):
    notes = forms.CharField(
        label="What did the team do?",
        widget=forms.Textarea,
        max_length=4000,
        error_messages={"required": "Enter what the team did"},
    )


class OverrideForm(forms.Form):
    purpose = forms.ChoiceField(
        label="Why do you need to see the hidden details?",
        choices=PRACTITIONER_PURPOSES,
        error_messages={
            "required": "Select why you need to see the hidden details",
            "invalid_choice": "Select why you need to see the hidden details",
        },
    )
    reason = forms.CharField(
        label="Reason for the emergency override",
        widget=forms.Textarea,
        max_length=2000,
        error_messages={"required": "Enter the reason for the emergency override"},
    )


class OverrideReviewForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Was the override justified?",
        choices=[
            (OverrideReview.Outcome.JUSTIFIED, OverrideReview.Outcome.JUSTIFIED.label),
            (OverrideReview.Outcome.NOT_JUSTIFIED, OverrideReview.Outcome.NOT_JUSTIFIED.label),
        ],
        error_messages={"required": "Select whether the override was justified"},
    )
    notes = forms.CharField(
        label="What the review found",
        widget=forms.Textarea,
        max_length=4000,
        error_messages={"required": "Enter what the review found"},
    )


def service_error_add(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on the field it names, if the form has it."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)


class NewIdentityForm(ReviewDateMixin, forms.Form):
    """The new identity's names, birth date, authority and shield, and the team's confirmation."""

    given_names = forms.CharField(
        label="New given names",
        max_length=100,
        error_messages={"required": "Enter the new given names"},
    )
    family_name = forms.CharField(
        label="New family name",
        max_length=100,
        error_messages={"required": "Enter the new family name"},
    )
    gender = forms.ChoiceField(
        label="Gender",
        choices=Gender.choices,
        error_messages={"required": "Select the gender"},
    )
    responsible_local_authority = forms.ModelChoiceField(
        label="Local authority responsible for the new record",
        queryset=LocalAuthority.objects.order_by("name"),
        empty_label=None,
        error_messages={"required": "Select the local authority responsible for the new record"},
    )
    reason = forms.ChoiceField(
        label="Why does the child need a new identity?",
        choices=ShieldingOrder.Reason.choices,
        error_messages={"required": "Select why the child needs a new identity"},
    )
    justification = forms.CharField(
        label="Justification for the new record's shield",
        widget=forms.Textarea,
        max_length=4000,
        error_messages={"required": "Enter the justification for the new record's shield"},
    )
    confirm = forms.BooleanField(
        label="I understand that the old record will be sealed for good, and that nobody will "
        "see the two records linked",
        error_messages={"required": "Confirm that the old record will be sealed"},
    )

    def clean(self):
        cleaned = super().clean()
        try:
            cleaned["date_of_birth"] = date_from_parts(
                self.data, DATE_OF_BIRTH_PREFIX, "Date of birth"
            )
        except ValidationError as error:
            self.add_error(None, error)
        return cleaned

    def service_arguments(self) -> dict:
        fields = (
            "given_names",
            "family_name",
            "gender",
            "date_of_birth",
            "responsible_local_authority",
            "reason",
            "justification",
            "review_due_on",
        )
        return {name: self.cleaned_data[name] for name in fields}

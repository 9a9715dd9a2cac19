"""Forms of the alert and suspension pages. Who may review, and what a review must say, are the
services' rules."""

from django import forms

from audit.models_anomalies import Suspension


class AlertReviewForm(forms.Form):
    notes = forms.CharField(
        label="What did the review find?",
        widget=forms.Textarea,
        max_length=4000,
        error_messages={"required": "Enter what the review found"},
    )


class SuspensionReviewForm(forms.Form):
    outcome = forms.ChoiceField(
        label="What is the outcome?",
        choices=[
            (Suspension.Status.REINSTATED, "Reinstate the user: they may use ContactPoint again"),
            (Suspension.Status.UPHELD, "Uphold the suspension: they stay suspended"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether to reinstate the user"},
    )
    notes = forms.CharField(
        label="What did the review find?",
        widget=forms.Textarea,
        max_length=4000,
        error_messages={"required": "Enter what the review found"},
    )

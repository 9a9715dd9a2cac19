"""The form behind every button of a record's page. The rules live in ingest.review.services."""

from django import forms

from ingest.review.services import CREATE, DIFFERENT, SAME
from registry.models import LocalAuthority


class ReviewDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[(SAME, "Same child"), (DIFFERENT, "Different child"), (CREATE, "New record")],
        error_messages={"required": "Choose a decision", "invalid_choice": "Choose a decision"},
    )
    child_id = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    local_authority_id = forms.ModelChoiceField(
        label="Local authority responsible for the new child",
        queryset=LocalAuthority.objects.order_by("name"),
        required=False,
        empty_label="Choose a local authority",
        error_messages={"invalid_choice": "Choose a local authority from the list"},
    )

    def service_arguments(self) -> dict:
        """The cleaned decision as review_resolve takes it."""
        authority = self.cleaned_data["local_authority_id"]
        return {
            "decision": self.cleaned_data["decision"],
            "child_id": self.cleaned_data["child_id"],
            "local_authority_id": authority.pk if authority else None,
        }

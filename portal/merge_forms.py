"""Forms of the merge pages. Who may merge, and which records can be, is the services' business."""

from django import forms
from django.core.exceptions import ValidationError

from registry.contactpoint_id import contactpoint_id_normalise


class ContactPointIdField(forms.CharField):
    """A ContactPoint ID as typed (spaces allowed), cleaned to its digits."""

    def __init__(self, **kwargs):
        super().__init__(max_length=20, **kwargs)

    def clean(self, value):
        return contactpoint_id_normalise(super().clean(value))


class MergePairForm(forms.Form):
    survivor = ContactPointIdField(
        label="Record to keep",
        error_messages={"required": "Enter the ContactPoint ID of the record to keep"},
    )
    merged = ContactPointIdField(
        label="Record to merge into it",
        error_messages={"required": "Enter the ContactPoint ID of the record to merge into it"},
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("survivor") and cleaned.get("survivor") == cleaned.get("merged"):
            raise ValidationError("Enter two different ContactPoint IDs")
        return cleaned


class MergeConfirmForm(MergePairForm):
    reason = forms.CharField(
        label="Why are these records the same child?",
        widget=forms.Textarea,
        max_length=2000,
        error_messages={"required": "Enter why these records are the same child"},
    )


class UnmergeForm(forms.Form):
    undo_reason = forms.CharField(
        label="Why are these records two children after all?",
        widget=forms.Textarea,
        max_length=2000,
        error_messages={"required": "Enter why the merge is being undone"},
    )

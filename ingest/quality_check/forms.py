"""The upload form: which feed the file is for, and the file, with the checks a file gets before
it is read (its size and the two formats' names). The format's own rules are the reader's."""

from pathlib import PurePath

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat

from ingest.models import Feed

FILE_SUFFIXES = (".csv", ".jsonl")


class QualityCheckForm(forms.Form):
    feed = forms.ModelChoiceField(
        label="Feed",
        queryset=Feed.objects.none(),
        to_field_name="code",
        empty_label="Choose a feed",
        error_messages={
            "required": "Choose the feed the file is for",
            "invalid_choice": "Choose a feed from the list",
        },
    )
    file = forms.FileField(
        label="Feed file",
        error_messages={
            "required": "Choose a file to check",
            "empty": "The file is empty",
            "invalid": "Choose a file to check",
        },
    )

    def __init__(self, *args, feeds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["feed"].queryset = feeds

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.QUALITY_CHECK_MAX_UPLOAD_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                f"The file must be smaller than {filesizeformat(limit)}. Check a larger file "
                "with the quality_check command, or split it."
            )
        if PurePath(upload.name).suffix.lower() not in FILE_SUFFIXES:
            raise forms.ValidationError("The file must be a CSV file (.csv) or JSON Lines (.jsonl)")
        return upload

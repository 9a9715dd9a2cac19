"""The forms behind the ingest admin: a feed's settings, a pause, a resume, and an upload."""

from django import forms

from ingest.models import Feed, TrustedField

REASON_MAX_LENGTH = 2000
THRESHOLDS_OUT_OF_ORDER = (
    "The thresholds must rise: shield guard below review, and review below auto-match."
)


class FeedSettingsForm(forms.ModelForm):
    """Thresholds and trusted fields: the only part of a feed an operator changes by hand."""

    trusted_fields = forms.TypedMultipleChoiceField(
        choices=TrustedField.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=Feed._meta.get_field("trusted_fields").help_text,
    )

    class Meta:
        model = Feed
        fields = [
            "auto_match_threshold",
            "review_threshold",
            "shield_guard_threshold",
            "trusted_fields",
        ]

    def clean(self):
        """Say which thresholds are out of order, rather than the database's constraint name.

        Marking the threshold fields invalid also keeps the model's own constraint check (which
        skips fields that failed) from adding its generic message beside this one.
        """
        cleaned_data = super().clean()
        thresholds = [
            cleaned_data.get(name)
            for name in ("shield_guard_threshold", "review_threshold", "auto_match_threshold")
        ]
        if None not in thresholds and not thresholds[0] < thresholds[1] < thresholds[2]:
            self.add_error(None, THRESHOLDS_OUT_OF_ORDER)
            for name in ("shield_guard_threshold", "review_threshold", "auto_match_threshold"):
                self.add_error(name, "Out of order.")
        return cleaned_data


class FeedPauseForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        max_length=REASON_MAX_LENGTH,
        help_text="Why the feed is being paused. Kept with the feed's history.",
    )


class FeedResumeForm(FeedPauseForm):
    """A resume; with held records still unresolved, also an explicit confirmation."""

    held_records_confirmed = forms.BooleanField(
        required=False,
        label="I know this feed has held records that no management team has resolved, "
        "and I mean to resume it.",
    )

    def __init__(self, *args, held_records: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].help_text = "Why the feed is being resumed. Kept with its history."
        if held_records:
            confirmation = self.fields["held_records_confirmed"]
            confirmation.required = True
            confirmation.error_messages["required"] = (
                f"This feed has {held_records} unresolved held records: confirm that you mean "
                "to resume it."
            )
        else:
            del self.fields["held_records_confirmed"]


class BatchUploadForm(forms.Form):
    feed = forms.ModelChoiceField(queryset=Feed.objects.all())
    file = forms.FileField(help_text="A feed file in the agreed format: .csv or .jsonl.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["feed"].label_from_instance = _feed_label


def _feed_label(feed: Feed) -> str:
    paused = "" if feed.is_running else " (paused)"
    return f"{feed.code}: {feed.name}{paused}"

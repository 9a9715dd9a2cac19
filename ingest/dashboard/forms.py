"""The dashboard's filters: one feed or all of the user's, and how many days back."""

from django import forms

from ingest.dashboard.period import DEFAULT_DAYS, PERIOD_CHOICES
from ingest.models import Feed


class DashboardFilterForm(forms.Form):
    feed = forms.ModelChoiceField(
        label="Feed",
        queryset=Feed.objects.none(),
        to_field_name="code",
        required=False,
        empty_label="All feeds",
    )
    days = forms.TypedChoiceField(
        label="Period",
        choices=[(days, f"Last {days} days") for days in PERIOD_CHOICES],
        coerce=int,
        required=False,
        empty_value=DEFAULT_DAYS,
    )

    def __init__(self, *args, feeds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["feed"].queryset = feeds

    def filters(self) -> tuple[Feed | None, int]:
        """The chosen feed and period; the defaults where the query asks for something else."""
        if self.is_valid():
            return self.cleaned_data["feed"], self.cleaned_data["days"]
        return None, DEFAULT_DAYS

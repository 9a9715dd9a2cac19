"""The reports' filter forms. They are GET forms: a report's filters belong in its URL, so that a
page of results can be linked to, paged through and exported with the same filters.

Dates are UK dates (Europe/London, GMT or BST as the day falls), entered in GOV.UK date inputs, and
both ends are inclusive; the events themselves are stored in UTC.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import Organisation
from audit.models import AccessEvent
from audit.reports.selectors import EventFilters
from portal.forms import date_from_parts
from registry.contactpoint_id import contactpoint_id_normalise

DATE_PARTS = ("day", "month", "year")


class DateRangeForm(forms.Form):
    """From and to dates, both optional and both inclusive."""

    from_day = forms.CharField(required=False, max_length=2)
    from_month = forms.CharField(required=False, max_length=2)
    from_year = forms.CharField(required=False, max_length=4)
    to_day = forms.CharField(required=False, max_length=2)
    to_month = forms.CharField(required=False, max_length=2)
    to_year = forms.CharField(required=False, max_length=4)

    def clean(self):
        cleaned = super().clean()
        cleaned["from_date"] = self._date("from", "The start date")
        cleaned["to_date"] = self._date("to", "The end date")
        if (
            cleaned["from_date"]
            and cleaned["to_date"]
            and cleaned["from_date"] > cleaned["to_date"]
        ):
            self.add_error("to_day", "The end date must be the same as or after the start date")
        return cleaned

    def _date(self, prefix: str, label: str) -> datetime.date | None:
        if not any(str(self.data.get(f"{prefix}_{part}", "")).strip() for part in DATE_PARTS):
            return None
        try:
            return date_from_parts(self.data, prefix, label)
        except ValidationError as error:
            self.add_error(f"{prefix}_day", error)
            return None

    def occurred_from(self) -> datetime.datetime | None:
        """The first moment of the start date, in UK time."""
        start = self.cleaned_data["from_date"]
        return _uk_moment(start, datetime.time.min) if start else None

    def occurred_before(self) -> datetime.datetime | None:
        """The first moment after the end date, in UK time."""
        end = self.cleaned_data["to_date"]
        return _uk_moment(end + datetime.timedelta(days=1), datetime.time.min) if end else None

    def filters_for_audit(self) -> dict[str, str]:
        """The filters as the audit event records them: what the reader asked for."""
        dates = {"from": self.cleaned_data["from_date"], "to": self.cleaned_data["to_date"]}
        return {name: value.isoformat() for name, value in dates.items() if value}


class EventSearchForm(DateRangeForm):
    """The auditor's filters. Every one is optional; together they narrow the events."""

    from_time = forms.TimeField(
        label="From time", required=False, input_formats=["%H:%M"], widget=forms.TimeInput
    )
    to_time = forms.TimeField(
        label="To time", required=False, input_formats=["%H:%M"], widget=forms.TimeInput
    )
    username = forms.CharField(label="Username", required=False, max_length=150)
    organisation = forms.ModelChoiceField(
        label="Organisation",
        queryset=Organisation.objects.order_by("name"),
        required=False,
        empty_label="Any organisation",
    )
    kind = forms.ChoiceField(
        label="Kind of event", choices=[("", "Any kind"), *AccessEvent.Kind.choices], required=False
    )
    contactpoint_id = forms.CharField(
        label="Child's ContactPoint ID", required=False, max_length=20
    )
    request_id = forms.CharField(label="Request ID", required=False, max_length=64)
    ip_address = forms.GenericIPAddressField(label="IP address", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("from_time", "to_time"):
            self.fields[name].error_messages["invalid"] = "Enter a time like 09:30 or 17:05"

    def clean_contactpoint_id(self) -> str:
        value = self.cleaned_data["contactpoint_id"].strip()
        return contactpoint_id_normalise(value) if value else ""

    def clean(self):
        cleaned = super().clean()
        for prefix in ("from", "to"):
            time_without_date = cleaned.get(f"{prefix}_time") and not cleaned.get(f"{prefix}_date")
            if time_without_date and f"{prefix}_day" not in self.errors:
                self.add_error(f"{prefix}_time", "Enter the date as well as the time")
        start, end = self._moments(cleaned)
        if start and end and start >= end and "to_day" not in self.errors:
            self.add_error("to_time", "The end must be after the start")
        return cleaned

    def _moments(self, cleaned) -> tuple[datetime.datetime | None, datetime.datetime | None]:
        start_date, end_date = cleaned.get("from_date"), cleaned.get("to_date")
        start_time, end_time = cleaned.get("from_time"), cleaned.get("to_time")
        start = _uk_moment(start_date, start_time or datetime.time.min) if start_date else None
        if end_date is None:
            return start, None
        if end_time is None:
            return start, _uk_moment(end_date + datetime.timedelta(days=1), datetime.time.min)
        # A time names a whole minute: 17:05 takes in every event up to 17:05:59.
        return start, _uk_moment(end_date, end_time) + datetime.timedelta(minutes=1)

    def occurred_from(self) -> datetime.datetime | None:
        return self._moments(self.cleaned_data)[0]

    def occurred_before(self) -> datetime.datetime | None:
        return self._moments(self.cleaned_data)[1]

    def event_filters(self) -> EventFilters:
        data = self.cleaned_data
        return EventFilters(
            occurred_from=self.occurred_from(),
            occurred_before=self.occurred_before(),
            username=data["username"].strip(),
            organisation=data["organisation"],
            kind=data["kind"],
            contactpoint_id=data["contactpoint_id"],
            request_id=data["request_id"].strip(),
            ip_address=data["ip_address"] or "",
        )

    def filters_for_audit(self) -> dict[str, str]:
        filters = super().filters_for_audit()
        data = self.cleaned_data
        for name in ("from_time", "to_time"):
            if data.get(name):
                filters[name] = data[name].strftime("%H:%M")
        if data["organisation"] is not None:
            filters["organisation"] = data["organisation"].code
        for name in ("username", "kind", "contactpoint_id", "request_id", "ip_address"):
            if data[name]:
                filters[name] = str(data[name]).strip()
        return filters


def _uk_moment(day: datetime.date, time: datetime.time) -> datetime.datetime:
    """The moment a UK clock shows `time` on `day` (settings.TIME_ZONE is Europe/London)."""
    return timezone.make_aware(
        datetime.datetime.combine(day, time), timezone.get_default_timezone()
    )

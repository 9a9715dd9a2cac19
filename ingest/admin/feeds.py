"""Feeds in the admin: their state and settings, their history, and pausing and resuming.

A pause or a resume always goes through ingest.services with a reason, so that who and why are
kept (on the feed, and in its FeedStateChange history shown read-only on the feed's page).
Resuming shows how many held records are unresolved, and needs a confirmation when there are any.
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.timezone import localtime

from ingest.admin.access import FeedOperationsAdmin
from ingest.admin.forms import FeedPauseForm, FeedResumeForm, FeedSettingsForm
from ingest.models import Feed, TrustedField
from ingest.selectors import unresolved_held_count
from ingest.services import feed_pause, feed_resume, may_operate_feeds

_DESCRIPTIVE_FIELDS = ["code", "name", "scope", "local_authority"]
_STATE_FIELDS = [
    "state",
    "state_changed_by",
    "state_changed_at",
    "state_reason",
    "unresolved_held_records",
]
_SETTINGS_FIELDS = [
    "auto_match_threshold",
    "review_threshold",
    "shield_guard_threshold",
    "trusted_fields",
]


class FeedAdmin(FeedOperationsAdmin):
    form = FeedSettingsForm
    list_display = [
        "code",
        "name",
        "scope",
        "state",
        "state_changed_by",
        "state_changed_at",
        "state_reason",
        "auto_match_threshold",
        "review_threshold",
        "shield_guard_threshold",
        "trusted_fields_shown",
    ]
    list_filter = ["state", "scope"]
    list_select_related = ["state_changed_by"]
    search_fields = ["code", "name"]
    fieldsets = [
        (None, {"fields": _DESCRIPTIVE_FIELDS}),
        ("State", {"fields": _STATE_FIELDS}),
        ("Matching", {"fields": _SETTINGS_FIELDS}),
        ("History", {"fields": ["state_history"]}),
    ]
    readonly_fields = [*_DESCRIPTIVE_FIELDS, *_STATE_FIELDS, "state_history"]

    def has_change_permission(self, request, obj=None):
        return may_operate_feeds(request.user) and request.user.has_perm("ingest.change_feed")

    @admin.display(description="Trusted fields")
    def trusted_fields_shown(self, feed: Feed) -> str:
        labels = dict(TrustedField.choices)
        return ", ".join(labels.get(field, field) for field in feed.trusted_fields) or "None"

    @admin.display(description="Unresolved held records")
    def unresolved_held_records(self, feed: Feed) -> int:
        return unresolved_held_count(feed=feed)

    @admin.display(description="Pauses and resumes")
    def state_history(self, feed: Feed) -> str:
        """Every pause and resume, newest first. A table rather than an inline: the history is
        written only by the services, and saving the feed's settings posts nothing about it."""
        changes = feed.state_changes.select_related("by")
        if not changes:
            return "This feed has not been paused."
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    date_format(localtime(change.at), "DATETIME_FORMAT"),
                    change.get_action_display(),
                    change.by,
                    change.reason,
                    change.unresolved_held_records,
                )
                for change in changes
            ),
        )
        return format_html(
            "<table><thead><tr><th>When</th><th>What</th><th>By</th><th>Why</th>"
            "<th>Unresolved held records</th></tr></thead><tbody>{}</tbody></table>",
            rows,
        )

    def get_urls(self):
        own = [
            path(
                "<path:object_id>/pause/",
                self.admin_site.admin_view(self.pause_view),
                name="ingest_feed_pause",
            ),
            path(
                "<path:object_id>/resume/",
                self.admin_site.admin_view(self.resume_view),
                name="ingest_feed_resume",
            ),
        ]
        return own + super().get_urls()

    def pause_view(self, request, object_id):
        feed = self._feed_to_operate(request, object_id)
        if feed is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        form = FeedPauseForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            changed = self._service_run(
                form, lambda: feed_pause(feed=feed, by=request.user, **form.cleaned_data)
            )
            if changed:
                messages.success(request, f"{feed} is paused. No further chunk will start.")
                return redirect(self._change_url(feed))
        return self._state_change_page(request, feed, form, action="Pause", held_records=None)

    def resume_view(self, request, object_id):
        feed = self._feed_to_operate(request, object_id)
        if feed is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        held_records = unresolved_held_count(feed=feed)
        form = FeedResumeForm(request.POST or None, held_records=held_records)
        if request.method == "POST" and form.is_valid():
            changed = self._service_run(
                form, lambda: feed_resume(feed=feed, by=request.user, **form.cleaned_data)
            )
            if changed:
                messages.success(request, f"{feed} is running again, from where it stopped.")
                return redirect(self._change_url(feed))
        return self._state_change_page(
            request, feed, form, action="Resume", held_records=held_records
        )

    def _feed_to_operate(self, request, object_id) -> Feed | None:
        feed = self.get_object(request, unquote(object_id))
        if feed is not None and not self.has_change_permission(request, feed):
            raise PermissionDenied
        return feed

    @staticmethod
    def _service_run(form, service_call) -> bool:
        """Call the service; its refusals become the form's errors. True when it succeeded."""
        try:
            service_call()
        except ValidationError as error:
            field = None
            unconfirmed = getattr(error, "code", None) == "held_records_unconfirmed"
            if unconfirmed and "held_records_confirmed" in form.fields:
                field = "held_records_confirmed"
            form.add_error(field, error)
            return False
        return True

    def _state_change_page(self, request, feed, form, *, action: str, held_records):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": feed,
            "title": f"{action} {feed}",
            "action": action,
            "form": form,
            "held_records": held_records,
            "history": feed.state_changes.select_related("by")[:5],
        }
        return TemplateResponse(request, "admin/ingest/feed/state_change_form.html", context)

    def _change_url(self, feed: Feed) -> str:
        return reverse("admin:ingest_feed_change", args=[feed.pk])

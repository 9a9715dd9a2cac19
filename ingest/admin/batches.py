"""Batches in the admin: upload a file, watch it being processed, and read what became of it.

The upload is the admin's "add" page, so the permission to add a batch is the permission to
upload one. Everything shown comes from the batch's own counters and the ledger (record_id,
outcome, reason): never a record's content, and nothing of a held record beyond "held".
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from ingest.admin.access import FeedOperationsAdmin
from ingest.admin.forms import BatchUploadForm
from ingest.admin.reconciliation import reconciliation_response
from ingest.models import Batch, Outcome
from ingest.selectors import batch_rejection_reasons
from ingest.services import may_operate_feeds
from ingest.staging import BatchReceipt, batch_receive

IN_PROGRESS = (Batch.Status.QUEUED, Batch.Status.PROCESSING)
REFRESH_SECONDS = 5
NOT_KNOWN_YET = "-"


class BatchAdmin(FeedOperationsAdmin):
    list_display = [
        "id",
        "feed",
        "file_name",
        "status",
        "received_at",
        "progress",
        "rate",
        "time_left",
        "outcomes_in_brief",
    ]
    list_filter = ["status", "feed"]
    list_select_related = ["feed"]
    search_fields = ["file_name"]
    show_full_result_count = False
    fieldsets = [
        (None, {"fields": ["feed", "file_name", "sha256", "uploaded_by", "received_at"]}),
        (
            "Progress",
            {
                "fields": [
                    "status",
                    "progress",
                    "records_done",
                    "rate",
                    "time_left",
                    "started_at",
                    "last_progress_at",
                    "finished_at",
                ]
            },
        ),
        (
            "Outcomes",
            {"fields": ["outcome_table", "rejection_message", "rejection_reasons", "reports"]},
        ),
    ]
    readonly_fields = [field for _title, options in fieldsets for field in options["fields"]]

    def has_add_permission(self, request):
        return may_operate_feeds(request.user) and request.user.has_perm("ingest.add_batch")

    @admin.display(description="Done")
    def progress(self, batch: Batch) -> str:
        return format_html(
            '<progress max="100" value="{}"></progress> {}%',
            f"{batch.percent_done:.0f}",
            f"{batch.percent_done:.1f}",
        )

    @admin.display(description="Records processed")
    def records_done(self, batch: Batch) -> str:
        return f"{batch.processed_records:,} of {batch.total_records:,}"

    @admin.display(description="Rate")
    def rate(self, batch: Batch) -> str:
        rate = batch.records_per_second
        return NOT_KNOWN_YET if rate is None else f"{rate:,.0f} records/s"

    @admin.display(description="Time left")
    def time_left(self, batch: Batch) -> str:
        remaining = batch.time_remaining
        if batch.status not in IN_PROGRESS or remaining is None:
            return NOT_KNOWN_YET
        return f"about {remaining}"

    @admin.display(description="Outcomes")
    def outcomes_in_brief(self, batch: Batch) -> str:
        counts = [f"{label} {batch.outcome_counts[value]:,}" for value, label in Outcome.choices]
        return ", ".join(counts)

    @admin.display(description="Records by outcome")
    def outcome_table(self, batch: Batch) -> str:
        rows = format_html_join(
            "",
            "<tr><th scope='row'>{}</th><td>{}</td></tr>",
            ((label, f"{batch.outcome_counts[value]:,}") for value, label in Outcome.choices),
        )
        return format_html("<table>{}</table>", rows)

    @admin.display(description="Why records were rejected")
    def rejection_reasons(self, batch: Batch) -> str:
        reasons = batch_rejection_reasons(batch=batch)
        if not reasons:
            return "No record was rejected."
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td></tr>",
            ((reason, f"{records:,}") for reason, records in reasons),
        )
        return format_html(
            "<table><thead><tr><th>Reason</th><th>Records</th></tr></thead>"
            "<tbody>{}</tbody></table>",
            rows,
        )

    @admin.display(description="Reports")
    def reports(self, batch: Batch) -> str:
        ledger = reverse("admin:ingest_stagedrecord_changelist")
        return format_html(
            '<a href="{}">Download the reconciliation report (CSV)</a><br>'
            '<a href="{}?batch__id__exact={}">Each record and its outcome</a>',
            reverse("admin:ingest_batch_reconciliation", args=[batch.pk]),
            ledger,
            batch.pk,
        )

    def get_urls(self):
        own = [
            path(
                "<path:object_id>/reconciliation.csv",
                self.admin_site.admin_view(self.reconciliation_view),
                name="ingest_batch_reconciliation",
            ),
        ]
        return own + super().get_urls()

    def reconciliation_view(self, request, object_id):
        batch = self.get_object(request, unquote(object_id))
        if batch is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_permission(request, batch):
            raise PermissionDenied
        return reconciliation_response(batch)

    def changelist_view(self, request, extra_context=None):
        in_progress = Batch.objects.filter(status__in=IN_PROGRESS).exists()
        return super().changelist_view(request, _refreshing(extra_context, in_progress))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        in_progress = obj is not None and obj.status in IN_PROGRESS
        context = _refreshing(context, in_progress)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def add_view(self, request, form_url="", extra_context=None):
        """The upload: receive the file as a batch and show what the receipt says."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = BatchUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            receipt = batch_receive(
                feed=form.cleaned_data["feed"],
                stream=upload,
                file_name=upload.name,
                uploaded_by=request.user,
            )
            receipt_announce(request, receipt)
            return redirect(reverse("admin:ingest_batch_change", args=[receipt.batch.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Upload a feed file",
            "form": form,
        }
        return TemplateResponse(request, "admin/ingest/batch/upload_form.html", context)


def receipt_announce(request, receipt: BatchReceipt) -> None:
    """The receipt's message, as a warning when nothing changed and an error when rejected."""
    batch = receipt.batch
    if not receipt.is_new:
        messages.warning(request, receipt.message)
    elif batch.status == Batch.Status.REJECTED:
        messages.error(request, receipt.message)
    else:
        messages.success(request, receipt.message)
        if not batch.feed.is_running:
            messages.warning(
                request, f"{batch.feed} is paused: this batch waits until the feed is resumed."
            )


def _refreshing(extra_context: dict | None, in_progress: bool) -> dict:
    return {**(extra_context or {}), "refresh_seconds": REFRESH_SECONDS if in_progress else None}

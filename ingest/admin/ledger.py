"""The ledger in the admin: each record of one batch with its outcome and reason.

Only the ledger is shown (ingest.models.StagedRecord). A record's content, the child it was
matched to, and its candidates live in StagedRecordContent, which the admin never registers. The
list shows one batch at a time: every batch's records together are too many to count or to read.
"""

from django.contrib import admin
from django.contrib.admin.views.main import ChangeList

from ingest.admin.access import FeedOperationsAdmin
from ingest.models import Batch, Outcome, StagedRecord

BATCH_FILTER = "batch__id__exact"


class OneBatchChangeList(ChangeList):
    """Empty until a batch is chosen (the batch's page links here with its filter)."""

    def get_queryset(self, request, exclude_parameters=None):
        queryset = super().get_queryset(request, exclude_parameters)
        return queryset if BATCH_FILTER in self.params else queryset.none()


class StagedRecordAdmin(FeedOperationsAdmin):
    list_display = ["row_number", "record_id", "outcome", "reason_shown", "processed_at"]
    list_display_links = None
    list_filter = ["outcome"]
    search_fields = ["=record_id"]
    search_help_text = "Enter a record_id exactly as the source sent it."
    show_full_result_count = False
    # A batch can hold a million records: counting each filter's choices is not worth it.
    show_facets = admin.ShowFacets.NEVER
    list_per_page = 100
    fields = readonly_fields = [
        "batch",
        "row_number",
        "record_id",
        "outcome",
        "reason_shown",
        "processed_at",
    ]

    @admin.display(description="Reason")
    def reason_shown(self, staged_record: StagedRecord) -> str:
        """Nothing for a held record: even why it was held would say something about the child."""
        return "" if staged_record.outcome == Outcome.HELD else staged_record.reason

    def get_changelist(self, request, **kwargs):
        return OneBatchChangeList

    def changelist_view(self, request, extra_context=None):
        batch = _batch_chosen(request.GET.get(BATCH_FILTER))
        title = f"Records of batch {batch.pk}: {batch.file_name}" if batch else "Records"
        context = {**(extra_context or {}), "title": title, "chosen_batch": batch}
        return super().changelist_view(request, context)


def _batch_chosen(batch_id: str | None) -> Batch | None:
    if not batch_id or not batch_id.isdigit():
        return None
    return Batch.objects.filter(pk=int(batch_id)).first()

"""Which batches need their chain of chunk tasks started again.

A batch has a live chain when a worker holds its row lock (a chunk is running), or recently
committed a chunk. Lost chains come from a worker killed between tasks, or a task lost with its
worker; the broker would redeliver only after its visibility timeout.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ingest.models import Batch


def batches_to_restart(*, stalled_only: bool) -> list[int]:
    """Running feeds' unfinished batches that no worker holds. With `stalled_only`, only those
    with no chunk committed for INGEST_STALL_SECONDS (the beat's check); otherwise all of them
    (a worker starting up). A chain that is in fact alive just meets a duplicate that stops."""
    candidates = Batch.objects.filter(
        status__in=[Batch.Status.QUEUED, Batch.Status.PROCESSING],
        feed__state="running",
    )
    if stalled_only:
        stalled_before = timezone.now() - timedelta(seconds=settings.INGEST_STALL_SECONDS)
        candidates = candidates.filter(
            Q(last_progress_at__lt=stalled_before)
            | Q(last_progress_at__isnull=True, received_at__lt=stalled_before)
        )
    with transaction.atomic():
        return list(
            candidates.select_for_update(skip_locked=True, of=("self",)).values_list(
                "pk", flat=True
            )
        )

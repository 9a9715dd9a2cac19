"""Celery tasks of the shielding app: thin, and safe to run twice."""

from celery import shared_task

from shielding.record_retention import retention_apply


@shared_task(name="shielding.retention_apply")
def retention_apply_task() -> dict[str, int]:
    """Archive and purge the records that are due (daily, on the beat). A second run the same day
    finds nothing left to do. Returns the counts, by action."""
    report = retention_apply()
    return {**report.counts, "merged": report.merged, "failed": report.failed}

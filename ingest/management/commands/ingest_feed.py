"""`manage.py ingest_feed FEED_CODE PATH [--wait]`: receive a feed file as a batch of a feed."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from ingest.management.batch_wait import BatchWaitResult, batch_wait
from ingest.models import Batch, Feed, Outcome
from ingest.services import may_operate_feeds
from ingest.staging import batch_receive

STALL_SECONDS = 60.0


class Command(BaseCommand):
    help = (
        "Receive a feed file (.csv or .jsonl) as one batch of the feed FEED_CODE, and print what "
        "happened. The same file again changes nothing. A file that breaks the format as a whole "
        "is rejected, with a non-zero exit. This command only receives the file: the Celery "
        "workers match its records, so a worker must be running (`make run` starts one, or "
        "`celery -A contactpoint worker`). With --wait, it then prints the batch's progress until "
        "it is done."
    )

    def add_arguments(self, parser):
        parser.add_argument("feed_code", metavar="FEED_CODE", help="The feed's code.")
        parser.add_argument("path", metavar="PATH", type=Path, help="The file to receive.")
        parser.add_argument(
            "--wait",
            action="store_true",
            help="Wait for the workers to process the batch, printing progress and then the "
            "outcome counts. Exits non-zero if the batch is rejected or its feed is paused.",
        )
        parser.add_argument(
            "--by",
            metavar="USERNAME",
            help="The operations user on whose behalf the file is received; recorded on the batch.",
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=2.0,
            help="Seconds between progress checks with --wait (default 2).",
        )

    def handle(self, *args, feed_code: str, path: Path, wait: bool, interval: float, **options):
        feed = _feed_named(feed_code)
        uploaded_by = _operator_named(options["by"]) if options["by"] else None
        if not path.is_file():
            raise CommandError(f"There is no file at {path}.")
        with path.open("rb") as stream:
            receipt = batch_receive(
                feed=feed, stream=stream, file_name=path.name, uploaded_by=uploaded_by
            )
        batch = receipt.batch
        if receipt.is_new and batch.status == Batch.Status.REJECTED:
            raise CommandError(receipt.message)
        self.stdout.write(receipt.message)
        if wait:
            self._wait(batch, interval=interval)

    def _wait(self, batch: Batch, *, interval: float) -> None:
        result = batch_wait(
            batch_id=batch.pk,
            interval=interval,
            progress_report=lambda batch: self.stdout.write(progress_line(batch)),
            stall_report=lambda seconds: self.stderr.write(stall_line(seconds)),
            stall_seconds=STALL_SECONDS,
        )
        self._result_report(result)

    def _result_report(self, result: BatchWaitResult) -> None:
        batch = result.batch
        if result.rejected:
            raise CommandError(f"Batch {batch.pk} was rejected: {batch.rejection_message}")
        if result.feed_paused:
            raise CommandError(paused_message(batch))
        self.stdout.write(progress_line(batch))
        self.stdout.write(f"Batch {batch.pk} completed: {outcome_counts_line(batch)}.")


def _feed_named(feed_code: str) -> Feed:
    feed = Feed.objects.filter(code=feed_code).first()
    if feed is not None:
        return feed
    known = ", ".join(Feed.objects.values_list("code", flat=True)) or "none yet"
    raise CommandError(f"There is no feed with the code {feed_code!r}. Known feeds: {known}.")


def progress_line(batch: Batch) -> str:
    rate = batch.records_per_second
    parts = [
        f"Batch {batch.pk}: {batch.percent_done:.1f}% "
        f"({batch.processed_records:,} of {batch.total_records:,} records)"
    ]
    if rate is not None:
        parts.append(f"{rate:,.0f} records/s")
    remaining = batch.time_remaining
    if remaining is not None and batch.processed_records < batch.total_records:
        parts.append(f"about {remaining} left")
    return ", ".join(parts)


def outcome_counts_line(batch: Batch) -> str:
    counts = batch.outcome_counts
    return ", ".join(f"{counts[value]:,} {label.lower()}" for value, label in Outcome.choices)


def stall_line(seconds: float) -> str:
    return (
        f"No progress for {seconds:.0f} seconds. Is a Celery worker running? "
        "(`make run` starts one, or `celery -A contactpoint worker`.) Still waiting."
    )


def paused_message(batch: Batch) -> str:
    feed = batch.feed
    who = f" by {feed.state_changed_by}" if feed.state_changed_by else ""
    when = f" at {feed.state_changed_at:%d %B %Y %H:%M} UTC" if feed.state_changed_at else ""
    why = f" ({feed.state_reason})" if feed.state_reason else ""
    return (
        f"The feed {feed.code} is paused{who}{when}{why}. Batch {batch.pk} stopped at "
        f"{batch.processed_records:,} of {batch.total_records:,} records and carries on from "
        "there when the feed is resumed."
    )


def _operator_named(username: str):
    user = get_user_model().objects.filter(username=username).first()
    if user is None or not may_operate_feeds(user):
        raise CommandError(f"{username!r} is not an active operations user.")
    return user

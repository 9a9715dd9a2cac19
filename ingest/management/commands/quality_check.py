"""`manage.py quality_check FEED_CODE PATH [--by USERNAME]`: check a feed file, loading nothing."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from ingest.management.commands.ingest_feed import _feed_named
from ingest.models import Feed
from ingest.quality_check.access import checkable_feeds
from ingest.quality_check.report import QualityReport, RecordError
from ingest.quality_check.selectors import feed_file_check

EXIT_RECORD_ERRORS = 1
EXIT_FILE_REJECTED = 2


class Command(BaseCommand):
    help = (
        "Check a feed file (.csv or .jsonl) as a batch of the feed FEED_CODE would be checked and "
        "matched, and print the report: each record that breaks the format (row, record ID, "
        "column, rule), the pairs of records that are probably the same child, and how many "
        "records would be matched, reviewed, created or held. Nothing is loaded. The file is read "
        "a record at a time, so a file of any size can be checked. Exits 0 when every record "
        "follows the format, 1 when some records break it, 2 when the whole file is rejected."
    )

    def add_arguments(self, parser):
        parser.add_argument("feed_code", metavar="FEED_CODE", help="The feed's code.")
        parser.add_argument("path", metavar="PATH", type=Path, help="The file to check.")
        parser.add_argument(
            "--by",
            metavar="USERNAME",
            help="The user on whose behalf the file is checked; recorded in the audit trail, and "
            "the feed must be one whose files they may check.",
        )

    def handle(self, *args, feed_code: str, path: Path, **options):
        feed = _feed_named(feed_code)
        checker = _checker_named(options["by"], feed=feed) if options["by"] else None
        if not path.is_file():
            raise CommandError(f"There is no file at {path}.")
        self.stdout.write(
            f"Checking {path.name} as a file of the feed {feed.code}. Nothing is loaded."
        )
        with path.open("rb") as stream:
            report = feed_file_check(
                feed=feed, stream=stream, file_name=path.name, user=checker, on_error=self._error
            )
        for line in report_lines(report):
            self.stdout.write(line)
        if report.file_error:
            raise CommandError(report.file_error, returncode=EXIT_FILE_REJECTED)
        if report.error_count:
            raise CommandError(
                f"{report.error_count:,} records break the feed format.",
                returncode=EXIT_RECORD_ERRORS,
            )

    def _error(self, error: RecordError) -> None:
        self.stdout.write(error_line(error))


def error_line(error: RecordError) -> str:
    record = f" (record_id {error.record_id})" if error.record_id else ""
    return f"Row {error.row_number}{record}: {error.column} ({error.rule}): {error.message}"


def report_lines(report: QualityReport) -> list[str]:
    """The report after the errors: the counts, the rules broken, and the duplicate pairs."""
    lines = [f"SHA-256 {report.sha256}."]
    if report.file_error:
        return [*lines, f"The whole file would be rejected: {report.file_error}"]
    outcomes = report.outcomes
    lines += [
        f"{report.records:,} records: {report.error_count:,} break the format, "
        f"{report.valid_records:,} are valid.",
        f"If loaded now: {outcomes['matched']:,} matched, {outcomes['review']:,} to review, "
        f"{outcomes['created']:,} created, {outcomes['held']:,} held.",
    ]
    lines += [
        f"Rule broken: {column} ({rule}): {count:,} records."
        for column, rule, count in report.rule_counts()
    ]
    lines.append(f"{report.duplicate_pair_count:,} pairs of records are probably the same child.")
    for pair in report.duplicate_pairs:
        strength = "likely" if pair.likely else "possible"
        lines.append(
            f"Rows {pair.first_row} ({pair.first_record_id}) and {pair.second_row} "
            f"({pair.second_record_id}): {strength}; agreeing: {pair.agreeing_shown}."
        )
    if report.duplicate_pair_count > len(report.duplicate_pairs):
        lines.append(
            f"… and {report.duplicate_pair_count - len(report.duplicate_pairs):,} more pairs."
        )
    if not report.duplicate_search_complete:
        lines.append("The search for pairs stopped early: too many records share names and dates.")
    return lines


def _checker_named(username: str, *, feed: Feed):
    user = get_user_model().objects.filter(username=username).first()
    if user is None or not checkable_feeds(user=user).filter(pk=feed.pk).exists():
        raise CommandError(
            f"{username!r} is not an active user who may check files of {feed.code}."
        )
    return user

"""`manage.py retention`: archive and purge the records that are due today, as the daily beat task
does; with --dry-run, list what would change and change nothing (--on YYYY-MM-DD: on that day).

The list gives, for each rule, how many records and their ContactPoint IDs: the ID is identity that
every signed-in user may see, and the operator needs it to answer "why is this record going?". No
name, birth date or hidden value is printed. A sealed record (an old identity) is counted, never
listed: its ID is of use to nobody, and printed on a day's run it could be matched with the new
identity made the same week.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError

from registry.retention import RetentionAction, RetentionPeriods, retention_action_label
from shielding.record_retention import RetentionReport, retention_apply, retention_plan

IDS_PER_LINE = 6


class Command(BaseCommand):
    help = "Archive and purge the records due under the retention rules (--dry-run to list them)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="List what would be archived and purged today, by rule; change nothing.",
        )
        parser.add_argument(
            "--on",
            type=datetime.date.fromisoformat,
            help="With --dry-run: list what would change on this day (YYYY-MM-DD) instead.",
        )

    def handle(self, *args, dry_run: bool = False, on: datetime.date | None = None, **options):
        periods = RetentionPeriods.from_settings()
        if on is not None and not dry_run:
            raise CommandError(
                "--on looks ahead: use it with --dry-run. A run applies today's rules."
            )
        if dry_run:
            plan = retention_plan(today=on)
            self.stdout.write(f"Retention on {plan.today:%Y-%m-%d}: a dry run, nothing changed.")
            self._write_plan(plan, periods)
            return
        report = retention_apply()
        self.stdout.write(f"Retention on {report.today:%Y-%m-%d}:")
        for action in RetentionAction:
            label = retention_action_label(action, periods=periods)
            self.stdout.write(f"{label}: {report.counts[action]} done")
        self._write_merged_and_failed(report)

    def _write_plan(self, plan: RetentionReport, periods: RetentionPeriods) -> None:
        for action in RetentionAction:
            label = retention_action_label(action, periods=periods)
            self.stdout.write(f"{label}: {plan.counts[action]}")
            ids = plan.contactpoint_ids.get(action)
            if ids is None and plan.counts[action]:
                self.stdout.write("  (sealed records are counted, not listed)")
            for start in range(0, len(ids or ()), IDS_PER_LINE):
                self.stdout.write("  " + "  ".join(ids[start : start + IDS_PER_LINE]))
        self._write_merged_and_failed(plan)

    def _write_merged_and_failed(self, report: RetentionReport) -> None:
        if report.merged:
            self.stdout.write(
                f"Records merged into those purged, which go with them: {report.merged}"
            )
        if report.failed:
            self.stderr.write(
                self.style.WARNING(
                    f"{report.failed} records could not be purged; the log names their keys."
                )
            )

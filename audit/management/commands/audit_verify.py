"""`manage.py audit_verify`: seal what can be sealed, then walk the hash chain and report the
first broken link. Exits non-zero on a break, so a scheduled run can raise the alarm."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from audit.chain import chain_seal
from audit.chain_verification import chain_verify


class Command(BaseCommand):
    help = "Verify the audit trail's hash chain and report the first broken link."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-seal",
            action="store_true",
            help="Verify only; do not seal waiting events first.",
        )

    def handle(self, *args, no_seal: bool = False, **options):
        if not no_seal:
            chain_seal()
        report = chain_verify()
        if report.unsealed:
            oldest = timezone.localtime(report.oldest_unsealed_at)
            self.stdout.write(
                f"{report.unsealed} events wait to be sealed (the oldest from "
                f"{oldest:%Y-%m-%d %H:%M:%S %Z}): their transactions were still running."
            )
        if not report.intact:
            broken = report.first_break
            raise CommandError(
                f"Audit chain broken at position {broken.position}: {broken.reason}. "
                f"{report.verified} events before it verified."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Audit chain intact: {report.verified} events verified; "
                f"head at position {report.head_position}, hash {report.head_hash}."
            )
        )

"""Make the demo ready: local authorities, feeds, one user per role, and (once) the demo population
with a few shielded children."""

import os

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from demo.feeds import demo_feeds_create
from demo.shielded import demo_children_shield
from demo.users import (
    DEMO_USERS,
    DemoSecondFactor,
    demo_second_factors_ensure,
    demo_users_create,
    localities_create,
)

BACKUP_CODES_PER_LINE = 5


class Command(BaseCommand):
    help = "Create the demo's local authorities and users, and seed the demo population once."

    def add_arguments(self, parser):
        parser.add_argument("--children", type=int, default=settings.DEMO_POPULATION_SIZE)

    def handle(self, *args, children: int, **options):
        password = os.environ.get("CONTACTPOINT_DEMO_PASSWORD")
        if not password:
            raise CommandError("Set CONTACTPOINT_DEMO_PASSWORD to the demo users' password.")
        localities_create()
        demo_feeds_create()
        demo_users_create(password=password)
        second_factors = demo_second_factors_ensure()
        call_command("seed_demo", children=children, if_empty=True)
        shielded = demo_children_shield()
        if shielded:
            self.stdout.write(f"Shielded {shielded:,} demo children.")
        self.print_sign_in(password)
        self.print_second_factors(second_factors)

    def print_sign_in(self, password: str) -> None:
        self.stdout.write("\nSign in at http://127.0.0.1:8000/ as any of these demo users:")
        for demo_user in DEMO_USERS:
            self.stdout.write(f"  {demo_user.username:<24} {demo_user.description}")
        self.stdout.write(f"Password for every demo user: {password}\n")

    def print_second_factors(self, second_factors: list[DemoSecondFactor]) -> None:
        self.stdout.write(
            "After the password, ContactPoint asks for a code. Either add a user's otpauth:// link\n"
            "to an authenticator app, or type one of its backup codes (each works once; the next\n"
            "run tops them up to ten)."
        )
        for second_factor in second_factors:
            self.stdout.write(f"\n  {second_factor.username}")
            self.stdout.write(f"    authenticator app: {second_factor.authenticator_uri}")
            codes = second_factor.backup_codes
            for start in range(0, len(codes), BACKUP_CODES_PER_LINE):
                label = "backup codes:" if start == 0 else ""
                line = "  ".join(codes[start : start + BACKUP_CODES_PER_LINE])
                self.stdout.write(f"    {label:<18} {line}")
        self.stdout.write("")

"""Make the demo ready: local authorities, one user per role, and (once) the demo population."""

import os

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from demo.users import DEMO_USERS, demo_users_create, localities_create


class Command(BaseCommand):
    help = "Create the demo's local authorities and users, and seed the demo population once."

    def add_arguments(self, parser):
        parser.add_argument("--children", type=int, default=settings.DEMO_POPULATION_SIZE)

    def handle(self, *args, children: int, **options):
        password = os.environ.get("CONTACTPOINT_DEMO_PASSWORD")
        if not password:
            raise CommandError("Set CONTACTPOINT_DEMO_PASSWORD to the demo users' password.")
        localities_create()
        demo_users_create(password=password)
        call_command("seed_demo", children=children, if_empty=True)
        self.print_sign_in(password)

    def print_sign_in(self, password: str) -> None:
        self.stdout.write("\nSign in at http://127.0.0.1:8000/ as any of these demo users:")
        for demo_user in DEMO_USERS:
            self.stdout.write(f"  {demo_user.username:<24} {demo_user.description}")
        self.stdout.write(f"Password for every demo user: {password}\n")

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    def add_arguments(self, parser):
        parser.add_argument("--children", type=int)
        parser.add_argument("--if-empty", action="store_true")

    def handle(self, *args, **options):
        raise NotImplementedError

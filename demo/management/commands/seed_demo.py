"""`manage.py seed_demo`: fill the index with the demo population."""

import time
from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from demo.population import DEFAULT_BATCH_SIZE, DEFAULT_SEED, population_seed
from ingest.bulk_load import table_has_rows
from registry.models import Child


class Command(BaseCommand):
    help = "Add a reproducible demo population of children, with their families and services."

    def add_arguments(self, parser):
        parser.add_argument(
            "--children",
            type=int,
            default=settings.DEMO_POPULATION_SIZE,
            help="How many children to add (default: CONTACTPOINT_DEMO_CHILDREN).",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help="The same seed and reference date give the same children.",
        )
        parser.add_argument(
            "--reference-date",
            type=date.fromisoformat,
            default=None,
            help="The day ages are counted to, as YYYY-MM-DD (default: today).",
        )
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing if the index already holds a child."
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=DEFAULT_BATCH_SIZE,
            help="Children written per transaction.",
        )

    def handle(self, *args, children, seed, reference_date, if_empty, batch_size, **options):
        if children is None or children < 0:
            raise CommandError("--children must be zero or more.")
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        if if_empty and table_has_rows(Child):
            self.stdout.write("The index already holds children; no demo population was added.")
            return
        started = time.monotonic()
        with tqdm(
            total=children,
            unit="child",
            unit_scale=True,
            desc="Demo children",
            disable=options["verbosity"] == 0,
        ) as progress_bar:
            written = population_seed(
                children=children,
                seed=seed,
                reference_date=reference_date,
                batch_size=batch_size,
                progress=progress_bar.update,
            )
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"Added {written[Child._meta.label]:,} children in {elapsed:.1f} s (seed {seed}):"
        )
        for table, rows in sorted(written.items()):
            self.stdout.write(f"  {table:<32} {rows:>12,}")

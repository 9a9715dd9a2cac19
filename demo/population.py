"""The demo population: a national index's worth of made-up children, written in bulk.

Families are generated in memory and written a batch at a time, one transaction per batch:
children first, with their new ids returned against their ContactPoint IDs, then every hidden row
that hangs off them. Nothing goes through `Model.save()` or the ORM row by row; that is what
makes a million children a matter of minutes.
"""

import queue
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from itertools import islice

from django.db import transaction
from django.utils import timezone

from demo.families import (
    ADDRESS_FIELDS,
    CHILD_FIELDS,
    ENROLMENT_FIELDS,
    GP_REGISTRATION_FIELDS,
    IDENTIFIER_FIELDS,
    FamilyGenerator,
    SeededChild,
)
from demo.households import CARER_FIELDS
from demo.identifiers import IdentifierAllocator
from demo.involvements import INVOLVEMENT_FIELDS
from demo.local_areas import local_areas_prepare
from demo.users import localities_create
from ingest.bulk_load import column_values, rows_insert
from registry.models import (
    Address,
    Carer,
    Child,
    ExternalIdentifier,
    GPRegistration,
    ServiceInvolvement,
    SettingEnrolment,
)

DEFAULT_SEED = 2009
DEFAULT_BATCH_SIZE = 10_000
_DONE = object()


def population_seed(
    *,
    children: int,
    seed: int = DEFAULT_SEED,
    reference_date: date | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Callable[[int], None] | None = None,
) -> Counter:
    """Add `children` children in families, and reference data; return rows written per table.

    The same seed, number of children and reference date (default today) give the same children,
    carers, addresses and services, whatever the index already holds; only ids and ContactPoint
    IDs differ when IDs drawn before are taken already.
    """
    localities_create()
    with transaction.atomic():
        local_areas = local_areas_prepare(children=children, seed=seed)
    identifiers = IdentifierAllocator(
        seed=seed, used_contactpoint_ids=column_values(model=Child, field="contactpoint_id")
    )
    generator = FamilyGenerator(
        seed=seed,
        reference_date=reference_date or timezone.localdate(),
        local_areas=local_areas,
        identifiers=identifiers,
    )
    written: Counter = Counter()
    batches = _batches(generator.children(children), batch_size)
    for batch in _made_ahead(batches):
        written.update(batch_write(batch))
        if progress:
            progress(len(batch))
    return written


@transaction.atomic
def batch_write(batch: Sequence[SeededChild]) -> Counter:
    """Write one batch of children and their hidden rows in one transaction."""
    returned = rows_insert(
        model=Child,
        fields=CHILD_FIELDS,
        rows=[seeded.child for seeded in batch],
        returning=["id", "contactpoint_id"],
    )
    id_of = {contactpoint_id: child_id for child_id, contactpoint_id in returned}
    owned = [(id_of[seeded.contactpoint_id], seeded) for seeded in batch]
    tables = (
        (Address, ADDRESS_FIELDS, [(child_id, *seeded.address) for child_id, seeded in owned]),
        (
            Carer,
            CARER_FIELDS,
            [(child_id, *row) for child_id, seeded in owned for row in seeded.carers],
        ),
        (
            SettingEnrolment,
            ENROLMENT_FIELDS,
            [(child_id, *seeded.enrolment) for child_id, seeded in owned if seeded.enrolment],
        ),
        (
            GPRegistration,
            GP_REGISTRATION_FIELDS,
            [
                (child_id, *seeded.gp_registration)
                for child_id, seeded in owned
                if seeded.gp_registration
            ],
        ),
        (
            ServiceInvolvement,
            INVOLVEMENT_FIELDS,
            [(child_id, *row) for child_id, seeded in owned for row in seeded.involvements],
        ),
        (
            ExternalIdentifier,
            IDENTIFIER_FIELDS,
            [(child_id, *row) for child_id, seeded in owned for row in seeded.identifiers],
        ),
    )
    written = Counter({Child._meta.label: len(returned)})
    for model, fields, rows in tables:
        if rows:
            rows_insert(model=model, fields=fields, rows=rows)
        written[model._meta.label] += len(rows)
    return written


def _made_ahead(batches: Iterator[list[SeededChild]]) -> Iterator[list[SeededChild]]:
    """Make the next batch in a thread while this one is written.

    Generating is Python work and writing is mostly waiting for PostgreSQL, which releases the
    GIL, so on two cores the two overlap. Batches come out in order, so the output is the same.
    """
    ready: queue.Queue = queue.Queue(maxsize=2)
    stopped = threading.Event()

    def hand_over(item) -> None:
        while not stopped.is_set():
            try:
                ready.put(item, timeout=0.1)
                return
            except queue.Full:
                continue

    def make() -> None:
        try:
            for batch in batches:
                if stopped.is_set():
                    return
                hand_over(batch)
        except BaseException as error:  # handed to the writing thread, which raises it
            hand_over(error)
        hand_over(_DONE)

    maker = threading.Thread(target=make, name="demo-population-maker", daemon=True)
    maker.start()
    try:
        while (item := ready.get()) is not _DONE:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stopped.set()
        maker.join()


def _batches(items: Iterable[SeededChild], size: int) -> Iterator[list[SeededChild]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch

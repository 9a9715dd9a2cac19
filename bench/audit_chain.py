"""How fast the audit trail's hash chain is sealed and verified.

    python -m bench.audit_chain [--events 200000]

Works in a fresh database of its own (`contactpoint_bench_audit`), migrated, as the app role.
Writes `--events` search events (criteria, five children each) in transactions of 1,000, then
times the sealer (audit.chain.chain_seal) over all of them and audit_verify's walk
(audit.chain_verification.chain_verify). docs/benchmarks.md keeps the figures.
"""

import argparse
import datetime
import os
import sys
import time

import django

from bench.common import (
    SETTINGS_MODULE,
    fresh_bench_database,
    machine_summary,
    services_running,
)

AUDIT_BENCH_DATABASE = "contactpoint_bench_audit"
WRITE_BATCH = 1000


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=200_000)
    arguments = parser.parse_args(argv)
    with services_running() as stack:
        env = fresh_bench_database(stack.environment(SETTINGS_MODULE), AUDIT_BENCH_DATABASE)
        os.environ.update(env)
        django.setup()
        chain_benchmark(events=arguments.events)
    return 0


def chain_benchmark(*, events: int) -> None:
    from audit.chain import chain_seal
    from audit.chain_verification import chain_verify

    written = events_write(events)
    started = time.perf_counter()
    sealed = chain_seal()
    seal_seconds = time.perf_counter() - started
    started = time.perf_counter()
    report = chain_verify()
    verify_seconds = time.perf_counter() - started
    print(f"\nAudit hash chain, {datetime.date.today():%Y-%m-%d}, {machine_summary()}")
    print(f"  events written        {events:>10,}  {events / written:>10,.0f} events/s")
    print(f"  sealed                {sealed:>10,}  {sealed / seal_seconds:>10,.0f} events/s")
    print(
        f"  verified              {report.verified:>10,}  {report.verified / verify_seconds:>10,.0f} events/s"
    )
    print(f"  chain intact: {report.intact}; head {report.head_hash}")


def events_write(events: int) -> float:
    """Write the events through the ORM (so the insert trigger stamps each); return seconds."""
    from django.db import transaction

    from accounts.models import User
    from accounts.roles import Role
    from audit.models import AccessEvent

    user, _created = User.objects.get_or_create(
        username="bench.audit", defaults={"role": Role.PRACTITIONER, "is_active": False}
    )
    started = time.perf_counter()
    for first in range(0, events, WRITE_BATCH):
        rows = [
            AccessEvent(
                kind=AccessEvent.Kind.SEARCH,
                user=user,
                purpose="child_protection",
                criteria={"given_names": "Amelia", "family_name": f"Name{number}"},
                child_ids=[number * 5 + offset for offset in range(5)],
                details={"too_many": False},
                ip_address="192.0.2.10",
                user_agent="bench.audit_chain",
                request_id=f"{number:032x}",
            )
            for number in range(first, min(first + WRITE_BATCH, events))
        ]
        with transaction.atomic():
            AccessEvent.objects.bulk_create(rows)
    return time.perf_counter() - started


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

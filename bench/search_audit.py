"""Search with and without its audit, in one run: the audit may add at most 5 ms to search p95.

"With" is what a page or API call does (portal.access.search_audited): the search, its access
event (written in the same transaction, stamped by the insert trigger) and whatever the trail
checks on every read, such as the anomaly rules. "Without" is the bare `child_search`. Both run
inside a request origin, as under the middleware, and each as its own committed transaction.
"""

import time
import uuid
from types import SimpleNamespace

from django.db import transaction

from accounts.models import User
from accounts.roles import Role
from audit.request_origin import RequestOrigin, request_origin_set
from portal.access import search_audited
from registry.search import search_criteria_parse
from registry.selectors import child_search

BENCH_USERNAME = "bench.search"


def bench_user() -> User:
    """A saved practitioner: audit events name their user. Kept inactive, so nobody signs in."""
    user, _created = User.objects.get_or_create(
        username=BENCH_USERNAME, defaults={"role": Role.PRACTITIONER, "is_active": False}
    )
    user.is_active = True  # in this process only: the checks a read makes see an active user
    return user


def timed_audited(user, query, *, purpose: str) -> float:
    criteria = search_criteria_parse(query.fields)
    request = SimpleNamespace(user=user)
    with request_origin_set(RequestOrigin(uuid.uuid4().hex, "192.0.2.10", "bench.search")):
        started = time.perf_counter()
        search_audited(request=request, purpose=purpose, criteria=criteria)
        return time.perf_counter() - started


def timed_unaudited(user, query, *, purpose: str) -> float:
    criteria = search_criteria_parse(query.fields)
    with request_origin_set(RequestOrigin(uuid.uuid4().hex, "192.0.2.10", "bench.search")):
        started = time.perf_counter()
        with transaction.atomic():
            child_search(user=user, purpose=purpose, criteria=criteria)
        return time.perf_counter() - started

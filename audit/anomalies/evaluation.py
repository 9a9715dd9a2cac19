"""Judging one read against every rule, as its event is written.

The read's counts come back from Redis in one round trip (audit.anomalies.counters). Only when a
count reaches a threshold, and that rule has not yet raised its alert in this window, does the
database hear of it; so a day of ordinary use costs each read a fraction of a millisecond.
"""

from django.utils import timezone

from audit.anomalies.areas import read_is_far
from audit.anomalies.counters import Read, read_tally
from audit.anomalies.rules import HARD_LIMIT, RULES
from audit.anomalies.services import alert_raise, suspension_impose
from audit.anomalies.working_hours import is_out_of_hours
from audit.models import AccessEvent
from audit.models_anomalies import AnomalyRule


def read_of(event: AccessEvent) -> Read:
    # The moment of the read as the web process sees it: the windows and working hours are
    # judged by the same clock as the throttles.
    at = timezone.now()
    child_ids = tuple(event.child_ids)
    # A search is judged by the postcode typed, a record by its child's authority: looking up
    # the authorities of every child in a search's results would cost each search a query.
    far = RULES[AnomalyRule.OUT_OF_AREA].threshold > 0 and read_is_far(
        organisation_id=event.organisation_id,
        postcode=event.criteria.get("postcode", ""),
        child_ids=child_ids if event.kind == AccessEvent.Kind.RECORD_VIEW else (),
    )
    return Read(
        user_id=event.user_id,
        at=at,
        child_ids=child_ids,
        out_of_hours=is_out_of_hours(at),
        out_of_area=far,
    )


def read_evaluate(*, event: AccessEvent) -> None:
    """Count the read; raise each alert it trips, and suspend its user at the hard limit."""
    tallies, limit_acted_on = read_tally(read_of(event))
    for tally in tallies:
        threshold = tally.spec.threshold
        if threshold and tally.count >= threshold and not tally.alerted:
            alert_raise(
                user=event.user,
                rule=tally.spec.rule,
                window=tally.window,
                count=tally.count,
                threshold=threshold,
            )
        if (
            tally.spec.rule == HARD_LIMIT.rule
            and HARD_LIMIT.threshold
            and tally.count >= HARD_LIMIT.threshold
            and not limit_acted_on
        ):
            suspension_impose(
                user=event.user, window=tally.window, count=tally.count, limit=HARD_LIMIT.threshold
            )

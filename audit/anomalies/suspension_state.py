"""Whether a user is suspended, asked on every request: a flag in the cache, kept for a few minutes
and set the moment a suspension is made or lifted, so the answer costs one cache read.

A missing flag is looked up in the database, never taken to mean "not suspended": a cache that
was emptied lets nobody back in.
"""

from django.core.cache import cache

from audit.models_anomalies import Suspension

FLAG_SECONDS = 300


def _flag_key(user_id: int) -> str:
    return f"anomaly:suspended:{user_id}"


def user_is_suspended(*, user_id: int) -> bool:
    flag = cache.get(_flag_key(user_id))
    if flag is None:
        flag = Suspension.objects.filter(user_id=user_id, status__in=Suspension.IN_FORCE).exists()
        # add, not set: a flag that a suspension's commit set meanwhile is newer than this answer.
        cache.add(_flag_key(user_id), flag, FLAG_SECONDS)
    return flag


def suspended_flag_set(*, user_id: int, suspended: bool) -> None:
    cache.set(_flag_key(user_id), suspended, FLAG_SECONDS)

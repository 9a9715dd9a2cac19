"""/healthz: is the database up, is Redis up, and has a Celery worker beaten its heart lately?"""

from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from contactpoint.celery import HEARTBEAT_KEY_PREFIX, worker_redis


def database_status() -> dict:
    connection.ensure_connection()
    if not connection.is_usable():
        return {"ok": False, "error": "connection not usable"}
    return {"ok": True}


def redis_status() -> dict:
    worker_redis().ping()
    return {"ok": True}


def worker_status() -> dict:
    workers = sorted(
        key.decode().removeprefix(HEARTBEAT_KEY_PREFIX)
        for key in worker_redis().scan_iter(f"{HEARTBEAT_KEY_PREFIX}*", count=100)
    )
    if not workers:
        return {"ok": False, "error": "no worker heartbeat"}
    return {"ok": True, "workers": workers}


CHECKS = {"database": database_status, "redis": redis_status, "worker": worker_status}


def run_check(check) -> dict:
    try:
        return check()
    except Exception as error:
        return {"ok": False, "error": type(error).__name__}


@never_cache
@require_GET
def healthz(request):
    parts = {name: run_check(check) for name, check in CHECKS.items()}
    failing = [name for name, part in parts.items() if not part["ok"]]
    body = {"status": "ok" if not failing else "failing", "failing": failing, "checks": parts}
    return JsonResponse(body, status=503 if failing else 200)

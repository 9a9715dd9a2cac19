"""/healthz against the real database, the real Redis and a real Celery worker."""

import os
import signal
import time

import pytest
import redis
from django.conf import settings

from contactpoint.celery import HEARTBEAT_KEY_PREFIX
from tests.worker_processes import worker_environment, worker_start

pytestmark = pytest.mark.django_db


def forget_heartbeats():
    client = redis.Redis.from_url(settings.REDIS_URL)
    for key in client.scan_iter(f"{HEARTBEAT_KEY_PREFIX}*"):
        client.delete(key)


@pytest.fixture
def celery_worker_process():
    forget_heartbeats()
    worker = worker_start(hostname=f"healthz-test-{os.getpid()}", env=worker_environment())
    try:
        yield worker
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(30)


def test_without_a_worker_the_worker_is_named_as_failing(client):
    forget_heartbeats()
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["worker"]
    assert body["checks"]["database"]["ok"] and body["checks"]["redis"]["ok"]


def test_with_a_running_worker_everything_is_up(client, celery_worker_process):
    deadline = time.monotonic() + 30
    while (response := client.get("/healthz")).status_code != 200:
        assert time.monotonic() < deadline, response.json()
        time.sleep(0.5)
    body = response.json()
    assert body["status"] == "ok"
    assert any(name.startswith("healthz-test-") for name in body["checks"]["worker"]["workers"])


def test_when_redis_is_down_redis_is_named(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert "redis" in response.json()["failing"]
    assert response.json()["checks"]["redis"]["error"] == "ConnectionError"

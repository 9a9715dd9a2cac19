"""The Celery app. Workers publish a heartbeat to Redis so that /healthz can tell a live worker."""

import os
import socket
import time

from celery import Celery, bootsteps

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "contactpoint.settings.development")

app = Celery("contactpoint")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

HEARTBEAT_KEY_PREFIX = "contactpoint:worker-heartbeat:"


class WorkerHeartbeat(bootsteps.StartStopStep):
    """Writes a short-lived key every few seconds for as long as the worker's event loop runs."""

    requires = {"celery.worker.components:Timer"}

    def __init__(self, worker, **kwargs):
        super().__init__(worker, **kwargs)
        self.timer_ref = None
        self.key = f"{HEARTBEAT_KEY_PREFIX}{worker.hostname or socket.gethostname()}"

    def start(self, worker):
        from django.conf import settings

        interval = settings.WORKER_HEARTBEAT_SECONDS
        self.beat(interval)
        self.timer_ref = worker.timer.call_repeatedly(interval, self.beat, (interval,))

    def stop(self, worker):
        if self.timer_ref is not None:
            self.timer_ref.cancel()
        worker_redis().delete(self.key)

    def beat(self, interval):
        worker_redis().set(self.key, str(time.time()), ex=interval * 3)


def worker_redis():
    """A Redis client on the broker's server, for the heartbeat."""
    import redis
    from django.conf import settings

    return redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2, socket_connect_timeout=2)


app.steps["worker"].add(WorkerHeartbeat)

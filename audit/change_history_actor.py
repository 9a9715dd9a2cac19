"""Who made each change-history entry, and from where: the user and origin of the request served.

auditlog's own middleware is not used. It reads the user once, as the request comes in, so a
change made through the API (whose token DRF checks later, in the view) would have no actor; and
it believes a client's X-Forwarded-For. Here the user is read when the entry is written, and the
address and correlation ID are the request origin's (audit.request_origin), the same as on the
request's access events, so an entry and the events of its request share a request ID.

Outside a request (a Celery task, a command) entries have no actor unless the caller names one
with auditlog's `set_actor`.
"""

from contextvars import ContextVar

from auditlog.models import LogEntry

from audit.request_origin import request_origin_current

_request_served: ContextVar = ContextVar("change_history_request", default=None)


class ChangeHistoryActorMiddleware:
    """Keeps the request being served at hand for the change-history entries it writes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_served.set(request)
        try:
            return self.get_response(request)
        finally:
            _request_served.reset(token)


def change_history_correlation_id() -> str | None:
    """AUDITLOG_CID_GETTER: the ID of the request being served, as on its access events."""
    origin = request_origin_current()
    return origin.request_id if origin is not None else None


def log_entry_origin_fill(sender, instance: LogEntry, **_kwargs) -> None:
    """pre_save of auditlog's LogEntry: the request's signed-in user and the client's address."""
    if not instance._state.adding:
        return
    request = _request_served.get()
    user = getattr(request, "user", None) if request is not None else None
    if instance.actor_id is None and user is not None and user.is_authenticated:
        instance.actor = user
        instance.actor_email = user.email or None
    origin = request_origin_current()
    if instance.remote_addr is None and origin is not None:
        instance.remote_addr = origin.ip_address

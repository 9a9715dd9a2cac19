"""Per-user throttles, per kind of call (search, record, write, token), with limits in settings.

The pages' searches and record views count against the same allowance as the API's, in the same
counters (page_throttle_refusal), so a user who uses both does not get twice as much.
"""

import math

from django.shortcuts import render
from rest_framework.settings import api_settings
from rest_framework.throttling import ScopedRateThrottle

from audit.throttle_refusals import ThrottleRefusal


class PerUserScopedThrottle(ScopedRateThrottle):
    """DRF's scoped throttle, reading its limits when it runs, so a changed setting takes effect.
    Each refused call is an audit event, so a user who keeps hitting a limit is visible."""

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def allow_request(self, request, view):
        allowed = super().allow_request(request, view)
        if not allowed and request.user.is_authenticated:
            # DRF rolls the request's transaction back on the refusal, so the event is written
            # after it, by audit.middleware; a page's refusal is written the same way.
            django_request = getattr(request, "_request", request)
            django_request.throttle_refusal = ThrottleRefusal(user=request.user, scope=self.scope)
        return allowed


class _PageScope:
    """What the throttle reads from a view: the kind of call a page makes."""

    def __init__(self, scope: str):
        self.throttle_scope = scope


def page_throttle_refusal(*, request, scope: str):
    """Count a page's search or record view against the user's allowance for `scope`. None while
    it is allowed; otherwise the 429 page, saying when to try again."""
    throttle = PerUserScopedThrottle()
    if throttle.allow_request(request, _PageScope(scope)):
        return None
    wait_seconds = math.ceil(throttle.wait() or 1)
    context = {"scope": scope, "wait_seconds": wait_seconds}
    response = render(request, "audit/alerts/throttled.html", context, status=429)
    response["Retry-After"] = str(wait_seconds)
    return response

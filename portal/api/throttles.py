"""Per-user API throttles, per kind of call (search, record, write, token), with limits in settings."""

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
            # after it, by audit.middleware.
            request._request.throttle_refusal = ThrottleRefusal(user=request.user, scope=self.scope)
        return allowed

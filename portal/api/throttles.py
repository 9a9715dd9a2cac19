"""Per-user API throttles, per kind of call (search, record, write, token), with limits in settings."""

from rest_framework.settings import api_settings
from rest_framework.throttling import ScopedRateThrottle


class PerUserScopedThrottle(ScopedRateThrottle):
    """DRF's scoped throttle, reading its limits when it runs, so a changed setting takes effect."""

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

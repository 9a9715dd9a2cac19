"""The absolute session lifetime: however busy, a session ends 12 hours after its sign-in.

The idle timeout needs no code: sessions expire SESSION_COOKIE_AGE after their last request.
"""

from django.conf import settings
from django.utils import timezone

SIGNED_IN_AT_SESSION_KEY = "accounts_signed_in_at"


def sign_in_time_record(sender, request, user, **kwargs) -> None:
    """Receiver of `user_logged_in`: every sign-in, by any path, starts the clock."""
    request.session[SIGNED_IN_AT_SESSION_KEY] = timezone.now().timestamp()


def session_is_past_lifetime(session) -> bool:
    """True when the sign-in is older than the lifetime, or its time is missing (fail closed)."""
    signed_in_at = session.get(SIGNED_IN_AT_SESSION_KEY)
    if not isinstance(signed_in_at, int | float):
        return True
    age_seconds = timezone.now().timestamp() - signed_in_at
    return age_seconds > settings.SESSION_ABSOLUTE_LIFETIME.total_seconds()

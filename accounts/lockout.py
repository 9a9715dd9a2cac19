"""Lockout after repeated failures (django-axes), extended to wrong second-factor codes.

A wrong code is reported as Django's `user_login_failed`, the signal axes already counts for wrong
passwords, so one policy and one record of attempts cover both factors. django-otp's own throttle
still slows guessing on each device; this is what finally stops it.
"""

from http import HTTPStatus

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_credentials, get_lockout_response
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.models import User


def client_ip_address(request: HttpRequest) -> str | None:
    """The client's address (AXES_CLIENT_IP_CALLABLE): the socket's, or, behind
    TRUSTED_PROXY_COUNT proxies that each append to X-Forwarded-For, the one the outermost saw.
    Entries to the left of that one are set by the client and never trusted."""
    proxy_count = settings.TRUSTED_PROXY_COUNT
    if proxy_count:
        header = request.META.get("HTTP_X_FORWARDED_FOR", "")
        forwarded = [address.strip() for address in header.split(",") if address.strip()]
        if len(forwarded) >= proxy_count:
            return forwarded[-proxy_count]
    return request.META.get("REMOTE_ADDR")


def _credentials(user: User) -> dict:
    return get_credentials(user.get_username())


def is_locked_out(*, request: HttpRequest, user: User) -> bool:
    return AxesProxyHandler.is_locked(request, _credentials(user))


def second_factor_failure_record(*, request: HttpRequest, user: User) -> bool:
    """Count a wrong code as a failed sign-in; True if it has locked the user out."""
    user_login_failed.send(sender=__name__, credentials=_credentials(user), request=request)
    return bool(getattr(request, "axes_locked_out", False))


def lockout_page(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """The lockout page (AXES_LOCKOUT_CALLABLE). It is the same for every username, known or not,
    and does not repeat the username back."""
    cooloff_minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {"cooloff_minutes": cooloff_minutes}
    return render(request, "accounts/locked_out.html", context, status=HTTPStatus.TOO_MANY_REQUESTS)


def lockout_response(*, request: HttpRequest, user: User) -> HttpResponse:
    return get_lockout_response(request, None, _credentials(user))


def failures_clear(*, request: HttpRequest, user: User) -> None:
    """After both factors, earlier failures from this address no longer count against the user."""
    AxesProxyHandler.reset_attempts(
        ip_address=client_ip_address(request), username=user.get_username()
    )

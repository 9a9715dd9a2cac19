"""Checks on every request once the user is known: the session's absolute lifetime, and a verified
second factor. Together with the idle expiry of the session itself, these bound every session."""

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import Resolver404, resolve

from accounts.second_factor import second_factor_step_url
from accounts.session_lifetime import session_is_past_lifetime

# Pages a signed-in user must reach before the second factor is verified.
SECOND_FACTOR_EXEMPT_URL_NAMES = frozenset(
    {
        "accounts:sign-in",
        "accounts:verify",
        "accounts:enrol",
        "accounts:sign-out",
        "healthz",
        "govuk-assets",
    }
)
API_PATH_PREFIX = "/api/"


class SessionLifetimeMiddleware:
    """Sign out a session 12 hours after its sign-in, however recently it was used.

    It runs before django-otp's middleware, so the anonymous user left behind is set up by it too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and session_is_past_lifetime(request.session):
            logout(request)
        return self.get_response(request)


class SecondFactorRequiredMiddleware:
    """A signed-in user whose second factor is not verified reaches only the sign-in pages.

    Pages redirect to the second-factor step; the API answers 403. Requests without a session user
    (such as API calls with a token, authenticated later by the API itself) pass untouched.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and not user.is_verified() and not _is_exempt(request):
            return _second_factor_required(request)
        return self.get_response(request)


def _is_exempt(request: HttpRequest) -> bool:
    if request.path.startswith(settings.STATIC_URL):
        return True
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    return match.view_name in SECOND_FACTOR_EXEMPT_URL_NAMES


def _second_factor_required(request: HttpRequest) -> HttpResponse:
    if request.path_info.startswith(API_PATH_PREFIX):
        return JsonResponse({"detail": "Verify your second factor to use the API."}, status=403)
    return redirect_to_login(request.get_full_path(), second_factor_step_url(request.user))

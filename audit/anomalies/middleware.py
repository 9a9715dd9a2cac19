"""A suspended user reaches no page and no API call: every request of theirs is answered with the
"suspended" page (or the API's JSON error), whichever way they signed in. Signing out still works.

API calls with a token are authenticated later, by the API itself, and refused there
(audit.anomalies.api_authentication).
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve

from audit.anomalies.suspension_state import user_is_suspended

SUSPENDED_MESSAGE = (
    "Your ContactPoint account is suspended until your management team or an auditor reviews "
    "your recent use of ContactPoint."
)
EXEMPT_URL_NAMES = frozenset({"accounts:sign-out", "healthz", "govuk-assets"})
API_PATH_PREFIX = "/api/"


class SuspensionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and user_is_suspended(user_id=user.pk) and not _is_exempt(request):
            return suspended_response(request)
        return self.get_response(request)


def suspended_response(request: HttpRequest) -> HttpResponse:
    if request.path_info.startswith(API_PATH_PREFIX):
        return JsonResponse({"detail": SUSPENDED_MESSAGE}, status=403)
    return render(
        request, "audit/alerts/suspended.html", {"message": SUSPENDED_MESSAGE}, status=403
    )


def _is_exempt(request: HttpRequest) -> bool:
    if request.path.startswith(settings.STATIC_URL):
        return True
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    return match.view_name in EXEMPT_URL_NAMES

"""A test-only URLconf: the project's own URLs, and views that leak a marker on purpose, one in
each channel the leak crawl watches. The crawl finds them as it finds any endpoint, by walking the
resolver, and must report each.
"""

import logging

from django.contrib import messages
from django.core.mail import send_mail
from django.http import HttpResponse
from django.urls import include, path

from contactpoint.urls import urlpatterns as project_urlpatterns

# The value to leak, set by the test.
leaked = {"value": ""}
_leak_logger = logging.getLogger("tests.shielding.leak")


def _leak_in_body(request):
    return HttpResponse(f"<p>{leaked['value']}</p>")


def _leak_in_header(request):
    response = HttpResponse("nothing here")
    response["X-Debug-Child"] = leaked["value"]
    return response


def _leak_in_cookie(request):
    response = HttpResponse("nothing here")
    response.set_cookie("last_child_seen", leaked["value"])
    return response


def _leak_in_flash_message(request):
    messages.info(request, f"Last child seen: {leaked['value']}")
    return HttpResponse("nothing here")


def _leak_in_log(request):
    _leak_logger.info("looked up %s", leaked["value"])
    return HttpResponse("nothing here")


def _leak_in_error(request):
    raise ValueError(f"unexpected value {leaked['value']}")


def _leak_in_email(request):
    send_mail("Weekly digest", f"Seen: {leaked['value']}", None, ["operations@example.org"])
    return HttpResponse("sent")


LEAKS = {
    "/test-only/leak/body/": ("body", _leak_in_body),
    "/test-only/leak/header/": ("headers", _leak_in_header),
    "/test-only/leak/cookie/": ("headers", _leak_in_cookie),
    "/test-only/leak/message/": ("headers", _leak_in_flash_message),
    "/test-only/leak/log/": ("log", _leak_in_log),
    "/test-only/leak/error/": ("log", _leak_in_error),
    "/test-only/leak/email/": ("email", _leak_in_email),
}
urlpatterns = [
    *project_urlpatterns,
    path(
        "test-only/leak/",
        include([path(url.split("/")[-2] + "/", view) for url, (_c, view) in LEAKS.items()]),
    ),
]

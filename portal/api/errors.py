"""API errors: DRF's JSON errors, with one wording for "not found" whatever the reason."""

from django.http import Http404
from rest_framework import exceptions
from rest_framework.views import exception_handler


def api_exception_handler(exc, context):
    if isinstance(exc, Http404):
        exc = exceptions.NotFound("Not found.")
    return exception_handler(exc, context)

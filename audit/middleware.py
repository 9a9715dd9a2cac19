"""Gives each request its origin (audit.request_origin) and answers with its request ID; records a
throttle's refusal once the request's own transaction is over."""

from audit.request_origin import REQUEST_ID_HEADER, request_origin_of, request_origin_set
from audit.throttle_refusals import throttle_refusal_record


class RequestOriginMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with request_origin_set(request_origin_of(request)) as origin:
            request.request_id = origin.request_id
            response = self.get_response(request)
            refusal = getattr(request, "throttle_refusal", None)
            if refusal is not None:
                throttle_refusal_record(refusal=refusal, view=_view_name(request))
        response[REQUEST_ID_HEADER] = origin.request_id
        return response


def _view_name(request) -> str:
    """The refused page or call by its URL name, never its path: a path can hold a ContactPoint ID
    (a sealed record's, say) that the trail's readers must not be shown."""
    match = getattr(request, "resolver_match", None)
    return match.view_name if match is not None else ""

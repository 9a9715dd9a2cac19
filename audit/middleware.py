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
                throttle_refusal_record(refusal=refusal, path=request.path)
        response[REQUEST_ID_HEADER] = origin.request_id
        return response

"""Gives each request its origin (audit.request_origin) and answers with its request ID."""

from audit.request_origin import REQUEST_ID_HEADER, request_origin_of, request_origin_set


class RequestOriginMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with request_origin_set(request_origin_of(request)) as origin:
            request.request_id = origin.request_id
            response = self.get_response(request)
        response[REQUEST_ID_HEADER] = origin.request_id
        return response

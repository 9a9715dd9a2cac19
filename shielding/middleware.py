"""The request's database scope: the signed-in user's clearance, for the row-level security policies.

With ATOMIC_REQUESTS every view runs in one transaction, and shielding.database_scope gives that
transaction the user's clearance before its first query that needs it. The user is looked up when
the first query runs, so an API call authenticated by the API itself (a token) counts too. Whatever
runs outside the view's transaction (middleware, a response rendered after the view returned) runs
with no scope, and sees only the rows of unshielded children.
"""

from django.http import HttpRequest, HttpResponse

from shielding.database_scope import request_scope


class DatabaseScopeMiddleware:
    """Sets the database scope from `request.user` for one request, and clears it afterwards."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with request_scope(request):
            return self.get_response(request)

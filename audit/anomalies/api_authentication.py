"""The API's token authentication, refusing a suspended user's token with the same message as the
pages. (A session's calls are refused earlier, by audit.anomalies.middleware.)"""

from rest_framework import authentication, exceptions

from audit.anomalies.middleware import SUSPENDED_MESSAGE
from audit.anomalies.suspension_state import user_is_suspended


class TokenAuthentication(authentication.TokenAuthentication):
    def authenticate(self, request):
        authenticated = super().authenticate(request)
        if authenticated is not None and user_is_suspended(user_id=authenticated[0].pk):
            raise exceptions.PermissionDenied(SUSPENDED_MESSAGE)
        return authenticated

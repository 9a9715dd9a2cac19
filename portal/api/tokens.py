"""API tokens end with the user: disabling a user revokes their tokens at once."""

from rest_framework.authtoken.models import Token


def tokens_revoke(*, user, **_kwargs) -> None:
    Token.objects.filter(user=user).delete()

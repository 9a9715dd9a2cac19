"""The session engine (SESSION_ENGINE): Django's database sessions, with each row's user recorded.

The user id is written on every save, so it stays right when the key is cycled at sign-in and
at second-factor verification, and `user_disable` can delete a user's sessions with one query.
"""

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore

from accounts.models import User, UserSession


class SessionStore(DatabaseSessionStore):
    @classmethod
    def get_model_class(cls):
        return UserSession

    def create_model_instance(self, data):
        session = super().create_model_instance(data)
        user_id = data.get(SESSION_KEY)
        session.user_id = User._meta.pk.to_python(user_id) if user_id is not None else None
        return session

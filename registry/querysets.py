"""The chokepoint: a queryset of child data runs only after visible_to(user, purpose=...) has scoped it.

An unscoped queryset raises UnscopedQueryError the moment it would touch the database, so a view,
serializer, admin page or command that forgets to scope fails loudly instead of returning every
child. Internals that must read without a user (matching, audit) use the model's loudly named
`unscoped_objects` manager, and only from shielding/, ingest/ or audit/; CI greps for it.
"""

from django.db import models

from registry.purposes import AccessPurpose


class UnscopedQueryError(RuntimeError):
    """A queryset of child data was evaluated without visible_to()."""


class AccessScope:
    """Who is reading, and why. Carried by a scoped queryset through every clone."""

    __slots__ = ("purpose", "user")

    def __init__(self, user, purpose: str):
        self.user = user
        self.purpose = purpose


class ScopedQuerySet(models.QuerySet):
    """Base of every queryset that can reveal a child's data."""

    _access_scope: AccessScope | None = None

    def visible_to(self, user, *, purpose: str, override=None):
        """The rows `user` may see for `purpose`. The only way to make this queryset runnable.

        `override` is a recorded emergency override (shielding's break glass) of one child, for
        one page view: it lets its own user see that child's hidden data.
        """
        if user is None:
            raise UnscopedQueryError("visible_to() needs the user who is reading.")
        if purpose not in AccessPurpose.values:
            raise ValueError(f"Unknown purpose of access: {purpose!r}")
        scoped = self._restrict(user, purpose, override) if user_is_active(user) else self.none()
        scoped._access_scope = AccessScope(user, purpose)
        return scoped

    @property
    def access_scope(self) -> AccessScope | None:
        return self._access_scope

    def _restrict(self, user, purpose: str, override):
        """Filter to what `user` may see. Identity is visible to every active user."""
        return self.all()

    def _require_scope(self):
        if self._access_scope is None:
            raise UnscopedQueryError(
                f"{self.model.__name__} was queried without visible_to(user, purpose=...)."
            )

    def _clone(self):
        clone = super()._clone()
        clone._access_scope = self._access_scope
        return clone

    def _fetch_all(self):
        self._require_scope()
        super()._fetch_all()

    def iterator(self, *args, **kwargs):
        self._require_scope()
        return super().iterator(*args, **kwargs)

    def count(self):
        self._require_scope()
        return super().count()

    def exists(self):
        self._require_scope()
        return super().exists()

    def aggregate(self, *args, **kwargs):
        self._require_scope()
        return super().aggregate(*args, **kwargs)

    def update(self, **kwargs):
        self._require_scope()
        return super().update(**kwargs)

    def delete(self):
        self._require_scope()
        return super().delete()


class UnscopedManager(models.Manager):
    """Reads without a user, for matching, audit and shielding internals only (CI enforces where)."""


def user_is_active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))

"""Users belong to one organisation (a local authority or a national partner) and hold one role."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models

from accounts.roles import Role


class Organisation(models.Model):
    """A body whose staff use ContactPoint: a local authority or a national partner."""

    class Kind(models.TextChoices):
        LOCAL_AUTHORITY = "local_authority", "Local authority"
        NATIONAL_PARTNER = "national_partner", "National partner"

    code = models.CharField(max_length=32, unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=32, choices=Kind.choices)
    local_authority = models.OneToOneField(
        "registry.LocalAuthority",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisation",
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                name="organisation_local_authority_matches_kind",
                condition=(
                    models.Q(kind="local_authority", local_authority__isnull=False)
                    | models.Q(kind="national_partner", local_authority__isnull=True)
                ),
            )
        ]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A security-vetted member of staff of one organisation, acting in one role."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="users"
    )
    role = models.CharField(max_length=32, choices=Role.choices, default=Role.PRACTITIONER)

    class Meta:
        ordering = ["username"]

    @property
    def local_authority(self):
        """The local authority this user works for, if any."""
        return self.organisation.local_authority if self.organisation_id else None


class UserSession(AbstractBaseSession):
    """A database session that records whose it is, so all of one user's sessions can end at once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sessions",
    )

    class Meta(AbstractBaseSession.Meta):
        verbose_name = "user session"
        verbose_name_plural = "user sessions"

    @classmethod
    def get_session_store_class(cls):
        from accounts.session_store import SessionStore

        return SessionStore

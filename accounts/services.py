"""Writes to accounts."""

import logging

from django.contrib.auth.models import Group
from django.db import transaction

from accounts.models import Organisation, User, UserSession
from accounts.role_permissions import STAFF_ROLES, role_group_name
from accounts.signals import user_disabled

logger = logging.getLogger(__name__)


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str,
    role: str,
    organisation: Organisation,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
) -> User:
    """A user in one role, in that role's group, and staff only if the role works in the admin."""
    user = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        role=role,
        organisation=organisation,
        is_staff=role in STAFF_ROLES,
    )
    user.set_password(password)
    user.full_clean()
    user.save()
    user.groups.set([Group.objects.get(name=role_group_name(role))])
    return user


@transaction.atomic
def user_disable(*, user: User, by: User | None) -> None:
    """Disable a user and end every session they hold now, not when it next expires.

    Receivers of `user_disabled` run in this transaction, so a user is never left disabled with a
    way in (a session, an API token) still open.
    """
    user.is_active = False
    user.save(update_fields=["is_active"])
    ended, _by_model = UserSession.objects.filter(user=user).delete()
    user_disabled.send(sender=User, user=user, by=by)
    logger.info(
        "user %s disabled by %s; %s sessions ended", user.pk, by.pk if by else "system", ended
    )

"""Writes to accounts."""

from django.contrib.auth.models import Group
from django.db import transaction

from accounts.models import Organisation, User
from accounts.role_permissions import STAFF_ROLES, role_group_name


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

"""Who is cleared to see a shielded child's hidden details: the management team of the child's
responsible local authority, by a django-guardian object permission on that authority.

Clearance follows the responsible authority, not the one that made the order, so when a child
moves, the old authority's team loses sight and the new one gains it.
"""

from django.contrib.auth.models import Group
from guardian.shortcuts import assign_perm, get_objects_for_user

from accounts.roles import Role
from registry.models import LocalAuthority

SEE_SHIELDED = "registry.see_shielded"
MANAGE_SHIELDING = "registry.manage_shielding"
_CACHE_ATTRIBUTE = "_contactpoint_cleared_local_authorities"


def cleared_local_authority_ids(user) -> frozenset[int]:
    """The authorities whose shielded children `user` may see in full (cached on the user object)."""
    if not (getattr(user, "is_authenticated", False) and user.is_active and user.pk is not None):
        return frozenset()
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is None:
        authorities = get_objects_for_user(
            user, SEE_SHIELDED, klass=LocalAuthority, accept_global_perms=False
        )
        cached = frozenset(authorities.values_list("pk", flat=True))
        setattr(user, _CACHE_ATTRIBUTE, cached)
    return cached


def may_manage_shielding(*, user, local_authority: LocalAuthority) -> bool:
    return bool(
        getattr(user, "is_active", False) and user.has_perm(MANAGE_SHIELDING, local_authority)
    )


def management_team_group(local_authority: LocalAuthority) -> Group:
    """The group of one authority's management team, holding both object permissions on it."""
    group, created = Group.objects.get_or_create(name=f"la-management:{local_authority.code}")
    if created:
        assign_perm(SEE_SHIELDED, group, local_authority)
        assign_perm(MANAGE_SHIELDING, group, local_authority)
    return group


def management_team_join(*, user) -> None:
    """Put a management-team user into their own authority's team."""
    if user.role != Role.LA_MANAGEMENT or user.local_authority is None:
        raise ValueError("Only a local-authority management user joins a management team.")
    user.groups.add(management_team_group(user.local_authority))
    if hasattr(user, _CACHE_ATTRIBUTE):
        delattr(user, _CACHE_ATTRIBUTE)

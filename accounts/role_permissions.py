"""Each role's Django model permissions, kept in one group per role and re-synced after every migrate.

Model permissions say which admin pages a role may open. Which rows it sees there is decided by the
chokepoint (registry.querysets), never by these.
"""

from accounts.roles import Role

_REGISTRY_VIEW = [
    "registry.view_child",
    "registry.view_address",
    "registry.view_carer",
    "registry.view_settingenrolment",
    "registry.view_gpregistration",
    "registry.view_serviceinvolvement",
    "registry.view_externalidentifier",
]
_REFERENCE_MANAGE = [
    f"registry.{action}_{model}"
    for model in ("localauthority", "postcodedistrict", "educationalsetting", "gppractice")
    for action in ("view", "add", "change")
]
# Running the feeds: watch feeds, batches and their ledgers, change a feed's thresholds and trusted
# fields (pausing and resuming too), and upload a batch. Never the staged records' content.
_FEEDS_OPERATE = [
    "ingest.view_feed",
    "ingest.change_feed",
    "ingest.view_feedstatechange",
    "ingest.view_batch",
    "ingest.add_batch",
    "ingest.view_stagedrecord",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.PRACTITIONER: [],
    Role.CHILD_PROTECTION: [],
    Role.LA_MANAGEMENT: [],
    Role.OPERATIONS: _REGISTRY_VIEW + _REFERENCE_MANAGE + _FEEDS_OPERATE,
    # The change history (django-auditlog), read in the admin; audit events have their own pages.
    Role.AUDITOR: ["auditlog.view_logentry"],
    Role.DATA_QUALITY: [],
    Role.LAWFUL_ACCESS: [],
}

# Roles that work in the Django admin.
STAFF_ROLES = frozenset({Role.OPERATIONS, Role.AUDITOR})


def role_group_name(role: str) -> str:
    return f"role:{role}"


def role_groups_sync(**_kwargs) -> None:
    """Create one group per role holding exactly that role's permissions.

    This runs after the accounts app's migrations, before Django has created the permissions of
    the apps listed after it (ingest, audit), so it creates every app's permissions first.
    """
    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0)
    for role, permission_names in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role_group_name(role))
        permissions = [
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
            for app_label, codename in (name.split(".") for name in permission_names)
        ]
        group.permissions.set(permissions)
    staff_flags_sync()


def staff_flags_sync() -> None:
    """Who works in the admin follows the role, for users made before a role became staff."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.filter(is_superuser=False)
    users.filter(role__in=STAFF_ROLES, is_staff=False).update(is_staff=True)
    users.exclude(role__in=STAFF_ROLES).filter(is_staff=True).update(is_staff=False)

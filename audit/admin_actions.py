"""What is done to child data through the Django admin, and each look at it there, as access events.

The admin site (accounts.admin_site) gives every ModelAdmin of the registry, shielding and ingest
apps AdminActionAudit as well, so no admin needs to remember it. It hooks Django's own admin
logging (log_addition, log_change, log_deletions), which every add, change and delete made through
an admin form or action goes through, and the pages that show a child's rows: the change page,
the change list and an object's history. Custom admin views that write (a feed's pause, a batch's
upload) call services that record their own events.

An event names the model, the rows' keys and the action, and the children the rows belong to.
Never a field's value: the admin's change messages list field names only, and are not kept.
"""

from collections.abc import Iterable

from django.db import transaction

from audit.models import AccessEvent
from audit.services import access_event_record

ADMIN_ACTION_APPS = frozenset({"registry", "shielding", "ingest"})

ADDED, CHANGED, DELETED = "add", "change", "delete"
VIEWED, LISTED, HISTORY = "view", "list", "history"

# Rows that belong to a child through another row: model label -> attribute path to the child id.
CHILD_ID_PATHS = {"shielding.overridereview": ("override", "child_id")}


def admin_object_child_id(obj) -> int | None:
    """The primary key of the child a row belongs to, or None for a row of no one child."""
    label = obj._meta.label_lower
    if label == "registry.child":
        return obj.pk
    value = obj
    for attribute in CHILD_ID_PATHS.get(label, ("child_id",)):
        value = getattr(value, attribute, None)
        if value is None:
            return None
    return value


@transaction.atomic
def admin_action_record(
    *, user, model_label: str, action: str, objects: Iterable, search: str = ""
) -> AccessEvent:
    """Record one admin action on `objects` (rows of one model), in the admin's own transaction."""
    rows = list(objects)
    child_ids = sorted({child_id for row in rows if (child_id := admin_object_child_id(row))})
    keys = [str(row.pk) for row in rows]
    details = {"model": model_label, "action": action}
    details.update({"object": keys[0]} if len(keys) == 1 else {"objects": keys})
    return access_event_record(
        kind=AccessEvent.Kind.ADMIN_ACTION,
        user=user,
        criteria={"search": search} if search else {},
        child_ids=child_ids,
        details=details,
    )


class AdminActionAudit:
    """A ModelAdmin mixin: every add, change and delete, and every page that shows rows of a
    child, is an ADMIN_ACTION event."""

    def log_addition(self, request, obj, message):
        self._admin_action_record(request, ADDED, [obj])
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        self._admin_action_record(request, CHANGED, [obj])
        return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        self._admin_action_record(request, DELETED, list(queryset))
        return super().log_deletions(request, queryset)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and not add and admin_object_child_id(obj) is not None:
            self._admin_action_record(request, VIEWED, [obj])
        return super().render_change_form(request, context, add, change, form_url, obj)

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        shown = (getattr(response, "context_data", None) or {}).get("object")
        if shown is not None and admin_object_child_id(shown) is not None:
            self._admin_action_record(request, HISTORY, [shown])
        return response

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        change_list = (getattr(response, "context_data", None) or {}).get("cl")
        if change_list is not None:
            # The page's rows, read once here and again from the same cache by the template.
            shown = [row for row in change_list.result_list if admin_object_child_id(row)]
            if shown:
                self._admin_action_record(request, LISTED, shown, search=change_list.query)
        return response

    def _admin_action_record(self, request, action: str, objects: list, search: str = "") -> None:
        admin_action_record(
            user=request.user,
            model_label=self.model._meta.label_lower,
            action=action,
            objects=objects,
            search=search,
        )


def admin_class_audited(*, model, admin_class: type) -> type:
    """`admin_class`, with AdminActionAudit when `model` holds child data (for the admin site)."""
    if model._meta.app_label not in ADMIN_ACTION_APPS or issubclass(admin_class, AdminActionAudit):
        return admin_class
    return type(
        admin_class.__name__,
        (AdminActionAudit, admin_class),
        {"__module__": admin_class.__module__, "__doc__": admin_class.__doc__},
    )

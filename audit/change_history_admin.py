"""The change history in the admin: read-only, for auditors and superusers only.

It replaces auditlog's own LogEntry admin. That one renders a change by looking up the row a
foreign key points at and printing it, which could put a hidden row's text on the page, and lets
model permissions open it. Here values are shown exactly as stored (hidden ones were masked when
written: audit.change_history) and nothing is looked up. Each page read is itself an event.
"""

from auditlog.models import LogEntry
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils.html import format_html, format_html_join

from accounts.roles import Role
from audit.models import AccessEvent
from audit.services import access_event_record
from registry.models import Child
from registry.purposes import AccessPurpose

REPORT = "change_history"


def may_read_change_history(user) -> bool:
    return bool(
        user.is_active and user.is_staff and (user.is_superuser or user.role == Role.AUDITOR)
    )


class ChangeHistoryAdmin(admin.ModelAdmin):
    date_hierarchy = "timestamp"
    list_display = ["timestamp", "content_type", "object_pk", "object_repr", "action", "actor"]
    list_filter = ["action", "content_type"]
    list_select_related = ["content_type", "actor"]
    search_fields = ["=object_pk", "=cid", "=actor__username"]
    search_help_text = "Enter an object's key, a request ID or a username."
    show_full_result_count = False
    actions = None
    fields = readonly_fields = [
        "timestamp",
        "content_type",
        "object_pk",
        "object_repr",
        "action",
        "actor",
        "remote_addr",
        "cid",
        "changes_shown",
    ]

    def get_queryset(self, request):
        """Every entry but a sealed record's own: a sealed record (an old identity) is shown to
        nobody but its management team, in its list of sealed records, and its entries name it."""
        sealed = Child.objects.visible_to(
            request.user, purpose=AccessPurpose.ADMINISTRATION
        ).filter(pk=OuterRef("object_id"), status=Child.Status.SEALED)
        child_type = ContentType.objects.get_for_model(Child)
        return super().get_queryset(request).exclude(Exists(sealed), content_type=child_type)

    def has_module_permission(self, request):
        return may_read_change_history(request.user)

    def has_view_permission(self, request, obj=None):
        return may_read_change_history(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        change_list = (getattr(response, "context_data", None) or {}).get("cl")
        if change_list is not None:
            change_history_read_record(
                user=request.user, entries=list(change_list.result_list), search=change_list.query
            )
        return response

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            change_history_read_record(user=request.user, entries=[obj])
        return super().render_change_form(request, context, add, change, form_url, obj)

    @admin.display(description="Changes")
    def changes_shown(self, entry: LogEntry) -> str:
        changes = entry.changes if isinstance(entry.changes, dict) else {}
        if not changes:
            return "No field changes recorded."
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            ((field, *_old_and_new(values)) for field, values in sorted(changes.items())),
        )
        return format_html(
            "<table><thead><tr><th>Field</th><th>Before</th><th>After</th></tr></thead>"
            "<tbody>{}</tbody></table>",
            rows,
        )


@transaction.atomic
def change_history_read_record(*, user, entries: list[LogEntry], search: str = "") -> None:
    """Reading the change history is reading the audit trail: recorded as a report viewed, with
    the entries shown and the children whose own records they are."""
    child_ids = sorted(
        {
            entry.object_id
            for entry in entries
            if entry.object_id is not None
            and (entry.content_type.app_label, entry.content_type.model) == ("registry", "child")
        }
    )
    access_event_record(
        kind=AccessEvent.Kind.REPORT_VIEWED,
        user=user,
        purpose=AccessPurpose.ADMINISTRATION,
        criteria={"search": search} if search else {},
        child_ids=child_ids,
        details={"report": REPORT, "entries": [entry.pk for entry in entries]},
    )


def _old_and_new(values) -> tuple[str, str]:
    if isinstance(values, list | tuple) and len(values) == 2:
        return str(values[0]), str(values[1])
    return "", str(values)


def change_history_admin_install(site) -> None:
    """Put ChangeHistoryAdmin in place of auditlog's own on `site` (from AuditConfig.ready)."""
    if site.is_registered(LogEntry):
        site.unregister(LogEntry)
    site.register(LogEntry, ChangeHistoryAdmin)

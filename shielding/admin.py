"""Django admin for shielding: read-only, for operations staff only.

Operations staff never see shielded details, so these pages show only what an order or request
is (whose ContactPoint ID, which authority, which category, when) and never its free text: a
justification, a reason, a message or a team's notes can hold exactly what shielding hides. A
management team works in its own pages (shielding.views), never here, so that no authority can
use the admin to see another's.
"""

from django.contrib import admin
from django.core.exceptions import ValidationError

from accounts.roles import Role
from registry.contactpoint_id import contactpoint_id_normalise
from registry.models import Child
from shielding import models


class OperationsReadOnlyAdmin(admin.ModelAdmin):
    """Viewable by operations staff, changeable by nobody."""

    list_select_related = ["child", "local_authority"]
    # The path to the child: a sealed record's rows are left out, as the record is everywhere.
    child_path = "child"
    search_fields = ["=child__contactpoint_id"]
    search_help_text = "Enter a ContactPoint ID."
    show_full_result_count = False
    list_per_page = 50

    # By role rather than by model permission: whatever permissions a user is given, only
    # operations staff open these pages.
    def has_module_permission(self, request):
        return is_operations(request.user)

    def has_view_permission(self, request, obj=None):
        return is_operations(request.user)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        # Archived records' rows go too: only the team and lawful access may read those records.
        hidden = {f"{self.child_path}__status__in": (Child.Status.SEALED, Child.Status.ARCHIVED)}
        return super().get_queryset(request).exclude(**hidden)

    def get_search_results(self, request, queryset, search_term):
        if not search_term:
            return queryset, False
        try:
            contactpoint_id = contactpoint_id_normalise(search_term)
        except ValidationError:
            return queryset.none(), False
        return queryset.filter(child__contactpoint_id=contactpoint_id), False

    @admin.display(description="ContactPoint ID", ordering="child__contactpoint_id")
    def contactpoint_id(self, obj):
        return obj.child.display_id


def is_operations(user) -> bool:
    return bool(user.is_active and user.is_staff and user.role == Role.OPERATIONS)


@admin.register(models.ShieldingOrder)
class ShieldingOrderAdmin(OperationsReadOnlyAdmin):
    list_display = [
        "contactpoint_id",
        "local_authority",
        "reason",
        "made_at",
        "review_due_on",
        "active",
        "ended_at",
    ]
    list_filter = ["active", "reason"]
    fields = readonly_fields = list_display


@admin.register(models.ContactRequest)
class ContactRequestAdmin(OperationsReadOnlyAdmin):
    list_display = ["contactpoint_id", "local_authority", "requested_at", "status", "acted_at"]
    list_filter = ["status"]
    fields = readonly_fields = list_display


@admin.register(models.EmergencyOverride)
class EmergencyOverrideAdmin(OperationsReadOnlyAdmin):
    list_display = ["contactpoint_id", "user", "purpose", "made_at"]
    list_select_related = ["child", "user"]
    fields = readonly_fields = list_display


@admin.register(models.OverrideReview)
class OverrideReviewAdmin(OperationsReadOnlyAdmin):
    list_display = ["contactpoint_id", "local_authority", "outcome", "reviewed_at"]
    list_select_related = ["override__child", "local_authority"]
    child_path = "override__child"
    list_filter = ["outcome"]
    search_fields = ["=override__child__contactpoint_id"]
    fields = readonly_fields = list_display

    def get_search_results(self, request, queryset, search_term):
        if not search_term:
            return queryset, False
        try:
            contactpoint_id = contactpoint_id_normalise(search_term)
        except ValidationError:
            return queryset.none(), False
        return queryset.filter(override__child__contactpoint_id=contactpoint_id), False

    @admin.display(description="ContactPoint ID", ordering="override__child__contactpoint_id")
    def contactpoint_id(self, obj):
        return obj.override.child.display_id

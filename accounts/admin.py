from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from accounts.models import Organisation, User
from accounts.services import user_disable


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "local_authority"]
    search_fields = ["code", "name"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "organisation", "is_active"]
    list_filter = ["role", "is_active", "organisation"]
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        ("ContactPoint", {"fields": ("role", "organisation")}),
    )
    actions = ["disable_users"]

    def save_model(self, request, obj, form, change):
        """Clearing "active" disables the user through the service, which ends their sessions."""
        disabling = change and "is_active" in form.changed_data and not obj.is_active
        super().save_model(request, obj, form, change)
        if disabling:
            user_disable(user=obj, by=request.user)

    @admin.action(
        description="Disable the selected users and end their sessions", permissions=["change"]
    )
    def disable_users(self, request, queryset):
        for user in queryset.filter(is_active=True):
            user_disable(user=user, by=request.user)

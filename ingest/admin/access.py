"""Who may open the ingest pages of the admin: feed operators holding the model permission.

Both are needed. The role (ingest.services.may_operate_feeds) keeps out anyone who is merely made
staff or given a permission by hand; the model permission (accounts.role_permissions) says which
pages and actions an operator has. Nothing here is ever deleted, and only the feed's own settings
are changed through a form: everything else is written by the services behind the custom views.
"""

from django.contrib import admin

from ingest.services import may_operate_feeds


class FeedOperationsAdmin(admin.ModelAdmin):
    """Read-only for feed operators, closed to everyone else."""

    def has_module_permission(self, request):
        return may_operate_feeds(request.user) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return may_operate_feeds(request.user) and super().has_view_permission(request, obj)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

"""The Django admin behind the project's sign-in: no password form of its own, and a verified
second factor needed for every page (as well as the middleware's check on every URL). The admins
of child data record what is done and seen through them (audit.admin_actions).

INSTALLED_APPS imports this module while apps load, so it imports no models at module level.
"""

from django.contrib.admin import AdminSite, ModelAdmin
from django.contrib.admin.apps import AdminConfig
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.core.exceptions import PermissionDenied
from django.db.models.base import ModelBase
from django.shortcuts import redirect
from django.urls import reverse


class ContactPointAdminSite(AdminSite):
    site_header = "ContactPoint administration"
    site_title = "ContactPoint administration"

    def has_permission(self, request) -> bool:
        return super().has_permission(request) and request.user.is_verified()

    def register(self, model_or_iterable, admin_class=None, **options):
        """Every admin of child data records its actions as access events, whichever app
        registers it and however (audit.admin_actions)."""
        from audit.admin_actions import admin_class_audited

        if isinstance(model_or_iterable, ModelBase):
            model_or_iterable = [model_or_iterable]
        for model in model_or_iterable:
            audited = admin_class_audited(model=model, admin_class=admin_class or ModelAdmin)
            super().register(model, audited, **options)

    def login(self, request, extra_context=None):
        """Send sign-in to the project's two-step flow; a signed-in user without access gets 403."""
        from django.contrib.auth.views import redirect_to_login

        index_url = reverse("admin:index", current_app=self.name)
        if not request.user.is_authenticated:
            return redirect_to_login(request.GET.get(REDIRECT_FIELD_NAME) or index_url)
        if self.has_permission(request):
            return redirect(index_url)
        raise PermissionDenied


class ContactPointAdminConfig(AdminConfig):
    default_site = "accounts.admin_site.ContactPointAdminSite"

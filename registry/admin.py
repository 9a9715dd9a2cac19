"""Django admin for the registry.

Child and contact data come only from feeds and practitioners, so their admin is read-only, and it
reads through the chokepoint. Its lists stay empty until someone looks up one ContactPoint ID: the
admin is a way to inspect a record, never to browse the index.
"""

from django.contrib import admin
from django.core.exceptions import ValidationError

from registry import models
from registry.contactpoint_id import contactpoint_id_normalise
from registry.purposes import AccessPurpose


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ScopedLookupAdmin(ReadOnlyAdmin):
    """Read-only admin over the chokepoint, listing rows of one child looked up by ContactPoint ID."""

    child_id_lookup = "child__contactpoint_id"
    # A sealed record (an old identity) is left out, with its rows: to everyone here it does not
    # exist. Its management team sees it only in its own list of sealed records. An archived
    # record is left out too: only its team (for a year) and lawful access may read it.
    child_status_lookup = "child__status"
    search_help_text = "Enter a ContactPoint ID to see its record."
    search_fields = ["=contactpoint_id"]
    show_full_result_count = False
    list_per_page = 20

    def get_queryset(self, request):
        rows = self.model.objects.visible_to(request.user, purpose=AccessPurpose.ADMINISTRATION)
        hidden = (models.Child.Status.SEALED, models.Child.Status.ARCHIVED)
        return rows.exclude(**{f"{self.child_status_lookup}__in": hidden})

    def get_search_results(self, request, queryset, search_term):
        try:
            contactpoint_id = contactpoint_id_normalise(search_term)
        except ValidationError:
            return queryset.none(), False
        return queryset.filter(**{self.child_id_lookup: contactpoint_id}), False


@admin.register(models.Child)
class ChildAdmin(ScopedLookupAdmin):
    child_id_lookup = "contactpoint_id"
    child_status_lookup = "status"
    list_display = [
        "display_id",
        "given_names",
        "family_name",
        "gender",
        "date_of_birth",
        "status",
        "responsible_local_authority",
    ]
    list_select_related = ["responsible_local_authority"]
    fields = [
        "contactpoint_id",
        "given_names",
        "family_name",
        "gender",
        "date_of_birth",
        "status",
        "responsible_local_authority",
        "created_at",
        "updated_at",
    ]


class ContactDataAdmin(ScopedLookupAdmin):
    list_select_related = ["child"]


@admin.register(models.Address)
class AddressAdmin(ContactDataAdmin):
    list_display = ["child", "status", "line_1", "town", "postcode", "ended_on"]


@admin.register(models.Carer)
class CarerAdmin(ContactDataAdmin):
    list_display = [
        "child",
        "relationship",
        "given_names",
        "family_name",
        "parental_responsibility",
    ]


@admin.register(models.SettingEnrolment)
class SettingEnrolmentAdmin(ContactDataAdmin):
    list_display = ["child", "setting", "started_on", "ended_on"]


@admin.register(models.GPRegistration)
class GPRegistrationAdmin(ContactDataAdmin):
    list_display = ["child", "practice", "registered_on", "ended_on"]


@admin.register(models.ServiceInvolvement)
class ServiceInvolvementAdmin(ContactDataAdmin):
    list_display = ["child", "kind", "organisation", "role", "started_on", "ended_on"]


@admin.register(models.ExternalIdentifier)
class ExternalIdentifierAdmin(ContactDataAdmin):
    list_display = ["child", "scheme", "issuer", "value"]


@admin.register(models.LocalAuthority)
class LocalAuthorityAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(models.PostcodeDistrict)
class PostcodeDistrictAdmin(admin.ModelAdmin):
    list_display = ["outward_code", "local_authority"]
    list_select_related = ["local_authority"]
    search_fields = ["=outward_code"]


@admin.register(models.EducationalSetting)
class EducationalSettingAdmin(admin.ModelAdmin):
    list_display = ["urn", "name", "kind", "local_authority"]
    list_select_related = ["local_authority"]
    search_fields = ["=urn", "name"]


@admin.register(models.GPPractice)
class GPPracticeAdmin(admin.ModelAdmin):
    list_display = ["ods_code", "name"]
    search_fields = ["=ods_code", "name"]

"""The management team's pages on retention: its archive (the records of its children archived
less than a year ago, read-only), and the consent that keeps a young person's record open past 18.
Each view checks access, calls one service or audited read, and renders."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import dateformat
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal.api.throttles import page_throttle_refusal
from portal.archived_records import archived_record_audited
from portal.navigation import purpose_from, record_url
from registry.retention import (
    RetentionPeriods,
    archived_on,
    keep_until_latest,
    purge_due_on,
    team_only_until,
)
from shielding import access, archive
from shielding.archive_forms import RetentionConsentForm
from shielding.forms import service_error_add
from shielding.retention_consent import (
    retention_extension_in_force,
    retention_extension_record,
    retention_extension_withdraw,
)

ARCHIVED_PER_PAGE = 50


def _dates(child, periods: RetentionPeriods) -> dict:
    return {
        "archived_on": archived_on(child),
        "team_only_until": team_only_until(child, periods=periods),
        "purge_due_on": purge_due_on(child, periods=periods),
    }


@login_required
@require_GET
def archived_list(request):
    """The team's archive: identity and dates only; each record opens on its own, audited."""
    periods = RetentionPeriods.from_settings()
    page = Paginator(archive.archived_records_for_team(user=request.user), ARCHIVED_PER_PAGE)
    page = page.get_page(request.GET.get("page"))
    rows = [{"child": child, **_dates(child, periods)} for child in page]
    context = {"page": page, "rows": rows, "periods": periods}
    return render(request, "shielding/archived_list.html", context)


@login_required
@require_GET
def archived_record(request, contactpoint_id: str):
    child = archive.archived_child_for_team_access(
        user=request.user, contactpoint_id=contactpoint_id
    )
    refused = page_throttle_refusal(request=request, scope="record")
    if refused is not None:
        return refused
    record = archived_record_audited(request=request, child=child)
    context = {"record": record, **_dates(child, RetentionPeriods.from_settings())}
    return render(request, "shielding/archived_record.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def retention_consent(request, contactpoint_id: str):
    """Record a young person's consent to keep their open record past 18, or see it."""
    purpose = purpose_from(request)
    if purpose is None:
        return redirect("portal:child", contactpoint_id=contactpoint_id)
    child = access.child_to_shield_access(
        user=request.user, purpose=purpose, contactpoint_id=contactpoint_id
    )
    in_force = retention_extension_in_force(child=child)
    form = RetentionConsentForm(request.POST or None)
    if request.method == "POST" and in_force is None and form.is_valid():
        data = form.cleaned_data
        try:
            extension = retention_extension_record(
                child=child, by=request.user, reason=data["reason"], keep_until=data["keep_until"]
            )
        except ValidationError as error:
            service_error_add(form, error)
        else:
            until = dateformat.format(extension.keep_until, "j F Y")
            messages.success(request, f"The record will be kept open until {until}.")
            return redirect(record_url(contactpoint_id, purpose))
    context = {
        "form": form,
        "child": child,
        "purpose": purpose,
        "in_force": in_force,
        "latest": keep_until_latest(child=child, periods=RetentionPeriods.from_settings()),
    }
    return render(request, "shielding/retention_consent.html", context)


@login_required
@require_POST
def retention_consent_withdraw(request, extension_id: int):
    extension = archive.retention_extension_access(user=request.user, extension_id=extension_id)
    retention_extension_withdraw(extension=extension, by=request.user)
    messages.success(
        request,
        "Consent is withdrawn. If the young person is 18 or over, the record is archived tonight.",
    )
    purpose = purpose_from(request)
    if purpose is None:
        return redirect("shielding:home")
    return redirect(record_url(extension.child.contactpoint_id, purpose))

"""Portal pages. Each view parses input, calls one access or service function, and renders."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from portal.access import record_audited, search_audited
from portal.api.throttles import page_throttle_refusal
from portal.forms import InvolvementEndForm, InvolvementForm, PurposeForm, SearchForm
from portal.merge_reads import merged_record_follow_audited
from portal.navigation import purpose_from, record_url, visible_child
from registry.models import Child, ServiceInvolvement
from registry.search import SearchCriteriaError, search_criteria_parse
from registry.services import involvement_end, involvement_record
from registry.shielding_policy import shielding_policy

DATE_FIELDS = {"date_of_birth": "dob_day"}


@login_required
@require_http_methods(["GET", "POST"])
def search(request):
    """Search by POST, so that names and postcodes stay out of URLs and access logs."""
    if request.method == "POST":
        refused = page_throttle_refusal(request=request, scope="search")
        if refused is not None:
            return refused
    form = SearchForm(request.POST or None)
    outcome = None
    if request.method == "POST" and form.is_valid():
        try:
            criteria = search_criteria_parse(form.criteria_data())
        except SearchCriteriaError as error:
            for field, message in error.errors.items():
                form.add_error(
                    None if field == "__all__" else DATE_FIELDS.get(field, field), message
                )
        else:
            outcome = search_audited(
                request=request, purpose=form.cleaned_data["purpose"], criteria=criteria
            )
    return render(request, "portal/search.html", {"form": form, "outcome": outcome})


@login_required
@require_http_methods(["GET"])
def child_record(request, contactpoint_id: str):
    purpose = purpose_from(request)
    if purpose is None:
        form = PurposeForm(request.GET if "purpose" in request.GET else None)
        return render(request, "portal/purpose.html", {"form": form})
    refused = page_throttle_refusal(request=request, scope="record")
    if refused is not None:
        return refused
    try:
        record = record_audited(request=request, purpose=purpose, contactpoint_id=contactpoint_id)
    except Child.DoesNotExist:
        # A merged record's ID leads to the surviving record, which shows what it shows anyone.
        survivor = merged_record_follow_audited(
            request=request, purpose=purpose, contactpoint_id=contactpoint_id
        )
        if survivor is None:
            raise Http404("No child with this ContactPoint ID.") from None
        return redirect(record_url(survivor.contactpoint_id, purpose))
    return render(request, "portal/child_record.html", {"record": record, "purpose": purpose})


@login_required
@require_http_methods(["GET", "POST"])
def involvement_new(request, contactpoint_id: str):
    purpose = purpose_from(request)
    if purpose is None:
        return redirect("portal:child", contactpoint_id=contactpoint_id)
    child = visible_child(request, purpose, contactpoint_id)
    redaction = shielding_policy().child_redaction(user=request.user, child=child)
    if redaction is not None:
        # The child is visible, so a 404 would be wrong: contact goes through the team instead.
        context = {"child": child, "redaction": redaction, "purpose": purpose}
        return render(request, "portal/involvement_brokered.html", context, status=403)
    form = InvolvementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            involvement_record(child=child, by=request.user, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Your involvement has been recorded.")
            return redirect(record_url(contactpoint_id, purpose))
    return render(
        request, "portal/involvement_form.html", {"form": form, "child": child, "purpose": purpose}
    )


@login_required
@require_http_methods(["GET", "POST"])
def involvement_end_view(request, involvement_id: int):
    purpose = purpose_from(request)
    if purpose is None:
        raise Http404("State a purpose to change a child's record.")
    involvement = own_involvement(request.user, involvement_id, purpose)
    form = InvolvementEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                involvement_end(
                    involvement=involvement, by=request.user, ended_on=form.cleaned_data["ended_on"]
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Your involvement has been ended.")
            return redirect(record_url(involvement.child.contactpoint_id, purpose))
    return render(
        request,
        "portal/involvement_end.html",
        {
            "form": form,
            "involvement": involvement,
            "purpose": purpose,
            "today": timezone.localdate(),
        },
    )


def own_involvement(user, involvement_id: int, purpose: str) -> ServiceInvolvement:
    """The user's own open involvement with a child whose record is open; anything else is a 404,
    exactly as if it did not exist."""
    try:
        return (
            ServiceInvolvement.objects.visible_to(user, purpose=purpose)
            .select_related("child")
            .get(
                pk=involvement_id,
                recorded_by=user,
                ended_on__isnull=True,
                child__status__in=Child.OPEN_STATUSES,
            )
        )
    except ServiceInvolvement.DoesNotExist:
        raise Http404("No such involvement.") from None

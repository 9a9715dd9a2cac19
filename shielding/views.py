"""The shielding pages: the management team's (its shielded children, its queue of contact requests,
its override reviews) and a practitioner's on a shielded record (asking the team to broker
contact, and the emergency override). Each view checks access, calls one service, and renders.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import dateformat, timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from accounts.roles import Role
from portal.access import record_audited
from portal.navigation import purpose_from, record_url, visible_child
from registry.models import Child
from registry.purposes import AccessPurpose
from registry.shielding_policy import shielding_policy
from shielding import access, forms, selectors, services
from shielding.database_scope import override_scope

ORDERS_PER_PAGE = 50


def purpose_label(purpose: str) -> str:
    return AccessPurpose(purpose).label if purpose in AccessPurpose.values else purpose


# The management team's pages.


@login_required
@require_GET
def team_home(request):
    """The team's shielded children (overdue reviews first), its queue and its override reviews."""
    access.team_required(user=request.user)
    orders = Paginator(selectors.shielding_orders_for_team(user=request.user), ORDERS_PER_PAGE)
    context = {
        "orders": orders.get_page(request.GET.get("page")),
        "overdue": list(selectors.shielding_reviews_overdue(user=request.user)),
        "contact_requests": list(selectors.contact_requests_open_for_team(user=request.user)),
        "override_reviews": list(selectors.override_reviews_pending_for_team(user=request.user)),
        "today": timezone.localdate(),
    }
    return render(request, "shielding/team_home.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def shield_new(request, contactpoint_id: str):
    purpose = purpose_from(request)
    if purpose is None:
        return redirect("portal:child", contactpoint_id=contactpoint_id)
    child = access.child_to_shield_access(
        user=request.user, purpose=purpose, contactpoint_id=contactpoint_id
    )
    if selectors.shielding_order_active_for_team(user=request.user, child=child) is not None:
        messages.info(request, "This child is already shielded.")
        return redirect(record_url(contactpoint_id, purpose))
    form = forms.ShieldForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            order = services.shield_create(child=child, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            forms.service_error_add(form, error)
        else:
            review_by = dateformat.format(order.review_due_on, "j F Y")
            messages.success(request, f"The child is shielded. Review by {review_by}.")
            return redirect(record_url(contactpoint_id, purpose))
    return render(
        request, "shielding/shield_form.html", {"form": form, "child": child, "purpose": purpose}
    )


@login_required
@require_http_methods(["GET", "POST"])
def shield_review(request, order_id: int):
    order = access.shielding_order_access(user=request.user, order_id=order_id)
    form = forms.ShieldReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.shield_review_record(
                order=order,
                by=request.user,
                notes=form.cleaned_data["notes"],
                next_review_due_on=form.cleaned_data["next_review_due_on"],
            )
        except ValidationError as error:
            forms.service_error_add(form, error)
        else:
            messages.success(request, f"The review of {order.child.display_id} is recorded.")
            return redirect("shielding:home")
    return render(request, "shielding/review_form.html", {"form": form, "order": order})


@login_required
@require_http_methods(["GET", "POST"])
def shield_end(request, order_id: int):
    order = access.shielding_order_access(user=request.user, order_id=order_id)
    form = forms.UnshieldForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.shield_end(
                order=order, by=request.user, reason=form.cleaned_data["end_reason"]
            )
        except ValidationError as error:
            forms.service_error_add(form, error)
        else:
            messages.success(request, f"{order.child.display_id} is no longer shielded.")
            return redirect("shielding:home")
    return render(request, "shielding/unshield_form.html", {"form": form, "order": order})


@login_required
@require_GET
def contact_request_queue(request):
    access.team_required(user=request.user)
    contact_requests = selectors.contact_requests_open_for_team(user=request.user)
    return render(
        request, "shielding/contact_request_queue.html", {"contact_requests": contact_requests}
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact_request_detail(request, contact_request_id: int):
    contact_request = access.contact_request_access(
        user=request.user, contact_request_id=contact_request_id
    )
    form = forms.ContactRequestActForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_request_act(
                contact_request=contact_request, by=request.user, notes=form.cleaned_data["notes"]
            )
        except ValidationError as error:
            forms.service_error_add(form, error)
        else:
            messages.success(request, "The request is marked as acted on.")
            return redirect("shielding:contact-requests")
    return render(
        request,
        "shielding/contact_request_detail.html",
        {
            "form": form,
            "contact_request": contact_request,
            "purpose_label": purpose_label(contact_request.purpose),
        },
    )


@login_required
@require_GET
def override_review_list(request):
    access.team_required(user=request.user)
    reviews = selectors.override_reviews_pending_for_team(user=request.user)
    return render(request, "shielding/override_review_list.html", {"reviews": reviews})


@login_required
@require_http_methods(["GET", "POST"])
def override_review_detail(request, review_id: int):
    review = access.override_review_access(user=request.user, review_id=review_id)
    form = forms.OverrideReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.override_review_record(review=review, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            forms.service_error_add(form, error)
        else:
            messages.success(request, "The review's outcome is recorded.")
            return redirect("shielding:override-reviews")
    context = {
        "form": form,
        "review": review,
        "purpose_label": purpose_label(review.override.purpose),
    }
    return render(request, "shielding/override_review_detail.html", context)


# A practitioner's pages on a record shielded from them.


@login_required
@require_http_methods(["GET", "POST"])
def contact_request_new(request, contactpoint_id: str):
    """Ask the child's management team to broker contact; the request lands in its queue."""
    purpose = purpose_from(request)
    if purpose is None:
        return redirect("portal:child", contactpoint_id=contactpoint_id)
    child = visible_child(request, purpose, contactpoint_id)
    redaction = shielding_policy().child_redaction(user=request.user, child=child)
    if redaction is None:
        return redirect(record_url(contactpoint_id, purpose))
    form = forms.ContactRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_request_make(
                child=child, by=request.user, purpose=purpose, **form.cleaned_data
            )
        except ValidationError as error:
            forms.service_error_add(form, error)
        else:
            messages.success(
                request,
                f"Your request has gone to the management team of "
                f"{redaction.brokering_authority}. They will contact you.",
            )
            return redirect(record_url(contactpoint_id, purpose))
    context = {"form": form, "child": child, "redaction": redaction, "purpose": purpose}
    return render(request, "shielding/contact_request_form.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def override(request, contactpoint_id: str):
    """Break glass: a warning and a reason first; then the full record, in this response only."""
    if request.user.role != Role.CHILD_PROTECTION:
        raise Http404("No such page.")
    purpose = purpose_from(request)
    if purpose is None:
        return redirect("portal:child", contactpoint_id=contactpoint_id)
    child = visible_child(request, purpose, contactpoint_id)
    redaction = shielding_policy().child_redaction(user=request.user, child=child)
    if redaction is None:
        return redirect(record_url(contactpoint_id, purpose))
    form = forms.OverrideForm(request.POST or None, initial={"purpose": purpose})
    if request.method == "POST" and form.is_valid():
        try:
            return override_record_response(request, child=child, **form.cleaned_data)
        except ValidationError as error:
            forms.service_error_add(form, error)
    context = {"form": form, "child": child, "redaction": redaction, "purpose": purpose}
    return render(request, "shielding/override_confirm.html", context)


def override_record_response(request, *, child: Child, purpose: str, reason: str):
    """Record the override and render the full record with it, inside the database's override
    scope for that one child. Nothing is kept for a later request: the next read is redacted."""
    with transaction.atomic():
        emergency_override = services.override_make(
            child=child, by=request.user, purpose=purpose, reason=reason
        )
        with override_scope(emergency_override.child_id):
            record = record_audited(
                request=request,
                purpose=purpose,
                contactpoint_id=child.contactpoint_id,
                override=emergency_override,
            )
            return render(
                request,
                "shielding/override_record.html",
                {"record": record, "purpose": purpose, "override": emergency_override},
            )

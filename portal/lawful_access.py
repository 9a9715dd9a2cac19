"""Lawful access to an archived record, a year or more after archiving and until it is purged.

A lawful-access officer types a ContactPoint ID, the lawful basis and its reference (a court
order's number, a request's), and reads the record in that one response: the next reading needs
its own basis. The ID is posted, never put in a URL. To anyone else the page does not exist; to
the officer, a missing ID, an open record, a sealed one, one still in its management team's year
and a purged one all get the same answer, a 404 with the form. Every attempt is audited.
"""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from accounts.roles import Role
from portal.api.throttles import page_throttle_refusal
from portal.archived_records import (
    ARCHIVE_PURPOSE,
    LawfulAccess,
    archived_record_audited,
    lawful_access_refused_record,
)
from registry.contactpoint_id import contactpoint_id_normalise
from registry.models import Child
from registry.retention import RetentionPeriods, archived_for_lawful_access
from shielding.database_scope import override_scope

NOT_OPEN_TO_YOU = "There is no archived record with this ContactPoint ID that you can open"


class LawfulBasis(models.TextChoices):
    COURT_ORDER = "court_order", "A court order"
    CRIME = "crime", "The prevention or detection of crime"
    SUBJECT_ACCESS = "subject_access", "The young person's own request for their data"
    INQUIRY = "inquiry", "A statutory inquiry or review"
    LEGAL_CLAIM = "legal_claim", "Establishing or defending a legal claim"


class LawfulAccessForm(forms.Form):
    contactpoint_id = forms.CharField(
        label="ContactPoint ID",
        max_length=20,
        error_messages={"required": "Enter the ContactPoint ID of the archived record"},
    )
    basis = forms.ChoiceField(
        label="What is your lawful basis for reading this record?",
        choices=LawfulBasis.choices,
        error_messages={"required": "Select your lawful basis"},
    )
    reference = forms.CharField(
        label="Reference",
        max_length=200,
        error_messages={"required": "Enter the reference of the order, request or case"},
    )


def lawful_access_officer_required(*, user) -> None:
    if not (
        getattr(user, "is_active", False) and getattr(user, "role", None) == Role.LAWFUL_ACCESS
    ):
        raise Http404("No such page.")


def archived_child_for_lawful_access(*, user, contactpoint_id: str) -> Child:
    """The record, if it is archived and past its team's year; Child.DoesNotExist otherwise."""
    try:
        digits = contactpoint_id_normalise(contactpoint_id)
    except ValidationError as error:
        raise Child.DoesNotExist from error
    condition = archived_for_lawful_access(
        today=timezone.localdate(), periods=RetentionPeriods.from_settings()
    )
    return (
        Child.objects.visible_to(user, purpose=ARCHIVE_PURPOSE)
        .select_related("responsible_local_authority")
        .filter(condition)
        .get(contactpoint_id=digits)
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def lawful_access(request):
    lawful_access_officer_required(user=request.user)
    form = LawfulAccessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        refused = page_throttle_refusal(request=request, scope="record")
        if refused is not None:
            return refused
        try:
            return lawful_access_record_response(request, **form.cleaned_data)
        except Child.DoesNotExist:
            lawful_access_refused_record(request=request, **form.cleaned_data)
            form.add_error("contactpoint_id", NOT_OPEN_TO_YOU)
            return render(request, "portal/lawful_access/find.html", {"form": form}, status=404)
    return render(request, "portal/lawful_access/find.html", {"form": form})


def lawful_access_record_response(request, *, contactpoint_id: str, basis: str, reference: str):
    """The record, read and rendered in the database's scope for that one child: a shielded
    child's hidden rows are shown to the officer in this response only."""
    with transaction.atomic():
        child = archived_child_for_lawful_access(user=request.user, contactpoint_id=contactpoint_id)
        grant = LawfulAccess(
            user_id=request.user.pk, child_id=child.pk, basis=basis, reference=reference
        )
        with override_scope(child.pk):
            record = archived_record_audited(request=request, child=child, lawful_access=grant)
            context = {
                "record": record,
                "basis_label": LawfulBasis(basis).label,
                "reference": reference,
                "read_at": timezone.now(),
            }
            return render(request, "portal/lawful_access/record.html", context)

"""The report pages. Each view checks who may read the report (a 404 for anyone else), reads its
filters, and calls one audited read. Report pages are never cached: they say who looked at whom."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from audit.reports import access, audited_reads, forms
from audit.reports.event_export import event_export_response

USERS_PER_PAGE = 50


@never_cache
@login_required
@require_GET
def child_access_report(request, contactpoint_id: str):
    """Who has looked at this child: for the management team of the child's authority."""
    child = access.child_report_access(user=request.user, contactpoint_id=contactpoint_id)
    form = forms.DateRangeForm(request.GET)
    report = None
    if form.is_valid():
        report = audited_reads.child_access_report_read(
            user=request.user,
            child=child,
            occurred_from=form.occurred_from(),
            occurred_before=form.occurred_before(),
            filters=form.filters_for_audit(),
            page_number=request.GET.get("page"),
        )
    context = {"child": child, "form": form, "report": report}
    return render(request, "audit/reports/child_access.html", context)


@never_cache
@login_required
@require_GET
def organisation_users(request):
    """The users of the management team's own organisation, to choose whose activity to read."""
    organisation = access.organisation_admin_access(user=request.user)
    users = organisation.users.order_by("last_name", "first_name", "username")
    name = request.GET.get("name", "").strip()[:150]
    if name:
        users = users.filter(
            Q(username__icontains=name)
            | Q(first_name__icontains=name)
            | Q(last_name__icontains=name)
        )
    page = Paginator(users, USERS_PER_PAGE).get_page(request.GET.get("page"))
    context = {"organisation": organisation, "page": page, "name": name}
    return render(request, "audit/reports/organisation_users.html", context)


@never_cache
@login_required
@require_GET
def user_activity_report(request, user_id: int):
    subject = access.organisation_user_access(user=request.user, subject_user_id=user_id)
    form = forms.DateRangeForm(request.GET)
    report = None
    if form.is_valid():
        report = audited_reads.user_activity_report_read(
            user=request.user,
            organisation=subject.organisation,
            subject=subject,
            occurred_from=form.occurred_from(),
            occurred_before=form.occurred_before(),
            filters=form.filters_for_audit(),
            page_number=request.GET.get("page"),
        )
    context = {"subject": subject, "form": form, "report": report}
    return render(request, "audit/reports/user_activity.html", context)


@never_cache
@login_required
@require_GET
def event_search(request):
    """The auditor's search across all events."""
    access.auditor_required(user=request.user)
    form = forms.EventSearchForm(request.GET)
    report = None
    if form.is_valid():
        report = audited_reads.event_search_report_read(
            user=request.user,
            filters=form.event_filters(),
            filters_recorded=form.filters_for_audit(),
            page_number=request.GET.get("page"),
        )
    return render(request, "audit/reports/event_search.html", {"form": form, "report": report})


@never_cache
@login_required
@require_GET
def event_export(request):
    """The search's events as CSV. The export is recorded before the first row is streamed."""
    access.auditor_required(user=request.user)
    form = forms.EventSearchForm(request.GET)
    if not form.is_valid():
        context = {"form": form, "report": None}
        return render(request, "audit/reports/event_search.html", context, status=400)
    export = audited_reads.event_export_prepare(
        user=request.user,
        filters=form.event_filters(),
        filters_recorded=form.filters_for_audit(),
    )
    return event_export_response(user=request.user, export=export)

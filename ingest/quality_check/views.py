"""The data-quality tool's pages: upload a file, then read its report. Each view checks access,
calls one selector, and renders; the report page reads a kept report, not the index."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from ingest.quality_check.access import file_checking_required
from ingest.quality_check.forms import QualityCheckForm
from ingest.quality_check.report import DUPLICATE_PAIRS_KEPT, ERRORS_KEPT
from ingest.quality_check.selectors import feed_file_check
from ingest.quality_check.stored_reports import quality_report_access, quality_report_store

ROWS_PER_PAGE = 50


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def quality_check(request):
    feeds = file_checking_required(user=request.user)
    if request.method == "POST":
        form = QualityCheckForm(request.POST, request.FILES, feeds=feeds)
    else:
        form = QualityCheckForm(feeds=feeds)
    if form.is_bound and form.is_valid():
        upload = form.cleaned_data["file"]
        report = feed_file_check(
            feed=form.cleaned_data["feed"], stream=upload, file_name=upload.name, user=request.user
        )
        token = quality_report_store(report=report, user=request.user)
        return redirect("ingest:quality-check-report", token=token)
    context = {
        "form": form,
        "feeds": feeds,
        "max_upload_bytes": settings.QUALITY_CHECK_MAX_UPLOAD_BYTES,
    }
    return render(request, "ingest/quality_check/upload.html", context)


@never_cache
@login_required
@require_GET
def quality_check_report(request, token: str):
    file_checking_required(user=request.user)
    report = quality_report_access(user=request.user, token=token)
    context = {
        "report": report,
        "errors_page": Paginator(report.errors, ROWS_PER_PAGE).get_page(request.GET.get("page")),
        "pairs_page": Paginator(report.duplicate_pairs, ROWS_PER_PAGE).get_page(
            request.GET.get("pairs")
        ),
        "errors_kept": ERRORS_KEPT,
        "pairs_kept": DUPLICATE_PAIRS_KEPT,
    }
    return render(request, "ingest/quality_check/report.html", context)

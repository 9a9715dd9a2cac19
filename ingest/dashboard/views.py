"""The data-quality dashboard page: access, one selector, render."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from ingest.dashboard.access import dashboard_scope_for
from ingest.dashboard.forms import DashboardFilterForm
from ingest.dashboard.selectors import dashboard_read


@never_cache
@login_required
@require_GET
def dashboard(request):
    scope = dashboard_scope_for(user=request.user)
    feeds = scope.feeds()
    form = DashboardFilterForm(request.GET, feeds=feeds)
    feed, days = form.filters()
    context = {
        "scope": scope,
        "form": form,
        "feeds": feeds,
        "dashboard": dashboard_read(scope=scope, feed=feed, days=days),
    }
    return render(request, "ingest/dashboard/dashboard.html", context)

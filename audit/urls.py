"""The audit app's pages: reports on the trail, and alerts about unusual use."""

from django.urls import include, path

app_name = "audit"

urlpatterns = [
    path("reports/", include("audit.reports.urls")),
    path("alerts/", include("audit.anomalies.urls")),
]

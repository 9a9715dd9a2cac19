from django.urls import path

from ingest import views
from ingest.dashboard import views as dashboard_views
from ingest.quality_check import views as quality_check_views

app_name = "ingest"

urlpatterns = [
    path("review/", views.review_queue, name="review-queue"),
    path("held/", views.held_queue, name="held-queue"),
    path("records/<int:staged_record_id>/", views.record_detail, name="record"),
    path("records/<int:staged_record_id>/decide/", views.record_decide, name="record-decide"),
    path("quality-check/", quality_check_views.quality_check, name="quality-check"),
    path(
        "quality-check/<str:token>/",
        quality_check_views.quality_check_report,
        name="quality-check-report",
    ),
    path("dashboard/", dashboard_views.dashboard, name="dashboard"),
]

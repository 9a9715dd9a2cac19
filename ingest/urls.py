from django.urls import path

from ingest import views

app_name = "ingest"

urlpatterns = [
    path("review/", views.review_queue, name="review-queue"),
    path("held/", views.held_queue, name="held-queue"),
    path("records/<int:staged_record_id>/", views.record_detail, name="record"),
    path("records/<int:staged_record_id>/decide/", views.record_decide, name="record-decide"),
]

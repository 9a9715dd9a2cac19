"""Reports on the audit trail: who looked at a child, what a user did, and the auditor's search."""

from django.urls import path

from audit.reports import views

app_name = "reports"

urlpatterns = [
    path(
        "children/<cpid:contactpoint_id>/",
        views.child_access_report,
        name="child-access",
    ),
    path("users/", views.organisation_users, name="users"),
    path("users/<int:user_id>/", views.user_activity_report, name="user-activity"),
    path("events/", views.event_search, name="events"),
    path("events/export.csv", views.event_export, name="events-export"),
]

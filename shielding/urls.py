from django.urls import path

from shielding import archive_views, new_identity_views, views

app_name = "shielding"

urlpatterns = [
    path("", views.team_home, name="home"),
    path("children/<cpid:contactpoint_id>/shield/", views.shield_new, name="shield"),
    path("orders/<int:order_id>/unshield/", views.shield_end, name="unshield"),
    path("orders/<int:order_id>/review/", views.shield_review, name="review"),
    path("contact-requests/", views.contact_request_queue, name="contact-requests"),
    path(
        "contact-requests/<int:contact_request_id>/",
        views.contact_request_detail,
        name="contact-request",
    ),
    path("override-reviews/", views.override_review_list, name="override-reviews"),
    path("override-reviews/<int:review_id>/", views.override_review_detail, name="override-review"),
    path(
        "children/<cpid:contactpoint_id>/contact-request/",
        views.contact_request_new,
        name="contact-request-new",
    ),
    path("children/<cpid:contactpoint_id>/override/", views.override, name="override"),
    path(
        "children/<cpid:contactpoint_id>/new-identity/",
        new_identity_views.new_identity,
        name="new-identity",
    ),
    path("sealed/", new_identity_views.sealed_list, name="sealed"),
    path("archived/", archive_views.archived_list, name="archived"),
    path("archived/<cpid:contactpoint_id>/", archive_views.archived_record, name="archived-record"),
    path(
        "children/<cpid:contactpoint_id>/retention-consent/",
        archive_views.retention_consent,
        name="retention-consent",
    ),
    path(
        "retention-consents/<int:extension_id>/withdraw/",
        archive_views.retention_consent_withdraw,
        name="retention-consent-withdraw",
    ),
]

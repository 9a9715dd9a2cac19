"""Anti-extraction: rules that flag unusual use, alerts to the people who must look, and suspension."""

from django.urls import path

from audit.anomalies import views

app_name = "alerts"

urlpatterns = [
    path("", views.alert_list, name="list"),
    path("<int:alert_id>/", views.alert_detail, name="alert"),
    path("<int:alert_id>/acknowledge/", views.alert_acknowledge, name="acknowledge"),
    path("suspensions/<int:suspension_id>/", views.suspension_detail, name="suspension"),
]

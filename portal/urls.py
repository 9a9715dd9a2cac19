from django.urls import path

from portal import views

app_name = "portal"

urlpatterns = [
    path("search/", views.search, name="search"),
    path("children/<cpid:contactpoint_id>/", views.child_record, name="child"),
    path(
        "children/<cpid:contactpoint_id>/involvements/new/",
        views.involvement_new,
        name="involvement-new",
    ),
    path(
        "involvements/<int:involvement_id>/end/", views.involvement_end_view, name="involvement-end"
    ),
]

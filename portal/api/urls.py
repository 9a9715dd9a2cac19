from django.urls import path

from portal.api import views

app_name = "api"

urlpatterns = [
    path("token/", views.TokenView.as_view(), name="token"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("children/<cpid:contactpoint_id>/", views.ChildRecordView.as_view(), name="child"),
    path(
        "children/<cpid:contactpoint_id>/involvements/",
        views.InvolvementCreateView.as_view(),
        name="involvement-create",
    ),
    path(
        "involvements/<int:involvement_id>/end/",
        views.InvolvementEndView.as_view(),
        name="involvement-end",
    ),
]

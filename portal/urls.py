from django.urls import path

from portal import lawful_access, merges, views

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
    path("merges/", merges.merge_list, name="merges"),
    path("merges/new/", merges.merge_new, name="merge-new"),
    path("merges/<int:merge_id>/", merges.merge_detail, name="merge"),
    path("merges/<int:merge_id>/undo/", merges.merge_undo, name="merge-undo"),
    path("lawful-access/", lawful_access.lawful_access, name="lawful-access"),
]

"""The movement pages, part of the clusters namespace (clusters/urls.py adds them)."""

from django.urls import path

from . import views

urlpatterns = [
    path("movements/", views.movement_list, name="movement_list"),
    path("movements/new/", views.agency_movement_create, name="agency_movement_create"),
    path("years/<int:pk>/movements/new/", views.year_movement_create, name="year_movement_create"),
    path("movements/<int:pk>/", views.movement_detail, name="movement_detail"),
    path("movements/<int:pk>/edit/", views.movement_edit, name="movement_edit"),
    path("movements/<int:pk>/contents/", views.movement_contents, name="movement_contents"),
    path("movements/<int:pk>/phases/", views.movement_phases, name="movement_phases"),
    path(
        "movements/<int:pk>/participants/",
        views.movement_participants,
        name="movement_participants",
    ),
    path("movements/<int:pk>/launch/", views.movement_launch, name="movement_launch"),
    path("phases/<int:pk>/", views.phase_detail, name="phase_detail"),
    path("phases/<int:pk>/report/", views.phase_report, name="phase_report"),
    path("movement-evidence/<int:pk>/", views.evidence_download, name="movement_evidence"),
    path(
        "movement-evidence/<int:pk>/delete/",
        views.evidence_delete,
        name="movement_evidence_delete",
    ),
]

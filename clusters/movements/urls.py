"""The movement pages, part of the clusters namespace (clusters/urls.py adds them)."""

from django.urls import path

from emulation import ids  # noqa: F401 (registers the <id:…> converter)

from . import views

urlpatterns = [
    path("movements/", views.movement_list, name="movement_list"),
    path("movements/new/", views.agency_movement_create, name="agency_movement_create"),
    path("years/<id:pk>/movements/new/", views.year_movement_create, name="year_movement_create"),
    path("movements/<id:pk>/", views.movement_detail, name="movement_detail"),
    path("movements/<id:pk>/edit/", views.movement_edit, name="movement_edit"),
    path("movements/<id:pk>/contents/", views.movement_contents, name="movement_contents"),
    path("movements/<id:pk>/phases/", views.movement_phases, name="movement_phases"),
    path(
        "movements/<id:pk>/participants/",
        views.movement_participants,
        name="movement_participants",
    ),
    path("movements/<id:pk>/launch/", views.movement_launch, name="movement_launch"),
    path("phases/<id:pk>/", views.phase_detail, name="phase_detail"),
    path("phases/<id:pk>/report/", views.phase_report, name="phase_report"),
    path("movement-evidence/<id:pk>/", views.evidence_download, name="movement_evidence"),
    path(
        "movement-evidence/<id:pk>/delete/",
        views.evidence_delete,
        name="movement_evidence_delete",
    ),
]

from django.urls import path

from emulation import ids  # noqa: F401 (registers the <id:…> converter)

from . import views
from .movements import urls as movement_urls

app_name = "clusters"

conference_items = (("guest", "guests"), ("document", "documents"), ("decision", "decisions"))

urlpatterns = [
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
    path("clusters/", views.cluster_list, name="cluster_list"),
    path("clusters/new/", views.cluster_create, name="cluster_create"),
    path("clusters/<id:pk>/", views.cluster_detail, name="cluster_detail"),
    path("clusters/<id:pk>/edit/", views.cluster_edit, name="cluster_edit"),
    path("clusters/<id:pk>/years/new/", views.year_create, name="year_create"),
    path("years/<id:pk>/", views.year_detail, name="year_detail"),
    path("years/<id:pk>/edit/", views.year_edit, name="year_edit"),
    path("years/<id:pk>/next/", views.year_start_next, name="year_start_next"),
    path("years/<id:pk>/members/add/", views.member_add, name="member_add"),
    path(
        "years/<id:pk>/members/<id:member_pk>/remove/",
        views.member_remove,
        name="member_remove",
    ),
    path("years/<id:pk>/officers/", views.officers_edit, name="officers_edit"),
    path("years/<id:pk>/covenant/", views.covenant_detail, name="covenant_detail"),
    path("years/<id:pk>/covenant/edit/", views.covenant_edit, name="covenant_edit"),
    path("years/<id:pk>/covenant/signatories/", views.signatories_edit, name="signatories_edit"),
    path("years/<id:pk>/conferences/new/", views.conference_create, name="conference_create"),
    path("conferences/<id:pk>/", views.conference_detail, name="conference_detail"),
    path("conferences/<id:pk>/edit/", views.conference_edit, name="conference_edit"),
    path("conferences/<id:pk>/attendance/", views.attendance_edit, name="attendance_edit"),
    path("conferences/<id:pk>/election/", views.election_record, name="election_record"),
    path("conferences/<id:pk>/attachments/", views.attachment_add, name="attachment_add"),
    path(
        "conferences/<id:pk>/attachments/<id:item_pk>/delete/",
        views.conference_item_delete,
        {"kind": "attachment"},
        name="attachment_delete",
    ),
    *[
        path(
            f"conferences/<id:pk>/{plural}/",
            views.conference_item_add,
            {"kind": kind},
            name=f"{kind}_add",
        )
        for kind, plural in conference_items
    ],
    *[
        path(
            f"conferences/<id:pk>/{plural}/<id:item_pk>/delete/",
            views.conference_item_delete,
            {"kind": kind},
            name=f"{kind}_delete",
        )
        for kind, plural in conference_items
    ],
    path("attachments/<id:pk>/", views.attachment_download, name="attachment_download"),
    path("audit/", views.audit_log, name="audit_log"),
    path("years/<id:pk>/audit/", views.year_audit_log, name="year_audit_log"),
    path("agencies/", views.agency_list, name="agency_list"),
    path("agencies/new/", views.agency_create, name="agency_create"),
    path("agencies/merge/", views.agency_merge, name="agency_merge"),
    path("agencies/<int:pk>/merger/", views.agency_merger_edit, name="agency_merger_edit"),
    path("agencies/<id:pk>/", views.agency_detail, name="agency_detail"),
    path("agencies/<id:pk>/edit/", views.agency_edit, name="agency_edit"),
]

urlpatterns += movement_urls.urlpatterns

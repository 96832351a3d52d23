from django.urls import path

from emulation import ids  # noqa: F401 (registers the <id:…> converter)

from . import batch_views, register_views, views

app_name = "reports"

urlpatterns = [
    path("years/<id:pk>/term-report/", views.term_report_edit, name="term_report_edit"),
    path("years/<id:pk>/term-report.pdf", views.term_report_pdf, name="term_report_pdf"),
    path("years/<id:pk>/scores.xlsx", views.scores_export, name="scores_export"),
    path("years/<id:pk>/covenant.pdf", views.covenant_pdf, name="covenant_pdf"),
    path("conferences/<id:pk>/minutes.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("nominations/<id:pk>/dossier.pdf", views.dossier_pdf, name="dossier_pdf"),
    path("movements/<id:pk>/plan.pdf", views.movement_plan_pdf, name="movement_plan_pdf"),
    # The document register, signatures and verification (reports/register_views.py).
    path("years/<id:pk>/register/", register_views.register_list, name="register"),
    path("years/<id:pk>/register.xlsx", register_views.register_export, name="register_export"),
    path(
        "years/<id:pk>/term-report/issue/",
        register_views.term_report_issue,
        name="term_report_issue",
    ),
    path(
        "movements/<id:pk>/plan/issue/",
        register_views.movement_plan_issue,
        name="movement_plan_issue",
    ),
    path("years/<id:pk>/covenant/issue/", register_views.covenant_issue, name="covenant_issue"),
    path("conferences/<id:pk>/minutes/issue/", register_views.minutes_issue, name="minutes_issue"),
    path("nominations/<id:pk>/dossier/issue/", register_views.dossier_issue, name="dossier_issue"),
    path("documents/<id:pk>.pdf", register_views.issued_pdf, name="issued_pdf"),
    path("documents/<id:pk>/sign/", register_views.issued_sign, name="issued_sign"),
    path(
        "documents/<id:pk>/sign/confirm/",
        register_views.issued_sign_confirm,
        name="issued_sign_confirm",
    ),
    path(
        "documents/<id:pk>/sign/remote/",
        register_views.issued_sign_remote,
        name="issued_sign_remote",
    ),
    path("agencies/<id:pk>/register/", register_views.agency_register, name="agency_register"),
    path(
        "agencies/<id:pk>/register.xlsx",
        register_views.agency_register_export,
        name="agency_register_export",
    ),
    path("agencies/<id:pk>/certificate/", register_views.certificate_edit, name="certificate_edit"),
    path("verify/", register_views.verify, name="verify"),
    path(
        "nominations/<id:pk>/dossier-bundle.pdf",
        register_views.dossier_bundle,
        name="dossier_bundle",
    ),
    path("years/<id:pk>/archive.zip", register_views.year_archive, name="year_archive"),
]

urlpatterns += [
    path("batches/", batch_views.batch_list, name="batches"),
    path("batches/ministry-export/", batch_views.ministry_export_start, name="ministry_export"),
    path("years/<id:pk>/archive/start/", batch_views.year_archive_start, name="year_archive_start"),
    path("years/<id:pk>/dossiers/start/", batch_views.dossiers_start, name="dossiers_start"),
    path("batches/<id:pk>/", batch_views.batch_detail, name="batch_detail"),
    path("batches/<id:pk>/download/", batch_views.batch_download, name="batch_download"),
]

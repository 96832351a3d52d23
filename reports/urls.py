from django.urls import path

from emulation import ids  # noqa: F401 (registers the <id:…> converter)

from . import views

app_name = "reports"

urlpatterns = [
    path("years/<id:pk>/term-report/", views.term_report_edit, name="term_report_edit"),
    path("years/<id:pk>/term-report.pdf", views.term_report_pdf, name="term_report_pdf"),
    path("years/<id:pk>/scores.xlsx", views.scores_export, name="scores_export"),
    path("years/<id:pk>/covenant.pdf", views.covenant_pdf, name="covenant_pdf"),
    path("conferences/<id:pk>/minutes.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("nominations/<id:pk>/dossier.pdf", views.dossier_pdf, name="dossier_pdf"),
]

from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("years/<int:pk>/term-report/", views.term_report_edit, name="term_report_edit"),
    path("years/<int:pk>/term-report.pdf", views.term_report_pdf, name="term_report_pdf"),
    path("years/<int:pk>/scores.xlsx", views.scores_export, name="scores_export"),
    path("years/<int:pk>/covenant.pdf", views.covenant_pdf, name="covenant_pdf"),
    path("conferences/<int:pk>/minutes.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("nominations/<int:pk>/dossier.pdf", views.dossier_pdf, name="dossier_pdf"),
    path("movements/<int:pk>/plan.pdf", views.movement_plan_pdf, name="movement_plan_pdf"),
]

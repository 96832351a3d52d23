from django.urls import path

from .views import assessments, criteria, ranking, review

app_name = "scoring"

urlpatterns = [
    # Criteria of a year (views/criteria.py)
    path("years/<int:pk>/criteria/", criteria.criteria_list, name="criteria"),
    path("years/<int:pk>/criteria/add/", criteria.criterion_add, name="criterion_add"),
    path("years/<int:pk>/criteria/copy/", criteria.criteria_copy, name="criteria_copy"),
    path("years/<int:pk>/criteria/import/", criteria.criteria_import, name="criteria_import"),
    path("years/<int:pk>/criteria.xlsx", criteria.criteria_export, name="criteria_export"),
    path("criteria/template.xlsx", criteria.criteria_template, name="criteria_template"),
    path("criteria/<int:pk>/edit/", criteria.criterion_edit, name="criterion_edit"),
    path("criteria/<int:pk>/delete/", criteria.criterion_delete, name="criterion_delete"),
    # The member's side of an assessment (views/assessments.py)
    path("years/<int:pk>/assessments/", assessments.assessment_list, name="assessment_list"),
    path(
        "years/<int:pk>/assessments/start/", assessments.assessment_start, name="assessment_start"
    ),
    path("assessments/<int:pk>/", assessments.assessment_detail, name="assessment"),
    path("assessments/<int:pk>/self/", assessments.assessment_self, name="assessment_self"),
    path("assessments/<int:pk>/submit/", assessments.assessment_submit, name="assessment_submit"),
    path(
        "assessments/<int:pk>/explain/", assessments.assessment_explain, name="assessment_explain"
    ),
    path(
        "assessments/<int:pk>/explain/send/",
        assessments.assessment_send_explanation,
        name="assessment_send_explanation",
    ),
    path(
        "assessments/<int:pk>/criteria/<int:criterion_pk>/evidence/",
        assessments.evidence_add,
        name="evidence_add",
    ),
    path(
        "assessments/<int:pk>/criteria/<int:criterion_pk>/history/",
        assessments.score_history,
        name="score_history",
    ),
    path("evidence/<int:pk>/", assessments.evidence_download, name="evidence_download"),
    path("evidence/<int:pk>/delete/", assessments.evidence_delete, name="evidence_delete"),
    # The reviewer's side (views/review.py)
    path("assessments/<int:pk>/review/", review.assessment_review, name="assessment_review"),
    path("assessments/<int:pk>/return/", review.assessment_return, name="assessment_return"),
    path("assessments/<int:pk>/finalise/", review.assessment_finalise, name="assessment_finalise"),
    path("assessments/<int:pk>/reopen/", review.assessment_reopen, name="assessment_reopen"),
    path(
        "assessments/<int:pk>/carry-over/",
        review.assessment_carry_over,
        name="assessment_carry_over",
    ),
    # Ranking (views/ranking.py)
    path("years/<int:pk>/ranking/", ranking.ranking, name="ranking"),
    path("years/<int:pk>/ranking/publish/", ranking.ranking_publish, name="ranking_publish"),
    path("years/<int:pk>/ranking.xlsx", ranking.ranking_export, name="ranking_export"),
]

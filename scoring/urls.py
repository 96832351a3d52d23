from django.urls import path

from .views import assessments, criteria, evidence, nominations, ranking, review, votes

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
        evidence.evidence_add,
        name="evidence_add",
    ),
    path(
        "assessments/<int:pk>/criteria/<int:criterion_pk>/history/",
        evidence.score_history,
        name="score_history",
    ),
    path("evidence/<int:pk>/", evidence.evidence_download, name="evidence_download"),
    path("evidence/<int:pk>/delete/", evidence.evidence_delete, name="evidence_delete"),
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
    # The peer vote of a year-end conference (views/votes.py)
    path("conferences/<int:pk>/vote/", votes.ballot, name="ballot"),
    path("conferences/<int:pk>/vote/create/", votes.ballot_create, name="ballot_create"),
    path("conferences/<int:pk>/vote/proposals/", votes.proposal_add, name="proposal_add"),
    path("conferences/<int:pk>/vote/open/", votes.ballot_open, name="ballot_open"),
    path("conferences/<int:pk>/vote/cast/", votes.ballot_cast, name="ballot_cast"),
    path("conferences/<int:pk>/vote/close/", votes.ballot_close, name="ballot_close"),
    path("conferences/<int:pk>/vote/reopen/", votes.ballot_reopen, name="ballot_reopen"),
    path("conferences/<int:pk>/vote/tally/", votes.ballot_tally, name="ballot_tally"),
    path("proposals/<int:pk>/delete/", votes.proposal_delete, name="proposal_delete"),
    # Nominations and the ministry's decision (views/nominations.py)
    path("proposals/<int:pk>/nominate/", nominations.nomination_create, name="nomination_create"),
    path("nominations/", nominations.nomination_list, name="nomination_list"),
    path("nominations/<int:pk>/", nominations.nomination_detail, name="nomination"),
    path("nominations/<int:pk>/report/", nominations.nomination_report, name="nomination_report"),
    path(
        "nominations/<int:pk>/files/", nominations.nomination_file_add, name="nomination_file_add"
    ),
    path("nomination-files/<int:pk>/", nominations.nomination_file, name="nomination_file"),
    path("nominations/<int:pk>/submit/", nominations.nomination_submit, name="nomination_submit"),
    path("nominations/<int:pk>/return/", nominations.nomination_return, name="nomination_return"),
    path(
        "nominations/<int:pk>/approve/", nominations.nomination_approve, name="nomination_approve"
    ),
    path("nominations/<int:pk>/reject/", nominations.nomination_reject, name="nomination_reject"),
    path("awards/", nominations.award_list, name="award_list"),
    path("awards/add/", nominations.award_add, name="award_add"),
    path("awards/<int:pk>/edit/", nominations.award_edit, name="award_edit"),
    path("agencies/<int:pk>/standing/", nominations.standing_records, name="standing_records"),
    path("standing/<int:pk>/end/", nominations.standing_record_end, name="standing_record_end"),
]

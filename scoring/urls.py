from django.urls import path

from emulation import ids  # noqa: F401 (registers the <id:…> converter)

from .views import (
    assessment_workbooks,
    assessments,
    criteria,
    evidence,
    movement_links,
    nominations,
    non_submissions,
    ranking,
    review,
    review_workbooks,
    votes,
)

app_name = "scoring"

urlpatterns = [
    # Criteria of a year (views/criteria.py)
    path("years/<id:pk>/criteria/", criteria.criteria_list, name="criteria"),
    path("years/<id:pk>/criteria/add/", criteria.criterion_add, name="criterion_add"),
    path("years/<id:pk>/criteria/copy/", criteria.criteria_copy, name="criteria_copy"),
    path("years/<id:pk>/criteria/import/", criteria.criteria_import, name="criteria_import"),
    path("years/<id:pk>/criteria.xlsx", criteria.criteria_export, name="criteria_export"),
    path("criteria/template.xlsx", criteria.criteria_template, name="criteria_template"),
    path("criteria/<id:pk>/edit/", criteria.criterion_edit, name="criterion_edit"),
    path("criteria/<id:pk>/delete/", criteria.criterion_delete, name="criterion_delete"),
    # The member's side of an assessment (views/assessments.py)
    path("years/<id:pk>/assessments/", assessments.assessment_list, name="assessment_list"),
    path("years/<id:pk>/assessments/start/", assessments.assessment_start, name="assessment_start"),
    path("assessments/<id:pk>/", assessments.assessment_detail, name="assessment"),
    path("assessments/<id:pk>/self/", assessments.assessment_self, name="assessment_self"),
    path("assessments/<id:pk>/submit/", assessments.assessment_submit, name="assessment_submit"),
    path("assessments/<id:pk>/explain/", assessments.assessment_explain, name="assessment_explain"),
    path(
        "assessments/<id:pk>/self.xlsx",
        assessment_workbooks.self_assessment_export,
        name="self_assessment_export",
    ),
    path(
        "assessments/<id:pk>/self/import/",
        assessment_workbooks.self_assessment_import,
        name="self_assessment_import",
    ),
    path(
        "assessments/<id:pk>/explain/send/",
        assessments.assessment_send_explanation,
        name="assessment_send_explanation",
    ),
    path(
        "years/<id:pk>/members/<id:membership_pk>/not-submitted/",
        non_submissions.non_submission_record,
        name="non_submission_record",
    ),
    path(
        "non-submissions/<id:pk>/withdraw/",
        non_submissions.non_submission_withdraw,
        name="non_submission_withdraw",
    ),
    path(
        "assessments/<id:pk>/criteria/<id:criterion_pk>/evidence/",
        evidence.evidence_add,
        name="evidence_add",
    ),
    path(
        "assessments/<id:pk>/criteria/<id:criterion_pk>/history/",
        evidence.score_history,
        name="score_history",
    ),
    path("evidence/<id:pk>/", evidence.evidence_download, name="evidence_download"),
    path("evidence/<id:pk>/delete/", evidence.evidence_delete, name="evidence_delete"),
    # The reviewer's side (views/review.py, views/review_workbooks.py)
    path("years/<id:pk>/review.xlsx", review_workbooks.review_export, name="review_export"),
    path("years/<id:pk>/review/import/", review_workbooks.review_import, name="review_import"),
    path("imports/<id:pk>/", review_workbooks.import_job, name="import_job"),
    path("assessments/<id:pk>/review/", review.assessment_review, name="assessment_review"),
    path("assessments/<id:pk>/return/", review.assessment_return, name="assessment_return"),
    path("assessments/<id:pk>/finalise/", review.assessment_finalise, name="assessment_finalise"),
    path("assessments/<id:pk>/reopen/", review.assessment_reopen, name="assessment_reopen"),
    path(
        "assessments/<id:pk>/carry-over/",
        review.assessment_carry_over,
        name="assessment_carry_over",
    ),
    # Ranking (views/ranking.py)
    path("years/<id:pk>/ranking/", ranking.ranking, name="ranking"),
    path("years/<id:pk>/ranking/publish/", ranking.ranking_publish, name="ranking_publish"),
    path("years/<id:pk>/ranking/withdraw/", ranking.ranking_withdraw, name="ranking_withdraw"),
    path("years/<id:pk>/ranking.xlsx", ranking.ranking_export, name="ranking_export"),
    # The peer vote of a year-end conference (views/votes.py)
    path("conferences/<id:pk>/vote/", votes.ballot, name="ballot"),
    path("conferences/<id:pk>/vote/create/", votes.ballot_create, name="ballot_create"),
    path("conferences/<id:pk>/vote/proposals/", votes.proposal_add, name="proposal_add"),
    path("conferences/<id:pk>/vote/open/", votes.ballot_open, name="ballot_open"),
    path("conferences/<id:pk>/vote/cast/", votes.ballot_cast, name="ballot_cast"),
    path("conferences/<id:pk>/vote/close/", votes.ballot_close, name="ballot_close"),
    path("conferences/<id:pk>/vote/reopen/", votes.ballot_reopen, name="ballot_reopen"),
    path("conferences/<id:pk>/vote/tally/", votes.ballot_tally, name="ballot_tally"),
    path("proposals/<id:pk>/delete/", votes.proposal_delete, name="proposal_delete"),
    # Nominations and the ministry's decision (views/nominations.py)
    path("proposals/<id:pk>/nominate/", nominations.nomination_create, name="nomination_create"),
    path("nominations/", nominations.nomination_list, name="nomination_list"),
    path("nominations/<id:pk>/", nominations.nomination_detail, name="nomination"),
    path("nominations/<id:pk>/report/", nominations.nomination_report, name="nomination_report"),
    path("nominations/<id:pk>/files/", nominations.nomination_file_add, name="nomination_file_add"),
    path("nomination-files/<id:pk>/", nominations.nomination_file, name="nomination_file"),
    path("nominations/<id:pk>/submit/", nominations.nomination_submit, name="nomination_submit"),
    path("nominations/<id:pk>/return/", nominations.nomination_return, name="nomination_return"),
    path("nominations/<id:pk>/approve/", nominations.nomination_approve, name="nomination_approve"),
    path("nominations/<id:pk>/reject/", nominations.nomination_reject, name="nomination_reject"),
    path("awards/", nominations.award_list, name="award_list"),
    path("awards/add/", nominations.award_add, name="award_add"),
    path("awards/<id:pk>/edit/", nominations.award_edit, name="award_edit"),
    path("agencies/<id:pk>/standing/", nominations.standing_records, name="standing_records"),
    path("standing/<id:pk>/end/", nominations.standing_record_end, name="standing_record_end"),
    # Links of a movement's contents (views/movement_links.py)
    path("movement-contents/<id:pk>/links/", movement_links.content_links, name="content_links"),
]

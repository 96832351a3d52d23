"""Every scoring URL × every role → the expected status.

The world (tests/conftest.py): members A (head, secretariat), B (first deputy, not helping to
run the cluster), C (member), D (other member); E is in another cluster (stranger).
Objects: the criteria of tests/scoring/conftest.py, C's assessment (submitted, with evidence)
and the head A's own assessment (submitted), which only the deputy B may review.
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from clusters import services as cluster_services
from scoring import services
from scoring.models import Evidence, ImportJob
from tests.fixtures.scoring import submit_self
from tests.permissions import READ, ROLES, SEES_C, WRITE, answer, log_in, post, user_for

# What only C's own staff may do (the self-assessment and the explanation).
C_OWN = SEES_C | {"secretariat": 403, "ministry": 403, "superuser": 403}
# Reviewing C: the secretariat and superusers.
C_REVIEW = SEES_C | {"member": 403, "ministry": 403}
# Reviewing the head's own assessment: the deputy B, never the head's own staff.
HEAD_REVIEW = {
    "anonymous": 302,
    "member": 404,
    "other_member": 404,
    "secretariat": 403,
    "deputy": 200,
    "ministry": 403,
    "stranger": 404,
    "superuser": 200,
}
# The ranking before publication: not the members, nor a deputy that does not help run the
# year.
RANKING = READ | {"member": 403, "other_member": 403, "deputy": 403}


MATRIX = {
    "scoring:criteria": ("get", lambda w: {"pk": w.year.pk}, READ),
    "scoring:criterion_add": ("get", lambda w: {"pk": w.year.pk}, WRITE),
    "scoring:criteria_copy": ("post", lambda w: {"pk": w.year.pk}, post(WRITE, 302)),
    "scoring:criteria_import": ("get", lambda w: {"pk": w.year.pk}, WRITE),
    "scoring:criteria_export": ("get", lambda w: {"pk": w.year.pk}, READ),
    "scoring:criteria_template": (
        "get",
        lambda w: {},
        {"anonymous": 302} | {role: 200 for role in ROLES if role != "anonymous"},
    ),
    "scoring:criterion_edit": ("get", lambda w: {"pk": w.criterion.pk}, WRITE),
    "scoring:criterion_delete": ("post", lambda w: {"pk": w.criterion.pk}, post(WRITE, 302)),
    "scoring:assessment_list": ("get", lambda w: {"pk": w.year.pk}, READ),
    "scoring:assessment_start": (
        "post",
        lambda w: {"pk": w.year.pk},
        # Members start their own (C already has one: redirected to it); others have none.
        {
            "anonymous": 302,
            "member": 302,
            "other_member": 302,
            "secretariat": 302,
            "deputy": 302,
            "ministry": 403,
            "stranger": 404,
            "superuser": 403,
        },
    ),
    "scoring:assessment": ("get", lambda w: {"pk": w.assessment.pk}, SEES_C),
    "scoring:assessment_self": ("get", lambda w: {"pk": w.assessment.pk}, C_OWN),
    "scoring:self_assessment_export": ("get", lambda w: {"pk": w.assessment.pk}, C_OWN),
    # The upload form; the assessment is submitted, so the page says it is closed (200).
    "scoring:self_assessment_import": ("get", lambda w: {"pk": w.assessment.pk}, C_OWN),
    # Already submitted: the refusal page says so (400).
    "scoring:assessment_submit": ("post", lambda w: {"pk": w.assessment.pk}, post(C_OWN, 400)),
    "scoring:assessment_explain": ("get", lambda w: {"pk": w.assessment.pk}, C_OWN),
    "scoring:assessment_send_explanation": (
        "post",
        lambda w: {"pk": w.assessment.pk},
        post(C_OWN, 302),
    ),
    "scoring:evidence_add": (
        "post",
        lambda w: {"pk": w.assessment.pk, "criterion_pk": w.criterion.pk},
        post(C_OWN, 302),
    ),
    "scoring:score_history": (
        "get",
        lambda w: {"pk": w.assessment.pk, "criterion_pk": w.criterion.pk},
        SEES_C,
    ),
    "scoring:evidence_download": ("get", lambda w: {"pk": w.evidence.pk}, SEES_C),
    # Submitted: the member is sent back to its assessment with the reason.
    "scoring:evidence_delete": ("get", lambda w: {"pk": w.evidence.pk}, post(C_OWN, 302)),
    "scoring:review_export": ("get", lambda w: {"pk": w.year.pk}, WRITE),
    "scoring:review_import": ("get", lambda w: {"pk": w.year.pk}, WRITE),
    # A workbook applied in the background: who uploaded it (the secretariat), the year's
    # administrators and the ministry; nobody else learns it exists.
    "scoring:import_job": (
        "get",
        lambda w: {"pk": w.import_job.pk},
        {"anonymous": 302, "stranger": 404, "member": 404, "other_member": 404}
        | {"deputy": 404, "secretariat": 200, "ministry": 200, "superuser": 200},
    ),
    "scoring:assessment_review": ("get", lambda w: {"pk": w.assessment.pk}, C_REVIEW),
    # Sent without a comment or a question: the review page with the error (400).
    "scoring:assessment_return": ("post", lambda w: {"pk": w.assessment.pk}, post(C_REVIEW, 400)),
    "scoring:assessment_finalise": ("get", lambda w: {"pk": w.assessment.pk}, C_REVIEW),
    "scoring:assessment_reopen": ("get", lambda w: {"pk": w.assessment.pk}, C_REVIEW),
    "scoring:assessment_carry_over": (
        "post",
        lambda w: {"pk": w.assessment.pk},
        post(C_REVIEW, 302),
    ),
    "scoring:ranking": ("get", lambda w: {"pk": w.year.pk}, RANKING),
    # Not final yet: the page that asks first says why it cannot be published.
    "scoring:ranking_publish": ("get", lambda w: {"pk": w.year.pk}, WRITE),
    "scoring:ranking_withdraw": ("get", lambda w: {"pk": w.year.pk}, WRITE),
    # The page that asks (it says why not, the deadline not having passed) and the withdrawal.
    "scoring:non_submission_record": (
        "get",
        lambda w: {"pk": w.year.pk, "membership_pk": w.memberships["D"].pk},
        WRITE,
    ),
    "scoring:non_submission_withdraw": ("get", lambda w: {"pk": w.non_submission.pk}, WRITE),
    # While not every assessment is final, only the secretariat has the provisional table.
    "scoring:ranking_export": (
        "get",
        lambda w: {"pk": w.year.pk},
        RANKING | {"deputy": 403, "ministry": 403},
    ),
}


@pytest.fixture
def scored_world(world, criteria, open_assessment, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    world.assessment = submit_self(open_assessment("C"), by=world.member_user)
    world.evidence = Evidence.objects.get(score__assessment=world.assessment)
    world.criterion = criteria.criteria.get(code="1.1")
    # B did not submit: recorded once its deadline had passed, then the deadline moved on.
    deadline = world.year.self_assessment_deadline
    cluster_services.cluster_year_update(
        cluster_year=world.year,
        self_assessment_deadline=timezone.localdate() - datetime.timedelta(days=1),
        by=None,
    )
    world.non_submission = services.non_submission_record(
        membership=world.memberships["B"], period="year", reason="Không nộp", by=None
    )
    cluster_services.cluster_year_update(
        cluster_year=world.year, self_assessment_deadline=deadline, by=None
    )
    world.year.refresh_from_db()
    world.import_job = ImportJob.objects.create(
        cluster_year=world.year,
        period="year",
        file_name="tham-dinh.xlsx",
        started_by=world.secretariat_user,
        state=ImportJob.State.DONE,
        changed=3,
    )
    return world


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_scoring_url_answers_each_role_as_expected(client, scored_world, name, role):
    status, expected = answer(client, scored_world, MATRIX, name, role)
    assert status == expected, (name, role, status)


@pytest.mark.parametrize("role", ROLES)
def test_only_the_deputy_reviews_the_heads_own_assessment(client, scored_world, role):
    head = services.assessment_open(membership=scored_world.memberships["A"], by=None)
    log_in(client, user_for(scored_world, role))
    response = client.get(reverse("scoring:assessment_review", args=[head.pk]))
    assert response.status_code == HEAD_REVIEW[role], (role, response.status_code)

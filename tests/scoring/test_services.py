"""The scoring workflow's services: criteria versions, the assessment's stages, reopening,
publication and evidence. Every refusal says why and leaves the database as it was."""

from __future__ import annotations

import datetime
from dataclasses import replace
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from clusters import services as cluster_services
from clusters.models import Membership
from scoring import criteria_tree, services
from scoring.models import (
    Assessment,
    AssessmentEvent,
    CriteriaSet,
    Criterion,
    Evidence,
    RankingPublication,
    Score,
)
from scoring.services import CriterionData, Entered
from tests.fixtures.scoring import (
    CRITERIA,
    FULL_ENTRIES,
    by_code,
    entries_by_id,
    evidence_upload,
    final_assessment,
    save_self,
    score_of,
    submitted_assessment,
)

Kind = Criterion.Kind
Status = Assessment.Status
Action = AssessmentEvent.Action


pytestmark = pytest.mark.usefixtures("in_english", "media_root")


def _snapshot(assessment: Assessment) -> tuple:
    """Everything a refused step must leave as it was."""
    current = Assessment.objects.get(pk=assessment.pk)
    return (
        current.status,
        current.revision,
        current.criteria_set_id,
        current.deadline_extended_to,
        list(
            current.scores.order_by("pk").values_list(
                "criterion_id",
                "target",
                "self_value",
                "self_note",
                "reviewed_value",
                "review_comment",
                "explained_value",
                "explanation",
                "final_value",
            )
        ),
        list(current.events.values_list("action", "comment")),
        list(Evidence.objects.filter(score__assessment=current).values_list("pk", flat=True)),
    )


def _yesterday() -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=1)


# Criteria ---------------------------------------------------------------------------------


def test_criteria_are_replaced_in_place_while_nobody_has_scored(world, criteria, open_assessment):
    assessment = open_assessment("C")
    rows = [
        replace(row, max_points=Decimal("12")) if row.code == "1.1" else row for row in CRITERIA
    ]

    replaced = services.criteria_replace(
        cluster_year=world.year, rows=rows, by=world.secretariat_user, note="Sửa mức điểm 1.1"
    )

    assert replaced.pk == criteria.pk
    assert replaced.version == 1
    assert CriteriaSet.objects.filter(cluster_year=world.year).count() == 1
    assert replaced.note == "Sửa mức điểm 1.1"
    assert replaced.criteria.get(code="1.1").max_points == Decimal("12")
    new_ids = set(replaced.criteria.exclude(kind=Kind.GROUP).values_list("pk", flat=True))
    assert set(assessment.scores.values_list("criterion_id", flat=True)) == new_ids


def test_amending_the_criteria_after_a_self_score_makes_a_new_version(
    world, criteria, open_assessment
):
    assessment = save_self(open_assessment("C"), {"1.1": FULL_ENTRIES["1.1"]}, world.member_user)
    old_ids = set(criteria.criteria.values_list("pk", flat=True))
    rows = [*CRITERIA[:4], CriterionData("1.4", "Đối ngoại nhân dân", Kind.POINTS, Decimal("3"))]
    rows += CRITERIA[4:]

    amended = services.criteria_replace(
        cluster_year=world.year, rows=rows, by=world.secretariat_user, note="Sơ kết 6 tháng"
    )

    assert amended.pk != criteria.pk
    assert amended.version == 2
    assert amended.note == "Sơ kết 6 tháng"
    assert set(criteria.criteria.values_list("pk", flat=True)) == old_ids  # version 1 kept
    assessment.refresh_from_db()
    assert assessment.criteria_set == criteria  # the assessment stays on version 1
    assert set(assessment.scores.values_list("criterion__criteria_set", flat=True)) == {criteria.pk}
    assert score_of(assessment, "1.1").self_value == Decimal("8")
    newcomer = services.assessment_open(membership=world.memberships["D"], by=None)
    assert newcomer.criteria_set == amended


def test_carry_over_moves_the_assessment_and_copies_the_values_by_code(
    world, criteria, open_assessment
):
    assessment = save_self(
        open_assessment("C"),
        {"1.1": FULL_ENTRIES["1.1"], "2.1": FULL_ENTRIES["2.1"]},
        world.member_user,
    )
    rows = [*CRITERIA, CriterionData("3.3", "Khen thưởng đột xuất", Kind.BONUS, Decimal("2"))]
    amended = services.criteria_replace(cluster_year=world.year, rows=rows, by=None)

    moved = services.assessment_carry_over(assessment=assessment, by=world.secretariat_user)

    assert moved.criteria_set == amended
    new_11 = score_of(moved, "1.1")
    assert new_11.criterion.criteria_set == amended
    assert (new_11.self_value, new_11.self_note) == (Decimal("8"), "Kế hoạch số 12/KH-SNV")
    new_21 = score_of(moved, "2.1")
    assert (new_21.self_value, new_21.target) == (Decimal("120"), Decimal("100"))
    assert score_of(moved, "3.3").self_value is None
    old_11 = Score.objects.get(
        assessment=moved, criterion__criteria_set=criteria, criterion__code="1.1"
    )
    assert old_11.self_value == Decimal("8")  # the version-1 score stays, tied to version 1
    assert moved.scores.filter(criterion__criteria_set=criteria).count() == 6
    assert moved.scores.filter(criterion__criteria_set=amended).count() == 7
    event = moved.events.get()
    assert (event.action, event.comment, event.by) == (
        Action.CARRIED_OVER,
        "From version 1 to version 2",
        world.secretariat_user,
    )


def test_carry_over_is_refused_when_the_assessment_is_already_current(
    world, criteria, open_assessment
):
    assessment = open_assessment("C")
    before = _snapshot(assessment)

    with pytest.raises(ValidationError) as refused:
        services.assessment_carry_over(assessment=assessment, by=world.secretariat_user)

    assert refused.value.messages == ["The assessment is already on the current criteria version."]
    assert _snapshot(assessment) == before


def test_sound_criteria_have_no_problems():
    assert criteria_tree.check_criteria(CRITERIA) == []


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (CRITERIA[1], "The code 1.1 appears twice."),
        (
            CriterionData("4.1", "Không có nhóm", Kind.POINTS, Decimal("5")),
            "Its group 4 is not in the list.",
        ),
        (
            CriterionData("1.1.a", "Con của tiêu chí", Kind.POINTS, Decimal("2")),
            "1.1 is not a group: it cannot contain 1.1.a.",
        ),
        (
            CriterionData("1.4", "Mỗi lần", Kind.PER_OCCURRENCE, Decimal("5")),
            "Give the points per occurrence.",
        ),
    ],
    ids=["duplicate code", "missing parent", "child of a non-group", "per occurrence, no points"],
)
def test_a_criteria_problem_is_reported_on_its_row_and_nothing_is_saved(
    world, criteria, extra, message
):
    rows = [*CRITERIA, extra]
    before = list(Criterion.objects.values_list("pk", "code", "max_points"))

    assert criteria_tree.check_criteria(rows) == [(len(CRITERIA), message)]
    with pytest.raises(ValidationError) as refused:
        services.criteria_replace(cluster_year=world.year, rows=rows, by=world.secretariat_user)

    assert refused.value.messages == [message]
    assert list(Criterion.objects.values_list("pk", "code", "max_points")) == before
    assert CriteriaSet.objects.count() == 1


# Opening ----------------------------------------------------------------------------------


def test_an_assessment_cannot_be_opened_before_the_criteria_are_set(world):
    with pytest.raises(ValidationError) as refused:
        services.assessment_open(membership=world.memberships["C"], by=world.member_user)

    assert refused.value.messages == ["The secretariat has not set this year's criteria yet."]
    assert not Assessment.objects.exists()


def test_an_assessment_cannot_be_opened_for_a_member_that_left(world, criteria, make_agency):
    merged = make_agency("Phú Thọ (mới)", valid_from=datetime.date(2025, 7, 1))
    cluster_services.agency_merge(
        sources=[world.agencies["C"]], into=merged, effective=datetime.date(2025, 7, 1), by=None
    )
    membership = Membership.objects.get(pk=world.memberships["C"].pk)

    with pytest.raises(ValidationError) as refused:
        services.assessment_open(membership=membership, by=None)

    assert refused.value.messages == ["Phú Thọ left the cluster on 30/06/2025."]
    assert not Assessment.objects.exists()


# Self-assessment --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "entered", "message"),
    [
        ("1.1", Entered(Decimal("10.5")), "The maximum is 10 points."),
        ("1.1", Entered(Decimal("-1")), "The value cannot be negative."),
        ("1.2", Entered(Decimal("3")), "Pass or fail: enter 0 or 5."),
        ("1.3", Entered(Decimal("1.5")), "Enter a whole number of occurrences."),
        (
            "2.1",
            Entered(Decimal("120")),
            "Enter the target (greater than 0) with the actual figure.",
        ),
        (
            "2.1",
            Entered(Decimal("120"), target=Decimal("0")),
            "Enter the target (greater than 0) with the actual figure.",
        ),
        ("3.1", Entered(Decimal("3.5")), "The maximum is 3 points."),
        ("3.2", Entered(Decimal("-0.5")), "The value cannot be negative."),
    ],
    ids=[
        "points above the maximum",
        "negative points",
        "pass or fail, another value",
        "fractional occurrences",
        "target missing",
        "target zero",
        "bonus above the maximum",
        "negative deduction",
    ],
)
def test_a_bad_value_is_refused_and_nothing_is_saved(
    world, open_assessment, code, entered, message
):
    assessment = open_assessment("C")
    good = "1.2" if code != "1.2" else "1.1"
    before = _snapshot(assessment)

    with pytest.raises(ValidationError) as refused:
        save_self(assessment, {good: FULL_ENTRIES[good], code: entered}, world.member_user)

    assert refused.value.message_dict == {by_code(assessment)[code]: [message]}
    assert _snapshot(assessment) == before  # not even the good value


def test_a_stale_revision_is_refused_and_the_newer_values_are_kept(
    world, open_assessment, member_user
):
    assessment = open_assessment("C")
    opened_at = assessment.revision
    services.assessment_save_self(
        assessment=assessment,
        entries=entries_by_id(assessment, {"1.1": Entered(Decimal("8"))}),
        revision=opened_at,
        by=member_user,
    )
    before = _snapshot(assessment)

    with pytest.raises(ValidationError) as refused:
        services.assessment_save_self(
            assessment=assessment,
            entries=entries_by_id(assessment, {"1.1": Entered(Decimal("9"))}),
            revision=opened_at,
            by=member_user,
        )

    assert refused.value.code == "stale"
    assert "Someone else saved this assessment" in refused.value.messages[0]
    assert _snapshot(assessment) == before
    assert score_of(assessment, "1.1").self_value == Decimal("8")


def test_the_self_assessment_is_locked_after_the_deadline(world, open_assessment, member_user):
    assessment = save_self(open_assessment("C"), FULL_ENTRIES, member_user)
    services.evidence_add(
        score=score_of(assessment, "1.1"), upload=evidence_upload(), by=member_user
    )
    cluster_services.cluster_year_update(
        cluster_year=world.year, self_assessment_deadline=_yesterday(), by=None
    )
    before = _snapshot(assessment)
    day = _yesterday().strftime("%d/%m/%Y")

    with pytest.raises(ValidationError) as refused_save:
        save_self(assessment, {"1.1": Entered(Decimal("9"))}, member_user)
    with pytest.raises(ValidationError) as refused_submit:
        services.assessment_submit(assessment=assessment, by=member_user)

    assert refused_save.value.messages == [
        f"The deadline ({day}) has passed: the self-assessment is locked."
    ]
    assert refused_submit.value.messages == [
        f"The deadline ({day}) has passed: the self-assessment can no longer be submitted."
    ]
    assert _snapshot(assessment) == before


def test_submission_lists_the_missing_scores_and_the_missing_evidence(
    world, open_assessment, member_user
):
    assessment = save_self(
        open_assessment("C"), {"1.1": FULL_ENTRIES["1.1"], "3.1": FULL_ENTRIES["3.1"]}, member_user
    )
    before = _snapshot(assessment)

    with pytest.raises(ValidationError) as refused:
        services.assessment_submit(assessment=assessment, by=member_user)

    assert refused.value.messages == [
        "1.1: evidence is required.",
        "1.2: no score entered.",
        "1.3: no score entered.",
        "2.1: no score entered.",
    ]
    assert _snapshot(assessment) == before


# Review, explanation, final ---------------------------------------------------------------


def test_the_workflow_keeps_every_stage_and_finalises_with_the_latest_value(
    world, open_assessment, member_user, secretariat_user
):
    assessment = submitted_assessment(world, open_assessment, "C")
    assert assessment.status == Status.SUBMITTED
    before = _snapshot(assessment)

    with pytest.raises(ValidationError) as refused:
        services.assessment_return(assessment=assessment, comment="  ", by=secretariat_user)
    assert refused.value.message_dict == {
        "comment": ["Say what the member should explain: a comment or a question."]
    }
    assert _snapshot(assessment) == before

    review = {
        "1.1": Entered(Decimal("7"), "Kế hoạch chưa có chữ ký: đề nghị bổ sung."),
        "1.3": Entered(Decimal("1")),
        "2.1": Entered(Decimal("110")),
    }
    assessment = services.assessment_save_review(
        assessment=assessment,
        entries=entries_by_id(assessment, review),
        revision=assessment.revision,
        by=secretariat_user,
    )
    assessment = services.assessment_return(
        assessment=assessment, comment="Đề nghị giải trình tiêu chí 1.1.", by=secretariat_user
    )
    assert assessment.status == Status.RETURNED
    assessment = services.assessment_save_explanation(
        assessment=assessment,
        entries=entries_by_id(assessment, {"1.1": Entered(Decimal("8"), "Gửi bản có chữ ký.")}),
        revision=assessment.revision,
        by=member_user,
    )
    assessment = services.assessment_send_explanation(
        assessment=assessment, comment="Đã bổ sung.", by=member_user
    )
    assert assessment.status == Status.EXPLAINED
    assessment = services.assessment_save_review(
        assessment=assessment,
        entries=entries_by_id(assessment, {"3.1": Entered(Decimal("0.5"), "Chấp nhận 0,5 điểm.")}),
        revision=assessment.revision,
        by=secretariat_user,
    )
    assessment = services.assessment_finalise(assessment=assessment, by=secretariat_user)

    assert assessment.status == Status.FINAL
    stages = {
        code: (s.self_value, s.reviewed_value, s.explained_value, s.final_value)
        for code, s in ((code, score_of(assessment, code)) for code in FULL_ENTRIES)
    }
    assert stages == {
        "1.1": (Decimal("8"), Decimal("7"), Decimal("8"), Decimal("8")),  # the explanation
        "1.2": (Decimal("5"), None, None, Decimal("5")),  # the self score
        "1.3": (Decimal("2"), Decimal("1"), None, Decimal("1")),  # the review
        "2.1": (Decimal("120"), Decimal("110"), None, Decimal("110")),
        "3.1": (Decimal("1"), None, None, Decimal("0.5")),  # what the reviewer set as final
        "3.2": (Decimal("0"), None, None, Decimal("0")),
    }
    assert score_of(assessment, "1.1").explanation == "Gửi bản có chữ ký."
    assert list(assessment.events.values_list("action", "by", "comment")) == [
        (Action.SUBMITTED, member_user.pk, ""),
        (Action.RETURNED, secretariat_user.pk, "Đề nghị giải trình tiêu chí 1.1."),
        (Action.EXPLAINED, member_user.pk, "Đã bổ sung."),
        (Action.FINALISED, secretariat_user.pk, ""),
    ]


def test_a_final_assessment_can_no_longer_be_changed_by_the_member(
    world, open_assessment, member_user
):
    assessment = final_assessment(world, open_assessment, "C")
    before = _snapshot(assessment)

    with pytest.raises(ValidationError) as refused:
        save_self(assessment, {"1.1": Entered(Decimal("9"))}, member_user)

    assert refused.value.messages == ["This cannot be done while the assessment is “Final”."]
    assert _snapshot(assessment) == before


# Reopening and publication ----------------------------------------------------------------


@pytest.fixture
def published(world, open_assessment, secretariat_user):
    """Every member final and the ranking published; returns C's assessment."""
    finals = {letter: final_assessment(world, open_assessment, letter) for letter in "ABCD"}
    services.ranking_publish(cluster_year=world.year, by=secretariat_user)
    return finals["C"]


def test_reopening_records_the_reason_clears_the_finals_and_unpublishes_the_ranking(
    world, published, secretariat_user, member_user
):
    cluster_services.cluster_year_update(
        cluster_year=world.year, self_assessment_deadline=_yesterday(), by=None
    )
    until = timezone.localdate() + datetime.timedelta(days=7)

    reopened = services.assessment_reopen(
        assessment=published, until=until, reason=" Bổ sung minh chứng ", by=secretariat_user
    )

    assert reopened.status == Status.DRAFT
    assert reopened.deadline_extended_to == until
    assert not reopened.scores.filter(final_value__isnull=False).exists()
    assert score_of(reopened, "1.1").self_value == Decimal("8")  # the other stages are kept
    event = reopened.events.last()
    assert (event.action, event.by, event.comment) == (
        Action.REOPENED,
        secretariat_user,
        f"Until {until:%d/%m/%Y}: Bổ sung minh chứng",
    )
    assert not RankingPublication.objects.filter(cluster_year=world.year).exists()
    assert not reopened.is_locked()  # the year's deadline has passed, not its own
    save_self(reopened, {"1.1": Entered(Decimal("9"))}, member_user)
    assert score_of(reopened, "1.1").self_value == Decimal("9")


@pytest.mark.parametrize(
    ("days", "reason", "errors"),
    [
        (-1, "Bổ sung minh chứng", {"until": ["The new deadline is already past."]}),
        (7, "   ", {"reason": ["Give the reason for reopening."]}),
    ],
    ids=["past date", "empty reason"],
)
def test_reopening_is_refused_for_a_past_date_or_without_a_reason(
    world, published, secretariat_user, days, reason, errors
):
    before = _snapshot(published)

    with pytest.raises(ValidationError) as refused:
        services.assessment_reopen(
            assessment=published,
            until=timezone.localdate() + datetime.timedelta(days=days),
            reason=reason,
            by=secretariat_user,
        )

    assert refused.value.message_dict == errors
    assert _snapshot(published) == before
    assert RankingPublication.objects.filter(cluster_year=world.year).exists()


def test_an_open_draft_cannot_be_reopened(world, open_assessment, secretariat_user):
    assessment = open_assessment("C")
    before = _snapshot(assessment)

    with pytest.raises(ValidationError) as refused:
        services.assessment_reopen(
            assessment=assessment,
            until=timezone.localdate() + datetime.timedelta(days=7),
            reason="Thử",
            by=secretariat_user,
        )

    assert refused.value.messages == [
        "Only a final assessment, or a draft locked by its deadline, can be reopened."
    ]
    assert _snapshot(assessment) == before


def test_an_assessment_under_review_cannot_be_reopened(world, open_assessment, secretariat_user):
    assessment = submitted_assessment(world, open_assessment, "C")
    before = _snapshot(assessment)

    with pytest.raises(ValidationError):
        services.assessment_reopen(
            assessment=assessment,
            until=timezone.localdate() + datetime.timedelta(days=7),
            reason="Thử",
            by=secretariat_user,
        )

    assert _snapshot(assessment) == before


def test_the_ranking_cannot_be_published_while_a_current_member_is_not_final(
    world, open_assessment, secretariat_user
):
    final_assessment(world, open_assessment, "A")
    final_assessment(world, open_assessment, "B")
    submitted_assessment(world, open_assessment, "C")  # D has not even opened its assessment

    with pytest.raises(ValidationError) as refused:
        services.ranking_publish(cluster_year=world.year, by=secretariat_user)

    assert refused.value.messages == ["Not every assessment is final yet: Hà Nội, Phú Thọ."]
    assert not RankingPublication.objects.exists()


def test_the_ranking_is_published_once_every_member_is_final(world, published, secretariat_user):
    publication = RankingPublication.objects.get(cluster_year=world.year)
    assert publication.published_by == secretariat_user

    with pytest.raises(ValidationError) as refused:
        services.ranking_publish(cluster_year=world.year, by=secretariat_user)

    assert refused.value.messages == ["The ranking is already published."]
    assert RankingPublication.objects.get(cluster_year=world.year) == publication


# Evidence ---------------------------------------------------------------------------------


def test_evidence_that_is_really_an_executable_is_refused_and_nothing_is_stored(
    world, open_assessment, member_user, media_root
):
    assessment = open_assessment("C")
    executable = SimpleUploadedFile(
        "minh-chung.pdf", b"MZ\x90\x00\x03" + b"\x00" * 200, content_type="application/pdf"
    )

    with pytest.raises(ValidationError) as refused:
        services.evidence_add(score=score_of(assessment, "1.1"), upload=executable, by=member_user)

    assert refused.value.messages == [
        "“minh-chung.pdf” is not a PDF, an image or an office document."
    ]
    assert not Evidence.objects.exists()
    assert [path for path in media_root.rglob("*") if path.is_file()] == []


def test_a_pdf_is_stored_under_its_assessment_and_score(
    world, open_assessment, member_user, media_root
):
    assessment = open_assessment("C")
    score = score_of(assessment, "1.1")

    evidence = services.evidence_add(
        score=score, upload=evidence_upload("Kế hoạch.PDF"), by=member_user
    )

    assert evidence.content_type == "application/pdf"
    assert evidence.uploaded_by == member_user
    assert evidence.file.name.startswith(f"evidence/{assessment.pk}/{score.pk}/")
    assert evidence.file.name.endswith(".pdf")
    assert (media_root / evidence.file.name).read_bytes().startswith(b"%PDF-1.4")

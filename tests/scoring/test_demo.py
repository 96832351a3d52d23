"""The scoring demo of `manage.py seed_demo` (scoring.demo): deterministic and idempotent."""

from __future__ import annotations

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation

from clusters.models import Cluster, ClusterYear, User
from emulation.site.demo.scoring import evidence_pdf
from emulation.site.demo.scoring_data import CRITERIA_2025
from scoring.access import can_review
from scoring.models import (
    Assessment,
    AssessmentEvent,
    CriteriaSet,
    Criterion,
    Evidence,
    RankingPublication,
    Score,
)
from scoring.ranking import year_ranking

Status = Assessment.Status
Action = AssessmentEvent.Action

EXPECTED_2025 = {
    "Thanh Hóa": Status.FINAL,
    "Quảng Trị": Status.FINAL,
    "Đà Nẵng": Status.FINAL,
    "Huế": Status.EXPLAINED,
    "Hà Tĩnh": Status.RETURNED,
    "Nghệ An": Status.SUBMITTED,
    "Quảng Ngãi": Status.DRAFT,
}


def _seed() -> None:
    with translation.override("en"):
        call_command("seed_demo", stdout=StringIO(), stderr=StringIO())


def _counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (
            CriteriaSet,
            Criterion,
            Assessment,
            Score,
            Evidence,
            AssessmentEvent,
            RankingPublication,
        )
    }


def _fingerprint() -> list[tuple]:
    """Every score with every stage, and every assessment's status and revision."""
    scores = list(
        Score.objects.order_by("pk").values_list(
            "assessment__membership__agency__short_name",
            "criterion__code",
            "target",
            "self_value",
            "reviewed_value",
            "explained_value",
            "final_value",
            "review_comment",
            "explanation",
        )
    )
    assessments = list(Assessment.objects.order_by("pk").values_list("status", "revision"))
    return scores + assessments


def _cum_3(year: int) -> ClusterYear:
    return ClusterYear.objects.get(
        cluster__kind=Cluster.Kind.CLUSTER,
        cluster__number="3",
        cluster__supervisor_name="Bộ Ngoại giao",
        year=year,
    )


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def seeded(db, media_root):
    _seed()


def test_seeding_twice_adds_and_changes_nothing(seeded, media_root):
    counts, fingerprint = _counts(), _fingerprint()
    files = sorted(media_root.rglob("*.pdf"))

    _seed()

    assert _counts() == counts
    assert _fingerprint() == fingerprint
    assert sorted(media_root.rglob("*.pdf")) == files
    assert counts["CriteriaSet"] == 2
    assert counts["Assessment"] == 9 + 7
    assert counts["Evidence"] == len(files) > 0
    assert counts["RankingPublication"] == 1


def test_the_2025_criteria_cover_every_kind_in_about_five_groups(seeded):
    criteria_set = _cum_3(2025).criteria_sets.current()
    criteria = list(criteria_set.criteria.all())
    groups = [c for c in criteria if c.kind == Criterion.Kind.GROUP]
    scored = [c for c in criteria if c.kind != Criterion.Kind.GROUP]

    assert {c.kind for c in criteria} == set(Criterion.Kind.values)
    assert 5 <= len(groups) <= 6
    assert 20 <= len(scored) <= 30
    assert any(c.evidence_required for c in scored)
    assert "hư cấu" in criteria_set.note  # the scores are fictional, and say so
    assert len(criteria) == len(CRITERIA_2025)


def test_the_2025_assessments_are_in_the_designed_states(seeded):
    cluster_year = _cum_3(2025)
    statuses = dict(
        Assessment.objects.for_year(cluster_year).values_list(
            "membership__agency__short_name", "status"
        )
    )

    assert statuses == EXPECTED_2025
    assert cluster_year.tie_break_codes
    assert not hasattr(cluster_year, "ranking_publication")


def test_the_2025_draft_is_locked_by_the_past_deadline(seeded):
    draft = Assessment.objects.for_year(_cum_3(2025)).get(status=Status.DRAFT)

    assert draft.deadline() == datetime.date(2025, 12, 5)
    assert draft.is_locked(today=datetime.date(2025, 12, 6))
    assert draft.is_locked()  # today is long past 05/12/2025
    assert draft.scores.filter(self_value__isnull=False).exists()
    assert draft.missing_for_submission()


def test_the_returned_and_explained_assessments_carry_a_question_and_an_answer(seeded):
    cluster_year = _cum_3(2025)
    returned = Assessment.objects.for_year(cluster_year).get(status=Status.RETURNED)
    explained = Assessment.objects.for_year(cluster_year).get(status=Status.EXPLAINED)

    assert returned.scores.exclude(review_comment="").exists()
    assert returned.events.get(action=Action.RETURNED).comment
    assert explained.scores.exclude(explanation="").exists()
    assert list(explained.events.values_list("action", flat=True)) == [
        Action.SUBMITTED,
        Action.RETURNED,
        Action.EXPLAINED,
    ]


def test_every_review_step_is_taken_by_a_user_who_may_review(seeded):
    review_steps = (Action.RETURNED, Action.FINALISED)
    events = AssessmentEvent.objects.filter(action__in=review_steps).select_related(
        "by", "assessment__membership__cluster_year"
    )

    assert events.count() >= 9 + 3
    for event in events:
        assert can_review(event.by, event.assessment), event


def test_the_head_s_own_2025_assessment_is_finalised_by_the_ministry(seeded):
    head = Assessment.objects.for_year(_cum_3(2025)).get(membership__agency__short_name="Thanh Hóa")

    assert head.events.get(action=Action.FINALISED).by == User.objects.get(username="bo.thidua")


def test_required_evidence_is_attached_as_a_pdf(seeded):
    for evidence in Evidence.objects.select_related("score__criterion"):
        content = evidence.file.read()
        assert content.startswith(b"%PDF-1.4")
        assert content.rstrip().endswith(b"%%EOF")
        assert evidence.content_type == "application/pdf"
    submitted = Assessment.objects.exclude(status=Status.DRAFT)
    for assessment in submitted:
        assert assessment.missing_for_submission() == []


def test_the_2022_ranking_is_published_with_nine_ranked_members(seeded):
    cluster_year = _cum_3(2022)
    ranking = year_ranking(cluster_year)

    assert RankingPublication.objects.filter(cluster_year=cluster_year).exists()
    assert ranking.complete
    assert len(ranking.standings) == 9
    ranks = [standing.final.rank for standing in ranking.standings]
    assert ranks[0] == 1
    assert ranks == sorted(ranks)
    assert all(1 <= rank <= 9 for rank in ranks)
    totals = [standing.final.total for standing in ranking.standings]
    assert totals == sorted(totals, reverse=True)
    assert all(Decimal("50") < total <= Decimal("102") for total in totals)


def test_the_evidence_pdf_has_a_cross_reference_table_that_points_at_its_objects():
    pdf = evidence_pdf(["Minh chứng (thử)", "Đà Nẵng"])
    startxref = int(pdf.rsplit(b"startxref\n", 1)[1].split(b"\n", 1)[0])
    xref = pdf[startxref:].split(b"\n")

    assert xref[0] == b"xref"
    for number, line in enumerate(xref[3:8], start=1):
        offset = int(line.split()[0])
        assert pdf[offset:].startswith(b"%d 0 obj" % number)
    assert b"Minh chung \\(thu\\)" in pdf
    assert b"Da Nang" in pdf

"""Scoring fixtures on top of the world of tests/conftest.py.

`criteria` gives the world's year a small tree with one criterion of every kind:

  1    Group "Công tác chuyên môn"                      (group)
  1.1  points up to 10, evidence required                (points)
  1.2  pass or fail, 5                                   (pass_fail)
  1.3  2 points per occurrence, capped at 6              (per_occurrence)
  2    Group "Thu hút đầu tư"                            (group)
  2.1  against a target, maximum 20                      (quantitative)
  3    Group "Điểm cộng, điểm trừ"                       (group)
  3.1  bonus up to 3                                     (bonus)
  3.2  deduction up to 5                                 (deduction)
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from clusters import services as cluster_services
from clusters.models import Conference
from scoring import services
from scoring.models import Criterion
from scoring.services import CriterionData, Entered

Kind = Criterion.Kind

CRITERIA = [
    CriterionData("1", "Công tác chuyên môn", Kind.GROUP, Decimal("21")),
    CriterionData(
        "1.1", "Hoàn thành kế hoạch đối ngoại", Kind.POINTS, Decimal("10"), evidence_required=True
    ),
    CriterionData("1.2", "Báo cáo đúng hạn", Kind.PASS_FAIL, Decimal("5")),
    CriterionData(
        "1.3",
        "Đoàn vào được đón tiếp",
        Kind.PER_OCCURRENCE,
        Decimal("6"),
        points_per_occurrence=Decimal("2"),
    ),
    CriterionData("2", "Thu hút đầu tư", Kind.GROUP, Decimal("20")),
    CriterionData("2.1", "Vốn FDI thu hút so với kế hoạch", Kind.QUANTITATIVE, Decimal("20")),
    CriterionData("3", "Điểm cộng, điểm trừ", Kind.GROUP, Decimal("0")),
    CriterionData("3.1", "Sáng kiến được công nhận", Kind.BONUS, Decimal("3")),
    CriterionData("3.2", "Vi phạm chế độ báo cáo", Kind.DEDUCTION, Decimal("5")),
]


@pytest.fixture
def criteria(world):
    """The world's year with CRITERIA as its criteria set (version 1)."""
    return services.criteria_replace(cluster_year=world.year, rows=CRITERIA, by=None)


@pytest.fixture
def open_assessment(world, criteria):
    """open_assessment("C") → the assessment of member C, created on the current criteria."""

    def open_for(letter: str):
        return services.assessment_open(membership=world.memberships[letter], by=None)

    return open_for


def by_code(assessment) -> dict[str, int]:
    """Criterion ids of the assessment's version by code."""
    return dict(assessment.criteria_set.criteria.values_list("code", "pk"))


# The year end: every assessment final, the ranking published, the year-end conference -----

# Self scores (1.1, 1.2, 1.3 count, 2.1 figure against a target of 100): C leads, then D, A, B.
FINAL_SCORES = {
    "C": ("10", "5", "3", "100"),
    "D": ("9", "5", "3", "95"),
    "A": ("8", "5", "2", "90"),
    "B": ("6", "0", "1", "50"),
}


@pytest.fixture
def year_end(world, criteria, open_assessment, settings, tmp_path):
    """The world's year with every member's assessment final (C first, then D, A, B), the
    thresholds set ("excellent" from 35 points: C 41, D 39 and A 35 are; B 18 is not), the
    ranking published and its year-end conference (`world.year_end`); the usual awards exist
    (a database flushed by a browser test has lost those of the migration). Returns the
    world."""
    services.award_types_ensure_defaults(by=None)
    settings.MEDIA_ROOT = tmp_path
    cluster_services.cluster_year_update(
        cluster_year=world.year,
        by=None,
        excellent_min=Decimal("35"),
        good_min=Decimal("30"),
        fair_min=Decimal("20"),
    )
    for letter, values in FINAL_SCORES.items():
        assessment = open_assessment(letter)
        codes = by_code(assessment)
        points, passed, count, figure = (Decimal(v) for v in values)
        assessment = services.assessment_save_self(
            assessment=assessment,
            entries={
                codes["1.1"]: Entered(points),
                codes["1.2"]: Entered(passed),
                codes["1.3"]: Entered(count),
                codes["2.1"]: Entered(figure, target=Decimal("100")),
            },
            revision=assessment.revision,
            by=None,
        )
        services.evidence_add(
            score=assessment.scores.get(criterion_id=codes["1.1"]),
            upload=SimpleUploadedFile("minh-chung.pdf", b"%PDF-1.4\n%%EOF\n"),
            by=None,
        )
        assessment = services.assessment_submit(assessment=assessment, by=None)
        services.assessment_finalise(assessment=assessment, by=None)
    services.ranking_publish(cluster_year=world.year, by=None)
    world.year.refresh_from_db()
    world.year_end = cluster_services.conference_save(
        conference=Conference(
            cluster_year=world.year,
            kind=Conference.Kind.YEAR_END,
            title="Hội nghị tổng kết năm 2025",
            starts_on=datetime.date(2025, 12, 15),
            place="Hải Phòng",
        ),
        by=None,
    )
    return world

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

from decimal import Decimal

import pytest

from scoring import services
from scoring.models import Criterion
from scoring.services import CriterionData

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

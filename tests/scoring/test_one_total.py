"""One total everywhere: the assessment page shows the total the ranking uses, criteria
against a target converted as the ranking converts them, group caps applied; before the
viewer may see the ranking it is labelled “not yet converted”; a deduction of 0 shows 0.

Hand-computed (criteria below; both members final):
  C: 1.1 = 8; 1.2 = 150 of 100 (ratio 1,5, the best) → 20;           group 1 = 28; total 28
  D: 1.1 = 9; 1.2 = 120 of 100 → 20 × 1,2 ÷ 1,5 = 16;                 group 1 = 25
     bonuses 4 + 3 = 7, capped at the group's 5;  deduction 0 → 0;     total 30
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from clusters import services as cluster_services
from scoring import services
from scoring.models import Criterion
from scoring.ranking import year_ranking
from scoring.services import CriterionData, Entered

Kind = Criterion.Kind
ROWS = [
    CriterionData("1", "Chuyên môn", Kind.GROUP, Decimal("30")),
    CriterionData("1.1", "Kế hoạch", Kind.POINTS, Decimal("10")),
    CriterionData("1.2", "Vốn FDI so với kế hoạch", Kind.QUANTITATIVE, Decimal("20")),
    CriterionData("2", "Điểm cộng (tối đa 5)", Kind.GROUP, Decimal("5")),
    CriterionData("2.1", "Sáng kiến", Kind.BONUS, Decimal("4")),
    CriterionData("2.2", "Giải thưởng", Kind.BONUS, Decimal("3")),
    CriterionData("3", "Điểm trừ", Kind.GROUP, Decimal("5")),
    CriterionData("3.1", "Vi phạm", Kind.DEDUCTION, Decimal("5")),
]
VALUES = {
    "C": {"1.1": "8", "1.2": "150"},
    "D": {"1.1": "9", "1.2": "120", "2.1": "4", "2.2": "3", "3.1": "0"},
}


pytestmark = pytest.mark.usefixtures("in_english")


@pytest.fixture
def scored(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    services.criteria_replace(cluster_year=world.year, rows=ROWS, by=None)
    world.assessments = {}
    for letter, values in VALUES.items():
        assessment = services.assessment_open(membership=world.memberships[letter], by=None)
        codes = dict(assessment.criteria_set.criteria.values_list("code", "pk"))
        entries = {
            codes[code]: Entered(Decimal(value), target=Decimal("100") if code == "1.2" else None)
            for code, value in values.items()
        }
        assessment = services.assessment_save_self(
            assessment=assessment, entries=entries, revision=assessment.revision, by=None
        )
        assessment = services.assessment_submit(assessment=assessment, by=None)
        world.assessments[letter] = services.assessment_finalise(assessment=assessment, by=None)
    return world


def _stage_totals(html: str) -> list[str]:
    section = html.split('id="h-totals"')[1].split("</table>")[0]
    return re.findall(r'<td class="text-end fw-semibold pe-3">([^<]*)', section)


def test_the_assessment_page_shows_the_rankings_total(client, scored):
    w = scored
    ranking = year_ranking(w.year)
    totals = {s.membership.pk: s.final.total for s in ranking.standings}
    assert totals[w.memberships["C"].pk] == Decimal("28")
    assert totals[w.memberships["D"].pk] == Decimal("30")

    client.force_login(w.secretariat_user)
    page = client.get(w.assessments["D"].get_absolute_url()).content.decode()
    # Self, reviewed (none), explained (none), final: the self and final totals are 30.
    assert [t.strip() for t in _stage_totals(page)] == ["30", "", "", "30"]
    assert "not yet converted" not in page
    assert "20 × (120 ÷ 100) ÷ 1.5 = 16" in page  # the converted criterion, with its formula
    assert "7 → 5, the group&#x27;s maximum" in page
    # The deduction of 0 counts 0, its group 0: never "-0".
    assert not re.search(r">\s*[-−]0(?![\d.,])", page)
    assert re.search(r"3\. Điểm trừ</th>\s*<td[^>]*>0<", page)
    ranking_page = client.get(reverse("scoring:ranking", args=[w.year.pk])).content.decode()
    assert re.search(r'<td class="text-end fw-semibold">30</td>', ranking_page)


def test_before_publication_a_member_sees_its_total_labelled_not_yet_converted(client, scored):
    w = scored
    client.force_login(w.other_member_user)  # D's staff
    page = client.get(w.assessments["D"].get_absolute_url()).content.decode()
    # 9 + 5 (capped bonuses) + 0: the criterion against a target is left out, and said so.
    assert [t.strip() for t in _stage_totals(page)][0] == "14"
    assert "not yet converted" in page
    assert "1.5" not in page  # nothing of the others' ratios

    # A and B never submitted: recorded after the deadline, the ranking is published.
    cluster_services.cluster_year_update(
        cluster_year=w.year,
        self_assessment_deadline=timezone.localdate() - datetime.timedelta(days=1),
        by=None,
    )
    for letter in "AB":
        services.non_submission_record(
            membership=w.memberships[letter], period="year", reason="Không nộp", by=None
        )
    services.ranking_publish(cluster_year=w.year, by=None)
    page = client.get(w.assessments["D"].get_absolute_url()).content.decode()
    assert [t.strip() for t in _stage_totals(page)] == ["30", "", "", "30"]
    assert "not yet converted" not in page

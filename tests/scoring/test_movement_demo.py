"""The demo's movements: Cụm thi đua số 3's 2023 movement (seed 002) and a Sở Ngoại vụ's 2018
plan (seed 004), loaded by `seed_demo` through the services."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation

from clusters.models import Decision, Movement
from reports import documents
from reports.movement_plan import movement_plan
from scoring.models import Assessment
from tests.fixtures.reports import pdf_text

D = datetime.date


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with translation.override("en"):
        call_command("seed_demo", stdout=StringIO(), stderr=StringIO())


def test_cum_3_launches_its_2023_movement_at_the_2022_year_end_conference(demo):
    movement = Movement.objects.get(cluster_year__year=2023, cluster_year__cluster__number="3")
    assert movement.launched_on == D(2022, 12, 16)
    assert movement.launched_at.cluster_year.year == 2022
    assert [c.text for c in movement.contents.all()][1:] == [
        "Thực hiện tốt các nhiệm vụ chuyên môn",
        "Xây dựng đơn vị vững mạnh, cơ quan văn hóa",
        "Thực hiện tốt các nhiệm vụ về thi đua, khen thưởng",
    ]
    assert [
        [c.position for c in content.commitments.all()] for content in movement.contents.all()
    ] == [[1], [2], [3], [4]]
    assert movement.participants.count() == 9
    decision = movement.launched_at.decisions.get(kind=Decision.Kind.MOVEMENT_LAUNCHED)
    assert "4. Thực hiện tốt các nhiệm vụ về thi đua, khen thưởng" in decision.text
    assert movement.phases.first().reports.values("agency").distinct().count() == 3


def test_the_2018_plan_of_seed_004_has_its_two_phases_and_eight_contents(demo):
    movement = Movement.objects.get(agency__isnull=False)
    assert movement.agency.name == "Sở Ngoại vụ tỉnh Thái Nguyên"
    assert movement.kind == Movement.Kind.THEMATIC and "70 năm" in movement.occasion
    assert [(p.starts_on, p.ends_on) for p in movement.phases.all()] == [
        (D(2018, 1, 1), D(2018, 6, 11)),
        (D(2018, 6, 11), D(2018, 12, 31)),
    ]
    assert movement.contents.count() == 8
    assert "minh họa" in movement.organisation  # the contents are said to be illustrative
    text = pdf_text(documents.pdf(movement_plan(Movement.objects.with_owner().get(pk=movement.pk))))
    assert "SỞ NGOẠI VỤ TỈNH THÁI NGUYÊN" in text and "UBND TỈNH THÁI NGUYÊN" in text
    assert "Đợt 2: từ ngày 11/06/2018 đến ngày 31/12/2018" in text


def test_the_2023_term_report_has_the_movement_and_the_members_reports(demo):
    movement = Movement.objects.get(cluster_year__year=2023, cluster_year__cluster__number="3")
    cluster_year = movement.cluster_year
    ranking = documents.term_ranking(cluster_year, Assessment.Period.MID_YEAR)
    text = pdf_text(
        documents.pdf(documents.term_report(cluster_year, Assessment.Period.MID_YEAR, ranking))
    )
    assert "Phong trào thi đua năm 2023 của Cụm thi đua số 3" in text
    assert "3/9 đơn vị đã báo cáo" in text
    assert "đón 14 đoàn khách quốc tế" in text

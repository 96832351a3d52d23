"""The movement in the documents: the plan (Kế hoạch) read back from its PDF, and the term
report's section with what each member reported, at a fixed cost in queries."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clusters.models import Movement
from clusters.movements import services
from clusters.movements.services import ContentText, PhaseDates, ReportEntry
from reports import documents
from reports.movement_plan import movement_plan
from scoring.models import Assessment
from scoring.movement_links import content_links_set
from tests.fixtures.reports import pdf_text
from tests.movements import CONTENTS, build_movement, plan

D = datetime.date


def report(movement, agency, texts: dict[int, str], *, phase: int = 0, evidence=None):
    phase = movement.phases.all()[phase]
    services.phase_report_save(
        phase=phase,
        agency=agency,
        entries=[
            ReportEntry(c, texts.get(c.position, ""), evidence if c.position == 1 else None)
            for c in movement.contents.all()
        ],
        by=None,
        today=phase.ends_on,
    )


def test_the_plan_prints_its_sections_contents_and_phase_dates(world, covenant):
    movement = build_movement(world)
    content_links_set(
        content=movement.contents.get(position=1),
        criteria=[],
        commitments=[covenant.commitments.get(position=2)],
        by=None,
    )
    movement = Movement.objects.with_owner().get(pk=movement.pk)
    text = pdf_text(documents.pdf(movement_plan(movement)))
    assert "KẾ HOẠCH" in text and "Phong trào thi đua năm 2025" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "CỤM THI ĐUA SỐ II" in text
    assert "/KH-CTĐII" in text  # a draft: the number is left blank
    for heading in ("MỤC ĐÍCH, YÊU CẦU", "NỘI DUNG THI ĐUA", "THỜI GIAN VÀ CÁC ĐỢT THI ĐUA"):
        assert heading in text
    for heading in ("HÌNH THỨC VÀ TIÊU CHUẨN KHEN THƯỞNG", "TỔ CHỨC THỰC HIỆN"):
        assert heading in text
    for content in CONTENTS:
        assert content in text
    assert "thực hiện cam kết số 2" in text
    assert "Đợt 1: từ ngày 01/01/2025 đến ngày 30/06/2025" in text
    assert "Đợt 2: từ ngày 01/07/2025 đến ngày 31/12/2025" in text
    assert "CỤM TRƯỞNG" in text


def test_the_plan_takes_its_number_when_the_register_issues_one(world):
    movement = Movement.objects.with_owner().get(pk=build_movement(world).pk)
    text = pdf_text(documents.pdf(movement_plan(movement, number="91/KH-CTĐII")))
    assert "Số: 91/KH-CTĐII" in text


def test_an_agency_plan_is_headed_by_the_agency_with_the_seed_004_phases(world, make_agency):
    agency = world.agencies["C"]
    movement = services.movement_create(
        agency=agency,
        plan=plan(
            2018,
            title="Phong trào thi đua năm 2018 của Sở Ngoại vụ",
            kind="thematic",
            occasion="Kỷ niệm 70 năm Ngày Chủ tịch Hồ Chí Minh ra Lời kêu gọi thi đua ái quốc",
            plan_date=D(2018, 5, 4),
        ),
        by=None,
    )
    services.movement_contents_set(
        movement=movement, contents=[ContentText(None, "Nội dung một")], by=None
    )
    services.movement_phases_set(
        movement=movement,
        phases=[
            PhaseDates(None, D(2018, 1, 1), D(2018, 6, 11)),
            PhaseDates(None, D(2018, 6, 11), D(2018, 12, 31)),
        ],
        by=None,
    )
    movement = Movement.objects.with_owner().get(pk=movement.pk)
    text = pdf_text(documents.pdf(movement_plan(movement)))
    assert agency.name.upper() in text
    assert "ngày 04 tháng 5 năm 2018" in text
    assert "Đợt 1: từ ngày 01/01/2018 đến ngày 11/06/2018" in text
    assert "Đợt 2: từ ngày 11/06/2018 đến ngày 31/12/2018" in text
    assert "Lời kêu gọi thi đua ái quốc" in text


def test_the_term_report_has_a_section_per_movement_with_each_members_report(
    world, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    movement = build_movement(world)
    report(
        movement,
        world.agencies["C"],
        {1: "Phú Thọ đã quán triệt chủ trương", 2: "Hoàn thành kế hoạch"},
        evidence=SimpleUploadedFile("minh-chung.pdf", b"%PDF-1.4\n%%EOF\n"),
    )
    report(movement, world.agencies["D"], {1: "Hà Nội tổ chức học tập"})
    report(movement, world.agencies["D"], {1: "Hà Nội sơ kết cả năm"}, phase=1)
    mid_year = pdf_text(term_report(world.year, Assessment.Period.MID_YEAR))
    assert "Phong trào thi đua năm 2025" in mid_year
    assert "Đợt 1 (01/01/2025–30/06/2025): 2/4 đơn vị đã báo cáo." in mid_year
    assert "Phú Thọ đã quán triệt chủ trương" in mid_year and "minh-chung.pdf" in mid_year
    assert "Hà Nội tổ chức học tập" in mid_year
    assert "Chưa báo cáo." in mid_year  # A and B
    assert "Hà Nội sơ kết cả năm" not in mid_year  # phase 2 ends after the half-year
    year_end = pdf_text(term_report(world.year, Assessment.Period.YEAR))
    assert "Hà Nội sơ kết cả năm" in year_end
    assert "Đợt 2 (01/07/2025–31/12/2025): 1/4 đơn vị đã báo cáo." in year_end


def term_report(cluster_year, period) -> bytes:
    ranking = documents.term_ranking(cluster_year, period)
    return documents.pdf(documents.term_report(cluster_year, period, ranking))


def _term_report_queries(cluster_year) -> int:
    ranking = documents.term_ranking(cluster_year, Assessment.Period.YEAR)
    with CaptureQueriesContext(connection) as captured:
        documents.html(documents.term_report(cluster_year, Assessment.Period.YEAR, ranking))
    return len(captured)


@pytest.mark.parametrize("movements", [1, 3])
def test_the_term_reports_movement_section_costs_the_same_whatever_contents_and_reports(
    world, movements
):
    built = [build_movement(world, contents=["Một"]) for _ in range(movements)]
    for movement in built:
        report(movement, world.agencies["C"], {1: "Báo cáo"})
    small = _term_report_queries(world.year)
    for movement in built:
        services.movement_contents_set(
            movement=movement,
            contents=[ContentText(c, c.text) for c in movement.contents.all()]
            + [ContentText(None, f"Thêm {i}") for i in range(4)],
            by=None,
        )
        for letter in "ABCD":
            report(movement, world.agencies[letter], {n: f"Báo cáo {n}" for n in range(1, 6)})
    large = _term_report_queries(world.year)
    # The report without movements (8), then the movements' contents, commitments, criteria
    # links, phases, participants, reports and evidence, once each.
    assert large == small == 8 + 7, f"{small} queries, then {large} with 5 times the reports"

"""The PDFs: their text (names with their diacritics), the bundled fonts, the cache and the
cost in queries of their context."""

from __future__ import annotations

import datetime
import io
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation
from pypdf import PdfReader

from clusters import services
from clusters.models import ClusterYear, Conference, Covenant
from clusters.services import Delegate, Signature
from reports import documents
from reports.models import RenderedDocument
from reports.services import term_report_update
from scoring.models import Assessment, periods
from tests.fixtures.reports import pdf_fonts, pdf_text

YEAR = Assessment.Period.YEAR


def term_report_pdf(cluster_year, period=YEAR) -> bytes:
    ranking = documents.term_ranking(cluster_year, period)
    return documents.pdf(documents.term_report(cluster_year, period, ranking))


def test_term_report_prints_the_members_scores_and_heading(world, final):
    text = pdf_text(term_report_pdf(world.year))
    for name in ("Hải Phòng", "Thái Nguyên", "Phú Thọ", "Hà Nội"):
        assert name in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "CỤM THI ĐUA SỐ II" in text  # the issuing body, in capitals
    assert "42" in text  # B's total in the worked example
    assert "Thu hút đầu tư" in text  # a group's title in the table's legend


def test_term_report_prints_what_the_secretariat_wrote(world, final):
    term_report_update(
        cluster_year=world.year,
        period=YEAR,
        results="Các đơn vị hoàn thành xuất sắc nhiệm vụ đối ngoại",
        limitations="Một số báo cáo còn chậm",
        tasks="Đẩy mạnh hợp tác với Quảng Ngãi",
        place="Hải Phòng",
        by=world.secretariat_user,
    )
    text = pdf_text(term_report_pdf(world.year))
    assert "hoàn thành xuất sắc nhiệm vụ đối ngoại" in text
    assert "Một số báo cáo còn chậm" in text
    assert "Đẩy mạnh hợp tác với Quảng Ngãi" in text


def test_covenant_prints_commitments_and_a_cell_per_member(world, covenant):
    text = pdf_text(documents.pdf(documents.covenant(covenant)))
    assert "Thực hiện tốt chủ trương của Đảng" in text
    assert "01/GƯ-CTĐII" in text
    assert "Nguyễn Văn Định" in text
    assert "ngày 05 tháng 3 năm 2025" in text
    for letter in "ABCD":
        assert world.memberships[letter].agency.name.upper() in text


def test_minutes_print_attendance_guests_documents_and_decisions(world, conference):
    text = pdf_text(documents.pdf(documents.minutes(conference)))
    for expected in (
        "Hội nghị tổng kết công tác thi đua năm 2025",
        "Lê Văn Ngãi",
        "Tô Anh Dũng",
        "Dự thảo báo cáo tổng kết",
        "Thống nhất đề nghị Cờ thi đua",
        "Trần Thị Thừa",
        "Sở Ngoại vụ Hà Nội",  # absent
    ):
        assert expected in text, expected


def test_the_signatures_never_stand_alone_on_the_last_page(world, conference):
    """Decisions are added one by one until the minutes take one more page: what moves onto it
    first must bring some of the minutes along, not the signatures alone."""
    first_length = None
    for number in range(1, 60):
        services.decision_add(
            conference=conference,
            kind="other",
            text=f"Quyết định số {number}: một nội dung đủ dài để chiếm trọn một dòng.",
            by=None,
        )
        data = documents.write_pdf(documents.html(documents.minutes(conference)))
        pages = PdfReader(io.BytesIO(data)).pages
        first_length = first_length or len(pages)
        if len(pages) > first_length:
            last = " ".join(pages[-1].extract_text().split()).lstrip("0123456789 ")
            assert not last.startswith("THƯ KÝ"), f"{number} decisions: {last!r}"
            return
    pytest.fail("the minutes never took one more page")


def test_every_font_is_a_bundled_one_and_embedded(world, final, covenant, conference):
    bundled = documents.FONT_FAMILY.replace(" ", "-")  # see pdf/base.html
    for data in (
        term_report_pdf(world.year),
        documents.pdf(documents.covenant(covenant)),
        documents.pdf(documents.minutes(conference)),
    ):
        fonts = pdf_fonts(data)
        assert fonts
        assert all(name.startswith(bundled) for name, _embedded in fonts), fonts
        assert all(embedded for _name, embedded in fonts), fonts


def test_a_document_is_rendered_again_only_when_its_data_changed(world, covenant, monkeypatch):
    calls = []
    write_pdf = documents.write_pdf
    monkeypatch.setattr(documents, "write_pdf", lambda html: calls.append(1) or write_pdf(html))
    first = documents.pdf(documents.covenant(covenant))
    second = documents.pdf(documents.covenant(covenant))
    assert len(calls) == 1
    assert first == second
    covenant.title = "Giao ước thi đua năm 2025 (sửa đổi)"
    covenant.save(update_fields=["title"])
    third = documents.pdf(documents.covenant(covenant))
    assert len(calls) == 2
    assert "(SỬA ĐỔI)" in pdf_text(third)  # the title is printed in capitals
    assert RenderedDocument.objects.filter(kind="covenant").count() == 1


def test_rendering_fetches_nothing_but_the_bundled_fonts():
    fetcher = documents.BundledFontsOnly(allowed_protocols={"file"})
    with pytest.raises(ValueError):
        fetcher.fetch("https://example.com/logo.png")
    with pytest.raises(ValueError):
        fetcher.fetch("file:///etc/passwd")
    font = (documents.fonts_dir() / "LiberationSerif-Regular.ttf").as_uri()
    assert fetcher.fetch(font).read(4) == b"\x00\x01\x00\x00"


def test_the_date_line_follows_decree_30():
    assert documents.official_date(datetime.date(2022, 12, 16), 2022) == "ngày 16 tháng 12 năm 2022"
    assert documents.official_date(datetime.date(2025, 2, 5), 2025) == "ngày 05 tháng 02 năm 2025"
    assert documents.official_date(datetime.date(2025, 3, 5), 2025) == "ngày 05 tháng 3 năm 2025"
    assert documents.official_date(None, 2025).endswith("năm 2025")


@pytest.mark.parametrize("size", [4, 16])
def test_the_term_report_context_costs_the_same_queries_whatever_the_members(
    size, make_agency, make_year, django_assert_num_queries
):
    agencies = [make_agency() for _ in range(size)]
    cluster_year = make_year(members=agencies, head=agencies[0])
    with translation.override("vi"):
        ranking = documents.term_ranking(cluster_year, YEAR)
    with django_assert_num_queries(QUERIES["term_report"]):
        documents.html(documents.term_report(cluster_year, YEAR, ranking))


@pytest.mark.parametrize("size", [4, 16])
def test_the_covenant_and_minutes_contexts_cost_the_same_queries_whatever_the_members(
    size, make_agency, make_year, make_conference, django_assert_num_queries
):
    agencies = [make_agency() for _ in range(size)]
    cluster_year = make_year(members=agencies, head=agencies[0])
    members = list(cluster_year.memberships.all())
    covenant = services.covenant_save(
        cluster_year=cluster_year, title="Giao ước", commitments=["Một", "Hai"], by=None
    )
    services.signatories_set(
        covenant=covenant, signatures=[Signature(m, "Người ký") for m in members], by=None
    )
    conference = make_conference(cluster_year)
    services.attendance_set(
        conference=conference, delegates=[Delegate(m, "Đại biểu") for m in members], by=None
    )
    covenant = Covenant.objects.select_related("cluster_year__cluster").get(pk=covenant.pk)
    with django_assert_num_queries(QUERIES["covenant"]):
        documents.html(documents.covenant(covenant))
    conference = Conference.objects.with_year().get(pk=conference.pk)
    with django_assert_num_queries(QUERIES["minutes"]):
        documents.html(documents.minutes(conference))


# The term report: 7, and 1 for the year's movements (none here; see test_movement_documents.py).
QUERIES = {"term_report": 8, "covenant": 4, "minutes": 6}


@pytest.mark.django_db
def test_the_demo_documents_render_with_their_vietnamese_names():
    call_command("seed_demo", stdout=StringIO(), stderr=StringIO())
    cum3 = ClusterYear.objects.with_cluster().get(cluster__number="3", year=2022)
    text = pdf_text(term_report_pdf(cum3))
    for name in ("Thừa Thiên Huế", "Quảng Ngãi", "Quảng Bình", "Cụm thi đua số 3"):
        assert name in text, name
    for cluster_year in ClusterYear.objects.with_cluster():
        for period, _label in periods(cluster_year):
            assert pdf_text(term_report_pdf(cluster_year, period))
    covenant = Covenant.objects.select_related("cluster_year__cluster").get(
        cluster_year__cluster=cum3.cluster, cluster_year__year=2023
    )
    assert "QUẢNG NGÃI" in pdf_text(documents.pdf(documents.covenant(covenant)))
    for conference in Conference.objects.with_year():
        assert conference.place.split(",")[0] in pdf_text(
            documents.pdf(documents.minutes(conference))
        )


def test_the_mid_year_report_covers_the_first_half_year(world, criteria, make_conference):
    services.cluster_year_update(
        cluster_year=world.year, by=None, mid_year_deadline=datetime.date(2025, 7, 10)
    )
    make_conference(world.year, kind="mid_year", title="Hội nghị sơ kết 6 tháng")
    make_conference(world.year, kind="year_end", title="Hội nghị tổng kết năm")
    with translation.override("vi"):
        ranking = documents.term_ranking(world.year, "mid_year")
        context = documents.term_report(world.year, "mid_year", ranking).context
    titles = [conference.title for conference in context["conferences"]]
    assert titles == []  # the mid-year review itself (July) reports on what came before it
    make_conference(world.year, kind="covenant", title="Lễ ký kết giao ước")
    context = documents.term_report(world.year, "mid_year", ranking).context
    assert [conference.title for conference in context["conferences"]] == ["Lễ ký kết giao ước"]
    assert "Hội nghị tổng kết năm" not in pdf_text(
        documents.pdf(documents.term_report(world.year, "mid_year", ranking))
    )


def test_the_report_has_no_nominations_section_until_there_are_nominations(world, final):
    source = documents.html(
        documents.term_report(world.year, YEAR, documents.term_ranking(world.year, YEAR))
    )
    assert "nomination" not in source.lower()

"""The ranking page, its publication and its spreadsheet.

The worked example (the same as in test_calculation.py, through the services this time):

          1.1  1.2  1.3(count)  2.1 actual/target   3.1  3.2     groups 1 / 2 / 3      total
    A      9    5    2           120/100             1    0       18 / 16 / 1           35
    B     10    5    5           150/100 (best)      3    2       21 / 20 / 1           42
    C     10    5    3            90/100             2    0       21 / 12 / 2           35
    D      6    0    1            60/80              0    5        8 / 10 / −5          13

D entered 8 for 1.1 itself (self total 15); the secretariat reviewed it to 6.
"""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import load_workbook

from clusters import services as cluster_services
from clusters.models import Agency
from scoring import services
from scoring.models import Criterion, RankingPublication
from scoring.ranking import year_ranking
from scoring.services import CriterionData, Entered
from tests.fixtures.scoring import CRITERIA, WORKED, finalise, submit_self

Kind = Criterion.Kind
D = Decimal


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def scored(world, scored):
    """The worked example as tests/fixtures/reports.py has it (`scored`; `final` once every
    assessment is final), with the year's thresholds."""
    cluster_services.cluster_year_update(
        cluster_year=world.year,
        by=None,
        excellent_min=D("40"),
        good_min=D("30"),
        fair_min=D("20"),
    )
    return scored


def ranking_url(world, name="ranking") -> str:
    return reverse(f"scoring:{name}", args=[world.year.pk])


def user(world, role):
    return world.superuser if role == "superuser" else getattr(world, f"{role}_user")


# Who sees it -------------------------------------------------------------------------------


def test_a_member_sees_the_ranking_only_once_it_is_published(client, world, final):
    client.force_login(world.member_user)
    assert client.get(ranking_url(world)).status_code == 403
    assert client.get(ranking_url(world, "ranking_export")).status_code == 403
    services.ranking_publish(cluster_year=world.year, by=world.secretariat_user)
    response = client.get(ranking_url(world))
    assert response.status_code == 200
    assert len(response.context["rows"]) == 4
    assert client.get(ranking_url(world, "ranking_export")).status_code == 200


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("member", 403),
        ("other_member", 403),
        ("deputy", 403),  # it reviews the head's assessment, but does not run the year
        ("ministry", 200),
        ("secretariat", 200),
        ("stranger", 404),
        ("superuser", 200),
    ],
)
def test_who_sees_the_final_ranking_before_publication(client, world, final, role, expected):
    client.force_login(user(world, role))
    assert client.get(ranking_url(world)).status_code == expected
    assert client.get(ranking_url(world, "ranking_export")).status_code == expected


def test_a_deputy_sees_the_unpublished_ranking_only_where_deputies_help_run_the_year(
    client, world, final
):
    client.force_login(world.deputy_user)
    assert client.get(ranking_url(world)).status_code == 403
    world.year.deputies_administer = True
    world.year.save(update_fields=["deputies_administer"])
    assert client.get(ranking_url(world)).status_code == 200
    assert client.get(ranking_url(world, "ranking_export")).status_code == 200


def test_an_anonymous_visitor_is_sent_to_log_in(client, world):
    assert client.get(ranking_url(world)).status_code == 302
    assert client.get(ranking_url(world, "ranking_export")).status_code == 302


def test_before_every_assessment_is_final_only_the_secretariat_sees_the_standing(
    client, world, scored
):
    finalise(world, scored, "ABC")
    client.force_login(world.secretariat_user)
    response = client.get(ranking_url(world))
    assert response.context["ranking"].complete is False
    assert response.context["visible"]
    assert len(response.context["rows"]) == 4
    assert response.context["final_count"] == 3
    assert not response.context["can_publish"]
    client.force_login(world.deputy_user)  # it does not help run the year: nothing
    assert client.get(ranking_url(world)).status_code == 403
    for role in ("ministry",):
        client.force_login(user(world, role))
        response = client.get(ranking_url(world))
        assert response.status_code == 200
        assert not response.context["visible"]
        assert response.context["rows"] == []
        assert "Thái Nguyên" not in response.content.decode().split("<main", 1)[1]
        assert client.get(ranking_url(world, "ranking_export")).status_code == 403


# What it shows -----------------------------------------------------------------------------


def test_the_standing_matches_the_hand_computation(client, world, final):
    client.force_login(world.secretariat_user)
    response = client.get(ranking_url(world))
    rows = response.context["rows"]
    table = [
        (
            row["rank"],
            row["standing"].membership.agency.short_name,
            row["standing"].final.total,
            row["tie"],
        )
        for row in rows
    ]
    assert table == [
        (1, "Thái Nguyên", D("42"), False),  # B
        (2, "Hải Phòng", D("35"), True),  # A, tied with C: no tie-break rule set
        (2, "Phú Thọ", D("35"), True),  # C
        (4, "Hà Nội", D("13"), False),  # D
    ]
    assert [g.code for g in response.context["ranking"].groups] == ["1", "2", "3"]
    assert rows[0]["groups"] == [D("21"), D("20"), D("1")]
    assert rows[3]["groups"] == [D("8"), D("10"), D("-5")]
    d = rows[3]["standing"]
    assert (d.self_total, d.difference) == (D("15"), D("-2"))
    with translation.override(settings.LANGUAGE_CODE):  # the language of the request
        excellent, good = gettext("Excellent"), gettext("Good")
    # Thresholds 40 / 30 / 20: B excellent, A and C good, D (13) below "fair".
    assert [row["standing"].final.classification for row in rows] == [excellent, good, good, ""]
    assert response.context["can_publish"]


def test_the_years_group_order_breaks_the_tie(client, world, final):
    cluster_services.cluster_year_update(cluster_year=world.year, by=None, tie_break_groups="2, 1")
    client.force_login(world.secretariat_user)
    rows = client.get(ranking_url(world)).context["rows"]
    assert [(row["rank"], row["standing"].membership.agency.short_name) for row in rows] == [
        (1, "Thái Nguyên"),
        (2, "Hải Phòng"),  # 16 on group 2 against C's 12
        (3, "Phú Thọ"),
        (4, "Hà Nội"),
    ]
    assert not any(row["tie"] for row in rows)


def test_the_formula_of_quantitative_criteria_is_shown(client, world, final):
    client.force_login(world.secretariat_user)
    response = client.get(ranking_url(world))
    html = response.content.decode()
    a = next(
        row
        for row in response.context["rows"]
        if row["standing"].membership.pk == world.memberships["A"].pk
    )
    (detail,) = a["quantitative"]
    assert detail.code == "2.1"
    assert detail.points == D("16.00")
    assert detail.formula == "20 × (120 ÷ 100) ÷ 1,5 = 16"  # Vietnamese decimal comma
    assert detail.formula in html


def test_the_chart_is_an_accessible_svg_drawn_by_the_server(client, world, final):
    client.force_login(world.secretariat_user)
    response = client.get(ranking_url(world))
    html = response.content.decode()
    assert html.count("<svg") == 1
    assert 'role="img"' in html and "<title id=" in html and "<desc" in html
    bars = response.context["chart"]["bars"]
    assert [bar["label"] for bar in bars][:2] == ["1. Thái Nguyên", "2. Hải Phòng"]
    assert bars[0]["bar_width"] == "85.00%"  # the longest bar, 42 points
    assert float(bars[3]["bar_width"].rstrip("%")) == pytest.approx(85 * 13 / 42, abs=0.01)
    assert "<script" not in html.split("<svg", 1)[1].split("</svg>", 1)[0]


def test_members_without_an_assessment_are_listed_and_the_ranking_is_not_final(
    client, world, open_assessment
):
    submit_self(open_assessment("C"), WORKED["C"])
    client.force_login(world.secretariat_user)
    response = client.get(ranking_url(world))
    assert response.status_code == 200
    unassessed = {m.agency.short_name for m in response.context["ranking"].unassessed}
    assert unassessed == {"Hải Phòng", "Thái Nguyên", "Hà Nội"}
    assert response.context["ranking"].complete is False
    assert "Hà Nội" in response.content.decode()


def test_a_carried_over_assessment_counts_once_while_others_stay_on_the_old_version(
    world, open_assessment
):
    c = submit_self(open_assessment("C"), WORKED["C"])
    open_assessment("D")  # stays on version 1
    before = year_ranking(world.year).standings
    # Version 2 drops 3.2, the deduction, where C entered 0: its total stays the same.
    amended = services.criteria_replace(
        cluster_year=world.year, rows=CRITERIA[:-1], by=None, note="Sửa đổi"
    )
    assert amended.version == 2
    services.assessment_carry_over(assessment=c, by=None)
    after = year_ranking(world.year).standings
    total = {s.membership.agency.short_name: s.final.total for s in after}
    assert total["Phú Thọ"] == next(s.final.total for s in before if s.assessment.pk == c.pk)
    assert total["Phú Thọ"] == D("21") + D("20") + D("2")  # its ratio is the only one: best


# Publication -------------------------------------------------------------------------------


def test_publication_is_refused_until_every_assessment_is_final(client, world, scored):
    finalise(world, scored, "ABC")
    client.force_login(world.secretariat_user)
    page = client.get(ranking_url(world, "ranking_publish")).content.decode()
    assert "Hà Nội" in page and 'name="confirm"' not in page  # refused: no button
    response = client.post(ranking_url(world, "ranking_publish"), {"confirm": "on"})
    assert response.status_code == 400
    assert not RankingPublication.objects.exists()
    assert "Hà Nội" in response.content.decode()

    finalise(world, scored, "D")
    response = client.post(ranking_url(world, "ranking_publish"), {"confirm": "on"})
    assert response.status_code == 302
    publication = RankingPublication.objects.get()
    assert publication.published_by == world.secretariat_user
    response = client.get(ranking_url(world))
    assert response.context["publication"] == publication
    assert not response.context["can_publish"]


@pytest.mark.parametrize(
    ("role", "expected"),
    [("member", 403), ("deputy", 403), ("ministry", 403), ("stranger", 404)],
)
def test_only_the_secretariat_publishes(client, world, final, role, expected):
    client.force_login(user(world, role))
    assert client.post(ranking_url(world, "ranking_publish")).status_code == expected
    assert not RankingPublication.objects.exists()


def test_publishing_asks_first(client, world, final):
    client.force_login(world.secretariat_user)
    page = client.get(ranking_url(world, "ranking_publish"))
    assert page.status_code == 200
    assert 'name="confirm"' in page.content.decode()
    assert not RankingPublication.objects.exists()
    response = client.post(ranking_url(world, "ranking_publish"), {})
    assert response.status_code == 400  # the box is not ticked
    assert not RankingPublication.objects.exists()


# The spreadsheet ---------------------------------------------------------------------------


def test_the_export_reads_back_in_rank_order_with_the_totals(client, world, final):
    client.force_login(world.secretariat_user)
    response = client.get(ranking_url(world, "ranking_export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].endswith('-2025.xlsx"')
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Xếp hạng", "Điểm theo tiêu chí"]
    sheet = workbook["Xếp hạng"]
    lines = list(sheet.iter_rows(values_only=True))
    header = lines[3]
    assert header[:2] == ("Hạng", "Đơn vị")
    total_column = header.index("Tổng điểm")
    body = [line for line in lines[4:] if any(line)]
    assert [(line[0], line[1], line[total_column]) for line in body] == [
        (1, "Sở Ngoại vụ Thái Nguyên", 42),
        (2, "Sở Ngoại vụ Hải Phòng", 35),
        (2, "Sở Ngoại vụ Phú Thọ", 35),
        (4, "Sở Ngoại vụ Hà Nội", 13),
    ]
    assert body[3][header.index("Điểm tự chấm")] == 15
    assert body[3][header.index("Chênh lệch")] == -2
    assert body[1][header.index("Ghi chú")] == "Bằng điểm"
    assert all(isinstance(line[total_column], int | float) for line in body)

    points = list(workbook["Điểm theo tiêu chí"].iter_rows(values_only=True))
    assert points[0][:4] == ("Mã", "Tiêu chí", "Điểm tối đa", "Thái Nguyên")
    by_code_row = {line[0]: line for line in points[1:]}
    assert by_code_row["1.3"][3:] == (6, 4, 6, 2)  # B capped at 6, A 2×2, C 3×2, D 1×2
    assert by_code_row["3.2"][2:] == (-5, -2, 0, 0, -5)
    assert by_code_row["2"][3:] == (20, 16, 12, 10)
    assert by_code_row[None][1:] == ("Tổng điểm", None, 42, 35, 35, 13)


# Query budget ------------------------------------------------------------------------------

VALUES = {
    Kind.POINTS: ("7", None),
    Kind.PASS_FAIL: ("5", None),
    Kind.PER_OCCURRENCE: ("2", None),
    Kind.QUANTITATIVE: ("90", "100"),
    Kind.BONUS: ("1", None),
    Kind.DEDUCTION: ("1", None),
}
MAXIMA = {
    Kind.POINTS: "10",
    Kind.PASS_FAIL: "5",
    Kind.PER_OCCURRENCE: "6",
    Kind.QUANTITATIVE: "20",
    Kind.BONUS: "3",
    Kind.DEDUCTION: "5",
}


def criteria_rows(per_group: int) -> list[CriterionData]:
    kinds = list(VALUES)
    rows = []
    for group in range(1, 4):
        rows.append(CriterionData(str(group), f"Nhóm {group}", Kind.GROUP, D("0")))
        for index in range(per_group):
            kind = kinds[(group + index) % len(kinds)]
            rows.append(
                CriterionData(
                    f"{group}.{index + 1}",
                    f"Tiêu chí {group}.{index + 1}",
                    kind,
                    D(MAXIMA[kind]),
                    points_per_occurrence=D("2") if kind == Kind.PER_OCCURRENCE else None,
                )
            )
    return rows


def ranking_queries(client, make_agency, make_year, make_user, members: int, per_group: int):
    agencies = [make_agency() for _ in range(members)]
    year = make_year(members=agencies, head=agencies[0])
    services.criteria_replace(cluster_year=year, rows=criteria_rows(per_group), by=None)
    for number, membership in enumerate(year.memberships.all()):
        assessment = services.assessment_open(membership=membership, by=None)
        entries = {}
        for score in assessment.scores.select_related("criterion"):
            value, target = VALUES[score.criterion.kind]
            target = D(target) + number if target else None
            entries[score.criterion_id] = Entered(D(value), target=target)
        services.assessment_save_self(
            assessment=assessment, entries=entries, revision=assessment.revision, by=None
        )
        services.assessment_submit(assessment=assessment, by=None)
        services.assessment_finalise(assessment=assessment, by=None)
    client.force_login(make_user(agencies[0]))
    url = reverse("scoring:ranking", args=[year.pk])
    client.get(url)  # warm up what is cached per process (content types, translations)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["rows"]) == members
    assert response.context["quantitative_columns"]
    return len(queries)


def test_the_ranking_page_costs_the_same_queries_for_4_or_16_members(
    client, make_agency, make_year, make_user
):
    few = ranking_queries(client, make_agency, make_year, make_user, members=4, per_group=3)
    many = ranking_queries(client, make_agency, make_year, make_user, members=16, per_group=3)
    assert few == many
    assert few <= 20


def test_the_ranking_page_costs_the_same_queries_for_few_or_many_criteria(
    client, make_agency, make_year, make_user
):
    few = ranking_queries(client, make_agency, make_year, make_user, members=4, per_group=2)
    many = ranking_queries(client, make_agency, make_year, make_user, members=4, per_group=15)
    assert few == many


def test_the_export_is_vietnamese_whatever_the_language_of_the_page(client, world, final):
    services.ranking_publish(cluster_year=world.year, by=world.secretariat_user)
    client.force_login(world.member_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(ranking_url(world, "ranking_export"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content))["Xếp hạng"]
    assert "công bố ngày" in sheet["A2"].value
    header = [cell.value for cell in sheet[4]]
    with translation.override("vi"):
        excellent = gettext("Excellent")
    assert sheet.cell(5, header.index("Xếp loại") + 1).value == excellent


def test_an_agency_named_like_a_formula_is_written_as_text_in_the_ranking(client, world, final):
    name = '=HYPERLINK("http://example.com","Xem")'
    Agency.objects.filter(pk=world.memberships["C"].agency_id).update(name=name)
    client.force_login(world.secretariat_user)
    response = client.get(ranking_url(world, "ranking_export"))
    content = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = load_workbook(io.BytesIO(content))["Xếp hạng"]
    (cell,) = [c for row in sheet.iter_rows() for c in row if c.value == name]
    assert (cell.data_type, cell.quotePrefix) == ("s", True)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert not any(b"<f>" in archive.read(n) for n in archive.namelist() if "worksheets" in n)

"""The criteria pages as the secretariat and the members use them."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from scoring import criteria_tree, services
from scoring.models import Assessment, CriteriaSet, Criterion
from scoring.services import CriterionData, Entered
from tests.fixtures.scoring import CRITERIA, by_code

from .test_spreadsheets import GOOD_ROWS, HEADERS, xlsx

Kind = Criterion.Kind
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload(rows, headers=HEADERS, name="tieu-chi.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, xlsx(rows, headers=headers).getvalue(), content_type=XLSX)


def import_file(client, world, file, note=""):
    return client.post(
        reverse("scoring:criteria_import", args=[world.year.pk]), {"file": file, "note": note}
    )


def snapshot(cluster_year) -> list[tuple]:
    """Every version and criterion of the year, to show that nothing changed."""
    return list(
        Criterion.objects.filter(criteria_set__cluster_year=cluster_year)
        .order_by("criteria_set__version", "position")
        .values_list("criteria_set__version", "code", "title", "kind", "max_points")
    )


def score_self(assessment, code="1.1", value="7"):
    """The member enters a self score: scoring has started on the assessment's version."""
    services.assessment_save_self(
        assessment=assessment,
        entries={by_code(assessment)[code]: Entered(value=Decimal(value))},
        revision=assessment.revision,
        by=None,
    )


def criterion_post(**fields) -> dict:
    return {
        "code": "1.4",
        "title": "Tổ chức hội nghị đối ngoại",
        "kind": "points",
        "max_points": "4",
        "points_per_occurrence": "",
        "guidance": "",
        **fields,
    }


# Import ------------------------------------------------------------------------------------


def test_importing_a_good_file_creates_the_tree(client, world):
    client.force_login(world.secretariat_user)
    response = import_file(client, world, upload(GOOD_ROWS), note="Thông qua tại hội nghị")
    assert response.status_code == 302
    criteria_set = CriteriaSet.objects.get(cluster_year=world.year)
    assert criteria_set.version == 1
    assert criteria_set.note == "Thông qua tại hội nghị"
    rows = {c.code: c for c in criteria_set.criteria.select_related("parent").order_by("position")}
    assert list(rows) == ["1", "1.1", "1.2"]
    assert rows["1"].parent is None
    assert rows["1.1"].parent == rows["1"]
    assert rows["1.2"].parent == rows["1"]
    assert [rows[code].kind for code in rows] == [Kind.GROUP, Kind.POINTS, Kind.PER_OCCURRENCE]
    assert rows["1"].max_points == Decimal("20")
    assert rows["1.1"].evidence_required is True
    assert rows["1.1"].guidance == "Kế hoạch được duyệt"
    assert rows["1.2"].points_per_occurrence == Decimal("2")


def test_importing_the_downloaded_template_works(client, world):
    client.force_login(world.secretariat_user)
    template = client.get(reverse("scoring:criteria_template"))
    file = SimpleUploadedFile("mau.xlsx", template.content, content_type=XLSX)
    assert import_file(client, world, file).status_code == 302
    assert [c for _v, c, *_rest in snapshot(world.year)] == ["1", "1.1"]


BAD_FILES = {
    "not an xlsx": lambda: SimpleUploadedFile("tieu-chi.xlsx", b"%PDF-1.4 no", content_type=XLSX),
    "renamed column": lambda: upload(GOOD_ROWS, headers=[*HEADERS[:3], "Điểm", *HEADERS[4:]]),
    "empty code": lambda: upload([*GOOD_ROWS, [None, "Không mã", "Chấm điểm", 5]]),
    "duplicate code": lambda: upload([*GOOD_ROWS, ["1.1", "Trùng", "Chấm điểm", 5]]),
    "unknown kind": lambda: upload([*GOOD_ROWS, ["1.3", "Lạ", "Điểm khuyến khích", 5]]),
    "text for a number": lambda: upload([*GOOD_ROWS, ["1.3", "Chữ", "Chấm điểm", "năm"]]),
    "negative number": lambda: upload([*GOOD_ROWS, ["1.3", "Âm", "Chấm điểm", -5]]),
    "per occurrence without points": lambda: upload(
        [*GOOD_ROWS, ["1.3", "Lần", "Điểm theo lần", 6]]
    ),
    "missing group": lambda: upload([*GOOD_ROWS, ["2.1", "Mồ côi", "Chấm điểm", 5]]),
}
EXPECTED_CELL = {
    "not an xlsx": "",
    "renamed column": "",
    "empty code": "A5",
    "duplicate code": "A5",
    "unknown kind": "C5",
    "text for a number": "D5",
    "negative number": "D5",
    "per occurrence without points": "E5",
    "missing group": "A5",
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_a_bad_file_lists_its_problems_and_changes_nothing(client, world, criteria, case):
    before = snapshot(world.year)
    client.force_login(world.secretariat_user)
    response = import_file(client, world, BAD_FILES[case]())
    assert response.status_code == 400
    problems = response.context["problems"]
    assert problems
    assert problems[0].cell == EXPECTED_CELL[case]
    assert problems[0].message in response.content.decode()
    assert snapshot(world.year) == before
    assert CriteriaSet.objects.filter(cluster_year=world.year).count() == 1


def test_a_bad_file_on_a_year_without_criteria_saves_nothing(client, world):
    client.force_login(world.secretariat_user)
    response = import_file(client, world, upload([*GOOD_ROWS, ["2.1", "Mồ côi", "Chấm điểm", 5]]))
    assert response.status_code == 400
    assert not CriteriaSet.objects.filter(cluster_year=world.year).exists()
    assert not Criterion.objects.exists()


def test_an_import_before_anyone_scored_replaces_the_criteria_in_place(client, world, criteria):
    client.force_login(world.secretariat_user)
    assert import_file(client, world, upload(GOOD_ROWS)).status_code == 302
    assert [(v, c) for v, c, *_rest in snapshot(world.year)] == [(1, "1"), (1, "1.1"), (1, "1.2")]


def test_an_import_after_someone_scored_makes_version_2(client, world, open_assessment):
    assessment = open_assessment("C")
    score_self(assessment)
    client.force_login(world.secretariat_user)
    assert import_file(client, world, upload(GOOD_ROWS), note="Sơ kết 6 tháng").status_code == 302
    versions = list(world.year.criteria_sets.order_by("version").values_list("version", "note"))
    assert versions == [(1, ""), (2, "Sơ kết 6 tháng")]
    assessment.refresh_from_db()
    assert assessment.criteria_set.version == 1


# Who may do what ---------------------------------------------------------------------------


@pytest.mark.parametrize("user", ["member_user", "deputy_user", "ministry_user"])
def test_who_is_not_the_secretariat_cannot_add_or_import(client, world, criteria, user):
    client.force_login(getattr(world, user))
    year = world.year.pk
    assert client.get(reverse("scoring:criterion_add", args=[year])).status_code == 403
    assert (
        client.post(reverse("scoring:criterion_add", args=[year]), criterion_post()).status_code
        == 403
    )
    assert client.get(reverse("scoring:criteria_import", args=[year])).status_code == 403
    assert import_file(client, world, upload(GOOD_ROWS)).status_code == 403
    criterion = criteria.criteria.get(code="1.1")
    assert client.get(reverse("scoring:criterion_edit", args=[criterion.pk])).status_code == 403
    assert client.post(reverse("scoring:criterion_delete", args=[criterion.pk])).status_code == 403
    assert client.post(reverse("scoring:criteria_copy", args=[year])).status_code == 403
    assert snapshot(world.year) == [(1, *row) for row in snapshot_rows(CRITERIA)]


def snapshot_rows(rows: list[CriterionData]) -> list[tuple]:
    return [(row.code, row.title, row.kind, row.max_points) for row in rows]


def test_a_stranger_gets_not_found_everywhere(client, world, criteria):
    client.force_login(world.stranger_user)
    year = world.year.pk
    criterion = criteria.criteria.get(code="1.1")
    for url in (
        reverse("scoring:criteria", args=[year]),
        reverse("scoring:criteria_export", args=[year]),
        reverse("scoring:criterion_add", args=[year]),
        reverse("scoring:criteria_import", args=[year]),
        reverse("scoring:criterion_edit", args=[criterion.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("scoring:criterion_delete", args=[criterion.pk])).status_code == 404


def test_a_member_reads_the_criteria_without_the_secretariats_buttons(client, world, criteria):
    client.force_login(world.member_user)
    response = client.get(reverse("scoring:criteria", args=[world.year.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Hoàn thành kế hoạch đối ngoại" in page
    assert reverse("scoring:criterion_add", args=[world.year.pk]) not in page
    assert reverse("scoring:criteria_import", args=[world.year.pk]) not in page


def test_anyone_signed_in_downloads_the_template(client, world):
    client.force_login(world.stranger_user)
    response = client.get(reverse("scoring:criteria_template"))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert "attachment" in response["Content-Disposition"]
    client.logout()
    assert client.get(reverse("scoring:criteria_template")).status_code == 302


# Adding, editing, deleting -----------------------------------------------------------------


def test_the_secretariat_adds_a_criterion_into_a_group(client, world, criteria):
    client.force_login(world.secretariat_user)
    form = client.get(reverse("scoring:criterion_add", args=[world.year.pk]) + "?parent=1")
    assert form.context["form"].initial["code"] == "1.4"
    response = client.post(reverse("scoring:criterion_add", args=[world.year.pk]), criterion_post())
    assert response.status_code == 302
    added = Criterion.objects.get(criteria_set=criteria, code="1.4")
    assert added.parent.code == "1"
    assert world.year.criteria_sets.count() == 1


def test_points_are_typed_with_a_decimal_comma_in_vietnamese(client, world, criteria):
    client.force_login(world.secretariat_user)
    response = client.post(
        reverse("scoring:criterion_add", args=[world.year.pk]),
        criterion_post(kind="per_occurrence", max_points="4,5", points_per_occurrence="1,5"),
    )
    assert response.status_code == 302
    added = Criterion.objects.get(code="1.4")
    assert (added.max_points, added.points_per_occurrence) == (Decimal("4.5"), Decimal("1.5"))
    form = client.get(reverse("scoring:criterion_edit", args=[added.pk]))
    assert 'value="4,5"' in form.content.decode()


def test_a_per_occurrence_criterion_needs_its_points(client, world, criteria):
    client.force_login(world.secretariat_user)
    response = client.post(
        reverse("scoring:criterion_add", args=[world.year.pk]),
        criterion_post(kind="per_occurrence"),
    )
    assert response.status_code == 400
    assert "points_per_occurrence" in response.context["form"].errors
    assert not Criterion.objects.filter(code="1.4").exists()


def test_a_criterion_in_a_missing_group_is_refused_with_the_services_reason(
    client, world, criteria
):
    client.force_login(world.secretariat_user)
    response = client.post(
        reverse("scoring:criterion_add", args=[world.year.pk]), criterion_post(code="7.1")
    )
    assert response.status_code == 400
    assert "7" in " ".join(response.context["form"].non_field_errors())
    assert snapshot(world.year) == [(1, *row) for row in snapshot_rows(CRITERIA)]


def test_editing_before_anyone_scored_changes_the_criterion_in_place(client, world, criteria):
    criterion = criteria.criteria.get(code="1.2")
    client.force_login(world.secretariat_user)
    form = client.get(reverse("scoring:criterion_edit", args=[criterion.pk]))
    assert form.context["form"].initial["title"] == "Báo cáo đúng hạn"
    response = client.post(
        reverse("scoring:criterion_edit", args=[criterion.pk]),
        criterion_post(code="1.2", title="Báo cáo đúng hạn, đủ nội dung", kind="pass_fail"),
    )
    assert response.status_code == 302
    assert world.year.criteria_sets.count() == 1
    assert criteria.criteria.get(code="1.2").title == "Báo cáo đúng hạn, đủ nội dung"


def test_amending_after_someone_scored_makes_version_2_and_the_assessment_stays_on_1(
    client, world, criteria, open_assessment
):
    assessment = open_assessment("C")
    score_self(assessment)
    criterion = criteria.criteria.get(code="1.2")
    client.force_login(world.secretariat_user)
    page = client.get(reverse("scoring:criteria", args=[world.year.pk])).content.decode()
    assert "version 2" in page.lower() or "phiên bản 2" in page.lower()
    response = client.post(
        reverse("scoring:criterion_edit", args=[criterion.pk]),
        criterion_post(code="1.2", title="Báo cáo đúng hạn (sửa đổi)", kind="pass_fail"),
    )
    assert response.status_code == 302
    assert list(world.year.criteria_sets.values_list("version", flat=True)) == [2, 1]
    assessment.refresh_from_db()
    assert assessment.criteria_set == criteria
    assert criteria.criteria.get(code="1.2").title == "Báo cáo đúng hạn"
    current = world.year.criteria_sets.current()
    assert current.criteria.get(code="1.2").title == "Báo cáo đúng hạn (sửa đổi)"
    assert assessment.scores.get(criterion__code="1.1").self_value == Decimal("7")


def test_saving_a_criterion_unchanged_after_scoring_makes_no_new_version(
    client, world, criteria, open_assessment
):
    score_self(open_assessment("C"))
    criterion = criteria.criteria.get(code="1.3")
    client.force_login(world.secretariat_user)
    form = client.get(reverse("scoring:criterion_edit", args=[criterion.pk])).context["form"]
    unchanged = {
        name: "on" if value is True else ("" if value in (None, False) else str(value))
        for name, value in form.initial.items()
    }
    response = client.post(reverse("scoring:criterion_edit", args=[criterion.pk]), unchanged)
    assert response.status_code == 302
    assert world.year.criteria_sets.count() == 1


def test_importing_the_same_criteria_again_after_scoring_makes_no_new_version(
    client, world, criteria, open_assessment
):
    score_self(open_assessment("C"))
    client.force_login(world.secretariat_user)
    exported = client.get(reverse("scoring:criteria_export", args=[world.year.pk])).content
    file = SimpleUploadedFile("lai.xlsx", exported, content_type=XLSX)
    assert import_file(client, world, file).status_code == 302
    assert world.year.criteria_sets.count() == 1


def test_a_criterion_of_an_old_version_cannot_be_edited_or_deleted(
    client, world, criteria, open_assessment
):
    score_self(open_assessment("C"))
    services.criterion_add(
        cluster_year=world.year,
        data=CriterionData("1.4", "Mới", Kind.POINTS, Decimal("1")),
        by=None,
    )
    old = criteria.criteria.get(code="1.2")
    before = snapshot(world.year)
    client.force_login(world.secretariat_user)
    response = client.post(
        reverse("scoring:criterion_edit", args=[old.pk]),
        criterion_post(code="1.2", title="Sửa bản cũ", kind="pass_fail"),
    )
    assert response.status_code == 400
    assert response.context["form"].non_field_errors()
    response = client.post(reverse("scoring:criterion_delete", args=[old.pk]), follow=True)
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert snapshot(world.year) == before


def test_deleting_a_group_deletes_its_criteria(client, world, criteria):
    group = criteria.criteria.get(code="2")
    client.force_login(world.secretariat_user)
    assert client.post(reverse("scoring:criterion_delete", args=[group.pk])).status_code == 302
    codes = list(criteria.criteria.values_list("code", flat=True))
    assert "2" not in codes
    assert "2.1" not in codes
    assert "1.1" in codes


def test_deleting_the_last_criterion_is_refused(client, world):
    criteria_set = services.criteria_replace(
        cluster_year=world.year, rows=[CriterionData("1", "Duy nhất", Kind.POINTS, 5)], by=None
    )
    client.force_login(world.secretariat_user)
    only = criteria_set.criteria.get()
    response = client.post(reverse("scoring:criterion_delete", args=[only.pk]), follow=True)
    assert list(response.context["messages"])
    assert criteria_set.criteria.count() == 1


# Copy from the previous year ---------------------------------------------------------------


def test_the_criteria_are_copied_from_the_previous_year(client, world, make_year):
    previous = make_year(world.cluster, 2024, members=[world.agencies["A"]])
    services.criteria_replace(cluster_year=previous, rows=CRITERIA, by=None)
    client.force_login(world.secretariat_user)
    page = client.get(reverse("scoring:criteria", args=[world.year.pk])).content.decode()
    assert reverse("scoring:criteria_copy", args=[world.year.pk]) in page
    response = client.post(reverse("scoring:criteria_copy", args=[world.year.pk]))
    assert response.status_code == 302
    copied = world.year.criteria_sets.current()
    assert criteria_tree.criteria_rows(copied) == CRITERIA
    assert "2024" in copied.note


def test_copying_is_refused_when_the_previous_year_has_no_criteria(client, world, make_year):
    make_year(world.cluster, 2024, members=[world.agencies["A"]])
    client.force_login(world.secretariat_user)
    page = client.get(reverse("scoring:criteria", args=[world.year.pk])).content.decode()
    assert reverse("scoring:criteria_copy", args=[world.year.pk]) not in page
    response = client.post(reverse("scoring:criteria_copy", args=[world.year.pk]), follow=True)
    assert list(response.context["messages"])
    assert not CriteriaSet.objects.filter(cluster_year=world.year).exists()


def test_copying_is_refused_when_the_year_already_has_criteria(client, world, criteria, make_year):
    previous = make_year(world.cluster, 2024, members=[world.agencies["A"]])
    services.criteria_replace(cluster_year=previous, rows=GOOD_ROWS_DATA, by=None)
    client.force_login(world.secretariat_user)
    client.post(reverse("scoring:criteria_copy", args=[world.year.pk]))
    assert criteria_tree.criteria_rows(world.year.criteria_sets.current()) == CRITERIA
    assert world.year.criteria_sets.count() == 1


GOOD_ROWS_DATA = [CriterionData("1", "Năm trước", Kind.POINTS, Decimal("5"))]


# Export and the page -----------------------------------------------------------------------


def test_the_export_gives_the_version_shown(client, world, criteria, open_assessment):
    score_self(open_assessment("C"))
    services.criterion_add(
        cluster_year=world.year,
        data=CriterionData("1.4", "Thêm ở bản 2", Kind.POINTS, Decimal("1")),
        by=None,
    )
    client.force_login(world.member_user)
    url = reverse("scoring:criteria_export", args=[world.year.pk])

    def codes(response):
        sheet = openpyxl.load_workbook(io.BytesIO(response.content))["Tiêu chí"]
        lines = list(sheet.iter_rows(values_only=True))
        assert list(lines[0]) == HEADERS
        return [line[0] for line in lines[1:]]

    assert "1.4" in codes(client.get(url))
    old = client.get(url + "?version=1")
    assert old["Content-Type"] == XLSX
    assert "1.4" not in codes(old)
    assert codes(old) == [row.code for row in CRITERIA]
    assert client.get(url + "?version=9").status_code == 404


def test_the_secretariat_sees_who_is_on_which_version_and_can_carry_them_over(
    client, world, criteria, open_assessment
):
    on_old = open_assessment("C")
    score_self(on_old)
    services.criterion_add(
        cluster_year=world.year,
        data=CriterionData("1.4", "Thêm ở bản 2", Kind.POINTS, Decimal("1")),
        by=None,
    )
    on_new = open_assessment("D")
    client.force_login(world.secretariat_user)
    response = client.get(reverse("scoring:criteria", args=[world.year.pk]))
    page = response.content.decode()
    carry_over = reverse("scoring:assessment_carry_over", args=[on_old.pk])
    assert carry_over in page
    assert reverse("scoring:assessment_carry_over", args=[on_new.pk]) not in page
    versions = {s.version: s.assessment_list for s in response.context["sets"]}
    assert versions == {1: [on_old], 2: [on_new]}
    assert Assessment.objects.get(pk=on_old.pk).criteria_set.version == 1

    client.force_login(world.member_user)
    page = client.get(reverse("scoring:criteria", args=[world.year.pk])).content.decode()
    assert carry_over not in page
    assert world.agencies["D"].short_name not in page


def test_a_groups_maximum_that_differs_from_its_criteria_is_flagged(client, world):
    rows = [
        CriterionData("1", "Nhóm", Kind.GROUP, Decimal("20")),
        CriterionData("1.1", "Một", Kind.POINTS, Decimal("10")),
        CriterionData("1.2", "Hai", Kind.PASS_FAIL, Decimal("5")),
        CriterionData("2", "Nhóm đúng", Kind.GROUP, Decimal("8")),
        CriterionData("2.1", "Ba", Kind.POINTS, Decimal("5")),
        CriterionData("2.2", "Cộng", Kind.BONUS, Decimal("3")),
        # Bonuses of 4 and 3 in a group of at most 5: it counts 5, and is flagged.
        CriterionData("3", "Điểm cộng", Kind.GROUP, Decimal("5")),
        CriterionData("3.1", "Sáng kiến", Kind.BONUS, Decimal("4")),
        CriterionData("3.2", "Khen thưởng", Kind.BONUS, Decimal("3")),
        # A group of maximum 0 sets no cap: nothing to flag.
        CriterionData("4", "Điểm cộng, điểm trừ", Kind.GROUP, Decimal("0")),
        CriterionData("4.1", "Cộng thêm", Kind.BONUS, Decimal("2")),
        CriterionData("4.2", "Trừ", Kind.DEDUCTION, Decimal("2")),
    ]
    services.criteria_replace(cluster_year=world.year, rows=rows, by=None)
    client.force_login(world.member_user)
    response = client.get(reverse("scoring:criteria", args=[world.year.pk]))
    groups = {c.code: c for c in response.context["criteria"] if c.is_group}
    assert groups["1"].total_mismatch
    assert groups["1"].children_total == Decimal("15")
    assert not groups["2"].total_mismatch
    assert groups["3"].total_mismatch
    assert groups["3"].children_total == Decimal("7")
    assert not groups["4"].total_mismatch
    assert response.context["mismatches"] == 2
    assert response.context["summary"] == {
        "maximum": Decimal("33"),
        "bonus": Decimal("12"),
        "deduction": Decimal("2"),
    }


def test_the_criteria_page_costs_the_same_whatever_the_number_of_criteria(
    client, world, criteria, open_assessment, django_assert_max_num_queries
):
    score_self(open_assessment("C"))
    services.criterion_add(
        cluster_year=world.year,
        data=CriterionData("1.4", "Thêm", Kind.POINTS, Decimal("1")),
        by=None,
    )
    client.force_login(world.secretariat_user)
    url = reverse("scoring:criteria", args=[world.year.pk])
    with django_assert_max_num_queries(20) as small:
        client.get(url)
    rows = criteria_tree.criteria_rows(world.year.criteria_sets.current())
    rows += [CriterionData(f"4.{n}", f"Tiêu chí {n}", Kind.POINTS, Decimal(1)) for n in range(30)]
    rows.insert(len(rows) - 30, CriterionData("4", "Nhóm lớn", Kind.GROUP, Decimal(30)))
    services.criteria_replace(cluster_year=world.year, rows=rows, by=None)
    open_assessment("D")
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)


def test_the_year_page_links_to_the_criteria(client, world):
    client.force_login(world.member_user)
    page = client.get(world.year.get_absolute_url()).content.decode()
    assert reverse("scoring:criteria", args=[world.year.pk]) in page

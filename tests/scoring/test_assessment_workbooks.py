"""The self-assessment in Excel: download, fill offline, upload, preview, confirm; every bad
workbook refused with sheet, row and cell, and nothing written."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.contrib import messages
from django.urls import reverse
from django.utils import translation

from clusters import services as cluster_services
from scoring import services
from scoring.assessment_workbooks import (
    HEADER_ROW,
    INFO_SHEET,
    SELF_SHEET,
    read_self_assessment,
    self_assessment_workbook,
)
from scoring.models import Score
from scoring.services import Entered
from tests.fixtures.scoring import by_code, submit_self

pytestmark = pytest.mark.django_db

# Columns of the sheet “Tự chấm điểm”.
TARGET, VALUE, NOTE = "G", "H", "I"


def scores_of(assessment) -> list[Score]:
    return list(assessment.scores.select_related("criterion").order_by("criterion__position"))


def exported(assessment) -> bytes:
    return self_assessment_workbook(assessment, scores_of(assessment))


def row_of(sheet, code: str) -> int:
    for row in range(HEADER_ROW + 1, sheet.max_row + 1):
        if sheet.cell(row, 1).value == code:
            return row
    raise AssertionError(code)


def filled(content: bytes, cells: dict[tuple[str, str], object], **info) -> io.BytesIO:
    """The workbook `content` with cells set by (criterion code, column letter)."""
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    sheet = workbook[SELF_SHEET]
    for (code, column), value in cells.items():
        sheet[f"{column}{row_of(sheet, code)}"] = value
    for row in workbook[INFO_SHEET].iter_rows(min_row=2):
        for label, value in info.items():
            if row[0].value == label:
                row[1].value = value
    output = io.BytesIO()
    workbook.save(output)
    output.seek(0)
    output.name = "tu-cham.xlsx"
    return output


def snapshot(assessment):
    return sorted(
        Score.objects.filter(assessment=assessment).values_list(
            "criterion__code", "self_value", "self_note", "target"
        )
    )


@pytest.fixture
def assessment(open_assessment):
    assessment = open_assessment("C")
    codes = by_code(assessment)
    return services.assessment_save_self(
        assessment=assessment,
        entries={
            codes["1.1"]: Entered(Decimal("7.5"), "Kế hoạch số 12/KH"),
            codes["1.2"]: Entered(Decimal("5")),
            codes["2.1"]: Entered(Decimal("80"), target=Decimal("100")),
            codes["3.2"]: Entered(Decimal("1"), '=HYPERLINK("http://x","Xem")'),
        },
        revision=assessment.revision,
        by=None,
    )


def test_the_workbook_carries_the_criteria_the_values_and_the_revision(assessment):
    workbook = openpyxl.load_workbook(io.BytesIO(exported(assessment)))
    sheet = workbook[SELF_SHEET]
    assert [cell.value for cell in sheet[HEADER_ROW]][:4] == [
        "Mã",
        "Tiêu chí",
        "Loại",
        "Điểm tối đa",
    ]
    row = row_of(sheet, "1.1")
    assert sheet[f"D{row}"].value == 10
    assert sheet[f"{VALUE}{row}"].value == 7.5
    assert sheet[f"{NOTE}{row}"].value == "Kế hoạch số 12/KH"
    assert sheet[f"{VALUE}{row_of(sheet, '1.2')}"].value == "Đạt"
    assert sheet[f"{TARGET}{row_of(sheet, '2.1')}"].value == 100
    info = {row[0]: row[1] for row in workbook[INFO_SHEET].iter_rows(values_only=True)}
    assert info["Lần cập nhật"] == assessment.revision
    assert info["Mã bảng tự chấm"] == assessment.pk
    assert all(sheet.sheet_state == "visible" for sheet in workbook.worksheets)


def test_a_formula_typed_as_an_explanation_is_exported_as_text(assessment):
    workbook = openpyxl.load_workbook(io.BytesIO(exported(assessment)))
    cell = workbook[SELF_SHEET][f"{NOTE}{row_of(workbook[SELF_SHEET], '3.2')}"]
    assert cell.data_type == "s"
    assert cell.quotePrefix
    assert cell.value == '=HYPERLINK("http://x","Xem")'


def test_export_import_export_is_identical(assessment):
    first = exported(assessment)
    found = read_self_assessment(assessment, scores_of(assessment), io.BytesIO(first))
    assert found.problems == []
    assert found.revision == assessment.revision
    saved = services.assessment_save_self(
        assessment=assessment, entries=found.entries, revision=found.revision, by=None
    )
    again = openpyxl.load_workbook(io.BytesIO(exported(saved)))
    before = openpyxl.load_workbook(io.BytesIO(first))
    assert list(again[SELF_SHEET].values) == list(before[SELF_SHEET].values)
    # Only the revision moved (the save itself).
    info_before = dict(before[INFO_SHEET].iter_rows(min_row=2, values_only=True))
    info_after = dict(again[INFO_SHEET].iter_rows(min_row=2, values_only=True))
    assert info_after.pop("Lần cập nhật") == info_before.pop("Lần cập nhật") + 1
    assert info_after == info_before


def test_values_are_read_the_vietnamese_way_and_pass_fail_by_its_words(assessment):
    content = filled(
        exported(assessment),
        {("1.1", VALUE): "8,5", ("1.2", VALUE): "không đạt", ("2.1", TARGET): "1.000"},
    )
    found = read_self_assessment(assessment, scores_of(assessment), content)
    assert found.problems == []
    codes = by_code(assessment)
    assert found.entries[codes["1.1"]].value == Decimal("8.5")
    assert found.entries[codes["1.2"]].value == 0
    assert found.entries[codes["2.1"]].target == Decimal("1000")


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        ({("1.1", VALUE): 11}, [(f"{VALUE}", "The maximum is 10 points.")]),
        ({("1.1", VALUE): "7.00.5"}, [(f"{VALUE}", "A dot only groups thousands")]),
        ({("1.2", VALUE): "Có"}, [(f"{VALUE}", "Answer “Đạt” or “Không đạt”")]),
        ({("1", VALUE): 3}, [(f"{VALUE}", "is a group: it takes no value")]),
        ({("1.1", NOTE): "x" * 5001}, [(f"{NOTE}", "longer than 5000 characters")]),
        ({("1.3", VALUE): 1.5}, [(f"{VALUE}", "whole number of occurrences")]),
        ({("1.1", TARGET): 5}, [(f"{TARGET}", "Only a quantitative criterion")]),
    ],
    ids=["above-max", "bad-number", "pass-fail", "group", "long-note", "occurrences", "target"],
)
def test_every_bad_cell_is_named_with_its_sheet_and_nothing_is_read(assessment, cells, expected):
    content = filled(exported(assessment), cells)
    with translation.override("en"):
        found = read_self_assessment(assessment, scores_of(assessment), content)
    assert found.entries == {}
    assert [(p.sheet, p.column) for p in found.problems] == [
        (SELF_SHEET, column) for column, _text in expected
    ]
    for problem, (_column, text) in zip(found.problems, expected, strict=True):
        assert text in problem.message
        assert problem.row > HEADER_ROW


def test_a_code_with_an_invisible_character_is_the_same_criterion(assessment):
    workbook = openpyxl.load_workbook(io.BytesIO(exported(assessment)))
    sheet = workbook[SELF_SHEET]
    row = row_of(sheet, "1.1")
    sheet[f"A{row}"] = "1\u20241\u200b"  # one-dot leader and a zero-width space
    sheet[f"{VALUE}{row}"] = 9
    output = io.BytesIO()
    workbook.save(output)
    found = read_self_assessment(assessment, scores_of(assessment), output)
    assert found.problems == []
    assert found.entries[by_code(assessment)["1.1"]].value == 9


def test_arabic_indic_digits_are_refused_with_the_cell(assessment):
    workbook = openpyxl.load_workbook(io.BytesIO(exported(assessment)))
    sheet = workbook[SELF_SHEET]
    row = row_of(sheet, "1.1")
    sheet[f"A{row}"] = "\u0661.\u0661"
    output = io.BytesIO()
    workbook.save(output)
    with translation.override("en"):
        found = read_self_assessment(assessment, scores_of(assessment), output)
    assert [(p.row, p.column) for p in found.problems] == [(row, "A")]


def test_a_workbook_of_another_member_is_refused(open_assessment, assessment):
    other = open_assessment("D")
    with translation.override("en"):
        found = read_self_assessment(other, scores_of(other), io.BytesIO(exported(assessment)))
    assert found.entries == {}
    assert found.problems[0].sheet == INFO_SHEET
    assert "not this one" in found.problems[0].message


def test_a_workbook_of_another_criteria_version_is_refused(assessment):
    content = filled(exported(assessment), {}, **{"Phiên bản tiêu chí": 7})
    with translation.override("en"):
        found = read_self_assessment(assessment, scores_of(assessment), content)
    assert "version 7 of the criteria" in found.problems[0].message


def test_more_than_200_problems_are_cut_with_a_count(assessment):
    workbook = openpyxl.load_workbook(io.BytesIO(exported(assessment)))
    sheet = workbook[SELF_SHEET]
    for number in range(250):
        sheet.append([f"9.{number}", "Không có"])
    output = io.BytesIO()
    workbook.save(output)
    with translation.override("en"):
        found = read_self_assessment(assessment, scores_of(assessment), output)
    assert len(found.problems) == 201
    assert "50 more problems" in found.problems[-1].message


# The pages ---------------------------------------------------------------------------------


def upload(client, assessment, content):
    url = reverse("scoring:self_assessment_import", args=[assessment.pk])
    return client.post(url, {"file": content})


def test_upload_shows_before_and_after_then_confirmation_saves(client, world, assessment):
    client.force_login(world.member_user)
    content = filled(exported(assessment), {("1.1", VALUE): 9, ("3.1", VALUE): 2})
    before = snapshot(assessment)
    response = upload(client, assessment, content)
    assert response.status_code == 200
    changes = [(c.criterion.code, c.before, c.after) for c in response.context["changes"]]
    assert ("1.1", "7,5", "9") in changes
    assert ("3.1", "—", "2") in changes
    assert snapshot(assessment) == before  # the preview writes nothing

    url = reverse("scoring:self_assessment_import", args=[assessment.pk])
    response = client.post(url, {"token": response.context["token"]})
    assert response.status_code == 302
    values = {code: value for code, value, _note, _target in snapshot(assessment)}
    assert values["1.1"] == Decimal("9")
    assert values["3.1"] == Decimal("2")


def test_a_workbook_from_an_older_revision_is_refused_with_the_difference(
    client, world, assessment
):
    client.force_login(world.member_user)
    content = filled(exported(assessment), {("1.1", VALUE): 9})
    codes = by_code(assessment)
    services.assessment_save_self(
        assessment=assessment,
        entries={codes["1.1"]: Entered(Decimal("6"), "Kế hoạch số 12/KH")},
        revision=assessment.revision,
        by=None,
    )
    before = snapshot(assessment)
    response = upload(client, assessment, content)
    assert response.status_code == 409
    assert "token" not in response.context
    assert ("1.1", "6", "9") in [
        (c.criterion.code, c.before, c.after) for c in response.context["changes"]
    ]
    assert snapshot(assessment) == before


def test_two_confirmations_of_the_same_preview_save_once(client, world, assessment):
    client.force_login(world.member_user)
    response = upload(client, assessment, filled(exported(assessment), {("1.1", VALUE): 9}))
    token = response.context["token"]
    url = reverse("scoring:self_assessment_import", args=[assessment.pk])
    client.post(url, {"token": token}, follow=True)
    revision = type(assessment).objects.get(pk=assessment.pk).revision
    response = client.post(url, {"token": token}, follow=True)
    assert type(assessment).objects.get(pk=assessment.pk).revision == revision
    assert [m.level for m in response.context["messages"]] == [messages.ERROR]


def test_an_altered_token_saves_nothing(client, world, assessment):
    client.force_login(world.member_user)
    response = upload(client, assessment, filled(exported(assessment), {("1.1", VALUE): 9}))
    token = response.context["token"]
    before = snapshot(assessment)
    url = reverse("scoring:self_assessment_import", args=[assessment.pk])
    response = client.post(url, {"token": token[:-3] + "abc"})
    assert response.status_code == 302
    assert snapshot(assessment) == before


def test_after_the_deadline_an_upload_is_refused_and_nothing_written(client, world, assessment):
    client.force_login(world.member_user)
    content = filled(exported(assessment), {("1.1", VALUE): 9})
    cluster_services.cluster_year_update(
        cluster_year=world.year, by=None, self_assessment_deadline=datetime.date(2020, 1, 1)
    )
    before = snapshot(assessment)
    response = upload(client, assessment, content)
    assert response.status_code == 400
    assert response.context["changes"] is None
    assert response.context["problems"][0].message == "Đã quá hạn: bản tự chấm điểm đã khóa."
    assert snapshot(assessment) == before


def test_a_preview_confirmed_after_submission_saves_nothing(
    client, world, assessment, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(world.member_user)
    response = upload(client, assessment, filled(exported(assessment), {("1.1", VALUE): 9}))
    submitted = submit_self(assessment, {"1.3": "1"})
    before = snapshot(submitted)
    url = reverse("scoring:self_assessment_import", args=[assessment.pk])
    response = client.post(url, {"token": response.context["token"]}, follow=True)
    assert [m.level for m in response.context["messages"]] == [messages.ERROR]
    assert snapshot(submitted) == before


def test_a_bomb_uploaded_as_a_self_assessment_is_refused(client, world, assessment):
    from tests.emulation.test_office_files import SHEET, sheet_of, with_part

    client.force_login(world.member_user)
    bomb = io.BytesIO(with_part(SHEET, sheet_of(b"<row/>" * 1000 for _ in range(10_000))))
    bomb.name = "tu-cham.xlsx"
    before = snapshot(assessment)
    response = upload(client, assessment, bomb)
    assert response.status_code == 400
    assert snapshot(assessment) == before
    assert response.context["problems"]

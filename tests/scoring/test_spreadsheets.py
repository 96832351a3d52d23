"""The criteria spreadsheet: what is written, what is read back, and every bad file refused."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django.utils import translation

from scoring.models import Criterion
from scoring.services import CriterionData
from scoring.spreadsheets import (
    EXAMPLE_ROWS,
    criteria_template,
    criteria_workbook,
    parse_criteria,
)
from tests.fixtures.scoring import CRITERIA

Kind = Criterion.Kind
HEADERS = [
    "Mã",
    "Tên tiêu chí",
    "Loại",
    "Điểm tối đa",
    "Điểm mỗi lần",
    "Bắt buộc minh chứng",
    "Hướng dẫn",
]
GOOD_ROWS = [
    ["1", "Công tác chuyên môn", "Nhóm tiêu chí", 20, None, "Không", ""],
    ["1.1", "Hoàn thành kế hoạch", "Chấm điểm", 10, None, "Có", "Kế hoạch được duyệt"],
    ["1.2", "Đoàn vào", "Điểm theo lần", 10, 2, None, None],
]


def xlsx(rows, headers=HEADERS, title="Tiêu chí") -> io.BytesIO:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
    if headers is not None:
        sheet.append(headers)
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    workbook.save(output)
    output.seek(0)
    return output


def problems_of(rows, **kwargs) -> list[tuple[int, str, str]]:
    """The problems found in a sheet of `rows`, with the messages in English."""
    with translation.override("en"):
        parsed, problems = parse_criteria(xlsx(rows, **kwargs))
    assert parsed == []  # nothing comes back from a bad file, so nothing can be saved
    return [(p.row, p.column, p.message) for p in problems]


def read_back(data: bytes, sheet: str = "Tiêu chí") -> list[list]:
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    return [list(row) for row in workbook[sheet].iter_rows(values_only=True)]


# Writing -----------------------------------------------------------------------------------


def test_the_export_has_the_vietnamese_headers_in_bold_and_frozen():
    workbook = openpyxl.load_workbook(io.BytesIO(criteria_workbook(CRITERIA)))
    sheet = workbook["Tiêu chí"]
    assert [cell.value for cell in sheet[1]] == HEADERS
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["B"].width >= 40
    assert workbook.sheetnames == ["Tiêu chí", "Hướng dẫn"]


def test_kinds_are_written_as_their_vietnamese_labels_and_numbers_as_numbers():
    lines = read_back(criteria_workbook(CRITERIA))
    by_code = {line[0]: line for line in lines[1:]}
    assert by_code["1"][2] == "Nhóm tiêu chí"
    assert by_code["1.1"][2:4] == ["Chấm điểm", 10]
    assert by_code["1.1"][5] == "Có"
    assert by_code["1.2"][2] == "Đạt/Không đạt"
    assert by_code["1.3"][2:5] == ["Điểm theo lần", 6, 2]
    assert by_code["2.1"][2] == "Theo chỉ tiêu"
    assert by_code["3.1"][2] == "Điểm cộng"
    assert by_code["3.2"][2] == "Điểm trừ"
    assert all(isinstance(line[3], int | float) for line in lines[1:])


def test_the_guidance_sheet_explains_every_column_and_every_kind():
    text = " ".join(
        str(value)
        for line in read_back(criteria_template(), "Hướng dẫn")
        for value in line
        if value
    )
    for header in HEADERS:
        assert header in text
    for label in ("Nhóm tiêu chí", "Chấm điểm", "Đạt/Không đạt", "Điểm theo lần", "Điểm cộng"):
        assert label in text
    for kind in Kind:
        assert f"({kind.value})" in text


def test_export_then_parse_gives_back_exactly_the_same_rows():
    rows = [
        *CRITERIA,
        CriterionData("4", "Nhóm có mã chữ", Kind.GROUP, Decimal("7.5")),
        CriterionData(
            "4.a",
            "Tiêu chí có hướng dẫn nhiều dòng",
            Kind.POINTS,
            Decimal("7.25"),
            evidence_required=True,
            guidance="Dòng một.\nDòng hai: 2,5 điểm.",
        ),
    ]
    parsed, problems = parse_criteria(io.BytesIO(criteria_workbook(rows)))
    assert problems == []
    assert parsed == rows


def test_the_template_parses_to_its_example_rows():
    parsed, problems = parse_criteria(io.BytesIO(criteria_template()))
    assert problems == []
    assert parsed == EXAMPLE_ROWS
    assert [row.code for row in parsed] == ["1", "1.1"]


# Reading good files --------------------------------------------------------------------------


def test_a_good_file_is_read_with_its_kinds_numbers_and_evidence_flags():
    parsed, problems = parse_criteria(xlsx(GOOD_ROWS))
    assert problems == []
    assert parsed == [
        CriterionData("1", "Công tác chuyên môn", Kind.GROUP, Decimal("20")),
        CriterionData(
            "1.1",
            "Hoàn thành kế hoạch",
            Kind.POINTS,
            Decimal("10"),
            evidence_required=True,
            guidance="Kế hoạch được duyệt",
        ),
        CriterionData(
            "1.2", "Đoàn vào", Kind.PER_OCCURRENCE, Decimal("10"), points_per_occurrence=Decimal(2)
        ),
    ]


@pytest.mark.parametrize(
    ("written", "kind"),
    [
        ("Điểm trừ", Kind.DEDUCTION),
        ("deduction", Kind.DEDUCTION),
        ("  ĐIỂM   CỘNG ", Kind.BONUS),
        ("pass_fail", Kind.PASS_FAIL),
        ("Đạt / Không đạt", Kind.PASS_FAIL),
        ("Pass or fail", Kind.PASS_FAIL),
        ("Theo chỉ tiêu", Kind.QUANTITATIVE),
        ("Nho\u0301m tiêu chí", Kind.GROUP),  # decomposed Unicode, as some Macs save it
    ],
)
def test_a_kind_is_accepted_from_its_label_or_its_internal_key(written, kind):
    parsed, problems = parse_criteria(xlsx([["1", "Tiêu chí", written, 5, None, None, None]]))
    assert problems == []
    assert parsed[0].kind == kind


def test_codes_typed_as_numbers_and_decimal_commas_are_understood():
    rows = [
        [1, "Nhóm", "Nhóm tiêu chí", "2,5", None, None, None],
        [1.1, "Tiêu chí", "Chấm điểm", "2,5", None, "x", None],
    ]
    parsed, problems = parse_criteria(xlsx(rows))
    assert problems == []
    assert [(row.code, row.max_points, row.evidence_required) for row in parsed] == [
        ("1", Decimal("2.5"), False),
        ("1.1", Decimal("2.5"), True),
    ]


def test_columns_may_come_in_any_order_and_empty_rows_are_skipped():
    headers = [HEADERS[2], HEADERS[0], HEADERS[1], HEADERS[3], *HEADERS[4:]]
    rows = [
        ["Nhóm tiêu chí", "1", "Nhóm", 5],
        [],
        ["Chấm điểm", "1.1", "Tiêu chí", 5],
    ]
    parsed, problems = parse_criteria(xlsx(rows, headers=headers))
    assert problems == []
    assert [row.code for row in parsed] == ["1", "1.1"]


# Bad files ---------------------------------------------------------------------------------


def _zip_without_workbook() -> io.BytesIO:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    output.seek(0)
    return output


@pytest.mark.parametrize(
    "content",
    [
        io.BytesIO(b"%PDF-1.4 this is a PDF"),
        io.BytesIO(b"Ma,Ten\n1,Nhom\n"),
        io.BytesIO(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600),  # an old .xls
        _zip_without_workbook(),
        io.BytesIO(xlsx(GOOD_ROWS).getvalue()[:700]),  # cut off half way
    ],
    ids=["pdf", "csv", "xls", "zip", "truncated"],
)
def test_a_file_that_is_not_an_xlsx_workbook_is_refused_with_a_clear_message(content):
    parsed, problems = parse_criteria(content)
    assert parsed == []
    assert len(problems) == 1
    assert problems[0].row == 0
    assert "Excel" in problems[0].message


def test_an_empty_file_is_refused():
    parsed, problems = parse_criteria(io.BytesIO(b""))
    assert parsed == []
    assert problems[0].row == 0


def test_a_file_over_the_upload_limit_is_refused_before_it_is_opened(settings):
    settings.UPLOAD_MAX_BYTES = 1000
    parsed, problems = parse_criteria(xlsx(GOOD_ROWS))
    assert parsed == []
    assert [p.row for p in problems] == [0]
    assert "1000" in problems[0].message.replace(".", "").replace(",", "").replace("\xa0", "")


def test_too_many_rows_are_refused(monkeypatch):
    monkeypatch.setattr("scoring.spreadsheets.criteria_import.MAX_ROWS", 3)
    rows = [["1", "Nhóm", "Nhóm tiêu chí", 10]] + [
        [f"1.{n}", "Tiêu chí", "Chấm điểm", 1] for n in range(1, 5)
    ]
    problems = problems_of(rows)
    assert len(problems) == 1
    assert "more than 4 rows (blank rows count too)" in problems[0][2]  # 3 and the header


def test_blank_rows_count_towards_the_row_limit(monkeypatch):
    monkeypatch.setattr("scoring.spreadsheets.criteria_import.MAX_ROWS", 3)
    rows = [["1", "Nhóm", "Nhóm tiêu chí", 10], [], [], [], ["1.1", "Tiêu chí", "Chấm điểm", 1]]
    problems = problems_of(rows)
    assert len(problems) == 1
    assert "more than 4 rows" in problems[0][2]


def test_the_sheet_read_is_named_in_every_problem():
    rows = [*GOOD_ROWS, ["1.3", None, "Chấm điểm", "x"]]
    with translation.override("en"):
        _parsed, problems = parse_criteria(xlsx(rows, title="Tiêu chí"))
        _parsed, others = parse_criteria(xlsx(rows, title="Bảng 1"))
    assert {p.sheet for p in problems} == {"Tiêu chí"}
    assert {p.sheet for p in others} == {"Bảng 1"}


@pytest.mark.parametrize(
    "code",
    ["1\u20241", "1.1\u200b", "\ufeff1.1", "１.１"],
    ids=["one-dot-leader", "zero-width-space", "byte-order-mark", "full-width"],
)
def test_look_alike_and_invisible_characters_make_the_same_code(code):
    rows = [*GOOD_ROWS, [code, "Bản sao", "Chấm điểm", 1]]
    problems = problems_of(rows)
    assert [(row, column) for row, column, _message in problems] == [(5, "A")]
    assert problems[0][2] == "The code 1.1 appears twice (also in row 3)."


@pytest.mark.parametrize(
    "code", ["\u0661.\u0661", "1.1đ", "Ⅰ.1x\u0430"], ids=["arabic-indic", "accent", "cyrillic"]
)
def test_a_code_outside_the_alphabet_is_refused_with_its_cell(code):
    rows = [*GOOD_ROWS, [code, "Lạ", "Chấm điểm", 1]]
    problems = problems_of(rows)
    assert [(row, column) for row, column, _message in problems] == [(5, "A")]
    assert "letters without accents and digits" in problems[0][2]


@pytest.mark.parametrize(
    ("written", "expected"),
    [("1.000", Decimal("1000")), ("2,500", Decimal("2.5")), ("7,25", Decimal("7.25"))],
)
def test_numbers_are_read_the_vietnamese_way(written, expected):
    rows = [["1", "Nhóm", "Nhóm tiêu chí", written], ["1.1", "Tiêu chí", "Chấm điểm", 1]]
    with translation.override("en"):
        parsed, problems = parse_criteria(xlsx(rows))
    assert problems == []
    assert parsed[0].max_points == expected


def test_a_number_the_vietnamese_reader_refuses_names_its_cell():
    rows = [["1", "Nhóm", "Nhóm tiêu chí", "7.00.5"]]
    problems = problems_of(rows)
    assert [(row, column) for row, column, _message in problems] == [(2, "D")]
    assert "A dot only groups thousands" in problems[0][2]


def test_after_200_problems_the_rest_are_counted():
    rows = [[f"9.{n}", None, "Chấm điểm", 1] for n in range(1, 131)]  # two problems a row
    problems = problems_of(rows)
    assert len(problems) == 201
    assert problems[-1] == (
        0,
        "",
        "…and 60 more problems, not listed: correct the ones above first.",
    )


def test_a_hidden_criteria_sheet_is_refused_not_read():
    workbook = openpyxl.load_workbook(xlsx(GOOD_ROWS))
    workbook["Tiêu chí"].sheet_state = "hidden"
    visible = workbook.create_sheet("Tiêu chí (sửa)")
    visible.append(HEADERS)
    workbook.active = 1
    output = io.BytesIO()
    workbook.save(output)
    output.seek(0)
    with translation.override("en"):
        parsed, problems = parse_criteria(output)
    assert parsed == []
    assert "hidden sheets (“Tiêu chí”)" in problems[0].message


def test_a_title_typed_as_a_formula_is_exported_as_text_and_read_back_as_typed():
    title = '=HYPERLINK("http://example.com","Xem")'
    rows = [CriterionData("1", title, Kind.POINTS, Decimal("5"), guidance="+84 912 345 678")]
    content = criteria_workbook(rows)
    sheet = openpyxl.load_workbook(io.BytesIO(content))["Tiêu chí"]
    assert (sheet["B2"].data_type, sheet["B2"].quotePrefix) == ("s", True)
    assert (sheet["G2"].data_type, sheet["G2"].quotePrefix) == ("s", True)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")
    parsed, problems = parse_criteria(io.BytesIO(content))
    assert problems == []
    assert parsed[0].title == title


def test_a_renamed_column_is_named_in_the_message():
    headers = [*HEADERS[:6], "Hướng dẫn chấm"]
    problems = problems_of(GOOD_ROWS, headers=headers)
    assert (1, "", problems[0][2]) == problems[0]
    assert "“Hướng dẫn”" in problems[0][2]
    assert problems[1][:2] == (1, "G")
    assert "Hướng dẫn chấm" in problems[1][2]


def test_a_missing_column_is_named_in_the_message():
    headers = [header for header in HEADERS if header != "Điểm tối đa"]
    rows = [[value for index, value in enumerate(row) if index != 3] for row in GOOD_ROWS]
    problems = problems_of(rows, headers=headers)
    assert len(problems) == 1
    assert "“Điểm tối đa”" in problems[0][2]


def test_a_sheet_without_header_is_refused():
    assert problems_of([], headers=None)[0][0] == 1


def test_a_header_without_rows_is_refused():
    assert len(problems_of([])) == 1


def test_an_empty_code_is_reported_at_its_cell():
    rows = [*GOOD_ROWS, [None, "Không mã", "Chấm điểm", 5]]
    assert problems_of(rows) == [(5, "A", "The code is empty.")]


def test_a_duplicate_code_is_reported_at_its_cell_with_the_first_row():
    rows = [*GOOD_ROWS, ["1.1", "Lặp lại", "Chấm điểm", 5]]
    problems = problems_of(rows)
    assert [(row, column) for row, column, _message in problems] == [(5, "A")]
    assert "1.1" in problems[0][2]
    assert "3" in problems[0][2]


def test_an_unknown_kind_is_reported_at_its_cell():
    rows = [*GOOD_ROWS, ["1.3", "Loại lạ", "Điểm khuyến khích", 5]]
    problems = problems_of(rows)
    assert [(row, column) for row, column, _message in problems] == [(5, "C")]
    assert "Điểm khuyến khích" in problems[0][2]


@pytest.mark.parametrize("value", ["mười", "10 điểm", "-", True])
def test_text_in_a_number_column_is_reported_at_its_cell(value):
    rows = [*GOOD_ROWS, ["1.3", "Chữ thay số", "Chấm điểm", value]]
    assert [(row, column) for row, column, _message in problems_of(rows)] == [(5, "D")]


def test_a_negative_number_is_reported_at_its_cell():
    rows = [*GOOD_ROWS, ["1.3", "Âm", "Chấm điểm", -5]]
    assert [(row, column) for row, column, _message in problems_of(rows)] == [(5, "D")]


def test_more_than_two_decimals_is_reported():
    rows = [*GOOD_ROWS, ["1.3", "Lẻ", "Chấm điểm", 1.125]]
    assert [(row, column) for row, column, _message in problems_of(rows)] == [(5, "D")]


def test_per_occurrence_without_its_points_is_reported_at_its_cell():
    rows = [*GOOD_ROWS, ["1.3", "Theo lần", "Điểm theo lần", 6, None]]
    assert [(row, column) for row, column, _message in problems_of(rows)] == [(5, "E")]


def test_a_code_whose_group_is_missing_is_reported_at_its_cell():
    rows = [*GOOD_ROWS, ["2.1", "Mồ côi", "Chấm điểm", 5]]
    problems = problems_of(rows)
    assert [(row, column) for row, column, _message in problems] == [(5, "A")]
    assert "2" in problems[0][2]


def test_a_group_that_comes_after_its_criteria_is_reported():
    rows = [["1.1", "Con", "Chấm điểm", 5], ["1", "Nhóm", "Nhóm tiêu chí", 5]]
    problems = problems_of(rows)
    assert [(row, column) for row, column, _message in problems] == [(2, "A")]
    assert "3" in problems[0][2]


def test_a_criterion_inside_a_criterion_that_is_not_a_group_is_reported():
    rows = [*GOOD_ROWS, ["1.1.a", "Con của tiêu chí", "Chấm điểm", 5]]
    assert [(row, column) for row, column, _message in problems_of(rows)] == [(5, "A")]


def test_an_unreadable_evidence_flag_and_an_empty_title_are_reported():
    rows = [*GOOD_ROWS, ["1.3", None, "Chấm điểm", 5, None, "tùy"]]
    assert [(row, column) for row, column, _message in problems_of(rows)] == [(5, "B"), (5, "F")]


def test_every_problem_of_a_file_is_listed_in_row_order():
    rows = [
        ["1", "Nhóm", "Nhóm tiêu chí", "hai mươi"],
        ["1.1", "Tiêu chí", "Không rõ", 5],
        ["1.1", "Trùng", "Chấm điểm", 5],
        ["9.1", "Mồ côi", "Chấm điểm", -1],
        ["1.2", "Theo lần", "per_occurrence", 4],
    ]
    cells = [(row, column) for row, column, _message in problems_of(rows)]
    assert cells == [(2, "D"), (3, "C"), (4, "A"), (5, "A"), (5, "D"), (6, "E")]


def test_a_bad_row_does_not_make_its_criteria_look_orphaned():
    rows = [["1", "Nhóm", "Nhóm tiêu chí", "x"], ["1.1", "Tiêu chí", "Chấm điểm", 5]]
    assert [(row, column) for row, column, _message in problems_of(rows)] == [(2, "D")]


def test_a_workbook_broken_inside_is_reported_not_a_crash():
    good = io.BytesIO(criteria_workbook(CRITERIA))
    broken = io.BytesIO()
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet1"):
                data = data[: len(data) // 2]  # the sheet's XML cut in half
            target.writestr(item, data)
    broken.seek(0)
    broken.name = "tieu-chi.xlsx"
    with translation.override("en"):
        rows, problems = parse_criteria(broken)
    assert rows == []
    assert "cannot be read" in problems[0].message

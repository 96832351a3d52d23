"""Writing criteria to a workbook (and the blank template with its guide)."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.datavalidation import DataValidation

from emulation.workbooks import number_cell, set_column_widths, style_header, workbook_bytes

from ..criteria_tree import CriterionData
from .columns import (
    COLUMNS,
    CRITERIA_SHEET,
    EXAMPLE_ROWS,
    GUIDE_SHEET,
    KIND_LABELS,
    KIND_MEANINGS,
    MAX_ROWS,
    NO,
    YES,
    Kind,
)

# Writing -----------------------------------------------------------------------------------


def criteria_workbook(rows: list[CriterionData], *, rows_to_format: int = 0) -> bytes:
    """The criteria as an .xlsx file. `rows_to_format` keeps that many rows' codes as text
    (for the template, where people type codes such as 1.10 that Excel would make numbers)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = CRITERIA_SHEET
    sheet.append([header for header, _width in COLUMNS.values()])
    for row in rows:
        sheet.append(
            [
                row.code,
                row.title,
                KIND_LABELS.get(row.kind, row.kind),
                number_cell(row.max_points),
                number_cell(row.points_per_occurrence) if row.kind == Kind.PER_OCCURRENCE else None,
                YES if row.evidence_required else NO,
                row.guidance,
            ]
        )
        line = sheet.max_row
        sheet.cell(line, 1).number_format = "@"
        sheet.cell(line, 2).alignment = Alignment(indent=row.code.count("."), wrap_text=True)
        sheet.cell(line, 7).alignment = Alignment(wrap_text=True)
        if row.kind == Kind.GROUP:
            for column in (1, 2):
                sheet.cell(line, column).font = Font(bold=True)
    for line in range(len(rows) + 2, rows_to_format + 2):
        sheet.cell(line, 1).number_format = "@"

    style_header(sheet, 1)
    sheet.freeze_panes = "A2"
    set_column_widths(sheet, (width for _header, width in COLUMNS.values()))

    last = MAX_ROWS + 1
    kinds = DataValidation(
        type="list",
        formula1='"{}"'.format(",".join(KIND_LABELS.values())),
        allow_blank=True,
        showErrorMessage=False,
    )
    kinds.add(f"C2:C{last}")
    evidence = DataValidation(
        type="list", formula1=f'"{YES},{NO}"', allow_blank=True, showErrorMessage=False
    )
    evidence.add(f"F2:F{last}")
    sheet.add_data_validation(kinds)
    sheet.add_data_validation(evidence)

    _write_guide(workbook.create_sheet(GUIDE_SHEET))
    return workbook_bytes(workbook)


def criteria_template() -> bytes:
    return criteria_workbook(EXAMPLE_ROWS, rows_to_format=200)


GUIDE_COLUMNS = [
    (
        "Mã",
        "Bắt buộc, không trùng. Tiêu chí con ghi mã của nhóm, dấu chấm, rồi số thứ tự: 1, 1.1, "
        "1.1.a. Nhóm phải có trong bảng và đứng trước các tiêu chí của nó.",
    ),
    ("Tên tiêu chí", "Bắt buộc."),
    ("Loại", "Một trong các loại ở bảng dưới: ghi tên loại hoặc mã loại trong ngoặc."),
    ("Điểm tối đa", "Bắt buộc: một số không âm, tối đa hai chữ số thập phân (2,5 hoặc 2.5)."),
    ("Điểm mỗi lần", "Chỉ dùng cho loại “Điểm theo lần”, và khi đó là bắt buộc."),
    ("Bắt buộc minh chứng", "“Có” hoặc “Không” (để trống là Không)."),
    ("Hướng dẫn", "Cách chấm, tài liệu cần nộp… (không bắt buộc)."),
]
GUIDE_NOTE = (
    "Giữ nguyên tên các cột ở dòng đầu tiên của trang “Tiêu chí”. Nếu tệp có lỗi, hệ thống liệt "
    "kê từng dòng, từng ô sai và không lưu gì cho đến khi sửa hết."
)


def _write_guide(sheet) -> None:
    """The second sheet: what goes in each column, and the kinds."""
    sheet.append(["Cách điền bảng tiêu chí chấm điểm"])
    sheet["A1"].font = Font(bold=True, size=13)
    for heading, lines in (
        (("Cột", "Nội dung"), GUIDE_COLUMNS),
        (
            ("Loại", "Ý nghĩa"),
            [(f"{KIND_LABELS[kind]} ({kind.value})", KIND_MEANINGS[kind]) for kind in Kind],
        ),
        (("Lưu ý", ""), [("", GUIDE_NOTE)]),
    ):
        sheet.append([])
        sheet.append(heading)
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
        for line in lines:
            sheet.append(line)
            first, second = sheet[sheet.max_row]
            first.alignment = Alignment(vertical="top")
            second.alignment = Alignment(vertical="top", wrap_text=True)
    sheet.column_dimensions["A"].width = 32
    sheet.column_dimensions["B"].width = 90

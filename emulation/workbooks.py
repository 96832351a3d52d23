"""What every workbook the application writes shares: number cells, a styled table, and
text that Excel never takes for a formula (`workbook_bytes`, the one way a workbook is saved)."""

from __future__ import annotations

import io
from collections.abc import Iterable
from decimal import Decimal

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook


def number_cell(value: Decimal | None) -> int | float | None:
    """A number cell: whole numbers as integers, the rest as floats (two decimals at most)."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def style_header(sheet, header_row: int) -> None:
    """Bold header cells on a tinted fill, wrapped and centred vertically."""
    header_fill = PatternFill("solid", fgColor="DDE4EE")
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.alignment = Alignment(vertical="center", wrap_text=True)


def set_column_widths(sheet, widths: Iterable[int]) -> None:
    """The widths of the sheet's columns, from the first one."""
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def style_table(sheet, header_row: int, widths: list[int]) -> None:
    """Bold header on a tinted fill, two decimals in the number cells, column widths."""
    style_header(sheet, header_row)
    for row in sheet.iter_rows(min_row=header_row + 1):
        for cell in row:
            if isinstance(cell.value, int | float) and not isinstance(cell.value, bool):
                cell.number_format = "0" if isinstance(cell.value, int) else "0.00"
    set_column_widths(sheet, widths)


# Text that Excel would take for a formula ------------------------------------------------
#
# What users typed (a criterion's title, an agency's name, an explanation) ends up in cells
# that members download. A text that begins with `=`, `+`, `-`, `@`, a tab or a carriage
# return is what Excel and LibreOffice take for a formula (`=HYPERLINK("http://…","Xem")`),
# now or when someone edits the cell. Every workbook the application writes goes out through
# `workbook_bytes`, which writes such a cell as text with the quote prefix (what typing an
# apostrophe first does in Excel): it shows and reads back exactly as typed, never evaluated.

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def neutralise(workbook: Workbook) -> None:
    """Make every formula-like text cell of `workbook` plain, prefixed text."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if is_formula_like(cell.value):
                    cell.data_type = "s"
                    cell.quotePrefix = True


def workbook_bytes(workbook: Workbook) -> bytes:
    """The .xlsx file of `workbook`, its text cells made safe first."""
    neutralise(workbook)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()

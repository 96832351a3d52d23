"""What every workbook the application writes shares: number cells and a styled table."""

from __future__ import annotations

from decimal import Decimal

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter


def number_cell(value: Decimal | None) -> int | float | None:
    """A number cell: whole numbers as integers, the rest as floats (two decimals at most)."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def style_table(sheet, header_row: int, widths: list[int]) -> None:
    """Bold header on a tinted fill, two decimals in the number cells, column widths."""
    header_fill = PatternFill("solid", fgColor="DDE4EE")
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    for row in sheet.iter_rows(min_row=header_row + 1):
        for cell in row:
            if isinstance(cell.value, int | float) and not isinstance(cell.value, bool):
                cell.number_format = "0" if isinstance(cell.value, int) else "0.00"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width

"""A score in a workbook cell, out and back in: what the member's self-assessment workbook and
the secretariat's review workbook write and read alike."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Protocol

from django.utils.translation import gettext as _

from emulation.numbers import NumberError, parse_number
from emulation.workbooks import number_cell

from .models import Criterion
from .spreadsheets import Problem

PASS, FAIL = "Đạt", "Không đạt"  # a pass/fail criterion's two answers, in the cell


class Scored(Protocol):
    """A criterion, or its scoring rule: what reading a score needs."""

    kind: str
    max_points: Decimal


def score_cell(criterion: Criterion, value: Decimal | None) -> str | int | float | None:
    """A score in its cell: “Đạt”/“Không đạt” for a pass/fail criterion, else the number."""
    if criterion.kind == Criterion.Kind.PASS_FAIL and value is not None:
        return PASS if value and value == criterion.max_points else FAIL
    return number_cell(value)


def cell_text(value) -> str:
    """What a cell holds, as text: a whole float without its “.0”, trimmed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def read_score(value, scored: Scored) -> tuple[Decimal | None, str]:
    """The score a cell holds, or None and the reason it cannot be read; empty is None."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, ""
    if scored.kind == Criterion.Kind.PASS_FAIL:
        answer = cell_text(value).casefold()
        if answer in (PASS.casefold(), FAIL.casefold()):
            return (scored.max_points if answer == PASS.casefold() else Decimal(0)), ""
        return None, _("Answer “%(yes)s” or “%(no)s”, not “%(value)s”.") % {
            "yes": PASS,
            "no": FAIL,
            "value": cell_text(value),
        }
    try:
        number = parse_number(value)
    except NumberError as error:
        return None, _("“%(value)s”: %(error)s") % {"value": cell_text(value), "error": error}
    if abs(number) >= Decimal("1e12"):
        return None, _("The number is too large.")
    if number != number.quantize(Decimal("0.01")):
        return None, _("Use at most two decimals.")
    return number, ""


def data_rows(
    lines: Iterable[tuple[int, Sequence]], *, header_row: int, columns: Sequence[tuple[str, int]]
) -> tuple[list[tuple[int, Sequence]], Problem | None]:
    """The filled rows under the header row, as (row number, values); a changed header row
    (`columns`: header, width) is a problem instead, as the columns are read by their place."""
    rows = []
    for number, values in lines:
        if number == header_row:
            if [cell_text(value) for value in values] != [header for header, _width in columns]:
                message = _(
                    "The header row (row %(row)s) was changed: keep the columns %(columns)s."
                ) % {"row": header_row, "columns": ", ".join(h for h, _width in columns)}
                return [], Problem(header_row, "", message)
        elif number > header_row and any(cell_text(value) for value in values):
            rows.append((number, values))
    return rows, None

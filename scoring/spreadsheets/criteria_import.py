"""Reading criteria from a workbook, every problem named by its cell."""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from typing import IO

from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl.utils import get_column_letter

from emulation.numbers import NumberError, parse_number
from emulation.office_files import OfficeFileError, open_workbook, sheet_rows, visible_sheet

from ..codes import CODE_RE, normalise_code
from ..criteria_tree import CriterionData, check_criteria, parent_code
from .columns import (
    COLUMN_BY_HEADER,
    COLUMNS,
    CRITERIA_SHEET,
    KIND_ALIASES,
    KIND_LABELS,
    MAX_COLUMNS,
    MAX_NUMBER,
    MAX_PROBLEMS,
    MAX_ROWS,
    NO,
    NO_WORDS,
    YES,
    YES_WORDS,
    Kind,
    Problem,
    _key,
)

# Reading -----------------------------------------------------------------------------------


def parse_criteria(file: IO[bytes]) -> tuple[list[CriterionData], list[Problem]]:
    """The criteria of an uploaded workbook, and every problem found (empty when it is sound).

    The file is bounded before it is read (emulation.office_files); the sheet read is named
    in every problem."""
    try:
        with open_workbook(file) as workbook:
            sheet = visible_sheet(workbook, CRITERIA_SHEET)
            lines = sheet_rows(sheet, max_rows=MAX_ROWS + 1, max_columns=MAX_COLUMNS)
            rows, problems = _read_sheet(lines)
            return rows, [problem._replace(sheet=sheet.title) for problem in problems]
    except OfficeFileError as error:
        return [], [Problem(0, "", str(error))]


def _read_sheet(lines) -> tuple[list[CriterionData], list[Problem]]:
    _number, header = next(lines, (1, None))
    if header is None or not any(_text(value) for value in header):
        return [], [Problem(1, "", _("The sheet has no header row: start from the template."))]
    columns, problems = _read_header(header)
    if problems:
        return [], problems

    rows: list[CriterionData] = []
    numbers: list[int] = []
    codes: list[tuple[int, str, str | None]] = []  # every row with a code: (row, code, kind)
    kinds = _kind_lookup()
    for number, values in lines:
        if not any(_text(value) for value in values):
            continue
        cells = {
            name: values[index] if index < len(values) else None for name, index in columns.items()
        }
        row, row_problems = _read_row(number, cells, columns, kinds)
        problems.extend(row_problems)
        code = normalise_code(_text(cells["code"]))
        if code and not any(p.column == _letter(columns, "code") for p in row_problems):
            codes.append((number, code, kinds.get(_key(_text(cells["kind"])))))
        if row is not None:
            rows.append(row)
            numbers.append(number)
    if not codes and not problems:
        problems.append(Problem(0, "", _("The file has no criteria under the header row.")))
    problems.extend(_tree_problems(codes, _letter(columns, "code")))
    if not problems:  # the services' own rules, in case they ever say more than ours
        problems.extend(
            Problem(numbers[index], "", message) for index, message in check_criteria(rows)
        )
    problems.sort(key=lambda problem: (problem.row, problem.column))
    return ([] if problems else rows), first_problems(problems)


def first_problems(problems: list[Problem]) -> list[Problem]:
    """The first MAX_PROBLEMS problems, then one line that counts the others."""
    if len(problems) <= MAX_PROBLEMS:
        return problems
    rest = len(problems) - MAX_PROBLEMS
    message = ngettext(
        "…and %(count)s more problem, not listed: correct the ones above first.",
        "…and %(count)s more problems, not listed: correct the ones above first.",
        rest,
    ) % {"count": number_format(rest, force_grouping=True)}
    return [*problems[:MAX_PROBLEMS], Problem(0, "", message)]


def _letter(columns: dict[str, int], name: str) -> str:
    return get_column_letter(columns[name] + 1)


def _kind_lookup() -> dict[str, str]:
    """Kind by what people write: the key, the Vietnamese label, the page's or English label."""
    lookup = {_key(text): kind for text, kind in KIND_ALIASES.items()}
    with translation.override("en"):
        lookup |= {_key(str(kind.label)): kind for kind in Kind}
    lookup |= {_key(str(kind.label)): kind for kind in Kind}
    lookup |= {_key(KIND_LABELS[kind]): kind for kind in Kind}
    lookup |= {_key(kind.value): kind for kind in Kind}
    return lookup


def _read_header(header: tuple) -> tuple[dict[str, int], list[Problem]]:
    found: dict[str, int] = {}
    unknown: list[Problem] = []
    problems: list[Problem] = []
    for index, value in enumerate(header):
        text = _text(value)
        if not text:
            continue
        letter = get_column_letter(index + 1)
        name = COLUMN_BY_HEADER.get(_key(text))
        if name is None:
            message = _("The column “%(header)s” is not one of the expected columns.") % {
                "header": text
            }
            unknown.append(Problem(1, letter, message))
        elif name in found:
            message = _("The column “%(header)s” appears twice.") % {"header": text}
            problems.append(Problem(1, letter, message))
        else:
            found[name] = index
    missing = [header for name, (header, _width) in COLUMNS.items() if name not in found]
    if missing:
        message = _(
            "The header row lacks the column(s) %(missing)s. The first row must hold: %(expected)s."
        ) % {
            "missing": ", ".join(f"“{header}”" for header in missing),
            "expected": ", ".join(header for header, _width in COLUMNS.values()),
        }
        # An unexpected header beside a missing one is most likely the missing one renamed.
        problems = [Problem(1, "", message), *unknown, *problems]
    return found, problems


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFC", str(value)).strip()


def _read_row(
    number: int, cells: dict, columns: dict[str, int], kinds: dict[str, str]
) -> tuple[CriterionData | None, list[Problem]]:
    problems: list[Problem] = []

    def problem(column: str, message: str) -> None:
        problems.append(Problem(number, _letter(columns, column), message))

    code = normalise_code(_text(cells["code"]))
    if not code:
        problem("code", _("The code is empty."))
    elif len(code) > 20 or not CODE_RE.fullmatch(code):
        problem(
            "code",
            _(
                "“%(code)s” is not a code like 1, 1.1 or 1.1.a: letters without accents and "
                "digits, parts joined by dots, at most 20 characters."
            )
            % {"code": code},
        )
    title = _text(cells["title"])
    if not title:
        problem("title", _("The title is empty."))
    elif len(title) > 500:
        problem("title", _("The title is longer than 500 characters."))

    kind_text = _text(cells["kind"])
    kind = kinds.get(_key(kind_text))
    if not kind_text:
        problem("kind", _("The kind is empty."))
    elif kind is None:
        problem(
            "kind",
            _("“%(kind)s” is not a kind. Use one of: %(kinds)s.")
            % {"kind": kind_text, "kinds": ", ".join(KIND_LABELS.values())},
        )

    max_points, message = _decimal(cells["max_points"], required=True)
    if message:
        problem("max_points", message)
    per_occurrence = None
    if kind == Kind.PER_OCCURRENCE:
        per_occurrence, message = _decimal(cells["points_per_occurrence"], required=False)
        if message:
            problem("points_per_occurrence", message)
        elif not per_occurrence:
            problem(
                "points_per_occurrence",
                _("Points per occurrence: give the points each occurrence is worth (above 0)."),
            )

    evidence = _key(_text(cells["evidence_required"]))
    if evidence not in YES_WORDS | NO_WORDS:
        problem(
            "evidence_required",
            _("Write “%(yes)s” or “%(no)s”, not “%(value)s”.")
            % {"yes": YES, "no": NO, "value": _text(cells["evidence_required"])},
        )
    if problems:
        return None, problems
    return (
        CriterionData(
            code=code,
            title=title,
            kind=kind,
            max_points=max_points,
            points_per_occurrence=per_occurrence,
            evidence_required=evidence in YES_WORDS,
            guidance=_text(cells["guidance"]),
        ),
        [],
    )


def _decimal(value, *, required: bool) -> tuple[Decimal | None, str]:
    """A non-negative number with at most two decimals, from a number or a text cell read
    the Vietnamese way (emulation.numbers)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, _("Enter a number.") if required else ""
    try:
        number = parse_number(value)
    except NumberError as error:
        return None, _("“%(value)s”: %(error)s") % {"value": value, "error": error}
    if not number.is_finite():
        return None, _("“%(value)s” is not a number.") % {"value": value}
    if number < 0:
        return None, _("The number cannot be negative.")
    if number > MAX_NUMBER:
        return None, _("The number is too large (at most %(max)s).") % {"max": MAX_NUMBER}
    if number != number.quantize(Decimal("0.01")):
        return None, _("Use at most two decimals.")
    return number, ""


def _tree_problems(codes: list[tuple[int, str, str | None]], column: str) -> list[Problem]:
    """Duplicate codes, and codes whose group is missing, comes later or is not a group."""
    problems = []
    first_row = {}
    for number, code, _kind in codes:
        first_row.setdefault(code, number)
    seen: dict[str, str | None] = {}  # code → kind, of the rows above
    for number, code, kind in codes:
        if code in seen:
            message = _("The code %(code)s appears twice (also in row %(row)s).") % {
                "code": code,
                "row": first_row[code],
            }
            problems.append(Problem(number, column, message))
            continue
        parent = parent_code(code)
        if parent and parent not in seen:
            if parent in first_row:
                message = _("Its group %(parent)s comes later (row %(row)s): put it first.") % {
                    "parent": parent,
                    "row": first_row[parent],
                }
            else:
                message = _("Its group %(parent)s is not in the list.") % {"parent": parent}
            problems.append(Problem(number, column, message))
        elif parent and seen[parent] not in (Kind.GROUP, None):
            message = _("%(parent)s is not a group: it cannot contain %(code)s.") % {
                "parent": parent,
                "code": code,
            }
            problems.append(Problem(number, column, message))
        seen[code] = kind
    return problems

"""A member's self-assessment as a workbook, out and back in.

The member downloads its assessment (`self_assessment_workbook`), fills it offline and uploads
it; `read_self_assessment` reads it back into the entries the self-assessment service takes,
and `changes` says what they would change (criterion, before → after) for the preview.

Sheet “Tự chấm điểm”: a title, then one row per group or criterion under a header row

    Mã | Tiêu chí | Loại | Điểm tối đa | Điểm mỗi lần | Hướng dẫn | Chỉ tiêu | Tự chấm | Giải trình

where the member fills the last three columns (Chỉ tiêu for the quantitative criteria only;
“Đạt” or “Không đạt” for a pass/fail). Sheet “Thông tin”: which assessment the file is, the
criteria version and the assessment's revision it was made from. A file for another member,
period or criteria version is refused, and so is one made from an older revision: the
member sees what it would change and downloads the current one. Like the criteria workbook,
the headers are fixed Vietnamese; the problems go through gettext and name sheet, row, cell.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import IO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from emulation.office_files import OfficeFileError, open_workbook, sheet_rows, visible_sheet
from emulation.workbooks import number_cell, set_column_widths, style_header, workbook_bytes

from .calculation import Rule, shown, value_error
from .codes import normalise_code
from .models import Assessment, Criterion, Score
from .score_cells import (
    FAIL,
    PASS,
    cell_text,
    data_rows,
    read_score,
    score_cell,
)
from .services import Entered
from .spreadsheets import KIND_LABELS, Problem, first_problems

Kind = Criterion.Kind

SELF_SHEET = "Tự chấm điểm"
INFO_SHEET = "Thông tin"
HEADER_ROW = 4  # rows 1–3: title, member and version, blank
COLUMNS = [
    ("Mã", 9),
    ("Tiêu chí", 50),
    ("Loại", 16),
    ("Điểm tối đa", 11),
    ("Điểm mỗi lần", 11),
    ("Hướng dẫn", 40),
    ("Chỉ tiêu", 11),
    ("Tự chấm", 12),
    ("Giải trình", 50),
]
CODE, TARGET, VALUE, NOTE = 0, 6, 7, 8  # where the columns read back are
NOTE_MAX = 5000  # characters of an explanation in one cell
MAX_ROWS = 2000 + HEADER_ROW
INFO_KEYS = {
    "assessment": "Mã bảng tự chấm",
    "member": "Đơn vị",
    "year": "Năm",
    "period": "Kỳ",
    "version": "Phiên bản tiêu chí",
    "revision": "Lần cập nhật",
}
FILL = PatternFill("solid", fgColor="FFF6D5")  # the cells the member fills


def self_assessment_workbook(assessment: Assessment, scores: list[Score]) -> bytes:
    """The assessment as an .xlsx file; `scores` are its scores with their criteria, in the
    order of the criteria (groups come from the criteria set)."""
    membership = assessment.membership
    cluster_year = membership.cluster_year
    criteria = list(assessment.criteria_set.criteria.order_by("position"))
    by_criterion = {score.criterion_id: score for score in scores}
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SELF_SHEET
    sheet.append([f"TỰ CHẤM ĐIỂM THI ĐUA NĂM {cluster_year.year}"])
    sheet.append(
        [
            f"{membership.agency.name} · {cluster_year.cluster.title} · "
            f"{assessment.get_period_display()} · tiêu chí phiên bản "
            f"{assessment.criteria_set.version}"
        ]
    )
    sheet.append([])
    sheet.append([header for header, _width in COLUMNS])
    passes = DataValidation(type="list", formula1=f'"{PASS},{FAIL}"', allow_blank=True)
    for line, criterion in enumerate(criteria, start=HEADER_ROW + 1):
        score = by_criterion.get(criterion.pk)
        per = criterion.points_per_occurrence if criterion.kind == Kind.PER_OCCURRENCE else None
        sheet.append(
            [
                criterion.code,
                criterion.title,
                KIND_LABELS.get(criterion.kind, criterion.kind),
                number_cell(criterion.max_points),
                number_cell(per),
                criterion.guidance,
                number_cell(score.target)
                if score and criterion.kind == Kind.QUANTITATIVE
                else None,
                score_cell(criterion, score.self_value) if score else None,
                score.self_note if score else None,
            ]
        )
        sheet.cell(line, CODE + 1).number_format = "@"
        sheet.cell(line, 2).alignment = Alignment(indent=criterion.depth, wrap_text=True)
        sheet.cell(line, 6).alignment = Alignment(wrap_text=True, vertical="top")
        if criterion.is_group:
            for cell in sheet[line]:
                cell.font = Font(bold=True)
            continue
        for column in (VALUE, NOTE) + ((TARGET,) if criterion.kind == Kind.QUANTITATIVE else ()):
            sheet.cell(line, column + 1).fill = FILL
        sheet.cell(line, NOTE + 1).alignment = Alignment(wrap_text=True, vertical="top")
        if criterion.kind == Kind.PASS_FAIL:
            passes.add(sheet.cell(line, VALUE + 1))
    sheet.add_data_validation(passes)
    style_header(sheet, HEADER_ROW)
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.freeze_panes = sheet.cell(HEADER_ROW + 1, 3)
    set_column_widths(sheet, (width for _header, width in COLUMNS))

    info = workbook.create_sheet(INFO_SHEET)
    info.append(["Giữ nguyên trang này: hệ thống dùng nó để nhận ra bảng tự chấm."])
    info["A1"].font = Font(italic=True)
    for key, value in (
        ("assessment", assessment.pk),
        ("member", membership.agency.name),
        ("year", cluster_year.year),
        ("period", assessment.period),
        ("version", assessment.criteria_set.version),
        ("revision", assessment.revision),
    ):
        info.append([INFO_KEYS[key], value])
    info.column_dimensions["A"].width = 24
    info.column_dimensions["B"].width = 50
    return workbook_bytes(workbook)


# Reading -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SelfSheet:
    """What an uploaded self-assessment holds: the entries by criterion id, the revision it
    was made from, and every problem found (nothing is to be saved unless it is empty)."""

    entries: dict[int, Entered]
    revision: int | None
    problems: list[Problem]


@dataclass(frozen=True)
class Change:
    criterion: Criterion
    before: str
    after: str


def _info(workbook) -> dict[str, str]:
    """The “Thông tin” sheet as key → text; empty when it is missing."""
    if INFO_SHEET not in workbook.sheetnames:
        return {}
    keys = {label: key for key, label in INFO_KEYS.items()}
    found = {}
    for _row, values in sheet_rows(workbook[INFO_SHEET], max_rows=20, max_columns=2):
        key = keys.get(cell_text(values[0]))
        if key:
            found[key] = cell_text(values[1])
    return found


def _identity_problems(assessment: Assessment, info: dict[str, str]) -> list[Problem]:
    """A file for another assessment or criteria version is refused, whole."""
    if not info.get("assessment"):
        message = _(
            "The sheet “%(sheet)s” is missing or changed: download the self-assessment "
            "workbook again and fill that one."
        ) % {"sheet": INFO_SHEET}
        return [Problem(0, "", message, INFO_SHEET)]
    if info["assessment"] != str(assessment.pk) or info.get("period") != assessment.period:
        message = _(
            "This file is the self-assessment of %(member)s for %(year)s, not this one: "
            "download this assessment's workbook."
        ) % {"member": info.get("member") or "?", "year": info.get("year") or "?"}
        return [Problem(0, "", message, INFO_SHEET)]
    if info.get("version") != str(assessment.criteria_set.version):
        message = _(
            "This file was made for version %(file)s of the criteria; the assessment is on "
            "version %(current)s. Download the workbook again."
        ) % {"file": info.get("version") or "?", "current": assessment.criteria_set.version}
        return [Problem(0, "", message, INFO_SHEET)]
    return []


def read_self_assessment(assessment: Assessment, scores: list[Score], file: IO[bytes]) -> SelfSheet:
    """The entries of an uploaded self-assessment workbook for `assessment`, matched to its
    `scores` (with their criteria) by code. The criteria are fetched before the file is
    opened: no query runs while the file is read (under its time bound)."""
    criteria = {criterion.code: criterion for criterion in assessment.criteria_set.criteria.all()}
    try:
        with open_workbook(file) as workbook:
            sheet = visible_sheet(workbook, SELF_SHEET)
            info = _info(workbook)
            problems = _identity_problems(assessment, info)
            if problems or not info.get("revision", "").isdigit():
                return SelfSheet({}, None, problems or _identity_problems(assessment, {}))
            lines = sheet_rows(sheet, max_rows=MAX_ROWS, max_columns=len(COLUMNS))
            entries, problems = _read_rows(criteria, scores, lines)
    except OfficeFileError as error:
        return SelfSheet({}, None, [Problem(0, "", str(error))])
    problems = [problem._replace(sheet=sheet.title) for problem in problems]
    return SelfSheet({} if problems else entries, int(info["revision"]), first_problems(problems))


def _read_rows(
    criteria: dict[str, Criterion], scores: list[Score], lines
) -> tuple[dict, list[Problem]]:
    by_criterion = {score.criterion_id: score for score in scores}
    entries: dict[int, Entered] = {}
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    rows, changed_header = data_rows(lines, header_row=HEADER_ROW, columns=COLUMNS)
    if changed_header:
        return {}, [changed_header]
    for number, values in rows:

        def problem(column: int, message: str, row: int = number) -> None:
            problems.append(Problem(row, get_column_letter(column + 1), message))

        code = normalise_code(cell_text(values[CODE]))
        criterion = criteria.get(code)
        if criterion is None:
            problem(CODE, _("“%(code)s” is not a criterion of this assessment.") % {"code": code})
            continue
        if code in seen:
            problem(
                CODE,
                _("The code %(code)s appears twice (also in row %(row)s).")
                % {"code": code, "row": seen[code]},
            )
            continue
        seen[code] = number
        filled = [cell_text(values[column]) for column in (TARGET, VALUE, NOTE)]
        if criterion.is_group:
            if any(filled):
                problem(VALUE, _("%(code)s is a group: it takes no value.") % {"code": code})
            continue
        score = by_criterion.get(criterion.pk)
        if score is None:  # the service makes a score for every criterion: never in practice
            problem(CODE, _("“%(code)s” is not a criterion of this assessment.") % {"code": code})
            continue
        rule = Rule.of(criterion)
        value, message = read_score(values[VALUE], rule)
        if message:
            problem(VALUE, message)
        target = score.target
        if criterion.kind == Kind.QUANTITATIVE:
            target, target_message = read_score(values[TARGET], rule)
            if target_message:
                problem(TARGET, target_message)
                message = message or target_message
        elif filled[0]:
            problem(TARGET, _("Only a quantitative criterion takes a target."))
            message = message or "target"
        note = cell_text(values[NOTE])
        if len(note) > NOTE_MAX:
            problem(
                NOTE,
                _("The explanation is longer than %(limit)s characters.") % {"limit": NOTE_MAX},
            )
            message = message or "note"
        if not message:
            refused = value_error(rule, value, target)
            if refused:
                problem(VALUE, refused)
                continue
            entries[criterion.pk] = Entered(value=value, text=note, target=target)
    return entries, sorted(problems, key=lambda p: (p.row, p.column))


def _shown_value(criterion: Criterion, value: Decimal | None, target: Decimal | None) -> str:
    if value is None:
        return "—"
    if criterion.kind == Kind.PASS_FAIL:
        return PASS if value == criterion.max_points and value else FAIL
    text = shown(value)
    if criterion.kind == Kind.QUANTITATIVE and target is not None:
        text = f"{text} / {shown(target)}"
    return text


def changes(scores: list[Score], entries: dict[int, Entered]) -> list[Change]:
    """What the entries would change in the self-assessment, criterion by criterion: the
    value (and target), then the explanation, each as before → after."""
    found = []
    for score in scores:
        entered = entries.get(score.criterion_id)
        if entered is None:
            continue
        criterion = score.criterion
        before = _shown_value(criterion, score.self_value, score.target)
        after = _shown_value(criterion, entered.value, entered.target)
        if before != after or score.self_value != entered.value:
            found.append(Change(criterion, before, after))
        if score.self_note.strip() != entered.text.strip():
            found.append(
                Change(criterion, score.self_note.strip() or "—", entered.text.strip() or "—")
            )
    return found


def changed_entries(scores: list[Score], entries: dict[int, Entered]) -> dict[int, Entered]:
    """Only the entries that change something: what the confirmation carries and saves."""
    by_criterion = {score.criterion_id: score for score in scores}
    return {
        criterion_id: entered
        for criterion_id, entered in entries.items()
        if (
            by_criterion[criterion_id].self_value,
            by_criterion[criterion_id].self_note.strip(),
            by_criterion[criterion_id].target,
        )
        != (entered.value, entered.text.strip(), entered.target)
    }

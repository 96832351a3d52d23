"""The secretariat's review in Excel: every member's scores of a year and period in one
workbook, stage by stage, and the reviewed values read back and saved in bulk.

Sheet “Thẩm định”: one row per member and criterion under a header row

    Mã bản chấm | Đơn vị | Mã | Tiêu chí | Loại | Điểm tối đa | Chỉ tiêu | Tự chấm | Giải trình
    | Sau giải trình | Giải trình bổ sung | Thẩm định | Nhận xét

The reviewer fills “Thẩm định” and “Nhận xét”: the reviewed score of a submitted assessment,
the final score of an explained one (the stage the review page would write). Sheet “Thông
tin”: each assessment of the file with its status and the revision it was made from.

Reading back, a row whose two columns are as exported changes nothing; a changed row of an
assessment the user may not review (its own agency, one not awaiting review) or one saved since
the file was made is refused, with sheet, row and cell. `review_apply` then writes every change
at once (bulk updates, one history entry per changed score), all or nothing.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import IO

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from clusters.models import ClusterYear, User
from emulation.errors import DomainError
from emulation.office_files import OfficeFileError, open_workbook, sheet_rows, visible_sheet
from emulation.workbooks import number_cell, set_column_widths, style_header, workbook_bytes

from .calculation import Rule, value_error
from .codes import normalise_code
from .models import SCORE_STAGE_FIELDS, Assessment, Criterion, Score
from .score_cells import (
    cell_text,
    data_rows,
    read_score,
    score_cell,
)
from .services import Entered
from .spreadsheets import KIND_LABELS, Problem, first_problems

Kind = Criterion.Kind
Status = Assessment.Status

REVIEW_SHEET = "Thẩm định"
INFO_SHEET = "Thông tin"
HEADER_ROW = 4
COLUMNS = [
    ("Mã bản chấm", 11),
    ("Đơn vị", 24),
    ("Mã", 8),
    ("Tiêu chí", 44),
    ("Loại", 15),
    ("Điểm tối đa", 10),
    ("Chỉ tiêu", 10),
    ("Tự chấm", 10),
    ("Giải trình", 30),
    ("Sau giải trình", 12),
    ("Giải trình bổ sung", 30),
    ("Thẩm định", 11),
    ("Nhận xét", 36),
]
ASSESSMENT, CODE, VALUE, COMMENT = 0, 2, 11, 12
COMMENT_MAX = 5000
MAX_ROWS = 20_000  # 60 members × 120 criteria and their groups, with room
REVIEWABLE = (Status.SUBMITTED, Status.EXPLAINED)
BATCH = 2000  # rows of one bulk write (SQLite caps it lower, at its number of parameters)
FILL = PatternFill("solid", fgColor="FFF6D5")


def stage_of(assessment: Assessment) -> str:
    """The stage the reviewer writes: reviewed on a submission, final on an explanation."""
    return "final" if assessment.status == Status.EXPLAINED else "reviewed"


def year_scores(cluster_year: ClusterYear, period: str) -> list[Score]:
    """Every score of the year's assessments for `period`, on each assessment's own criteria
    version, with what the workbook shows: one query."""
    return list(
        Score.objects.filter(
            assessment__membership__cluster_year=cluster_year,
            assessment__period=period,
        )
        .exclude(criterion__kind=Kind.GROUP)
        .select_related("criterion", "assessment__membership__agency", "assessment__criteria_set")
        .order_by(
            "assessment__membership__agency__short_name", "assessment_id", "criterion__position"
        )
    )


def review_workbook(cluster_year: ClusterYear, period: str, scores: list[Score]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = REVIEW_SHEET
    half = " — 6 THÁNG ĐẦU NĂM" if period == Assessment.Period.MID_YEAR else ""
    sheet.append([f"THẨM ĐỊNH ĐIỂM THI ĐUA NĂM {cluster_year.year}{half}"])
    sheet.append(
        [f"{cluster_year.cluster.title} · ghi điểm thẩm định và nhận xét vào hai cột cuối"]
    )
    sheet.append([])
    sheet.append([header for header, _width in COLUMNS])
    assessments: dict[int, Assessment] = {}
    # The row is counted here: sheet.max_row looks at every cell, each time (7,200 rows: minutes).
    for line, score in enumerate(scores, start=HEADER_ROW + 1):
        assessment, criterion = score.assessment, score.criterion
        assessments[assessment.pk] = assessment
        stage = stage_of(assessment)
        sheet.append(
            [
                assessment.pk,
                assessment.membership.agency.short_name,
                criterion.code,
                criterion.title,
                KIND_LABELS.get(criterion.kind, criterion.kind),
                number_cell(criterion.max_points),
                number_cell(score.target) if criterion.kind == Kind.QUANTITATIVE else None,
                score_cell(criterion, score.self_value),
                score.self_note or None,
                score_cell(criterion, score.explained_value),
                score.explanation or None,
                score_cell(criterion, getattr(score, f"{stage}_value")),
                score.review_comment or None,
            ]
        )
        sheet.cell(line, CODE + 1).number_format = "@"
        for column in (VALUE, COMMENT):
            sheet.cell(line, column + 1).fill = FILL
    style_header(sheet, HEADER_ROW)
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.freeze_panes = sheet.cell(HEADER_ROW + 1, 4)
    set_column_widths(sheet, (width for _header, width in COLUMNS))

    info = workbook.create_sheet(INFO_SHEET)
    info.append(["Năm", cluster_year.pk, cluster_year.year])
    info.append(["Kỳ", period])
    info.append([])
    info.append(["Mã bản chấm", "Đơn vị", "Trạng thái", "Lần cập nhật"])
    for assessment in assessments.values():
        info.append(
            [
                assessment.pk,
                assessment.membership.agency.short_name,
                assessment.get_status_display(),
                assessment.revision,
            ]
        )
    for cell in info[4]:
        cell.font = Font(bold=True)
    info.column_dimensions["B"].width = 30
    info.column_dimensions["C"].width = 20
    return workbook_bytes(workbook)


# Reading -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewSheet:
    """The changed entries by assessment id (with the revision the file was made from), and
    every problem found; nothing is to be saved unless `problems` is empty."""

    changes: dict[int, tuple[int, dict[int, Entered]]]
    problems: list[Problem]


def _info(workbook, cluster_year: ClusterYear, period: str) -> tuple[dict[int, int], list]:
    """The revision of each assessment the file was made from; a problem when the file is of
    another year or period."""
    revisions: dict[int, int] = {}
    rows = list(sheet_rows(workbook[INFO_SHEET], max_rows=2000, max_columns=4))
    values = {cell_text(row[0]): row for _number, row in rows[:2]}
    year, kind = values.get("Năm"), values.get("Kỳ")
    if (
        not year
        or cell_text(year[1]) != str(cluster_year.pk)
        or not kind
        or cell_text(kind[1]) != period
    ):
        message = _(
            "This file is the review workbook of another year or period: download this one's."
        )
        return {}, [Problem(0, "", message, INFO_SHEET)]
    for _number, row in rows[4:]:
        if cell_text(row[0]).isdigit() and cell_text(row[3]).isdigit():
            revisions[int(cell_text(row[0]))] = int(cell_text(row[3]))
    return revisions, []


def read_review(
    *,
    cluster_year: ClusterYear,
    period: str,
    scores: list[Score],
    reviewable: set[int],
    file: IO[bytes],
) -> ReviewSheet:
    """The reviewed values and comments an uploaded workbook changes, checked row by row.

    `scores` are the year's (`year_scores`), `reviewable` the assessments the user may review
    now (fetched before: no query runs while the file is read)."""
    by_key = {(score.assessment_id, score.criterion.code): score for score in scores}
    try:
        with open_workbook(file) as workbook:
            sheet = visible_sheet(workbook, REVIEW_SHEET)
            if INFO_SHEET not in workbook.sheetnames:
                message = _(
                    "The sheet “%(sheet)s” is missing or changed: download the workbook again."
                ) % {"sheet": INFO_SHEET}
                return ReviewSheet({}, [Problem(0, "", message, INFO_SHEET)])
            revisions, problems = _info(workbook, cluster_year, period)
            if problems:
                return ReviewSheet({}, problems)
            lines = sheet_rows(sheet, max_rows=MAX_ROWS, max_columns=len(COLUMNS))
            changes, problems = _read_rows(lines, by_key, reviewable, revisions)
    except OfficeFileError as error:
        return ReviewSheet({}, [Problem(0, "", str(error))])
    problems = [problem._replace(sheet=sheet.title) for problem in problems]
    return ReviewSheet({} if problems else changes, first_problems(problems))


def _read_rows(lines, by_key, reviewable, revisions) -> tuple[dict, list[Problem]]:
    changes: dict[int, tuple[int, dict[int, Entered]]] = {}
    problems: list[Problem] = []
    seen: dict[tuple[int, str], int] = {}
    rows, changed_header = data_rows(lines, header_row=HEADER_ROW, columns=COLUMNS)
    if changed_header:
        return {}, [changed_header]
    for number, values in rows:

        def problem(column: int, message: str, row: int = number) -> None:
            problems.append(Problem(row, get_column_letter(column + 1), message))

        key = (
            int(cell_text(values[ASSESSMENT])) if cell_text(values[ASSESSMENT]).isdigit() else 0,
            normalise_code(cell_text(values[CODE])),
        )
        score = by_key.get(key)
        if score is None:
            problem(
                CODE,
                _("This row names no criterion of a member's assessment of this year: %(code)s.")
                % {"code": key[1]},
            )
            continue
        if key in seen:
            problem(CODE, _("This row repeats row %(row)s.") % {"row": seen[key]})
            continue
        seen[key] = number
        assessment, criterion = score.assessment, score.criterion
        value, message = read_score(values[VALUE], criterion)
        if message:
            problem(VALUE, message)
            continue
        comment = cell_text(values[COMMENT])
        if len(comment) > COMMENT_MAX:
            problem(
                COMMENT,
                _("The comment is longer than %(limit)s characters.") % {"limit": COMMENT_MAX},
            )
            continue
        stage = stage_of(assessment)
        if (value, comment) == (getattr(score, f"{stage}_value"), score.review_comment.strip()):
            continue  # as exported: nothing to do, whoever may review it
        agency = assessment.membership.agency.short_name
        if assessment.pk not in reviewable:
            problem(
                VALUE,
                _("You may not review %(member)s (its own agency's, or another reviewer's).")
                % {"member": agency},
            )
            continue
        if assessment.status not in REVIEWABLE:
            problem(
                VALUE,
                _("%(member)s's assessment is “%(status)s”: it is not awaiting review.")
                % {"member": agency, "status": assessment.get_status_display()},
            )
            continue
        if revisions.get(assessment.pk) != assessment.revision:
            problem(
                ASSESSMENT,
                _(
                    "%(member)s's assessment was saved after this file was made: download the "
                    "workbook again."
                )
                % {"member": agency},
            )
            continue
        refused = value_error(Rule.of(criterion), value, score.target)
        if refused:
            problem(VALUE, refused)
            continue
        changes.setdefault(assessment.pk, (assessment.revision, {}))[1][criterion.pk] = Entered(
            value=value, text=comment
        )
    return changes, sorted(problems, key=lambda p: (p.row, p.column))


# Writing back: the service ----------------------------------------------------------------


@transaction.atomic
def review_apply(
    *,
    cluster_year: ClusterYear,
    changes: Mapping[int, tuple[int, Mapping[int, Entered]]],
    by: User | None,
) -> int:
    """Save reviewed (or final) values and comments of several assessments at once; the
    number of scores changed. Every assessment is locked and checked again (status, revision)
    first; nothing is written unless all pass. Bulk writes: a bounded number of queries
    whatever the number of members and criteria, and one history entry per changed score."""
    assessments = {
        assessment.pk: assessment
        for assessment in Assessment.objects.select_for_update(no_key=True, of=("self",))
        .filter(pk__in=list(changes), membership__cluster_year=cluster_year)
        .select_related("membership__agency", "membership__cluster_year")
        .order_by("pk")  # two imports lock the rows they share in the same order
    }
    errors = []
    for pk, (revision, _entries) in changes.items():
        assessment = assessments.get(pk)
        if assessment is None or assessment.status not in REVIEWABLE:
            errors.append(_("An assessment of the file is no longer awaiting review."))
        elif assessment.revision != revision:
            errors.append(
                _("%(member)s's assessment was saved after this file was made.")
                % {"member": assessment.membership.agency.short_name}
            )
    if errors:
        raise DomainError(errors)
    scores = list(
        Score.objects.filter(
            assessment_id__in=list(changes),
            criterion_id__in={pk for _rev, entries in changes.values() for pk in entries},
        ).select_related("criterion")
    )
    fields_of = SCORE_STAGE_FIELDS
    changed: dict[str, list[Score]] = defaultdict(list)
    entries_log = []
    now = timezone.now()
    content_type = ContentType.objects.get_for_model(Score)
    for score in scores:
        entered = changes[score.assessment_id][1].get(score.criterion_id)
        if entered is None:
            continue
        assessment = assessments[score.assessment_id]
        if score.criterion.criteria_set_id != assessment.criteria_set_id:
            raise DomainError(_("A criterion that is not in this assessment was sent."))
        refused = value_error(Rule.of(score.criterion), entered.value, score.target)
        if refused:
            raise DomainError(f"{score.criterion.code}: {refused}")
        stage = stage_of(assessment)
        value_field, text_field = fields_of[stage]
        before = {value_field: getattr(score, value_field), text_field: getattr(score, text_field)}
        setattr(score, value_field, entered.value)
        setattr(score, text_field, entered.text.strip())
        diff = {
            name: [_logged(old), _logged(getattr(score, name))]
            for name, old in before.items()
            if old != getattr(score, name)
        }
        if diff:
            changed[stage].append(score)
            entries_log.append(
                LogEntry(
                    content_type=content_type,
                    object_pk=str(score.pk),
                    object_id=score.pk,
                    object_repr=f"{assessment} — {score.criterion.code}"[:200],
                    action=LogEntry.Action.UPDATE,
                    changes=diff,
                    changes_text=json.dumps(diff, ensure_ascii=False),
                    actor=by,
                    timestamp=now,
                    additional_data={"cluster_year": cluster_year.pk},
                )
            )
    for stage, stage_scores in changed.items():
        Score.objects.bulk_update(stage_scores, list(fields_of[stage]), batch_size=BATCH)
    touched = {score.assessment_id for stage_scores in changed.values() for score in stage_scores}
    for pk in touched:
        assessments[pk].revision += 1
        assessments[pk].updated_at = now
    Assessment.objects.bulk_update(
        [assessments[pk] for pk in touched], ["revision", "updated_at"], batch_size=BATCH
    )
    LogEntry.objects.bulk_create(entries_log, batch_size=BATCH)
    return len(entries_log)


def _logged(value) -> str:
    return "None" if value is None else str(value)

"""Scoring spreadsheets (.xlsx): the criteria of a year out and in, and the blank template.

Criteria
--------
A criteria workbook has a sheet “Tiêu chí” with one criterion per row under a header row:

    Mã | Tên tiêu chí | Loại | Điểm tối đa | Điểm mỗi lần | Bắt buộc minh chứng | Hướng dẫn

and a sheet “Hướng dẫn” that explains the columns and the kinds. The workbook is a file
format that secretariats keep and exchange, so its headers and kind labels are fixed Vietnamese
whatever the language of the page; the problems found in an uploaded file go through gettext.

- `criteria_workbook(rows)` writes rows (services.CriterionData) as .xlsx bytes;
- `criteria_template()` is the same workbook with two example rows;
- `parse_criteria(file)` reads an uploaded workbook back into rows and lists every problem with
  its row and cell. The caller saves nothing unless the list is empty.

A kind is written as its Vietnamese label and read back from the label or the internal key
(“Chấm điểm” or “points”), whatever the case, spacing or Unicode normalisation.
"""

from __future__ import annotations

import io
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import IO, NamedTuple

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from .models import Assessment, Criterion
from .ranking import Ranking
from .services import CriterionData, check_criteria, parent_code

Kind = Criterion.Kind

CRITERIA_SHEET = "Tiêu chí"
GUIDE_SHEET = "Hướng dẫn"
MAX_ROWS = 2000  # criteria rows in one file; real sets have a few dozen
MAX_PROBLEMS = 200  # a file that wrong is better fixed from the first ones

# Column key → (header, width). The order is the order written; a file may order them freely.
COLUMNS = {
    "code": ("Mã", 10),
    "title": ("Tên tiêu chí", 60),
    "kind": ("Loại", 18),
    "max_points": ("Điểm tối đa", 12),
    "points_per_occurrence": ("Điểm mỗi lần", 13),
    "evidence_required": ("Bắt buộc minh chứng", 20),
    "guidance": ("Hướng dẫn", 60),
}

KIND_LABELS = {
    Kind.GROUP: "Nhóm tiêu chí",
    Kind.POINTS: "Chấm điểm",
    Kind.PASS_FAIL: "Đạt/Không đạt",
    Kind.PER_OCCURRENCE: "Điểm theo lần",
    Kind.BONUS: "Điểm cộng",
    Kind.DEDUCTION: "Điểm trừ",
    Kind.QUANTITATIVE: "Theo chỉ tiêu",
}
KIND_MEANINGS = {
    Kind.GROUP: "Nhóm các tiêu chí con; Điểm tối đa là tổng điểm của nhóm.",
    Kind.POINTS: "Chấm từ 0 đến Điểm tối đa.",
    Kind.PASS_FAIL: "Đạt được Điểm tối đa, không đạt được 0 điểm.",
    Kind.PER_OCCURRENCE: (
        "Số lần × Điểm mỗi lần, không vượt Điểm tối đa (bắt buộc ghi Điểm mỗi lần)."
    ),
    Kind.BONUS: "Cộng thêm vào tổng điểm, không vượt Điểm tối đa.",
    Kind.DEDUCTION: "Trừ vào tổng điểm, không vượt Điểm tối đa.",
    Kind.QUANTITATIVE: (
        "Kết quả so với chỉ tiêu: đơn vị có tỷ lệ cao nhất được Điểm tối đa, "
        "các đơn vị khác tính theo tỷ lệ."
    ),
}
# Other spellings people type, besides the labels above and the internal keys.
KIND_ALIASES = {
    "Nhóm": Kind.GROUP,
    "Đạt / Không đạt": Kind.PASS_FAIL,
    "Điểm thưởng": Kind.BONUS,
    "Theo lần": Kind.PER_OCCURRENCE,
}
YES, NO = "Có", "Không"
YES_WORDS = {"có", "x", "1", "yes", "true", "c"}
NO_WORDS = {"không", "", "0", "no", "false", "k"}

EXAMPLE_ROWS = [
    CriterionData(
        code="1",
        title="Công tác tham mưu, tổ chức thực hiện nhiệm vụ đối ngoại",
        kind=Kind.GROUP,
        max_points=Decimal("10"),
    ),
    CriterionData(
        code="1.1",
        title="Xây dựng và triển khai kế hoạch hoạt động đối ngoại năm",
        kind=Kind.POINTS,
        max_points=Decimal("10"),
        evidence_required=True,
        guidance="Có kế hoạch được phê duyệt: 5 điểm; triển khai đầy đủ, đúng tiến độ: 5 điểm.",
    ),
]

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CODE_RE = re.compile(r"[^\s.]+(\.[^\s.]+)*")
MAX_NUMBER = Decimal("99999.99")  # what Criterion's decimal fields hold


class Problem(NamedTuple):
    """What is wrong in an uploaded file: row 0 is the whole file, column "" the whole row."""

    row: int
    column: str
    message: str

    @property
    def cell(self) -> str:
        return f"{self.column}{self.row}" if self.column and self.row else ""


def _key(text: str) -> str:
    """How headers and kinds are compared: NFC, case-folded, without spaces."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", text)).casefold()


COLUMN_BY_HEADER = {_key(header): name for name, (header, _width) in COLUMNS.items()}


# Writing -----------------------------------------------------------------------------------


def _number(value: Decimal | None) -> int | float | None:
    """A number cell: whole numbers as integers, the rest as floats (two decimals at most)."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


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
                _number(row.max_points),
                _number(row.points_per_occurrence) if row.kind == Kind.PER_OCCURRENCE else None,
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

    header_fill = PatternFill("solid", fgColor="DDE4EE")
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    sheet.freeze_panes = "A2"
    for index, (_header, width) in enumerate(COLUMNS.values(), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width

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
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


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


# Reading -----------------------------------------------------------------------------------


def _size(file: IO[bytes]) -> int:
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, io.SEEK_END)
        size = file.tell()
    file.seek(0)
    return size


def parse_criteria(file: IO[bytes]) -> tuple[list[CriterionData], list[Problem]]:
    """The criteria of an uploaded workbook, and every problem found (empty when it is sound)."""
    size = _size(file)
    if size == 0:
        return [], [Problem(0, "", _("The file is empty."))]
    if size > settings.UPLOAD_MAX_BYTES:
        message = _("The file is %(size)s; the limit is %(limit)s.") % {
            "size": filesizeformat(size),
            "limit": filesizeformat(settings.UPLOAD_MAX_BYTES),
        }
        return [], [Problem(0, "", message)]
    unreadable = _(
        "This file cannot be read as an Excel workbook (.xlsx). Open it in Excel or "
        "LibreOffice, save it as “Excel Workbook (.xlsx)” and upload it again."
    )
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except Exception:  # a zip that is not a workbook, an old .xls, a PDF, broken XML…
        return [], [Problem(0, "", unreadable)]
    try:
        sheet = (
            workbook[CRITERIA_SHEET]
            if CRITERIA_SHEET in workbook.sheetnames
            else workbook.worksheets[0]
        )
        sheet.reset_dimensions()  # trust the cells, not the size the file claims
        return _read_sheet(sheet)
    except Exception:  # read-only mode parses the sheet's XML while reading: broken inside
        return [], [Problem(0, "", unreadable)]
    finally:
        workbook.close()


def _read_sheet(sheet) -> tuple[list[CriterionData], list[Problem]]:
    lines = sheet.iter_rows(values_only=True)
    header = next(lines, None)
    if header is None or not any(_text(value) for value in header):
        return [], [Problem(1, "", _("The sheet has no header row: start from the template."))]
    columns, problems = _read_header(header)
    if problems:
        return [], problems

    rows: list[CriterionData] = []
    numbers: list[int] = []
    codes: list[tuple[int, str, str | None]] = []  # every row with a code: (row, code, kind)
    kinds = _kind_lookup()
    filled = 0
    for number, values in enumerate(lines, start=2):
        if not any(_text(value) for value in values):
            continue
        filled += 1
        if filled > MAX_ROWS:
            message = _("The file has more than %(limit)s criteria rows.") % {
                "limit": number_format(MAX_ROWS, force_grouping=True)
            }
            return [], [Problem(0, "", message)]
        if len(problems) >= MAX_PROBLEMS:
            message = _("Only the first %(count)s problems are listed: correct them first.")
            problems.append(Problem(0, "", message % {"count": MAX_PROBLEMS}))
            return [], problems
        cells = {
            name: values[index] if index < len(values) else None for name, index in columns.items()
        }
        row, row_problems = _read_row(number, cells, columns, kinds)
        problems.extend(row_problems)
        code = _text(cells["code"])
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
    return ([] if problems else rows), problems


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

    code = _text(cells["code"])
    if not code:
        problem("code", _("The code is empty."))
    elif len(code) > 20 or not CODE_RE.fullmatch(code):
        problem(
            "code",
            _("“%(code)s” is not a code like 1, 1.1 or 1.1.a (at most 20 characters).")
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
    """A non-negative number with at most two decimals, from a number or text cell."""
    if isinstance(value, bool):
        return None, _("Enter a number, not “%(value)s”.") % {"value": value}
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, _("Enter a number.") if required else ""
    text = str(value).strip().replace("\u00a0", "").replace(" ", "")
    if isinstance(value, str) and "," in text and "." not in text:
        text = text.replace(",", ".")  # 2,5 written the Vietnamese way
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None, _("“%(value)s” is not a number.") % {"value": value}
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


# The ranking -------------------------------------------------------------------------------

RANKING_SHEET = "Xếp hạng"
POINTS_SHEET = "Điểm theo tiêu chí"
RANKING_HEADER_ROW = 4  # rows 1–3: title, status, blank


def ranking_workbook(ranking: Ranking) -> bytes:
    """The year's ranking as an .xlsx file, headers in Vietnamese like the criteria workbook.

    Sheet “Xếp hạng”: one row per member in rank order (the members without an assessment
    last, unranked): rank, member, points by top-level group, total, self-assessed total,
    difference, classification. Sheet “Điểm theo tiêu chí”: the final points of every
    criterion (rows) for every member (columns, in rank order), with group subtotals.
    One query, for the criteria's codes and titles.
    """
    cluster_year = ranking.cluster_year
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = RANKING_SHEET
    half = " — 6 THÁNG ĐẦU NĂM" if ranking.period == Assessment.Period.MID_YEAR else ""
    sheet.append([f"BẢNG XẾP HẠNG THI ĐUA NĂM {cluster_year.year}{half}"])
    publication = cluster_year.ranking_publications.filter(period=ranking.period).first()
    if publication is not None:
        published = timezone.localtime(publication.published_at)
        status = f"Kết quả chính thức, công bố ngày {published:%d/%m/%Y}"
    elif ranking.complete:
        status = "Kết quả cuối cùng, chưa công bố"
    else:
        status = "Tạm tính: chưa thẩm định xong"
    sheet.append([f"{cluster_year.cluster.title} · {status}"])
    sheet.append([])
    groups = [f"Nhóm {group.code}. {group.title}" for group in ranking.groups]
    sheet.append(
        [
            "Hạng",
            "Đơn vị",
            *groups,
            "Tổng điểm",
            "Điểm tự chấm",
            "Chênh lệch",
            "Xếp loại",
            "Ghi chú",
        ]
    )
    ranks = [standing.final.rank for standing in ranking.standings]
    for standing in ranking.standings:
        result = standing.final
        sheet.append(
            [
                result.rank,
                standing.membership.agency.name,
                *(_number(result.groups.get(group.code)) for group in ranking.groups),
                _number(result.total),
                _number(standing.self_total),
                _number(standing.difference),
                result.classification or None,
                "Bằng điểm" if ranks.count(result.rank) > 1 else None,
            ]
        )
    for membership in ranking.unassessed:
        sheet.append(
            [None, membership.agency.name, *([None] * (len(groups) + 5)), "Chưa chấm điểm"]
        )
    _style_table(sheet, RANKING_HEADER_ROW, [7, 42, *([16] * len(groups)), 12, 14, 12, 14, 14])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.freeze_panes = sheet.cell(RANKING_HEADER_ROW + 1, 3)

    _write_points_sheet(workbook.create_sheet(POINTS_SHEET), ranking)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _write_points_sheet(sheet, ranking: Ranking) -> None:
    standings, criteria = ranking.standings, ranking.criteria
    code_of = {criterion.pk: criterion.code for criterion in criteria}
    newest = ranking.newest_set_id
    points_by_code = [
        {code_of[pk]: value for pk, value in standing.final.points.items() if pk in code_of}
        for standing in standings
    ]
    sheet.append(
        ["Mã", "Tiêu chí", "Điểm tối đa", *(s.membership.agency.short_name for s in standings)]
    )
    for criterion in (c for c in criteria if c.criteria_set_id == newest):
        if criterion.is_group:
            values = [
                s.final.groups.get(criterion.code) if criterion.parent_id is None else None
                for s in standings
            ]
        else:
            values = [points.get(criterion.code) for points in points_by_code]
        maximum = criterion.max_points
        if criterion.kind == Kind.DEDUCTION:
            maximum = -maximum
        sheet.append(
            [
                criterion.code,
                criterion.title,
                _number(maximum),
                *(_number(value) for value in values),
            ]
        )
        line = sheet.max_row
        sheet.cell(line, 1).number_format = "@"
        sheet.cell(line, 2).alignment = Alignment(indent=criterion.depth, wrap_text=True)
        if criterion.is_group:
            for cell in sheet[line]:
                cell.font = Font(bold=True)
    sheet.append(["", "Tổng điểm", None, *(_number(s.final.total) for s in standings)])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    _style_table(sheet, 1, [8, 60, 12, *([14] * len(standings))])
    sheet.freeze_panes = "D2"


def _style_table(sheet, header_row: int, widths: list[int]) -> None:
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

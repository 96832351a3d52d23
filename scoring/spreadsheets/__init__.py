"""Criteria to and from Excel workbooks, and the ranking as a workbook."""

from ..codes import CODE_RE
from .columns import (
    COLUMN_BY_HEADER,
    COLUMNS,
    CRITERIA_SHEET,
    EXAMPLE_ROWS,
    GUIDE_SHEET,
    KIND_ALIASES,
    KIND_LABELS,
    KIND_MEANINGS,
    MAX_NUMBER,
    MAX_PROBLEMS,
    MAX_ROWS,
    NO_WORDS,
    XLSX_CONTENT_TYPE,
    YES_WORDS,
    Kind,
    Problem,
)
from .criteria_export import (
    GUIDE_COLUMNS,
    GUIDE_NOTE,
    criteria_template,
    criteria_workbook,
)
from .criteria_import import first_problems, parse_criteria
from .ranking import POINTS_SHEET, RANKING_HEADER_ROW, RANKING_SHEET, ranking_workbook

__all__ = [
    "Kind",
    "CRITERIA_SHEET",
    "GUIDE_SHEET",
    "MAX_ROWS",
    "MAX_PROBLEMS",
    "COLUMNS",
    "KIND_LABELS",
    "KIND_MEANINGS",
    "KIND_ALIASES",
    "YES_WORDS",
    "NO_WORDS",
    "EXAMPLE_ROWS",
    "XLSX_CONTENT_TYPE",
    "CODE_RE",
    "MAX_NUMBER",
    "Problem",
    "COLUMN_BY_HEADER",
    "criteria_workbook",
    "criteria_template",
    "GUIDE_COLUMNS",
    "GUIDE_NOTE",
    "parse_criteria",
    "first_problems",
    "RANKING_SHEET",
    "POINTS_SHEET",
    "RANKING_HEADER_ROW",
    "ranking_workbook",
]

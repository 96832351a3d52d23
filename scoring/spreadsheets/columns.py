"""The shape of a criteria workbook: its sheets, columns, kinds as people write them."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from typing import NamedTuple

from ..criteria_tree import CriterionData
from ..models import Criterion

Kind = Criterion.Kind

CRITERIA_SHEET = "Tiêu chí"
GUIDE_SHEET = "Hướng dẫn"
MAX_ROWS = 2000  # criteria rows in one file; real sets have a few dozen
MAX_PROBLEMS = 200  # a file that wrong is better fixed from the first ones
MAX_COLUMNS = 30  # read of each row; the columns are found by their headers

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
MAX_NUMBER = Decimal("99999.99")  # what Criterion's decimal fields hold


class Problem(NamedTuple):
    """What is wrong in an uploaded file: row 0 is the whole file, column "" the whole row;
    `sheet` is the sheet read (empty when the file could not be opened)."""

    row: int
    column: str
    message: str
    sheet: str = ""

    @property
    def cell(self) -> str:
        return f"{self.column}{self.row}" if self.column and self.row else ""


def _key(text: str) -> str:
    """How headers and kinds are compared: NFC, case-folded, without spaces."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", text)).casefold()


COLUMN_BY_HEADER = {_key(header): name for name, (header, _width) in COLUMNS.items()}

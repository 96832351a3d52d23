"""The scoring table of a period as .xlsx, with the Vietnamese headers and the helpers of the
scoring spreadsheets (scoring/spreadsheets.py): a file secretariats keep and exchange.

Sheet “Tổng hợp”: one row per member in rank order: rank, member, self-assessed and final
points of every top-level group, both totals and the classification; above it the date the
file was made (a date cell). Then one sheet per top-level group (“Nhóm 1”...): one row per
member, two columns (self-assessed, final) per criterion of the group and for the group.
"""

from __future__ import annotations

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from emulation.workbooks import number_cell as number
from emulation.workbooks import style_table, workbook_bytes
from scoring.models import Assessment
from scoring.ranking import Ranking

from .tables import ScoreRow, score_rows

SUMMARY_SHEET = "Tổng hợp"
HEADER_ROW = 5  # rows 1–4: title, cluster and status, date, blank


def scores_workbook(ranking: Ranking) -> tuple[bytes, str]:
    """(the .xlsx bytes, the file's title)."""
    cluster_year = ranking.cluster_year
    half = " 6 tháng đầu năm" if ranking.period == Assessment.Period.MID_YEAR else ""
    title = f"Bảng điểm thi đua{half} năm {cluster_year.year}"
    rows = score_rows(ranking)
    groups = ranking.groups
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SUMMARY_SHEET
    status = "Kết quả cuối cùng" if ranking.complete else "Tạm tính: chưa thẩm định xong"
    _preamble(sheet, title.upper(), f"{cluster_year.cluster.title} · {status}")
    sheet.append(
        [
            "Hạng",
            "Đơn vị",
            *(
                f"Nhóm {group.code} ({stage})"
                for group in groups
                for stage in ("tự chấm", "chính thức")
            ),
            "Tổng điểm tự chấm",
            "Tổng điểm chính thức",
            "Xếp loại",
        ]
    )
    for row in rows:
        final = row.standing.final
        sheet.append(
            [
                final.rank,
                row.standing.membership.agency.label_in_year(cluster_year.year),
                *(
                    number(value)
                    for group in groups
                    for value in (row.self_groups.get(group.code), final.groups.get(group.code))
                ),
                number(row.standing.self_total),
                number(final.total),
                final.classification or None,
            ]
        )
    for record in ranking.not_submitted:  # last, without a rank or a classification
        sheet.append(
            [
                None,
                record.membership.agency.label_in_year(cluster_year.year),
                *([None] * (2 * len(groups) + 2)),
                "Không nộp",
            ]
        )
    style_table(sheet, HEADER_ROW, [7, 42, *([13] * (2 * len(groups))), 14, 14, 14])
    sheet.freeze_panes = sheet.cell(HEADER_ROW + 1, 3)
    for group in groups:
        _group_sheet(workbook, ranking, group, rows, f"{title} · {cluster_year.cluster.title}")
    return workbook_bytes(workbook), f"{title} - {cluster_year.cluster.title}"


def _preamble(sheet, title: str, subtitle: str) -> None:
    sheet.append([title])
    sheet.append([subtitle])
    sheet.append(["Ngày lập", timezone.localdate()])
    sheet.append([])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet["B3"].number_format = "dd/mm/yyyy"
    sheet["B3"].alignment = Alignment(horizontal="left")


def _group_sheet(workbook, ranking: Ranking, group, rows: list[ScoreRow], title: str) -> None:
    """Members × the group's criteria (of the newest version; an assessment still on an
    older version is matched by the criteria's codes)."""
    code_of = {criterion.pk: criterion.code for criterion in ranking.criteria}
    criteria = [
        criterion
        for criterion in ranking.criteria
        if criterion.criteria_set_id == ranking.newest_set_id
        and not criterion.is_group
        and ranking.rules[criterion.pk].group_code == group.code
    ]
    sheet = workbook.create_sheet(f"Nhóm {group.code}"[:31])
    _preamble(sheet, f"Nhóm {group.code}. {group.title}", title)
    sheet.append(
        [
            "Hạng",
            "Đơn vị",
            *(
                f"{criterion.code}. {criterion.title} ({stage})"
                for criterion in criteria
                for stage in ("tự chấm", "chính thức")
            ),
            "Cộng nhóm (tự chấm)",
            "Cộng nhóm (chính thức)",
        ]
    )
    for row in rows:
        own = {code_of[pk]: value for pk, value in row.self_points.items()}
        final = {code_of[pk]: value for pk, value in row.final_points.items()}
        sheet.append(
            [
                row.standing.final.rank,
                row.standing.membership.agency.label_in_year(ranking.cluster_year.year),
                *(
                    number(points.get(criterion.code))
                    for criterion in criteria
                    for points in (own, final)
                ),
                number(row.self_groups.get(group.code)),
                number(row.final_groups.get(group.code)),
            ]
        )
    style_table(sheet, HEADER_ROW, [7, 42, *([16] * (2 * len(criteria))), 14, 14])
    sheet.freeze_panes = sheet.cell(HEADER_ROW + 1, 3)

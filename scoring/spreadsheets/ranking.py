"""The ranking as a workbook: the ranking sheet and the points per criterion."""

from __future__ import annotations

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from emulation.workbooks import number_cell, style_table, workbook_bytes

from ..models import Assessment
from ..ranking import Ranking
from .columns import Kind

# The ranking -------------------------------------------------------------------------------

RANKING_SHEET = "Xếp hạng"
POINTS_SHEET = "Điểm theo tiêu chí"
RANKING_HEADER_ROW = 4  # rows 1–3: title, status, blank


def ranking_workbook(ranking: Ranking) -> bytes:
    """The year's ranking as an .xlsx file, headers in Vietnamese like the criteria workbook.

    Sheet “Xếp hạng”: one row per member in rank order (the members without an assessment,
    then those that did not submit, last and unranked): rank, member, points by top-level
    group, total, self-assessed total, difference, classification. Sheet “Điểm theo tiêu
    chí”: the final points of every criterion (rows) for every member (columns, in rank
    order), with group subtotals.
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
                standing.membership.agency.label_in_year(cluster_year.year),
                *(number_cell(result.groups.get(group.code)) for group in ranking.groups),
                number_cell(result.total),
                number_cell(standing.self_total),
                number_cell(standing.difference),
                result.classification or None,
                "Bằng điểm" if ranks.count(result.rank) > 1 else None,
            ]
        )
    for membership in ranking.unassessed:
        sheet.append(
            [
                None,
                membership.agency.label_in_year(cluster_year.year),
                *([None] * (len(groups) + 4)),  # to the note ("Ghi chú")
                "Chưa chấm điểm",
            ]
        )
    for record in ranking.not_submitted:
        sheet.append(
            [
                None,
                record.membership.agency.label_in_year(cluster_year.year),
                *([None] * (len(groups) + 4)),  # to the note ("Ghi chú")
                f"Không nộp: {record.reason}",
            ]
        )
    style_table(sheet, RANKING_HEADER_ROW, [7, 42, *([16] * len(groups)), 12, 14, 12, 14, 14])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.freeze_panes = sheet.cell(RANKING_HEADER_ROW + 1, 3)

    _write_points_sheet(workbook.create_sheet(POINTS_SHEET), ranking)
    return workbook_bytes(workbook)


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
                number_cell(maximum),
                *(number_cell(value) for value in values),
            ]
        )
        line = sheet.max_row
        sheet.cell(line, 1).number_format = "@"
        sheet.cell(line, 2).alignment = Alignment(indent=criterion.depth, wrap_text=True)
        if criterion.is_group:
            for cell in sheet[line]:
                cell.font = Font(bold=True)
    sheet.append(["", "Tổng điểm", None, *(number_cell(s.final.total) for s in standings)])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    style_table(sheet, 1, [8, 60, 12, *([14] * len(standings))])
    sheet.freeze_panes = "D2"

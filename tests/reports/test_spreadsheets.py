"""The scoring table as .xlsx, read back: its sheets, Vietnamese headers and real numbers."""

from __future__ import annotations

import datetime
import io

from django.urls import reverse
from openpyxl import load_workbook

from reports.spreadsheets import HEADER_ROW, SUMMARY_SHEET


def test_the_scoring_table_has_a_summary_and_a_sheet_per_group(client, world, final):
    client.force_login(world.secretariat_user)
    response = client.get(reverse("reports:scores_export", args=[world.year.pk]))
    assert response.status_code == 200
    assert ".xlsx" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [SUMMARY_SHEET, "Nhóm 1", "Nhóm 2", "Nhóm 3"]

    summary = workbook[SUMMARY_SHEET]
    assert isinstance(summary["B3"].value, datetime.datetime)  # the date the file was made
    header = [cell.value for cell in summary[HEADER_ROW]]
    assert header[:4] == ["Hạng", "Đơn vị", "Nhóm 1 (tự chấm)", "Nhóm 1 (chính thức)"]
    assert header[-3:] == ["Tổng điểm tự chấm", "Tổng điểm chính thức", "Xếp loại"]
    rows = {row[1]: row for row in summary.iter_rows(min_row=HEADER_ROW + 1, values_only=True)}
    thai_nguyen = rows["Sở Ngoại vụ Thái Nguyên"]  # B, first with 42 (the worked example)
    assert thai_nguyen[0] == 1
    assert thai_nguyen[header.index("Tổng điểm chính thức")] == 42
    assert thai_nguyen[header.index("Nhóm 2 (chính thức)")] == 20
    # D self-assessed 8 for 1.1, the secretariat reviewed it to 6.
    ha_noi = rows["Sở Ngoại vụ Hà Nội"]
    assert (
        ha_noi[header.index("Tổng điểm tự chấm")] - ha_noi[header.index("Tổng điểm chính thức")]
        == 2
    )

    group = workbook["Nhóm 1"]
    group_header = [cell.value for cell in group[HEADER_ROW]]
    assert group_header[2] == "1.1. Hoàn thành kế hoạch đối ngoại (tự chấm)"
    assert group_header[3] == "1.1. Hoàn thành kế hoạch đối ngoại (chính thức)"
    by_member = {row[1]: row for row in group.iter_rows(min_row=HEADER_ROW + 1, values_only=True)}
    assert by_member["Sở Ngoại vụ Hà Nội"][2:4] == (8, 6)
    cell = group.cell(HEADER_ROW + 1, 3)
    assert isinstance(cell.value, int | float)
    assert cell.number_format in ("0", "0.00")

"""The self-assessment in Excel, as a member does it: download, fill offline, upload, read the
changes, apply them."""

from __future__ import annotations

import io
import os
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.urls import reverse
from playwright.sync_api import expect

from scoring import services
from scoring.models import Assessment, Score
from tests.conftest import PASSWORD

pytestmark = pytest.mark.e2e
SHOTS = os.environ.get("E2E_SCREENSHOTS")  # a folder, to look at the pages while working


@pytest.fixture
def draft(world, criteria_year):
    return services.assessment_open(membership=world.memberships["C"], by=None)


def _downloaded_sheet(page, link: str):
    """The self-assessment workbook the link downloads → (workbook, its sheet, row by code)."""
    with page.expect_download() as downloading:
        page.get_by_role("link", name=link).click()
    workbook = openpyxl.load_workbook(io.BytesIO(Path(downloading.value.path()).read_bytes()))
    sheet = workbook["Tự chấm điểm"]
    return workbook, sheet, {sheet.cell(row, 1).value: row for row in range(5, sheet.max_row + 1)}


@pytest.mark.parametrize("viewport", ["desktop", "phone"], indirect=True)
def test_member_fills_its_self_assessment_in_excel(
    page, log_in, assert_accessible, transactional_db, world, draft, tmp_path, viewport
):
    log_in(world.member_user, PASSWORD)
    page.goto(reverse("scoring:assessment_self", args=[draft.pk]))
    workbook, sheet, rows = _downloaded_sheet(page, "Tải về dạng Excel")
    sheet[f"H{rows['1.1']}"] = "8,5"
    sheet[f"I{rows['1.1']}"] = "Hoàn thành kế hoạch năm."
    sheet[f"H{rows['1.2']}"] = "Đạt"
    filled = tmp_path / "tu-cham.xlsx"
    workbook.save(filled)

    page.get_by_role("link", name="Điền bằng Excel và tải lên").click()
    page.get_by_label("Tệp Excel (.xlsx)").set_input_files(str(filled))
    page.get_by_role("button", name="Tải lên và xem trước").click()
    changes = page.get_by_role("table")
    expect(changes).to_contain_text("8,5")
    expect(changes).to_contain_text("Hoàn thành kế hoạch năm.")
    assert_accessible(page)
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/self-excel-preview-{viewport['width']}.png", full_page=True)
    assert Score.objects.get(assessment=draft, criterion__code="1.1").self_value is None

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Cập nhật các thay đổi").click()
    expect(page.get_by_text("Đã cập nhật theo tệp Excel: 2 tiêu chí thay đổi.")).to_be_visible()
    scores = {
        score.criterion.code: score
        for score in Score.objects.filter(assessment=draft).select_related("criterion")
    }
    assert scores["1.1"].self_value == Decimal("8.5")
    assert scores["1.1"].self_note == "Hoàn thành kế hoạch năm."
    assert scores["1.2"].self_value == Decimal("5")
    assert Assessment.objects.get(pk=draft.pk).revision == draft.revision + 1


def test_a_bad_workbook_lists_its_cells(page, log_in, transactional_db, world, draft, tmp_path):
    log_in(world.member_user, PASSWORD)
    page.goto(reverse("scoring:self_assessment_import", args=[draft.pk]))
    workbook, sheet, rows = _downloaded_sheet(page, "Tải tệp Excel")
    sheet[f"H{rows['1.1']}"] = 12
    sheet[f"H{rows['1.2']}"] = "Có"
    output = io.BytesIO()
    workbook.save(output)
    page.get_by_label("Tệp Excel (.xlsx)").set_input_files(
        files=[
            {
                "name": "tu-cham.xlsx",
                "mimeType": "application/octet-stream",
                "buffer": output.getvalue(),
            }
        ]
    )
    page.get_by_role("button", name="Tải lên và xem trước").click()
    problems = page.get_by_role("table")
    expect(problems).to_contain_text(f"H{rows['1.1']}")
    expect(problems).to_contain_text("Điểm tối đa là 10")
    expect(problems).to_contain_text(f"H{rows['1.2']}")
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/self-excel-problems.png", full_page=True)

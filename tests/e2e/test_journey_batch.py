"""Journey: the ministry exports every cluster's year-end report of a year as one file, from
the dashboard, and comes back to the batch's page to download it (no broker here: the batch
runs inside the request, as with `make run`)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.e2e.conftest import ARTIFACTS


@pytest.mark.parametrize("viewport", ["desktop", "phone"], indirect=True)
def test_the_ministry_exports_the_year_end_reports_in_one_file(
    page,
    log_in,
    year_end,
    assert_accessible,
    settings,
    tmp_path,
    viewport,
):
    settings.MEDIA_ROOT = tmp_path
    log_in(year_end.ministry_user, PASSWORD)
    page.get_by_role("link", name="Xuất dữ liệu theo lô").click()
    assert_accessible(page)
    page.get_by_label("Năm").select_option("2025")
    page.get_by_role("button", name="Bắt đầu xuất").click()
    expect(page.get_by_role("heading", name="Hoàn thành")).to_be_visible()
    expect(page.get_by_text("2 trên 2 văn bản")).to_be_visible()
    assert_accessible(page)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)  # to look at (artifacts/ is not committed)
    page.screenshot(path=ARTIFACTS / f"batch-{viewport['width']}.png", full_page=True)

    page.goto("/batches/")  # left, and back through the list
    page.get_by_role("link", name="Báo cáo tổng kết của tất cả các cụm 2025").click()
    with page.expect_download() as info:
        page.get_by_role("link", name="Tải tệp về (ZIP)").click()
    archive = zipfile.ZipFile(io.BytesIO(Path(info.value.path()).read_bytes()))
    assert sum(name.endswith(".pdf") for name in archive.namelist()) == 1
    assert "ghi-chu.txt" in archive.namelist()

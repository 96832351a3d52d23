"""The secretariat records a conference and its attendance in the browser."""

import pytest
from playwright.sync_api import expect

from clusters.models import Conference
from tests.conftest import PASSWORD


@pytest.mark.parametrize("viewport", ["desktop", "phone"], indirect=True)
def test_secretariat_records_a_conference_with_its_attendance(
    page, log_in, assert_accessible, transactional_db, world
):
    log_in(world.secretariat_user, PASSWORD)
    page.goto(world.year.get_absolute_url())  # the dashboard lists only recent years
    page.get_by_role("link", name="Thêm hội nghị").click()
    assert_accessible(page)

    page.get_by_label("Loại").select_option("mid_year")
    page.get_by_label("Tiêu đề").fill("Hội nghị sơ kết 6 tháng đầu năm 2025")
    page.get_by_label("Từ ngày").fill("07/07/2025")
    page.get_by_label("Đến ngày").fill("06/07/2025")
    page.get_by_label("Địa điểm").fill("Hải Phòng")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".invalid-feedback, .alert-danger").first).to_be_visible()
    # In words, beside the date: never "Constraint “conference_dates_order” is violated."
    expect(page.get_by_text("Ngày kết thúc hội nghị sớm hơn ngày bắt đầu.")).to_be_visible()
    expect(page.get_by_text("conference_dates_order")).to_have_count(0)
    assert_accessible(page)  # the form with its errors
    assert not Conference.objects.exists()

    page.get_by_label("Đến ngày").fill("08/07/2025")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("heading", name="Hội nghị sơ kết 6 tháng đầu năm 2025")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Thành phần tham dự").click()
    assert_accessible(page)
    # Each row's fields carry the member's name as the year gives it.
    hai_phong = world.year.memberships.get(agency__short_name="Hải Phòng").label
    page.get_by_label(f"Có mặt — {hai_phong}", exact=True).check()
    page.get_by_label(f"Đại biểu — {hai_phong}", exact=True).fill("Nguyễn Văn An")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Nguyễn Văn An")).to_be_visible()
    assert_accessible(page)
    conference = Conference.objects.get()
    assert [a.delegate_name for a in conference.attendances.all()] == ["Nguyễn Văn An"]

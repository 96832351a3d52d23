"""Journey 3: the year-end conference, from the attendance to the ministry's decision.

Every member's assessment is final and the ranking published beforehand (tests/scoring/
conftest.py `year_end`), as a finished year is. In the browser: the secretariat records the
attendance and opens an online secret ballot; every member agency votes from its own account;
the secretariat closes the vote and files the nomination; a ministry reviewer returns it, the
secretariat resubmits it, the reviewer approves it with a decision number; the secretariat
downloads the term report and the dossier as PDF and the ranking as Excel, and they open.
"""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect
from pypdf import PdfReader

from clusters.models import Attendance
from scoring.models import Ballot, BallotReceipt, Nomination, NominationEvent
from tests.conftest import PASSWORD
from tests.fixtures.scoring import FLAG


def _download(page, link_name: str) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name).click()
    return open(info.value.path(), "rb").read()


def _pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def _vote(page, log_in, log_out, world, user, choice: str) -> None:
    log_in(user, PASSWORD)
    page.get_by_role("link", name="Đang bỏ phiếu bình xét: mời đơn vị bỏ phiếu.").click()
    proposal = Ballot.objects.get(conference=world.year_end).proposals.get()
    page.locator(f"#div_id_vote_{proposal.pk}").get_by_label(choice, exact=True).check()
    page.get_by_role("button", name="Bỏ phiếu", exact=True).click()
    expect(page.get_by_text("Phiếu của đơn vị bạn đã được ghi nhận.")).to_be_visible()
    log_out()


@pytest.mark.parametrize("viewport", ["desktop", "phone"], indirect=True)
def test_year_end_conference_vote_nomination_and_decision(
    page,
    log_in,
    log_out,
    assert_accessible,
    transactional_db,
    year_end,
):
    world = year_end
    conference = world.year_end

    # The secretariat (A, Hải Phòng) records who came.
    log_in(world.secretariat_user, PASSWORD)
    page.goto(conference.get_absolute_url())
    page.get_by_role("link", name="Thành phần tham dự").click()
    for letter in "ABCD":
        member = world.agencies[letter].label_in_year(world.year.year)
        page.get_by_label(f"Có mặt — {member}", exact=True).check()
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("heading", name=conference.title)).to_be_visible()
    assert Attendance.objects.filter(conference=conference).count() == 4

    # It prepares an online secret ballot on C (Phú Thọ) for the ministry's flag and opens it.
    page.get_by_role("link", name="Bình xét").click()
    assert_accessible(page)
    page.get_by_label("Bỏ phiếu kín trực tuyến").check()
    page.get_by_role("button", name="Chuẩn bị bỏ phiếu").click()
    expect(page.get_by_text("Tiếp theo, hãy thêm các đề nghị.")).to_be_visible()
    page.get_by_label("Đơn vị").select_option(label="Phú Thọ")
    page.get_by_label("Hình thức khen thưởng").select_option(label=FLAG)
    page.get_by_role("button", name="Thêm", exact=True).click()
    expect(page.get_by_role("rowheader", name="Sở Ngoại vụ Phú Thọ")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Mở bỏ phiếu").click()
    expect(page.get_by_text("Đã mở bỏ phiếu.")).to_be_visible()
    log_out()

    # Every member agency votes from its own account.
    for user in (world.member_user, world.other_member_user, world.deputy_user):
        _vote(page, log_in, log_out, world, user, "Đồng ý")
    log_in(world.secretariat_user, PASSWORD)
    page.goto(conference.get_absolute_url())
    page.get_by_role("link", name="Bình xét").click()
    # The secretariat sees the turnout only, never a count, until it closes the vote.
    expect(page.get_by_text("3/4 đơn vị thành viên đã bỏ phiếu")).to_be_visible()
    expect(page.get_by_role("table").get_by_text("thông qua")).to_have_count(0)
    page.locator("#div_id_vote_" + str(Ballot.objects.get().proposals.get().pk)).get_by_label(
        "Đồng ý", exact=True
    ).check()
    page.get_by_role("button", name="Bỏ phiếu", exact=True).click()
    expect(page.get_by_text("Phiếu của đơn vị bạn đã được ghi nhận.")).to_be_visible()
    assert BallotReceipt.objects.count() == 4
    page.get_by_role("link", name="Kết thúc bỏ phiếu…").click()
    page.get_by_label("Tôi đã đọc những gì sẽ xảy ra và muốn tiếp tục.").check()
    page.get_by_role("button", name="Kết thúc bỏ phiếu").click()
    expect(page.get_by_text("Đã kết thúc bỏ phiếu.")).to_be_visible()
    expect(page.get_by_role("table").get_by_text("Được thông qua", exact=True)).to_be_visible()
    assert_accessible(page)

    # The nomination: the achievement report, then filed with the ministry.
    page.get_by_role("button", name="Lập hồ sơ đề nghị").click()
    expect(page.get_by_text("Đã lập hồ sơ đề nghị khen thưởng")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Soạn").click()
    page.get_by_label("Báo cáo thành tích").fill(
        "Năm 2025, Sở Ngoại vụ Phú Thọ hoàn thành xuất sắc nhiệm vụ đối ngoại."
    )
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã lưu báo cáo thành tích.")).to_be_visible()
    page.get_by_role("button", name="Gửi", exact=True).click()
    expect(page.get_by_text("Đã gửi hồ sơ đề nghị khen thưởng về Bộ.")).to_be_visible()
    nomination = Nomination.objects.get()
    assert nomination.state == Nomination.State.SUBMITTED
    log_out()

    # The ministry's reviewer finds it in the queue and returns it with a comment.
    log_in(world.ministry_user, PASSWORD)
    page.goto("/nominations/?state=waiting")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("^Mở")).first.click()
    page.get_by_label("Nội dung Cụm cần bổ sung, chỉnh sửa").fill(
        "Đề nghị bổ sung số liệu hợp tác quốc tế."
    )
    page.get_by_role("button", name="Trả lại", exact=True).click()
    expect(page.get_by_text("Đã trả lại hồ sơ đề nghị khen thưởng cho Cụm.")).to_be_visible()
    log_out()

    # The secretariat completes the report and resubmits.
    log_in(world.secretariat_user, PASSWORD)
    page.goto(nomination.get_absolute_url())
    expect(page.get_by_text("Đề nghị bổ sung số liệu hợp tác quốc tế.")).to_be_visible()
    page.get_by_role("link", name="Soạn").click()
    page.get_by_label("Báo cáo thành tích").fill(
        "Năm 2025, Sở Ngoại vụ Phú Thọ hoàn thành xuất sắc nhiệm vụ đối ngoại; "
        "ký kết 12 thỏa thuận hợp tác quốc tế."
    )
    page.get_by_role("button", name="Lưu").click()
    page.get_by_role("button", name="Gửi lại", exact=True).click()
    expect(page.get_by_text("Đã gửi hồ sơ đề nghị khen thưởng về Bộ.")).to_be_visible()
    log_out()

    # The reviewer approves it: without a number first, then with it.
    log_in(world.ministry_user, PASSWORD)
    page.goto(nomination.get_absolute_url())
    page.get_by_label("Ngày quyết định").fill("20/02/2026")
    page.get_by_label("Người ký").fill("Thứ trưởng Bộ Ngoại giao")
    page.get_by_role("button", name="Phê duyệt").click()
    expect(page.locator(".invalid-feedback").first).to_be_visible()
    assert_accessible(page)  # the form with its errors
    page.get_by_label("Số quyết định").fill("120/QĐ-BNG")
    page.locator("#id_approve_confirm").check()
    page.get_by_role("button", name="Phê duyệt").click()
    expect(page.get_by_text("Đã phê duyệt hồ sơ đề nghị khen thưởng.")).to_be_visible()
    nomination.refresh_from_db()
    assert (nomination.state, nomination.decision_number) == (
        Nomination.State.APPROVED,
        "120/QĐ-BNG",
    )
    assert list(nomination.events.values_list("action", flat=True)) == [
        NominationEvent.Action.CREATED,
        NominationEvent.Action.SUBMITTED,
        NominationEvent.Action.RETURNED,
        NominationEvent.Action.RESUBMITTED,
        NominationEvent.Action.APPROVED,
    ]
    log_out()

    # The secretariat downloads the term report, the dossier and the ranking, which open.
    log_in(world.secretariat_user, PASSWORD)
    page.goto(world.year.get_absolute_url())
    report = _pdf_text(_download(page, "Báo cáo tổng kết (PDF)"))
    assert "Phú Thọ" in report and "120/QĐ-BNG" in report
    page.goto(nomination.get_absolute_url())
    dossier = _pdf_text(_download(page, "Hồ sơ (PDF)"))
    assert "TỜ TRÌNH" in dossier and "12 thỏa thuận hợp tác quốc tế" in dossier
    page.goto(f"/years/{world.year.pk}/ranking/")
    workbook = load_workbook(io.BytesIO(_download(page, "Tải về (.xlsx)")))
    cells = [cell for row in workbook.active.iter_rows(values_only=True) for cell in row]
    assert "Phú Thọ" in " ".join(str(cell) for cell in cells if cell)

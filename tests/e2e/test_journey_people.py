"""Journey: a member agency without an account joins the year, without anyone opening /admin/.

The secretariat (A, Hải Phòng) invites a contact person for Quảng Ngãi, a new member of the
year with no account; the contact opens the link of the e-mail, chooses a user name and
password, files the self-assessment; the secretariat returns it with a question; the contact
sees the notification, follows it to the explanation page and answers.
"""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from clusters import services as cluster_services
from clusters.models import Notification, User
from scoring.models import Assessment
from tests.conftest import PASSWORD

NEW_PASSWORD = "Sa-Huynh-Quang-Ngai-2025"


@pytest.mark.parametrize("viewport", ["desktop", "phone"], indirect=True)
def test_an_invited_contact_files_and_answers_a_question(
    page,
    log_in,
    log_out,
    assert_accessible,
    confirmations,
    evidence_pdf,
    transactional_db,
    world,
    scoring_year,
    make_agency,
    settings,
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    visited = []
    page.on("framenavigated", lambda frame: visited.append(frame.url))
    newcomer = make_agency("Quảng Ngãi")
    membership = cluster_services.membership_add(
        cluster_year=world.year, agency=newcomer, by=world.secretariat_user
    )

    # The secretariat finds the member without an account and invites its contact.
    log_in(world.secretariat_user, PASSWORD)
    page.goto(world.year.get_absolute_url())
    page.get_by_role("link", name="Chưa có tài khoản: mời người liên hệ Quảng Ngãi").click()
    assert_accessible(page)
    page.get_by_label("Họ và tên").fill("Trương Thị Sa")
    page.get_by_label("Thư điện tử").fill("sa.tt@quangngai.gov.vn")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã gửi lời mời tới sa.tt@quangngai.gov.vn")).to_be_visible()
    log_out()

    (invitation,) = mail.outbox
    link = re.search(r"https?://\S+(/accounts/invitation/\S+/)", invitation.body).group(1)
    page.goto(link)
    expect(page.get_by_text("Trương Thị Sa")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Tên đăng nhập").fill("sa.tt")
    page.locator("#id_password1").fill(NEW_PASSWORD)  # its label is a prefix of the next one
    page.get_by_label("Nhập lại mật khẩu").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Tạo tài khoản").click()
    expect(page.get_by_text("Tài khoản của bạn đã sẵn sàng.")).to_be_visible()
    contact = User.objects.get(username="sa.tt")
    assert contact.agency == newcomer

    # The contact files the self-assessment from the dashboard.
    page.get_by_role("link", name="Bắt đầu tự chấm điểm.").click()
    page.get_by_role("button", name="Bắt đầu tự chấm điểm").click()
    page.get_by_label("Điểm — 1.1", exact=True).fill("8")
    page.get_by_label("Kết quả — 1.2", exact=True).select_option(label="Đạt")
    page.get_by_label("Số lần — 1.3", exact=True).fill("1")
    page.get_by_label("Số thực hiện — 2.1", exact=True).fill("90")
    page.get_by_label("Chỉ tiêu — 2.1", exact=True).fill("100")
    page.get_by_label("Điểm — 3.1", exact=True).fill("0")
    page.get_by_label("Điểm — 3.2", exact=True).fill("0")
    page.get_by_role("button", name="Lưu nháp").click()
    page.get_by_label("Đính kèm tệp (PDF, ảnh hoặc văn bản văn phòng) — 1.1").set_input_files(
        evidence_pdf
    )
    page.get_by_role("button", name="Đính kèm — 1.1").click()
    page.get_by_role("button", name="Lưu và gửi").click()
    assessment = Assessment.objects.get(membership=membership)
    assert assessment.status == Assessment.Status.SUBMITTED
    log_out()

    # The secretariat returns it with a question.
    log_in(world.secretariat_user, PASSWORD)
    page.goto(f"/assessments/{assessment.pk}/review/")
    page.get_by_label("Nội dung đề nghị đơn vị giải trình").fill("Đề nghị bổ sung số liệu 2.1.")
    page.get_by_role("button", name="Trả lại để giải trình").click()
    expect(page.get_by_text("Đã trả lại bản chấm điểm kèm câu hỏi cho Quảng Ngãi")).to_be_visible()
    log_out()
    # Nobody else's staff is told of Quảng Ngãi's return.
    told = Notification.objects.filter(subject__contains="câu hỏi")
    assert {n.user_id for n in told} == {contact.pk}

    # The contact sees the notification and follows it to where it answers.
    log_in(contact, NEW_PASSWORD)
    toggler = page.get_by_role("button", name="Mở trình đơn")
    if toggler.is_visible():
        toggler.click()
    page.get_by_role("link", name=re.compile("Thông báo")).click()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("có câu hỏi")).click()
    expect(page.get_by_text("Đề nghị bổ sung số liệu 2.1.")).to_be_visible()
    page.get_by_label("Nội dung giải trình — 2.1", exact=True).fill("Số liệu cập nhật đến 30/11.")
    page.get_by_role("button", name="Lưu giải trình").click()
    page.get_by_role("button", name="Gửi giải trình").click()
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.EXPLAINED
    assert not [url for url in visited if "/admin/" in url]

"""Journey 2: a member's self-assessment, from the first score to the published ranking.

A member fills its self-assessment with an evidence upload and submits; the secretariat
reviews and returns it with a question; the member explains; the secretariat finalises and
publishes the ranking; another member sees the published ranking. The other members'
assessments are made final through the services beforehand, as a finished year would be.

A separate test does the member's part with the keyboard alone.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from scoring import services
from scoring.models import Assessment, Evidence, RankingPublication
from tests.conftest import PASSWORD

Status = Assessment.Status


def c_assessment(world) -> Assessment:
    return Assessment.objects.get(membership=world.memberships["C"])


def scores_of(assessment: Assessment) -> dict:
    return {s.criterion.code: s for s in assessment.scores.select_related("criterion")}


def review_row(page, title: str):
    """A criterion's row on the review page."""
    return page.get_by_role("listitem").filter(has_text=title)


@pytest.mark.parametrize("viewport", ["desktop", "phone"], indirect=True)
def test_member_self_assessment_goes_through_review_to_the_published_ranking(
    page,
    log_in,
    log_out,
    assert_accessible,
    confirmations,
    evidence_pdf,
    transactional_db,
    world,
    scoring_year,
):
    # The member (C, Phú Thọ) starts from its dashboard.
    log_in(world.member_user, PASSWORD)
    assert_accessible(page)
    page.get_by_role("link", name="Bắt đầu tự chấm điểm.").click()
    page.get_by_role("button", name="Bắt đầu tự chấm điểm").click()
    expect(page.get_by_role("heading", name="Tự chấm điểm", level=1)).to_be_visible()
    assert_accessible(page)

    # Every criterion, the Vietnamese way of writing 7.5 included.
    page.get_by_label("Điểm — 1.1", exact=True).fill("7,5")
    page.get_by_label("Thuyết minh — 1.1", exact=True).fill("Hoàn thành 15/20 nhiệm vụ đối ngoại.")
    page.get_by_label("Kết quả — 1.2", exact=True).select_option(label="Đạt")
    page.get_by_label("Số lần — 1.3", exact=True).fill("2")
    page.get_by_label("Số thực hiện — 2.1", exact=True).fill("120")
    page.get_by_label("Chỉ tiêu — 2.1", exact=True).fill("100")
    page.get_by_label("Điểm — 3.1", exact=True).fill("1")
    page.get_by_label("Điểm — 3.2", exact=True).fill("0")
    # The running total (criteria against a target are scaled at ranking): 7.5 + 5 + 4 + 1.
    expect(page.locator("[data-grand-total]")).to_have_text("17,5")
    page.get_by_role("button", name="Lưu nháp").click()
    expect(page.get_by_text("Đã lưu nháp.")).to_be_visible()
    assessment = c_assessment(world)
    scores = scores_of(assessment)
    assert assessment.status == Status.DRAFT
    assert scores["1.1"].self_value == Decimal("7.5")
    assert (scores["2.1"].self_value, scores["2.1"].target) == (120, 100)

    # The evidence 1.1 requires.
    page.get_by_label("Đính kèm tệp (PDF, ảnh hoặc văn bản văn phòng) — 1.1").set_input_files(
        evidence_pdf
    )
    page.get_by_role("button", name="Đính kèm — 1.1").click()
    expect(page.get_by_text("Đã đính kèm “bao-cao-ket-qua.pdf”.")).to_be_visible()
    expect(page.get_by_role("link", name="bao-cao-ket-qua.pdf", exact=True)).to_be_visible()
    assert Evidence.objects.get(score=scores["1.1"]).original_name == "bao-cao-ket-qua.pdf"

    page.get_by_role("button", name="Lưu và gửi").click()
    expect(page.get_by_text("Đã gửi bản tự chấm điểm cho Thường trực Cụm.")).to_be_visible()
    assert confirmations[-1] == "Lưu và gửi bản tự chấm điểm? Sau khi gửi sẽ không sửa được nữa."
    assert c_assessment(world).status == Status.SUBMITTED
    log_out()

    # The secretariat (A, Hải Phòng) reviews and asks a question about 1.1.
    log_in(world.secretariat_user, PASSWORD)
    page.get_by_role("link", name="Thẩm định 1 bản tự chấm điểm đang chờ.").click()
    page.get_by_role("link", name="Mở Phú Thọ").click()
    page.get_by_role("link", name="Thẩm định", exact=True).click()
    expect(page.get_by_role("heading", name="Thẩm định: Sở Ngoại vụ Phú Thọ")).to_be_visible()
    assert_accessible(page)
    row = review_row(page, "1.1. Hoàn thành kế hoạch đối ngoại")
    expect(row.get_by_role("link", name="bao-cao-ket-qua.pdf", exact=True)).to_be_visible()
    row.get_by_label("Điểm thẩm định").fill("6")
    row.get_by_label("Nhận xét hoặc câu hỏi").fill("Đề nghị nêu rõ 5 nhiệm vụ chưa hoàn thành.")
    # Returned without saving first: what was typed goes along with the return.
    page.get_by_label("Nội dung đề nghị đơn vị giải trình").fill("Đề nghị giải trình tiêu chí 1.1.")
    page.get_by_role("button", name="Trả lại để giải trình").click()
    expect(page.get_by_text("Đã trả lại bản chấm điểm kèm câu hỏi cho Phú Thọ")).to_be_visible()
    assessment = c_assessment(world)
    scores = scores_of(assessment)
    assert assessment.status == Status.RETURNED
    assert scores["1.1"].reviewed_value == 6
    assert scores["1.1"].review_comment == "Đề nghị nêu rõ 5 nhiệm vụ chưa hoàn thành."
    log_out()

    # The member answers: 7 points, and why.
    log_in(world.member_user, PASSWORD)
    page.get_by_role(
        "link", name="Thường trực Cụm có câu hỏi: giải trình bản tự chấm điểm."
    ).click()
    expect(page.get_by_text("Đề nghị giải trình tiêu chí 1.1.")).to_be_visible()
    expect(page.get_by_text("Đề nghị nêu rõ 5 nhiệm vụ chưa hoàn thành.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Nội dung giải trình — 1.1", exact=True).fill(
        "Hai nhiệm vụ chuyển sang năm 2026 theo chỉ đạo của UBND tỉnh."
    )
    page.get_by_label("Điểm đề nghị (để trống nếu đồng ý) — 1.1", exact=True).fill("7")
    page.get_by_role("button", name="Lưu giải trình").click()
    expect(page.get_by_text("Đã lưu giải trình. Hoàn thiện rồi hãy gửi.")).to_be_visible()
    page.get_by_label("Gửi kèm cho Thường trực Cụm").fill("Kính gửi Thường trực Cụm.")
    page.get_by_role("button", name="Gửi giải trình").click()
    expect(page.get_by_text("Đã gửi giải trình cho Thường trực Cụm.")).to_be_visible()
    assert confirmations[-1] == (
        "Gửi giải trình cho Thường trực Cụm? Sau khi gửi sẽ không sửa được nữa."
    )
    assessment = c_assessment(world)
    scores = scores_of(assessment)
    assert assessment.status == Status.EXPLAINED
    assert scores["1.1"].explained_value == 7
    assert scores["1.1"].explanation.startswith("Hai nhiệm vụ chuyển sang năm 2026")
    log_out()

    # The secretariat finalises (the final scores start from the member's latest values)
    # and publishes the ranking.
    log_in(world.secretariat_user, PASSWORD)
    page.get_by_role("link", name="Thẩm định 1 bản tự chấm điểm đang chờ.").click()
    page.get_by_role("link", name="Mở Phú Thọ").click()
    page.get_by_role("link", name="Thẩm định", exact=True).click()
    expect(
        review_row(page, "1.1. Hoàn thành kế hoạch đối ngoại").get_by_label("Điểm chính thức")
    ).to_have_value("7")
    page.get_by_role("link", name="Chốt điểm…").click()
    page.get_by_label("Tôi đã đọc những gì sẽ xảy ra và muốn tiếp tục.").check()
    page.get_by_role("button", name="Chốt điểm").click()
    expect(page.get_by_text("Đã chốt điểm đối với Phú Thọ.")).to_be_visible()
    assessment = c_assessment(world)
    assert assessment.status == Status.FINAL
    assert scores_of(assessment)["1.1"].final_value == 7
    page.get_by_role("link", name="Xếp hạng", exact=True).click()
    assert_accessible(page)
    page.get_by_role("link", name="Công bố cho các đơn vị thành viên…").click()
    page.get_by_label("Tôi đã đọc những gì sẽ xảy ra và muốn tiếp tục.").check()
    page.get_by_role("button", name="Công bố cho các đơn vị thành viên").click()
    expect(page.get_by_text("Đã công bố kết quả xếp hạng")).to_be_visible()
    assert RankingPublication.objects.filter(cluster_year=scoring_year).exists()
    log_out()

    # Another member (D, Hà Nội) finds the published ranking from its year's page.
    log_in(world.other_member_user, PASSWORD)
    page.get_by_role("link", name=str(scoring_year)).first.click()
    page.get_by_role("link", name="Xếp hạng", exact=True).click()
    expect(page.get_by_text("Đã công bố", exact=True)).to_be_visible()
    standing = page.get_by_role("region", name="Bảng xếp hạng")
    first = standing.get_by_role("row").nth(1)  # after the header row
    expect(first.get_by_role("rowheader")).to_contain_text("Sở Ngoại vụ Phú Thọ")
    cells = first.get_by_role("cell")  # rank, the three groups, total, self-assessed, ...
    expect(cells.first).to_have_text("1")
    # 7 + Đạt 5 + 2 × 2, the best FDI ratio 20, a bonus of 1; self-assessed 37.5.
    expect(cells.nth(4)).to_have_text("37")
    expect(cells.nth(5)).to_have_text("37,50")
    expect(standing.get_by_role("rowheader")).to_have_count(4)
    assert_accessible(page)


# The member's part with the keyboard alone ----------------------------------------------------


def tab_to(page, target, *, limit: int = 200) -> None:
    """Press Tab (only Tab) until `target` has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    pytest.fail(f"{target} never got the focus after {limit} presses of Tab on {page.url}")


def type_into(page, target, text: str) -> None:
    tab_to(page, target)
    page.keyboard.type(text)


def test_member_fills_and_submits_its_self_assessment_with_the_keyboard_alone(
    page, confirmations, evidence_pdf, transactional_db, world, scoring_year
):
    # Listening from the start: Playwright turns the interception of file dialogs on without
    # waiting for the browser's answer, so a listener added just before the key press can miss
    # the dialog.
    page.on("filechooser", lambda chooser: chooser.set_files(evidence_pdf))
    page.goto("/accounts/login/")
    type_into(page, page.get_by_label("Tên đăng nhập"), world.member_user.username)
    type_into(page, page.get_by_label("Mật khẩu"), PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/")

    tab_to(page, page.get_by_role("link", name="Bắt đầu tự chấm điểm."))
    page.keyboard.press("Enter")
    tab_to(page, page.get_by_role("button", name="Bắt đầu tự chấm điểm"))
    page.keyboard.press("Space")
    expect(page.get_by_role("heading", name="Tự chấm điểm", level=1)).to_be_visible()

    label = page.get_by_label
    type_into(page, label("Điểm — 1.1", exact=True), "7,5")
    type_into(page, label("Thuyết minh — 1.1", exact=True), "Hoàn thành 15/20 nhiệm vụ.")
    tab_to(page, label("Kết quả — 1.2", exact=True))
    page.keyboard.press("ArrowDown")  # from "—" to "Đạt"
    type_into(page, label("Số lần — 1.3", exact=True), "2")
    type_into(page, label("Số thực hiện — 2.1", exact=True), "120")
    type_into(page, label("Chỉ tiêu — 2.1", exact=True), "100")
    type_into(page, label("Điểm — 3.1", exact=True), "1")
    type_into(page, label("Điểm — 3.2", exact=True), "0")
    tab_to(page, page.get_by_role("button", name="Lưu nháp"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("Đã lưu nháp.")).to_be_visible()

    # The file input opens the system's file dialog from the keyboard; Playwright answers it.
    file_input = label("Đính kèm tệp (PDF, ảnh hoặc văn bản văn phòng) — 1.1")
    tab_to(page, file_input)
    page.keyboard.press("Enter")
    expect(file_input).to_have_value(re.compile(r"bao-cao-ket-qua\.pdf$"))
    tab_to(page, page.get_by_role("button", name="Đính kèm — 1.1"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("Đã đính kèm “bao-cao-ket-qua.pdf”.")).to_be_visible()

    tab_to(page, page.get_by_role("button", name="Lưu và gửi"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("Đã gửi bản tự chấm điểm cho Thường trực Cụm.")).to_be_visible()
    assert confirmations[-1] == "Lưu và gửi bản tự chấm điểm? Sau khi gửi sẽ không sửa được nữa."
    assessment = c_assessment(world)
    scores = scores_of(assessment)
    assert assessment.status == Status.SUBMITTED
    assert {code: scores[code].self_value for code in ("1.1", "1.2", "1.3", "2.1", "3.1")} == {
        "1.1": Decimal("7.5"),
        "1.2": 5,
        "1.3": 2,
        "2.1": 120,
        "3.1": 1,
    }
    assert scores["1.1"].evidence.get().original_name == "bao-cao-ket-qua.pdf"


def test_choosing_an_evidence_file_after_saving_asks_no_confirmation(
    page, log_in, confirmations, evidence_pdf, transactional_db, world, scoring_year
):
    assessment = services.assessment_open(membership=world.memberships["C"], by=None)
    log_in(world.member_user, PASSWORD)
    page.goto(reverse("scoring:assessment_self", args=[assessment.pk]))
    page.get_by_label("Đính kèm tệp (PDF, ảnh hoặc văn bản văn phòng) — 1.1").set_input_files(
        evidence_pdf
    )
    page.get_by_role("button", name="Đính kèm — 1.1").click()
    expect(page.get_by_text("Đã đính kèm “bao-cao-ket-qua.pdf”.")).to_be_visible()
    assert confirmations == []

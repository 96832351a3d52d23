"""Journey 1: the secretariat starts next year from this year.

At the year-end conference of 2025 (recorded beforehand) the cluster elects the officers of
2026: the election creates 2026 with the same members. The new head's staff then imports the
criteria from a spreadsheet and sets the deadlines, and a member starts its self-assessment.
The officers rotate as they did in Cụm II from 2017 to 2018: Thái Nguyên (B) follows Hải Phòng
(A) as head, with Phú Thọ (C) as first deputy.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from playwright.sync_api import expect

from clusters.models import ClusterYear, Conference, Officer
from scoring import criteria_tree
from scoring.models import Assessment
from scoring.spreadsheets import criteria_workbook
from tests.conftest import PASSWORD
from tests.fixtures.scoring import CRITERIA


def test_secretariat_starts_next_year_and_a_member_starts_its_self_assessment(
    page, log_in, log_out, assert_accessible, transactional_db, world, make_conference, tmp_path
):
    make_conference(
        world.year,
        kind=Conference.Kind.YEAR_END,
        title="Hội nghị tổng kết công tác thi đua năm 2025",
        place="Hải Phòng",
        host=world.memberships["A"],
    )
    spreadsheet = tmp_path / "tieu-chi-2026.xlsx"
    spreadsheet.write_bytes(criteria_workbook(CRITERIA))
    today = timezone.localdate()
    opens, deadline, review = (today + datetime.timedelta(days=days) for days in (0, 30, 45))

    # The secretariat of 2025 (A) records the election from the year-end conference.
    log_in(world.secretariat_user, PASSWORD)
    page.get_by_role("link", name=str(world.year)).first.click()
    assert_accessible(page)
    conferences = page.get_by_role("region", name="Hội nghị", exact=True)
    conferences.get_by_role("link", name="Hội nghị tổng kết công tác thi đua năm 2025").click()
    assert_accessible(page)
    page.get_by_role("link", name="Ghi nhận kết quả bầu").click()
    expect(page.get_by_role("heading", name="Bầu Cụm trưởng, Cụm phó năm 2026")).to_be_visible()
    page.get_by_label("Cụm trưởng").select_option(label="Sở Ngoại vụ Thái Nguyên")
    page.get_by_label("Cụm phó thứ nhất").select_option(label="Sở Ngoại vụ Phú Thọ")
    assert_accessible(page)
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã ghi nhận kết quả bầu; năm 2026 đã có Cụm trưởng")).to_be_visible()
    next_year = ClusterYear.objects.get(cluster=world.cluster, year=2026)
    assert sorted(m.agency.short_name for m in next_year.memberships.all()) == sorted(
        world.agencies[letter].short_name for letter in "ABCD"
    )
    assert {o.role: o.membership.agency for o in next_year.officers.all()} == {
        Officer.Role.HEAD: world.agencies["B"],
        Officer.Role.DEPUTY_1: world.agencies["C"],
    }
    log_out()

    # The new head's staff (B) sets the year up: criteria from Excel, then the deadlines.
    log_in(world.deputy_user, PASSWORD)
    assert_accessible(page)
    page.get_by_role("link", name=str(next_year)).first.click()
    expect(page.get_by_role("region", name="Đơn vị Cụm trưởng, Cụm phó")).to_contain_text(
        "Sở Ngoại vụ Thái Nguyên"
    )
    page.get_by_role("link", name="Mở tiêu chí").click()
    page.get_by_role("link", name="Nhập từ Excel").first.click()
    assert_accessible(page)
    page.get_by_label("Tệp Excel (.xlsx)").set_input_files(spreadsheet)
    page.get_by_role("button", name="Nhập", exact=True).click()
    expect(page.get_by_text("Đã lưu tiêu chí.")).to_be_visible()
    expect(page.get_by_role("rowheader", name="Hoàn thành kế hoạch đối ngoại")).to_be_visible()
    assert_accessible(page)
    criteria_set = next_year.criteria_sets.current()
    assert criteria_tree.criteria_rows(criteria_set) == CRITERIA

    page.get_by_role("link", name=f"← {next_year}").click()
    page.get_by_role("link", name="Thiết lập").click()
    page.get_by_label("Ngày bắt đầu tự chấm điểm").fill(opens.strftime("%d/%m/%Y"))
    page.get_by_label("Hạn tự chấm điểm", exact=True).fill(deadline.strftime("%d/%m/%Y"))
    page.get_by_label("Hạn thẩm định").fill(review.strftime("%d/%m/%Y"))
    assert_accessible(page)
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã lưu.")).to_be_visible()
    next_year.refresh_from_db()
    assert (
        next_year.self_assessment_opens,
        next_year.self_assessment_deadline,
        next_year.review_deadline,
    ) == (opens, deadline, review)
    log_out()

    # A member (D) finds the invitation on its dashboard and starts.
    log_in(world.other_member_user, PASSWORD)
    page.get_by_role("link", name="Bắt đầu tự chấm điểm.").click()
    assert_accessible(page)
    page.get_by_role("button", name="Bắt đầu tự chấm điểm").click()
    expect(page.get_by_role("heading", name="Tự chấm điểm", level=1)).to_be_visible()
    expect(page.get_by_label("Điểm — 1.1", exact=True)).to_be_editable()
    assert_accessible(page)
    assessment = Assessment.objects.get(membership__cluster_year=next_year)
    assert assessment.membership.agency == world.agencies["D"]
    assert assessment.criteria_set == criteria_set
    assert assessment.status == Assessment.Status.DRAFT

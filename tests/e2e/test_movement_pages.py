"""axe-core on the movement pages, at both viewports: as the secretariat plans the movement,
and as a member reports on a phase (with the refusal it reads when the phase is closed)."""

import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.movements import build_movement

PLANNING = {
    "movements": lambda m: reverse("clusters:movement_list"),
    "movement": lambda m: m.get_absolute_url(),
    "phase": lambda m: m.phases.first().get_absolute_url(),
    "contents": lambda m: reverse("clusters:movement_contents", args=[m.pk]),
    "phases": lambda m: reverse("clusters:movement_phases", args=[m.pk]),
    "links": lambda m: reverse("scoring:content_links", args=[m.contents.first().pk]),
}


@pytest.mark.parametrize("viewport", ["desktop", "phone"], indirect=True)
@pytest.mark.parametrize("name", PLANNING)
def test_movement_pages_have_no_serious_accessibility_violation(
    page, log_in, assert_accessible, transactional_db, world, name
):
    movement = build_movement(world)
    log_in(world.secretariat_user, PASSWORD)
    page.goto(PLANNING[name](movement))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize("viewport", ["desktop", "phone"], indirect=True)
def test_a_member_reports_on_the_phase(page, log_in, assert_accessible, transactional_db, world):
    movement = build_movement(world)
    log_in(world.member_user, PASSWORD)
    page.goto(movement.get_absolute_url())
    page.get_by_role("link", name="Báo cáo của Phú Thọ").first.click()
    assert_accessible(page)
    page.get_by_label("1. Thực hiện tốt các chủ trương").fill("Đã quán triệt đến công chức")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã lưu báo cáo của đơn vị.")).to_be_visible()
    expect(page.get_by_text("Đã quán triệt đến công chức")).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize("viewport", ["desktop"], indirect=True)
def test_a_closed_phase_says_so_and_offers_no_report(page, log_in, transactional_db, world):
    movement = build_movement(world, deadline=datetime.date(2025, 7, 10))
    log_in(world.member_user, PASSWORD)
    page.goto(reverse("clusters:phase_report", args=[movement.phases.first().pk]))
    expect(page.get_by_text("Việc sơ kết đợt 1 đã kết thúc ngày 10/07/2025")).to_be_visible()
    expect(page.get_by_role("link", name="Báo cáo của Phú Thọ")).to_have_count(0)

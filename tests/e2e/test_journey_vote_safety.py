"""Journey: closing a vote asks first and keeps every ballot secret; a closed vote is reopened
with a reason, and closed again.

The world's year (tests/fixtures/scoring.py `year_end`) has four members and a threshold of
80 %, so its online vote closes only once all four have voted. C (Phú Thọ) is proposed for the
ministry's flag; C and D have voted when the secretariat first tries to close.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from clusters.models import Notification
from scoring import services
from scoring.models import AwardType, Ballot, Reversal
from tests.conftest import PASSWORD
from tests.fixtures.scoring import FLAG

CONFIRM = "Tôi đã đọc những gì sẽ xảy ra và muốn tiếp tục."


def _cast(world, ballot, proposal, *letters: str) -> None:
    for letter in letters:
        services.ballot_cast(
            ballot=ballot,
            membership=world.memberships[letter],
            choices={proposal.pk: "for"},
            by=None,
        )


@pytest.mark.parametrize("viewport", ["desktop", "phone"], indirect=True)
def test_close_refused_then_confirmed_reopened_and_closed_again(
    page,
    log_in,
    assert_accessible,
    transactional_db,
    year_end,
    viewport,
):
    world = year_end
    ballot = services.ballot_create(conference=world.year_end, method=Ballot.Method.ONLINE, by=None)
    proposal = services.proposal_add(
        ballot=ballot,
        membership=world.memberships["C"],
        award_type=AwardType.objects.get(name=FLAG),
        by=None,
    )
    ballot = services.ballot_open(ballot=ballot, by=None)
    _cast(world, ballot, proposal, "C", "D")
    names = {letter: world.agencies[letter].short_name for letter in "AB"}
    shot = f"artifacts/e2e/vote-safety-{viewport['width']}"

    # Two of four have voted: closing now would let each voter read the other's ballot.
    log_in(world.secretariat_user, PASSWORD)
    page.goto(ballot.get_absolute_url())
    expect(page.get_by_text("2/4 đơn vị thành viên đã bỏ phiếu")).to_be_visible()
    page.get_by_role("link", name="Kết thúc bỏ phiếu…").click()
    refusal = page.get_by_role("alert")
    expect(refusal).to_contain_text("Chưa thể kết thúc bỏ phiếu: mới có 2/4 thành viên")
    for name in names.values():
        expect(refusal).to_contain_text(name)
    expect(page.get_by_label(CONFIRM)).to_have_count(0)
    assert_accessible(page)
    page.screenshot(path=f"{shot}-1-refused.png", full_page=True)
    assert Ballot.objects.get(pk=ballot.pk).state == Ballot.State.OPEN

    # Everyone has voted: the page says what will happen and asks for the tick.
    _cast(world, ballot, proposal, "A", "B")
    page.get_by_role("link", name="Quay lại").click()
    page.get_by_role("link", name="Kết thúc bỏ phiếu…").click()
    expect(
        page.get_by_text("Cuộc bỏ phiếu kết thúc với 4/4 thành viên đã bỏ phiếu")
    ).to_be_visible()
    page.get_by_role("button", name="Kết thúc bỏ phiếu").click()  # not ticked
    expect(page.get_by_text("Hãy đánh dấu vào ô để xác nhận thao tác.")).to_be_visible()
    assert Ballot.objects.get(pk=ballot.pk).state == Ballot.State.OPEN
    assert_accessible(page)
    page.screenshot(path=f"{shot}-2-confirm.png", full_page=True)
    page.get_by_label(CONFIRM).check()
    page.get_by_role("button", name="Kết thúc bỏ phiếu").click()
    expect(page.get_by_text("Đã kết thúc bỏ phiếu.")).to_be_visible()
    expect(page.get_by_role("table").get_by_text("Được thông qua", exact=True)).to_be_visible()

    # Reopened, with a reason: the votes stay, the results are hidden again.
    page.get_by_role("link", name="Mở lại cuộc bỏ phiếu…").click()
    page.get_by_label("Lý do").fill("Sở Ngoại vụ Hà Nội đề nghị kiểm tra lại danh sách đề nghị.")
    page.get_by_label(CONFIRM).check()
    assert_accessible(page)
    page.screenshot(path=f"{shot}-3-reopen.png", full_page=True)
    page.get_by_role("button", name="Mở lại cuộc bỏ phiếu").click()
    expect(page.get_by_text("Cuộc bỏ phiếu đã được mở lại.")).to_be_visible()
    expect(page.get_by_text("4/4 đơn vị thành viên đã bỏ phiếu")).to_be_visible()
    expect(page.get_by_role("table").get_by_text("Được thông qua", exact=True)).to_have_count(0)
    assert Reversal.objects.get().reason.startswith("Sở Ngoại vụ Hà Nội")
    assert Notification.objects.filter(user=world.member_user).exists()

    # And closed again, as before.
    page.get_by_role("link", name="Kết thúc bỏ phiếu…").click()
    page.get_by_label(CONFIRM).check()
    page.get_by_role("button", name="Kết thúc bỏ phiếu").click()
    expect(page.get_by_text("Đã kết thúc bỏ phiếu.")).to_be_visible()
    expect(page.get_by_role("table").get_by_text("Được thông qua", exact=True)).to_be_visible()
    page.screenshot(path=f"{shot}-4-closed-again.png", full_page=True)
    assert Ballot.objects.get(pk=ballot.pk).state == Ballot.State.CLOSED

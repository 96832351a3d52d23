"""Closing a vote asks first and keeps every ballot secret; a closed vote can be reopened, with
a reason, until a nomination is prepared from it.

The world's year has four members (A to D); its threshold is 80 %, so an online vote closes
only once all four have voted (80 % of 4 is 3.2: 4), or, at 60 %, three of them (never fewer).
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse

from clusters.models import Notification
from scoring import services, undo
from scoring.models import Ballot, Proposal, Reversal
from scoring.services import Tally
from tests.fixtures.scoring import ballot_proposing, flag_voted_for_c

pytestmark = pytest.mark.usefixtures("in_english")


@pytest.fixture
def online(year_end):
    """An online ballot on C for the flag and D for the certificate of merit, open."""
    ballot = ballot_proposing(year_end, Ballot.Method.ONLINE)
    year_end.ballot = services.ballot_open(ballot=ballot, by=None)
    return year_end


def cast(w, *letters: str) -> None:
    for letter in letters:
        services.ballot_cast(
            ballot=w.ballot,
            membership=w.memberships[letter],
            choices={w.flag_c.pk: "for", w.merit_d.pk: "against"},
            by=None,
        )


def state(w) -> str:
    return Ballot.objects.get(pk=w.ballot.pk).state


@pytest.mark.parametrize(
    ("electorate", "threshold", "needed"),
    [
        (4, "80", 4),  # 80 % of 4 = 3.2 → 4
        (4, "60", 3),  # 2.4 → 3
        (7, "60", 5),  # 4.2 → 5
        (10, "51", 6),  # 5.1 → 6
        (5, "51", 3),  # 2.55 → 3
        (6, "51", 4),  # 3.06 → 4
        (3, "51", 3),  # every member
        (2, "51", 2),  # fewer than 3 members: all of them
    ],
)
def test_the_turnout_that_keeps_ballots_secret(online, electorate, threshold, needed):
    online.year.vote_threshold = Decimal(threshold)
    online.ballot.electorate = electorate
    online.ballot.conference.cluster_year = online.year
    assert online.ballot.turnout_needed() == needed


def test_closing_after_one_vote_is_refused_and_shows_nothing(online):
    cast(online, "C")
    short = {letter: online.memberships[letter].agency.short_name for letter in "ABD"}
    with pytest.raises(ValidationError) as refused:
        services.ballot_close(ballot=online.ballot, by=None)
    message = refused.value.messages[0]
    assert "1 of 4 members have voted" in message
    assert "only once 4 have" in message
    assert all(name in message for name in short.values())
    assert state(online) == Ballot.State.OPEN
    assert Proposal.objects.get(pk=online.flag_c.pk).result is None


def test_closing_at_the_years_share_of_at_least_three_members(online):
    online.year.vote_threshold = Decimal("60")
    online.year.save()
    cast(online, "A", "C")
    with pytest.raises(ValidationError, match="2 of 4"):
        services.ballot_close(ballot=online.ballot, by=None)
    cast(online, "D")
    services.ballot_close(ballot=online.ballot, by=None)
    flag = Proposal.objects.get(pk=online.flag_c.pk)
    # The attendance is the turnout: one number.
    assert (flag.present, flag.votes_for) == (3, 3)


def test_the_close_page_names_who_has_not_voted_and_asks_first(client, online):
    online.year.vote_threshold = Decimal("60")  # 3 of the 4 members may close the vote
    online.year.save()
    short = {letter: online.memberships[letter].agency.short_name for letter in "ABCD"}
    cast(online, "A", "C")
    client.force_login(online.secretariat_user)
    url = reverse("scoring:ballot_close", args=[online.year_end.pk])
    page = client.get(url).content.decode()
    assert "The vote cannot close yet: 2 of 4 members have voted" in page
    assert f"Still to vote: {', '.join(sorted([short['B'], short['D']]))}." in page
    assert 'name="confirm"' not in page  # refused: no button

    cast(online, "B")
    page = client.get(url).content.decode()
    assert "3 of 4 members having voted" in page
    assert f"Have not voted and will not be able to: {short['D']}." in page
    assert 'name="confirm"' in page
    # Sent without the box ticked: asked again, nothing closed.
    response = client.post(url, {})
    assert response.status_code == 400
    assert "Tick the box" in response.content.decode()
    assert state(online) == Ballot.State.OPEN
    assert client.post(url, {"confirm": "on"}).status_code == 302
    assert state(online) == Ballot.State.CLOSED


def test_a_close_sent_too_early_is_refused_with_the_reason(client, online):
    cast(online, "C")
    client.force_login(online.secretariat_user)
    url = reverse("scoring:ballot_close", args=[online.year_end.pk])
    response = client.post(url, {"confirm": "on"})
    assert response.status_code == 400
    assert "The vote cannot close yet" in response.content.decode()
    assert state(online) == Ballot.State.OPEN


def test_reopening_keeps_the_votes_and_needs_a_reason(online):
    cast(online, "A", "B", "C", "D")
    services.ballot_close(ballot=online.ballot, by=None)
    with pytest.raises(ValidationError, match="Say why"):
        undo.ballot_reopen(ballot=online.ballot, reason="  ", by=online.secretariat_user)
    assert state(online) == Ballot.State.CLOSED

    undo.ballot_reopen(
        ballot=online.ballot, reason="Phiếu của Sở D gửi nhầm", by=online.secretariat_user
    )
    assert state(online) == Ballot.State.OPEN
    flag = Proposal.objects.get(pk=online.flag_c.pk)
    assert (flag.votes_for, flag.present, flag.result) == (4, None, None)
    reversal = Reversal.objects.get()
    assert (reversal.step, reversal.reason, reversal.by) == (
        Reversal.Step.VOTE_REOPENED,
        "Phiếu của Sở D gửi nhầm",
        online.secretariat_user,
    )
    assert LogEntry.objects.get_for_object(reversal).exists()
    changes = LogEntry.objects.get_for_object(online.ballot).first().changes_dict
    assert changes["state"] == ["closed", "open"]
    notified = set(Notification.objects.values_list("user__username", flat=True))
    assert {"member", "other_member", "secretariat", "deputy"} <= notified
    assert "stranger" not in notified
    assert Notification.objects.filter(body="Phiếu của Sở D gửi nhầm").exists()
    # It closes again, and its results are those of the same votes.
    services.ballot_close(ballot=online.ballot, by=None)
    assert Proposal.objects.get(pk=online.flag_c.pk).present == 4


def test_no_reopening_once_a_nomination_is_prepared(online):
    cast(online, "A", "B", "C", "D")
    services.ballot_close(ballot=online.ballot, by=None)
    services.nomination_create(proposal=online.flag_c, by=None)
    c = online.memberships["C"].agency.short_name
    assert c in undo.ballot_reopen_refusal(Ballot.objects.get(pk=online.ballot.pk))
    with pytest.raises(ValidationError, match="nomination has been prepared"):
        undo.ballot_reopen(ballot=online.ballot, reason="Nhầm", by=None)
    assert state(online) == Ballot.State.CLOSED
    assert not Reversal.objects.exists()


def test_an_open_vote_cannot_be_reopened(online):
    with pytest.raises(ValidationError, match="Only a closed vote"):
        undo.ballot_reopen(ballot=online.ballot, reason="Nhầm", by=None)


def test_a_paper_vote_reopens_to_its_proposals_for_a_new_tally(year_end):
    proposal = flag_voted_for_c(year_end, Tally(4, 2, 2, 0))
    ballot = proposal.ballot
    undo.ballot_reopen(ballot=ballot, reason="Đếm sai phiếu", by=None)
    ballot.refresh_from_db()
    assert ballot.state == Ballot.State.PREPARING
    services.ballot_record_tally(ballot=ballot, tallies={proposal.pk: Tally(4, 4, 0, 0)}, by=None)
    assert Proposal.objects.get(pk=proposal.pk).result.passed


def test_the_reopen_page_asks_for_a_reason_and_a_tick(client, online):
    cast(online, "A", "B", "C", "D")
    services.ballot_close(ballot=online.ballot, by=None)
    client.force_login(online.secretariat_user)
    url = reverse("scoring:ballot_reopen", args=[online.year_end.pk])
    page = client.get(url).content.decode()
    assert "the votes already cast stay counted" in page
    response = client.post(url, {"confirm": "on", "reason": ""})
    assert response.status_code == 400
    response = client.post(url, {"reason": "Nhầm"})
    assert response.status_code == 400
    assert state(online) == Ballot.State.CLOSED
    assert client.post(url, {"confirm": "on", "reason": "Nhầm"}).status_code == 302
    assert state(online) == Ballot.State.OPEN

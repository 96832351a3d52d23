"""The vote and nomination pages: what each person sees, and the secrecy of the ballot."""

from __future__ import annotations

import datetime

import pytest
from django.contrib import admin
from django.urls import reverse

from scoring import services
from scoring.models import AwardType, Ballot, BallotReceipt, Nomination, Proposal
from tests.fixtures.scoring import FLAG, MERIT, flag_voted_for_c

pytestmark = pytest.mark.usefixtures("in_english")


@pytest.fixture
def online(year_end, client):
    w = year_end
    client.force_login(w.secretariat_user)
    url = reverse("scoring:ballot_create", args=[w.year_end.pk])
    assert client.post(url, {"method": "online"}).status_code == 302
    for letter, name in (("C", FLAG), ("D", MERIT)):
        response = client.post(
            reverse("scoring:proposal_add", args=[w.year_end.pk]),
            {
                "membership": w.memberships[letter].pk,
                "award_type": AwardType.objects.get(name=name).pk,
            },
        )
        assert response.status_code == 302
    client.post(reverse("scoring:ballot_open", args=[w.year_end.pk]))
    w.ballot = Ballot.objects.get(conference=w.year_end)
    assert w.ballot.state == Ballot.State.OPEN
    w.proposals = list(w.ballot.proposals.order_by("award_type__position"))
    return w


def vote(client, w, user, *choices) -> int:
    client.force_login(user)
    data = {f"vote_{p.pk}": choice for p, choice in zip(w.proposals, choices, strict=True)}
    return client.post(reverse("scoring:ballot_cast", args=[w.year_end.pk]), data).status_code


def test_members_vote_once_and_see_only_the_turnout_until_the_close(client, online):
    w = online
    assert vote(client, w, w.member_user, "for", "against") == 302
    assert vote(client, w, w.other_member_user, "for", "for") == 302
    page = client.get(reverse("scoring:ballot", args=[w.year_end.pk])).content.decode()
    assert "2 of 4 members have voted" in page
    assert "Cast the vote" not in page  # D has voted: no second ballot
    assert "Passed" not in page and "votes to spare" not in page
    # A second ballot by the same agency, sent anyway, is refused and changes nothing.
    assert vote(client, w, w.member_user, "against", "against") == 400
    assert Proposal.objects.get(pk=w.proposals[0].pk).votes_against == 0

    assert vote(client, w, w.secretariat_user, "against", "for") == 302
    assert vote(client, w, w.deputy_user, "abstain", "for") == 302
    client.force_login(w.secretariat_user)
    close = reverse("scoring:ballot_close", args=[w.year_end.pk])
    assert client.post(close, {"confirm": "on"}).status_code == 302
    page = client.get(reverse("scoring:ballot", args=[w.year_end.pk])).content.decode()
    assert "Not passed" in page  # 2 of 4 for the flag: 50%, 2 votes short of 4
    assert "2 votes short" in page


def test_the_secretariat_sees_which_members_have_still_to_vote(client, online):
    w = online
    vote(client, w, w.member_user, "for", "for")  # C
    short_names = {letter: w.memberships[letter].agency.short_name for letter in "ABCD"}
    client.force_login(w.secretariat_user)
    page = client.get(reverse("scoring:ballot", args=[w.year_end.pk])).content.decode()
    still = page.split("Still to vote:")[1].split("</p>")[0]
    assert all(short_names[letter] in still for letter in "ABD")
    assert short_names["C"] not in still
    client.force_login(w.other_member_user)
    page = client.get(reverse("scoring:ballot", args=[w.year_end.pk])).content.decode()
    assert "Still to vote:" not in page  # a member sees the count only


def test_a_vote_after_the_close_is_refused(client, online):
    online.year.vote_threshold = 60  # 3 of the 4 members may close the vote
    online.year.save()
    for user in (online.secretariat_user, online.deputy_user, online.other_member_user):
        assert vote(client, online, user, "for", "for") == 302
    client.force_login(online.secretariat_user)
    close = reverse("scoring:ballot_close", args=[online.year_end.pk])
    assert client.post(close, {"confirm": "on"}).status_code == 302
    assert vote(client, online, online.member_user, "for", "for") == 400
    assert BallotReceipt.objects.count() == 3


def test_the_admin_has_no_page_for_votes_or_receipts():
    registered = set(admin.site._registry)
    assert Proposal not in registered
    assert BallotReceipt not in registered


def test_the_ballot_page_never_shows_a_count_while_open(client, online):
    w = online
    vote(client, w, w.member_user, "for", "for")
    for user in (w.secretariat_user, w.ministry_user, w.superuser, w.other_member_user):
        client.force_login(user)
        page = client.get(reverse("scoring:ballot", args=[w.year_end.pk])).content.decode()
        assert "Results" not in page and ">1<" not in page.replace(" ", ""), user


def test_the_paper_tally_through_the_page(client, year_end):
    w = year_end
    client.force_login(w.secretariat_user)
    client.post(reverse("scoring:ballot_create", args=[w.year_end.pk]), {"method": "paper"})
    client.post(
        reverse("scoring:proposal_add", args=[w.year_end.pk]),
        {"membership": w.memberships["C"].pk, "award_type": AwardType.objects.get(name=FLAG).pk},
    )
    proposal = Proposal.objects.get()
    url = reverse("scoring:ballot_tally", args=[w.year_end.pk])
    data = {"present": 4, f"for_{proposal.pk}": 4, f"against_{proposal.pk}": 1}
    data[f"abstain_{proposal.pk}"] = 0
    response = client.post(url, data)
    assert response.status_code == 400
    assert "5 votes counted but only 4 members present" in response.content.decode()
    data[f"against_{proposal.pk}"] = 0
    assert client.post(url, data).status_code == 302
    page = client.get(reverse("scoring:ballot", args=[w.year_end.pk])).content.decode()
    assert "Passed" in page and "Prepare the nomination" in page


def test_the_nomination_through_to_the_ministrys_decision(client, year_end):
    w = year_end
    proposal = flag_voted_for_c(w)
    client.force_login(w.secretariat_user)
    response = client.post(reverse("scoring:nomination_create", args=[proposal.pk]))
    nomination = Nomination.objects.get()
    assert response.url == nomination.get_absolute_url()
    page = client.get(response.url).content.decode()
    assert "Eligibility" in page and "The vote passed" in page
    # Not yet: no achievement report.
    submit = reverse("scoring:nomination_submit", args=[nomination.pk])
    response = client.post(submit, {"comment": ""})
    assert response.status_code == 400
    assert "achievement report" in response.content.decode()
    client.post(
        reverse("scoring:nomination_report", args=[nomination.pk]),
        {"achievement_report": "Hoàn thành xuất sắc nhiệm vụ năm 2025."},
    )
    assert client.post(submit, {"comment": "Kính trình Bộ"}).status_code == 302

    client.force_login(w.ministry_user)
    queue = client.get(reverse("scoring:nomination_list"), {"state": "waiting"})
    assert nomination.get_absolute_url() in queue.content.decode()
    approve = reverse("scoring:nomination_approve", args=[nomination.pk])
    response = client.post(approve, {"decision_number": "", "decision_date": "01/02/2026"})
    assert response.status_code == 400
    nomination.refresh_from_db()
    assert nomination.state == Nomination.State.SUBMITTED
    response = client.post(
        approve,
        {
            "decision_number": "9/QĐ-BNG",
            "decision_date": "01/02/2026",
            "decision_signer": "Bộ trưởng",
            "confirm": "on",
        },
    )
    assert response.status_code == 302
    nomination.refresh_from_db()
    assert (nomination.state, nomination.decision_date) == (
        Nomination.State.APPROVED,
        datetime.date(2026, 2, 1),
    )
    # Approving twice: refused, nothing changed.
    response = client.post(
        approve,
        {
            "decision_number": "10/QĐ-BNG",
            "decision_date": "02/02/2026",
            "decision_signer": "X",
            "confirm": "on",
        },
    )
    assert response.status_code == 400
    nomination.refresh_from_db()
    assert nomination.decision_number == "9/QĐ-BNG"

    client.force_login(w.member_user)  # C follows its own nomination
    page = client.get(nomination.get_absolute_url()).content.decode()
    assert "Approved by decision 9/QĐ-BNG of 01/02/2026" in page


def _nominations(w, count: int) -> None:
    merit = AwardType.objects.get(name=MERIT)
    ballot = services.ballot_create(conference=w.year_end, method=Ballot.Method.PAPER, by=None)
    proposals = [
        services.proposal_add(
            ballot=ballot, membership=w.memberships[letter], award_type=merit, by=None
        )
        for letter in "ABCD"[:count]
    ]
    services.ballot_record_tally(
        ballot=ballot, tallies={p.pk: services.Tally(4, 4, 0, 0) for p in proposals}, by=None
    )
    for proposal in proposals:
        services.nomination_create(proposal=proposal, by=None)


@pytest.mark.parametrize("count", [1, 4])
def test_the_queue_costs_the_same_queries_for_1_or_4_nominations(
    client, year_end, count, django_assert_num_queries
):
    _nominations(year_end, count)
    client.force_login(year_end.ministry_user)
    client.get(reverse("scoring:nomination_list"))  # warm the session
    with django_assert_num_queries(7):  # the count of the pager included
        response = client.get(reverse("scoring:nomination_list"))
    assert response.status_code == 200
    assert response.content.decode().count("btn btn-sm btn-primary") == count


def test_the_dashboard_asks_members_to_vote_until_they_have(client, online):
    w = online
    client.force_login(w.member_user)
    assert "The vote is open" in client.get(reverse("dashboard")).content.decode()
    vote(client, w, w.member_user, "for", "for")
    assert "The vote is open" not in client.get(reverse("dashboard")).content.decode()


def test_the_ministrys_dashboard_counts_the_nominations_waiting(client, year_end):
    _nominations(year_end, 2)
    for nomination in Nomination.objects.all():
        services.nomination_update(nomination=nomination, achievement_report="x", by=None)
    nomination = Nomination.objects.get(membership=year_end.memberships["A"])
    services.nomination_submit(nomination=nomination, comment="", by=None)
    client.force_login(year_end.ministry_user)
    page = client.get(reverse("dashboard")).content.decode()
    assert "1 nomination waits for your decision." in page

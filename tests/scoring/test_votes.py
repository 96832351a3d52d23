"""The peer vote: proposals, the paper tally, the online secret ballot and the results."""

from __future__ import annotations

from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError

from scoring import services
from scoring.models import AwardType, Ballot, BallotReceipt, Proposal
from scoring.services import Tally
from tests.fixtures.scoring import FLAG, MERIT, ballot_proposing

pytestmark = pytest.mark.usefixtures("english_messages")


def award(name: str) -> AwardType:
    return AwardType.objects.get(name=name)


@pytest.fixture
def online(year_end):
    """An online ballot on C for the flag and D for the certificate of merit, open."""
    ballot = ballot_proposing(year_end, Ballot.Method.ONLINE)
    year_end.ballot = services.ballot_open(ballot=ballot, by=None)
    return year_end


def cast(w, letter: str, flag: str, merit: str) -> None:
    services.ballot_cast(
        ballot=w.ballot,
        membership=w.memberships[letter],
        choices={w.flag_c.pk: flag, w.merit_d.pk: merit},
        by=None,
    )


def test_the_vote_is_held_at_the_year_end_conference_only(year_end, make_conference):
    mid_year = make_conference(year_end.year, kind="mid_year")
    with pytest.raises(ValidationError, match="year-end"):
        services.ballot_create(conference=mid_year, method=Ballot.Method.PAPER, by=None)


def test_a_conference_has_one_vote(year_end):
    services.ballot_create(conference=year_end.year_end, method=Ballot.Method.PAPER, by=None)
    with pytest.raises(ValidationError, match="already"):
        services.ballot_create(conference=year_end.year_end, method=Ballot.Method.ONLINE, by=None)


def test_only_a_member_of_the_year_can_be_proposed(year_end):
    ballot = services.ballot_create(
        conference=year_end.year_end, method=Ballot.Method.PAPER, by=None
    )
    with pytest.raises(ValidationError, match="not a member"):
        services.proposal_add(
            ballot=ballot,
            membership=year_end.other_membership,
            award_type=award(FLAG),
            by=None,
        )
    assert not ballot.proposals.exists()


def test_the_same_unit_is_proposed_once_per_award(year_end):
    ballot = services.ballot_create(
        conference=year_end.year_end, method=Ballot.Method.PAPER, by=None
    )
    c = year_end.memberships["C"]
    services.proposal_add(ballot=ballot, membership=c, award_type=award(FLAG), by=None)
    with pytest.raises(ValidationError, match="already proposed"):
        services.proposal_add(ballot=ballot, membership=c, award_type=award(FLAG), by=None)


def test_the_online_ballot_counts_each_members_votes(online):
    cast(online, "A", "for", "for")
    cast(online, "B", "for", "against")
    cast(online, "C", "abstain", "for")
    cast(online, "D", "for", "for")
    services.ballot_close(ballot=online.ballot, by=None)
    flag = Proposal.objects.get(pk=online.flag_c.pk)
    assert (flag.votes_for, flag.votes_against, flag.votes_abstain, flag.present) == (3, 0, 1, 4)
    result = flag.result
    # 80% of 4 members: 3.2, so 4 votes are needed; 3 is one short.
    assert (result.needed, result.passed, result.margin) == (4, False, 1)
    assert result.share == Decimal(75)
    merit = Proposal.objects.get(pk=online.merit_d.pk)
    assert (merit.votes_for, merit.votes_against) == (3, 1)


def test_a_unanimous_vote_passes_with_the_margin_over_the_threshold(online, settings):
    online.year.vote_threshold = Decimal("60")
    online.year.save()
    for letter in "ABCD":
        cast(online, letter, "for", "abstain")
    services.ballot_close(ballot=online.ballot, by=None)
    result = Proposal.objects.get(pk=online.flag_c.pk).result
    # 60% of 4 members: 2.4, so 3 votes; 4 were cast for: one to spare.
    assert (result.needed, result.passed, result.margin) == (3, True, 1)


def test_a_second_vote_by_the_same_agency_is_refused_and_changes_nothing(online):
    cast(online, "C", "for", "for")
    with pytest.raises(ValidationError, match="already voted"):
        cast(online, "C", "against", "against")
    assert Proposal.objects.get(pk=online.flag_c.pk).votes_for == 1
    assert Proposal.objects.get(pk=online.flag_c.pk).votes_against == 0
    assert BallotReceipt.objects.filter(ballot=online.ballot).count() == 1


def test_a_vote_after_closing_is_refused(online):
    online.year.vote_threshold = Decimal("60")  # 3 of the 4 members may close the vote
    online.year.save()
    for letter in "ABC":
        cast(online, letter, "for", "for")
    services.ballot_close(ballot=online.ballot, by=None)
    with pytest.raises(ValidationError, match="closed"):
        cast(online, "D", "for", "for")
    assert Proposal.objects.get(pk=online.flag_c.pk).votes_for == 3


def test_a_ballot_must_answer_every_proposal(online):
    with pytest.raises(ValidationError, match="every proposal"):
        services.ballot_cast(
            ballot=online.ballot,
            membership=online.memberships["C"],
            choices={online.flag_c.pk: "for"},
            by=None,
        )
    with pytest.raises(ValidationError, match="every proposal"):
        cast(online, "C", "yes please", "for")
    assert not BallotReceipt.objects.exists()


def test_a_member_of_another_cluster_cannot_vote(online):
    with pytest.raises(ValidationError, match="not a member"):
        services.ballot_cast(
            ballot=online.ballot,
            membership=online.other_membership,
            choices={online.flag_c.pk: "for", online.merit_d.pk: "for"},
            by=None,
        )


def test_proposals_are_fixed_once_the_vote_opens(online):
    with pytest.raises(ValidationError, match="open"):
        services.proposal_add(
            ballot=online.ballot,
            membership=online.memberships["A"],
            award_type=award(MERIT),
            by=None,
        )
    with pytest.raises(ValidationError, match="open"):
        services.proposal_remove(proposal=online.flag_c, by=None)


def test_no_result_before_closing(online):
    cast(online, "C", "for", "for")
    assert Proposal.objects.get(pk=online.flag_c.pk).result is None


def test_the_paper_tally_is_checked_then_closes_the_vote(year_end):
    ballot = services.ballot_create(
        conference=year_end.year_end, method=Ballot.Method.PAPER, by=None
    )
    proposal = services.proposal_add(
        ballot=ballot, membership=year_end.memberships["C"], award_type=award(FLAG), by=None
    )
    with pytest.raises(ValidationError, match="only 3 members present"):
        services.ballot_record_tally(
            ballot=ballot, tallies={proposal.pk: Tally(3, 3, 1, 0)}, by=None
        )
    with pytest.raises(ValidationError, match="has 4 members"):
        services.ballot_record_tally(
            ballot=ballot, tallies={proposal.pk: Tally(5, 4, 0, 0)}, by=None
        )
    ballot.refresh_from_db()
    assert ballot.state == Ballot.State.PREPARING
    services.ballot_record_tally(ballot=ballot, tallies={proposal.pk: Tally(4, 4, 0, 0)}, by=None)
    ballot.refresh_from_db()
    assert (ballot.state, ballot.electorate) == (Ballot.State.CLOSED, 4)
    assert Proposal.objects.get(pk=proposal.pk).result.passed


def test_an_online_ballot_keeps_no_trace_of_who_voted_how(online):
    """The secrecy of the ballot: after C voted for and D against, nothing stored links an
    agency to a choice: the receipts say who voted, the counters how many, the history
    nothing at all."""
    before = LogEntry.objects.count()
    cast(online, "C", "for", "for")
    cast(online, "D", "against", "against")
    assert LogEntry.objects.count() == before
    receipt_fields = {field.name for field in BallotReceipt._meta.get_fields()}
    assert receipt_fields == {"id", "ballot", "membership"}
    cast(online, "A", "for", "for")
    cast(online, "B", "abstain", "abstain")
    services.ballot_close(ballot=online.ballot, by=None)
    proposal_history = LogEntry.objects.get_for_objects(Proposal.objects.all())
    assert proposal_history.count() == 2  # their creation, with every counter at 0
    for entry in proposal_history:
        changes = entry.changes_dict
        for counter in ("votes_for", "votes_against", "votes_abstain"):
            assert changes[counter] == ["None", "0"]

"""The peer vote (bình xét): ballots, proposals, votes cast and paper tallies."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from auditlog.context import set_actor
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from clusters.models import ClusterYear, Conference, Membership, User
from emulation.errors import DomainError

from .. import notices
from ..models import (
    AwardType,
    Ballot,
    BallotReceipt,
    Criterion,
    Proposal,
)
from ..secrecy import close_refusal

Kind = Criterion.Kind


VOTE_CHOICES = ("for", "against", "abstain")


@dataclass(frozen=True)
class Tally:
    """A proposal's result on a paper ballot, as the secretariat counted it."""

    present: int
    votes_for: int
    votes_against: int
    votes_abstain: int


def _lock_ballot(ballot: Ballot, *states: str) -> Ballot:
    current = Ballot.objects.select_for_update().get(pk=ballot.pk)
    if current.state not in states:
        messages = {
            Ballot.State.PREPARING: _("The vote has not opened yet."),
            Ballot.State.OPEN: _("The vote is open: the proposals can no longer change."),
            Ballot.State.CLOSED: _("The vote is closed."),
        }
        raise DomainError(messages[current.state])
    return current


def require_current_member(membership: Membership, cluster_year: ClusterYear) -> None:
    if membership.cluster_year_id != cluster_year.pk or membership.left_on:
        raise DomainError(
            _("%(agency)s is not a member of the cluster in %(year)s.")
            % {"agency": membership.agency.short_name, "year": cluster_year.year}
        )


@transaction.atomic
def ballot_create(*, conference: Conference, method: str, by: User | None) -> Ballot:
    if conference.kind != Conference.Kind.YEAR_END:
        raise DomainError(_("The peer vote takes place at the year-end conference."))
    if Ballot.objects.filter(conference=conference).exists():
        raise DomainError(_("This conference already has its vote."))
    with set_actor(by):
        return Ballot.objects.create(conference=conference, method=method)


@transaction.atomic
def proposal_add(
    *, ballot: Ballot, membership: Membership, award_type: AwardType, by: User | None
) -> Proposal:
    ballot = _lock_ballot(ballot, Ballot.State.PREPARING)
    require_current_member(membership, ballot.conference.cluster_year)
    if not award_type.active:
        raise DomainError(_("This award is no longer in use."))
    if ballot.proposals.filter(membership=membership, award_type=award_type).exists():
        raise DomainError(_("This unit is already proposed for this award."))
    with set_actor(by):
        return Proposal.objects.create(ballot=ballot, membership=membership, award_type=award_type)


@transaction.atomic
def proposal_remove(*, proposal: Proposal, by: User | None) -> None:
    _lock_ballot(proposal.ballot, Ballot.State.PREPARING)
    with set_actor(by):
        proposal.delete()


@transaction.atomic
def ballot_open(*, ballot: Ballot, by: User | None) -> Ballot:
    ballot = _lock_ballot(ballot, Ballot.State.PREPARING)
    if ballot.method != Ballot.Method.ONLINE:
        raise DomainError(_("A paper ballot is not opened here: enter its tally."))
    if not ballot.proposals.exists():
        raise DomainError(_("Add the proposals before opening the vote."))
    with set_actor(by):
        ballot.state = Ballot.State.OPEN
        ballot.electorate = ballot.voters().count()
        ballot.opened_at = timezone.now()
        ballot.save(update_fields=["state", "electorate", "opened_at"])
    notices.vote_opened(ballot)
    return ballot


@transaction.atomic
def ballot_cast(
    *, ballot: Ballot, membership: Membership, choices: Mapping[int, str], by: User | None
) -> BallotReceipt:
    """One member's secret vote on every proposal. Only the counters move (through updates,
    which leave no history) and a receipt says that the member voted, not how."""
    ballot = _lock_ballot(ballot, Ballot.State.OPEN)
    require_current_member(membership, ballot.conference.cluster_year)
    if BallotReceipt.objects.filter(ballot=ballot, membership=membership).exists():
        raise DomainError(
            _("%(agency)s has already voted.") % {"agency": membership.agency.short_name}
        )
    proposal_ids = set(ballot.proposals.values_list("pk", flat=True))
    if set(choices) != proposal_ids or not set(choices.values()) <= set(VOTE_CHOICES):
        raise DomainError(_("Vote on every proposal: for, against or abstain."))
    for choice in VOTE_CHOICES:
        chosen = [pk for pk, value in choices.items() if value == choice]
        counter = f"votes_{choice}"
        Proposal.objects.filter(pk__in=chosen).update(**{counter: F(counter) + 1})
    return BallotReceipt.objects.create(ballot=ballot, membership=membership)


@transaction.atomic
def ballot_close(*, ballot: Ballot, by: User | None) -> Ballot:
    ballot = _lock_ballot(ballot, Ballot.State.OPEN)
    turnout = ballot.receipts.count()
    refusal = close_refusal(ballot, turnout)
    if refusal:
        raise DomainError(refusal)
    ballot.proposals.update(present=turnout)
    with set_actor(by):
        ballot.state = Ballot.State.CLOSED
        ballot.closed_at = timezone.now()
        ballot.save(update_fields=["state", "closed_at"])
    notices.vote_closed(ballot)
    return ballot


@transaction.atomic
def ballot_record_tally(*, ballot: Ballot, tallies: Mapping[int, Tally], by: User | None) -> Ballot:
    """The counted paper ballot: every proposal's tally at once, which closes the vote."""
    ballot = _lock_ballot(ballot, Ballot.State.PREPARING)
    if ballot.method != Ballot.Method.PAPER:
        raise DomainError(_("An online ballot is counted by the application."))
    proposals = list(ballot.proposals.select_related("membership__agency", "award_type"))
    if not proposals:
        raise DomainError(_("Add the proposals before entering the tally."))
    if set(tallies) != {p.pk for p in proposals}:
        raise DomainError(_("Enter the tally of every proposal."))
    electorate = ballot.voters().count()
    errors = []
    for proposal in proposals:
        tally = tallies[proposal.pk]
        cast = tally.votes_for + tally.votes_against + tally.votes_abstain
        if tally.present > electorate:
            errors.append(
                _("%(proposal)s: %(present)s present, but the cluster has %(members)s members.")
                % {"proposal": proposal, "present": tally.present, "members": electorate}
            )
        elif cast > tally.present:
            errors.append(
                _("%(proposal)s: %(cast)s votes counted but only %(present)s members present.")
                % {"proposal": proposal, "cast": cast, "present": tally.present}
            )
    if errors:
        raise DomainError(errors)
    with set_actor(by):
        for proposal in proposals:
            tally = tallies[proposal.pk]
            proposal.present = tally.present
            proposal.votes_for = tally.votes_for
            proposal.votes_against = tally.votes_against
            proposal.votes_abstain = tally.votes_abstain
            proposal.save(update_fields=["present", "votes_for", "votes_against", "votes_abstain"])
        ballot.state = Ballot.State.CLOSED
        ballot.electorate = electorate
        ballot.closed_at = timezone.now()
        ballot.save(update_fields=["state", "electorate", "closed_at"])
    notices.vote_closed(ballot)
    return ballot

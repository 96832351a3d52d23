"""Steps taken back where the domain allows it: a closed vote is reopened, and a published
ranking withdrawn, only while no nomination has been prepared from it (a mid-year ranking
leads to no nomination); a member recorded as not having submitted, until the ranking is
published. Each asks for a reason, is kept as a Reversal (in the year's change log) and is
told to those concerned (the year's members; for a non-submission, the member's staff)."""

from __future__ import annotations

from auditlog.context import set_actor
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from clusters.models import ClusterYear, User
from clusters.notices import staff_of
from clusters.notifications import in_default_language, notify
from emulation.errors import DomainError

from .models import (
    Assessment,
    Ballot,
    Nomination,
    NonSubmission,
    RankingPublication,
    Reversal,
)


def _members_and_secretariat(cluster_year: ClusterYear):
    """The staff of every current member (the secretariat's agencies are members too)."""
    return User.objects.filter(agency__memberships__in=cluster_year.memberships.current())


def _reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Say why the step is taken back."))
    return reason


def _withdraw(
    record, *, cluster_year: ClusterYear, step: str, subject: str, reason: str, by: User | None
) -> Reversal:
    """Delete `record` and keep, in its place, the Reversal that says why."""
    with set_actor(by):
        record.delete()
        return Reversal.objects.create(
            cluster_year=cluster_year, step=step, subject=subject, reason=reason, by=by
        )


def ballot_reopen_refusal(ballot: Ballot) -> str:
    """Why the vote cannot be reopened, or ""."""
    if ballot.state != Ballot.State.CLOSED:
        return _("Only a closed vote can be reopened.")
    nominated = Nomination.objects.filter(proposal__ballot=ballot).select_related(
        "membership__agency"
    )
    if nominated:
        return _(
            "A nomination has been prepared from this vote (%(units)s): its result can no "
            "longer change."
        ) % {"units": ", ".join(n.membership.agency.short_name for n in nominated)}
    return ""


@transaction.atomic
def ballot_reopen(*, ballot: Ballot, reason: str, by: User | None) -> Ballot:
    """An online vote opens again with its votes so far (who voted has voted); a paper vote
    goes back to its proposals, for the tally to be entered again."""
    ballot = (
        Ballot.objects.select_for_update()
        .select_related("conference__cluster_year")
        .get(pk=ballot.pk)
    )
    refusal = ballot_reopen_refusal(ballot)
    if refusal:
        raise DomainError(refusal)
    reason = _reason(reason)
    cluster_year = ballot.conference.cluster_year
    with set_actor(by):
        if ballot.method == Ballot.Method.ONLINE:
            ballot.state = Ballot.State.OPEN
            ballot.proposals.update(present=None)  # the attendance is the turnout at closing
        else:
            ballot.state = Ballot.State.PREPARING
        ballot.closed_at = None
        ballot.save(update_fields=["state", "closed_at"])
        Reversal.objects.create(
            cluster_year=cluster_year,
            step=Reversal.Step.VOTE_REOPENED,
            subject=str(ballot),
            reason=reason,
            by=by,
        )
    with in_default_language():
        notify(
            users=_members_and_secretariat(cluster_year),
            subject=_("The vote has been reopened: %(ballot)s") % {"ballot": ballot},
            body=reason,
            url=ballot.get_absolute_url(),
        )
    return ballot


def ranking_withdraw_refusal(cluster_year: ClusterYear, period: str) -> str:
    """Why the ranking's publication cannot be withdrawn, or ""."""
    if not RankingPublication.objects.filter(cluster_year=cluster_year, period=period).exists():
        return _("The ranking is not published.")
    if period == Assessment.Period.YEAR:
        nominated = Nomination.objects.filter(membership__cluster_year=cluster_year)
        if nominated.exists():
            return _(
                "A nomination has been prepared from the year's results: the ranking it "
                "stands on can no longer be withdrawn."
            )
    return ""


@transaction.atomic
def ranking_withdraw(
    *, cluster_year: ClusterYear, period: str, reason: str, by: User | None
) -> Reversal:
    """The members no longer see the ranking; the secretariat may reopen assessments, then
    publish again."""
    ClusterYear.objects.select_for_update(no_key=True).get(pk=cluster_year.pk)
    refusal = ranking_withdraw_refusal(cluster_year, period)
    if refusal:
        raise DomainError(refusal)
    reason = _reason(reason)
    publication = RankingPublication.objects.get(cluster_year=cluster_year, period=period)
    with in_default_language():
        subject = _("Ranking %(year)s, %(period)s") % {
            "year": cluster_year.year,
            "period": Assessment.Period(period).label,
        }
    reversal = _withdraw(
        publication,
        cluster_year=cluster_year,
        step=Reversal.Step.RANKING_WITHDRAWN,
        subject=subject,
        reason=reason,
        by=by,
    )
    with in_default_language():
        notify(
            users=_members_and_secretariat(cluster_year),
            subject=_("The publication of the ranking has been withdrawn: %(ranking)s")
            % {"ranking": subject},
            body=reason,
            url=reverse("scoring:ranking", args=[cluster_year.pk]) + f"?period={period}",
        )
    return reversal


def non_submission_withdraw_refusal(record: NonSubmission) -> str:
    """Why the record of a non-submission cannot be taken back, or ""."""
    published = RankingPublication.objects.filter(
        cluster_year_id=record.membership.cluster_year_id, period=record.period
    )
    if published.exists():
        return _(
            "The ranking that lists the member as not having submitted is published: withdraw "
            "the publication first."
        )
    return ""


@transaction.atomic
def non_submission_withdraw(*, record: NonSubmission, reason: str, by: User | None) -> Reversal:
    """The member is again among those the ranking waits for (the secretariat may then reopen
    its self-assessment with a new deadline)."""
    record = (
        NonSubmission.objects.select_for_update(of=("self",))
        .select_related("membership__agency", "membership__cluster_year__cluster")
        .get(pk=record.pk)
    )
    refusal = non_submission_withdraw_refusal(record)
    if refusal:
        raise DomainError(refusal)
    reason = _reason(reason)
    membership = record.membership
    cluster_year = membership.cluster_year
    with in_default_language():
        subject = str(record)
    reversal = _withdraw(
        record,
        cluster_year=cluster_year,
        step=Reversal.Step.NON_SUBMISSION_WITHDRAWN,
        subject=subject,
        reason=reason,
        by=by,
    )
    with in_default_language():
        notify(
            users=staff_of([membership.agency_id]),
            subject=_("The record that %(agency)s did not submit has been withdrawn")
            % {"agency": membership.agency.short_name},
            body=reason,
            url=reverse("scoring:assessment_list", args=[cluster_year.pk])
            + f"?period={record.period}",
        )
    return reversal

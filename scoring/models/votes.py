"""The peer vote (bình xét): ballots, proposals, receipts."""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from clusters.models import AuditedInYear, Conference, Membership

from .awards import AwardType


class Ballot(AuditedInYear, models.Model):
    """The vote of a year-end conference on its proposals: a paper ballot whose tally the
    secretariat enters, or an online secret ballot. An online ballot keeps only the counters
    of each proposal and, per member, the fact that it voted: never who voted how."""

    cluster_year_path = "conference.cluster_year_id"

    class Method(models.TextChoices):
        PAPER = "paper", _("Paper ballot (tally entered)")
        ONLINE = "online", _("Online secret ballot")

    class State(models.TextChoices):
        PREPARING = "preparing", _("Preparing the proposals")
        OPEN = "open", _("Voting open")
        CLOSED = "closed", _("Closed")

    conference = models.OneToOneField(
        Conference, verbose_name=_("conference"), on_delete=models.CASCADE, related_name="ballot"
    )
    method = models.CharField(_("voting method"), max_length=10, choices=Method.choices)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PREPARING
    )
    electorate = models.PositiveSmallIntegerField(
        _("members entitled to vote"),
        null=True,
        blank=True,
        help_text=_("The members of the year when the vote opened: the threshold's base."),
    )
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")

    def __str__(self) -> str:
        return _("Vote of %(conference)s") % {"conference": self.conference}

    def get_absolute_url(self) -> str:
        return reverse("scoring:ballot", args=[self.conference_id])

    @property
    def is_closed(self) -> bool:
        return self.state == self.State.CLOSED

    def voters(self) -> models.QuerySet:
        """The members entitled to vote: the year's members that have not left it."""
        return self.conference.cluster_year.memberships.current()

    def turnout_needed(self) -> int:
        """Votes an online ballot must have before it closes and shows its counters: enough
        that no single ballot can be read from them. Every member entitled to vote, or the
        share of them the year's threshold names, and never fewer than 3."""
        electorate = self.electorate or 0
        share = math.ceil(Decimal(electorate) * self.conference.cluster_year.vote_threshold / 100)
        return min(electorate, max(3, share))

    def proposals_in_order(self) -> list[Proposal]:
        """Its proposals as pages and documents list them (by award, then unit), each with
        the pk of its nomination if any, and each reading its result from this ballot."""
        proposals = list(
            self.proposals.select_related("membership__agency", "award_type").annotate(
                nomination_pk=models.F("nomination")
            )
        )
        for proposal in proposals:
            proposal.ballot = self
        return proposals


class Proposal(AuditedInYear, models.Model):
    """A unit proposed for an award, and the result of the vote on it."""

    cluster_year_path = "ballot.conference.cluster_year_id"

    ballot = models.ForeignKey(
        Ballot, verbose_name=_("ballot"), on_delete=models.CASCADE, related_name="proposals"
    )
    membership = models.ForeignKey(
        Membership, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="proposals"
    )
    award_type = models.ForeignKey(
        AwardType, verbose_name=_("award"), on_delete=models.PROTECT, related_name="proposals"
    )
    present = models.PositiveSmallIntegerField(_("members present"), null=True, blank=True)
    votes_for = models.PositiveSmallIntegerField(_("for"), default=0)
    votes_against = models.PositiveSmallIntegerField(_("against"), default=0)
    votes_abstain = models.PositiveSmallIntegerField(_("abstentions"), default=0)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["ballot", "award_type__position", "membership__agency__short_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["ballot", "membership", "award_type"],
                name="proposal_once_per_award",
                violation_error_message=_(
                    "This member is already proposed for this award in the vote."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.membership.agency.short_name} — {self.award_type}"

    @property
    def result(self) -> VoteResult | None:
        """Passed or not, and by how much; None until the ballot has closed."""
        ballot = self.ballot
        if not ballot.is_closed or not ballot.electorate:
            return None
        threshold = ballot.conference.cluster_year.vote_threshold
        needed = math.ceil(Decimal(ballot.electorate) * threshold / 100)
        return VoteResult(
            electorate=ballot.electorate,
            threshold=threshold,
            needed=needed,
            votes_for=self.votes_for,
            share=Decimal(self.votes_for * 100) / ballot.electorate,
        )


@dataclass(frozen=True)
class VoteResult:
    electorate: int  # members entitled to vote: the threshold is a share of them
    threshold: Decimal  # percent
    needed: int  # votes for that reach the threshold
    votes_for: int
    share: Decimal  # percent of the electorate that voted for

    @property
    def passed(self) -> bool:
        return self.votes_for >= self.needed

    @property
    def margin(self) -> int:
        """Votes above what was needed (passed), or missing (not passed)."""
        return abs(self.votes_for - self.needed)


class BallotReceipt(models.Model):
    """That a member agency has voted in an online ballot; nothing about how it voted."""

    ballot = models.ForeignKey(
        Ballot, verbose_name=_("ballot"), on_delete=models.CASCADE, related_name="receipts"
    )
    membership = models.ForeignKey(
        Membership, verbose_name=_("member"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("ballot receipt")
        verbose_name_plural = _("ballot receipts")
        constraints = [
            models.UniqueConstraint(
                fields=["ballot", "membership"],
                name="receipt_one_per_member",
                violation_error_message=_("This member has already voted."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.membership)

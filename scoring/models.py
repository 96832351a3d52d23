"""Criteria sets, self-assessments with evidence, review, explanation and final scores."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from auditlog.registry import auditlog
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from clusters.models import Agency, AuditedInYear, ClusterYear, Conference, Membership, StoredFile

STAGES = ("self", "reviewed", "explained", "final")


def value_standing_at(values: Mapping[str, Decimal | None], stage: str) -> Decimal | None:
    """The value standing at `stage`: that of the latest stage up to it that has one."""
    for earlier in reversed(STAGES[: STAGES.index(stage) + 1]):
        if values.get(earlier) is not None:
            return values[earlier]
    return None


class CriteriaSet(AuditedInYear, models.Model):
    """The scoring criteria of a cluster year. Amending it once scoring has started makes a
    new version; every assessment keeps the version it was made against until carried over."""

    cluster_year = models.ForeignKey(
        ClusterYear,
        verbose_name=_("cluster year"),
        on_delete=models.CASCADE,
        related_name="criteria_sets",
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    note = models.CharField(
        _("reason for the amendment"),
        max_length=255,
        blank=True,
        help_text=_("E.g. “Amended at the mid-year review of 06/07/2025”."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("criteria set")
        verbose_name_plural = _("criteria sets")
        ordering = ["cluster_year", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["cluster_year", "version"], name="criteria_set_unique_version"
            ),
        ]

    def __str__(self) -> str:
        return _("Criteria %(year)s, version %(version)s") % {
            "year": self.cluster_year.year,
            "version": self.version,
        }

    def get_absolute_url(self) -> str:
        return reverse("scoring:criteria", args=[self.cluster_year_id]) + f"?version={self.version}"


class Criterion(AuditedInYear, models.Model):
    """A node of the criteria tree: a group, or a criterion that is scored."""

    cluster_year_path = "criteria_set.cluster_year_id"

    class Kind(models.TextChoices):
        GROUP = "group", _("Group")
        POINTS = "points", _("Points up to the maximum")
        PASS_FAIL = "pass_fail", _("Pass or fail")
        PER_OCCURRENCE = "per_occurrence", _("Points per occurrence, capped")
        BONUS = "bonus", _("Bonus points")
        DEDUCTION = "deduction", _("Deduction")
        QUANTITATIVE = "quantitative", _("Against a target")

    criteria_set = models.ForeignKey(
        CriteriaSet,
        verbose_name=_("criteria set"),
        on_delete=models.CASCADE,
        related_name="criteria",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("group"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    position = models.PositiveIntegerField(_("order"), default=0)
    code = models.CharField(_("code"), max_length=20, help_text=_("E.g. 1, 1.1, 1.1.a"))
    title = models.CharField(_("criterion"), max_length=500)
    guidance = models.TextField(_("guidance"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    max_points = models.DecimalField(
        _("maximum (points)"),
        max_digits=7,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    points_per_occurrence = models.DecimalField(
        _("points per occurrence"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    evidence_required = models.BooleanField(_("evidence required"), default=False)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["criteria_set", "position"]
        constraints = [
            models.UniqueConstraint(fields=["criteria_set", "code"], name="criterion_unique_code"),
            models.CheckConstraint(
                condition=~Q(kind="per_occurrence") | Q(points_per_occurrence__isnull=False),
                name="criterion_per_occurrence_has_points",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"

    @property
    def is_group(self) -> bool:
        return self.kind == self.Kind.GROUP

    @property
    def depth(self) -> int:
        return self.code.count(".")


class AssessmentQuerySet(models.QuerySet):
    def for_year(self, cluster_year: ClusterYear) -> AssessmentQuerySet:
        return self.filter(membership__cluster_year=cluster_year)


class Assessment(AuditedInYear, models.Model):
    """A member's self-assessment for a cluster year, through review to the final score."""

    cluster_year_path = "membership.cluster_year_id"

    class Period(models.TextChoices):
        YEAR = "year", _("Whole year")
        MID_YEAR = "mid_year", _("First half-year")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned for explanation")
        EXPLAINED = "explained", _("Explained")
        FINAL = "final", _("Final")

    membership = models.ForeignKey(
        Membership,
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    period = models.CharField(
        _("period"), max_length=10, choices=Period.choices, default=Period.YEAR
    )
    criteria_set = models.ForeignKey(
        CriteriaSet,
        verbose_name=_("criteria version"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    deadline_extended_to = models.DateField(
        _("reopened until"),
        null=True,
        blank=True,
        help_text=_("Set when the secretariat reopens the assessment after the deadline."),
    )
    revision = models.PositiveIntegerField(
        default=0, help_text="Raised on every save; a form sent from an older revision is stale."
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["membership__agency__short_name", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "period"], name="assessment_one_per_period"
            ),
        ]

    def __str__(self) -> str:
        return _("Assessment of %(agency)s, %(year)s") % {
            "agency": self.membership.agency.short_name,
            "year": self.membership.cluster_year.year,
        }

    def get_absolute_url(self) -> str:
        return reverse("scoring:assessment", args=[self.pk])


class Score(AuditedInYear, models.Model):
    """One criterion of one assessment, with the value of every stage kept.

    `*_value` is what was entered for the criterion's kind: points (points, bonus, deduction),
    0 or the maximum (pass/fail), a count (per occurrence) or the actual figure (against a
    target). A stage left empty takes the value of the stage before it.
    """

    cluster_year_path = "assessment.membership.cluster_year_id"

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="scores"
    )
    target = models.DecimalField(
        _("target"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    self_value = models.DecimalField(
        _("self score"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    self_note = models.TextField(_("explanation of the self score"), blank=True)
    reviewed_value = models.DecimalField(
        _("reviewed score"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    review_comment = models.TextField(_("reviewer's comment or question"), blank=True)
    explained_value = models.DecimalField(
        _("score after explanation"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    explanation = models.TextField(_("explanation (giải trình)"), blank=True)
    final_value = models.DecimalField(
        _("final score"), max_digits=14, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["assessment", "criterion__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "criterion"], name="score_one_per_criterion"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assessment} — {self.criterion.code}"

    def value_at(self, stage: str) -> Decimal | None:
        return value_standing_at({s: getattr(self, f"{s}_value") for s in STAGES}, stage)


def evidence_path(instance: Evidence, filename: str) -> str:
    return f"evidence/{instance.score.assessment_id}/{instance.score_id}/{filename}"


class Evidence(AuditedInYear, StoredFile):
    cluster_year_path = "score.assessment.membership.cluster_year_id"

    score = models.ForeignKey(
        Score, verbose_name=_("score"), on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=255)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["score", "pk"]


class WorkflowStep(models.Model):
    """A step of a workflow (an assessment's, a nomination's): who, when, what they said."""

    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.at:%d/%m/%Y})"


class AssessmentEvent(WorkflowStep):
    """A step of the workflow: who moved the assessment, when, and what they said."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned with questions")
        EXPLAINED = "explained", _("Explained and resubmitted")
        FINALISED = "finalised", _("Finalised")
        REOPENED = "reopened", _("Reopened")
        CARRIED_OVER = "carried_over", _("Carried over to a new criteria version")

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)

    class Meta:
        verbose_name = _("workflow step")
        verbose_name_plural = _("workflow steps")
        ordering = ["assessment", "at", "pk"]


class RankingPublication(AuditedInYear, models.Model):
    """The secretariat's publication of the year's ranking; members see it from then on."""

    cluster_year = models.ForeignKey(
        ClusterYear,
        verbose_name=_("cluster year"),
        on_delete=models.CASCADE,
        related_name="ranking_publications",
    )
    period = models.CharField(
        _("period"),
        max_length=10,
        choices=Assessment.Period.choices,
        default=Assessment.Period.YEAR,
    )
    published_at = models.DateTimeField(_("published at"), auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("ranking publication")
        verbose_name_plural = _("ranking publications")
        constraints = [
            models.UniqueConstraint(
                fields=["cluster_year", "period"], name="ranking_published_once_per_period"
            ),
        ]

    def __str__(self) -> str:
        return str(self.cluster_year)


# The peer vote (bình xét) and nominations ------------------------------------------------


class AwardType(models.Model):
    """An award a cluster may propose its members for; the ministry keeps the list and each
    award's rules."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    requires_excellent = models.BooleanField(
        _("only for units classified “excellent”"),
        default=False,
        help_text=_("The unit's total must reach the year's “excellent” threshold."),
    )
    quota_per_cluster = models.PositiveSmallIntegerField(
        _("at most per cluster and year"),
        null=True,
        blank=True,
        help_text=_("Leave empty for no limit."),
    )
    quota_percent = models.DecimalField(
        _("at most (percent of the units that met another award's standard)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("100"))],
    )
    quota_base = models.ForeignKey(
        "self",
        verbose_name=_("the award whose standard counts"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    active = models.BooleanField(_("in use"), default=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("award type")
        verbose_name_plural = _("award types")
        ordering = ["position", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quota_percent__isnull=True) | Q(quota_base__isnull=False),
                name="award_type_percent_has_base",
            ),
        ]

    def __str__(self) -> str:
        return self.name


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
                fields=["ballot", "membership", "award_type"], name="proposal_once_per_award"
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
            models.UniqueConstraint(fields=["ballot", "membership"], name="receipt_one_per_member"),
        ]

    def __str__(self) -> str:
        return str(self.membership)


class StandingRecord(models.Model):
    """A dated status that bars an agency from awards while it lasts (Decree 152/2025/NĐ-CP):
    discipline, inspection, investigation or an unresolved complaint."""

    class Kind(models.TextChoices):
        DISCIPLINE = "discipline", _("Under discipline")
        INSPECTION = "inspection", _("Under inspection")
        INVESTIGATION = "investigation", _("Under investigation")
        COMPLAINT = "complaint", _("Unresolved complaint")

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="standing_records"
    )
    kind = models.CharField(_("status"), max_length=20, choices=Kind.choices)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("resolved on"), null=True, blank=True)
    note = models.CharField(_("reference or note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("discipline or inspection status")
        verbose_name_plural = _("discipline and inspection statuses")
        ordering = ["agency", "-started_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="standing_record_dates_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.agency.short_name})"

    def is_active_on(self, day) -> bool:
        return self.started_on <= day and (self.ended_on is None or self.ended_on >= day)


class NominationQuerySet(models.QuerySet):
    def with_context(self) -> NominationQuerySet:
        return self.select_related(
            "membership__agency", "membership__cluster_year__cluster", "award_type"
        )

    def waiting(self) -> NominationQuerySet:
        """Filed with the ministry and waiting for its decision."""
        return self.filter(state__in=Nomination.WAITING)

    def counting_towards_quota(self) -> NominationQuerySet:
        """Filed and not rejected: what uses up an award's quota."""
        return self.exclude(state__in=[Nomination.State.DRAFT, Nomination.State.REJECTED])


class Nomination(AuditedInYear, models.Model):
    """The cluster's proposal to the ministry that a unit receive an award (hồ sơ đề nghị)."""

    cluster_year_path = "membership.cluster_year_id"

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted to the ministry")
        RETURNED = "returned", _("Returned with comments")
        RESUBMITTED = "resubmitted", _("Resubmitted")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    PREPARING = (State.DRAFT, State.RETURNED)  # the cluster completes the dossier
    WAITING = (State.SUBMITTED, State.RESUBMITTED)  # the ministry decides

    proposal = models.OneToOneField(
        Proposal, verbose_name=_("proposal"), on_delete=models.PROTECT, related_name="nomination"
    )
    membership = models.ForeignKey(
        Membership, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="nominations"
    )
    award_type = models.ForeignKey(
        AwardType, verbose_name=_("award"), on_delete=models.PROTECT, related_name="nominations"
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default="draft")
    achievement_report = models.TextField(
        _("achievement report"),
        blank=True,
        help_text=_("The unit's report of its achievements (báo cáo thành tích)."),
    )
    decision_number = models.CharField(_("decision number"), max_length=50, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    decision_signer = models.CharField(_("signer"), max_length=200, blank=True)
    rejection_reason = models.TextField(_("reason for the rejection"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = NominationQuerySet.as_manager()

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["-membership__cluster_year__year", "award_type__position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="approved")
                | (~Q(decision_number="") & Q(decision_date__isnull=False)),
                name="nomination_approved_has_decision",
            ),
        ]

    def __str__(self) -> str:
        return _("%(award)s for %(agency)s, %(year)s") % {
            "award": self.award_type,
            "agency": self.membership.agency.short_name,
            "year": self.membership.cluster_year.year,
        }

    def get_absolute_url(self) -> str:
        return reverse("scoring:nomination", args=[self.pk])

    @property
    def is_decided(self) -> bool:
        return self.state in (self.State.APPROVED, self.State.REJECTED)


def achievement_path(instance: NominationFile, filename: str) -> str:
    return f"nominations/{instance.nomination_id}/{filename}"


class NominationFile(AuditedInYear, StoredFile):
    """The unit's achievement report, or another supporting document, as uploaded."""

    cluster_year_path = "nomination.membership.cluster_year_id"

    nomination = models.ForeignKey(
        Nomination, verbose_name=_("nomination"), on_delete=models.CASCADE, related_name="files"
    )
    file = models.FileField(_("file"), upload_to=achievement_path, max_length=255)

    class Meta:
        verbose_name = _("nomination file")
        verbose_name_plural = _("nomination files")
        ordering = ["nomination", "pk"]


class NominationEvent(WorkflowStep):
    """A step of a nomination: who moved it, when, and what they said."""

    class Action(models.TextChoices):
        CREATED = "created", _("Prepared")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned with comments")
        RESUBMITTED = "resubmitted", _("Resubmitted")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    nomination = models.ForeignKey(
        Nomination, verbose_name=_("nomination"), on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)

    class Meta:
        verbose_name = _("nomination step")
        verbose_name_plural = _("nomination steps")
        ordering = ["nomination", "at", "pk"]


class Reminder(models.Model):
    """A deadline reminder that has been sent, so that each deadline is reminded once."""

    cluster_year = models.ForeignKey(
        ClusterYear, verbose_name=_("cluster year"), on_delete=models.CASCADE, related_name="+"
    )
    deadline_name = models.CharField(_("deadline"), max_length=40)
    deadline = models.DateField(_("date"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(
                fields=["cluster_year", "deadline_name", "deadline"], name="reminder_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.deadline_name} {self.deadline:%d/%m/%Y}"


# A proposal's counters move in an online ballot through queryset updates, which leave no
# history: no history entry may hold a counter that moved with one member's vote.
for model in (
    CriteriaSet,
    Criterion,
    Assessment,
    Score,
    Evidence,
    RankingPublication,
    AwardType,
    Ballot,
    Proposal,
    StandingRecord,
    Nomination,
    NominationFile,
):
    auditlog.register(model)

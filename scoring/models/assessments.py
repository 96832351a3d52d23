"""Self-assessments, their scores and evidence, and the steps of their workflow."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from clusters.models import AuditedInYear, ClusterYear, Membership, StoredFile, acting_user

from .criteria import SCORE_STAGES, CriteriaSet, Criterion, value_standing_at


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
                fields=["membership", "period"],
                name="assessment_one_per_period",
                violation_error_message=_("This member already has an assessment for this period."),
            ),
        ]

    def __str__(self) -> str:
        return _("Assessment of %(agency)s, %(year)s") % {
            "agency": self.membership.agency.short_name,
            "year": self.membership.cluster_year.year,
        }

    def get_absolute_url(self) -> str:
        return reverse("scoring:assessment", args=[self.pk])

    def deadline(self) -> datetime.date | None:
        """The extension the secretariat gave, else the deadline of the assessment's period."""
        return self.deadline_extended_to or period_deadline(
            self.membership.cluster_year, self.period
        )

    def is_locked(self, today: datetime.date | None = None) -> bool:
        """After the deadline the member can no longer change or submit its self-assessment."""
        day = self.deadline()
        return day is not None and (today or timezone.localdate()) > day

    def can_reopen(self) -> bool:
        """Reopening gives back a final assessment, or a draft the deadline has locked."""
        return self.status == self.Status.FINAL or (
            self.status == self.Status.DRAFT and self.is_locked()
        )

    def self_assessment_open(self, today: datetime.date | None = None) -> bool:
        """The member may still change its self scores: a draft between opening and deadline."""
        today = today or timezone.localdate()
        return (
            self.status == self.Status.DRAFT
            and self.membership.cluster_year.self_assessment_opened(today)
            and not self.is_locked(today)
        )

    def member_can_edit(self) -> bool:
        """The member may change its entries (and evidence): self-assessment open, or returned."""
        return self.status == self.Status.RETURNED or self.self_assessment_open()

    def missing_for_submission(self) -> list[str]:
        """What the member must still provide before submitting, one line per criterion."""
        problems = []
        scores = self.scores.select_related("criterion").filter(
            criterion__criteria_set=self.criteria_set
        )
        with_evidence = set(
            Evidence.objects.filter(score__assessment=self).values_list("score_id", flat=True)
        )
        for score in scores.order_by("criterion__position"):
            criterion = score.criterion
            if criterion.kind in REQUIRED_KINDS and score.self_value is None:
                problems.append(gettext("%(code)s: no score entered.") % {"code": criterion.code})
            elif criterion.evidence_required and score.self_value and score.pk not in with_evidence:
                problems.append(
                    gettext("%(code)s: evidence is required.") % {"code": criterion.code}
                )
        return problems

    def missing_for_explanation(self) -> list[str]:
        """What the member must still provide before sending the explanation."""
        return [
            gettext("%(code)s: evidence is required.") % {"code": score.criterion.code}
            for score in self._without_evidence("explained")
        ]

    def missing_for_finalisation(self) -> list[str]:
        """What stops the reviewer from finalising: evidence still required by a final score."""
        return [
            gettext(
                "%(code)s requires evidence and has none: return the assessment for the member "
                "to attach it, or score the criterion 0."
            )
            % {"code": score.criterion.code}
            for score in self._without_evidence("final")
        ]

    def _without_evidence(self, stage: str) -> list[Score]:
        """The scores of criteria that require evidence, with a value above zero standing at
        `stage`, that have no file."""
        scores = (
            self.scores.select_related("criterion")
            .filter(criterion__criteria_set=self.criteria_set, criterion__evidence_required=True)
            .exclude(pk__in=Evidence.objects.filter(score__assessment=self).values("score_id"))
            .order_by("criterion__position")
        )
        return [score for score in scores if score.value_at(stage)]


# The deadline of the year (ClusterYear.deadlines()) by which each period's self-assessment
# is due.
PERIOD_DEADLINE = {
    Assessment.Period.YEAR: "self_assessment",
    Assessment.Period.MID_YEAR: "mid_year",
}

# The kinds of criterion a member must score before submitting.
REQUIRED_KINDS = (
    Criterion.Kind.POINTS,
    Criterion.Kind.PASS_FAIL,
    Criterion.Kind.PER_OCCURRENCE,
    Criterion.Kind.QUANTITATIVE,
)


def periods(cluster_year: ClusterYear) -> list[tuple[str, str]]:
    """(value, label) of the periods the cluster scores: the whole year, and the first half
    where it has a mid-year deadline."""
    Period = Assessment.Period
    chosen = [Period.MID_YEAR, Period.YEAR] if cluster_year.mid_year_deadline else [Period.YEAR]
    return [(period.value, period.label) for period in chosen]


def period_field() -> models.CharField:
    """The period (the whole year, the first half) a record of another model is about, as
    an assessment's."""
    return models.CharField(
        _("period"),
        max_length=10,
        choices=Assessment.Period.choices,
        default=Assessment.Period.YEAR,
    )


def period_deadline(cluster_year: ClusterYear, period: str) -> datetime.date | None:
    """The deadline of the year by which the self-assessment of `period` is due."""
    return cluster_year.deadline(PERIOD_DEADLINE[period])


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
                fields=["assessment", "criterion"],
                name="score_one_per_criterion",
                violation_error_message=_("The assessment already has a score for this criterion."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assessment} — {self.criterion.code}"

    @property
    def stage_values(self) -> tuple[Decimal | None, ...]:
        """The value entered at each stage, in the order of SCORE_STAGES."""
        return tuple(getattr(self, f"{stage}_value") for stage in SCORE_STAGES)

    def value_at(self, stage: str) -> Decimal | None:
        return value_standing_at(self.stage_values, stage)


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

    def deletion_refusal(self) -> str:
        """Why this file cannot be deleted now, or "": once the assessment has been submitted,
        the last file of a criterion that requires evidence stays while its score stands above
        zero."""
        score = self.score
        if not score.assessment.member_can_edit():
            return gettext(
                "Evidence can be removed only while the self-assessment is open or returned."
            )
        if (
            score.assessment.status != Assessment.Status.DRAFT
            and score.criterion.evidence_required
            and score.value_at("explained")
            and not score.evidence.exclude(pk=self.pk).exists()
        ):
            return gettext(
                "Criterion %(code)s requires evidence and the assessment has been submitted: "
                "its last file cannot be deleted. Attach the replacement first, then delete this "
                "one."
            ) % {"code": score.criterion.code}
        return ""


class WorkflowStep(models.Model):
    """A step of a workflow (an assessment's, a nomination's): who, when, what they said."""

    by = acting_user(_("by"))
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

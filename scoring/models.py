"""Criteria sets, self-assessments with evidence, review, explanation and final scores."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from auditlog.registry import auditlog
from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from clusters.models import AuditedInYear, ClusterYear, Membership, StoredFile

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


class AssessmentEvent(models.Model):
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
        verbose_name = _("workflow step")
        verbose_name_plural = _("workflow steps")
        ordering = ["assessment", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.at:%d/%m/%Y})"


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


for model in (CriteriaSet, Criterion, Assessment, Score, Evidence, RankingPublication):
    auditlog.register(model)

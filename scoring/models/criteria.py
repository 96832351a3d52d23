"""Criteria sets and their criteria; the stages a score goes through."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from clusters.models import AuditedInYear, ClusterYear, acting_user

# The stages a score goes through, in order: the one list every other one is derived from.
# A stage's value is the Score field `<stage>_value`; its text is SCORE_STAGE_FIELDS' second.
SCORE_STAGES = ("self", "reviewed", "explained", "final")
SCORE_VALUE_FIELDS = tuple(f"{stage}_value" for stage in SCORE_STAGES)
# stage -> (value field, text field): the reviewer's comment serves the review and the final.
SCORE_STAGE_FIELDS = dict(
    zip(
        SCORE_STAGES,
        zip(
            SCORE_VALUE_FIELDS,
            ("self_note", "review_comment", "explanation", "review_comment"),
            strict=True,
        ),
        strict=True,
    )
)
# Every field a member or a reviewer enters on a score, in the order of the stages.
SCORE_ENTRY_FIELDS = (
    "target",
    *dict.fromkeys(name for fields in SCORE_STAGE_FIELDS.values() for name in fields),
)


# Each stage and those before it, the latest first.
_UP_TO = {stage: tuple(reversed(SCORE_STAGES[: n + 1])) for n, stage in enumerate(SCORE_STAGES)}


def value_standing_at(values: Mapping[str, Decimal | None], stage: str) -> Decimal | None:
    """The value standing at `stage`: that of the latest stage up to it that has one."""
    for earlier in _UP_TO[stage]:
        value = values.get(earlier)
        if value is not None:
            return value
    return None


class CriteriaSetQuerySet(models.QuerySet):
    def current(self) -> CriteriaSet | None:
        """The latest version (of a year's sets: `cluster_year.criteria_sets.current()`)."""
        return self.order_by("-version").first()


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
    created_by = acting_user(_("created by"))

    objects = CriteriaSetQuerySet.as_manager()

    class Meta:
        verbose_name = _("criteria set")
        verbose_name_plural = _("criteria sets")
        ordering = ["cluster_year", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["cluster_year", "version"],
                name="criteria_set_unique_version",
                violation_error_message=_(
                    "This year already has a criteria version with this number."
                ),
            ),
        ]

    def __str__(self) -> str:
        return _("Criteria %(year)s, version %(version)s") % {
            "year": self.cluster_year.year,
            "version": self.version,
        }

    def get_absolute_url(self) -> str:
        return reverse("scoring:criteria", args=[self.cluster_year_id]) + f"?version={self.version}"

    def scoring_started(self) -> bool:
        """Someone has entered a value, a note or evidence, or submitted, against this version."""
        from .assessments import Assessment, Evidence, Score  # they point at this model

        scores = Score.objects.filter(criterion__criteria_set=self)
        return (
            scores.filter(
                Q(self_value__isnull=False) | Q(target__isnull=False) | ~Q(self_note="")
            ).exists()
            or Evidence.objects.filter(score__in=scores).exists()
            or self.assessments.exclude(status=Assessment.Status.DRAFT).exists()
        )


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
            models.UniqueConstraint(
                fields=["criteria_set", "code"],
                name="criterion_unique_code",
                violation_error_message=_(
                    "Another criterion of this version already has this code."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(kind="per_occurrence") | Q(points_per_occurrence__isnull=False),
                name="criterion_per_occurrence_has_points",
                violation_error_message=_(
                    "A criterion scored per occurrence needs its points per occurrence."
                ),
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

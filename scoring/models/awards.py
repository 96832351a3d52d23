"""Award types and the standing records that bar a unit from awards."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clusters.models import Agency, Recorded

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
                violation_error_message=_(
                    "A limit in per cent needs the award whose standard counts."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class StandingRecord(Recorded):
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

    class Meta:
        verbose_name = _("discipline or inspection status")
        verbose_name_plural = _("discipline and inspection statuses")
        ordering = ["agency", "-started_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="standing_record_dates_order",
                violation_error_message=_("The record ends before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.agency.short_name})"

    def is_active_on(self, day) -> bool:
        return self.started_on <= day and (self.ended_on is None or self.ended_on >= day)

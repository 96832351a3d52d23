"""A period's ranking, once published."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from clusters.models import AuditedInYear, ClusterYear

from .assessments import Assessment


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
                fields=["cluster_year", "period"],
                name="ranking_published_once_per_period",
                violation_error_message=_("The ranking of this period is already published."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.cluster_year)

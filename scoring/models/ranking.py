"""A period's ranking, once published."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from clusters.models import AuditedInYear, ClusterYear, acting_user

from .assessments import period_field


class RankingPublication(AuditedInYear, models.Model):
    """The secretariat's publication of the year's ranking; members see it from then on."""

    cluster_year = models.ForeignKey(
        ClusterYear,
        verbose_name=_("cluster year"),
        on_delete=models.CASCADE,
        related_name="ranking_publications",
    )
    period = period_field()
    published_at = models.DateTimeField(_("published at"), auto_now_add=True)
    published_by = acting_user(_("published by"))

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


class RankingRevision(models.Model):
    """A number that changes whenever anything a cluster year's ranking is computed from
    changes: scores, assessments, criteria, membership, the year's settings, the members'
    names, the publication. The database moves it itself (triggers, migration
    0006_ranking_revision), so no write can bypass it; the ranking's cache key carries it
    (scoring/ranking.py). A value is never used twice, even after a rollback (a sequence on
    PostgreSQL, a random 63-bit number elsewhere). No row yet: nothing has changed since the
    triggers were installed (revision 0). No foreign key: a year deleted leaves a harmless row."""

    cluster_year_id = models.BigIntegerField(primary_key=True)
    revision = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("ranking revision")
        verbose_name_plural = _("ranking revisions")

    def __str__(self) -> str:
        return f"{self.cluster_year_id}: {self.revision}"

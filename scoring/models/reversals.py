"""Steps taken back where the domain allows it, with who, when and why."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from clusters.models import AuditedInYear, ClusterYear, acting_user


class Reversal(AuditedInYear, models.Model):
    """A step taken back where the domain allows it (a closed vote reopened, a published
    ranking withdrawn): what, who, when and why, kept in the year's change log."""

    class Step(models.TextChoices):
        VOTE_REOPENED = "vote_reopened", _("Vote reopened")
        RANKING_WITHDRAWN = "ranking_withdrawn", _("Ranking publication withdrawn")
        NON_SUBMISSION_WITHDRAWN = "non_submission_withdrawn", _("Non-submission record withdrawn")

    cluster_year = models.ForeignKey(
        ClusterYear,
        verbose_name=_("cluster year"),
        on_delete=models.CASCADE,
        related_name="reversals",
    )
    step = models.CharField(_("step taken back"), max_length=30, choices=Step.choices)
    subject = models.CharField(_("of"), max_length=300)
    reason = models.TextField(_("reason"))
    by = acting_user(_("by"))
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("step taken back")
        verbose_name_plural = _("steps taken back")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_step_display()}: {self.subject}"

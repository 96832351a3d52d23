"""Deadline reminders already sent."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from clusters.models import ClusterYear


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
                fields=["cluster_year", "deadline_name", "deadline"],
                name="reminder_once",
                violation_error_message=_("This reminder has already been sent."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.deadline_name} {self.deadline:%d/%m/%Y}"

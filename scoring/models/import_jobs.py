"""Review workbooks too large to read while the user waits, applied in the background."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clusters.models import ClusterYear


class ImportJob(models.Model):
    """An uploaded review workbook queued for a worker (scoring.import_jobs). Its file is kept
    in the storage until it is applied; the job applies it at most once."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Being applied")
        DONE = "done", _("Applied")
        FAILED = "failed", _("Not applied")

    ACTIVE = (State.QUEUED, State.RUNNING)

    cluster_year = models.ForeignKey(
        ClusterYear, verbose_name=_("cluster year"), on_delete=models.CASCADE, related_name="+"
    )
    period = models.CharField(_("period"), max_length=10)
    file = models.FileField(_("workbook"), upload_to="imports/%Y/%m/")
    file_name = models.CharField(_("file name"), max_length=200)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    changed = models.PositiveIntegerField(_("scores changed"), default=0)
    problems = models.JSONField(_("problems"), default=list, blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    # Last handed to the broker: a job still waiting long after is queued again.
    queued_at = models.DateTimeField(_("queued at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("workbook import")
        verbose_name_plural = _("workbook imports")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.file_name

    def get_absolute_url(self) -> str:
        return reverse("scoring:import_job", args=[self.pk])

    @property
    def active(self) -> bool:
        return self.state in self.ACTIVE

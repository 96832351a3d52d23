"""The secretariat's narrative of a term report, and the PDFs already rendered."""

from __future__ import annotations

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from clusters.models import AuditedInYear, ClusterYear
from scoring.models import Assessment


class TermReport(AuditedInYear, models.Model):
    """What the secretariat writes in the report on a period (báo cáo sơ kết / tổng kết);
    the figures come from the year's records when the report is rendered."""

    cluster_year = models.ForeignKey(
        ClusterYear,
        verbose_name=_("cluster year"),
        on_delete=models.CASCADE,
        related_name="term_reports",
    )
    period = models.CharField(
        _("period"),
        max_length=10,
        choices=Assessment.Period.choices,
        default=Assessment.Period.YEAR,
    )
    number = models.CharField(
        _("number and symbol"), max_length=50, blank=True, help_text=_("E.g. “15/BC-CTĐ3”.")
    )
    place = models.CharField(
        _("place"),
        max_length=100,
        blank=True,
        help_text=_("Where it is issued, e.g. “Thanh Hóa”: the head's province when empty."),
    )
    issued_on = models.DateField(_("dated"), null=True, blank=True)
    results = models.TextField(_("results achieved"), blank=True)
    limitations = models.TextField(_("limitations"), blank=True)
    tasks = models.TextField(_("tasks for the next period"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("term report")
        verbose_name_plural = _("term reports")
        constraints = [
            models.UniqueConstraint(
                fields=["cluster_year", "period"], name="term_report_one_per_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cluster_year} · {self.get_period_display()}"


class RenderedDocument(models.Model):
    """The last PDF rendered of a document, with the fingerprint of the HTML it came from:
    it is served again as long as the document's HTML is the same."""

    class Kind(models.TextChoices):
        TERM_REPORT = "term_report", _("Term report")
        COVENANT = "covenant", _("Covenant")
        MINUTES = "minutes", _("Conference minutes")
        DOSSIER = "dossier", _("Nomination dossier")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    object_id = models.PositiveIntegerField()
    variant = models.CharField(max_length=20, blank=True, help_text="E.g. a term report's period.")
    fingerprint = models.CharField(max_length=64)
    pdf = models.BinaryField()
    rendered_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("rendered document")
        verbose_name_plural = _("rendered documents")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "variant"], name="rendered_document_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.object_id} {self.variant}".strip()


auditlog.register(TermReport)


class BatchJob(models.Model):
    """A batch of documents made in the background (reports.batches): who asked for it, how far
    it is, and the file it produced. One batch of a kind and inputs runs at a time: asking for
    it again while it runs points to it."""

    class Kind(models.TextChoices):
        MINISTRY_TERM_REPORTS = "ministry_term_reports", _("Year-end reports of every cluster")

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting for a worker")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    ACTIVE = (State.QUEUED, State.RUNNING)

    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices)
    key = models.CharField(max_length=200, help_text="The kind and its inputs: one active each.")
    params = models.JSONField(default=dict)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default="queued")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    touched_at = models.DateTimeField(null=True, blank=True, help_text="Last sign of a worker.")
    assembling_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    result = models.FileField(_("result"), upload_to="batches/", blank=True)
    message = models.TextField(_("message"), blank=True)

    class Meta:
        verbose_name = _("batch job")
        verbose_name_plural = _("batch jobs")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["key"],
                condition=models.Q(state__in=["queued", "running"]),
                name="batch_job_one_active",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.key})"

    def get_absolute_url(self) -> str:
        return reverse("reports:batch_detail", args=[self.pk])

    @property
    def active(self) -> bool:
        return self.state in self.ACTIVE


class BatchItem(models.Model):
    """One document of a batch, claimed by one worker at a time; a claim older than
    settings.BATCH_STALLED_AFTER (its worker died) is taken over by another."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting")
        CLAIMED = "claimed", _("Being made")
        DONE = "done", _("Done")
        SKIPPED = "skipped", _("Left out")

    job = models.ForeignKey(BatchJob, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField()
    object_id = models.PositiveIntegerField()
    label = models.CharField(max_length=255)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    claimed_at = models.DateTimeField(null=True, blank=True)
    token = models.CharField(max_length=100, blank=True, help_text="Which worker claimed it.")
    note = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["job", "position"]
        constraints = [
            models.UniqueConstraint(fields=["job", "position"], name="batch_item_position"),
        ]

    def __str__(self) -> str:
        return self.label

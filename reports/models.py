"""The secretariat's narrative of a term report, and the PDFs already rendered."""

from __future__ import annotations

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
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
        MOVEMENT_PLAN = "movement_plan", _("Movement plan")

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

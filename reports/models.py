"""The secretariat's narrative of a term report, and the PDFs already rendered."""

from __future__ import annotations

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from clusters.models import Agency, AuditedInYear, Cluster, ClusterYear, acting_user
from scoring.models import period_field


class TermReport(AuditedInYear, models.Model):
    """What the secretariat writes in the report on a period (báo cáo sơ kết / tổng kết);
    the figures come from the year's records when the report is rendered."""

    cluster_year = models.ForeignKey(
        ClusterYear,
        verbose_name=_("cluster year"),
        on_delete=models.CASCADE,
        related_name="term_reports",
    )
    period = period_field()
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
    updated_by = acting_user(_("updated by"))

    class Meta:
        verbose_name = _("term report")
        verbose_name_plural = _("term reports")
        constraints = [
            models.UniqueConstraint(
                fields=["cluster_year", "period"],
                name="term_report_one_per_period",
                violation_error_message=_("This year already has a report for this period."),
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
        DOSSIER_BUNDLE = "dossier_bundle", _("Nomination dossier with its evidence")

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
                fields=["kind", "object_id", "variant"],
                name="rendered_document_unique",
                violation_error_message=_("This document has already been produced."),
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
        YEAR_ARCHIVE = "year_archive", _("The year's archive of a cluster")
        CLUSTER_DOSSIERS = "cluster_dossiers", _("Every nomination dossier of a cluster's year")

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
                violation_error_message=_("The same batch is already waiting or running."),
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
    settings.JOB_STALLED_AFTER (its worker died) is taken over by another."""

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
            models.UniqueConstraint(
                fields=["job", "position"],
                name="batch_item_position",
                violation_error_message=_("Another item of the batch already has this position."),
            ),
        ]

    def __str__(self) -> str:
        return self.label


# The document register (sổ văn bản đi) ---------------------------------------------------


class DocumentKind(models.TextChoices):
    """Kinds of documents a cluster or an agency issues; the value is the abbreviation the
    number carries (Decree 30/2020/NĐ-CP, Appendix III): 91/KH-CTĐ3, 05/TTr-CTĐ3."""

    PLAN = "KH", _("Plan")
    REPORT = "BC", _("Report")
    PROPOSAL = "TTr", _("Proposal letter")
    MINUTES = "BB", _("Minutes")
    COVENANT = "GƯ", _("Covenant")
    DECISION = "QĐ", _("Decision")


def _one_issuer(name: str) -> models.CheckConstraint:
    """An issuing body is either a cluster (its head signs for it) or an agency, never both."""
    return models.CheckConstraint(
        condition=models.Q(cluster__isnull=False, agency__isnull=True)
        | models.Q(cluster__isnull=True, agency__isnull=False),
        name=name,
        violation_error_message=_("A document is issued either by a cluster or by an agency."),
    )


class RegisterCounter(models.Model):
    """The last number given in one issuing body's register for one year and one kind. Issuing
    locks this row (select_for_update) until the document is saved, so that two documents never
    take the same number and a failed issue gives none away."""

    cluster = models.ForeignKey(Cluster, null=True, blank=True, on_delete=models.PROTECT)
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=5, choices=DocumentKind.choices)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            _one_issuer("register_counter_one_issuer"),
            models.UniqueConstraint(
                fields=["cluster", "year", "kind"],
                condition=models.Q(cluster__isnull=False),
                name="register_counter_cluster_unique",
                violation_error_message=_(
                    "This register already counts this kind of document this year."
                ),
            ),
            models.UniqueConstraint(
                fields=["agency", "year", "kind"],
                condition=models.Q(agency__isnull=False),
                name="register_counter_agency_unique",
                violation_error_message=_(
                    "This register already counts this kind of document this year."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cluster or self.agency} {self.year} {self.kind}: {self.last_number}"


class IssuedDocumentQuerySet(models.QuerySet):
    def of_issuer(self, *, cluster: Cluster | None = None, agency: Agency | None = None):
        return self.filter(cluster=cluster) if cluster else self.filter(agency=agency)


class IssuedDocument(models.Model):
    """One entry of the register: a document issued with its number, frozen. Its PDF and the
    PDF's SHA-256 are kept as issued and never change; changing the content issues a new
    document, which names the one it replaces."""

    class Capacity(models.TextChoices):
        """How the signer signs (Decree 30/2020/NĐ-CP, Art. 13 and Appendix I)."""

        OWN = "", _("In their own right")
        ON_BEHALF = "TM.", _("TM. (on behalf of the collective)")
        FOR_HEAD = "KT.", _("KT. (signing for the head)")
        ACTING = "Q.", _("Q. (acting head)")

    cluster = models.ForeignKey(
        Cluster, verbose_name=_("cluster"), null=True, blank=True, on_delete=models.PROTECT
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), null=True, blank=True, on_delete=models.PROTECT
    )
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=5, choices=DocumentKind.choices)
    number = models.PositiveIntegerField(_("number"))
    symbol = models.CharField(_("symbol"), max_length=30, help_text=_("E.g. “TTr-CTĐ3”."))
    title = models.CharField(_("summary"), max_length=500)
    issued_on = models.DateField(_("dated"))
    place = models.CharField(_("place"), max_length=100, blank=True)
    # What it was issued from (a RenderedDocument.Kind and its object), to find its new issues.
    source_kind = models.CharField(max_length=20, blank=True)
    source_id = models.PositiveIntegerField(null=True, blank=True)
    source_variant = models.CharField(max_length=20, blank=True)
    content_fingerprint = models.CharField(max_length=64, blank=True)
    signer_name = models.CharField(_("signed by"), max_length=150)
    signer_title = models.CharField(_("signer's title"), max_length=150, blank=True)
    signer_position = models.CharField(
        _("signing as"), max_length=150, help_text=_("E.g. “Cụm trưởng”, “Giám đốc”.")
    )
    capacity = models.CharField(
        _("capacity"), max_length=5, choices=Capacity.choices, blank=True, default=""
    )
    signing_for = models.CharField(
        _("signing for"),
        max_length=255,
        blank=True,
        help_text=_(
            "What follows the capacity: “CỤM THI ĐUA SỐ 3” after TM., “CỤM TRƯỞNG” after KT."
        ),
    )
    pdf = models.BinaryField(_("PDF as issued"), editable=False)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True, editable=False)
    replaces = models.ForeignKey(
        "self",
        verbose_name=_("replaces"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
    )
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    issued_by = acting_user(_("issued by"))

    objects = IssuedDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("issued document")
        verbose_name_plural = _("issued documents")
        ordering = ["-year", "kind", "-number"]
        constraints = [
            _one_issuer("issued_document_one_issuer"),
            models.UniqueConstraint(
                fields=["cluster", "year", "kind", "number"],
                condition=models.Q(cluster__isnull=False),
                name="issued_document_cluster_number_unique",
                violation_error_message=_(
                    "This number has already been given to a document of this kind this year."
                ),
            ),
            models.UniqueConstraint(
                fields=["agency", "year", "kind", "number"],
                condition=models.Q(agency__isnull=False),
                name="issued_document_agency_number_unique",
                violation_error_message=_(
                    "This number has already been given to a document of this kind this year."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number_symbol} {self.title}"

    @property
    def number_symbol(self) -> str:
        """“05/TTr-CTĐ3”: numbers below 10 take a leading zero (Decree 30/2020/NĐ-CP)."""
        return f"{self.number:02d}/{self.symbol}"

    @property
    def capacity_line(self) -> str:
        """“TM. CỤM THI ĐUA SỐ 3”, “KT. CỤM TRƯỞNG”, “Q. CỤM TRƯỞNG”; empty when signing in
        one's own right."""
        if self.capacity == self.Capacity.ACTING:
            return f"Q. {self.signer_position}".upper()
        return f"{self.capacity} {self.signing_for}".strip().upper() if self.capacity else ""

    @property
    def issuer(self) -> Cluster | Agency:
        return self.cluster or self.agency


class DocumentSignature(models.Model):
    """A digital signature (PAdES) added to an issued document: the signed PDF is the issued
    one with the signature appended (an incremental update), kept with its SHA-256."""

    class Method(models.TextChoices):
        ORGANISATION = "organisation", _("Organisation's certificate, on the server")
        REMOTE = "remote", _("Personal, remote signing (CSC)")

    document = models.ForeignKey(
        IssuedDocument,
        verbose_name=_("document"),
        on_delete=models.PROTECT,
        related_name="signatures",
    )
    method = models.CharField(_("method"), max_length=20, choices=Method.choices)
    signed_as = models.CharField(_("signed as"), max_length=255)
    signed_at = models.DateTimeField(_("signed at"))
    pdf = models.BinaryField(_("signed PDF"), editable=False)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True, editable=False)
    signed_by = acting_user(_("signed by"))

    class Meta:
        verbose_name = _("document signature")
        verbose_name_plural = _("document signatures")
        ordering = ["signed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.document.number_symbol} · {self.signed_as}"


class AgencyCertificate(models.Model):
    """An agency's signing certificate (PKCS#12). Its password is kept encrypted with a key
    derived from the SIGNING_KEY setting (reports/signing.py), never in clear."""

    agency = models.OneToOneField(
        Agency,
        verbose_name=_("agency"),
        on_delete=models.CASCADE,
        related_name="signing_certificate",
    )
    pkcs12 = models.BinaryField(_("PKCS#12 file"), editable=False)
    encrypted_password = models.BinaryField(editable=False)
    chain_pem = models.TextField(
        _("certificate chain (PEM)"), editable=False, help_text=_("Public: the certificates only.")
    )
    subject = models.CharField(_("subject"), max_length=255)
    valid_from = models.DateTimeField(_("valid from"))
    valid_until = models.DateTimeField(_("valid until"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now=True)
    uploaded_by = acting_user(_("uploaded by"))

    class Meta:
        verbose_name = _("signing certificate")
        verbose_name_plural = _("signing certificates")

    def __str__(self) -> str:
        return self.subject


auditlog.register(IssuedDocument, exclude_fields=["pdf"])
auditlog.register(DocumentSignature, exclude_fields=["pdf"])
auditlog.register(AgencyCertificate, exclude_fields=["pkcs12", "encrypted_password"])

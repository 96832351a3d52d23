"""The covenant (giao ước) of a year, its commitments and signatories."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .base import AuditedInYear
from .years import ClusterYear, Membership


class Covenant(AuditedInYear, models.Model):
    """The year's covenant (giao ước thi đua): numbered commitments signed by every member."""

    cluster_year = models.OneToOneField(
        ClusterYear,
        verbose_name=_("cluster year"),
        on_delete=models.CASCADE,
        related_name="covenant",
    )
    number = models.CharField(
        _("number and symbol"), max_length=50, blank=True, help_text=_("E.g. “01/GƯ-CTĐ”.")
    )
    title = models.CharField(_("title"), max_length=255)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    preamble = models.TextField(_("preamble"), blank=True)

    class Meta:
        verbose_name = _("covenant")
        verbose_name_plural = _("covenants")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("clusters:covenant_detail", args=[self.cluster_year_id])


class Commitment(AuditedInYear, models.Model):
    cluster_year_path = "covenant.cluster_year_id"

    covenant = models.ForeignKey(
        Covenant, verbose_name=_("covenant"), on_delete=models.CASCADE, related_name="commitments"
    )
    position = models.PositiveSmallIntegerField(_("no."))
    text = models.TextField(_("commitment"))

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["covenant", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["covenant", "position"],
                name="commitment_unique_position",
                violation_error_message=_(
                    "Another commitment of this covenant already has this number."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.text[:60]}"


class Signatory(AuditedInYear, models.Model):
    cluster_year_path = "covenant.cluster_year_id"

    covenant = models.ForeignKey(
        Covenant, verbose_name=_("covenant"), on_delete=models.CASCADE, related_name="signatories"
    )
    membership = models.ForeignKey(
        Membership, verbose_name=_("member"), on_delete=models.PROTECT, related_name="signatures"
    )
    signer_name = models.CharField(_("signed by"), max_length=150)
    signer_title = models.CharField(pgettext_lazy("person", "title"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")
        ordering = ["covenant", "membership__agency__short_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["covenant", "membership"],
                name="signatory_one_per_member",
                violation_error_message=_("This member has already signed the covenant."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.membership.agency.short_name}: {self.signer_name}"

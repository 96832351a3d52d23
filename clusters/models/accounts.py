"""Invitations: how a person gets an account in an agency without Django admin."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .agencies import Agency


class InvitationQuerySet(models.QuerySet):
    def pending(self, now: datetime.datetime) -> InvitationQuerySet:
        return self.filter(accepted_at__isnull=True, cancelled_at__isnull=True, expires_at__gt=now)


class Invitation(models.Model):
    """An e-mail with a one-time link where a person chooses a password and gets an account
    in an agency. Only a digest of the link's token is kept."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="invitations"
    )
    email = models.EmailField(_("e-mail"))
    full_name = models.CharField(pgettext_lazy("person", "full name"), max_length=150)
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    as_agency_admin = models.BooleanField(_("agency administrator"), default=False)
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="invitation",
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.full_name} <{self.email}>"

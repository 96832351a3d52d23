"""Messages to one person in the application."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """A message to one person in the application (also sent by e-mail when they have one)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    # Waits for the person's daily digest (see notifications.digest_send).
    in_digest = models.BooleanField(_("awaiting the daily digest"), default=False)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "read_at"], name="notification_unread"),
            models.Index(
                fields=["user"], condition=Q(in_digest=True), name="notification_in_digest"
            ),
        ]

    def __str__(self) -> str:
        return self.subject

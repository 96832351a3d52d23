"""Telling people that something needs them: a notification in the application and, for those
with an e-mail address, an e-mail (written to the outbox in the same transaction and sent by a
task once it has committed: clusters.outbox)."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.functional import SimpleLazyObject

from .models import Notification, OutboxEmail, User
from .tasks import outbox_send

logger = logging.getLogger(__name__)


def in_default_language():
    """Messages go out in Vietnamese, whatever language the person who caused them uses."""
    return translation.override(settings.LANGUAGE_CODE)


def notify(*, users: Iterable[User], subject: str, body: str = "", url: str = "") -> None:
    """Write `subject` and `body` in the default language (see `in_default_language`)."""
    recipients = {user.pk: user for user in users if user.is_active}.values()
    if not recipients:
        return
    Notification.objects.bulk_create(
        Notification(user=user, subject=subject, body=body, url=url) for user in recipients
    )
    link = f"{settings.SITE_URL}{url}" if url else ""
    text = "\n\n".join(part for part in (body, link) if part)
    emails = [
        OutboxEmail(recipient=user.email, subject=subject, body=text)
        for user in recipients
        if user.email
    ]
    if emails:
        OutboxEmail.objects.bulk_create(emails)
        transaction.on_commit(_send)


def _send() -> None:
    """E-mail is a courtesy: the notification is in the application whatever happens to it.
    The e-mails wait in the outbox (clusters.outbox) for a worker; a broker that is down is
    logged, not raised to the person who acted, and beat sends them once it is back."""
    try:
        outbox_send.delay()
    except Exception:  # the broker's errors (kombu, redis) share no base class
        logger.exception("Could not queue the sending of notification e-mails.")


def unread_count(request) -> dict:
    """Context processor: the number on the bell in the navigation bar (counted only when a
    page shows it)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "unread_notifications": SimpleLazyObject(
            lambda: Notification.objects.filter(user=user, read_at__isnull=True).count()
        )
    }

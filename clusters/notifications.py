"""Telling people that something needs them: a notification in the application and, for those
with an e-mail address, an e-mail (sent once the transaction that caused it has committed)."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import translation
from django.utils.functional import SimpleLazyObject

from .models import Notification, User

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
    messages = [
        (subject, text, settings.DEFAULT_FROM_EMAIL, [user.email])
        for user in recipients
        if user.email
    ]
    if messages:
        transaction.on_commit(lambda: _send(messages))


def _send(messages: list[tuple]) -> None:
    """E-mail is a courtesy: the notification is in the application whatever happens to it,
    so a mail server that is down is logged, not raised to the person who acted."""
    try:
        send_mass_mail(messages)
    except OSError:  # smtplib's errors are OSErrors
        logger.exception("Could not send %s notification e-mail(s).", len(messages))


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

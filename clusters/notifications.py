"""Telling people that something needs them: a notification in the application and, for those
with an e-mail address, an e-mail (written to the outbox in the same transaction and sent by a
task once it has committed: clusters.outbox).

Each person chooses how notifications reach their mailbox (`User.notification_mail`): one
e-mail each, one daily digest (`digest_send`, run by beat or `manage.py send_digest`), or none;
the list in the application is complete whatever they choose.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

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
        Notification(
            user=user,
            subject=subject,
            body=body,
            url=url,
            in_digest=bool(user.email) and user.notification_mail == User.Mail.DIGEST,
        )
        for user in recipients
    )
    text = _mail_text(body, url)
    _queue(
        OutboxEmail(recipient=user.email, subject=subject, body=text)
        for user in recipients
        if user.email and user.notification_mail == User.Mail.IMMEDIATE
    )


def _mail_text(body: str, url: str) -> str:
    link = f"{settings.SITE_URL}{url}" if url else ""
    return "\n\n".join(part for part in (body, link) if part)


def _queue(emails: Iterable[OutboxEmail]) -> None:
    """Write the e-mails to the outbox in the caller's transaction; a task sends them once it
    has committed (each once: clusters.outbox)."""
    emails = list(emails)
    if emails:
        OutboxEmail.objects.bulk_create(emails)
        transaction.on_commit(_send)


def digest_send() -> int:
    """One e-mail to each person who chose the daily digest, with what was notified to them
    since the last one; returns how many e-mails were queued. Safe to run twice: a notification
    leaves the digest as its e-mail is written to the outbox, in one transaction."""
    sent = 0
    pending = Notification.objects.filter(in_digest=True)
    for user in User.objects.filter(pk__in=pending.values("user_id")).order_by("pk"):
        with transaction.atomic():
            notifications = list(
                pending.select_for_update().filter(user=user).order_by("created_at", "pk")
            )
            if not notifications:
                continue
            Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(
                in_digest=False
            )
            if not (user.is_active and user.email and user.notification_mail == User.Mail.DIGEST):
                continue  # the person changed their mind or left: nothing to send
            _queue([_digest_email(user, notifications)])
            sent += 1
    return sent


def _digest_email(user: User, notifications: list[Notification]) -> OutboxEmail:
    with in_default_language():
        subject = ngettext(
            "Emulation: %(count)s new notification",
            "Emulation: %(count)s new notifications",
            len(notifications),
        ) % {"count": len(notifications)}
        parts = [
            f"{timezone.localtime(n.created_at):%d/%m/%Y %H:%M} · {n.subject}\n"
            + _mail_text(n.body, n.url)
            for n in notifications
        ]
        parts.append(
            _("You receive one e-mail a day; change it on your page: %(url)s")
            % {"url": settings.SITE_URL + reverse("accounts:profile")}
        )
    return OutboxEmail(recipient=user.email, subject=subject, body="\n\n".join(parts))


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

"""The e-mail outbox: notifications' e-mails are written in the transaction that causes them
and sent afterwards by a task (clusters.tasks.outbox_send), retried, never twice.

Each e-mail is claimed before it is handed to the mail server (pending → sending, one
conditional UPDATE: of two workers only one wins it), then marked sent, or put back for a
later try when the server refused it. An e-mail left "sending" by a worker that died while
talking to the server is not sent again: it may have gone out, and an e-mail sent twice is
worse than one the log shows as unconfirmed.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import models
from django.utils import timezone

from .models import OutboxEmail

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
RETRY_AFTER = datetime.timedelta(minutes=2)  # times the number of attempts so far


def outbox_deliver(*, limit: int = 200) -> int:
    """Send the e-mails that are due, each at most once; returns how many went out."""
    State = OutboxEmail.State
    due = OutboxEmail.objects.filter(state=State.PENDING, send_after__lte=timezone.now())
    sent = 0
    connection = None
    for email in due.order_by("pk")[:limit]:
        claimed = OutboxEmail.objects.filter(pk=email.pk, state=State.PENDING).update(
            state=State.SENDING, attempts=models.F("attempts") + 1
        )
        if not claimed:  # another worker has it
            continue
        email.attempts += 1
        message = EmailMessage(
            email.subject, email.body, settings.DEFAULT_FROM_EMAIL, [email.recipient]
        )
        try:
            connection = connection or get_connection()
            connection.send_messages([message])
        except OSError as error:  # smtplib's errors are OSErrors
            logger.warning(
                "Could not send e-mail %s (attempt %s): %s", email.pk, email.attempts, error
            )
            failed = email.attempts >= MAX_ATTEMPTS
            OutboxEmail.objects.filter(pk=email.pk).update(
                state=State.FAILED if failed else State.PENDING,
                send_after=timezone.now() + RETRY_AFTER * email.attempts,
                last_error=str(error) or error.__class__.__name__,
            )
            connection = None
            continue
        OutboxEmail.objects.filter(pk=email.pk).update(state=State.SENT, sent_at=timezone.now())
        sent += 1
    return sent

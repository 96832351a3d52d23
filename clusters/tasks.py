"""Background tasks of the clusters app (emulation/celery.py)."""

from __future__ import annotations

from celery import shared_task

from .outbox import outbox_deliver


@shared_task(name="clusters.tasks.outbox_send")
def outbox_send() -> int:
    """Send the e-mails that are due (also every minute from beat, for retries)."""
    return outbox_deliver()


@shared_task(name="clusters.tasks.digest_send")
def digest_send() -> int:
    """The daily digest of notifications (beat, once a day)."""
    from .notifications import digest_send as send

    return send()

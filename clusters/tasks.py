"""Background tasks of the clusters app (emulation/celery.py)."""

from __future__ import annotations

from celery import shared_task

from .outbox import outbox_deliver


@shared_task(name="clusters.tasks.outbox_send")
def outbox_send() -> int:
    """Send the e-mails that are due (also every minute from beat, for retries)."""
    return outbox_deliver()

"""Background tasks of the scoring app (emulation/celery.py; scheduled in emulation/schedule.py)."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from scoring import import_jobs, services


@shared_task(name="scoring.tasks.reminders_send")
def reminders_send(days: int = services.REMINDER_DAYS) -> int:
    """The daily reminders (beat, 07:30). Run twice, it reminds of nothing twice: each
    deadline's reminder is recorded once (scoring.Reminder)."""
    return services.reminders_send(today=timezone.localdate(), days=days)


@shared_task(name="scoring.tasks.import_run", acks_late=True)
def import_run(job_id: int) -> None:
    """Apply a queued review workbook (scoring.import_jobs.import_work: at most once)."""
    import_jobs.import_work(job_id=job_id)

"""Background tasks that read across the apps (emulation/celery.py; scheduled in
emulation/schedule.py)."""

from __future__ import annotations

from celery import shared_task

from reports.batches import batches_resume
from scoring.import_jobs import imports_resume


@shared_task(name="emulation.site.tasks.stalled_jobs_resume")
def stalled_jobs_resume() -> int:
    """Every minute (beat): the jobs a worker or the broker lost go back to the queue (the
    batches whose worker went silent, the workbook imports no worker has applied); returns
    how many."""
    return batches_resume() + imports_resume()

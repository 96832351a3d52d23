"""Background tasks of the reports app (emulation/celery.py)."""

from __future__ import annotations

from celery import shared_task

from . import batches


@shared_task(name="reports.tasks.batch_run", bind=True)
def batch_run(self, job_id: int) -> None:
    """Work on a batch (reports.batches.batch_work: safe to run twice, or at once)."""
    batches.batch_work(job_id=job_id, worker=self.request.hostname or "")


@shared_task(name="reports.tasks.batches_resume")
def batches_resume() -> int:
    """Every minute (beat): batches whose worker went silent go back to the queue."""
    return batches.batches_resume()

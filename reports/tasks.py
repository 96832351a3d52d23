"""Background tasks of the reports app (emulation/celery.py)."""

from __future__ import annotations

from celery import shared_task

from . import batches, remote


@shared_task(name="reports.tasks.batch_run", bind=True)
def batch_run(self, job_id: int) -> None:
    """Work on a batch (reports.batches.batch_work: safe to run twice, or at once)."""
    batches.batch_work(job_id=job_id, worker=self.request.hostname or "")


@shared_task(name="reports.tasks.remote_sign_complete", acks_late=True)
def remote_sign_complete(**request) -> int | None:
    """A signer's remote signature (reports.remote.remote_sign_complete: one per request,
    however many times the task runs); returns the signature's id, if one was made."""
    signature = remote.remote_sign_complete(**request)
    return signature.pk if signature else None

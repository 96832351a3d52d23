"""Handing work to the background workers (emulation/celery.py).

Every place that queues a task does it inside `handing_over`: a broker that does not answer
(Redis down; the connection times out after settings.CELERY_BROKER_CONNECTION_TIMEOUT, so the
request does not hang) undoes what was prepared for the task and raises QueueUnavailable, a
DomainError whose message tells the user that nothing was done and to try again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from kombu.exceptions import OperationalError

from .errors import DomainError

# kombu's connection errors, and the socket's own when the broker refuses the connection.
BROKER_ERRORS = (OperationalError, OSError)


class QueueUnavailable(DomainError):
    """The broker did not take the task: nothing was queued."""


@contextmanager
def handing_over(refusal: str, *, undo: Callable[[str], object] | None = None) -> Iterator[None]:
    """Around the `.delay()` calls of one piece of work. If the broker does not answer,
    `undo(refusal)` runs (a job marked failed, a kept file deleted) and QueueUnavailable
    (refusal) is raised."""
    try:
        yield
    except BROKER_ERRORS as error:
        if undo is not None:
            undo(refusal)
        raise QueueUnavailable(refusal) from error


def queue_stalled(jobs: QuerySet, *, stamp: str, queue: Callable[[int], object]) -> int:
    """Queue again each of `jobs` whose `stamp` (when it was last queued or heard of) is older
    than settings.JOB_STALLED_AFTER: the broker lost its task, or the worker that had it died.
    The stamp moves to now first, so that of two sweeps at once one queues it, and not again
    before the next delay; returns how many were queued."""
    stale = timezone.now() - timezone.timedelta(seconds=settings.JOB_STALLED_AFTER)
    resumed = 0
    for pk in jobs.filter(**{f"{stamp}__lt": stale}).values_list("pk", flat=True):
        if jobs.model.objects.filter(pk=pk, **{f"{stamp}__lt": stale}).update(
            **{stamp: timezone.now()}
        ):
            queue(pk)
            resumed += 1
    return resumed

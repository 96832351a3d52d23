"""Review workbooks applied in the background (scoring.ImportJob, scoring.tasks.import_run).

A workbook larger than settings.IMPORT_IN_BACKGROUND_BYTES is not read while the user waits:
it is kept in the storage and a worker reads and applies it, all or nothing, exactly as the
page would (read_review, then review_apply, which checks every assessment again under a lock).
Without a preview: the job's page lists what was wrong, or how many scores changed.

The task may run twice (acknowledged late, a worker lost mid-job): the job's row is locked
while it is applied and its state committed with the scores, so a second run finds it done.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from clusters.access import can_administer_year, int_or_404, is_ministry
from clusters.models import ClusterYear, User
from emulation.errors import DomainError
from emulation.jobs import handing_over, queue_stalled

from .access import can_review
from .models import ImportJob
from .review_workbooks import read_review, review_apply, year_scores

logger = logging.getLogger(__name__)


def in_background(file: UploadedFile) -> bool:
    """Whether the upload is large enough to be applied by a worker."""
    return file.size >= settings.IMPORT_IN_BACKGROUND_BYTES


def import_start(
    *, cluster_year: ClusterYear, period: str, file: UploadedFile, by: User
) -> ImportJob:
    """Keep the workbook and queue it. A broker that does not answer: the job is marked
    failed and QueueUnavailable says so (nothing was applied; the user may try again)."""
    job = ImportJob(
        cluster_year=cluster_year, period=period, started_by=by, file_name=file.name[:200]
    )
    file.seek(0)
    job.file.save(file.name, file, save=False)
    job.save()
    with handing_over(
        _(
            "The queue of background jobs is not answering, so the workbook could not be "
            "queued. Nothing was applied: try again in a few minutes."
        ),
        undo=lambda message: _fail(job, message),
    ):
        _queue(job.pk)
    return job


def _queue(job_id: int) -> None:
    from .tasks import import_run  # the task calls this module

    import_run.delay(job_id)


def _fail(job: ImportJob, message: str) -> None:
    """The job could not be queued: its workbook is not kept."""
    job.file.delete(save=False)
    ImportJob.objects.filter(pk=job.pk, state=ImportJob.State.QUEUED).update(
        state=ImportJob.State.FAILED,
        file="",
        problems=[{"row": 0, "column": "", "message": message, "sheet": ""}],
        finished_at=timezone.now(),
    )


def import_work(*, job_id: int) -> None:
    """Read and apply the job's workbook, once. The job's row stays locked while it is
    applied: a run that finds it locked leaves it to the worker applying it, one that finds it
    done (or failed) leaves it as it is, and one that finds it running but unlocked applies it
    again (the worker that had it died, and nothing of it was committed)."""
    with transaction.atomic():
        if _locked_active(job_id) is None:
            return
        ImportJob.objects.filter(pk=job_id).update(
            state=ImportJob.State.RUNNING, started_at=timezone.now()
        )
    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        job = _locked_active(job_id)
        if job is None:
            return  # another run took it, or finished it, in between
        job.problems, job.changed = _apply(job)
        job.state = ImportJob.State.FAILED if job.problems else ImportJob.State.DONE
        job.finished_at = timezone.now()
        job.save(update_fields=["problems", "changed", "state", "finished_at"])
    job.file.delete(save=False)  # applied, or to be corrected and uploaded again
    ImportJob.objects.filter(pk=job.pk).update(file="")


def _locked_active(job_id: int) -> ImportJob | None:
    """The job, locked, if it is still to be applied and no other worker holds it."""
    return (
        ImportJob.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("cluster_year", "started_by")
        .filter(pk=job_id, state__in=ImportJob.ACTIVE)
        .first()
    )


def imports_resume() -> int:
    """Jobs still waiting settings.JOB_STALLED_AFTER seconds after they were queued (the
    broker lost the task, or the worker that had it died) are queued again; returns how many.
    One being applied right now costs its second task nothing (import_work)."""
    return queue_stalled(
        ImportJob.objects.filter(state__in=ImportJob.ACTIVE), stamp="queued_at", queue=_queue
    )


def _apply(job: ImportJob) -> tuple[list[dict], int]:
    """(problems, scores changed): the workbook read as the page reads it, then applied
    under the review's locks with the rights of who uploaded it, as they are now."""
    scores = year_scores(job.cluster_year, job.period)
    reviewable = {s.assessment_id for s in scores if can_review(job.started_by, s.assessment)}
    try:
        with job.file.open("rb") as file:
            found = read_review(
                cluster_year=job.cluster_year,
                period=job.period,
                scores=scores,
                reviewable=reviewable,
                file=file,
            )
    except OSError:
        logger.exception("import job %s: the workbook cannot be read", job.pk)
        message = _("The workbook kept for this job cannot be read: upload it again.")
        return [{"row": 0, "column": "", "message": message, "sheet": ""}], 0
    if found.problems:
        return [problem._asdict() for problem in found.problems], 0
    try:
        count = review_apply(
            cluster_year=job.cluster_year, changes=found.changes, by=job.started_by
        )
    except DomainError as error:
        return [
            {"row": 0, "column": "", "message": message, "sheet": ""} for message in error.messages
        ], 0
    return [], count


def recent_jobs(cluster_year: ClusterYear, period: str) -> list[ImportJob]:
    """The year's latest workbooks applied in the background, for its review page."""
    return list(
        ImportJob.objects.filter(cluster_year=cluster_year, period=period).select_related(
            "started_by"
        )[:5]
    )


def get_import_job_for_user(user: User, pk) -> ImportJob:
    """Who uploaded the workbook, the year's secretariat and the ministry see the job;
    anyone else gets a 404."""
    job = (
        ImportJob.objects.select_related("cluster_year__cluster", "started_by")
        .filter(pk=int_or_404(pk))
        .first()
    )
    if job is None or not (
        job.started_by_id == user.pk
        or is_ministry(user)
        or can_administer_year(user, job.cluster_year)
    ):
        raise Http404
    return job

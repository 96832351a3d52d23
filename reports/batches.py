"""Batches of documents made in the background, with a progress page the user can leave and
come back to (reports.BatchJob).

A batch is a list of items fixed when it is asked for (BatchItem: for the ministry's export,
the year's clusters), worked through by one or more workers (reports.tasks.batch_run), then
assembled into one file kept in the storage (S3 when several servers share it).

- The same batch asked for twice while it runs: the second request gets the first batch.
- A worker that dies mid-batch: its item's claim goes stale (settings.JOB_STALLED_AFTER) and
  another worker takes it over; what was already made is kept (RenderedDocument), so nothing
  is made twice and no item is left out or repeated in the file.
- Each document is made from the records as they are when the batch reaches it; the page and
  the file say when the batch started and that later changes are not in it.

A kind of batch is one entry in KINDS: who may ask for it, how to list its items, make one,
and name the file. Besides the ministry's export, a cluster's year gives two (official
documents, reports/bundle.py): its archive (one .zip: the issued documents, the register,
the spreadsheets, the evidence and the manifest of hashes) and every nomination dossier with
its evidence (one PDF each).
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from clusters.access import can_administer_year, int_or_404, is_ministry
from clusters.models import ClusterYear, User
from emulation.downloads import ascii_name
from emulation.errors import DomainError
from emulation.jobs import handing_over, queue_stalled
from scoring.models import Assessment, Nomination

from . import bundle, documents
from .models import BatchItem, BatchJob, RenderedDocument

logger = logging.getLogger(__name__)
Job = BatchJob
Item = BatchItem


@dataclass(frozen=True)
class BatchKind:
    items: Callable[[dict], list[tuple[int, str]]]  # (object id, label) in the file's order
    make: Callable[[int], str]  # makes one item; returns why it was left out, or ""
    content: Callable[[int], bytes]  # the item's file, once made
    title: Callable[[dict], str]  # the result's name
    may_start: Callable[[User, dict], bool] = lambda user, params: is_ministry(user)
    # The whole file (its bytes and extension), for a kind that is not a .zip of its items.
    assemble: Callable[[BatchJob], tuple[bytes, str]] | None = None


# The ministry's export: every cluster's year-end report of a year -------------------------


def _term_reports_items(params: dict) -> list[tuple[int, str]]:
    years = ClusterYear.objects.with_cluster().filter(year=params["year"])
    return [(y.pk, y.cluster.title) for y in years.order_by("cluster__number", "cluster__pk")]


@documents.in_document_language
def _term_report_make(cluster_year_id: int) -> str:
    cluster_year = ClusterYear.objects.with_cluster().get(pk=cluster_year_id)
    ranking = documents.term_ranking(cluster_year, Assessment.Period.YEAR)
    if not ranking.complete:
        return _("the scoring is not final yet")
    documents.pdf(documents.term_report(cluster_year, Assessment.Period.YEAR, ranking))
    return ""


def _term_report_content(cluster_year_id: int) -> bytes:
    kept = RenderedDocument.objects.get(
        kind=RenderedDocument.Kind.TERM_REPORT,
        object_id=cluster_year_id,
        variant=Assessment.Period.YEAR,
    )
    return bytes(kept.pdf)


# A cluster's year: its archive, and every nomination dossier with its evidence --------------


def _cluster_year(params: dict) -> ClusterYear:
    return ClusterYear.objects.with_cluster().get(pk=params["cluster_year"])


def _keeps_the_year(user: User, params: dict) -> bool:
    """The year's secretariat asks for its archive and dossiers (and the ministry)."""
    cluster_year = ClusterYear.objects.filter(pk=params.get("cluster_year")).first()
    return cluster_year is not None and (
        is_ministry(user) or can_administer_year(user, cluster_year)
    )


def _year_items(params: dict) -> list[tuple[int, str]]:
    cluster_year = _cluster_year(params)
    return [(cluster_year.pk, str(cluster_year))]


def _year_archive(job: BatchJob) -> tuple[bytes, str]:
    content, _manifest = bundle.year_archive(_cluster_year(job.params))
    return content, "zip"


@documents.in_document_language
def _year_title(params: dict) -> str:
    cluster_year = _cluster_year(params)
    return f"Lưu trữ {cluster_year.cluster.title} năm {cluster_year.year}"


def _dossier_items(params: dict) -> list[tuple[int, str]]:
    nominations = (
        Nomination.objects.filter(membership__cluster_year_id=params["cluster_year"])
        .select_related("membership__agency", "award_type")
        .order_by("award_type__position", "membership__agency__short_name", "pk")
    )
    return [(n.pk, f"{n.membership.agency.short_name} - {n.award_type}"[:200]) for n in nominations]


def _dossier_make(nomination_id: int) -> str:
    """The dossier with its evidence, kept until the file is put together (made again, it
    replaces what a worker that died left)."""
    nomination = Nomination.objects.select_related("membership__cluster_year__cluster").get(
        pk=nomination_id
    )
    content, _parts = bundle.dossier_bundle(nomination)
    RenderedDocument.objects.update_or_create(
        kind=RenderedDocument.Kind.DOSSIER_BUNDLE,
        object_id=nomination_id,
        variant="",
        defaults={"fingerprint": hashlib.sha256(content).hexdigest(), "pdf": content},
    )
    return ""


def _dossier_content(nomination_id: int) -> bytes:
    kept = RenderedDocument.objects.get(
        kind=RenderedDocument.Kind.DOSSIER_BUNDLE, object_id=nomination_id, variant=""
    )
    return bytes(kept.pdf)


@documents.in_document_language
def _dossiers_title(params: dict) -> str:
    cluster_year = _cluster_year(params)
    return f"Hồ sơ khen thưởng {cluster_year.cluster.title} năm {cluster_year.year}"


KINDS: dict[str, BatchKind] = {
    Job.Kind.MINISTRY_TERM_REPORTS: BatchKind(
        items=_term_reports_items,
        make=_term_report_make,
        content=_term_report_content,
        title=lambda params: _("Year-end reports of the clusters, %(year)s") % params,
    ),
    Job.Kind.YEAR_ARCHIVE: BatchKind(
        items=_year_items,
        make=lambda cluster_year_id: "",  # the archive is put together in one piece
        content=lambda cluster_year_id: b"",
        title=_year_title,
        may_start=_keeps_the_year,
        assemble=_year_archive,
    ),
    Job.Kind.CLUSTER_DOSSIERS: BatchKind(
        items=_dossier_items,
        make=_dossier_make,
        content=_dossier_content,
        title=_dossiers_title,
        may_start=_keeps_the_year,
    ),
}


# Who sees a batch ---------------------------------------------------------------------------


def visible_batches(user) -> models.QuerySet[BatchJob]:
    """Who started a batch sees it, and the ministry sees every batch."""
    jobs = BatchJob.objects.select_related("started_by")
    return jobs if is_ministry(user) else jobs.filter(started_by=user)


def get_batch_for_user(user, pk) -> BatchJob:
    return get_object_or_404(visible_batches(user), pk=int_or_404(pk))


# Starting ---------------------------------------------------------------------------------


def _key(kind: str, params: dict) -> str:
    return f"{kind}:{json.dumps(params, sort_keys=True)}"


@transaction.atomic
def batch_start(*, kind: str, params: dict, by: User) -> tuple[BatchJob, bool]:
    """Ask for a batch; returns it and whether it is new. The same batch (kind and inputs)
    already waiting or running is returned instead of a second one."""
    if not KINDS[kind].may_start(by, params):
        raise PermissionDenied
    key = _key(kind, params)
    running = BatchJob.objects.filter(key=key, state__in=BatchJob.ACTIVE).first()
    if running is not None:
        return running, False
    items = KINDS[kind].items(params)
    if not items:
        raise DomainError(_("There is nothing to put in this batch."), field="year")
    try:
        with transaction.atomic():  # two requests at once: the constraint lets one through
            job = BatchJob.objects.create(
                kind=kind, key=key, params=params, started_by=by, touched_at=timezone.now()
            )
    except IntegrityError:
        return BatchJob.objects.get(key=key, state__in=BatchJob.ACTIVE), False
    BatchItem.objects.bulk_create(
        BatchItem(job=job, position=n, object_id=pk, label=label)
        for n, (pk, label) in enumerate(items, start=1)
    )
    return job, True


def batch_enqueue(job: BatchJob) -> None:
    """Hand the batch to the workers (one task per worker that may share it). A broker that
    does not answer fails the batch at once with a message, rather than leave it waiting."""
    with handing_over(
        _(
            "The queue of background jobs is not answering, so the batch could not start. "
            "Nothing was lost: try again in a few minutes."
        ),
        undo=lambda message: BatchJob.objects.filter(pk=job.pk, state=BatchJob.State.QUEUED).update(
            state=BatchJob.State.FAILED, message=message, finished_at=timezone.now()
        ),
    ):
        for _worker in range(settings.BATCH_PARALLEL):
            queue(job.pk)


def queue(job_id: int) -> None:
    """One more worker's task for the batch."""
    from .tasks import batch_run  # the task calls this module

    batch_run.delay(job_id)


# Working ----------------------------------------------------------------------------------


def _claimable(stale) -> Q:
    return Q(state=Item.State.PENDING) | Q(state=Item.State.CLAIMED, claimed_at__lt=stale)


def _claim_item(job: BatchJob, token: str) -> BatchItem | None:
    """The next item nobody is making (or whose maker went silent), claimed for `token`: of
    two workers that want it, the conditional UPDATE gives it to one."""
    now = timezone.now()
    stale = now - timezone.timedelta(seconds=settings.JOB_STALLED_AFTER)
    for item in job.items.filter(_claimable(stale)).order_by("position")[:10]:
        if Item.objects.filter(_claimable(stale), pk=item.pk).update(
            state=Item.State.CLAIMED, claimed_at=now, token=token
        ):
            return item
    return None


def batch_work(*, job_id: int, worker: str = "") -> None:
    """What a worker does for a batch: make the items nobody is making, then, the last one
    done, put the file together. Safe to run any number of times, at once or again."""
    job = BatchJob.objects.filter(pk=job_id, state__in=BatchJob.ACTIVE).first()
    if job is None:
        return
    kind = KINDS[job.kind]
    now = timezone.now()
    BatchJob.objects.filter(pk=job.pk, state=BatchJob.State.QUEUED).update(
        state=BatchJob.State.RUNNING, started_at=now, touched_at=now
    )
    token = f"{worker}/{uuid.uuid4().hex}"
    while (item := _claim_item(job, token)) is not None:
        try:
            note = kind.make(item.object_id)
        except Exception:  # one document that fails must not stop, or loop, the batch
            logger.exception("Batch %s: item %s could not be made.", job.pk, item.label)
            note = _("could not be made (the error is in the server's log)")
        Item.objects.filter(pk=item.pk, token=token, state=Item.State.CLAIMED).update(
            state=Item.State.SKIPPED if note else Item.State.DONE, note=note
        )
        BatchJob.objects.filter(pk=job.pk).update(touched_at=timezone.now())
    _assemble(job, kind)


def _assemble(job: BatchJob, kind: BatchKind) -> None:
    """Once every item is made, one worker (the one whose UPDATE wins) writes the file."""
    if job.items.exclude(state__in=[Item.State.DONE, Item.State.SKIPPED]).exists():
        return
    now = timezone.now()
    stale = now - timezone.timedelta(seconds=settings.JOB_STALLED_AFTER)
    if not BatchJob.objects.filter(
        Q(assembling_at__isnull=True) | Q(assembling_at__lt=stale),
        pk=job.pk,
        state=BatchJob.State.RUNNING,
    ).update(assembling_at=now):
        return
    job.refresh_from_db()
    title = kind.title(job.params)
    left_out = []
    if kind.assemble is not None:
        content, extension = kind.assemble(job)
    else:
        content, extension, left_out = _zip_of_items(job, kind), "zip", _left_out(job)
    name = f"{job.pk}/{ascii_name(title) or 'batch'}.{extension}"  # under upload_to, batches/
    with transaction.atomic():
        locked = BatchJob.objects.select_for_update().get(pk=job.pk)
        if locked.state != BatchJob.State.RUNNING or locked.assembling_at != now:
            return  # another worker took over the assembly
        locked.result.save(name, ContentFile(content), save=False)
        locked.state, locked.finished_at = BatchJob.State.DONE, timezone.now()
        locked.message = "\n".join(left_out)
        locked.save(update_fields=["result", "state", "finished_at", "message"])


def _left_out(job: BatchJob) -> list[str]:
    return [
        f"{item.label}: {item.note}"
        for item in job.items.filter(state=Item.State.SKIPPED).order_by("position")
    ]


def _zip_of_items(job: BatchJob, kind: BatchKind) -> bytes:
    """Each item's file in order, and a note of what the file holds and what was left out."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in job.items.filter(state=Item.State.DONE).order_by("position"):
            archive.writestr(f"{item.position:04d} {item.label}.pdf", kind.content(item.object_id))
        archive.writestr("ghi-chu.txt", _notes(job, _left_out(job)))
    return buffer.getvalue()


@documents.in_document_language
def _notes(job: BatchJob, left_out: list[str]) -> str:
    """What the file holds, in the documents' language (Vietnamese)."""
    started = timezone.localtime(job.started_at).strftime("%d/%m/%Y %H:%M")
    lines = [
        _(
            "Batch started at %(started)s. Each document was made from the records as they "
            "were when the batch reached it; changes made after that are not in this file."
        )
        % {"started": started},
    ]
    if left_out:
        lines += ["", _("Left out:"), *left_out]
    return "\n".join(lines) + "\n"


def batches_resume() -> int:
    """Batches no worker has touched for a while (a worker died, or the broker lost the task)
    are queued again; returns how many. A batch that is still being worked on is left alone,
    and one queued twice is harmless (batch_work)."""
    return queue_stalled(
        BatchJob.objects.filter(state__in=BatchJob.ACTIVE), stamp="touched_at", queue=queue
    )


def batch_progress(job: BatchJob) -> dict:
    counts = dict(job.items.values_list("state").annotate(n=models.Count("pk")))
    total = sum(counts.values())
    done = counts.get(Item.State.DONE, 0) + counts.get(Item.State.SKIPPED, 0)
    return {
        "total": total,
        "done": done,
        "skipped": counts.get(Item.State.SKIPPED, 0),
        "percent": round(100 * done / total) if total else 100,
    }

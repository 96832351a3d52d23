"""Batches of documents in the background (reports.batches): the ministry's export of every
cluster's year-end report, run in process (no broker: tasks run eagerly) and by hand as a
worker would, to show what a worker that dies or a batch asked for twice leads to."""

from __future__ import annotations

import datetime
import io
import time
import zipfile
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from emulation.celery import app as celery_app
from emulation.errors import DomainError
from reports import batches
from reports.models import BatchItem, BatchJob, RenderedDocument
from tests.fixtures.reports import pdf_text

Kind = BatchJob.Kind


def start(user, year=2025) -> tuple[BatchJob, bool]:
    return batches.batch_start(kind=Kind.MINISTRY_TERM_REPORTS, params={"year": year}, by=user)


def pdf_name(job: BatchJob, cluster_year) -> str:
    position = job.items.get(object_id=cluster_year.pk).position
    return f"{position:04d} {cluster_year.cluster.title}.pdf"


def zip_of(job: BatchJob) -> zipfile.ZipFile:
    job.refresh_from_db()
    with job.result.open("rb") as file:
        return zipfile.ZipFile(io.BytesIO(file.read()))


def test_the_ministry_exports_every_final_year_end_report_and_downloads_the_file(
    client, world, final
):
    client.force_login(world.ministry_user)
    response = client.post(reverse("reports:ministry_export"), {"year": "2025"})
    job = BatchJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == job.get_absolute_url()
    page = client.get(job.get_absolute_url()).content.decode()
    assert 'max="2" value="2"' in page
    assert "http-equiv" not in page  # done: the page no longer refreshes itself

    job.refresh_from_db()
    assert job.state == BatchJob.State.DONE
    assert job.result.name == f"batches/{job.pk}/bao-cao-tong-ket-cua-cac-cum-nam-2025.zip"
    archive = zip_of(job)
    pdfs = [name for name in archive.namelist() if name.endswith(".pdf")]
    assert pdfs == [pdf_name(job, world.year)]  # cluster 3 is not final: left out
    assert "Tổng kết phong trào thi đua năm 2025" in pdf_text(archive.read(pdfs[0]))
    notes = archive.read("ghi-chu.txt").decode()
    assert f"{world.other_cluster.title}: việc chấm điểm chưa hoàn tất" in notes
    started = timezone.localtime(job.started_at).strftime("%d/%m/%Y %H:%M")
    assert f"Lô bắt đầu lúc {started}." in notes  # the records' state it was made from
    download = client.get(reverse("reports:batch_download", args=[job.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == job.result.open("rb").read()


def test_the_same_batch_asked_for_twice_points_to_the_one_under_way(client, world, final):
    first, created = start(world.ministry_user)
    assert created
    client.force_login(world.superuser)  # another ministry user, at the same time
    response = client.post(reverse("reports:ministry_export"), {"year": "2025"})
    assert response["Location"] == first.get_absolute_url()
    assert BatchJob.objects.count() == 1
    batches.batch_work(job_id=first.pk)
    first.refresh_from_db()
    assert first.state == BatchJob.State.DONE
    again, created = start(world.ministry_user)  # finished: a new one may be asked for
    assert created and again.pk != first.pk


def test_a_worker_that_died_mid_batch_leaves_its_item_to_another(world, final, settings):
    settings.JOB_STALLED_AFTER = 30
    job, _created = start(world.ministry_user)
    # A first worker claimed the report of cluster II and was killed before finishing it.
    job.items.filter(object_id=world.year.pk).update(
        state=BatchItem.State.CLAIMED,
        token="dead",
        claimed_at=timezone.now() - datetime.timedelta(seconds=31),
    )
    BatchJob.objects.filter(pk=job.pk).update(state=BatchJob.State.RUNNING)
    batches.batch_work(job_id=job.pk)
    job.refresh_from_db()
    assert job.state == BatchJob.State.DONE
    assert job.items.get(object_id=world.year.pk).state == BatchItem.State.DONE
    assert job.items.get(object_id=world.other_year.pk).state == BatchItem.State.SKIPPED
    assert [n for n in zip_of(job).namelist() if n.endswith(".pdf")] == [pdf_name(job, world.year)]


def test_an_item_another_worker_is_making_is_left_to_it(world, final, settings):
    settings.JOB_STALLED_AFTER = 30
    job, _created = start(world.ministry_user)
    job.items.filter(object_id=world.year.pk).update(
        state=BatchItem.State.CLAIMED, token="alive", claimed_at=timezone.now()
    )
    batches.batch_work(job_id=job.pk)  # a second worker, at the same time
    job.refresh_from_db()
    assert job.state == BatchJob.State.RUNNING  # not assembled while cluster II is being made
    assert job.items.get(object_id=world.other_year.pk).state == BatchItem.State.SKIPPED
    assert job.items.get(object_id=world.year.pk).token == "alive"
    assert not job.result


def test_running_a_finished_batch_again_makes_nothing_twice(world, final):
    job, _created = start(world.ministry_user)
    batches.batch_work(job_id=job.pk)
    job.refresh_from_db()
    result, rendered = job.result.name, RenderedDocument.objects.get().rendered_at
    batches.batch_work(job_id=job.pk)  # the task delivered a second time
    job.refresh_from_db()
    assert job.result.name == result
    assert RenderedDocument.objects.get().rendered_at == rendered


def test_a_stalled_batch_is_queued_again_and_a_lively_one_is_not(world, final, settings):
    settings.JOB_STALLED_AFTER = 30
    job, _created = start(world.ministry_user)
    assert batches.batches_resume() == 0  # just asked for
    BatchJob.objects.filter(pk=job.pk).update(
        touched_at=timezone.now() - datetime.timedelta(seconds=31)
    )
    assert batches.batches_resume() == 1  # queued again; no broker here: run in process
    job.refresh_from_db()
    assert job.state == BatchJob.State.DONE


@pytest.fixture
def broker_down():
    """The application configured with a broker that is not there (a closed port)."""
    saved = {
        key: celery_app.conf[key]
        for key in ("task_always_eager", "broker_url", "broker_connection_timeout")
    }
    forget_connections()
    celery_app.conf.update(task_always_eager=False, broker_url="redis://127.0.0.1:9/0")
    yield
    celery_app.conf.update(saved)
    forget_connections()


def forget_connections():
    """The application keeps its broker connections: let it open them again from its
    settings (as a process started with these settings would)."""
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


def test_with_the_queue_down_the_request_says_so_at_once_and_loses_nothing(
    client, world, final, broker_down
):
    client.force_login(world.ministry_user)
    began = time.monotonic()
    response = client.post(reverse("reports:ministry_export"), {"year": "2025"}, follow=True)
    assert time.monotonic() - began < 10
    assert "không trả lời" in response.content.decode()
    job = BatchJob.objects.get()
    assert job.state == BatchJob.State.FAILED  # not left waiting: it may be asked for again
    assert job.items.count() == 2  # its list kept: nothing half-written


def test_a_batch_is_seen_by_who_started_it_and_the_ministry_only(client, world, final):
    job, _created = start(world.ministry_user)
    for user, status in [
        (world.secretariat_user, 404),
        (world.member_user, 404),
        (world.superuser, 200),
        (world.ministry_user, 200),
    ]:
        client.force_login(user)
        assert client.get(job.get_absolute_url()).status_code == status, user
    client.force_login(world.secretariat_user)
    assert job.get_absolute_url() not in client.get(reverse("reports:batches")).content.decode()


def test_only_the_ministry_may_start_the_export(client, world, final):
    client.force_login(world.secretariat_user)
    response = client.post(reverse("reports:ministry_export"), {"year": "2025"})
    assert response.status_code == 403
    assert not BatchJob.objects.exists()


def test_a_year_without_clusters_is_refused_with_a_message(client, world, final):
    client.force_login(world.ministry_user)
    response = client.post(reverse("reports:ministry_export"), {"year": "1999"})
    assert response.status_code == 200
    assert response.context["form"].errors["year"]  # not a year of any cluster
    with pytest.raises(DomainError, match="Không có gì để đưa vào lô này."):
        start(world.ministry_user, year=1999)
    assert not BatchJob.objects.exists()


def test_the_progress_page_shows_how_far_and_refreshes_while_it_runs(client, world, final):
    job, _created = start(world.ministry_user)
    client.force_login(world.ministry_user)
    page = client.get(job.get_absolute_url()).content.decode()
    assert 'http-equiv="refresh"' in page
    assert '<progress id="batch-progress" class="w-100 d-block mb-2" max="2" value="0">' in page
    assert reverse("reports:batch_download", args=[job.pk]) not in page
    assert client.get(reverse("reports:batch_download", args=[job.pk])).status_code == 404


def test_a_document_that_fails_is_left_out_with_a_note_and_the_batch_finishes(world, final, caplog):
    job, _created = start(world.ministry_user)
    with mock.patch("reports.documents.write_pdf", side_effect=ValueError("hỏng")):
        batches.batch_work(job_id=job.pk)
    job.refresh_from_db()
    assert job.state == BatchJob.State.DONE
    assert "không lập được" in job.items.get(object_id=world.year.pk).note
    assert "could not be made" in caplog.text


def test_a_batch_uses_the_records_as_they_are_when_it_starts_and_says_so(client, world, final):
    """Queued, then a member renamed before a worker takes the batch: the report carries the
    new name (the state at the batch's start, not at its request), and the file and the page
    say when it started and that later changes are not in it."""
    job, _created = start(world.ministry_user)  # queued: no worker yet
    queued_at = timezone.now()
    world.agencies["C"].name = "Sở Ngoại vụ tỉnh Phú Thọ (mới)"
    world.agencies["C"].save(update_fields=["name"])
    batches.batch_work(job_id=job.pk, worker="w1")
    job.refresh_from_db()
    assert job.state == BatchJob.State.DONE
    assert job.started_at >= queued_at
    archive = zip_of(job)
    text = pdf_text(archive.read(pdf_name(job, world.year)))
    assert "Sở Ngoại vụ tỉnh Phú Thọ (mới)" in " ".join(text.split())
    started = timezone.localtime(job.started_at).strftime("%d/%m/%Y %H:%M")
    notes = archive.read("ghi-chu.txt").decode()
    assert f"Lô bắt đầu lúc {started}." in notes
    assert "những thay đổi sau đó không có trong tệp này" in notes
    client.force_login(world.ministry_user)
    page = client.get(job.get_absolute_url()).content.decode()
    assert timezone.localtime(job.started_at).strftime("%d/%m/%Y") in page

"""Large review workbooks applied in the background (scoring.import_jobs): queued above the
threshold, applied once by the task, their problems listed on the job's page in Vietnamese."""

from __future__ import annotations

import io
import threading
import time
from datetime import timedelta
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from emulation.site.tasks import stalled_jobs_resume
from scoring import import_jobs
from scoring.models import Assessment, ImportJob, Score
from scoring.review_workbooks import review_workbook, year_scores
from scoring.tasks import import_run
from tests.fixtures.scoring import review_edited, submit_self

pytestmark = pytest.mark.django_db
YEAR = Assessment.Period.YEAR
VALUE = "L"


@pytest.fixture
def c(world, open_assessment, settings, tmp_path):
    """C submitted; every upload goes to the background."""
    settings.MEDIA_ROOT = tmp_path
    settings.IMPORT_IN_BACKGROUND_BYTES = 1
    return submit_self(open_assessment("C"))


def workbook(world, assessment, value) -> io.BytesIO:
    """The year's review workbook with `value` as the reviewed value of the assessment's 1.1."""
    content = review_workbook(world.year, YEAR, year_scores(world.year, YEAR))
    return review_edited(content, {(assessment, "1.1", VALUE): value})


def reviewed(assessment) -> Decimal | None:
    return Score.objects.get(assessment=assessment, criterion__code="1.1").reviewed_value


def upload(client, world, content):
    client.force_login(world.secretariat_user)
    url = reverse("scoring:review_import", args=[world.year.pk])
    return client.post(url, {"file": content})


@pytest.fixture
def held(monkeypatch):
    """The broker takes the job but no worker runs it yet."""
    queued = []
    monkeypatch.setattr(import_jobs, "_queue", queued.append)
    return queued


def test_a_large_workbook_is_queued_then_applied_once(client, world, c, held, tmp_path):
    response = upload(client, world, workbook(world, c, 7))
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("scoring:import_job", args=[job.pk])
    assert held == [job.pk]
    assert (job.state, job.started_by, reviewed(c)) == ("queued", world.secretariat_user, None)
    page = client.get(response.url)
    assert b'http-equiv="refresh"' in page.content

    assert job.file.storage.exists(job.file.name)  # kept for the worker
    import_run(job.pk)  # in process, as a worker would
    job.refresh_from_db()
    assert (job.state, job.changed, job.problems) == ("done", 1, [])
    assert not job.file  # not kept once applied
    assert not any((tmp_path / "imports").rglob("*.xlsx"))
    form = client.get(reverse("scoring:review_import", args=[world.year.pk]))
    assert form.context["jobs"] == [job]  # the way back to it
    assert reviewed(c) == Decimal("7")
    history = LogEntry.objects.count()
    revision = Assessment.objects.get(pk=c.pk).revision

    import_run(job.pk)  # delivered again (acknowledged late)
    job.refresh_from_db()
    assert (job.state, job.changed) == ("done", 1)
    assert LogEntry.objects.count() == history
    assert Assessment.objects.get(pk=c.pk).revision == revision
    page = client.get(response.url)
    assert b'http-equiv="refresh"' not in page.content
    assert "Đã áp dụng tệp thẩm định: 1 điểm thay đổi." in page.content.decode()


def test_without_a_broker_the_task_runs_at_once(client, world, c):
    response = upload(client, world, workbook(world, c, 6))
    assert reviewed(c) == Decimal("6")
    assert ImportJob.objects.get().state == "done"
    assert client.get(response.url).status_code == 200


def test_below_the_threshold_the_preview_is_unchanged(client, world, c, settings, held):
    settings.IMPORT_IN_BACKGROUND_BYTES = 10 * 1024 * 1024
    response = upload(client, world, workbook(world, c, 7))
    assert response.status_code == 200
    assert response.context["token"]
    assert not ImportJob.objects.exists()
    assert held == []


def test_the_problems_are_listed_in_vietnamese_and_nothing_is_saved(client, world, c, held):
    response = upload(client, world, workbook(world, c, 11))
    import_run(held[0])
    job = ImportJob.objects.get()
    assert job.state == "failed"
    assert reviewed(c) is None
    page = client.get(response.url).content.decode()
    assert "Điểm tối đa là 10 điểm." in page
    assert "Không có gì được lưu" in page


def test_a_member_saved_since_it_was_queued_is_refused(client, world, c, held):
    upload(client, world, workbook(world, c, 7))
    Assessment.objects.filter(pk=c.pk).update(revision=c.revision + 1)
    import_run(held[0])
    job = ImportJob.objects.get()
    assert job.state == "failed"
    assert "đã được lưu sau khi lập tệp này" in job.problems[0]["message"]
    assert reviewed(c) is None


def test_the_broker_down_says_so_and_applies_nothing(client, world, c, monkeypatch):
    def down(job_id):
        raise OperationalError("Connection refused")

    monkeypatch.setattr(import_jobs, "_queue", down)
    response = upload(client, world, workbook(world, c, 7))
    assert response.status_code == 302
    assert ImportJob.objects.get().state == "failed"
    assert reviewed(c) is None
    page = client.get(response.url).content.decode()
    assert "không trả lời" in page


def test_only_the_starter_the_secretariat_and_the_ministry_see_the_job(client, world, c, held):
    upload(client, world, workbook(world, c, 7))
    url = reverse("scoring:import_job", args=[ImportJob.objects.get().pk])
    client.force_login(world.member_user)
    assert client.get(url).status_code == 404


def test_a_job_the_broker_lost_is_queued_again_by_the_sweep(client, world, c, held, settings):
    settings.JOB_STALLED_AFTER = 60
    upload(client, world, workbook(world, c, 7))
    job = ImportJob.objects.get()
    assert stalled_jobs_resume() == 0  # just queued
    ImportJob.objects.update(queued_at=timezone.now() - timedelta(seconds=61))
    assert stalled_jobs_resume() == 1
    assert held == [job.pk, job.pk]
    assert stalled_jobs_resume() == 0  # queued again just now: not every minute
    import_run(held[-1])
    ImportJob.objects.update(queued_at=timezone.now() - timedelta(seconds=61))
    assert stalled_jobs_resume() == 0  # applied: nothing to resume
    assert (ImportJob.objects.get().state, reviewed(c)) == ("done", Decimal("7"))


def test_a_job_whose_worker_died_is_applied_by_the_next_run(client, world, c, held):
    upload(client, world, workbook(world, c, 7))
    ImportJob.objects.update(state=ImportJob.State.RUNNING)  # its worker died mid-job
    import_run(held[0])
    assert (ImportJob.objects.get().state, reviewed(c)) == ("done", Decimal("7"))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks: PostgreSQL")
def test_a_job_being_applied_is_left_to_the_worker_applying_it(
    client, world, c, held, transactional_db
):
    upload(client, world, workbook(world, c, 7))
    job = ImportJob.objects.get()
    ImportJob.objects.update(state=ImportJob.State.RUNNING)
    locked, release = threading.Event(), threading.Event()

    def worker_applying_it():
        with transaction.atomic():
            ImportJob.objects.select_for_update().get(pk=job.pk)
            locked.set()
            release.wait(10)
        connection.close()

    thread = threading.Thread(target=worker_applying_it)
    thread.start()
    assert locked.wait(10)
    started = time.monotonic()
    import_run(job.pk)  # a second delivery, or the sweep's
    assert time.monotonic() - started < 5  # did not wait for the lock
    release.set()
    thread.join()
    job.refresh_from_db()
    assert (job.state, job.started_at, reviewed(c)) == ("running", None, None)

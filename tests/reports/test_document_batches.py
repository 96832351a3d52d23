"""The official documents' batches (reports.batches): a cluster year's archive and every
nomination dossier with its evidence, asked for by the secretariat from the register and
built in the background (in process here: no broker, tasks run eagerly), with the progress
page; and the remote signature completed by a task, once per request however often it runs."""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from pypdf import PdfReader

from reports import batches
from reports.models import BatchJob, RenderedDocument
from tests.fixtures.reports import issue, nomination_with_files

Kind = BatchJob.Kind


def _result(job: BatchJob) -> bytes:
    job.refresh_from_db()
    with job.result.open("rb") as file:
        return file.read()


def test_the_secretariat_builds_the_years_archive_in_the_background(client, year_end):
    nomination, evidence = nomination_with_files(year_end)
    document = issue(year_end.cluster)
    client.force_login(year_end.secretariat_user)
    register_page = client.get(reverse("reports:register", args=[year_end.year.pk]))
    start_url = reverse("reports:year_archive_start", args=[year_end.year.pk])
    assert start_url in register_page.content.decode()
    response = client.post(start_url)
    job = BatchJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert (job.kind, job.params) == (Kind.YEAR_ARCHIVE, {"cluster_year": year_end.year.pk})
    page = client.get(job.get_absolute_url()).content.decode()
    assert 'max="1" value="1"' in page and year_end.cluster.title in page
    job.refresh_from_db()
    assert job.state == BatchJob.State.DONE and job.result.name.endswith(".zip")
    archive = zipfile.ZipFile(io.BytesIO(_result(job)))
    assert archive.read("van-ban/01-bc-ctdii.pdf") == bytes(document.pdf)
    rows = list(csv.reader(io.StringIO(archive.read("MANIFEST.csv").decode())))[1:-1]
    assert {"so-van-ban-di.xlsx", "bang-diem.xlsx"} <= {row[0] for row in rows}
    for path, size, digest in rows:
        data = archive.read(path)
        assert (len(data), hashlib.sha256(data).hexdigest()) == (int(size), digest)
    download = client.get(reverse("reports:batch_download", args=[job.pk]))
    assert download.status_code == 200 and ".zip" in download["Content-Disposition"]
    # Who asked for it sees it; another year's secretariat does not.
    client.force_login(year_end.member_user)
    assert client.get(job.get_absolute_url()).status_code == 404


def test_every_dossier_of_the_year_with_its_evidence_in_one_file(client, year_end):
    nomination, evidence = nomination_with_files(year_end)
    client.force_login(year_end.secretariat_user)
    client.post(reverse("reports:dossiers_start", args=[year_end.year.pk]))
    job = BatchJob.objects.get(kind=Kind.CLUSTER_DOSSIERS)
    assert job.state == BatchJob.State.DONE
    archive = zipfile.ZipFile(io.BytesIO(_result(job)))
    [name] = [name for name in archive.namelist() if name.endswith(".pdf")]
    assert name.startswith("0001 ") and nomination.membership.agency.short_name in name
    content = archive.read(name)
    kept = RenderedDocument.objects.get(kind=RenderedDocument.Kind.DOSSIER_BUNDLE)
    assert content == bytes(kept.pdf) and kept.object_id == nomination.pk
    pages = len(PdfReader(io.BytesIO(content)).pages)
    assert pages >= 1 + 1 + 2  # contents, the dossier, the 2-page evidence PDF
    assert "ghi-chu.txt" in archive.namelist()


def test_a_year_without_dossiers_says_so_and_starts_nothing(client, world):
    client.force_login(world.secretariat_user)
    response = client.post(reverse("reports:dossiers_start", args=[world.year.pk]), follow=True)
    assert not BatchJob.objects.exists()
    assert "nothing to put" in response.content.decode() or "Không có" in (
        response.content.decode()
    )


def test_the_same_archive_asked_for_twice_points_to_the_one_under_way(world):
    params = {"cluster_year": world.year.pk}
    first, created = batches.batch_start(
        kind=Kind.YEAR_ARCHIVE, params=params, by=world.secretariat_user
    )
    again, created_again = batches.batch_start(
        kind=Kind.YEAR_ARCHIVE, params=params, by=world.secretariat_user
    )
    assert created and not created_again and again == first
    batches.batch_work(job_id=first.pk)
    batches.batch_work(job_id=first.pk)  # a task delivered twice: nothing made twice
    first.refresh_from_db()
    assert first.state == BatchJob.State.DONE
    assert BatchJob.objects.count() == 1


def test_only_who_keeps_the_year_asks_for_its_archive(world):
    with pytest.raises(PermissionDenied):
        batches.batch_start(
            kind=Kind.YEAR_ARCHIVE,
            params={"cluster_year": world.year.pk},
            by=world.member_user,
        )
    with pytest.raises(PermissionDenied):
        batches.batch_start(
            kind=Kind.CLUSTER_DOSSIERS,
            params={"cluster_year": world.other_year.pk},
            by=world.secretariat_user,
        )

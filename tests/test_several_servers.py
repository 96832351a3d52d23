"""The application as several servers (benchmarks/several_servers.py), short form: two gunicorn
servers, two Celery workers and beat on a Redis of their own, the tests' PostgreSQL database
and moto's S3 server, all on loopback. One user signs in on one server and uploads on the
other; the ministry starts a batch on one and follows it and downloads it on the other; a
worker is killed while it makes a document, and the batch completes all the same.

PostgreSQL only (the servers share the database; SQLite in memory cannot be shared); needs
`redis-server` (.ci/run installs it).
"""

from __future__ import annotations

import io
import os
import re
import shutil
import zipfile

import pytest
from django.conf import global_settings
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from benchmarks.several_servers import BUCKET, Deployment, Visitor, wait_until
from clusters.models import Attachment, ClusterYear
from emulation.site import scale
from reports.models import BatchItem, BatchJob

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
YEAR = 2026

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="several servers share a PostgreSQL database"
    ),
    pytest.mark.skipif(
        shutil.which("redis-server") is None and not os.environ.get("TEST_REDIS_URL"),
        reason="redis-server is not installed (.ci/run installs and starts it)",
    ),
]


def database_url() -> str:
    db = connection.settings_dict
    user = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{user}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def country(transactional_db, settings, make_conference):
    """Six clusters of the scale dataset (1, 3, 4 and 5 final; 2 and 6 still scoring), with
    real password hashes (the servers check them), and a conference of cluster 1."""
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS
    call_command(
        "seed_scale",
        "--clusters",
        "6",
        "--members",
        "3",
        "--criteria",
        "12",
        "--year",
        str(YEAR),
        stdout=io.StringIO(),
    )
    first = ClusterYear.objects.get(cluster__supervisor_name=scale.SUPERVISOR, cluster__number="1")
    return make_conference(first)


def test_a_user_moves_across_servers_and_a_batch_survives_a_killed_worker(country):
    conference = country
    # CI names the Redis it started (.ci/run: TEST_REDIS_URL); elsewhere one is started here.
    redis_url = os.environ.get("TEST_REDIS_URL", "")
    with Deployment(database_url=database_url(), stalled_after=4, redis_url=redis_url) as servers:
        web1, web2 = servers.web
        try:
            # Signed in on one server, the upload goes through the other, the file comes back
            # through the first: the session and the file are shared, not kept by a server.
            secretariat = Visitor()
            secretariat.sign_in(web1, scale.member_username(1, 1), scale.PASSWORD)
            upload = secretariat.post(
                web2,
                reverse("clusters:attachment_add", args=[conference.pk]),
                {"kind": "minutes"},
                files={"file": ("Biên bản hội nghị.pdf", PDF, "application/pdf")},
            )
            assert upload.status_code == 302, upload.text[-2000:]
            attachment = Attachment.objects.get()
            keys = [o["Key"] for o in servers.s3().list_objects_v2(Bucket=BUCKET)["Contents"]]
            assert keys == [f"media/{attachment.file.name}"]
            download = secretariat.get(
                web1, reverse("clusters:attachment_download", args=[attachment.pk])
            )
            assert download.content == PDF

            # The batch: started on one server, followed and downloaded on the other.
            ministry = Visitor()
            ministry.sign_in(web2, "quymo.bo", scale.PASSWORD)
            start = ministry.post(web1, reverse("reports:ministry_export"), {"year": str(YEAR)})
            assert start.status_code == 302, start.text[-2000:]
            job = BatchJob.objects.get()
            assert start.headers["Location"] == job.get_absolute_url()

            # Worker 1 is killed while it makes a document.
            held = wait_until(
                lambda: BatchItem.objects.filter(
                    job=job, state=BatchItem.State.CLAIMED, token__startswith="worker1@"
                ).first(),
                seconds=60,
                what="worker 1 making a document",
                every=0.05,
            )
            servers.kill("worker1")
            # Asked for again while it runs (it cannot end before worker 1's document is taken
            # over; asked earlier, a quick batch may already be done): the same batch.
            again = ministry.post(web2, reverse("reports:ministry_export"), {"year": str(YEAR)})
            assert again.headers["Location"] == job.get_absolute_url()  # points to it
            assert BatchJob.objects.count() == 1
            page = ministry.get(web2, job.get_absolute_url())
            assert page.status_code == 200
            assert 'http-equiv="refresh"' in page.text  # under way: the page follows it

            wait_until(
                lambda: BatchJob.objects.get(pk=job.pk).state != BatchJob.State.RUNNING,
                seconds=120,
                what="the batch to finish without worker 1",
            )
            job.refresh_from_db()
            assert job.state == BatchJob.State.DONE, job.message
            held.refresh_from_db()
            assert held.state in (BatchItem.State.DONE, BatchItem.State.SKIPPED)
            assert not held.token.startswith("worker1@")  # taken over by worker 2

            page = ministry.get(web2, job.get_absolute_url())
            assert 'max="6" value="6"' in page.text
            result = ministry.get(web2, reverse("reports:batch_download", args=[job.pk]))
            assert result.status_code == 200
            archive = zipfile.ZipFile(io.BytesIO(result.content))
            pdfs = sorted(n for n in archive.namelist() if n.endswith(".pdf"))
            numbers = sorted(re.search(r"số (\d+)", name).group(1) for name in pdfs)
            assert numbers == ["1", "3", "4", "5"]  # each final cluster once; 2 and 6 left out
            assert all(archive.read(name).startswith(b"%PDF-") for name in pdfs)
            assert "chưa hoàn tất" in archive.read("ghi-chu.txt").decode()
            stranger = Visitor()
            stranger.sign_in(web1, scale.member_username(1, 2), scale.PASSWORD)
            assert stranger.get(web1, job.get_absolute_url()).status_code == 404
        except BaseException:
            for name in ("web1", "web2", "worker1", "worker2", "beat"):
                print(f"--- {name} ---\n{servers.log(name)[-3000:]}")
            raise

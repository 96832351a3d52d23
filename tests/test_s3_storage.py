"""Uploads in an S3-compatible store (S3_BUCKET; README, "Deploying on several servers").

The storage settings are those `emulation/settings.py` makes from the environment, and the
store is moto's S3 server on loopback: the S3 protocol over HTTP, as MinIO or a cloud's
object storage speak it. A file goes in through the application's upload page and comes
back through its download view; nothing is written to the local disk.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import boto3
import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from moto.server import ThreadedMotoServer

from clusters.models import Attachment

BUCKET = "thidua-tep-dinh-kem"
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"


@pytest.fixture
def bucket(settings, monkeypatch, tmp_path):
    """An S3 client on a fresh bucket; the default storage configured as production would be
    with these S3_* variables; MEDIA_ROOT an empty folder that must stay empty."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)  # a free port
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    credentials = {"aws_access_key_id": "cum-thi-dua", "aws_secret_access_key": "bi-mat"}
    for name, value in {
        "S3_BUCKET": BUCKET,
        "S3_ENDPOINT_URL": endpoint,
        "S3_REGION": "us-east-1",
        "S3_ACCESS_KEY_ID": credentials["aws_access_key_id"],
        "S3_SECRET_ACCESS_KEY": credentials["aws_secret_access_key"],
    }.items():
        monkeypatch.setenv(name, value)
    path = Path(django_settings.BASE_DIR, "emulation", "settings.py")
    spec = importlib.util.spec_from_file_location("settings_with_s3", path)
    production = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(production)
    settings.STORAGES = {**settings.STORAGES, "default": production.STORAGES["default"]}
    settings.MEDIA_ROOT = tmp_path
    client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", **credentials)
    client.create_bucket(Bucket=BUCKET)
    yield client
    server.stop()


def test_an_upload_is_kept_private_in_the_bucket_and_served_through_the_app(
    client, world, make_conference, bucket, tmp_path
):
    conference = make_conference(world.year)
    client.force_login(world.secretariat_user)
    response = client.post(
        reverse("clusters:attachment_add", args=[conference.pk]),
        {"kind": "minutes", "file": SimpleUploadedFile("Biên bản hội nghị.pdf", PDF)},
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get()

    keys = [item["Key"] for item in bucket.list_objects_v2(Bucket=BUCKET)["Contents"]]
    assert keys == [f"media/{attachment.file.name}"]  # under S3_PREFIX, default "media"
    assert bucket.get_object(Bucket=BUCKET, Key=keys[0])["Body"].read() == PDF
    grants = bucket.get_object_acl(Bucket=BUCKET, Key=keys[0])["Grants"]
    assert all(grant["Grantee"].get("URI") != ALL_USERS for grant in grants)  # private
    assert not any(tmp_path.iterdir())  # nothing on the local disk

    url = reverse("clusters:attachment_download", args=[attachment.pk])
    client.force_login(world.member_user)
    download = client.get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    client.force_login(world.stranger_user)
    assert client.get(url).status_code == 404


def test_a_file_missing_from_the_bucket_is_a_404_not_an_error(
    client, world, make_conference, bucket
):
    conference = make_conference(world.year)
    client.force_login(world.secretariat_user)
    client.post(
        reverse("clusters:attachment_add", args=[conference.pk]),
        {"kind": "minutes", "file": SimpleUploadedFile("bien-ban.pdf", PDF)},
    )
    attachment = Attachment.objects.get()
    bucket.delete_object(Bucket=BUCKET, Key=f"media/{attachment.file.name}")
    url = reverse("clusters:attachment_download", args=[attachment.pk])
    assert client.get(url).status_code == 404

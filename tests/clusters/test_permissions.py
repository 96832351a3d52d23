"""Every URL of the clusters pages (and the accounts pages) × every role → the expected status.

tests/test_url_coverage.py fails for any named URL that no matrix lists, so new pages cannot
slip in without deciding who may see them.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from clusters import services
from tests.permissions import (
    EVERYONE,
    READ,
    ROLES,
    WRITE,
    answer,
    post,
)

DIRECTORY = {role: 403 for role in ROLES} | {"anonymous": 302, "ministry": 200, "superuser": 200}


# name → (method, kwargs builder, expected statuses by role)
MATRIX = {
    "dashboard": ("get", lambda w: {}, EVERYONE),
    "clusters:notifications": ("get", lambda w: {}, EVERYONE),
    "clusters:notifications_read": ("post", lambda w: {}, post(EVERYONE, 302)),
    "clusters:cluster_list": ("get", lambda w: {}, EVERYONE),
    "clusters:cluster_create": ("get", lambda w: {}, DIRECTORY),
    "clusters:cluster_detail": ("get", lambda w: {"pk": w.cluster.pk}, READ),
    "clusters:cluster_edit": (
        "get",
        lambda w: {"pk": w.cluster.pk},
        DIRECTORY | {"stranger": 404},
    ),
    "clusters:year_create": ("get", lambda w: {"pk": w.cluster.pk}, DIRECTORY | {"stranger": 404}),
    "clusters:year_detail": ("get", lambda w: {"pk": w.year.pk}, READ),
    "clusters:year_edit": ("get", lambda w: {"pk": w.year.pk}, WRITE),
    "clusters:year_start_next": ("post", lambda w: {"pk": w.year.pk}, post(WRITE, 302)),
    "clusters:member_add": ("post", lambda w: {"pk": w.year.pk}, post(WRITE, 302)),
    "clusters:member_remove": (
        "post",
        lambda w: {"pk": w.year.pk, "member_pk": w.memberships["D"].pk},
        post(WRITE, 302),
    ),
    "clusters:officers_edit": ("get", lambda w: {"pk": w.year.pk}, WRITE),
    "clusters:covenant_detail": ("get", lambda w: {"pk": w.year.pk}, READ),
    "clusters:covenant_edit": ("get", lambda w: {"pk": w.year.pk}, WRITE),
    "clusters:signatories_edit": ("get", lambda w: {"pk": w.year.pk}, WRITE),
    "clusters:conference_create": ("get", lambda w: {"pk": w.year.pk}, WRITE),
    "clusters:conference_detail": ("get", lambda w: {"pk": w.conference.pk}, READ),
    "clusters:conference_edit": ("get", lambda w: {"pk": w.conference.pk}, WRITE),
    "clusters:attendance_edit": ("get", lambda w: {"pk": w.conference.pk}, WRITE),
    "clusters:election_record": ("get", lambda w: {"pk": w.conference.pk}, WRITE),
    "clusters:attachment_add": ("post", lambda w: {"pk": w.conference.pk}, post(WRITE, 400)),
    "clusters:guest_add": ("post", lambda w: {"pk": w.conference.pk}, post(WRITE, 400)),
    "clusters:document_add": ("post", lambda w: {"pk": w.conference.pk}, post(WRITE, 400)),
    "clusters:decision_add": ("post", lambda w: {"pk": w.conference.pk}, post(WRITE, 400)),
    "clusters:guest_delete": (
        "post",
        lambda w: {"pk": w.conference.pk, "item_pk": w.guest.pk},
        post(WRITE, 302),
    ),
    "clusters:document_delete": (
        "post",
        lambda w: {"pk": w.conference.pk, "item_pk": w.document.pk},
        post(WRITE, 302),
    ),
    "clusters:decision_delete": (
        "post",
        lambda w: {"pk": w.conference.pk, "item_pk": w.decision.pk},
        post(WRITE, 302),
    ),
    "clusters:attachment_delete": (
        "post",
        lambda w: {"pk": w.conference.pk, "item_pk": w.attachment.pk},
        post(WRITE, 302),
    ),
    "clusters:attachment_download": ("get", lambda w: {"pk": w.attachment.pk}, READ),
    "clusters:audit_log": ("get", lambda w: {}, DIRECTORY),
    "clusters:year_audit_log": (
        "get",
        lambda w: {"pk": w.year.pk},
        WRITE | {"ministry": 200},
    ),
    "clusters:agency_list": ("get", lambda w: {}, EVERYONE),
    "clusters:agency_create": (
        "get",
        lambda w: {},
        DIRECTORY | {"secretariat": 200},
    ),
    "clusters:agency_merge": ("get", lambda w: {}, DIRECTORY),
    "clusters:agency_merger_edit": ("get", lambda w: {"pk": w.merged.pk}, DIRECTORY),
    "clusters:agency_detail": ("get", lambda w: {"pk": w.agencies["C"].pk}, EVERYONE),
    "clusters:agency_edit": ("get", lambda w: {"pk": w.agencies["C"].pk}, DIRECTORY),
    "login": ("get", lambda w: {}, {role: 200 for role in ROLES}),
    "logout": ("post", lambda w: {}, {role: 302 for role in ROLES}),
    "password_change": ("get", lambda w: {}, EVERYONE),
    "password_change_done": ("get", lambda w: {}, EVERYONE),
    "set_language": ("post", lambda w: {}, {role: 302 for role in ROLES}),
    "healthz": ("get", lambda w: {}, {role: 200 for role in ROLES}),
}


@pytest.fixture
def full_world(world, tmp_path, settings):
    """The world plus one of everything that has its own URL."""
    settings.MEDIA_ROOT = tmp_path
    secretariat = world.secretariat_user
    services.covenant_save(
        cluster_year=world.year,
        title="Giao ước thi đua 2025",
        commitments=["Cam kết một"],
        by=secretariat,
    )
    conference = services.conference_save(
        conference=world.year.conferences.model(
            cluster_year=world.year,
            kind="year_end",
            title="Hội nghị tổng kết 2025",
            starts_on=datetime.date(2025, 12, 16),
            place="Hải Phòng",
        ),
        by=secretariat,
    )
    world.conference = conference
    world.guest = services.guest_add(conference=conference, name="Khách mời", by=secretariat)
    world.document = services.document_add(
        conference=conference, title="Dự thảo báo cáo", by=secretariat
    )
    world.decision = services.decision_add(
        conference=conference, kind="other", text="Thống nhất", by=secretariat
    )
    world.merged = services.agency_create(by=None, name="Sở cũ", short_name="Cũ", kind="other")
    services.agency_merge(
        sources=[world.merged],
        into=services.agency_create(by=None, name="Sở mới", short_name="Mới", kind="other"),
        effective=datetime.date(2025, 7, 1),
        by=None,
    )
    world.attachment = services.attachment_add(
        conference=conference,
        kind="minutes",
        upload=SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4\n%%EOF\n"),
        by=secretariat,
    )
    return world


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_url_answers_each_role_as_expected(client, full_world, name, role):
    status, expected = answer(client, full_world, MATRIX, name, role)
    assert status == expected, (name, role, status)

"""Every URL of the clusters pages (and the accounts pages) × every role → the expected status.

tests/test_url_coverage.py fails for any named URL that no matrix lists, so new pages cannot
slip in without deciding who may see them.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from clusters import services

ROLES = (
    "anonymous",
    "member",
    "other_member",
    "secretariat",
    "deputy",
    "ministry",
    "stranger",
    "superuser",
)

# Shorthands for the common rows.
READ = {"anonymous": 302, "stranger": 404} | {
    role: 200
    for role in ("member", "other_member", "secretariat", "deputy", "ministry", "superuser")
}
WRITE_PAGE = {
    "anonymous": 302,
    "member": 403,
    "other_member": 403,
    "secretariat": 200,
    "deputy": 403,
    "ministry": 403,
    "stranger": 404,
    "superuser": 200,
}
EVERYONE = {"anonymous": 302} | {role: 200 for role in ROLES if role != "anonymous"}
DIRECTORY = {role: 403 for role in ROLES} | {"anonymous": 302, "ministry": 200, "superuser": 200}


def post(expected_ok: int, table=WRITE_PAGE) -> dict:
    """A state change: the allowed roles get `expected_ok` (a redirect, or 400 for empty input)."""
    return {role: (expected_ok if status == 200 else status) for role, status in table.items()}


# name → (method, kwargs builder, expected statuses by role)
MATRIX = {
    "dashboard": ("get", lambda w: {}, EVERYONE),
    "clusters:notifications": ("get", lambda w: {}, EVERYONE),
    "clusters:notifications_read": ("post", lambda w: {}, post(302, EVERYONE)),
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
    "clusters:year_edit": ("get", lambda w: {"pk": w.year.pk}, WRITE_PAGE),
    "clusters:year_start_next": ("post", lambda w: {"pk": w.year.pk}, post(302)),
    "clusters:member_add": ("post", lambda w: {"pk": w.year.pk}, post(302)),
    "clusters:member_remove": (
        "post",
        lambda w: {"pk": w.year.pk, "member_pk": w.memberships["D"].pk},
        post(302),
    ),
    "clusters:officers_edit": ("get", lambda w: {"pk": w.year.pk}, WRITE_PAGE),
    "clusters:covenant_detail": ("get", lambda w: {"pk": w.year.pk}, READ),
    "clusters:covenant_edit": ("get", lambda w: {"pk": w.year.pk}, WRITE_PAGE),
    "clusters:signatories_edit": ("get", lambda w: {"pk": w.year.pk}, WRITE_PAGE),
    "clusters:conference_create": ("get", lambda w: {"pk": w.year.pk}, WRITE_PAGE),
    "clusters:conference_detail": ("get", lambda w: {"pk": w.conference.pk}, READ),
    "clusters:conference_edit": ("get", lambda w: {"pk": w.conference.pk}, WRITE_PAGE),
    "clusters:attendance_edit": ("get", lambda w: {"pk": w.conference.pk}, WRITE_PAGE),
    "clusters:election_record": ("get", lambda w: {"pk": w.conference.pk}, WRITE_PAGE),
    "clusters:attachment_add": ("post", lambda w: {"pk": w.conference.pk}, post(400)),
    "clusters:guest_add": ("post", lambda w: {"pk": w.conference.pk}, post(400)),
    "clusters:document_add": ("post", lambda w: {"pk": w.conference.pk}, post(400)),
    "clusters:decision_add": ("post", lambda w: {"pk": w.conference.pk}, post(400)),
    "clusters:guest_delete": (
        "post",
        lambda w: {"pk": w.conference.pk, "item_pk": w.guest.pk},
        post(302),
    ),
    "clusters:document_delete": (
        "post",
        lambda w: {"pk": w.conference.pk, "item_pk": w.document.pk},
        post(302),
    ),
    "clusters:decision_delete": (
        "post",
        lambda w: {"pk": w.conference.pk, "item_pk": w.decision.pk},
        post(302),
    ),
    "clusters:attachment_delete": (
        "post",
        lambda w: {"pk": w.conference.pk, "item_pk": w.attachment.pk},
        post(302),
    ),
    "clusters:attachment_download": ("get", lambda w: {"pk": w.attachment.pk}, READ),
    "clusters:audit_log": ("get", lambda w: {}, DIRECTORY),
    "clusters:year_audit_log": (
        "get",
        lambda w: {"pk": w.year.pk},
        WRITE_PAGE | {"ministry": 200},
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


def _user_for(world, role):
    if role == "anonymous":
        return None
    return world.superuser if role == "superuser" else getattr(world, f"{role}_user")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_url_answers_each_role_as_expected(client, full_world, name, role):
    method, kwargs, expected = MATRIX[name]
    user = _user_for(full_world, role)
    if user is not None:
        client.force_login(user)
    url = reverse(name, kwargs=kwargs(full_world))
    response = getattr(client, method)(url)
    assert response.status_code == expected[role], (name, role, response.status_code)

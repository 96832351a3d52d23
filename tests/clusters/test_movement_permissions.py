"""Every movement URL (clusters, scoring's links, the plan's PDF) × every role → the status.

The world (tests/conftest.py): members A (head, secretariat), B (first deputy, not helping to
run the cluster), C (member), D (other member); E is in another cluster (stranger). Objects:
the year's launched movement (A to D take part) with C's report on phase 1 and its evidence.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from clusters.movements import services
from clusters.movements.services import ReportEntry
from tests.movements import build_movement, plan
from tests.permissions import EVERYONE, READ, ROLES, WRITE, answer, log_in, user_for

# Who may start a movement of their own agency: whoever works for one.
HAS_AGENCY = EVERYONE | {"ministry": 403, "superuser": 403}
# Who reports: the staff of a participating agency (A to D).
PARTICIPANT = READ | {"ministry": 403, "superuser": 403}
# Taking back an evidence file: only the staff of the agency that reported it (C).
C_ONLY = {role: 403 for role in ROLES} | {"anonymous": 302, "member": 302, "stranger": 404}

MATRIX = {
    "clusters:movement_list": ("get", lambda w: {}, EVERYONE),
    "clusters:agency_movement_create": ("get", lambda w: {}, HAS_AGENCY),
    "clusters:year_movement_create": ("get", lambda w: {"pk": w.year.pk}, WRITE),
    "clusters:movement_detail": ("get", lambda w: {"pk": w.movement.pk}, READ),
    "clusters:movement_edit": ("get", lambda w: {"pk": w.movement.pk}, WRITE),
    "clusters:movement_contents": ("get", lambda w: {"pk": w.movement.pk}, WRITE),
    "clusters:movement_phases": ("get", lambda w: {"pk": w.movement.pk}, WRITE),
    "clusters:movement_participants": ("get", lambda w: {"pk": w.movement.pk}, WRITE),
    "clusters:movement_launch": ("get", lambda w: {"pk": w.movement.pk}, WRITE),
    "clusters:phase_detail": ("get", lambda w: {"pk": w.phase.pk}, READ),
    "clusters:phase_report": ("get", lambda w: {"pk": w.phase.pk}, PARTICIPANT),
    "clusters:movement_evidence": ("get", lambda w: {"pk": w.evidence.pk}, READ),
    "clusters:movement_evidence_delete": ("post", lambda w: {"pk": w.evidence.pk}, C_ONLY),
    "scoring:content_links": ("get", lambda w: {"pk": w.content.pk}, WRITE),
    "reports:movement_plan_pdf": ("get", lambda w: {"pk": w.movement.pk}, READ),
    # Issuing the plan: whoever plans the movement (reports/register_views.py).
    "reports:movement_plan_issue": ("get", lambda w: {"pk": w.movement.pk}, WRITE),
}


@pytest.fixture
def movement_world(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    world.movement = build_movement(world)
    world.phase = world.movement.phases.first()
    world.content = world.movement.contents.first()
    (report,) = services.phase_report_save(
        phase=world.phase,
        agency=world.agencies["C"],
        entries=[
            ReportEntry(
                world.content,
                "Đã quán triệt",
                SimpleUploadedFile("minh-chung.pdf", b"%PDF-1.4\n%%EOF\n"),
            )
        ],
        by=world.member_user,
        today=datetime.date(2025, 7, 1),
    )
    world.evidence = report.evidence.get()
    return world


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_movement_url_answers_each_role_as_expected(client, movement_world, name, role):
    status, expected = answer(client, movement_world, MATRIX, name, role)
    assert status == expected, (name, role, status)


# An agency's own movement (C's): its staff plan it, the ministry reads it, no one else sees it.
AGENCY_READ = {
    "anonymous": 302,
    "member": 200,
    "other_member": 404,
    "secretariat": 404,
    "deputy": 404,
    "ministry": 200,
    "stranger": 404,
    "superuser": 200,
}
AGENCY_WRITE = AGENCY_READ | {"ministry": 403}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("clusters:movement_detail", AGENCY_READ),
        ("clusters:movement_edit", AGENCY_WRITE),
        ("clusters:movement_phases", AGENCY_WRITE),
        ("reports:movement_plan_pdf", AGENCY_READ),
        ("reports:movement_plan_issue", AGENCY_WRITE),
    ],
)
def test_an_agency_movement_is_its_staffs(client, world, name, expected, role):
    movement = services.movement_create(
        agency=world.agencies["C"], plan=plan(2018), by=world.member_user
    )
    log_in(client, user_for(world, role))
    response = client.get(reverse(name, kwargs={"pk": movement.pk}))
    assert response.status_code == expected[role], (name, role, response.status_code)

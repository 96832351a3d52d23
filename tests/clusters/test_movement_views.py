"""The movement pages as their users drive them: planning, launching, reporting, the links;
refusals shown in Vietnamese with nothing changed; queries that do not grow with the contents,
the agencies or the reports."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clusters import services as cluster_services
from clusters.models import Decision, Movement, PhaseEvidence, PhaseReport
from clusters.movements import services
from clusters.movements.services import ContentText, ReportEntry
from reports import documents
from reports.movement_plan import movement_plan
from scoring.movement_links import content_links_set
from tests.movements import build_movement

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_the_secretariat_plans_a_movement_from_the_year(client, world):
    client.force_login(world.secretariat_user)
    response = client.post(
        reverse("clusters:year_movement_create", args=[world.year.pk]),
        {
            "title": "Phong trào thi đua năm 2025",
            "kind": "regular",
            "starts_on": "01/01/2025",
            "ends_on": "31/12/2025",
            "objectives": "Tạo khí thế thi đua",
        },
    )
    movement = Movement.objects.get()
    assert response.url == reverse("clusters:movement_contents", args=[movement.pk])
    assert movement.cluster_year == world.year and movement.created_by == world.secretariat_user
    response = client.post(
        reverse("clusters:movement_contents", args=[movement.pk]),
        {"new_0": "Thực hiện tốt nhiệm vụ chuyên môn", "new_1": "Xây dựng cơ quan văn hóa"},
    )
    assert response.status_code == 302
    assert list(movement.contents.values_list("position", flat=True)) == [1, 2]
    response = client.post(
        reverse("clusters:movement_phases", args=[movement.pk]),
        {
            "start_new0": "01/01/2025",
            "end_new0": "30/06/2025",
            "deadline_new0": "10/07/2025",
            "start_new1": "01/07/2025",
            "end_new1": "31/12/2025",
        },
    )
    assert response.status_code == 302
    assert movement.phases.count() == 2


def test_overlapping_phases_are_refused_in_vietnamese_and_nothing_is_saved(client, world):
    movement = build_movement(world, launch=False)
    first, second = movement.phases.all()
    client.force_login(world.secretariat_user)
    response = client.post(
        reverse("clusters:movement_phases", args=[movement.pk]),
        {
            f"start_{first.pk}": "01/01/2025",
            f"end_{first.pk}": "15/07/2025",
            f"start_{second.pk}": "01/07/2025",
            f"end_{second.pk}": "31/12/2025",
        },
    )
    assert response.status_code == 400
    assert "Đợt 2 bắt đầu ngày 01/07/2025, trước khi đợt 1 kết thúc (15/07/2025)" in (
        response.content.decode()
    )
    assert movement.phases.get(position=1).ends_on == datetime.date(2025, 6, 30)


def test_launching_at_the_conference_records_its_decision(client, world, make_conference):
    movement = build_movement(world, launch=False)
    conference = make_conference(world.year, kind="covenant")
    client.force_login(world.secretariat_user)
    response = client.post(
        reverse("clusters:movement_launch", args=[movement.pk]), {"conference": conference.pk}
    )
    assert response.status_code == 302
    decision = conference.decisions.get()
    assert decision.kind == Decision.Kind.MOVEMENT_LAUNCHED
    page = client.get(reverse("clusters:movement_launch", args=[movement.pk])).content.decode()
    assert 'data-confirm="' in page  # launching asks first


def test_a_member_reports_with_evidence_and_the_secretariat_sees_it(client, world):
    movement = build_movement(world)
    phase = movement.phases.first()
    content = movement.contents.first()
    client.force_login(world.member_user)
    response = client.post(
        reverse("clusters:phase_report", args=[phase.pk]),
        {
            f"text_{content.pk}": "Đã quán triệt đến toàn thể công chức",
            f"file_{content.pk}": SimpleUploadedFile("minh-chung.pdf", PDF),
        },
    )
    assert response.status_code == 302
    report = PhaseReport.objects.get()
    assert report.agency == world.agencies["C"] and report.updated_by == world.member_user
    client.force_login(world.secretariat_user)
    page = client.get(reverse("clusters:phase_detail", args=[phase.pk])).content.decode()
    assert "Đã quán triệt đến toàn thể công chức" in page
    assert "minh-chung.pdf" in page
    detail = client.get(reverse("clusters:movement_detail", args=[movement.pk])).content.decode()
    assert detail.count('aria-label="đã báo cáo"') == 1  # C on content 1 of phase 1


def test_a_report_after_the_phase_closed_is_refused_in_vietnamese(client, world):
    movement = build_movement(world, deadline=datetime.date(2025, 7, 15))
    phase = movement.phases.first()
    content = movement.contents.first()
    client.force_login(world.member_user)
    url = reverse("clusters:phase_report", args=[phase.pk])
    response = client.post(url, {f"text_{content.pk}": "Muộn"})
    assert response.status_code == 400
    assert "Việc sơ kết đợt 1 đã kết thúc ngày 15/07/2025" in response.content.decode()
    assert not PhaseReport.objects.exists()
    response = client.get(url, follow=True)  # the form is not even offered
    assert "Việc sơ kết đợt 1 đã kết thúc ngày 15/07/2025" in response.content.decode()


def test_a_bad_evidence_file_is_refused_in_vietnamese(client, world):
    movement = build_movement(world)
    phase, content = movement.phases.first(), movement.contents.first()
    client.force_login(world.member_user)
    response = client.post(
        reverse("clusters:phase_report", args=[phase.pk]),
        {
            f"text_{content.pk}": "Có minh chứng",
            f"file_{content.pk}": SimpleUploadedFile("a.pdf", b"MZ\x90\x00"),
        },
    )
    assert response.status_code == 400
    assert "không phải là tệp PDF" in response.content.decode()
    assert not PhaseReport.objects.exists() and not PhaseEvidence.objects.exists()


def test_editing_the_covenant_keeps_the_links_to_its_commitments(world):
    covenant = cluster_services.covenant_save(
        cluster_year=world.year, title="Giao ước", commitments=["Một", "Hai"], by=None
    )
    movement = build_movement(world)
    content = movement.contents.first()
    content_links_set(
        content=content, criteria=[], commitments=[covenant.commitments.get(position=2)], by=None
    )
    cluster_services.covenant_save(
        cluster_year=world.year, title="Giao ước", commitments=["Một", "Hai (sửa)", "Ba"], by=None
    )
    assert [c.text for c in content.commitments.all()] == ["Hai (sửa)"]


def _grow(world, movement, contents: int):
    """More contents, and every participant's report on each of them."""
    services.movement_contents_set(
        movement=movement,
        contents=[ContentText(c, c.text) for c in movement.contents.all()]
        + [ContentText(None, f"Nội dung thêm {i}") for i in range(contents)],
        by=None,
    )
    phase = movement.phases.first()
    for participant in movement.participants.select_related("agency"):
        services.phase_report_save(
            phase=phase,
            agency=participant.agency,
            entries=[ReportEntry(c, f"Báo cáo {c.position}") for c in movement.contents.all()],
            by=None,
            today=datetime.date(2025, 7, 1),
        )


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _plan_queries(movement) -> int:
    """The plan's context and HTML (what the PDF is made of; the PDF itself is kept)."""
    movement = Movement.objects.with_owner().get(pk=movement.pk)
    with CaptureQueriesContext(connection) as captured:
        documents.html(movement_plan(movement))
    return len(captured)


@pytest.mark.parametrize(
    "page", ["clusters:movement_detail", "phase", "clusters:year_detail", "plan"]
)
def test_page_queries_do_not_grow_with_contents_or_reports(client, world, page):
    movement = build_movement(world, contents=["Một"])
    count = {
        "clusters:movement_detail": lambda: _queries(client, reverse(page, args=[movement.pk])),
        "phase": lambda: _queries(
            client, reverse("clusters:phase_detail", args=[movement.phases.first().pk])
        ),
        "clusters:year_detail": lambda: _queries(client, reverse(page, args=[world.year.pk])),
        "plan": lambda: _plan_queries(movement),
    }[page]
    client.force_login(world.secretariat_user)
    _grow(world, movement, contents=0)
    small = count()
    _grow(world, movement, contents=5)
    large = count()
    assert large == small, f"{small} queries with 1 content and 4 reports, {large} with 6 and 24"
    assert small <= 20


def test_a_plan_that_ends_before_it_starts_is_refused_in_vietnamese(client, world):
    client.force_login(world.secretariat_user)
    response = client.post(
        reverse("clusters:year_movement_create", args=[world.year.pk]),
        {
            "title": "Phong trào",
            "kind": "regular",
            "starts_on": "01/07/2025",
            "ends_on": "30/06/2025",
            "objectives": "Mục đích",
        },
    )
    assert response.status_code == 400
    assert "Phong trào kết thúc trước khi bắt đầu." in response.content.decode()
    assert not Movement.objects.exists()

"""Issuing a movement's plan through the document register: the draft carries DỰ THẢO, the
issued plan the next KH number of its launcher's register (the cluster's or the agency's),
read back from the PDF; the movement's page links it; issuing goes through the issue form."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from clusters.models import Movement
from clusters.movements import services
from emulation.errors import DomainError
from reports import documents, movement_issue, register
from reports.models import DocumentKind, IssuedDocument
from reports.movement_plan import movement_plan
from tests.fixtures.reports import pdf_text
from tests.movements import build_movement, plan

D = datetime.date


def _signer(movement):
    [(_user, signer)] = [
        pair for pair in movement_issue.signers(movement) if pair[0].username == _username(movement)
    ]
    return signer


def _username(movement):
    return "secretariat" if movement.cluster_year_id else "member"


def _agency_movement(world):
    movement = services.movement_create(
        agency=world.agencies["C"], plan=plan(2018), by=world.member_user
    )
    return Movement.objects.with_owner().get(pk=movement.pk)


def test_a_draft_plan_is_marked_as_a_draft_for_a_cluster_and_an_agency(world):
    for movement in (build_movement(world), _agency_movement(world)):
        movement = Movement.objects.with_owner().get(pk=movement.pk)
        text = pdf_text(documents.pdf(movement_plan(movement)))
        assert "DỰ THẢO" in text, movement
    # The agency's draft shows the symbol its register will number it under.
    symbol = register.symbol_of(DocumentKind.PLAN, agency=world.agencies["C"])
    assert f"/{symbol}" in text


def test_a_cluster_plan_takes_the_next_kh_number_of_the_cluster_and_keeps_its_pdf(world):
    movement = Movement.objects.with_owner().get(pk=build_movement(world).pk)
    world.secretariat_user.full_name = "Nguyễn Văn An"
    world.secretariat_user.save()
    issued = movement_issue.movement_plan_issue(
        movement=movement, signer=_signer(movement), issued_on=D(2025, 2, 20), by=None
    )
    assert (issued.cluster, issued.agency, issued.kind) == (world.cluster, None, DocumentKind.PLAN)
    assert issued.number_symbol == "01/KH-CTĐII"
    text = pdf_text(bytes(IssuedDocument.objects.get(pk=issued.pk).pdf))
    assert "Số: 01/KH-CTĐII" in text and "DỰ THẢO" not in text
    assert "ngày 20 tháng 02 năm 2025" in text and "Nguyễn Văn An" in text
    assert "Đợt 1: từ ngày 01/01/2025 đến ngày 30/06/2025" in text
    assert movement_issue.issued_plan(movement) == issued
    # Unchanged, it is not issued again; changed, it takes the next number and replaces it.
    with pytest.raises(DomainError):
        movement_issue.movement_plan_issue(
            movement=movement, signer=_signer(movement), issued_on=D(2025, 2, 21), by=None
        )
    movement.objectives = "Mục tiêu mới của phong trào."
    movement.save()
    again = movement_issue.movement_plan_issue(
        movement=movement, signer=_signer(movement), issued_on=D(2025, 2, 21), by=None
    )
    assert again.number_symbol == "02/KH-CTĐII" and again.replaces == issued
    assert movement_issue.issued_plan(movement) == again


def test_an_agency_plan_takes_the_agencys_own_number_and_its_head_signs(world):
    movement = _agency_movement(world)
    issued = movement_issue.movement_plan_issue(
        movement=movement, signer=_signer(movement), issued_on=D(2018, 1, 5), by=None
    )
    assert (issued.cluster, issued.agency, issued.year) == (None, world.agencies["C"], 2018)
    assert issued.number == 1 and issued.symbol.startswith("KH-")
    text = pdf_text(bytes(IssuedDocument.objects.get(pk=issued.pk).pdf))
    assert f"Số: {issued.number_symbol}" in text and "DỰ THẢO" not in text
    # Another agency's staff cannot sign it: only the agency's own are offered.
    assert {user.agency_id for user, _ in movement_issue.signers(movement)} == {
        world.agencies["C"].pk
    }


def test_a_plan_dated_outside_its_cluster_year_is_refused_and_takes_no_number(world):
    movement = Movement.objects.with_owner().get(pk=build_movement(world).pk)
    with pytest.raises(DomainError, match="2025"):
        movement_issue.movement_plan_issue(
            movement=movement, signer=_signer(movement), issued_on=D(2026, 1, 2), by=None
        )
    assert not IssuedDocument.objects.exists()


def test_the_issue_page_asks_then_issues_and_the_movement_page_links_the_plan(client, world):
    movement = build_movement(world)
    client.force_login(world.secretariat_user)
    url = reverse("reports:movement_plan_issue", args=[movement.pk])
    page = client.get(url).content.decode()
    assert "data-confirm" in page
    response = client.post(
        url,
        {"signer": str(world.secretariat_user.pk), "capacity": "", "issued_on": "20/02/2025"},
    )
    assert response.status_code == 302 and response.url == movement.get_absolute_url()
    issued = IssuedDocument.objects.get()
    assert issued.number_symbol == "01/KH-CTĐII" and issued.issued_by == world.secretariat_user
    detail = client.get(movement.get_absolute_url()).content.decode()
    assert reverse("reports:issued_pdf", args=[issued.pk]) in detail and "01/KH-CTĐII" in detail
    assert url in detail


def test_a_bad_date_on_the_issue_page_says_why_and_issues_nothing(client, world):
    movement = build_movement(world)
    client.force_login(world.secretariat_user)
    response = client.post(
        reverse("reports:movement_plan_issue", args=[movement.pk]),
        {"signer": str(world.secretariat_user.pk), "capacity": "", "issued_on": "02/01/2026"},
    )
    assert response.status_code == 400  # the form again, with the register's message
    assert "năm 2025" in response.content.decode()
    assert not IssuedDocument.objects.exists()


def test_a_member_sees_the_issued_plan_but_not_the_issue_button(client, world):
    movement = build_movement(world)
    client.force_login(world.member_user)
    page = client.get(movement.get_absolute_url()).content.decode()
    assert reverse("reports:movement_plan_issue", args=[movement.pk]) not in page

"""Correcting a merger's date from the merged agency's page (“Sửa ngày sáp nhập”)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from clusters import services

MERGER_DAY = datetime.date(2025, 7, 1)
CORRECTED = datetime.date(2025, 8, 1)


def _merge(world, make_agency):
    a, b = world.agencies["A"], world.agencies["B"]
    successor = make_agency("Hải Phòng mới", valid_from=MERGER_DAY)
    services.agency_merge(
        sources=[a, b], into=successor, effective=MERGER_DAY, by=None, confirmed=True
    )
    return a, b, successor


def test_the_merged_agency_s_page_offers_the_correction_to_the_ministry(client, world, make_agency):
    a, _b, successor = _merge(world, make_agency)
    client.force_login(world.ministry_user)

    page = client.get(a.get_absolute_url()).content.decode()
    form = client.get(reverse("clusters:agency_merger_edit", args=[a.pk])).content.decode()

    assert reverse("clusters:agency_merger_edit", args=[a.pk]) in page
    assert "Sửa ngày sáp nhập" in page
    assert "01/07/2025" in form
    assert successor.name in form


def test_a_corrected_date_moves_both_agencies_and_the_year(client, world, make_agency):
    a, b, successor = _merge(world, make_agency)
    client.force_login(world.ministry_user)

    response = client.post(
        reverse("clusters:agency_merger_edit", args=[b.pk]), {"effective": "01/08/2025"}
    )

    assert response.status_code == 302
    for agency in (a, b):
        agency.refresh_from_db()
        assert agency.valid_to == datetime.date(2025, 7, 31)
    successor.refresh_from_db()
    assert successor.valid_from == CORRECTED
    rows = {m.agency_id: m for m in world.year.memberships.all()}
    assert rows[a.pk].left_on == rows[b.pk].left_on == datetime.date(2025, 7, 31)
    assert rows[successor.pk].joined_on == CORRECTED
    assert "01/08/2025" in rows[a.pk].note  # the successor's name carries its new start


def test_a_correction_inside_a_published_year_asks_first_and_says_what_changes(
    client, world, published, make_agency
):
    a, _b, successor = _merge(world, make_agency)
    url = reverse("clusters:agency_merger_edit", args=[a.pk])
    client.force_login(world.ministry_user)

    refused = client.post(url, {"effective": "01/08/2025"})

    assert refused.status_code == 400
    page = refused.content.decode()
    assert "đã công bố xếp hạng" in page
    assert f"2025, {world.cluster.title}" in page
    assert "31/07/2025 thay vì ngày 30/06/2025" in page
    a.refresh_from_db()
    assert a.valid_to == datetime.date(2025, 6, 30)
    assert world.year.memberships.get(agency=successor).joined_on == MERGER_DAY

    corrected = client.post(url, {"effective": "01/08/2025", "confirm": "on"})

    assert corrected.status_code == 302
    assert world.year.memberships.get(agency=successor).joined_on == CORRECTED


def test_the_same_date_again_is_refused_with_a_message(client, world, make_agency):
    a, _b, _successor = _merge(world, make_agency)
    client.force_login(world.ministry_user)

    response = client.post(
        reverse("clusters:agency_merger_edit", args=[a.pk]), {"effective": "01/07/2025"}
    )

    assert response.status_code == 400
    assert "đã có hiệu lực từ ngày 01/07/2025" in response.content.decode()


def test_an_agency_that_was_not_merged_has_no_merger_to_correct(client, world):
    client.force_login(world.ministry_user)

    response = client.get(reverse("clusters:agency_merger_edit", args=[world.agencies["A"].pk]))

    assert response.status_code == 404


def test_a_correction_that_would_leave_a_conference_with_a_non_member_is_refused(
    world, make_agency, make_conference
):
    a, _b, successor = _merge(world, make_agency)
    conference = make_conference(world.year, starts_on=datetime.date(2025, 7, 15))
    services.attendance_set(
        conference=conference,
        delegates=[services.Delegate(membership=world.year.memberships.get(agency=successor))],
        by=None,
    )

    with pytest.raises(ValidationError) as refused:
        services.agency_merger_redate(agency=a, effective=CORRECTED, by=None)

    assert f"“{conference.title}” (15/07/2025)" in refused.value.messages[0]
    assert "hãy sửa hội nghị trước" in refused.value.messages[0]
    a.refresh_from_db()
    assert a.valid_to == datetime.date(2025, 6, 30)
    assert world.year.memberships.get(agency=successor).joined_on == MERGER_DAY


def test_a_merger_moved_back_into_a_published_year_says_how_that_year_changes(
    world, published, make_agency
):
    a, b = world.agencies["A"], world.agencies["B"]
    later = datetime.date(2026, 7, 1)
    successor = make_agency("Hải Phòng mới", valid_from=later)
    services.agency_merge(sources=[a, b], into=successor, effective=later, by=None)

    with pytest.raises(ValidationError) as asked:
        services.agency_merger_redate(agency=a, effective=MERGER_DAY, by=None)

    assert f"năm 2025, {world.cluster.title}: " in asked.value.messages[0]
    assert "sẽ rời Cụm ngày 30/06/2025" in asked.value.messages[0]
    assert "thay vì" not in asked.value.messages[0]  # 2025 had no merger to move
    assert not world.year.memberships.filter(left_on__isnull=False).exists()

    services.agency_merger_redate(agency=a, effective=MERGER_DAY, by=None, confirmed=True)

    assert world.year.memberships.get(agency=successor).joined_on == MERGER_DAY
    assert world.year.memberships.get(agency=a).left_on == datetime.date(2025, 6, 30)

"""An agency's discipline and inspection statuses are seen by the ministry, the agency itself
and the secretariats of the clusters it is a current member of: not by every signed-in user."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from scoring import services
from scoring.models import StandingRecord


@pytest.fixture
def recorded(world):
    services.standing_record_add(
        agency=world.agencies["C"],
        kind=StandingRecord.Kind.INSPECTION,
        started_on=datetime.date(2025, 3, 1),
        note="Thanh tra năm 2025",
        by=world.ministry_user,
    )
    return world


def test_the_note_and_the_recorder_stay_with_those_who_may_see_them(client, recorded, make_user):
    url = reverse("scoring:standing_records", args=[recorded.agencies["C"].pk])
    for user in (recorded.member_user, recorded.secretariat_user, recorded.ministry_user):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, user
        assert "Thanh tra năm 2025" in response.content.decode()
    nobody = make_user(None, username="khong-co-quan")
    for user in (recorded.other_member_user, recorded.deputy_user, recorded.stranger_user, nobody):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 403, user
        assert "Thanh tra năm 2025" not in response.content.decode()


def test_a_secretariat_of_a_year_the_agency_has_left_no_longer_sees_them(client, recorded):
    membership = recorded.memberships["C"]
    membership.left_on = datetime.date(2025, 7, 1)
    membership.save(update_fields=["left_on"])
    client.force_login(recorded.secretariat_user)
    url = reverse("scoring:standing_records", args=[recorded.agencies["C"].pk])
    assert client.get(url).status_code == 403

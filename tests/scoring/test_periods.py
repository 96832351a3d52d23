"""A cluster that also scores the first half-year: one assessment per member and period."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from clusters import services as cluster_services
from scoring import services
from scoring.models import Assessment, RankingPublication
from scoring.ranking import year_ranking
from tests.fixtures.scoring import submit_self

MID_YEAR = Assessment.Period.MID_YEAR
YEAR = Assessment.Period.YEAR


@pytest.fixture
def half_year(world, criteria):
    """The world's year scores the first half too (deadline 15/07), the year by 05/12."""
    cluster_services.cluster_year_update(
        cluster_year=world.year,
        mid_year_deadline=datetime.date(2025, 7, 15),
        self_assessment_deadline=datetime.date(2025, 12, 5),
        by=None,
    )
    return world


def _final(world, letter: str, period: str, occurrences: str) -> Assessment:
    assessment = services.assessment_open(
        membership=world.memberships[letter], period=period, by=None
    )
    assessment = submit_self(
        assessment,
        {"1.1": "0", "1.2": "5", "1.3": occurrences, "2.1": ("1", "1")},
        evidence=False,
    )
    return services.assessment_finalise(assessment=assessment, by=None)


def test_a_year_without_a_mid_year_deadline_has_no_half_year_assessment(world, criteria):
    with pytest.raises(ValidationError):
        services.assessment_open(membership=world.memberships["C"], period=MID_YEAR, by=None)
    assert not Assessment.objects.exists()


def test_each_member_has_one_assessment_per_period(half_year, freezer_before_mid_year):
    first = services.assessment_open(
        membership=half_year.memberships["C"], period=MID_YEAR, by=None
    )
    again = services.assessment_open(
        membership=half_year.memberships["C"], period=MID_YEAR, by=None
    )
    whole = services.assessment_open(membership=half_year.memberships["C"], by=None)
    assert first == again
    assert whole != first
    assert first.deadline() == datetime.date(2025, 7, 15)
    assert whole.deadline() == datetime.date(2025, 12, 5)


def test_the_half_year_locks_at_its_own_deadline(half_year, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda: datetime.date(2025, 8, 1))
    half = services.assessment_open(membership=half_year.memberships["C"], period=MID_YEAR, by=None)
    whole = services.assessment_open(membership=half_year.memberships["C"], by=None)
    assert half.is_locked()
    assert not whole.is_locked()


def test_rankings_and_publications_are_kept_apart_by_period(half_year, freezer_before_mid_year):
    for letter, occurrences in zip("ABCD", ("3", "2", "1", "0"), strict=True):
        _final(half_year, letter, MID_YEAR, occurrences)
    mid = year_ranking(half_year.year, period=MID_YEAR)
    whole = year_ranking(half_year.year)
    assert [s.membership.agency.short_name for s in mid.standings][0] == "Hải Phòng"
    assert mid.complete
    assert whole.standings == [] and len(whole.unassessed) == 4

    services.ranking_publish(cluster_year=half_year.year, period=MID_YEAR, by=None)
    with pytest.raises(ValidationError):
        services.ranking_publish(cluster_year=half_year.year, by=None)  # the year is not final
    assert list(RankingPublication.objects.values_list("period", flat=True)) == [MID_YEAR]


def test_a_member_sees_the_half_year_ranking_once_published_and_not_the_year(
    client, half_year, freezer_before_mid_year
):
    for letter in "ABCD":
        _final(half_year, letter, MID_YEAR, "1")
    services.ranking_publish(cluster_year=half_year.year, period=MID_YEAR, by=None)
    client.force_login(half_year.member_user)
    url = reverse("scoring:ranking", args=[half_year.year.pk])
    assert client.get(url, {"period": MID_YEAR}).status_code == 200
    assert client.get(url).status_code == 403
    assert client.get(url, {"period": "quarter"}).status_code == 404


def test_the_member_starts_its_half_year_assessment_from_the_list(
    client, half_year, freezer_before_mid_year
):
    client.force_login(half_year.member_user)
    list_url = reverse("scoring:assessment_list", args=[half_year.year.pk])
    page = client.get(list_url, {"period": MID_YEAR}).content.decode()
    assert "?period=mid_year" in page and "?period=year" in page  # the two tabs
    response = client.post(
        reverse("scoring:assessment_start", args=[half_year.year.pk]), {"period": MID_YEAR}
    )
    assessment = Assessment.objects.get()
    assert assessment.period == MID_YEAR
    assert response.url == reverse("scoring:assessment_self", args=[assessment.pk])


@pytest.fixture
def freezer_before_mid_year(monkeypatch):
    """Today is 01/07/2025: both periods are open."""
    monkeypatch.setattr(timezone, "localdate", lambda: datetime.date(2025, 7, 1))

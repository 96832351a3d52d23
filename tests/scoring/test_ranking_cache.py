"""The computed ranking (and its table on the page) is kept under a digest of everything it is
computed from: found again while nothing changed, never after a change."""

from __future__ import annotations

import gc
from decimal import Decimal
from unittest import mock

import pytest
from django.urls import reverse

from clusters.models import Agency
from scoring import calculation
from scoring.models import Score
from scoring.ranking import year_ranking


def test_the_same_inputs_are_not_computed_twice(year_end):
    first = year_ranking(year_end.year)
    with mock.patch("scoring.ranking.calculation.total", wraps=calculation.total) as total:
        again = year_ranking(year_end.year)
    assert total.call_count == 0
    assert [s.final.total for s in again.standings] == [s.final.total for s in first.standings]
    assert again.fingerprint == first.fingerprint


def test_a_changed_score_is_computed_again(year_end):
    before = year_ranking(year_end.year)
    c = year_end.memberships["C"]
    Score.objects.filter(assessment__membership=c, criterion__code="1.1").update(
        final_value=Decimal("2")
    )
    after = year_ranking(year_end.year)
    assert after.fingerprint != before.fingerprint
    totals = {s.membership.agency.short_name: s.final.total for s in after.standings}
    assert totals["Phú Thọ"] == 41 - 8  # 10 points on 1.1 became 2


def test_a_changed_setting_is_computed_again(year_end):
    before = year_ranking(year_end.year)
    year_end.year.excellent_min = Decimal("40")
    after = year_ranking(year_end.year)
    assert after.fingerprint != before.fingerprint
    classes = {s.membership.agency.short_name: s.final.classification for s in after.standings}
    assert classes["Hà Nội"] != classes["Phú Thọ"]  # 39 is no longer excellent, 41 is


def test_the_page_shows_a_renamed_member(client, year_end):
    client.force_login(year_end.secretariat_user)
    url = reverse("scoring:ranking", args=[year_end.year.pk])
    assert "Sở Ngoại vụ Phú Thọ" in client.get(url).content.decode()
    Agency.objects.filter(pk=year_end.agencies["C"].pk).update(name="Sở Ngoại vụ tỉnh Phú Thọ")
    assert "Sở Ngoại vụ tỉnh Phú Thọ" in client.get(url).content.decode()


def test_the_cycle_collector_is_paused_only_while_the_ranking_is_computed(year_end):
    seen, total = [], calculation.total
    with mock.patch(
        "scoring.ranking.calculation.total",
        side_effect=lambda *args: seen.append(gc.isenabled()) or total(*args),
    ):
        year_ranking(year_end.year)
    assert seen and not any(seen)  # paused while computing
    assert gc.isenabled()  # resumed after
    Score.objects.filter(assessment__membership=year_end.memberships["C"]).update(
        final_value=Decimal("1")
    )
    with (
        mock.patch("scoring.ranking._compute", side_effect=RuntimeError),
        pytest.raises(RuntimeError),
    ):
        year_ranking(year_end.year)
    assert gc.isenabled()  # resumed after a failure too
    gc.disable()
    try:
        Score.objects.filter(assessment__membership=year_end.memberships["C"]).update(
            final_value=Decimal("2")
        )
        year_ranking(year_end.year)
        assert not gc.isenabled()  # a caller's own pause is left as it was
    finally:
        gc.enable()

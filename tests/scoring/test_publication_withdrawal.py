"""A published ranking can be withdrawn, with a reason, until a nomination is prepared from the
year's results; publishing asks first and names who is not ranked.

The world's year at its year end (tests/fixtures/scoring.py `year_end`): every assessment
final and the year's ranking published.
"""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse

from clusters.models import Notification
from scoring import services, undo
from scoring.models import RankingPublication, Reversal
from tests.fixtures.scoring import flag_voted_for_c

YEAR = "year"


pytestmark = pytest.mark.usefixtures("in_english")


def withdraw_url(w) -> str:
    return reverse("scoring:ranking_withdraw", args=[w.year.pk]) + "?period=year"


def test_withdrawing_needs_a_reason_then_hides_the_ranking_from_the_members(client, year_end):
    w = year_end
    publication = RankingPublication.objects.get(cluster_year=w.year)
    with pytest.raises(ValidationError, match="Say why"):
        undo.ranking_withdraw(cluster_year=w.year, period=YEAR, reason=" ", by=None)
    assert RankingPublication.objects.filter(pk=publication.pk).exists()

    undo.ranking_withdraw(
        cluster_year=w.year,
        period=YEAR,
        reason="Điểm tiêu chí 2.1 của Sở B nhập nhầm",
        by=w.secretariat_user,
    )
    assert not RankingPublication.objects.filter(cluster_year=w.year).exists()
    reversal = Reversal.objects.get()
    assert (reversal.step, reversal.by) == (
        Reversal.Step.RANKING_WITHDRAWN,
        w.secretariat_user,
    )
    deleted = LogEntry.objects.get_for_object(publication).filter(action=LogEntry.Action.DELETE)
    assert deleted.get().actor == w.secretariat_user
    assert Notification.objects.filter(
        user=w.member_user, body="Điểm tiêu chí 2.1 của Sở B nhập nhầm"
    ).exists()
    client.force_login(w.member_user)
    assert client.get(reverse("scoring:ranking", args=[w.year.pk])).status_code == 403
    # The secretariat may publish again.
    services.ranking_publish(cluster_year=w.year, by=None)
    assert client.get(reverse("scoring:ranking", args=[w.year.pk])).status_code == 200


def test_no_withdrawal_once_a_nomination_is_prepared(year_end):
    w = year_end
    services.nomination_create(proposal=flag_voted_for_c(w), by=None)
    with pytest.raises(ValidationError, match="nomination has been prepared"):
        undo.ranking_withdraw(cluster_year=w.year, period=YEAR, reason="Nhầm", by=None)
    assert RankingPublication.objects.filter(cluster_year=w.year).exists()
    assert not Reversal.objects.exists()


def test_a_ranking_that_is_not_published_cannot_be_withdrawn(year_end):
    RankingPublication.objects.all().delete()
    with pytest.raises(ValidationError, match="not published"):
        undo.ranking_withdraw(cluster_year=year_end.year, period=YEAR, reason="Nhầm", by=None)


def test_the_withdrawal_page_asks_for_a_reason_and_a_tick(client, year_end):
    w = year_end
    client.force_login(w.secretariat_user)
    page = client.get(withdraw_url(w)).content.decode()
    assert "The members no longer see the ranking" in page
    assert client.post(withdraw_url(w), {"reason": "Nhầm"}).status_code == 400
    assert client.post(withdraw_url(w), {"confirm": "on", "reason": ""}).status_code == 400
    assert RankingPublication.objects.filter(cluster_year=w.year).exists()
    response = client.post(withdraw_url(w), {"confirm": "on", "reason": "Nhầm"})
    assert response.status_code == 302
    assert not RankingPublication.objects.filter(cluster_year=w.year).exists()
    ranking = client.get(reverse("scoring:ranking", args=[w.year.pk])).content.decode()
    assert "Publish to the members…" in ranking


def test_the_publish_page_says_who_will_see_what(client, year_end):
    w = year_end
    RankingPublication.objects.all().delete()
    client.force_login(w.secretariat_user)
    url = reverse("scoring:ranking_publish", args=[w.year.pk])
    page = client.get(url).content.decode()
    assert "all 4 ranked members" in page
    assert "Not ranked" not in page
    assert "It can be withdrawn, with a reason" in page

"""The ministry's decision on a nomination: a plausible date, and the approval and the
rejection ask for their box to be ticked (they cannot be undone)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from scoring import services
from scoring.models import Nomination
from tests.fixtures.scoring import flag_voted_for_c

pytestmark = pytest.mark.usefixtures("in_english")


@pytest.fixture
def filed(year_end):
    """C's nomination for the ministry's flag (the year 2025), filed with the ministry."""
    w = year_end
    nomination = services.nomination_create(proposal=flag_voted_for_c(w), by=None)
    nomination = services.nomination_update(
        nomination=nomination, achievement_report="Báo cáo thành tích.", by=None
    )
    w.nomination = services.nomination_submit(nomination=nomination, comment="", by=None)
    return w


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (datetime.date(2020, 1, 1), "before the year it rewards (2025)"),
        (None, "cannot be in the future"),  # tomorrow, taken when the test runs
    ],
)
def test_an_implausible_decision_date_is_refused(filed, day, message):
    # Not at collection: a run that passes midnight would find "tomorrow" today.
    day = day or timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        services.nomination_approve(
            nomination=filed.nomination, number="1/QĐ-BNG", date=day, signer="Bộ trưởng", by=None
        )
    assert message in refused.value.message_dict["decision_date"][0]
    assert Nomination.objects.get(pk=filed.nomination.pk).state == Nomination.State.SUBMITTED


def test_a_decision_within_the_year_after_is_accepted(filed):
    services.nomination_approve(
        nomination=filed.nomination,
        number="1/QĐ-BNG",
        date=datetime.date(2026, 1, 5),
        signer="Bộ trưởng",
        by=None,
    )
    assert Nomination.objects.get(pk=filed.nomination.pk).state == Nomination.State.APPROVED


def test_approving_and_rejecting_ask_for_the_box(client, filed):
    client.force_login(filed.ministry_user)
    approve = reverse("scoring:nomination_approve", args=[filed.nomination.pk])
    decision = {
        "decision_number": "9/QĐ-BNG",
        "decision_date": "05/01/2026",
        "decision_signer": "Bộ trưởng",
    }
    response = client.post(approve, decision)
    assert response.status_code == 400
    assert "Tick the box" in response.content.decode()
    reject = reverse("scoring:nomination_reject", args=[filed.nomination.pk])
    assert client.post(reject, {"reason": "Thiếu hồ sơ"}).status_code == 400
    assert Nomination.objects.get(pk=filed.nomination.pk).state == Nomination.State.SUBMITTED
    page = client.get(filed.nomination.get_absolute_url()).content.decode()
    assert 'id="id_approve_confirm"' in page and 'id="id_reject_confirm"' in page
    assert client.post(approve, decision | {"confirm": "on"}).status_code == 302
    assert Nomination.objects.get(pk=filed.nomination.pk).state == Nomination.State.APPROVED

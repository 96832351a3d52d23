"""ClusterYear.self_assessment_opens is enforced: before it no member starts, changes or
submits its self-assessment, and the pages do not offer to."""

import datetime
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from scoring import services
from scoring.models import Assessment
from scoring.services import Entered
from tests.fixtures.scoring import by_code

OPENS = datetime.date(2025, 11, 1)


def _on(day: datetime.date):
    return mock.patch("django.utils.timezone.localdate", return_value=day)


@pytest.fixture
def opens_in_november(world, criteria):
    world.year.self_assessment_opens = OPENS
    world.year.save()
    return world


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "The self-assessment opens on 01/11/2025."),
        ("vi", "Việc tự chấm điểm bắt đầu từ ngày 01/11/2025."),
    ],
)
def test_a_member_cannot_start_before_the_opening_date(opens_in_november, language, message):
    membership = opens_in_november.memberships["C"]
    with (
        _on(OPENS - datetime.timedelta(days=1)),
        translation.override(language),
        pytest.raises(ValidationError) as refused,
    ):
        services.assessment_open(membership=membership, by=None)
    assert refused.value.messages == [message]
    assert not Assessment.objects.filter(membership=membership).exists()


def test_a_member_starts_on_the_opening_date(opens_in_november):
    with _on(OPENS):
        assessment = services.assessment_open(
            membership=opens_in_november.memberships["C"], by=None
        )
    assert assessment.status == Assessment.Status.DRAFT


def test_a_self_assessment_cannot_be_changed_or_submitted_before_the_opening_date(
    world, criteria, open_assessment
):
    assessment = open_assessment("C")  # opened before the secretariat set a date
    world.year.self_assessment_opens = OPENS
    world.year.save()
    assessment.refresh_from_db()
    entries = {by_code(assessment)["1.2"]: Entered(value=5)}
    with _on(OPENS - datetime.timedelta(days=1)):
        assert not assessment.self_assessment_open()
        assert not assessment.member_can_edit()
        with pytest.raises(ValidationError):
            services.assessment_save_self(
                assessment=assessment, entries=entries, revision=assessment.revision, by=None
            )
        with pytest.raises(ValidationError):
            services.assessment_submit(assessment=assessment, by=None)
    assert assessment.scores.get(criterion__code="1.2").self_value is None
    with _on(OPENS):
        assert assessment.self_assessment_open()
        services.assessment_save_self(
            assessment=assessment, entries=entries, revision=assessment.revision, by=None
        )
    assert assessment.scores.get(criterion__code="1.2").self_value == 5


def test_the_start_page_says_when_it_opens(client, opens_in_november, member_user):
    client.force_login(member_user)
    url = reverse("scoring:assessment_start", args=[opens_in_november.year.pk])
    with _on(OPENS - datetime.timedelta(days=1)):
        response = client.post(url, {"period": "year"}, follow=True)
    assert "Việc tự chấm điểm bắt đầu từ ngày 01/11/2025." in response.content.decode()
    assert not Assessment.objects.exists()

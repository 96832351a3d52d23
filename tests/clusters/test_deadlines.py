"""ClusterYear.deadlines(): one list of a year's deadlines, read by the year's timeline, the
dashboard and the reminders, so the mid-year deadline shows in all three."""

import datetime

from django.urls import reverse
from django.utils import timezone

from clusters.models import Notification
from emulation.site.dashboard import dashboard_for
from scoring import services


def _set(cluster_year, **fields):
    for field, value in fields.items():
        setattr(cluster_year, field, value)
    cluster_year.save()


def test_the_deadlines_are_the_ones_set_in_date_order(world):
    _set(
        world.year,
        self_assessment_deadline=datetime.date(2025, 11, 30),
        review_deadline=datetime.date(2025, 12, 15),
        mid_year_deadline=datetime.date(2025, 6, 30),
    )
    deadlines = world.year.deadlines()
    assert [d.name for d in deadlines] == ["mid_year", "self_assessment", "review"]
    assert [d.date for d in deadlines] == sorted(d.date for d in deadlines)
    assert [d.for_members for d in deadlines] == [True, True, False]
    _set(world.year, mid_year_deadline=None, review_deadline=None)
    assert [d.name for d in world.year.deadlines()] == ["self_assessment"]


def test_the_year_timeline_shows_the_mid_year_deadline(client, world, secretariat_user):
    _set(
        world.year,
        self_assessment_opens=datetime.date(2025, 11, 1),
        mid_year_deadline=datetime.date(2025, 6, 30),
        review_deadline=datetime.date(2025, 12, 15),
    )
    client.force_login(secretariat_user)
    response = client.get(world.year.get_absolute_url())
    labels = [str(event["label"]) for event in response.context["timeline"]]
    # In date order: the mid-year deadline, the opening, the review deadline.
    assert labels == ["Hạn tự chấm điểm 6 tháng đầu năm", "Bắt đầu tự chấm điểm", "Hạn thẩm định"]
    assert "Hạn tự chấm điểm 6 tháng đầu năm" in response.content.decode()


def test_the_dashboard_shows_the_mid_year_deadline_ahead(world, member_user):
    today = timezone.localdate()
    _set(world.year, year=today.year, mid_year_deadline=today + datetime.timedelta(days=10))
    upcoming = dashboard_for(member_user)["upcoming"]
    assert [(str(event.label), event.date) for event in upcoming] == [
        ("Hạn tự chấm điểm 6 tháng đầu năm", today + datetime.timedelta(days=10))
    ]


def test_the_mid_year_deadline_is_reminded_to_the_members(world, criteria):
    _set(world.year, mid_year_deadline=datetime.date(2025, 6, 30))
    assert services.reminders_send(today=datetime.date(2025, 6, 28)) == 1
    reminded = set(Notification.objects.values_list("user__username", flat=True))
    assert {"member", "other_member"} <= reminded
    assert reverse("scoring:assessment_list", args=[world.year.pk]) in set(
        Notification.objects.values_list("url", flat=True)
    )

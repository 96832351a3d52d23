"""The dashboard follows the person, not the calendar: a question on a 2018 assessment shows,
and earlier years are one click away."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation

from scoring import services
from tests.fixtures.scoring import CRITERIA, submit_self


def _returned_2018(world, make_year, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    old = make_year(
        world.cluster,
        2018,
        members=[world.agencies["A"], world.agencies["C"]],
        head=world.agencies["A"],
    )
    services.criteria_replace(cluster_year=old, rows=CRITERIA, by=None)
    membership = old.memberships.get(agency=world.agencies["C"])
    assessment = submit_self(
        services.assessment_open(membership=membership, by=None),
        {"1.1": "8", "1.2": "5", "1.3": "1", "2.1": ("9", "10")},
    )
    return old, services.assessment_return(assessment=assessment, comment="?", by=None)


def test_a_question_on_an_old_year_is_on_the_members_dashboard(
    client, world, make_year, settings, tmp_path
):
    old, assessment = _returned_2018(world, make_year, settings, tmp_path)
    client.force_login(world.member_user)
    with translation.override("vi"):
        page = client.get(reverse("dashboard")).text
    assert str(old) in page
    assert reverse("scoring:assessment_explain", args=[assessment.pk]) in page
    # D, another member of 2025 but not of 2018, is not told about C's 2018
    client.force_login(world.other_member_user)
    other = client.get(reverse("dashboard")).text
    assert reverse("scoring:assessment_explain", args=[assessment.pk]) not in other


def test_earlier_years_are_one_click_away(client, world, make_year):
    old = make_year(world.cluster, 2019, members=[world.agencies["C"]])
    client.force_login(world.member_user)
    with translation.override("vi"):
        page = client.get(reverse("dashboard")).text
    assert "Các năm trước" in page
    assert f'href="{old.get_absolute_url()}"' in page


def test_a_member_is_shown_no_ranking_link_before_publication(client, world):
    client.force_login(world.member_user)
    with translation.override("vi"):
        page = client.get(world.year.get_absolute_url()).text
    assert reverse("scoring:ranking", args=[world.year.pk]) not in page
    assert reverse("reports:term_report_pdf", args=[world.year.pk]) not in page
    assert "Chưa công bố." in page
    client.force_login(world.secretariat_user)
    assert (
        reverse("scoring:ranking", args=[world.year.pk])
        in client.get(world.year.get_absolute_url()).text
    )

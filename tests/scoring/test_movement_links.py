"""A movement's content points to the criteria that measure it and the covenant commitments it
serves: set on the links page, shown on the year's timeline, the movement and the documents."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from clusters.movements import services as movement_services
from scoring import services
from scoring.movement_links import content_links_set
from tests.fixtures.scoring import CRITERIA
from tests.movements import build_movement, plan


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_the_links_page_sets_criteria_and_commitments(client, world, criteria, covenant):
    movement = build_movement(world)
    content = movement.contents.first()
    criterion = criteria.criteria.get(code="1.1")
    commitment = world.year.covenant.commitments.get(position=2)
    client.force_login(world.secretariat_user)
    response = client.post(
        reverse("scoring:content_links", args=[content.pk]),
        {"criteria": [criterion.pk], "commitments": [commitment.pk]},
    )
    assert response.status_code == 302
    assert [link.criterion for link in content.criterion_links.all()] == [criterion]
    assert list(content.commitments.all()) == [commitment]
    page = client.get(reverse("clusters:year_detail", args=[world.year.pk])).content.decode()
    assert "tiêu chí 1.1; cam kết 2" in page  # on the year's timeline


def test_links_stay_within_the_movements_year(world, criteria, covenant, make_year):
    movement = build_movement(world)
    content = movement.contents.first()
    other = services.criteria_replace(cluster_year=world.other_year, rows=CRITERIA, by=None)
    with translation.override("en"), pytest.raises(ValidationError, match="criteria of the"):
        content_links_set(
            content=content, criteria=[other.criteria.get(code="1.1")], commitments=[], by=None
        )
    assert not content.criterion_links.exists()


def test_an_agency_movement_links_to_nothing_of_a_cluster(world, covenant):
    movement = movement_services.movement_create(
        agency=world.agencies["C"], plan=plan(2018), by=None
    )
    movement_services.movement_contents_set(
        movement=movement,
        contents=[movement_services.ContentText(None, "Nội dung")],
        by=None,
    )
    with translation.override("en"), pytest.raises(ValidationError, match="agency's movement"):
        content_links_set(
            content=movement.contents.get(),
            criteria=[],
            commitments=[covenant.commitments.first()],
            by=None,
        )


def test_the_links_page_offers_the_latest_criteria_and_the_covenant(
    client, world, criteria, covenant
):
    movement = build_movement(world)
    client.force_login(world.secretariat_user)
    page = client.get(
        reverse("scoring:content_links", args=[movement.contents.first().pk])
    ).content.decode()
    assert "Hoàn thành kế hoạch đối ngoại" in page and "2. Đoàn kết, hợp tác" in page

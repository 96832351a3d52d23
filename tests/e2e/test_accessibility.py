"""axe-core on the cluster pages, as the secretariat sees them (every control shown), at both
viewports. The journeys check the pages they pass through; these are the ones they skip."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.conftest import PASSWORD

PAGES = {
    "cluster list": lambda world: reverse("clusters:cluster_list"),
    "cluster": lambda world: reverse("clusters:cluster_detail", args=[world.cluster.pk]),
    "year": lambda world: world.year.get_absolute_url(),
    "agency list": lambda world: reverse("clusters:agency_list"),
    "agency": lambda world: reverse("clusters:agency_detail", args=[world.agencies["A"].pk]),
    "discipline and inspection": lambda world: reverse(
        "scoring:standing_records", args=[world.agencies["C"].pk]
    ),
    "agency register": lambda world: reverse(
        "reports:agency_register", args=[world.agencies["A"].pk]
    ),
    "award types": lambda world: reverse("scoring:award_list"),
    "notifications": lambda world: reverse("clusters:notifications"),
}


@pytest.mark.parametrize("viewport", ["desktop", "phone"], indirect=True)
@pytest.mark.parametrize("name", PAGES)
def test_cluster_pages_have_no_serious_accessibility_violation(
    page, log_in, assert_accessible, transactional_db, world, name
):
    log_in(world.secretariat_user, PASSWORD)
    page.goto(PAGES[name](world))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)

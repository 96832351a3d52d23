"""An id the database cannot hold, beside ids that exist, is not found: never a 500."""

from __future__ import annotations

import pytest
from django.urls import reverse

TOO_LARGE = "99999999999999999999999"


@pytest.mark.parametrize("value", [TOO_LARGE, "9223372036854775808"])
def test_a_criterion_id_too_large_for_the_database_is_not_found(
    client, world, criteria, open_assessment, value
):
    assessment = open_assessment("C")
    client.force_login(world.secretariat_user)
    url = reverse("scoring:score_history", args=[assessment.pk, 1]).replace(
        "/criteria/1/", f"/criteria/{value}/"
    )
    assert client.get(url).status_code == 404

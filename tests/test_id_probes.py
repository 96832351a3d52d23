"""Probes on every URL that takes an id: an id that does not exist (or was deleted) and a
value that is not a number must give 404 (or 403) to every role, never a 500 and never a page.

Another cluster's and another member's objects are probed by the permission matrices (the
stranger and the other member ask for the world's objects); this completes them.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.clusters.test_permissions import MATRIX as CLUSTERS_MATRIX
from tests.permissions import user_for
from tests.reports.test_permissions import MATRIX as REPORTS_MATRIX
from tests.scoring.test_permissions import MATRIX as SCORING_MATRIX
from tests.scoring.test_vote_permissions import MATRIX as VOTE_MATRIX

MATRICES = CLUSTERS_MATRIX | SCORING_MATRIX | VOTE_MATRIX | REPORTS_MATRIX
MISSING = 2_147_483_000  # no row has this id (and a deleted row's id is not reused)


class Anything:
    """Stands in for the world: every object's pk is the missing id."""

    pk = MISSING

    def __getattr__(self, name):
        return self

    def __getitem__(self, key):
        return self


def _with_ids(name: str) -> list[str]:
    _method, kwargs, _expected = MATRICES[name]
    return sorted(kwargs(Anything()))


ID_URLS = sorted(name for name in MATRICES if _with_ids(name))


def test_there_are_urls_with_ids_to_probe():
    assert len(ID_URLS) > 40


# A member, the ministry (sees every cluster) and a superuser (may do everything): the access
# helpers look an id up the same way for every role.
@pytest.mark.parametrize("role", ["member", "ministry", "superuser"])
def test_a_missing_id_is_not_found_for_every_role(client, world, role):
    client.force_login(user_for(world, role))
    wrong = []
    for name in ID_URLS:
        method, kwargs, _expected = MATRICES[name]
        response = getattr(client, method)(reverse(name, kwargs=kwargs(Anything())))
        if response.status_code not in (403, 404):
            wrong.append((name, response.status_code))
    assert wrong == []


@pytest.mark.parametrize(
    "value",
    [
        "abc",
        "-1",
        "1.5",
        "99999999999999999999999",  # more than the database can hold
        "9223372036854775808",  # one past the largest id it can hold
    ],
)
def test_an_id_that_is_not_a_number_is_not_found(client, world, value):
    client.force_login(world.superuser)
    wrong = []
    for name in ID_URLS:
        method, kwargs, _expected = MATRICES[name]
        url = reverse(name, kwargs=kwargs(Anything())).replace(str(MISSING), value)
        response = getattr(client, method)(url)
        if response.status_code != 404:
            wrong.append((name, response.status_code))
    assert wrong == []

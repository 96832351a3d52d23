"""Every named URL of the application is in a permission matrix (one per app)."""

from django.urls import get_resolver

from tests.clusters.test_account_permissions import MATRIX as ACCOUNTS_MATRIX
from tests.clusters.test_movement_permissions import MATRIX as MOVEMENTS_MATRIX
from tests.clusters.test_permissions import MATRIX as CLUSTERS_MATRIX
from tests.reports.test_permissions import MATRIX as REPORTS_MATRIX
from tests.reports.test_register_permissions import MATRIX as REGISTER_MATRIX
from tests.scoring.test_permissions import MATRIX as SCORING_MATRIX
from tests.scoring.test_vote_permissions import MATRIX as VOTE_MATRIX

# Not application pages: Django's admin (staff only, tested by Django itself).
OUTSIDE_THE_MATRICES = {"admin"}


def _named_urls(resolver, namespace=""):
    for pattern in resolver.url_patterns:
        if hasattr(pattern, "url_patterns"):
            if pattern.namespace in OUTSIDE_THE_MATRICES:
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _named_urls(pattern, inner)
        elif pattern.name:
            yield f"{namespace}{pattern.name}"


def test_every_url_is_in_a_permission_matrix():
    names = set(_named_urls(get_resolver()))
    listed = (
        set(CLUSTERS_MATRIX)
        | set(ACCOUNTS_MATRIX)
        | set(SCORING_MATRIX)
        | set(VOTE_MATRIX)
        | set(REPORTS_MATRIX)
        | set(REGISTER_MATRIX)
        | set(MOVEMENTS_MATRIX)
    )
    assert names - listed == set(), "add these URLs to a permission matrix"
    assert listed - names == set(), "these matrix rows name no URL"

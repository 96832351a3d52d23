"""The document register's URLs × every role → the expected status.

The world (tests/conftest.py): A heads the year (its staff are the secretariat), B is first
deputy, C and D members, E in another cluster (stranger). One document of the cluster is
issued; agency A has no certificate, so signing is refused with a message (302 back to the
register), and personal signing without a credential goes back to the sign page. The
dossier's issue page runs on the voted world of the nominations' matrix.
"""

from __future__ import annotations

import pytest

from tests.fixtures.reports import issue
from tests.permissions import (
    EVERYONE,
    FILES_C,
    READ,
    ROLES,
    SEES_C,
    WRITE,
    answer,
    post,
)

# Only an agency's own staff keep its certificate (and the administrators).
OWN_AGENCY = {role: 403 for role in ROLES} | {
    "anonymous": 302,
    "secretariat": 200,
    "superuser": 200,
}
PUBLIC = EVERYONE | {"anonymous": 200}
# An agency's own register (A's): its staff, and the ministry, read it.
AGENCY_REGISTER = {role: 404 for role in ROLES} | {
    "anonymous": 302,
    "secretariat": 200,
    "ministry": 200,
    "superuser": 200,
}

REGISTER_MATRIX = {
    "reports:register": ("get", lambda w: {"pk": w.year.pk}, READ),
    "reports:register_export": ("get", lambda w: {"pk": w.year.pk}, READ),
    "reports:term_report_issue": ("get", lambda w: {"pk": w.year.pk}, WRITE),
    "reports:issued_pdf": ("get", lambda w: {"pk": w.document.pk}, READ),
    "reports:issued_sign": ("get", lambda w: {"pk": w.document.pk}, WRITE),
    "reports:issued_sign_confirm": ("post", lambda w: {"pk": w.document.pk}, post(WRITE, 302)),
    # Without a credential in the form: the sign page again, with a message.
    "reports:issued_sign_remote": ("post", lambda w: {"pk": w.document.pk}, post(WRITE, 302)),
    "reports:agency_register": ("get", lambda w: {"pk": w.agencies["A"].pk}, AGENCY_REGISTER),
    "reports:agency_register_export": (
        "get",
        lambda w: {"pk": w.agencies["A"].pk},
        AGENCY_REGISTER,
    ),
    "reports:certificate_edit": ("get", lambda w: {"pk": w.agencies["A"].pk}, OWN_AGENCY),
    "reports:verify": ("get", lambda w: {}, PUBLIC),
    "reports:year_archive": ("get", lambda w: {"pk": w.year.pk}, WRITE),
    # Built in the background (eagerly here): to the batch's page; the dossiers of a year
    # without nominations: back to the register with a message.
    "reports:year_archive_start": ("post", lambda w: {"pk": w.year.pk}, post(WRITE, 302)),
    "reports:dossiers_start": ("post", lambda w: {"pk": w.year.pk}, post(WRITE, 302)),
}
# The nominated unit's staff and the ministry see the nomination, but only the secretariat
# issues its dossier.
DOSSIER_MATRIX = {
    "reports:dossier_issue": ("get", lambda w: {"pk": w.nomination.pk}, FILES_C),
    # As the dossier itself (reports:dossier_pdf).
    "reports:dossier_bundle": ("get", lambda w: {"pk": w.nomination.pk}, SEES_C),
}
MATRIX = REGISTER_MATRIX | DOSSIER_MATRIX


@pytest.fixture
def register_world(world, settings):
    settings.CSC_SERVICE_URL = "http://127.0.0.1:9"  # never reached: no credential is sent
    world.document = issue(world.cluster)
    return world


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(REGISTER_MATRIX))
def test_register_url_answers_each_role_as_expected(client, register_world, name, role):
    status, expected = answer(client, register_world, REGISTER_MATRIX, name, role)
    assert status == expected, (name, role, status)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(DOSSIER_MATRIX))
def test_dossier_url_answers_each_role_as_expected(client, voted_world, name, role):
    status, expected = answer(client, voted_world, DOSSIER_MATRIX, name, role)
    assert status == expected, (name, role, status)

"""Every reports URL × every role → the expected status.

The world (tests/conftest.py): members A (head, secretariat), B (first deputy), C (member),
D (other member); E is in another cluster (stranger). Objects: the worked example submitted
by A to D (not final: only the secretariat may see the standing), a covenant and a conference.
"""

from __future__ import annotations

import pytest

from reports import batches
from reports.models import BatchJob
from tests.permissions import READ, ROLES, WRITE, answer

BATCH = {role: 404 for role in ROLES} | {"anonymous": 302, "ministry": 200, "superuser": 200}
MINISTRY = {role: 403 for role in ROLES} | {"anonymous": 302, "ministry": 200, "superuser": 200}
# The scores before every assessment is final: the secretariat's working view only, as the
# ranking's spreadsheet (scoring:ranking_export).
STANDING = WRITE

MATRIX = {
    "reports:term_report_edit": ("get", lambda w: {"pk": w.year.pk}, WRITE),
    "reports:term_report_pdf": ("get", lambda w: {"pk": w.year.pk}, STANDING),
    "reports:scores_export": ("get", lambda w: {"pk": w.year.pk}, STANDING),
    "reports:covenant_pdf": ("get", lambda w: {"pk": w.year.pk}, READ),
    "reports:minutes_pdf": ("get", lambda w: {"pk": w.conference.pk}, READ),
    # Issued through the register from their pages, by the year's secretariat.
    "reports:covenant_issue": ("get", lambda w: {"pk": w.year.pk}, WRITE),
    "reports:minutes_issue": ("get", lambda w: {"pk": w.conference.pk}, WRITE),
    # A batch (started by the ministry): who started it and the ministry; the list shows
    # each user their own.
    "reports:batches": ("get", lambda w: {}, READ | {"stranger": 200}),
    "reports:batch_detail": ("get", lambda w: {"pk": w.batch.pk}, BATCH),
    "reports:batch_download": ("get", lambda w: {"pk": w.batch.pk}, BATCH),
    "reports:ministry_export": ("post", lambda w: {}, MINISTRY),
}


@pytest.fixture
def reports_world(world, scored, covenant, conference):
    world.conference = conference
    world.batch, _created = batches.batch_start(
        kind=BatchJob.Kind.MINISTRY_TERM_REPORTS, params={"year": 2025}, by=world.ministry_user
    )
    batches.batch_work(job_id=world.batch.pk)
    return world


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_reports_url_answers_each_role_as_expected(client, reports_world, name, role):
    status, expected = answer(client, reports_world, MATRIX, name, role)
    assert status == expected, (name, role, status)

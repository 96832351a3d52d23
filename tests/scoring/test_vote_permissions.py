"""Every URL of the vote, the nominations, the award list and the statuses × every role.

The world (tests/conftest.py) at its year end, voted (tests/fixtures/scoring.py
`voted_world`): the vote of the year-end conference is closed (a paper ballot: C for the
ministry flag, passed; D for a certificate of merit, passed, not yet nominated); C's nomination
is filed with the ministry with one uploaded file; C is recorded as under inspection since
2024, resolved.
"""

from __future__ import annotations

import pytest

from tests.permissions import EVERYONE as LOGGED_IN
from tests.permissions import FILES_C, READ, ROLES, SEES_C, WRITE, post, user_for, wrong_answers

# READ (tests/permissions.py): whoever sees the year; WRITE: the year's
# secretariat (A) and superusers act, the others who see the year get 403.

# C's nomination: the ministry, the year's secretariat and C's own staff see it (SEES_C), the
# secretariat files it (FILES_C, tests/permissions.py), the ministry decides.
DECIDES_C = SEES_C | {"member": 403, "secretariat": 403}
# The ministry keeps the award list.
MINISTRY = LOGGED_IN | {
    role: 403 for role in ("member", "other_member", "secretariat", "deputy", "stranger")
}
# Statuses of C: the ministry, and the secretariat of a year C is a member of.
RECORDS_C = {role: 403 for role in ROLES} | {
    "anonymous": 302,
    "secretariat": 200,
    "ministry": 200,
    "superuser": 200,
}
# Seeing C's statuses: the ministry, C itself and the secretariat of a year C is in now.
SEES_RECORDS_C = {role: 403 for role in ROLES} | {
    "anonymous": 302,
    "member": 200,
    "secretariat": 200,
    "ministry": 200,
    "superuser": 200,
}
# Casting a vote: the member agencies of the year (A to D); the vote is closed, so the empty
# ballot comes back with its errors (400).
VOTERS = (
    WRITE
    | {role: 400 for role in ("member", "other_member", "secretariat", "deputy")}
    | {"superuser": 403}
)


MATRIX = {
    "scoring:ballot": ("get", lambda w: {"pk": w.year_end.pk}, READ),
    # The conference already has its vote: the refusal is shown on the page.
    "scoring:ballot_create": ("post", lambda w: {"pk": w.year_end.pk}, post(WRITE, 400)),
    "scoring:proposal_add": ("post", lambda w: {"pk": w.year_end.pk}, post(WRITE, 400)),
    "scoring:ballot_open": ("post", lambda w: {"pk": w.year_end.pk}, post(WRITE, 302)),
    "scoring:ballot_cast": ("post", lambda w: {"pk": w.year_end.pk}, VOTERS),
    # The vote is closed: the pages that ask first say why the step cannot be taken.
    "scoring:ballot_close": ("get", lambda w: {"pk": w.year_end.pk}, WRITE),
    "scoring:ballot_reopen": ("get", lambda w: {"pk": w.year_end.pk}, WRITE),
    "scoring:ballot_tally": ("post", lambda w: {"pk": w.year_end.pk}, post(WRITE, 400)),
    "scoring:proposal_delete": ("post", lambda w: {"pk": w.merit_d.pk}, post(WRITE, 302)),
    "scoring:nomination_create": ("post", lambda w: {"pk": w.merit_d.pk}, post(WRITE, 302)),
    "scoring:nomination_list": ("get", lambda w: {}, LOGGED_IN),
    "scoring:nomination": ("get", lambda w: {"pk": w.nomination.pk}, SEES_C),
    "scoring:nomination_report": ("get", lambda w: {"pk": w.nomination.pk}, FILES_C),
    "scoring:nomination_file_add": ("post", lambda w: {"pk": w.nomination.pk}, post(FILES_C, 400)),
    "scoring:nomination_file": ("get", lambda w: {"pk": w.file.pk}, SEES_C),
    # Already filed: the refusal is shown on the page.
    "scoring:nomination_submit": ("post", lambda w: {"pk": w.nomination.pk}, post(FILES_C, 400)),
    "scoring:nomination_return": ("post", lambda w: {"pk": w.nomination.pk}, post(DECIDES_C, 400)),
    "scoring:nomination_approve": (
        "post",
        lambda w: {"pk": w.nomination.pk},
        post(DECIDES_C, 400),
    ),
    "scoring:nomination_reject": ("post", lambda w: {"pk": w.nomination.pk}, post(DECIDES_C, 400)),
    "reports:dossier_pdf": ("get", lambda w: {"pk": w.nomination.pk}, SEES_C),
    "scoring:award_list": ("get", lambda w: {}, LOGGED_IN),
    "scoring:award_add": ("get", lambda w: {}, MINISTRY),
    "scoring:award_edit": ("get", lambda w: {"pk": w.award.pk}, MINISTRY),
    "scoring:standing_records": ("get", lambda w: {"pk": w.agencies["C"].pk}, SEES_RECORDS_C),
    # Already resolved: refused with a message, back to the list.
    "scoring:standing_record_end": ("post", lambda w: {"pk": w.record.pk}, post(RECORDS_C, 302)),
}


@pytest.mark.parametrize("role", ROLES)
def test_vote_and_nomination_urls_answer_each_role_as_expected(client, voted_world, role):
    """Every URL of the matrix for one role (the world is costly to build: it is built once
    per role, and each request is rolled back so that none changes what the next one sees)."""
    wrong = wrong_answers(client, user_for(voted_world, role), voted_world, MATRIX, role)
    assert wrong == [], f"{role}: (url, got, expected)"

"""Writers of one year at the same moment, on PostgreSQL (SQLite serialises every writer, so
the test would prove nothing there).

Every write that feeds the ranking holds its year's ranking revision row until it commits
(the triggers of scoring/migrations/0006_ranking_revision.py). A transaction holding that row
must then never wait for a lock that another writer of the year took first: the services lock
the rows other rows point to (an assessment) without blocking the insertion of those other
rows (FOR NO KEY UPDATE instead of FOR UPDATE, which PostgreSQL's foreign-key checks wait for).
"""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.db import connection

from emulation.errors import DomainError
from scoring import services
from scoring.models import Score
from scoring.services import Entered
from scoring.services import assessments as assessment_services
from tests.fixtures.scoring import CRITERIA, save_self, staff_of

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks are PostgreSQL's (DATABASE_URL)"
    ),
]


def test_criteria_replaced_while_a_member_saves_a_draft_neither_wait_nor_deadlock(
    world, criteria, open_assessment, monkeypatch
):
    """The secretariat corrects the criteria (in place: nobody has scored) while a member's
    save holds the assessment's lock. The correction goes through at once; the member's save,
    made against the criteria it replaced, is then refused with a message, nothing of it kept."""
    assessment = open_assessment("C")
    locked, go_on = threading.Event(), threading.Event()
    lock = assessment_services._lock_for_update

    def lock_then_pause(*args, **kwargs):
        current = lock(*args, **kwargs)
        locked.set()
        go_on.wait(10)
        return current

    monkeypatch.setattr(assessment_services, "_lock_for_update", lock_then_pause)
    outcomes = {}

    def in_thread(name, work):
        def run():
            try:
                work()
                outcomes[name] = "done"
            except Exception as error:  # asserted on below: a deadlock would land here
                outcomes[name] = error
            finally:
                connection.close()

        return threading.Thread(target=run)

    member = in_thread(
        "member",
        lambda: save_self(assessment, {"1.1": Entered(Decimal("8"))}, by=staff_of(world, "C")),
    )
    corrected = [*CRITERIA[:-1]]  # the deduction 3.2 taken out
    secretariat = in_thread(
        "secretariat",
        lambda: services.criteria_replace(
            cluster_year=world.year, rows=corrected, by=world.secretariat_user
        ),
    )
    member.start()
    assert locked.wait(10)
    secretariat.start()
    secretariat.join(5)
    waited = secretariat.is_alive()  # it waited for the member's lock
    go_on.set()
    member.join(30)
    secretariat.join(30)

    assert not waited
    assert outcomes["secretariat"] == "done"
    assert isinstance(outcomes["member"], DomainError), outcomes["member"]
    scores = Score.objects.filter(assessment=assessment)
    assert scores.count() == len([row for row in corrected if row.kind != "group"])
    assert not scores.filter(self_value__isnull=False).exists()

"""Writers of one year at the same moment, on PostgreSQL (SQLite serialises every writer, so
the test would prove nothing there).

Every write that feeds the ranking holds its year's ranking revision row until it commits
(the triggers of scoring/migrations/0006_ranking_revision.py). A transaction holding that row
must then never wait for a lock that another writer of the year took first: the services lock
the rows other rows point to (an assessment) without blocking the insertion of those other
rows (FOR NO KEY UPDATE instead of FOR UPDATE, which PostgreSQL's foreign-key checks wait for),
and lock only their own rows, not the years a query joins (README, "Where logic goes").
"""

from __future__ import annotations

import datetime
import threading
import time
from decimal import Decimal

import pytest
from django.db import connection

from clusters import services as cluster_services
from clusters.services import agencies as agency_services
from emulation.errors import DomainError
from scoring import services, undo
from scoring.models import RankingPublication, Score
from scoring.services import Entered
from scoring.services import assessments as assessment_services
from tests.fixtures.scoring import CRITERIA, final_assessment, save_self, staff_of

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks are PostgreSQL's (DATABASE_URL)"
    ),
]


class Writers:
    """Services run in threads of their own (a connection each); `outcomes[name]` is "done"
    or what the service raised (a deadlock would land there)."""

    def __init__(self):
        self.outcomes = {}

    def thread(self, name, work) -> threading.Thread:
        def run():
            try:
                work()
                self.outcomes[name] = "done"
            except Exception as error:  # asserted on by the tests
                self.outcomes[name] = error
            finally:
                connection.close()

        return threading.Thread(target=run)


def paused_after(module, name: str, monkeypatch) -> tuple[threading.Event, threading.Event]:
    """`module.name` made to stop once it has returned, until `go_on` is set; `reached` is
    set when it stops."""
    reached, go_on = threading.Event(), threading.Event()
    original = getattr(module, name)

    def pause(*args, **kwargs):
        result = original(*args, **kwargs)
        reached.set()
        go_on.wait(10)
        return result

    monkeypatch.setattr(module, name, pause)
    return reached, go_on


def wait_until_one_waits_for_a_lock() -> None:
    with connection.cursor() as cursor:
        for _attempt in range(100):
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return
            time.sleep(0.1)
    raise AssertionError("no transaction waited for a lock")


def test_criteria_replaced_while_a_member_saves_a_draft_neither_wait_nor_deadlock(
    world, criteria, open_assessment, monkeypatch
):
    """The secretariat corrects the criteria (in place: nobody has scored) while a member's
    save holds the assessment's lock. The correction goes through at once; the member's save,
    made against the criteria it replaced, is then refused with a message, nothing of it kept."""
    assessment = open_assessment("C")
    locked, go_on = paused_after(assessment_services, "_lock_for_update", monkeypatch)
    writers = Writers()
    member = writers.thread(
        "member",
        lambda: save_self(assessment, {"1.1": Entered(Decimal("8"))}, by=staff_of(world, "C")),
    )
    corrected = [*CRITERIA[:-1]]  # the deduction 3.2 taken out
    secretariat = writers.thread(
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
    assert writers.outcomes["secretariat"] == "done"
    assert isinstance(writers.outcomes["member"], DomainError), writers.outcomes["member"]
    scores = Score.objects.filter(assessment=assessment)
    assert scores.count() == len([row for row in corrected if row.kind != "group"])
    assert not scores.filter(self_value__isnull=False).exists()


def test_a_merger_recorded_while_the_ranking_is_withdrawn_completes_and_so_does_the_withdrawal(
    world, open_assessment, make_agency, monkeypatch
):
    """The ministry records that member D merged into a new agency while the secretariat
    withdraws the year's published ranking. The merger holds the year's revision row once it
    has written the agencies (their validity, the successor); the withdrawal holds the year's
    row and waits for the revision row. The merger must then not wait for the year's row in
    turn: it locks only the members' rows."""
    for letter in "ABCD":
        final_assessment(world, open_assessment, letter)
    services.ranking_publish(cluster_year=world.year, by=world.secretariat_user)
    merged = make_agency("Hà Nội (mới)", valid_from=datetime.date(2025, 7, 1))
    succeeded, go_on = paused_after(agency_services, "_succeed", monkeypatch)
    writers = Writers()
    ministry = writers.thread(
        "ministry",
        lambda: cluster_services.agency_merge(
            sources=[world.agencies["D"]],
            into=merged,
            effective=merged.valid_from,
            by=None,
            confirmed=True,  # the year's ranking is published
        ),
    )
    secretariat = writers.thread(
        "secretariat",
        lambda: undo.ranking_withdraw(
            cluster_year=world.year,
            period="year",
            reason="Sáp nhập tỉnh",
            by=world.secretariat_user,
        ),
    )
    ministry.start()
    assert succeeded.wait(10)
    secretariat.start()
    wait_until_one_waits_for_a_lock()  # the withdrawal, for the revision row
    go_on.set()
    ministry.join(30)
    secretariat.join(30)

    assert writers.outcomes == {"ministry": "done", "secretariat": "done"}
    assert not RankingPublication.objects.filter(cluster_year=world.year).exists()
    assert world.year.memberships.filter(agency=merged).exists()

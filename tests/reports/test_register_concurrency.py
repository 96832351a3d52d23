"""Issuing under concurrency, on PostgreSQL (SQLite serialises every writer, so the test would
prove nothing there): parallel issues never share a number and leave no gap, and parallel
requests to issue the same document issue it once."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from reports.models import DocumentKind, IssuedDocument, RegisterCounter
from tests.fixtures.reports import issue

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks are PostgreSQL's (DATABASE_URL)"
    ),
]

THREADS = 6
EACH = 5


def _in_parallel(work, count: int) -> list:
    """Runs `work(i)` in `count` threads released together; returns results or exceptions."""
    start = threading.Barrier(count)
    results: list = [None] * count

    def run(index):
        try:
            start.wait()
            results[index] = work(index)
        except Exception as error:  # collected and asserted on by the test
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def test_parallel_issues_take_every_number_once(world):
    def work(index):
        return [issue(world.cluster, title=f"Báo cáo {index}.{n}").number for n in range(EACH)]

    results = _in_parallel(work, THREADS)
    assert not [r for r in results if isinstance(r, Exception)], results
    numbers = sorted(number for result in results for number in result)
    assert numbers == list(range(1, THREADS * EACH + 1))  # none twice, none skipped
    assert RegisterCounter.objects.get(cluster=world.cluster, kind="BC").last_number == len(numbers)
    assert IssuedDocument.objects.filter(kind=DocumentKind.REPORT).count() == len(numbers)


def test_parallel_requests_to_issue_the_same_document_issue_it_once(world, final):
    url = reverse("reports:term_report_issue", args=[world.year.pk])
    data = {"signer": world.secretariat_user.pk, "capacity": "", "issued_on": "20/12/2025"}

    def work(index):
        client = Client()
        client.force_login(world.secretariat_user)
        return client.post(url, data).status_code

    statuses = _in_parallel(work, 4)
    assert sorted(statuses) == [302, 400, 400, 400], statuses
    assert list(IssuedDocument.objects.values_list("number", flat=True)) == [1]

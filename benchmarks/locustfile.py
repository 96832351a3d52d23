"""The load of `make bench` (run by benchmarks/run.py, one scenario per locust run).

BENCH_PLAN names a JSON file written by run.py: the sessions to use (made in the database
beforehand, so that no login happens during the measure), the pages, and for each user
saving an assessment its own assessment, revision and form. BENCH_SCENARIO is one of
minimal_view, notifications, dashboard, ranking, save_assessment. Every user sends requests
back to back (no think time). A request counts as failed unless it answers 200 (302 for a save).
"""

from __future__ import annotations

import itertools
import json
import os

from locust import FastHttpUser, constant, task

PLAN = json.loads(open(os.environ["BENCH_PLAN"], encoding="utf-8").read())  # noqa: SIM115
SCENARIO = os.environ["BENCH_SCENARIO"]
_users = itertools.count()


class BenchUser(FastHttpUser):
    wait_time = constant(0)

    def on_start(self) -> None:
        self.number = next(_users)
        # Behind the proxy the app sees HTTPS (DEBUG off: secure cookies, CSRF origin check).
        self.headers = {"X-Forwarded-Proto": "https", "Origin": PLAN["origin"]}
        if SCENARIO == "save_assessment":
            self.saver = PLAN["savers"][self.number % len(PLAN["savers"])]
            session, self.revision = self.saver["session"], self.saver["revision"]
        else:
            self.saver, session = None, PLAN["secretariat_session"]
        if SCENARIO != "minimal_view":
            self.headers["Cookie"] = (
                f"{PLAN['session_cookie']}={session}; {PLAN['csrf_cookie']}={PLAN['csrf']}"
            )
        self.saves = 0

    def get(self, path: str) -> None:
        with self.client.get(
            path, headers=self.headers, name=SCENARIO, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")

    @task
    def work(self) -> None:
        if SCENARIO == "save_assessment":
            self.save()
        else:
            self.get(PLAN["paths"][SCENARIO])

    def save(self) -> None:
        """The self-assessment form sent back with one note changed, as a draft."""
        self.saves += 1
        data = dict(self.saver["form"])
        data[self.saver["changed_note"]] = f"Lần lưu {self.number}-{self.saves}"
        data["revision"] = str(self.revision)
        data["csrfmiddlewaretoken"] = PLAN["csrf"]
        with self.client.post(
            self.saver["path"],
            data=data,
            headers=self.headers,
            name=SCENARIO,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code == 302:
                self.revision += 1
            else:
                response.failure(f"status {response.status_code}")

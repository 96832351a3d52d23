"""`manage.py seed_scale`: the country-wide dataset of the benchmarks (see `scoring.scale`).

    manage.py seed_scale --clusters 1000 --members 15 --criteria 100

Deterministic and all-or-nothing (one transaction). Run again with the same size, it finds
the dataset and adds nothing; with another size, it refuses: use a fresh database.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils.translation import gettext as _

from emulation.site import scale


class Command(BaseCommand):
    help = (
        "Fill the database with the benchmarks' country-wide dataset: clusters × members × "
        "criteria, one cluster year each, written in bulk. Never on a production database."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--clusters", type=int, default=1000)
        parser.add_argument("--members", type=int, default=15)
        parser.add_argument("--criteria", type=int, default=100, help="scored criteria")
        parser.add_argument("--year", type=int, default=2026)
        parser.add_argument("--seed", type=int, default=2026, help="of the random values")

    def handle(self, *args, clusters, members, criteria, year, seed, **options) -> None:
        if min(clusters, members, criteria) < 1:
            raise CommandError(_("--clusters, --members and --criteria must be at least 1."))
        if members < 2:
            raise CommandError(_("--members must be at least 2 (a head and a deputy)."))
        size = scale.Size(clusters, members, criteria, year=year, seed=seed)
        existing = scale.seeded_size()
        if existing is not None:
            wanted = (clusters, members, criteria, year)
            found = (existing.clusters, existing.members, existing.criteria, existing.year)
            if found != wanted:
                raise CommandError(
                    _(
                        "This database already holds a scale dataset of %(found)s (clusters × "
                        "members × criteria, year); %(wanted)s was asked for. Seed another "
                        "size into a fresh database."
                    )
                    % {"found": found, "wanted": wanted}
                )
            self.stdout.write(_("The scale dataset is already there: nothing was added."))
            self.print_logins()
            return
        self.stdout.write(
            _("Seeding %(clusters)d clusters × %(members)d members × %(criteria)d criteria…")
            % {"clusters": clusters, "members": members, "criteria": criteria}
        )
        start = time.perf_counter()

        def progress(line: str) -> None:
            self.stdout.write(f"  {line} ({time.perf_counter() - start:.0f} s)")
            self.stdout.flush()

        scale.seed(size, progress)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # fresh statistics for the planner
        self.stdout.write(
            self.style.SUCCESS(
                _("Scale dataset seeded: %(scores)s scores in %(seconds).0f s.")
                % {"scores": f"{size.scores:,}", "seconds": time.perf_counter() - start}
            )
        )
        self.print_logins()

    def print_logins(self) -> None:
        self.stdout.write(
            _(
                "Logins (password %(password)s): %(ministry)s (ministry reviewer), %(head)s "
                "(secretariat of cluster 1), %(member)s (member of cluster 1), %(drafts)s… "
                "(members of cluster 2, still scoring)."
            )
            % {
                "password": scale.PASSWORD,
                "ministry": "quymo.bo",
                "head": scale.member_username(1, 1),
                "member": scale.member_username(1, 3),
                "drafts": scale.member_username(2, 1),
            }
        )

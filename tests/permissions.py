"""What the permission matrices share: the world's cast of roles, the rows most URLs follow,
and a URL requested as one role.

A matrix maps a URL name to (method, kwargs builder, expected status by role); the world is
tests/conftest.py's (members A to D of the year, E a stranger in another cluster).
"""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse

ROLES = (
    "anonymous",
    "member",
    "other_member",
    "secretariat",
    "deputy",
    "ministry",
    "stranger",
    "superuser",
)

# Whoever sees the year reads the page; a stranger is told it is not there.
READ = {"anonymous": 302, "stranger": 404} | {
    role: 200
    for role in ("member", "other_member", "secretariat", "deputy", "ministry", "superuser")
}
# The year's secretariat (and the superusers) change it; the others who see it are refused.
WRITE = READ | {"member": 403, "other_member": 403, "deputy": 403, "ministry": 403}
EVERYONE = {"anonymous": 302} | {role: 200 for role in ROLES if role != "anonymous"}
# What is member C's own (its assessment, its nomination): C's staff, the year's secretariat,
# the ministry and the superusers see it; the others are told it is not there.
SEES_C = {
    "anonymous": 302,
    "member": 200,
    "other_member": 404,
    "secretariat": 200,
    "deputy": 404,
    "ministry": 200,
    "stranger": 404,
    "superuser": 200,
}
# C's nomination is filed (and its dossier issued) by the year's secretariat and the
# superusers; the others who see it are refused.
FILES_C = SEES_C | {"member": 403, "ministry": 403}


def post(table: dict, ok: int) -> dict:
    """A state change: the roles `table` lets in get `ok` (a redirect, or 400 for empty input)."""
    return {role: (ok if status == 200 else status) for role, status in table.items()}


def user_for(world, role: str):
    """The world's user of `role`; None for anonymous."""
    if role == "anonymous":
        return None
    return world.superuser if role == "superuser" else getattr(world, f"{role}_user")


def log_in(client, user) -> None:
    """The client logged in as `user`; None leaves it anonymous."""
    if user is not None:
        client.force_login(user)


def status_of(client, world, name: str, method: str, kwargs) -> int:
    """The status URL `name` (its kwargs built from the world) answers the client."""
    return getattr(client, method)(reverse(name, kwargs=kwargs(world))).status_code


def answer(client, world, matrix: dict, name: str, role: str) -> tuple[int, int]:
    """(the status URL `name` answers the world's user of `role`, the status `matrix` expects)."""
    method, kwargs, expected = matrix[name]
    log_in(client, user_for(world, role))
    return status_of(client, world, name, method, kwargs), expected[role]


def wrong_answers(client, user, world, matrix: dict, role: str) -> list[tuple[str, int, int]]:
    """Every URL of `matrix` requested as `user`, each request rolled back so that none changes
    what the next one sees: (url, got, expected) for each that does not answer as `role` should."""
    log_in(client, user)
    wrong = []
    for name, (method, kwargs, expected) in sorted(matrix.items()):
        with transaction.atomic():
            status = status_of(client, world, name, method, kwargs)
            transaction.set_rollback(True)
        if status != expected[role]:
            wrong.append((name, status, expected[role]))
    return wrong

"""Security headers on every page, and login throttling."""

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD

PAGES = ["login", "dashboard", "clusters:cluster_list", "clusters:agency_list"]


@pytest.mark.parametrize("name", PAGES)
def test_every_page_forbids_inline_scripts_and_framing(client, world, name):
    client.force_login(world.member_user)
    response = client.get(reverse(name))
    policy = dict(
        directive.strip().split(" ", 1)
        for directive in response["Content-Security-Policy"].split(";")
    )
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in response["Permissions-Policy"]


def _fail_login(client, username: str):
    return client.post(reverse("login"), {"username": username, "password": "sai-mat-khau"})


def test_five_wrong_passwords_lock_the_account_for_a_while(client, world):
    username = world.member_user.username
    for _attempt in range(4):
        assert _fail_login(client, username).status_code == 200  # the form again, with an error
    locked = _fail_login(client, username)
    assert locked.status_code == 429
    assert "15" in locked.content.decode()
    # Even the right password is refused during the lockout.
    right = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_lockout_of_one_account_does_not_lock_another(client, world):
    for _attempt in range(5):
        _fail_login(client, world.member_user.username)
    response = client.post(
        reverse("login"), {"username": world.other_member_user.username, "password": PASSWORD}
    )
    assert response.status_code == 302


def _directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part}


def test_what_a_signed_in_person_sees_is_never_cached(client, world):
    client.force_login(world.member_user)
    for name in PAGES[1:]:
        assert {"private", "no-store"} <= _directives(client.get(reverse(name))), name


def test_a_download_is_never_cached_either(client, world):
    client.force_login(world.secretariat_user)
    response = client.get(reverse("reports:scores_export", args=[world.year.pk]))
    assert response.status_code == 200
    assert {"private", "no-store"} <= _directives(response)

"""Every URL of the accounts pages (staff, invitations, one's own settings, password reset)
× every role, the agency administrator included.

The world (tests/conftest.py) plus `agency_admin`, an administrator of C (a plain member of
the year, not its head), a colleague of `member` in C, and a pending invitation to C.
"""

from __future__ import annotations

import pytest

from clusters.accounts import services as accounts
from tests.permissions import ROLES as WORLD_ROLES
from tests.permissions import post, user_for, wrong_answers

ROLES = (*WORLD_ROLES, "agency_admin")
SIGNED_IN = {"anonymous": 302} | {role: 200 for role in ROLES if role != "anonymous"}
ANYONE = {role: 200 for role in ROLES}
# C's accounts: its administrators and the superusers manage them (C heads no year, so the
# ministry does not); its own staff read the list; everyone else is refused.
MANAGES_C = {role: 403 for role in ROLES} | {
    "anonymous": 302,
    "agency_admin": 200,
    "superuser": 200,
}
READS_C = MANAGES_C | {"member": 200}


MATRIX = {
    "accounts:profile": ("get", lambda w: {}, SIGNED_IN),
    # Without a device the code page sends to its set-up.
    "accounts:two_factor_verify": ("get", lambda w: {}, post(SIGNED_IN, 302)),
    "accounts:two_factor_setup": ("get", lambda w: {}, SIGNED_IN),
    "accounts:two_factor_disable": ("post", lambda w: {}, post(SIGNED_IN, 302)),
    "accounts:invitation_accept": ("get", lambda w: {"token": w.token}, ANYONE),
    "accounts:staff_list": ("get", lambda w: {"pk": w.agencies["C"].pk}, READS_C),
    "accounts:invitation_create": ("get", lambda w: {"pk": w.agencies["C"].pk}, MANAGES_C),
    "accounts:invitation_cancel": (
        "post",
        lambda w: {"pk": w.agencies["C"].pk, "invitation_pk": w.invitation.pk},
        post(MANAGES_C, 302),
    ),
    "accounts:staff_deactivate": (
        "post",
        lambda w: {"pk": w.agencies["C"].pk, "user_pk": w.member_user.pk},
        post(MANAGES_C, 302),
    ),
    "accounts:staff_reactivate": (
        "post",
        lambda w: {"pk": w.agencies["C"].pk, "user_pk": w.member_user.pk},
        post(MANAGES_C, 302),
    ),
    "accounts:staff_admin": (
        "post",
        lambda w: {"pk": w.agencies["C"].pk, "user_pk": w.member_user.pk},
        post(MANAGES_C, 302),
    ),
    "password_reset": ("get", lambda w: {}, ANYONE),
    "password_reset_done": ("get", lambda w: {}, ANYONE),
    # A link that is not (or no longer) valid says so, to anyone.
    "password_reset_confirm": ("get", lambda w: {"uidb64": "MQ", "token": "x-y"}, ANYONE),
    "password_reset_complete": ("get", lambda w: {}, ANYONE),
}


@pytest.fixture
def accounts_world(world, make_user):
    world.agency_admin_user = make_user(world.agencies["C"], is_agency_admin=True)
    world.invitation = accounts.invitation_send(
        agency=world.agencies["C"],
        email="moi@phutho.gov.vn",
        full_name="Người Mới",
        by=world.agency_admin_user,
    )
    world.token = "token-not-kept-only-its-digest"
    world.invitation.token_digest = accounts.token_digest(world.token)
    world.invitation.save(update_fields=["token_digest"])
    return world


def _user(world, role):
    return world.agency_admin_user if role == "agency_admin" else user_for(world, role)


@pytest.mark.parametrize("role", ROLES)
def test_account_urls_answer_each_role_as_expected(client, accounts_world, role):
    wrong = wrong_answers(client, _user(accounts_world, role), accounts_world, MATRIX, role)
    assert wrong == [], f"{role}: (url, got, expected)"

"""Two-factor sign-in (TOTP): on for anyone who wants it, required of the ministry's
reviewers and superusers when the deployment says so; five wrong codes sign the person out."""

from __future__ import annotations

import datetime

import pytest
from auditlog.models import LogEntry
from django.db.models import F
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from clusters.accounts import two_factor
from tests.conftest import PASSWORD


def code(device: TOTPDevice, *, wrong: bool = False) -> str:
    value = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{(value + 1) % 10**6 if wrong else value:06d}"


def sign_in(client, user):
    return client.post(reverse("login"), {"username": user.username, "password": PASSWORD})


@pytest.fixture
def with_device(world):
    device = two_factor.device_start(user=world.member_user)
    device.confirmed = True
    device.save()
    return device


def test_anyone_turns_it_on_from_their_account(client, world, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # no wait after the wrong code of the test
    client.force_login(world.member_user)
    page = client.get(reverse("accounts:two_factor_setup"))
    assert page.status_code == 200
    assert 'src="data:image/svg+xml' in page.text
    device = TOTPDevice.objects.get(user=world.member_user, confirmed=False)
    wrong = client.post(reverse("accounts:two_factor_setup"), {"token": code(device, wrong=True)})
    assert wrong.status_code == 400
    assert not TOTPDevice.objects.filter(confirmed=True).exists()
    done = client.post(reverse("accounts:two_factor_setup"), {"token": code(device)})
    assert done.status_code == 302
    assert TOTPDevice.objects.get(user=world.member_user).confirmed
    logged = LogEntry.objects.get_for_object(world.member_user).filter(
        action=LogEntry.Action.ACCESS
    )
    assert logged.get().changes_dict == {"two_factor": [None, "turned on"]}


def test_after_the_password_the_code_is_asked(client, world, with_device):
    assert sign_in(client, world.member_user).status_code == 302
    dashboard = client.get(reverse("dashboard"))
    assert dashboard.status_code == 302
    assert dashboard.url == reverse("accounts:two_factor_verify")
    response = client.post(reverse("accounts:two_factor_verify"), {"token": code(with_device)})
    assert response.status_code == 302
    assert client.get(reverse("dashboard")).status_code == 200


def test_five_wrong_codes_sign_out_and_are_logged(client, world, with_device, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the count, not django-otp's wait (tested below)
    sign_in(client, world.member_user)
    url = reverse("accounts:two_factor_verify")
    for attempt in range(1, 5):
        response = client.post(url, {"token": code(with_device, wrong=True)})
        assert response.status_code == 400
        assert f"lần thử {attempt}/5" in response.text
    response = client.post(url, {"token": code(with_device, wrong=True)}, follow=True)
    assert "Nhập sai mã 5 lần liên tiếp" in response.text
    assert not response.wsgi_request.user.is_authenticated
    assert client.get(reverse("dashboard")).url.startswith(reverse("login"))
    logged = LogEntry.objects.get_for_object(world.member_user).filter(
        action=LogEntry.Action.ACCESS
    )
    assert logged.get().changes_dict == {"two_factor": [None, "5 wrong codes: signed out"]}


def test_required_for_the_ministry_when_the_deployment_says_so(client, world, settings):
    settings.TWO_FACTOR_REQUIRED = True
    sign_in(client, world.ministry_user)
    response = client.get(reverse("dashboard"))
    assert response.url == reverse("accounts:two_factor_setup")
    assert "bắt buộc" in client.get(response.url).text
    client.post(reverse("logout"))
    sign_in(client, world.member_user)  # a member is not asked
    assert client.get(reverse("dashboard")).status_code == 200


def test_not_required_without_the_setting(client, world):
    sign_in(client, world.ministry_user)
    assert client.get(reverse("dashboard")).status_code == 200


def test_whoever_it_is_required_of_cannot_turn_it_off(client, world, settings):
    settings.TWO_FACTOR_REQUIRED = True
    device = two_factor.device_start(user=world.superuser)
    device.confirmed = True
    device.save()
    client.force_login(world.superuser)
    client.post(reverse("accounts:two_factor_verify"), {"token": code(device)})
    client.post(reverse("accounts:two_factor_disable"))
    assert TOTPDevice.objects.filter(user=world.superuser).exists()
    settings.TWO_FACTOR_REQUIRED = False
    client.post(reverse("accounts:two_factor_disable"))
    assert not TOTPDevice.objects.filter(user=world.superuser).exists()


def test_a_code_typed_during_the_wait_is_asked_again_later_not_called_wrong(
    client, world, with_device
):
    """django-otp refuses any code for 1, 2, 4… seconds after a wrong one: the person is told
    to wait, and the refused code does not count as a wrong one."""
    sign_in(client, world.member_user)
    url = reverse("accounts:two_factor_verify")
    assert "lần thử 1/5" in client.post(url, {"token": code(with_device, wrong=True)}).text
    hurried = client.post(url, {"token": code(with_device)})
    assert hurried.status_code == 400
    assert "vui lòng đợi 1 giây rồi nhập lại mã" in hurried.text
    assert "lần thử" not in hurried.text
    assert client.get(reverse("dashboard")).status_code == 302  # still owes its code
    # The wait is over: the next wrong code is the second, a right one lets the person in.
    TOTPDevice.objects.filter(pk=with_device.pk).update(
        throttling_failure_timestamp=F("throttling_failure_timestamp")
        - datetime.timedelta(seconds=5)
    )
    assert "lần thử 2/5" in client.post(url, {"token": code(with_device, wrong=True)}).text
    TOTPDevice.objects.filter(pk=with_device.pk).update(
        throttling_failure_timestamp=F("throttling_failure_timestamp")
        - datetime.timedelta(seconds=5)
    )
    assert client.post(url, {"token": code(with_device)}).status_code == 302
    assert client.get(reverse("dashboard")).status_code == 200

"""Two-factor sign-in: a time-based code (TOTP, django-otp) from an authenticator app.

Anyone may turn it on from their account page. When the deployment sets TWO_FACTOR_REQUIRED,
the ministry's reviewers and the superusers must: at sign-in they are sent to set it up.
Whoever has it is asked for a code after the password; five wrong codes in a row sign the
person out, and the attempt goes into the change log.

What a session still owes (a code, or setting it up) is decided once, at sign-in, and kept in
the session, so that the pages pay no query for it.
"""

from __future__ import annotations

import base64
import math

import segno
from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from clusters.access import is_ministry

PENDING = "two_factor_pending"  # session key: "verify", "setup" or absent
FAILURES = "two_factor_failures"
MAX_FAILURES = 5
VERIFY, SETUP = "verify", "setup"


def is_required(user) -> bool:
    return settings.TWO_FACTOR_REQUIRED and is_ministry(user)


def device_of(user, *, confirmed: bool = True) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=confirmed).first()


@receiver(user_logged_in)
def _owed_at_sign_in(sender, request, user, **kwargs) -> None:
    if request is None or not hasattr(request, "session"):
        return
    if getattr(user, "otp_device", None) is not None:
        return  # signed in with a code already
    if device_of(user) is not None:
        request.session[PENDING] = VERIFY
    elif is_required(user):
        request.session[PENDING] = SETUP


def wait_seconds(device: TOTPDevice) -> int | None:
    """Seconds left of django-otp's delay after wrong codes (1, 2, 4, 8… seconds), during which
    any code is refused unread; None when a code may be tried."""
    allowed, data = device.verify_is_allowed()
    locked_until = None if allowed else (data or {}).get("locked_until")
    if locked_until is None:
        return None
    return max(1, math.ceil((locked_until - timezone.now()).total_seconds()))


def settle(request, device: TOTPDevice) -> None:
    """The session has given its code."""
    otp_login(request, device)
    request.session.pop(PENDING, None)
    request.session.pop(FAILURES, None)


def record(user, what: str) -> None:
    LogEntry.objects.log_create(
        user, action=LogEntry.Action.ACCESS, changes={"two_factor": [None, what]}, force_log=True
    )


def qr_data_uri(device: TOTPDevice) -> str:
    """The device's set-up link as a QR code, an SVG in a data: URI (the CSP allows images
    from data:, and the page needs no script)."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5)


def secret_text(device: TOTPDevice) -> str:
    """The secret for typing by hand, in groups of four."""
    secret = base64.b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@transaction.atomic
def device_start(*, user) -> TOTPDevice:
    """A new, unconfirmed device (its secret shown once as a QR code); replaces an earlier
    unconfirmed one."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="TOTP", confirmed=False)


@transaction.atomic
def device_confirm(*, device: TOTPDevice, token: str) -> bool:
    if not device.verify_token(token):
        return False
    TOTPDevice.objects.filter(user=device.user, confirmed=True).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    record(device.user, "turned on")
    return True


@transaction.atomic
def devices_remove(*, user) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    record(user, "turned off")


class TwoFactorMiddleware:
    """Sends a session that still owes a code (or its set-up) to the page where it gives it."""

    ALLOWED = ("accounts:two_factor_verify", "accounts:two_factor_setup", "logout", "set_language")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        pending = request.session.get(PENDING) if hasattr(request, "session") else None
        if pending and request.user.is_authenticated:
            allowed = {reverse(name) for name in self.ALLOWED}
            if request.path not in allowed and not request.path.startswith(settings.STATIC_URL):
                target = "verify" if pending == VERIFY else "setup"
                return redirect(f"accounts:two_factor_{target}")
        return self.get_response(request)

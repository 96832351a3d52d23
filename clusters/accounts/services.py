"""Writes about accounts: every one keyword-only, in one transaction, recorded in the change
log with who did it (the `User` and `Invitation` records are audited)."""

from __future__ import annotations

import datetime
import hashlib
import logging
import secrets

from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.auth import password_validation
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from clusters.models import Agency, Invitation, User
from clusters.notifications import in_default_language
from emulation.errors import DomainError

logger = logging.getLogger(__name__)

INVITATION_VALID = datetime.timedelta(hours=72)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _email_taken(email: str) -> bool:
    return User.objects.filter(email__iexact=email).exists()


@transaction.atomic
def invitation_send(
    *,
    agency: Agency,
    email: str,
    full_name: str,
    job_title: str = "",
    as_agency_admin: bool = False,
    by: User | None,
) -> Invitation:
    """Invite a person to an account in `agency`: an e-mail with a one-time link, valid 72
    hours, where they choose their user name and password. A pending invitation to the same
    address is replaced (its link stops working)."""
    today = timezone.localdate()
    if not agency.is_valid_on(today):
        now_is = agency.current_successor(today)
        raise DomainError(
            _("%(agency)s no longer exists: invite the person to %(successor)s.")
            % {"agency": agency.label, "successor": now_is.label}
            if now_is.pk != agency.pk
            else _("%(agency)s does not exist today: no one can be invited to it.")
            % {"agency": agency.label}
        )
    email = email.strip().lower()
    if _email_taken(email):
        raise DomainError(
            _("This e-mail address is already used by another account."), field="email"
        )
    now = timezone.now()
    token = secrets.token_urlsafe(32)
    with set_actor(by):
        for previous in Invitation.objects.pending(now).filter(email__iexact=email):
            previous.cancelled_at = now
            previous.save(update_fields=["cancelled_at"])
        invitation = Invitation.objects.create(
            agency=agency,
            email=email,
            full_name=full_name.strip(),
            job_title=job_title.strip(),
            as_agency_admin=as_agency_admin,
            token_digest=token_digest(token),
            invited_by=by,
            expires_at=now + INVITATION_VALID,
        )
    message = _invitation_message(invitation, token)
    transaction.on_commit(lambda: _send(*message))
    return invitation


def _invitation_message(invitation: Invitation, token: str) -> tuple[str, str, str]:
    link = settings.SITE_URL + reverse("accounts:invitation_accept", args=[token])
    inviter = invitation.invited_by.get_full_name() if invitation.invited_by else ""
    with in_default_language():
        subject = _("Your account in the emulation application (%(agency)s)") % {
            "agency": invitation.agency.short_name
        }
        expires = timezone.localtime(invitation.expires_at)
        body = _(
            "Dear %(name)s,\n\n%(inviter)s invites you to an account of %(agency)s in the "
            "application of the emulation clusters. Open this link to choose your user name "
            "and password:\n\n%(link)s\n\nThe link works once, until %(time)s on %(date)s."
        ) % {
            "name": invitation.full_name,
            "inviter": inviter or _("The administrator"),
            "agency": invitation.agency.name,
            "link": link,
            "time": f"{expires:%H:%M}",
            "date": date_format(expires.date(), "SHORT_DATE_FORMAT"),
        }
    return subject, body, invitation.email


def _send(subject: str, body: str, to: str) -> None:
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])
    except OSError:  # smtplib's errors are OSErrors: the invitation stands, it can be resent
        logger.exception("Could not send the invitation e-mail.")


def invitation_problem(invitation: Invitation | None, now: datetime.datetime) -> str | None:
    """Why the link cannot be used (None when it can)."""
    if invitation is None:
        return _("This invitation link is not valid. Check that it was copied whole.")
    if invitation.accepted_at is not None:
        return _(
            "This invitation link has already been used. Sign in with the user name chosen "
            "then, or reset the password."
        )
    if invitation.cancelled_at is not None:
        return _("This invitation was withdrawn or replaced by a newer one: use the latest e-mail.")
    if invitation.expires_at <= now:
        return _(
            "This invitation link expired on %(date)s. Ask whoever invited you to send a new one."
        ) % {
            "date": date_format(timezone.localtime(invitation.expires_at), "SHORT_DATETIME_FORMAT")
        }
    return None


def invitation_refused(*, invitation: Invitation, reason: str) -> None:
    """A used, withdrawn or expired link was opened: the attempt goes into the change log."""
    LogEntry.objects.log_create(
        invitation,
        action=LogEntry.Action.ACCESS,
        changes={"refused": [None, reason]},
        force_log=True,
    )


@transaction.atomic
def invitation_accept(*, invitation: Invitation, username: str, password: str) -> User:
    """The invited person's account, with the user name and password they chose."""
    now = timezone.now()
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    problem = invitation_problem(invitation, now)
    if problem:
        raise DomainError(problem)
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError(_("This user name is taken: choose another."), field="username")
    if _email_taken(invitation.email):
        raise DomainError(_("This e-mail address is already used by another account."))
    person = User(
        username=username,
        email=invitation.email,
        full_name=invitation.full_name,
        job_title=invitation.job_title,
        agency=invitation.agency,
        is_agency_admin=invitation.as_agency_admin,
    )
    password_validation.validate_password(password, person)
    person.set_password(password)
    with set_actor(invitation.invited_by):
        person.save()
    with set_actor(person):
        invitation.accepted_at = now
        invitation.user = person
        invitation.save(update_fields=["accepted_at", "user"])
    return person


@transaction.atomic
def invitation_cancel(*, invitation: Invitation, by: User | None) -> Invitation:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at or invitation.cancelled_at:
        raise DomainError(_("This invitation is no longer pending."))
    with set_actor(by):
        invitation.cancelled_at = timezone.now()
        invitation.save(update_fields=["cancelled_at"])
    return invitation


def _locked(person: User) -> User:
    return User.objects.select_for_update(no_key=True).get(pk=person.pk)


@transaction.atomic
def staff_deactivate(*, person: User, by: User | None) -> User:
    """The person can no longer sign in; the account and everything it did are kept."""
    person = _locked(person)
    if by is not None and person.pk == by.pk:
        raise DomainError(_("You cannot deactivate your own account."))
    if not person.is_active:
        raise DomainError(_("This account is already deactivated."))
    with set_actor(by):
        person.is_active = False
        person.save(update_fields=["is_active"])
    return person


@transaction.atomic
def staff_reactivate(*, person: User, by: User | None) -> User:
    person = _locked(person)
    if person.is_active:
        raise DomainError(_("This account is already active."))
    with set_actor(by):
        person.is_active = True
        person.save(update_fields=["is_active"])
    return person


@transaction.atomic
def staff_set_admin(*, person: User, is_admin: bool, by: User | None) -> User:
    person = _locked(person)
    if by is not None and person.pk == by.pk and not is_admin and not by.is_superuser:
        raise DomainError(
            _("Ask another administrator: you cannot give up your own administrator role.")
        )
    if person.is_agency_admin == is_admin:
        return person
    with set_actor(by):
        person.is_agency_admin = is_admin
        person.save(update_fields=["is_agency_admin"])
    return person


@transaction.atomic
def profile_update(
    *, person: User, full_name: str, job_title: str, notification_mail: str, by: User
) -> User:
    person = _locked(person)
    with set_actor(by):
        person.full_name = full_name.strip()
        person.job_title = job_title.strip()
        person.notification_mail = notification_mail
        person.save(update_fields=["full_name", "job_title", "notification_mail"])
    return person


def sign_in_refused(*, person: User) -> None:
    """A deactivated account tried to sign in with its right password: in the change log."""
    LogEntry.objects.log_create(
        person,
        action=LogEntry.Action.ACCESS,
        changes={"sign_in": [None, "refused: account deactivated"]},
        force_log=True,
    )

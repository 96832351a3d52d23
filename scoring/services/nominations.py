"""Nominations for an award: filed by the secretariat, decided by the ministry."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from auditlog.context import set_actor
from django.db import transaction
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from clusters.access import MINISTRY_GROUP, secretariat_agencies
from clusters.models import User
from clusters.notifications import in_default_language, notify
from clusters.uploads import checked_upload, save_with_file
from emulation.errors import DomainError

from ..eligibility import nomination_checks
from ..models import (
    Ballot,
    Nomination,
    NominationEvent,
    NominationFile,
    Proposal,
)
from ..plausible_dates import decision_date_problem
from .votes import require_current_member

NState = Nomination.State
NAction = NominationEvent.Action


def _lock_nomination(nomination: Nomination, *states: str) -> Nomination:
    current = Nomination.objects.select_for_update().get(pk=nomination.pk)
    if current.state not in states:
        if current.is_decided:
            raise DomainError(
                _("The ministry has already decided on this nomination (“%(state)s”).")
                % {"state": current.get_state_display()}
            )
        raise DomainError(
            _("This cannot be done while the nomination is “%(state)s”.")
            % {"state": current.get_state_display()}
        )
    return current


def _nomination_step(
    nomination: Nomination, action: str, by: User | None, comment: str = ""
) -> None:
    NominationEvent.objects.create(nomination=nomination, action=action, by=by, comment=comment)
    _notify_nomination(nomination, action, comment)


def _move(
    nomination: Nomination,
    state: str,
    action: str,
    by: User | None,
    comment: str,
    *,
    also: Sequence[str] = (),
) -> None:
    """A step of the nomination: its new state (saved with the fields `also` set for it) and
    the step, by `by`."""
    with set_actor(by):
        nomination.state = state
        nomination.save(update_fields=["state", *also, "updated_at"])
        _nomination_step(nomination, action, by, comment)


def _notify_nomination(nomination: Nomination, action: str, comment: str) -> None:
    """Filed: the ministry's reviewers. Decided or returned: the secretariat and the unit."""
    cluster_year = nomination.membership.cluster_year
    if action in (NAction.SUBMITTED, NAction.RESUBMITTED):
        users = User.objects.filter(groups__name=MINISTRY_GROUP)
    elif action in (NAction.RETURNED, NAction.APPROVED, NAction.REJECTED):
        users = User.objects.filter(
            Q(agency__in=secretariat_agencies(cluster_year))
            | Q(agency=nomination.membership.agency_id)
        )
    else:
        return
    with in_default_language():
        subject = _("%(nomination)s: %(action)s") % {
            "nomination": nomination,
            "action": NAction(action).label,
        }
        notify(users=users, subject=subject, body=comment, url=nomination.get_absolute_url())


@transaction.atomic
def nomination_create(*, proposal: Proposal, by: User | None) -> Nomination:
    ballot = Ballot.objects.select_for_update().get(pk=proposal.ballot_id)
    if not ballot.is_closed:
        raise DomainError(_("A nomination is prepared once the vote has closed."))
    require_current_member(proposal.membership, ballot.conference.cluster_year)
    if Nomination.objects.filter(proposal=proposal).exists():
        raise DomainError(_("This proposal already has its nomination."))
    proposal.ballot = ballot
    with set_actor(by):
        nomination = Nomination.objects.create(
            proposal=proposal, membership=proposal.membership, award_type=proposal.award_type
        )
        _nomination_step(nomination, NAction.CREATED, by)
    return nomination


@transaction.atomic
def nomination_update(
    *, nomination: Nomination, achievement_report: str, by: User | None
) -> Nomination:
    nomination = _lock_nomination(nomination, *Nomination.PREPARING)
    with set_actor(by):
        nomination.achievement_report = achievement_report.strip()
        nomination.save(update_fields=["achievement_report", "updated_at"])
    return nomination


@transaction.atomic
def nomination_file_add(*, nomination: Nomination, upload, by: User | None) -> NominationFile:
    nomination = _lock_nomination(nomination, *Nomination.PREPARING)
    checked = checked_upload(upload, allowed=("pdf", "office"))
    record = NominationFile(nomination=nomination)
    save_with_file(record, upload, checked, by=by, original_name=upload.name[:255])
    return record


@transaction.atomic
def nomination_submit(*, nomination: Nomination, comment: str, by: User | None) -> Nomination:
    """File the nomination with the ministry (again, after a return): every check must pass."""
    nomination = _lock_nomination(nomination, *Nomination.PREPARING)
    problems = [
        f"{check.label}: {check.detail}" if check.detail else check.label
        for check in nomination_checks(nomination)
        if not check.passed
    ]
    if not nomination.achievement_report and not nomination.files.exists():
        problems.append(_("Write the unit's achievement report or upload it."))
    if problems:
        raise DomainError(problems)
    if nomination.state == NState.RETURNED:
        _move(nomination, NState.RESUBMITTED, NAction.RESUBMITTED, by, comment.strip())
    else:
        _move(nomination, NState.SUBMITTED, NAction.SUBMITTED, by, comment.strip())
    return nomination


@transaction.atomic
def nomination_return(*, nomination: Nomination, comment: str, by: User | None) -> Nomination:
    nomination = _lock_nomination(nomination, *Nomination.WAITING)
    if not comment.strip():
        raise DomainError(_("Say what the cluster should complete or correct."), field="comment")
    _move(nomination, NState.RETURNED, NAction.RETURNED, by, comment.strip())
    return nomination


@transaction.atomic
def nomination_approve(
    *,
    nomination: Nomination,
    number: str,
    date: datetime.date | None,
    signer: str,
    by: User | None,
) -> Nomination:
    nomination = _lock_nomination(nomination, *Nomination.WAITING)
    errors = {}
    if not number.strip():
        errors["decision_number"] = _("Give the number of the decision.")
    if date is None:
        errors["decision_date"] = _("Give the date of the decision.")
    elif problem := decision_date_problem(nomination, date):
        errors["decision_date"] = problem
    if not signer.strip():
        errors["decision_signer"] = _("Say who signed the decision.")
    if errors:
        raise DomainError(errors)
    nomination.decision_number = number.strip()
    nomination.decision_date = date
    nomination.decision_signer = signer.strip()
    _move(
        nomination,
        NState.APPROVED,
        NAction.APPROVED,
        by,
        _("Decision %(number)s of %(date)s, signed by %(signer)s")
        % {
            "number": nomination.decision_number,
            "date": date_format(date, "SHORT_DATE_FORMAT"),
            "signer": nomination.decision_signer,
        },
        also=["decision_number", "decision_date", "decision_signer"],
    )
    return nomination


@transaction.atomic
def nomination_reject(*, nomination: Nomination, reason: str, by: User | None) -> Nomination:
    nomination = _lock_nomination(nomination, *Nomination.WAITING)
    if not reason.strip():
        raise DomainError(_("Give the reason for the rejection."), field="reason")
    nomination.rejection_reason = reason.strip()
    _move(
        nomination, NState.REJECTED, NAction.REJECTED, by, reason.strip(), also=["rejection_reason"]
    )
    return nomination

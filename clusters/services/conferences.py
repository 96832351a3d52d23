"""Conferences: attendance, guests, documents, decisions, files, the election."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from auditlog.context import set_actor
from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from emulation.errors import DomainError

from .. import notices
from ..models import (
    Agency,
    Attachment,
    Attendance,
    ClusterYear,
    Conference,
    ConferenceDocument,
    Decision,
    Guest,
    Membership,
    User,
)
from ..uploads import checked_upload, save_with_file
from .base import check_members_listed_once, save_validated
from .years import cluster_year_start_next, officer_memberships, officers_set

# Conferences ------------------------------------------------------------------------------


def _check_conference(conference: Conference) -> None:
    cluster_year = conference.cluster_year
    if conference.host_id and conference.host.cluster_year_id != cluster_year.pk:
        raise DomainError(_("The host must be a member of this year."), field="host")
    errors = conference.date_errors()
    if errors:
        raise DomainError(errors)
    host, day = conference.host, conference.starts_on
    if host is not None and day and not Membership.objects.on(day).filter(pk=host.pk).exists():
        raise DomainError(
            _("%(agency)s is not a member on %(date)s, the conference's first day.")
            % {"agency": host.label, "date": date_format(day, "d/m/Y")},
            field="host",
        )


@transaction.atomic
def conference_save(*, conference: Conference, by: User | None) -> Conference:
    """Create or update a conference record (all fields set on the unsaved instance)."""
    created = conference.pk is None
    _check_conference(conference)
    save_validated(conference, by=by)
    if created:
        notices.conference_recorded(conference)
    return conference


@dataclass(frozen=True)
class Delegate:
    membership: Membership
    name: str = ""
    title: str = ""


@transaction.atomic
def attendance_set(
    *, conference: Conference, delegates: Sequence[Delegate], by: User | None
) -> list[Attendance]:
    """Replace who attended: one line per member agency present, with its delegate."""
    check_members_listed_once(
        (delegate.membership for delegate in delegates),
        cluster_year_id=conference.cluster_year_id,
        outsider=_("%(agency)s is not a member of this conference's year."),
    )
    with set_actor(by):
        conference.attendances.all().delete()
        return [
            Attendance.objects.create(
                conference=conference,
                membership=delegate.membership,
                delegate_name=delegate.name.strip(),
                delegate_title=delegate.title.strip(),
            )
            for delegate in delegates
        ]


def guest_add(
    *, conference: Conference, name: str, by: User | None, title: str = "", organisation: str = ""
) -> Guest:
    guest = Guest(conference=conference, name=name, title=title, organisation=organisation)
    with transaction.atomic():
        save_validated(guest, by=by)
    return guest


def document_add(*, conference: Conference, title: str, by: User | None) -> ConferenceDocument:
    document = ConferenceDocument(conference=conference, title=title)
    with transaction.atomic():
        save_validated(document, by=by)
    return document


def decision_add(*, conference: Conference, kind: str, text: str, by: User | None) -> Decision:
    decision = Decision(conference=conference, kind=kind, text=text)
    with transaction.atomic():
        save_validated(decision, by=by)
    return decision


def conference_item_delete(
    *, item: Guest | ConferenceDocument | Decision | Attachment, by: User | None
) -> None:
    with transaction.atomic(), set_actor(by):
        if isinstance(item, Attachment):
            transaction.on_commit(
                lambda name=item.file.name, storage=item.file.storage: storage.delete(name)
            )
        item.delete()


@transaction.atomic
def attachment_add(
    *, conference: Conference, kind: str, upload, by: User | None, caption: str = ""
) -> Attachment:
    checked = checked_upload(upload, allowed=("pdf", "image", "office"))
    attachment = Attachment(conference=conference, kind=kind, caption=caption)
    save_with_file(attachment, upload, checked, by=by)
    return attachment


@transaction.atomic
def conference_record_election(
    *,
    conference: Conference,
    head: Agency,
    deputy_1: Agency | None = None,
    deputy_2: Agency | None = None,
    by: User | None,
) -> ClusterYear:
    """Record the year-end election: next year gets its officers (and is created if need be,
    with this year's members as a starting point)."""
    if conference.kind != Conference.Kind.YEAR_END:
        raise DomainError(_("Officers are elected at the year-end review conference."))
    next_year = cluster_year_start_next(cluster_year=conference.cluster_year, by=by)
    chosen = officer_memberships(
        {"head": head, "deputy_1": deputy_1, "deputy_2": deputy_2},
        {m.agency_id: m for m in next_year.memberships.select_related("agency")},
        outsider=_("%(agency)s is not a member of %(year)s."),
        year=next_year.year,
    )
    officers = officers_set(cluster_year=next_year, by=by, **chosen)
    with translation.override(settings.LANGUAGE_CODE):  # the record is kept in Vietnamese
        summary = "; ".join(
            _("%(role)s %(year)s: %(agency)s")
            % {
                "role": officer.role_label(conference.cluster_year.cluster.kind),
                "year": next_year.year,
                "agency": officer.membership.agency.name,
            }
            for officer in officers
        )
    decision_add(conference=conference, kind=Decision.Kind.OFFICERS_ELECTED, text=summary, by=by)
    return next_year

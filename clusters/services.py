"""Writes that move the clusters domain: years, members, officers, covenants, conferences, mergers.

Every function is keyword-only, runs in one transaction, checks the state it starts from and
raises ValidationError with a message a user can read; nothing is half-written.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from auditlog.context import set_actor
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .models import (
    Agency,
    Attachment,
    Attendance,
    Cluster,
    ClusterYear,
    Commitment,
    Conference,
    ConferenceDocument,
    Covenant,
    Decision,
    Guest,
    Membership,
    Officer,
    Province,
    Signatory,
    Succession,
    User,
)
from .uploads import checked_upload, save_with_file

YEAR_SETTINGS = (
    "deputies_administer",
    "vote_threshold",
    "excellent_min",
    "good_min",
    "fair_min",
    "tie_break_groups",
)


def _save(obj, *, by: User | None) -> None:
    """Validate fully (fields, uniqueness, constraints), then save, attributed to `by`."""
    obj.full_clean()
    with set_actor(by):
        obj.save()


# Agencies and provinces -------------------------------------------------------------------


def agency_create(*, by: User | None, **fields) -> Agency:
    agency = Agency(**fields)
    with transaction.atomic():
        _save(agency, by=by)
    return agency


def province_create(*, by: User | None, **fields) -> Province:
    province = Province(**fields)
    with transaction.atomic():
        _save(province, by=by)
    return province


def _succeed(
    *, sources: Sequence[Succession], into: Succession, effective: datetime.date, by: User | None
) -> None:
    """Close `sources` the day before `effective` and name `into` as their successor."""
    if not sources:
        raise ValidationError(_("Choose at least one agency to merge."))
    if into in sources:
        raise ValidationError(_("An agency cannot be merged into itself."))
    if not into.is_valid_on(effective):
        raise ValidationError(
            _("%(name)s does not exist on %(date)s: it cannot receive the merger.")
            % {"name": into, "date": date_format(effective, "SHORT_DATE_FORMAT")}
        )
    for source in sources:
        if source.successor_id:
            raise ValidationError(
                _("%(name)s has already been merged into %(successor)s.")
                % {"name": source, "successor": source.successor}
            )
        day_before = effective - datetime.timedelta(days=1)
        if not source.is_valid_on(day_before):
            raise ValidationError(
                _("%(name)s no longer exists on %(date)s.")
                % {"name": source, "date": date_format(day_before, "SHORT_DATE_FORMAT")}
            )
        source.valid_to = effective - datetime.timedelta(days=1)
        source.successor = into
        _save(source, by=by)


@transaction.atomic
def province_merge(
    *, sources: Sequence[Province], into: Province, effective: datetime.date, by: User | None
) -> Province:
    _succeed(sources=sources, into=into, effective=effective, by=by)
    return into


@transaction.atomic
def agency_merge(
    *, sources: Sequence[Agency], into: Agency, effective: datetime.date, by: User | None
) -> Agency:
    """“A and B become C from date D.”

    Past years keep A and B exactly as they were. In every year from D's on, A and B leave on
    the day before D (their records stay with them) and C takes the seat, and the offices
    they held where C holds none. The staff of A and B become staff of C.
    """
    _succeed(sources=sources, into=into, effective=effective, by=by)
    left_on = effective - datetime.timedelta(days=1)
    affected = (
        Membership.objects.filter(agency__in=sources, cluster_year__year__gte=effective.year)
        .select_related("cluster_year")
        .select_for_update()
    )
    with translation.override(settings.LANGUAGE_CODE):
        note = _("Merged into %(name)s") % {"name": into.name}
    for membership in affected:
        cluster_year = membership.cluster_year
        successor = cluster_year.memberships.filter(agency=into).first()
        if successor is None:
            successor = Membership(
                cluster_year=cluster_year,
                agency=into,
                joined_on=effective if cluster_year.year == effective.year else None,
            )
            _save(successor, by=by)
        membership.left_on, membership.note = left_on, note
        _save(membership, by=by)
        for office in membership.offices.all():
            if not successor.offices.exists():
                office.membership = successor
                _save(office, by=by)
    with set_actor(by):
        for user in User.objects.filter(agency__in=sources):
            user.agency = into
            user.save(update_fields=["agency"])
    return into


# Clusters and years -----------------------------------------------------------------------


def agency_update(*, agency: Agency, by: User | None, **fields) -> Agency:
    for name, value in fields.items():
        setattr(agency, name, value)
    with transaction.atomic():
        _save(agency, by=by)
    return agency


def cluster_create(*, by: User | None, **fields) -> Cluster:
    cluster = Cluster(**fields)
    with transaction.atomic():
        _save(cluster, by=by)
    return cluster


def cluster_update(*, cluster: Cluster, by: User | None, **fields) -> Cluster:
    for name, value in fields.items():
        setattr(cluster, name, value)
    with transaction.atomic():
        _save(cluster, by=by)
    return cluster


@transaction.atomic
def cluster_year_create(
    *,
    cluster: Cluster,
    year: int,
    agencies: Iterable[Agency] = (),
    head: Agency | None = None,
    deputy_1: Agency | None = None,
    deputy_2: Agency | None = None,
    by: User | None,
    **settings,
) -> ClusterYear:
    """A new year with its members and, when given, its officers; a duplicate year is refused."""
    if ClusterYear.objects.filter(cluster=cluster, year=year).exists():
        raise ValidationError(
            _("%(cluster)s already has the year %(year)s.")
            % {"cluster": cluster.title, "year": year}
        )
    cluster_year = ClusterYear(cluster=cluster, year=year, **settings)
    _check_year_settings(cluster_year)
    _save(cluster_year, by=by)
    members = {
        agency.pk: membership_add(cluster_year=cluster_year, agency=agency, by=by)
        for agency in agencies
    }
    if head is None and (deputy_1 or deputy_2):
        raise ValidationError({"head": _("Choose the head before the deputies.")})
    if head is not None:
        officers = {"head": head, "deputy_1": deputy_1, "deputy_2": deputy_2}
        for role, agency in officers.items():
            if agency is not None and agency.pk not in members:
                raise ValidationError(
                    {
                        role: _("%(agency)s is not a member of this year.")
                        % {"agency": agency.short_name}
                    }
                )
        officers_set(
            cluster_year=cluster_year,
            by=by,
            **{role: members[a.pk] if a else None for role, a in officers.items()},
        )
    return cluster_year


# What a published ranking was computed with: fixed once the ranking is published.
RANKING_SETTINGS = ("excellent_min", "good_min", "fair_min", "tie_break_groups")


@transaction.atomic
def cluster_year_update(*, cluster_year: ClusterYear, by: User | None, **fields) -> ClusterYear:
    published = cluster_year.ranking_publications.exists()
    changed = [
        name
        for name in RANKING_SETTINGS
        if name in fields and fields[name] != getattr(cluster_year, name)
    ]
    if published and changed:
        raise ValidationError(
            {
                name: _("The ranking is published: this setting can no longer change.")
                for name in changed
            }
        )
    for name, value in fields.items():
        setattr(cluster_year, name, value)
    _check_year_settings(cluster_year)
    _save(cluster_year, by=by)
    return cluster_year


def _check_year_settings(cluster_year: ClusterYear) -> None:
    errors = {}
    opens, deadline = cluster_year.self_assessment_opens, cluster_year.self_assessment_deadline
    if opens and deadline and deadline < opens:
        errors["self_assessment_deadline"] = _("The deadline comes before the opening date.")
    review = cluster_year.review_deadline
    if review and deadline and review < deadline:
        errors["review_deadline"] = _(
            "The review deadline comes before the self-assessment deadline."
        )
    thresholds = [cluster_year.excellent_min, cluster_year.good_min, cluster_year.fair_min]
    given = [value for value in thresholds if value is not None]
    if given != sorted(given, reverse=True) or len(set(given)) != len(given):
        errors["good_min"] = _(
            "The thresholds must go down: “excellent” above “good”, above “fair”."
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def cluster_year_start_next(*, cluster_year: ClusterYear, by: User | None) -> ClusterYear:
    """Next year from this one: the same members (their successors where merged) and settings.

    Officers are not carried over: they are elected at the year-end conference.
    """
    following = cluster_year.year + 1
    existing = ClusterYear.objects.filter(cluster=cluster_year.cluster, year=following).first()
    if existing:
        return existing
    first_day = datetime.date(following, 1, 1)
    agencies = {}
    for membership in cluster_year.memberships.current().select_related("agency__successor"):
        agency = membership.agency.current_successor(first_day)
        agencies[agency.pk] = agency
    return cluster_year_create(
        cluster=cluster_year.cluster,
        year=following,
        agencies=sorted(agencies.values(), key=lambda agency: agency.short_name),
        by=by,
        **{name: getattr(cluster_year, name) for name in YEAR_SETTINGS},
    )


def membership_add(*, cluster_year: ClusterYear, agency: Agency, by: User | None) -> Membership:
    if Membership.objects.filter(cluster_year=cluster_year, agency=agency).exists():
        raise ValidationError(
            _("%(agency)s is already a member of this year.") % {"agency": agency.short_name}
        )
    if not agency.exists_during(cluster_year.first_day, cluster_year.last_day):
        raise ValidationError(
            _("%(agency)s does not exist in %(year)s.")
            % {"agency": agency.short_name, "year": cluster_year.year}
        )
    membership = Membership(cluster_year=cluster_year, agency=agency)
    with transaction.atomic():
        _save(membership, by=by)
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, by: User | None) -> None:
    """Only a member with nothing recorded against it can be removed; others leave (a date)."""
    if not Membership.objects.annotate_removable().get(pk=membership.pk).removable:
        raise ValidationError(
            _(
                "%(agency)s already has records in this year (office, signature, attendance, "
                "assessment) or has left it: it cannot be removed."
            )
            % {"agency": membership.agency.short_name}
        )
    with set_actor(by):
        membership.delete()


@transaction.atomic
def officers_set(
    *,
    cluster_year: ClusterYear,
    head: Membership,
    deputy_1: Membership | None = None,
    deputy_2: Membership | None = None,
    by: User | None,
) -> list[Officer]:
    """Replace the year's officers: one head, up to two deputies, all members, all different."""
    chosen = {
        Officer.Role.HEAD: head,
        Officer.Role.DEPUTY_1: deputy_1,
        Officer.Role.DEPUTY_2: deputy_2,
    }
    for role, membership in chosen.items():
        if membership is not None and membership.cluster_year_id != cluster_year.pk:
            raise ValidationError(
                {role: _("%(agency)s is not a member of this year.") % {"agency": membership}}
            )
    if deputy_2 is not None and deputy_1 is None:
        raise ValidationError({"deputy_1": _("Choose the first deputy before the second.")})
    picked = [m.pk for m in chosen.values() if m is not None]
    if len(picked) != len(set(picked)):
        raise ValidationError(_("One member cannot hold two offices in the same year."))
    with set_actor(by):
        cluster_year.officers.all().delete()
        officers = [
            Officer.objects.create(cluster_year=cluster_year, membership=membership, role=role)
            for role, membership in chosen.items()
            if membership is not None
        ]
    return officers


# Covenant ---------------------------------------------------------------------------------


@transaction.atomic
def covenant_save(
    *,
    cluster_year: ClusterYear,
    title: str,
    commitments: Sequence[str],
    by: User | None,
    number: str = "",
    signed_on: datetime.date | None = None,
    place: str = "",
    preamble: str = "",
) -> Covenant:
    """Create or update the year's covenant; the commitments are numbered in the given order."""
    texts = [text.strip() for text in commitments if text and text.strip()]
    if not texts:
        raise ValidationError({"commitments": _("A covenant needs at least one commitment.")})
    if signed_on and signed_on.year not in (cluster_year.year - 1, cluster_year.year):
        raise ValidationError(
            {
                "signed_on": _("The covenant of %(year)s is signed in %(previous)s or %(year)s.")
                % {"year": cluster_year.year, "previous": cluster_year.year - 1}
            }
        )
    covenant = Covenant.objects.filter(cluster_year=cluster_year).first() or Covenant(
        cluster_year=cluster_year
    )
    covenant.title, covenant.number, covenant.signed_on = title, number, signed_on
    covenant.place, covenant.preamble = place, preamble
    _save(covenant, by=by)
    with set_actor(by):
        covenant.commitments.all().delete()
        for position, text in enumerate(texts, start=1):
            Commitment.objects.create(covenant=covenant, position=position, text=text)
    return covenant


@dataclass(frozen=True)
class Signature:
    membership: Membership
    signer_name: str
    signer_title: str = ""


@transaction.atomic
def signatories_set(
    *, covenant: Covenant, signatures: Sequence[Signature], by: User | None
) -> list[Signatory]:
    """One signatory per member of the covenant's year; blank names are left unsigned."""
    seen = set()
    for signature in signatures:
        if signature.membership.cluster_year_id != covenant.cluster_year_id:
            raise ValidationError(
                _("%(agency)s is not a member of this year.") % {"agency": signature.membership}
            )
        if signature.membership.pk in seen:
            raise ValidationError(
                _("%(agency)s is listed twice.") % {"agency": signature.membership}
            )
        seen.add(signature.membership.pk)
    with set_actor(by):
        covenant.signatories.all().delete()
        return [
            Signatory.objects.create(
                covenant=covenant,
                membership=signature.membership,
                signer_name=signature.signer_name.strip(),
                signer_title=signature.signer_title.strip(),
            )
            for signature in signatures
            if signature.signer_name.strip()
        ]


# Conferences ------------------------------------------------------------------------------


def _check_conference(conference: Conference) -> None:
    cluster_year = conference.cluster_year
    if conference.host_id and conference.host.cluster_year_id != cluster_year.pk:
        raise ValidationError({"host": _("The host must be a member of this year.")})
    if conference.ends_on and conference.starts_on and conference.ends_on < conference.starts_on:
        raise ValidationError({"ends_on": _("The conference ends before it starts.")})
    earliest = datetime.date(cluster_year.year - 1, 1, 1)
    latest = datetime.date(cluster_year.year + 1, 12, 31)
    if conference.starts_on and not earliest <= conference.starts_on <= latest:
        raise ValidationError(
            {
                "starts_on": _("A conference of %(year)s is held between %(start)s and %(end)s.")
                % {
                    "year": cluster_year.year,
                    "start": date_format(earliest, "SHORT_DATE_FORMAT"),
                    "end": date_format(latest, "SHORT_DATE_FORMAT"),
                }
            }
        )


@transaction.atomic
def conference_save(*, conference: Conference, by: User | None) -> Conference:
    """Create or update a conference record (all fields set on the unsaved instance)."""
    _check_conference(conference)
    _save(conference, by=by)
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
    seen = set()
    for delegate in delegates:
        if delegate.membership.cluster_year_id != conference.cluster_year_id:
            raise ValidationError(
                _("%(agency)s is not a member of this conference's year.")
                % {"agency": delegate.membership}
            )
        if delegate.membership.pk in seen:
            raise ValidationError(
                _("%(agency)s is listed twice.") % {"agency": delegate.membership}
            )
        seen.add(delegate.membership.pk)
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
        _save(guest, by=by)
    return guest


def document_add(*, conference: Conference, title: str, by: User | None) -> ConferenceDocument:
    document = ConferenceDocument(conference=conference, title=title)
    with transaction.atomic():
        _save(document, by=by)
    return document


def decision_add(*, conference: Conference, kind: str, text: str, by: User | None) -> Decision:
    decision = Decision(conference=conference, kind=kind, text=text)
    with transaction.atomic():
        _save(decision, by=by)
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
    attachment = Attachment(
        conference=conference,
        kind=kind,
        original_name=checked.name,
        content_type=checked.content_type,
        size=upload.size,
        caption=caption,
        uploaded_by=by,
    )
    save_with_file(attachment, upload, checked.name, by=by)
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
        raise ValidationError(_("Officers are elected at the year-end review conference."))
    next_year = cluster_year_start_next(cluster_year=conference.cluster_year, by=by)
    members = {m.agency_id: m for m in next_year.memberships.select_related("agency")}
    chosen = {}
    for role, agency in (("head", head), ("deputy_1", deputy_1), ("deputy_2", deputy_2)):
        if agency is None:
            chosen[role] = None
            continue
        if agency.pk not in members:
            raise ValidationError(
                {
                    role: _("%(agency)s is not a member of %(year)s.")
                    % {"agency": agency.short_name, "year": next_year.year}
                }
            )
        chosen[role] = members[agency.pk]
    officers = officers_set(cluster_year=next_year, by=by, **chosen)
    with translation.override(settings.LANGUAGE_CODE):  # the record is kept in Vietnamese
        summary = "; ".join(
            _("%(role)s %(year)s: %(agency)s")
            % {
                "role": officer.get_role_display(),
                "year": next_year.year,
                "agency": officer.membership.agency.name,
            }
            for officer in officers
        )
    decision_add(conference=conference, kind=Decision.Kind.OFFICERS_ELECTED, text=summary, by=by)
    return next_year


def notifications_mark_read(*, user: User) -> int:
    return user.notifications.filter(read_at__isnull=True).update(read_at=timezone.now())

"""Writes of a movement's plan: dates and document, contents, phases, participants, launch."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from auditlog.context import set_actor
from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from clusters.models import Agency, ClusterYear, Conference, Decision, User
from clusters.notifications import in_default_language, notify
from clusters.services import decision_add
from clusters.services.base import save_validated
from emulation.errors import DomainError

from ..models import (
    Movement,
    MovementContent,
    MovementPhase,
    Participant,
    PhaseReport,
)


def _day(day: datetime.date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


@dataclass(frozen=True)
class Plan:
    """What the plan document says, as typed on the movement's form."""

    title: str
    kind: str
    starts_on: datetime.date
    ends_on: datetime.date
    objectives: str
    occasion: str = ""
    requirements: str = ""
    commendation: str = ""
    organisation: str = ""
    plan_place: str = ""
    plan_date: datetime.date | None = None


def _check_dates(movement: Movement) -> None:
    if movement.ends_on < movement.starts_on:
        raise DomainError(_("The movement ends before it starts."), field="ends_on")
    if movement.cluster_year_id:
        year = movement.cluster_year.year
        if not (movement.starts_on.year == movement.ends_on.year == year):
            raise DomainError(
                _("A movement of the year %(year)s runs within %(year)s.") % {"year": year},
                field="starts_on",
            )
    if movement.kind == Movement.Kind.THEMATIC and not movement.occasion.strip():
        raise DomainError(_("A thematic movement names its occasion."), field="occasion")


def _apply(movement: Movement, plan: Plan) -> None:
    for name, value in plan.__dict__.items():
        setattr(movement, name, value.strip() if isinstance(value, str) else value)


@transaction.atomic
def movement_create(
    *,
    plan: Plan,
    by: User | None,
    cluster_year: ClusterYear | None = None,
    agency: Agency | None = None,
) -> Movement:
    """A movement of `cluster_year` (its current members take part) or of `agency` (its own
    staff take part: the agency is the one participant)."""
    if (cluster_year is None) == (agency is None):
        raise DomainError(_("A movement is launched by a cluster year or by an agency."))
    movement = Movement(cluster_year=cluster_year, agency=agency, created_by=by)
    _apply(movement, plan)
    _check_dates(movement)
    save_validated(movement, by=by)
    if cluster_year is not None:
        agencies = [m.agency for m in cluster_year.memberships.current().select_related("agency")]
    else:
        agencies = [agency]
    with set_actor(by):
        Participant.objects.bulk_create(
            [Participant(movement=movement, agency=each) for each in agencies]
        )
    return movement


@transaction.atomic
def movement_update(*, movement: Movement, plan: Plan, by: User | None) -> Movement:
    """The plan changes; its phases must still cover the new dates."""
    _apply(movement, plan)
    _check_dates(movement)
    phases = list(movement.phases.all())
    if phases:
        try:
            _check_phases(movement, [(p.starts_on, p.ends_on) for p in phases])
        except DomainError as error:
            raise DomainError(
                _("The phases no longer fit these dates: %(reason)s Change the phases first.")
                % {"reason": " ".join(error.messages)}
            ) from error
    save_validated(movement, by=by)
    return movement


@dataclass(frozen=True)
class ContentText:
    """A row of the contents form: an existing content (or None for a new one) and its text;
    a blank text removes the content."""

    content: MovementContent | None
    text: str


def _renumber(rows: Sequence, *, by: User | None) -> None:
    """Give the rows the positions 1, 2, … in order (out of the way first, as positions are
    unique within a movement)."""
    with set_actor(by):
        for offset, row in enumerate(rows, start=1):
            if row.pk:
                type(row).objects.filter(pk=row.pk).update(position=1000 + offset)
    for position, row in enumerate(rows, start=1):
        row.position = position
        save_validated(row, by=by)


@transaction.atomic
def movement_contents_set(
    *, movement: Movement, contents: Sequence[ContentText], by: User | None
) -> list[MovementContent]:
    """The numbered contents, in the given order. A content an agency has reported on cannot
    be removed (its reports would be lost)."""
    kept, removed = [], []
    for row in contents:
        if row.content is not None and row.content.movement_id != movement.pk:
            raise DomainError(_("This content belongs to another movement."))
        text = row.text.strip()
        if text:
            content = row.content or MovementContent(movement=movement)
            content.text = text
            kept.append(content)
        elif row.content is not None:
            removed.append(row.content)
    listed = {row.content.pk for row in contents if row.content is not None}
    removed += [c for c in movement.contents.all() if c.pk not in listed]
    if not kept:
        raise DomainError(_("A movement needs at least one content."))
    reported = [c for c in removed if c.reports.exists()]
    if reported:
        raise DomainError(
            _(
                "Content %(numbers)s already has reports from the participating agencies: it "
                "cannot be removed. Change its text instead."
            )
            % {"numbers": ", ".join(str(c.position) for c in reported)}
        )
    with set_actor(by):
        for content in removed:
            content.delete()
    _renumber(kept, by=by)
    return kept


@dataclass(frozen=True)
class PhaseDates:
    """A row of the phases form: an existing phase (or None for a new one) and its dates;
    a row without dates removes the phase."""

    phase: MovementPhase | None
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    aim: str = ""
    report_deadline: datetime.date | None = None


def _check_phases(movement: Movement, spans: Sequence[tuple[datetime.date, datetime.date]]):
    """Phases in order cover the movement from its first day to its last, without overlap or
    gap. Two phases may share their boundary day (seed 004: “đến ngày 11/6” then “từ ngày
    11/6”)."""
    for number, (start, end) in enumerate(spans, start=1):
        if end < start:
            raise DomainError(_("Phase %(number)s ends before it starts.") % {"number": number})
        if start < movement.starts_on or end > movement.ends_on:
            raise DomainError(
                _(
                    "Phase %(number)s (%(start)s–%(end)s) lies outside the movement "
                    "(%(first)s–%(last)s)."
                )
                % {
                    "number": number,
                    "start": _day(start),
                    "end": _day(end),
                    "first": _day(movement.starts_on),
                    "last": _day(movement.ends_on),
                }
            )
    if spans[0][0] != movement.starts_on:
        raise DomainError(
            _("The first phase must start when the movement starts, on %(date)s.")
            % {"date": _day(movement.starts_on)}
        )
    for number, ((_start, end), (start, _end)) in enumerate(pairwise(spans), start=2):
        if start < end:
            raise DomainError(
                _("Phase %(number)s starts on %(start)s, before phase %(previous)s ends (%(end)s).")
                % {"number": number, "previous": number - 1, "start": _day(start), "end": _day(end)}
            )
        if start > end + datetime.timedelta(days=1):
            raise DomainError(
                _(
                    "Between phase %(previous)s (until %(end)s) and phase %(number)s "
                    "(from %(start)s) no phase runs."
                )
                % {"number": number, "previous": number - 1, "start": _day(start), "end": _day(end)}
            )
    if spans[-1][1] != movement.ends_on:
        raise DomainError(
            _("The last phase must end when the movement ends, on %(date)s.")
            % {"date": _day(movement.ends_on)}
        )


@transaction.atomic
def movement_phases_set(
    *, movement: Movement, phases: Sequence[PhaseDates], by: User | None
) -> list[MovementPhase]:
    """The phases, ordered by their dates: they must cover the movement without overlap or gap;
    a phase with reports cannot be removed."""
    given, removed = [], []
    for row in phases:
        if row.phase is not None and row.phase.movement_id != movement.pk:
            raise DomainError(_("This phase belongs to another movement."))
        if row.starts_on is None and row.ends_on is None:
            if row.phase is not None:
                removed.append(row.phase)
            continue
        if row.starts_on is None or row.ends_on is None:
            raise DomainError(_("Give each phase both its first and its last day."))
        given.append(row)
    listed = {row.phase.pk for row in phases if row.phase is not None}
    removed += [p for p in movement.phases.all() if p.pk not in listed]
    if not given:
        raise DomainError(_("A movement needs at least one phase."))
    given.sort(key=lambda row: row.starts_on)
    _check_phases(movement, [(row.starts_on, row.ends_on) for row in given])
    for number, row in enumerate(given, start=1):
        if row.report_deadline and row.report_deadline < row.ends_on:
            raise DomainError(
                _("The reports on phase %(number)s are due after it ends (%(end)s).")
                % {"number": number, "end": _day(row.ends_on)}
            )
    reported = [p for p in removed if p.reports.exists()]
    if reported:
        raise DomainError(
            _("Phase %(numbers)s already has reports: it cannot be removed.")
            % {"numbers": ", ".join(str(p.position) for p in reported)}
        )
    with set_actor(by):
        for phase in removed:
            phase.delete()
    kept = []
    for row in given:
        phase = row.phase or MovementPhase(movement=movement)
        phase.starts_on, phase.ends_on = row.starts_on, row.ends_on
        phase.aim, phase.report_deadline = row.aim.strip(), row.report_deadline
        kept.append(phase)
    _renumber(kept, by=by)
    return kept


@transaction.atomic
def participants_set(
    *, movement: Movement, agencies: Sequence[Agency], by: User | None
) -> list[Participant]:
    """Who takes part: members of the movement's year. An agency that has reported stays."""
    if movement.cluster_year_id is None:
        raise DomainError(_("An agency's movement is carried out by its own staff."))
    if not agencies:
        raise DomainError(_("Choose at least one participating agency."))
    members = set(movement.cluster_year.memberships.values_list("agency_id", flat=True))
    outsiders = [a.short_name for a in agencies if a.pk not in members]
    if outsiders:
        raise DomainError(
            _("%(agencies)s is not a member of this year.") % {"agencies": ", ".join(outsiders)}
        )
    chosen = {a.pk for a in agencies}
    current = {p.agency_id: p for p in movement.participants.select_related("agency")}
    leaving = [p for agency_id, p in current.items() if agency_id not in chosen]
    reported = set(
        PhaseReport.objects.filter(
            phase__movement=movement, agency_id__in=[p.agency_id for p in leaving]
        ).values_list("agency_id", flat=True)
    )
    if reported:
        names = [p.agency.short_name for p in leaving if p.agency_id in reported]
        raise DomainError(
            _("%(agencies)s has already reported: it stays a participant.")
            % {"agencies": ", ".join(sorted(names))}
        )
    with set_actor(by):
        for participant in leaving:
            participant.delete()
        for agency in agencies:
            if agency.pk not in current:
                Participant.objects.create(movement=movement, agency=agency)
    return list(movement.participants.all())


@transaction.atomic
def movement_launch(
    *,
    movement: Movement,
    by: User | None,
    conference: Conference | None = None,
    launched_on: datetime.date | None = None,
) -> Movement:
    """Launch the planned movement: a cluster's at a conference of its year or of the year
    before (the year-end review launches next year's), recorded there as a decision; an
    agency's on a date. It needs its contents and phases first."""
    if movement.is_launched:
        raise DomainError(_("This movement has already been launched."))
    contents = list(movement.contents.all())
    if not contents or not movement.phases.exists():
        raise DomainError(_("Plan the contents and the phases before launching."))
    if movement.cluster_year_id:
        year = movement.cluster_year
        if conference is None:
            raise DomainError(_("Choose the conference that launches it."), field="conference")
        if (
            conference.cluster_year.cluster_id != year.cluster_id
            or conference.cluster_year.year
            not in (
                year.year - 1,
                year.year,
            )
        ):
            raise DomainError(
                _(
                    "The movement of %(year)s is launched at a conference of the cluster in "
                    "%(previous)s or %(year)s."
                )
                % {"year": year.year, "previous": year.year - 1},
                field="conference",
            )
        movement.launched_at, movement.launched_on = conference, conference.starts_on
    else:
        if launched_on is None:
            raise DomainError(_("Give the day it is launched."), field="launched_on")
        movement.launched_on = launched_on
    save_validated(movement, by=by)
    if conference is not None:
        with translation.override(settings.LANGUAGE_CODE):  # the record is kept in Vietnamese
            text = _("%(title)s launched, with the contents: %(contents)s") % {
                "title": movement.title,
                "contents": "; ".join(f"{c.position}. {c.text}" for c in contents),
            }
        decision_add(conference=conference, kind=Decision.Kind.MOVEMENT_LAUNCHED, text=text, by=by)
    with in_default_language():
        notify(
            users=User.objects.filter(agency__movement_participations__movement=movement).exclude(
                pk=getattr(by, "pk", None)
            ),
            subject=_("Emulation movement launched: %(title)s") % {"title": movement.title},
            body=_("Your agency takes part; it reports on each content at each phase's end."),
            url=movement.get_absolute_url(),
        )
    return movement

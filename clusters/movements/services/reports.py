"""Writes of the phase reports: an agency reports on a phase's contents, with evidence files."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from auditlog.context import set_actor
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clusters.models import Agency, User
from clusters.services.base import save_validated
from clusters.uploads import checked_upload, save_with_file
from emulation.errors import DomainError

from ..models import (
    MovementContent,
    MovementPhase,
    PhaseEvidence,
    PhaseReport,
)
from .plans import _day


@dataclass(frozen=True)
class ReportEntry:
    """What an agency writes on one content (and an optional evidence file)."""

    content: MovementContent
    text: str
    upload: object | None = None


def check_may_report(*, phase: MovementPhase, agency: Agency | None, today: datetime.date) -> None:
    """Refuse, with the reason, a report the agency may not (or no longer) make."""
    movement = phase.movement
    if agency is None or not movement.participants.filter(agency=agency).exists():
        raise DomainError(_("Your agency does not take part in this movement."))
    if not movement.is_launched:
        raise DomainError(_("This movement has not been launched yet."))
    if today < phase.starts_on:
        raise DomainError(
            _("Phase %(number)s starts on %(date)s: it cannot be reported on yet.")
            % {"number": phase.position, "date": _day(phase.starts_on)}
        )
    if phase.is_closed(today):
        raise DomainError(
            _("The review of phase %(number)s closed on %(date)s: reports are no longer accepted.")
            % {"number": phase.position, "date": _day(phase.report_deadline)}
        )


@transaction.atomic
def phase_report_save(
    *,
    phase: MovementPhase,
    agency: Agency | None,
    entries: Sequence[ReportEntry],
    by: User | None,
    today: datetime.date | None = None,
) -> list[PhaseReport]:
    """The agency's report on the phase, content by content. A blank text leaves that
    content's report as it was; evidence needs a text to go with."""
    check_may_report(phase=phase, agency=agency, today=today or timezone.localdate())
    checked = {}
    for entry in entries:
        if entry.content.movement_id != phase.movement_id:
            raise DomainError(_("This content belongs to another movement."))
        if entry.upload is not None:
            if not entry.text.strip() and not _existing(phase, entry.content, agency):
                raise DomainError(
                    _("Content %(number)s: write the report before attaching evidence.")
                    % {"number": entry.content.position}
                )
            checked[entry.content.pk] = checked_upload(
                entry.upload, allowed=("pdf", "image", "office")
            )
    saved, stored = [], []
    try:
        for entry in entries:
            report = _existing(phase, entry.content, agency)
            text = entry.text.strip()
            if text:
                report = report or PhaseReport(phase=phase, content=entry.content, agency=agency)
                report.text, report.updated_by = text, by
                save_validated(report, by=by)
            if report is None:
                continue
            if entry.upload is not None:
                evidence = PhaseEvidence(report=report)
                save_with_file(evidence, entry.upload, checked[entry.content.pk], by=by)
                stored.append(evidence.file)
            saved.append(report)
        if not saved:
            raise DomainError(_("Write the report on at least one content."))
    except Exception:  # nothing is kept of a refused report, files included
        for file in stored:
            file.storage.delete(file.name)
        raise
    return saved


def _existing(phase, content, agency) -> PhaseReport | None:
    return PhaseReport.objects.filter(phase=phase, content=content, agency=agency).first()


@transaction.atomic
def phase_evidence_delete(
    *,
    evidence: PhaseEvidence,
    agency: Agency | None,
    by: User | None,
    today: datetime.date | None = None,
) -> None:
    """The reporting agency takes back an evidence file while the phase takes reports."""
    report = evidence.report
    if agency is None or report.agency_id != agency.pk:
        raise DomainError(_("Only the agency that reported can remove its evidence."))
    check_may_report(phase=report.phase, agency=agency, today=today or timezone.localdate())
    with set_actor(by):
        transaction.on_commit(
            lambda name=evidence.file.name, storage=evidence.file.storage: storage.delete(name)
        )
        evidence.delete()

"""Scores and assessments in the change log, the way people say them: “Nguyễn Văn A sửa điểm tự
chấm tiêu chí 1.1 từ 8 thành 9”, “… chuyển tình trạng từ Đã gửi thành Đã trả lại để giải
trình”. Registered with clusters' change log when the application is ready."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from auditlog.models import LogEntry
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from clusters.audit_sentences import is_empty, speaks_for
from scoring.calculation import shown
from scoring.models import SCORE_VALUE_FIELDS, Assessment, Score

STAGE_VALUES = SCORE_VALUE_FIELDS
TEXTS = ("self_note", "review_comment", "explanation")


def _number(text: str) -> str:
    try:
        return shown(Decimal(str(text)))
    except InvalidOperation:
        return str(text)


def _stage(field: str) -> str:
    return {
        "self_value": _("the self score"),
        "reviewed_value": _("the review score"),
        "explained_value": _("the score after explanation"),
        "final_value": _("the final score"),
        "target": _("the target"),
    }[field]


def _criterion_code(entry: LogEntry) -> str:
    # A score reads "<assessment> — <criterion code>" (Score.__str__).
    return entry.object_repr.rpartition(" — ")[2]


@speaks_for("scoring.score")
def score_sentence(entry: LogEntry, who: str, field: str, old, new) -> str | None:
    words = {"who": who, "code": _criterion_code(entry)}
    if field in STAGE_VALUES or field == "target":
        words |= {"stage": _stage(field)}
        if is_empty(old):
            return _("%(who)s entered %(stage)s of criterion %(code)s: %(new)s") % (
                words | {"new": _number(new)}
            )
        if is_empty(new):
            return _("%(who)s cleared %(stage)s of criterion %(code)s (it was %(old)s)") % (
                words | {"old": _number(old)}
            )
        return _("%(who)s changed %(stage)s of criterion %(code)s from %(old)s to %(new)s") % (
            words | {"old": _number(old), "new": _number(new)}
        )
    if field in TEXTS:
        words |= {"text": Score._meta.get_field(field).verbose_name}
        if is_empty(new):
            return _("%(who)s cleared the %(text)s of criterion %(code)s") % words
        return _("%(who)s wrote the %(text)s of criterion %(code)s: “%(new)s”") % (
            words | {"new": new}
        )
    return None


def _status(value) -> str:
    try:
        return str(Assessment.Status(value).label)
    except ValueError:
        return str(value)


@speaks_for("scoring.assessment")
def assessment_sentence(entry: LogEntry, who: str, field: str, old, new) -> str | None:
    if field == "status":
        return _("%(who)s moved the status from %(old)s to %(new)s") % {
            "who": who,
            "old": _status(old),
            "new": _status(new),
        }
    if field == "deadline_extended_to":
        if is_empty(new):
            return _("%(who)s removed the reopening deadline") % {"who": who}
        try:
            until = date_format(datetime.date.fromisoformat(str(new)), "SHORT_DATE_FORMAT")
        except ValueError:
            until = str(new)
        return _("%(who)s reopened the assessment until %(date)s") % {"who": who, "date": until}
    return None

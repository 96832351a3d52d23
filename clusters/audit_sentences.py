"""The change log in sentences: “Nguyễn Văn A sửa điểm tự chấm tiêu chí 1.1 từ 8 thành 9” rather
than `update`, `None →` or `Revision: 14 → 15`.

A higher layer makes its own models speak (scores, assessments) through `speaks_for`; every
other change reads as the generic sentence of its field."""

from __future__ import annotations

from collections.abc import Callable

from auditlog.models import LogEntry
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _

# Counters and bookkeeping that say nothing to a reader.
SILENT_FIELDS = {"revision", "updated at", "created at", "last login", "password"}
EMPTY = {"None", "", "[]"}

# (entry, who, field name, old, new) → the sentence of that field's change, or None to leave it
# to the generic sentence. Old and new are the stored texts of the change (None when empty).
Speaker = Callable[[LogEntry, str, str, str | None, str | None], str | None]
_SPEAKERS: dict[str, Speaker] = {}


def speaks_for(label: str) -> Callable[[Speaker], Speaker]:
    """Register the sentences of a model's updates: `@speaks_for("scoring.score")`."""

    def register(speaker: Speaker) -> Speaker:
        _SPEAKERS[label] = speaker
        return speaker

    return register


def is_empty(text) -> bool:
    return text is None or str(text) in EMPTY


def _value(text) -> str:
    if is_empty(text):
        return _("(empty)")
    text = str(text)
    return {"True": _("yes"), "False": _("no")}.get(text, text)


def author(entry: LogEntry) -> str:
    """Who made the change: the person's full name, else the username."""
    if entry.actor is None:
        return _("The system")
    return entry.actor.get_full_name() or entry.actor.get_username()


def _spoken(entry: LogEntry, who: str) -> tuple[list[str], set[str]]:
    """The sentences of a registered model's fields, and those fields' display names."""
    content_type = entry.content_type
    speaker = _SPEAKERS.get(f"{content_type.app_label}.{content_type.model}")
    model = content_type.model_class()
    if speaker is None or model is None:
        return [], set()
    sentences, spoken = [], set()
    for field, values in (entry.changes_dict or {}).items():
        old, new = (list(values) + [None, None])[:2]
        sentence = speaker(entry, who, field, old, new)
        if sentence is None:
            continue
        sentences.append(sentence)
        try:
            spoken.add(str(model._meta.get_field(field).verbose_name))
        except FieldDoesNotExist:
            spoken.add(field)
    return sentences, spoken


def describe(entry: LogEntry) -> list[str]:
    """One sentence per change of the entry, in the current language."""
    who = author(entry)
    what = f"{entry.content_type.name} “{entry.object_repr}”"
    if entry.action == LogEntry.Action.CREATE:
        return [_("%(who)s added %(what)s") % {"who": who, "what": what}]
    if entry.action == LogEntry.Action.DELETE:
        return [_("%(who)s deleted %(what)s") % {"who": who, "what": what}]
    if entry.action == LogEntry.Action.ACCESS:
        detail = "; ".join(
            str(values[1]) for values in (entry.changes_dict or {}).values() if values
        )
        return [_("%(what)s: %(detail)s") % {"what": what, "detail": detail}]
    sentences, spoken = _spoken(entry, who)
    for field, (old, new) in entry.changes_display_dict.items():
        if field.lower() in SILENT_FIELDS or str(field) in spoken:
            continue
        sentences.append(
            _("%(who)s changed %(field)s of %(what)s from %(old)s to %(new)s")
            % {"who": who, "field": field, "what": what, "old": _value(old), "new": _value(new)}
        )
    return sentences or [_("%(who)s changed %(what)s") % {"who": who, "what": what}]

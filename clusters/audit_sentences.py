"""The change log in sentences: “Nguyễn Văn A sửa Điểm tự chấm (1.1) từ 8 thành 9” rather than
`update`, `None →` or `Revision: 14 → 15`."""

from __future__ import annotations

from auditlog.models import LogEntry
from django.utils.translation import gettext as _

# Counters and bookkeeping that say nothing to a reader.
SILENT_FIELDS = {"revision", "updated at", "created at", "last login", "password"}
EMPTY = {"None", "", "[]"}


def _value(text) -> str:
    text = str(text)
    if text in EMPTY:
        return _("(empty)")
    return {"True": _("yes"), "False": _("no")}.get(text, text)


def describe(entry: LogEntry) -> list[str]:
    """One sentence per change of the entry, in the current language."""
    who = entry.actor.get_full_name() if entry.actor else _("The system")
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
    sentences = []
    for field, (old, new) in entry.changes_display_dict.items():
        if field.lower() in SILENT_FIELDS:
            continue
        sentences.append(
            _("%(who)s changed %(field)s of %(what)s from %(old)s to %(new)s")
            % {"who": who, "field": field, "what": what, "old": _value(old), "new": _value(new)}
        )
    return sentences or [_("%(who)s changed %(what)s") % {"who": who, "what": what}]

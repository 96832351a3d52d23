"""A year's members as people count them: those at the year's end, and in one line who left
and joined and when (“7 đơn vị; từ 01/07/2025 Sở Ngoại vụ tỉnh Quảng Bình và Sở Ngoại vụ tỉnh
Quảng Trị hợp nhất vào Sở Ngoại vụ tỉnh Quảng Trị, …”)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Membership

ONE_DAY = datetime.timedelta(days=1)


@dataclass
class Changes:
    count: int  # members at the year's end
    events: list[str]  # “from dd/mm/yyyy …”, one a day, in date order

    @property
    def line(self) -> str:
        counted = ngettext("%(count)s unit", "%(count)s units", self.count) % {"count": self.count}
        return "; ".join([counted, ", ".join(self.events)]) if self.events else counted


def _names(agencies: list, year: int, *, against: str = "") -> str:
    """“A”, “A và B”, “A, B và C”; a name equal to `against` carries its date in the year."""
    names = [a.label_in_year(year) if a.name == against else a.name for a in agencies]
    if len(names) == 1:
        return names[0]
    return _("%(first)s and %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}


def year_changes(memberships: Iterable[Membership], year: int) -> Changes:
    """`memberships`: every row of the year, with their agencies."""
    memberships = list(memberships)
    present = {m.agency_id: m for m in memberships}
    merged: dict[tuple[datetime.date, int], list] = {}
    happened: dict[datetime.date, list[str]] = {}
    explained = set()
    for membership in sorted(memberships, key=lambda m: m.agency.name):
        agency = membership.agency
        if membership.left_on is None:
            continue
        day = membership.left_on + ONE_DAY
        successor = present.get(agency.successor_id)
        if successor is not None and successor.joined_on == day:
            merged.setdefault((day, agency.successor_id), []).append(agency)
            explained.add(successor.pk)
        else:
            happened.setdefault(day, []).append(_("%(name)s left") % {"name": agency.name})
    for (day, successor_id), sources in merged.items():
        into = present[successor_id].agency
        same_name = any(source.name == into.name for source in sources)
        happened.setdefault(day, []).append(
            _("%(names)s merged into %(into)s")
            % {
                "names": _names(sources, year, against=into.name),
                "into": into.label_in_year(year) if same_name else into.name,
            }
        )
    for membership in memberships:
        if membership.joined_on and membership.pk not in explained:
            happened.setdefault(membership.joined_on, []).append(
                _("%(name)s joined") % {"name": membership.agency.name}
            )
    events = [
        _("from %(date)s %(events)s")
        % {"date": date_format(day, "d/m/Y"), "events": ", ".join(texts)}
        for day, texts in sorted(happened.items())
    ]
    count = sum(1 for m in memberships if m.left_on is None)
    return Changes(count=count, events=events)

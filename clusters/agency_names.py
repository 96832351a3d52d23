"""How an agency is named so that it cannot be confused with another record.

The 2025 mergers left several names on two records: the agency until the merger and its
successor from the merger date (“Sở Ngoại vụ tỉnh Quảng Ngãi”). Everything that names an
agency goes through here:

- `label`: the name in the directory, pickers and the admin. Where another record shares the
  name, the label carries the record's validity (“… (đến 30/06/2025)”, “… (từ 01/07/2025)”);
  an agency that was merged into one of another name says what it is now (“… (nay là …)”).
- `label_in_year`: the name in a year's pages and documents. Inside one year, only a record
  that began or ended during that year can meet a namesake, so only such a record carries its
  date; a year that no merger touched reads exactly as it always did.
"""

from __future__ import annotations

import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext as _


def _day(value: datetime.date) -> str:
    return date_format(value, "d/m/Y")


def validity(record) -> str:
    """“từ 01/07/2025”, “đến 30/06/2025” or both; empty for a record valid forever."""
    start, end = record.valid_from, record.valid_to
    if start and end:
        return _("%(start)s to %(end)s") % {"start": _day(start), "end": _day(end)}
    if start:
        return _("from %(date)s") % {"date": _day(start)}
    if end:
        return _("until %(date)s") % {"date": _day(end)}
    return ""


def label(agency, *, shares_name: bool) -> str:
    """The agency's name, told apart from its namesakes and from what it became."""
    period = validity(agency)
    if shares_name and period:
        return f"{agency.name} ({period})"
    if agency.successor_id and agency.successor.name != agency.name:
        return _("%(name)s (now %(successor)s)") % {
            "name": agency.name,
            "successor": agency.successor.name,
        }
    return agency.name


def label_in_year(agency, year: int) -> str:
    """The agency's name in the pages and documents of `year`."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    if agency.valid_to and first <= agency.valid_to < last:
        return f"{agency.name} ({validity_until(agency)})"
    if agency.valid_from and first < agency.valid_from <= last:
        return f"{agency.name} ({validity_from(agency)})"
    return agency.name


def validity_until(agency) -> str:
    return _("until %(date)s") % {"date": _day(agency.valid_to)}


def validity_from(agency) -> str:
    return _("from %(date)s") % {"date": _day(agency.valid_from)}

"""Dates that cannot be right are refused: the ministry's decision on a nomination is taken
within or after the year it rewards, and not in the future."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Nomination


def decision_date_problem(nomination: Nomination, day: datetime.date) -> str:
    """Why `day` cannot be the date of the ministry's decision on `nomination`, or ""."""
    if day > timezone.localdate():
        return _("The decision date cannot be in the future.")
    year = nomination.membership.cluster_year.year
    if day < datetime.date(year, 1, 1):
        return _("The decision cannot come before the year it rewards (%(year)s).") % {"year": year}
    return ""

"""Deadline reminders: once per deadline, to whoever still has something to do."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clusters.access import secretariat_agencies
from clusters.models import ClusterYear, User
from clusters.notifications import in_default_language, notify

from ..models import (
    Assessment,
    Reminder,
)

Status = Assessment.Status
Period = Assessment.Period


REMINDER_DAYS = 3


@dataclass(frozen=True)
class Deadline:
    name: str  # as Reminder.deadline_name keeps it
    field: str  # the ClusterYear date
    label: str
    period: str | None  # the members who have not submitted for it are reminded; else (None)
    # the secretariat


DEADLINES = (
    Deadline(
        "self_assessment",
        "self_assessment_deadline",
        gettext_lazy("self-assessment deadline"),
        Period.YEAR,
    ),
    Deadline(
        "mid_year",
        "mid_year_deadline",
        gettext_lazy("mid-year self-assessment deadline"),
        Period.MID_YEAR,
    ),
    Deadline("review", "review_deadline", gettext_lazy("review deadline"), None),
)


def reminders_send(*, today: datetime.date, days: int = REMINDER_DAYS) -> int:
    """Remind of every deadline that falls within `days`, once per deadline (a moved deadline
    is reminded again); returns how many reminders went out."""
    last = today + datetime.timedelta(days)
    window = Q()
    for deadline in DEADLINES:
        window |= Q(**{f"{deadline.field}__gte": today, f"{deadline.field}__lte": last})
    sent = 0
    for cluster_year in ClusterYear.objects.with_cluster().filter(window):
        for deadline in DEADLINES:
            day = getattr(cluster_year, deadline.field)
            if day is None or not today <= day <= last:
                continue
            with transaction.atomic():
                _reminder, created = Reminder.objects.get_or_create(
                    cluster_year=cluster_year, deadline_name=deadline.name, deadline=day
                )
                if not created:
                    continue
                _remind(cluster_year, deadline, day)
                sent += 1
    return sent


def _remind(cluster_year: ClusterYear, deadline: Deadline, day: datetime.date) -> None:
    if deadline.period:
        done = Assessment.objects.filter(
            membership__cluster_year=cluster_year, period=deadline.period
        ).exclude(status=Status.DRAFT)
        agencies = (
            cluster_year.memberships.current()
            .exclude(pk__in=done.values("membership_id"))
            .values("agency_id")
        )
        url = reverse("scoring:assessment_list", args=[cluster_year.pk])
    else:
        agencies = secretariat_agencies(cluster_year)
        url = reverse("scoring:ranking", args=[cluster_year.pk])
    with in_default_language():
        subject = _("%(year)s: the %(deadline)s is %(date)s") % {
            "year": cluster_year,
            "deadline": deadline.label,
            "date": date_format(day, "SHORT_DATE_FORMAT"),
        }
        notify(users=User.objects.filter(agency__in=agencies), subject=subject, url=url)

"""Deadline reminders: once per deadline, to whoever still has something to do."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from clusters.access import secretariat_agencies
from clusters.models import DEADLINE_FIELDS, ClusterYear, Deadline, User
from clusters.notifications import in_default_language, notify

from ..models import (
    PERIOD_DEADLINE,
    Assessment,
    Reminder,
)

Status = Assessment.Status
Period = Assessment.Period


REMINDER_DAYS = 3


# Whose deadline it is: the members who have not yet submitted for the period due by it,
# else (the review) the secretariat.
PERIOD_DUE = {name: period for period, name in PERIOD_DEADLINE.items()}


def reminders_send(*, today: datetime.date, days: int = REMINDER_DAYS) -> int:
    """Remind of every deadline that falls within `days`, once per deadline (a moved deadline
    is reminded again); returns how many reminders went out."""
    last = today + datetime.timedelta(days)
    window = Q()
    for field in DEADLINE_FIELDS:
        window |= Q(**{f"{field}__gte": today, f"{field}__lte": last})
    sent = 0
    for cluster_year in ClusterYear.objects.with_cluster().filter(window):
        for deadline in cluster_year.deadlines():
            day = deadline.date
            if not today <= day <= last:
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
    period = PERIOD_DUE.get(deadline.name)
    if period:
        done = Assessment.objects.filter(
            membership__cluster_year=cluster_year, period=period
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

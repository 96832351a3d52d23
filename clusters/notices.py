"""What the clusters domain tells people: a conference recorded, a deadline moved.

Each function says who is told and where they act; `notifications.notify` delivers it.
"""

from __future__ import annotations

import datetime

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .models import Agency, ClusterYear, Conference, User
from .notifications import in_default_language, notify


def acting_agency_ids(agency_ids) -> set[int]:
    """The agencies and every agency that succeeded them: a successor's staff act for the
    years of the agencies it took over (as `access.lineage_ids` lets them see them)."""
    ids = set(agency_ids)
    frontier = ids
    while frontier:
        frontier = (
            set(
                Agency.objects.filter(pk__in=frontier, successor__isnull=False).values_list(
                    "successor_id", flat=True
                )
            )
            - ids
        )
        ids |= frontier
    return ids


def staff_of(agency_ids) -> QuerySet[User]:
    """Who is told about an agency's affairs: its staff and its successors' staff."""
    return User.objects.filter(agency_id__in=acting_agency_ids(agency_ids))


def member_staff(cluster_year: ClusterYear) -> QuerySet[User]:
    """The staff of the year's current members."""
    return staff_of(cluster_year.memberships.current().values_list("agency_id", flat=True))


def conference_recorded(conference: Conference) -> None:
    with in_default_language():
        subject = _("%(year)s: conference “%(title)s” on %(date)s") % {
            "year": conference.cluster_year,
            "title": conference.title,
            "date": date_format(conference.starts_on, "SHORT_DATE_FORMAT"),
        }
        notify(
            users=member_staff(conference.cluster_year),
            subject=subject,
            body=conference.place,
            url=conference.get_absolute_url(),
        )


def deadlines_moved(
    cluster_year: ClusterYear, moved: list[tuple[str, datetime.date | None]]
) -> None:
    """`moved`: (label, new date) of each deadline that changed."""
    with in_default_language():
        lines = [
            _("%(deadline)s: %(date)s")
            % {
                "deadline": label,
                "date": date_format(day, "SHORT_DATE_FORMAT") if day else _("none"),
            }
            for label, day in moved
        ]
        subject = _("%(year)s: the deadlines have changed") % {"year": cluster_year}
        notify(
            users=member_staff(cluster_year),
            subject=subject,
            body="\n".join(lines),
            url=reverse("scoring:assessment_list", args=[cluster_year.pk]),
        )

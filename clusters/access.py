"""Who may see and change what.

Roles are not kept by hand; they follow from the domain:
- the staff of the agency that is head (Cụm trưởng) of a cluster year are that year's
  secretariat, and so are a deputy's staff when the year lets the deputies help run it;
- the staff of a member agency are members of that year;
- users in the ministry reviewers' group see every cluster;
- superusers administer everything.

Each `get_*_for_user` is the one way views fetch an object from user input: it raises 404 for
what the user may not see and 403 for what they may see but not change.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet, Value
from django.db.models.lookups import Exact
from django.http import Http404
from django.utils.translation import gettext as _

from .models import (
    Agency,
    Attachment,
    Cluster,
    ClusterYear,
    Conference,
    Membership,
    Officer,
    User,
)

MINISTRY_GROUP = "ministry_reviewers"


def with_roles(users: QuerySet[User]) -> QuerySet[User]:
    """Users read with what nearly every page asks of the one signed in, in the same query:
    their agency, whether they are a ministry reviewer (is_ministry) and whether their agency
    succeeded another (the first step of lineage_ids)."""
    groups = User.groups.through.objects.filter(user_id=OuterRef("pk"), group__name=MINISTRY_GROUP)
    predecessors = Agency.objects.filter(successor_id=OuterRef("agency_id"))
    return users.select_related("agency").annotate(
        _is_ministry=Exists(groups), _succeeds_another=Exists(predecessors)
    )


def is_ministry(user) -> bool:
    """Ministry reviewers (and superusers) see every cluster."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    if not hasattr(user, "_is_ministry"):
        user._is_ministry = user.groups.filter(name=MINISTRY_GROUP).exists()
    return user._is_ministry


def can_manage_directory(user) -> bool:
    """Clusters, agencies and mergers are kept by the ministry and the administrators."""
    return is_ministry(user)


def runs_year(user) -> Exists | Value:
    """Whether the user runs the cluster year an outer query stands on (OuterRef "pk"): the
    secretariat is the head's staff, and the deputies' where the year lets them help run it."""
    if user.is_authenticated and user.is_superuser:
        return Value(True)
    if not user.is_authenticated or user.agency_id is None:
        return Value(False)
    offices = Officer.objects.filter(
        cluster_year=OuterRef("pk"),
        # a successor holds the offices of the agencies it succeeded
        membership__agency_id__in=lineage_ids(user),
    )
    deputies_help = Exact(OuterRef("deputies_administer"), True)
    return Exists(
        offices.filter(
            Q(role=Officer.Role.HEAD)
            | Q(deputies_help, role__in=[Officer.Role.DEPUTY_1, Officer.Role.DEPUTY_2])
        )
    )


def lineage_ids(user) -> list[int]:
    """The agencies a user acts for: their own and every agency it succeeded, directly or
    through a chain. In each year, the user holds the role each of them had (member,
    secretariat, deputy reviewer) on that agency's own records."""
    if not hasattr(user, "_lineage_ids"):
        ids = frontier = [user.agency_id]
        if not getattr(user, "_succeeds_another", True):  # read with the user (with_roles)
            frontier = []
        while frontier:
            frontier = list(
                Agency.objects.filter(successor_id__in=frontier)
                .exclude(pk__in=ids)
                .values_list("pk", flat=True)
            )
            ids = ids + frontier
        user._lineage_ids = ids
    return user._lineage_ids


def visible_years(user) -> QuerySet[ClusterYear]:
    years = ClusterYear.objects.with_cluster()
    if is_ministry(user):
        return years
    if not user.is_authenticated or user.agency_id is None:
        return years.none()
    memberships = Membership.objects.filter(agency_id__in=lineage_ids(user))
    return years.filter(Exists(memberships.filter(cluster_year=OuterRef("pk"))))


def administered_years(user) -> QuerySet[ClusterYear]:
    """The years the user runs as secretariat (superusers run them all)."""
    return ClusterYear.objects.with_cluster().filter(runs_year(user))


def secretariat_agencies(cluster_year: ClusterYear) -> QuerySet[Agency]:
    """The agencies whose staff run the year: the head's, and the deputies' where they help."""
    roles = [Officer.Role.HEAD]
    if cluster_year.deputies_administer:
        roles += [Officer.Role.DEPUTY_1, Officer.Role.DEPUTY_2]
    officers = Agency.objects.filter(
        memberships__offices__cluster_year=cluster_year, memberships__offices__role__in=roles
    ).values_list("pk", flat=True)
    # A merged officer's staff work for its successor now: they run the year (see lineage_ids).
    return Agency.objects.filter(pk__in=_with_successors(list(officers)))


def _with_successors(ids: list[int]) -> list[int]:
    """`ids` and every agency that succeeded one of them, directly or through a chain."""
    frontier = ids
    while frontier:
        frontier = list(
            Agency.objects.filter(predecessors__pk__in=frontier)
            .exclude(pk__in=ids)
            .values_list("pk", flat=True)
            .distinct()
        )
        ids = ids + frontier
    return ids


def can_administer_year(user, cluster_year: ClusterYear) -> bool:
    return administered_years(user).filter(pk=cluster_year.pk).exists()


def visible_clusters(user) -> QuerySet[Cluster]:
    if is_ministry(user):
        return Cluster.objects.all()
    return Cluster.objects.filter(pk__in=visible_years(user).values("cluster_id"))


def int_or_404(pk) -> int:
    try:
        return int(pk)
    except (TypeError, ValueError):
        raise Http404 from None


def get_cluster_for_user(user, pk, *, write: bool = False) -> Cluster:
    """Write: the cluster's own record and its years' set-up belong to the ministry."""
    cluster = visible_clusters(user).filter(pk=int_or_404(pk)).first()
    if cluster is None:
        raise Http404
    if write and not can_manage_directory(user):
        raise PermissionDenied
    return cluster


def get_year_for_user(user, pk, *, write: bool = False) -> ClusterYear:
    """The year comes with `runs`: whether the user runs it (can_administer_year), read in the
    same query."""
    found = visible_years(user).filter(pk=int_or_404(pk)).annotate(runs=runs_year(user))
    cluster_year = found.order_by().first()  # one row: the list's order is not needed
    if cluster_year is None:
        raise Http404
    if write and not cluster_year.runs:
        raise PermissionDenied
    return cluster_year


def get_conference_for_user(user, pk, *, write: bool = False) -> Conference:
    conference = (
        Conference.objects.with_year()
        .filter(pk=int_or_404(pk), cluster_year__in=visible_years(user))
        .first()
    )
    if conference is None:
        raise Http404
    if write and not can_administer_year(user, conference.cluster_year):
        raise PermissionDenied
    return conference


def get_election_conference_for_user(user, pk) -> Conference:
    """A year-end conference whose election the user may record: its year's secretariat, as
    long as next year is not already run by officers the user does not belong to."""
    conference = get_conference_for_user(user, pk, write=True)
    following = (
        ClusterYear.objects.filter(cluster_id=conference.cluster_year.cluster_id)
        .filter(year=conference.cluster_year.year + 1)
        .first()
    )
    if (
        following is not None
        and following.officers.exists()
        and not (is_ministry(user) or can_administer_year(user, following))
    ):
        raise PermissionDenied(
            _(
                "%(year)s already has its officers: only its secretariat or the ministry can "
                "change them."
            )
            % {"year": following.year}
        )
    return conference


def get_attachment_for_user(user, pk) -> Attachment:
    attachment = (
        Attachment.objects.select_related("conference__cluster_year")
        .filter(pk=int_or_404(pk), conference__cluster_year__in=visible_years(user))
        .first()
    )
    if attachment is None:
        raise Http404
    return attachment


def get_agency_for_user(user, pk, *, write: bool = False) -> Agency:
    """The agency directory is open to every signed-in user; the ministry keeps it."""
    if not user.is_authenticated:
        raise Http404
    agency = (
        Agency.objects.select_related("province", "successor").filter(pk=int_or_404(pk)).first()
    )
    if agency is None:
        raise Http404
    if write and not can_manage_directory(user):
        raise PermissionDenied
    return agency

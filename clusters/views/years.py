"""Pages of clusters and their years: members, officers, the year's timeline."""

from __future__ import annotations

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from emulation.service_forms import form_page, run_step, submit

from .. import services
from ..access import (
    can_manage_directory,
    get_cluster_for_user,
    get_year_for_user,
    is_ministry,
    visible_clusters,
)
from ..forms import (
    ClusterForm,
    ClusterYearCreateForm,
    ClusterYearForm,
    MemberAddForm,
    OfficersForm,
)
from ..member_changes import year_changes
from ..models import (
    ClusterYear,
    Covenant,
    Officer,
    User,
)

# Clusters ----------------------------------------------------------------------------------


@login_required
def cluster_list(request: HttpRequest) -> HttpResponse:
    clusters = visible_clusters(request.user).prefetch_related(
        Prefetch("years", queryset=ClusterYear.objects.order_by("-year"))
    )
    context = {"clusters": clusters, "can_create": can_manage_directory(request.user)}
    return render(request, "clusters/cluster_list.html", context)


@login_required
def cluster_create(request: HttpRequest) -> HttpResponse:
    if not can_manage_directory(request.user):
        raise PermissionDenied
    form = ClusterForm(request.POST or None)
    return form_page(
        request,
        form,
        lambda: services.cluster_create(by=request.user, **form.cleaned_data),
        done=_("The cluster has been created."),
        title=_("New cluster"),
    )


@login_required
def cluster_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cluster = get_cluster_for_user(request.user, pk)
    years = (
        cluster.years.annotate(
            member_count=Count(
                "memberships", filter=Q(memberships__left_on__isnull=True), distinct=True
            ),
            conference_count=Count("conferences", distinct=True),
        )
        .prefetch_related(
            Prefetch("officers", queryset=Officer.objects.select_related("membership__agency"))
        )
        .order_by("-year")
    )
    context = {
        "cluster": cluster,
        "years": years,
        "can_manage": can_manage_directory(request.user),
    }
    return render(request, "clusters/cluster_detail.html", context)


@login_required
def cluster_edit(request: HttpRequest, pk: int) -> HttpResponse:
    cluster = get_cluster_for_user(request.user, pk, write=True)
    form = ClusterForm(request.POST or None, instance=cluster)
    return form_page(
        request,
        form,
        lambda: services.cluster_update(cluster=cluster, by=request.user, **form.cleaned_data),
        done=_("Saved."),
        then=cluster,
        title=cluster.title,
        back=cluster,
    )


@login_required
def year_create(request: HttpRequest, pk: int) -> HttpResponse:
    cluster = get_cluster_for_user(request.user, pk, write=True)
    latest = cluster.years.order_by("-year").first()
    form = ClusterYearCreateForm(
        request.POST or None,
        initial={"year": latest.year + 1 if latest else timezone.localdate().year},
    )
    return form_page(
        request,
        form,
        lambda: services.cluster_year_create(cluster=cluster, by=request.user, **form.cleaned_data),
        done=_("The year has been created."),
        title=_("New year of %(cluster)s") % {"cluster": cluster.title},
        back=cluster,
    )


# Years -------------------------------------------------------------------------------------


def year_members(cluster_year: ClusterYear):
    return cluster_year.memberships.select_related("agency__successor").order_by(
        "left_on", "agency__short_name"
    )


def members_on(cluster_year: ClusterYear, day) -> Q:
    """The year's members on `day` (a filter on memberships)."""
    return Q(pk__in=cluster_year.memberships.on(day).values("pk"))


@login_required
def year_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cluster_year = get_year_for_user(request.user, pk)
    can_write = cluster_year.runs
    conferences = list(
        cluster_year.conferences.select_related("host__agency").annotate(
            attendance_count=Count("attendances")
        )
    )
    covenant = (
        Covenant.objects.filter(cluster_year=cluster_year)
        .annotate(
            commitment_count=Count("commitments", distinct=True),
            signatory_count=Count("signatories", distinct=True),
        )
        .first()
    )
    members = list(
        year_members(cluster_year)
        .annotate_removable()
        .annotate(
            has_account=Exists(User.objects.filter(agency=OuterRef("agency"), is_active=True))
        )
    )
    movements = list(
        cluster_year.movements.prefetch_related(
            "phases",
            "contents__commitments",
            "contents__criterion_links__criterion",  # scoring's links, by name (no import)
        )
    )
    context = {
        "cluster_year": cluster_year,
        "cluster": cluster_year.cluster,
        "members": members,
        "current_count": sum(1 for m in members if m.left_on is None),
        "changes": year_changes(members, cluster_year.year),
        "officers": cluster_year.officers.select_related("membership__agency"),
        "conferences": conferences,
        "covenant": covenant,
        "timeline": sorted(
            _timeline(cluster_year, members, conferences, covenant)
            + [event for movement in movements for event in movement.dated_events()],
            key=lambda event: event["date"],
        ),
        "movements": movements,
        "can_write": can_write,
        "results_open": _results_open(request.user, cluster_year, can_write),
        "member_form": MemberAddForm(cluster_year=cluster_year) if can_write else None,
        "other_years": cluster_year.cluster.years.exclude(pk=cluster_year.pk).order_by("-year"),
    }
    return render(request, "clusters/year_detail.html", context)


def _results_open(user, cluster_year: ClusterYear, can_write: bool) -> set[str]:
    """The periods whose ranking, term report and scoring table the user may open: all of
    them for those who run or review the year, else the published ones (so that no member is
    shown a link that leads to a refusal)."""
    deputies = [Officer.Role.DEPUTY_1, Officer.Role.DEPUTY_2]
    if (
        can_write
        or is_ministry(user)
        or cluster_year.officers.filter(
            membership__agency_id=user.agency_id, role__in=deputies
        ).exists()
    ):
        return {"year", "mid_year"}
    return set(cluster_year.ranking_publications.values_list("period", flat=True))


def _timeline(cluster_year: ClusterYear, members, conferences, covenant) -> list[dict]:
    """The year's dated events in order: covenant, conferences, deadlines, mergers."""
    events = []
    if covenant and covenant.signed_on:
        events.append(
            {"date": covenant.signed_on, "label": _("Covenant signed"), "kind": "covenant"}
        )
    for conference in conferences:
        events.append(
            {
                "date": conference.starts_on,
                "end": conference.ends_on,
                "label": conference.title,
                "kind": conference.kind,
                "url": conference.get_absolute_url(),
            }
        )
    if cluster_year.self_assessment_opens:
        events.append(
            {
                "date": cluster_year.self_assessment_opens,
                "label": _("Self-assessment opens"),
                "kind": "deadline",
            }
        )
    for deadline in cluster_year.deadlines():
        events.append({"date": deadline.date, "label": deadline.title, "kind": "deadline"})
    departures = defaultdict(list)
    for membership in members:
        if membership.left_on:
            departures[membership.left_on].append(membership.agency.short_name)
    for day, names in departures.items():
        label = _("Leave the cluster (merged): %(agencies)s") % {"agencies": ", ".join(names)}
        events.append({"date": day, "label": label, "kind": "merge"})
    return sorted(events, key=lambda event: event["date"])


@login_required
def year_edit(request: HttpRequest, pk: int) -> HttpResponse:
    cluster_year = get_year_for_user(request.user, pk, write=True)
    form = ClusterYearForm(request.POST or None, instance=cluster_year)
    return form_page(
        request,
        form,
        lambda: services.cluster_year_update(
            cluster_year=cluster_year, by=request.user, **form.cleaned_data
        ),
        done=_("Saved."),
        then=cluster_year,
        title=_("Settings of %(year)s") % {"year": cluster_year},
        back=cluster_year,
    )


@login_required
@require_POST
def year_start_next(request: HttpRequest, pk: int) -> HttpResponse:
    cluster_year = get_year_for_user(request.user, pk, write=True)
    try:
        following = services.cluster_year_start_next(cluster_year=cluster_year, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(cluster_year)
    messages.success(
        request,
        _("The year %(year)s is ready: check its members and officers.") % {"year": following.year},
    )
    return redirect(following)


@login_required
@require_POST
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    cluster_year = get_year_for_user(request.user, pk, write=True)
    form = MemberAddForm(request.POST, cluster_year=cluster_year)
    membership = submit(
        request,
        form,
        lambda: services.membership_add(
            cluster_year=cluster_year, agency=form.cleaned_data["agency"], by=request.user
        ),
    )
    if membership is not None:
        messages.success(
            request, _("%(agency)s has been added.") % {"agency": membership.agency.short_name}
        )
    else:
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
    return redirect(cluster_year)


@login_required
@require_POST
def member_remove(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    cluster_year = get_year_for_user(request.user, pk, write=True)
    membership = cluster_year.memberships.select_related("agency").filter(pk=member_pk).first()
    if membership is None:
        raise Http404
    run_step(
        request,
        lambda: services.membership_remove(membership=membership, by=request.user),
        _("%(agency)s has been removed.") % {"agency": membership.agency.short_name},
    )
    return redirect(cluster_year)


@login_required
def officers_edit(request: HttpRequest, pk: int) -> HttpResponse:
    cluster_year = get_year_for_user(request.user, pk, write=True)
    current = {o.role: o.membership for o in cluster_year.officers.select_related("membership")}
    form = OfficersForm(request.POST or None, cluster_year=cluster_year, initial=current)
    return form_page(
        request,
        form,
        lambda: services.officers_set(
            cluster_year=cluster_year, by=request.user, **form.cleaned_data
        ),
        done=_("The officers have been saved."),
        then=cluster_year,
        title=_("Officers of %(year)s") % {"year": cluster_year},
        back=cluster_year,
    )

"""Agencies, the audit log and each person's notifications."""

from __future__ import annotations

import datetime

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from emulation.service_forms import form_page

from .. import mergers, services
from ..access import (
    administered_years,
    can_manage_directory,
    get_agency_for_user,
    get_year_for_user,
    is_ministry,
    visible_years,
)
from ..accounts import access as account_access
from ..audit import AuditFilterForm, audit_entries
from ..audit_sentences import describe
from ..forms import (
    AgencyFilterForm,
    AgencyForm,
    AgencyMergeForm,
    MergerDateForm,
)
from ..models import (
    Agency,
    ClusterYear,
    Membership,
)

# Audit -------------------------------------------------------------------------------------


def _audit_page(request: HttpRequest, cluster_year: ClusterYear | None, year_ids) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = Paginator(audit_entries(cluster_year_ids=year_ids, filters=filters), 50).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    for entry in page:
        entry.sentences = describe(entry)
    context = {"form": form, "page": page, "cluster_year": cluster_year, "query": query.urlencode()}
    return render(request, "clusters/audit.html", context)


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    """Every change, for the ministry and the administrators."""
    if not is_ministry(request.user):
        raise PermissionDenied
    return _audit_page(request, None, None)


@login_required
def year_audit_log(request: HttpRequest, pk: int) -> HttpResponse:
    """The changes of one cluster year, for its secretariat (and the ministry)."""
    cluster_year = get_year_for_user(request.user, pk)
    if not (is_ministry(request.user) or cluster_year.runs):
        raise PermissionDenied
    return _audit_page(request, cluster_year, [cluster_year.pk])


# Agencies ----------------------------------------------------------------------------------


def _can_create_agency(user) -> bool:
    """The ministry keeps the directory; a secretariat may add the agencies of its block."""
    return can_manage_directory(user) or administered_years(user).exists()


@login_required
def agency_list(request: HttpRequest) -> HttpResponse:
    form = AgencyFilterForm(request.GET or None)
    agencies = (
        Agency.objects.labelled().select_related("province").order_by("short_name", "valid_from")
    )
    filters = form.cleaned_data if form.is_valid() else {}
    if filters.get("q"):
        agencies = agencies.filter(
            Q(name__icontains=filters["q"]) | Q(short_name__icontains=filters["q"])
        )
    if filters.get("kind"):
        agencies = agencies.filter(kind=filters["kind"])
    if not filters.get("former"):
        agencies = agencies.valid_on(timezone.localdate())
    context = {
        "form": form,
        "agencies": agencies,
        "can_manage": can_manage_directory(request.user),
        "can_create": _can_create_agency(request.user),
    }
    return render(request, "clusters/agency_list.html", context)


@login_required
def agency_detail(request: HttpRequest, pk: int) -> HttpResponse:
    agency = get_agency_for_user(request.user, pk)
    memberships = (
        Membership.objects.filter(agency=agency, cluster_year__in=visible_years(request.user))
        .select_related("cluster_year__cluster")
        .prefetch_related("offices")
        .order_by("-cluster_year__year")
    )
    context = {
        "agency": agency,
        "memberships": memberships,
        "predecessors": agency.predecessors.all(),
        "can_edit": can_manage_directory(request.user),
        "can_see_staff": account_access.can_see_staff(request.user, agency),
        "can_invite": account_access.can_invite(request.user, agency),
    }
    return render(request, "clusters/agency_detail.html", context)


@login_required
def agency_create(request: HttpRequest) -> HttpResponse:
    if not _can_create_agency(request.user):
        raise PermissionDenied
    form = AgencyForm(request.POST or None)
    return form_page(
        request,
        form,
        lambda: services.agency_create(by=request.user, **form.cleaned_data),
        done=_("The agency has been added to the directory."),
        title=_("New agency"),
    )


@login_required
def agency_edit(request: HttpRequest, pk: int) -> HttpResponse:
    agency = get_agency_for_user(request.user, pk, write=True)
    form = AgencyForm(request.POST or None, instance=agency)
    return form_page(
        request,
        form,
        lambda: services.agency_update(agency=agency, by=request.user, **form.cleaned_data),
        done=_("Saved."),
        then=agency,
        title=agency.name,
        back=agency,
    )


@login_required
def agency_merge(request: HttpRequest) -> HttpResponse:
    if not can_manage_directory(request.user):
        raise PermissionDenied
    form = AgencyMergeForm(request.POST or None)
    return form_page(
        request,
        form,
        lambda: services.agency_merge(
            sources=list(form.cleaned_data["sources"]),
            into=form.cleaned_data["into"],
            effective=form.cleaned_data["effective"],
            by=request.user,
            confirmed=form.cleaned_data["confirm"],
        ),
        done=_("The merger has been recorded."),
        title=_("Merge agencies"),
        intro=_(
            "“A and B become C from date D”: past years keep A and B; C is the member from "
            "that date on. Nothing about past years is rewritten."
        ),
    )


@login_required
def agency_merger_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct the date of the merger the agency went through (with those merged with it)."""
    agency = get_agency_for_user(request.user, pk, write=True)
    if agency.successor_id is None:
        raise Http404
    effective = agency.valid_to + datetime.timedelta(days=1)
    form = MergerDateForm(request.POST or None, initial={"effective": effective})
    names = ", ".join(source.label for source in mergers.merger_sources(agency))
    intro = _(
        "%(names)s merged into %(into)s from %(date)s. A corrected date moves the years it "
        "touches: the merged agencies leave the day before it and %(into)s joins on it."
    ) % {"names": names, "into": agency.successor.label, "date": date_format(effective, "d/m/Y")}
    return form_page(
        request,
        form,
        lambda: services.agency_merger_redate(
            agency=agency,
            effective=form.cleaned_data["effective"],
            by=request.user,
            confirmed=form.cleaned_data["confirm"],
        ),
        done=_("The merger's date has been corrected."),
        title=_("Correct the merger date"),
        intro=intro,
        back=agency,
    )


# Notifications ----------------------------------------------------------------------------


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    notifications = request.user.notifications.all()[:100]
    return render(request, "clusters/notifications.html", {"notifications": notifications})


@login_required
@require_POST
def notifications_read(request: HttpRequest) -> HttpResponse:
    services.notifications_mark_read(user=request.user)
    return redirect("clusters:notifications")

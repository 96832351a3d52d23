"""Pages of the clusters domain: decorators → access helper → form → service → redirect."""

from __future__ import annotations

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from emulation.service_forms import render_form, run_step, submit

from . import services
from .access import (
    administered_years,
    can_administer_year,
    can_manage_directory,
    get_agency_for_user,
    get_attachment_for_user,
    get_cluster_for_user,
    get_conference_for_user,
    get_election_conference_for_user,
    get_year_for_user,
    is_ministry,
    visible_clusters,
    visible_years,
)
from .audit import AuditFilterForm, audit_entries
from .dashboard import dashboard_for
from .forms import (
    AgencyFilterForm,
    AgencyForm,
    AgencyMergeForm,
    AttachmentForm,
    AttendanceForm,
    ClusterForm,
    ClusterYearCreateForm,
    ClusterYearForm,
    ConferenceForm,
    CovenantForm,
    DecisionForm,
    DocumentForm,
    ElectionForm,
    GuestForm,
    MemberAddForm,
    OfficersForm,
    SignatoriesForm,
)
from .models import (
    Agency,
    ClusterYear,
    Conference,
    Covenant,
    Membership,
    Officer,
)
from .uploads import file_response

# Dashboard ---------------------------------------------------------------------------------


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "clusters/dashboard.html", dashboard_for(request.user))


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
    cluster = submit(
        request, form, lambda: services.cluster_create(by=request.user, **form.cleaned_data)
    )
    if cluster is not None:
        messages.success(request, _("The cluster has been created."))
        return redirect(cluster)
    return render_form(request, form, _("New cluster"))


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
    saved = submit(
        request,
        form,
        lambda: services.cluster_update(cluster=cluster, by=request.user, **form.cleaned_data),
    )
    if saved is not None:
        messages.success(request, _("Saved."))
        return redirect(cluster)
    return render_form(request, form, cluster.title, back=cluster)


@login_required
def year_create(request: HttpRequest, pk: int) -> HttpResponse:
    cluster = get_cluster_for_user(request.user, pk, write=True)
    latest = cluster.years.order_by("-year").first()
    form = ClusterYearCreateForm(
        request.POST or None,
        initial={"year": latest.year + 1 if latest else timezone.localdate().year},
    )
    cluster_year = submit(
        request,
        form,
        lambda: services.cluster_year_create(cluster=cluster, by=request.user, **form.cleaned_data),
    )
    if cluster_year is not None:
        messages.success(request, _("The year has been created."))
        return redirect(cluster_year)
    title = _("New year of %(cluster)s") % {"cluster": cluster.title}
    return render_form(request, form, title, back=cluster)


# Years -------------------------------------------------------------------------------------


def _year_members(cluster_year: ClusterYear):
    return cluster_year.memberships.select_related("agency__successor").order_by(
        "left_on", "agency__short_name"
    )


@login_required
def year_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cluster_year = get_year_for_user(request.user, pk)
    can_write = can_administer_year(request.user, cluster_year)
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
    members = list(_year_members(cluster_year).annotate_removable())
    context = {
        "cluster_year": cluster_year,
        "cluster": cluster_year.cluster,
        "members": members,
        "current_count": sum(1 for m in members if m.left_on is None),
        "officers": cluster_year.officers.select_related("membership__agency"),
        "conferences": conferences,
        "covenant": covenant,
        "timeline": _timeline(cluster_year, members, conferences, covenant),
        "can_write": can_write,
        "member_form": MemberAddForm(cluster_year=cluster_year) if can_write else None,
        "other_years": cluster_year.cluster.years.exclude(pk=cluster_year.pk).order_by("-year"),
    }
    return render(request, "clusters/year_detail.html", context)


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
    for field, label in (
        ("self_assessment_opens", _("Self-assessment opens")),
        ("self_assessment_deadline", _("Self-assessment deadline")),
        ("review_deadline", _("Review deadline")),
    ):
        day = getattr(cluster_year, field)
        if day:
            events.append({"date": day, "label": label, "kind": "deadline"})
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
    saved = submit(
        request,
        form,
        lambda: services.cluster_year_update(
            cluster_year=cluster_year, by=request.user, **form.cleaned_data
        ),
    )
    if saved is not None:
        messages.success(request, _("Saved."))
        return redirect(cluster_year)
    title = _("Settings of %(year)s") % {"year": cluster_year}
    return render_form(request, form, title, back=cluster_year)


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
    officers = submit(
        request,
        form,
        lambda: services.officers_set(
            cluster_year=cluster_year, by=request.user, **form.cleaned_data
        ),
    )
    if officers is not None:
        messages.success(request, _("The officers have been saved."))
        return redirect(cluster_year)
    title = _("Officers of %(year)s") % {"year": cluster_year}
    return render_form(request, form, title, back=cluster_year)


# Covenant ----------------------------------------------------------------------------------


@login_required
def covenant_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cluster_year = get_year_for_user(request.user, pk)
    covenant = (
        Covenant.objects.filter(cluster_year=cluster_year).prefetch_related("commitments").first()
    )
    signatures = {}
    if covenant:
        signatures = {
            signatory.membership_id: signatory for signatory in covenant.signatories.all()
        }
    context = {
        "cluster_year": cluster_year,
        "covenant": covenant,
        "rows": [(m, signatures.get(m.pk)) for m in _year_members(cluster_year)],
        "can_write": can_administer_year(request.user, cluster_year),
    }
    return render(request, "clusters/covenant_detail.html", context)


@login_required
def covenant_edit(request: HttpRequest, pk: int) -> HttpResponse:
    cluster_year = get_year_for_user(request.user, pk, write=True)
    covenant = Covenant.objects.filter(cluster_year=cluster_year).first()
    if covenant:
        initial = {"commitments": "\n".join(c.text for c in covenant.commitments.all())}
    else:
        initial = {"title": _("Emulation covenant %(year)s") % {"year": cluster_year.year}}
    form = CovenantForm(request.POST or None, instance=covenant, initial=initial)
    saved = submit(
        request,
        form,
        lambda: services.covenant_save(
            cluster_year=cluster_year,
            commitments=form.commitment_lines(),
            by=request.user,
            **{k: v for k, v in form.cleaned_data.items() if k != "commitments"},
        ),
    )
    if saved is not None:
        messages.success(request, _("The covenant has been saved."))
        return redirect("clusters:covenant_detail", pk=cluster_year.pk)
    title = _("Covenant of %(year)s") % {"year": cluster_year}
    return render_form(request, form, title, back=cluster_year)


@login_required
def signatories_edit(request: HttpRequest, pk: int) -> HttpResponse:
    cluster_year = get_year_for_user(request.user, pk, write=True)
    covenant = Covenant.objects.filter(cluster_year=cluster_year).first()
    if covenant is None:
        messages.error(request, _("Write the covenant before recording its signatories."))
        return redirect("clusters:covenant_edit", pk=cluster_year.pk)
    initial = {}
    for signatory in covenant.signatories.all():
        initial[f"name_{signatory.membership_id}"] = signatory.signer_name
        initial[f"title_{signatory.membership_id}"] = signatory.signer_title
    form = SignatoriesForm(
        request.POST or None, memberships=_year_members(cluster_year), initial=initial
    )
    saved = submit(
        request,
        form,
        lambda: services.signatories_set(
            covenant=covenant, signatures=form.signatures(), by=request.user
        ),
    )
    if saved is not None:
        messages.success(request, _("The signatories have been saved."))
        return redirect("clusters:covenant_detail", pk=cluster_year.pk)
    title = _("Signatories of the covenant %(year)s") % {"year": cluster_year.year}
    return render_form(
        request, form, title, back=cluster_year, template="clusters/per_member_form.html"
    )


# Conferences -------------------------------------------------------------------------------


@login_required
def conference_create(request: HttpRequest, pk: int) -> HttpResponse:
    cluster_year = get_year_for_user(request.user, pk, write=True)
    form = ConferenceForm(request.POST or None, cluster_year=cluster_year)
    conference = submit(
        request,
        form,
        lambda: services.conference_save(conference=form.instance, by=request.user),
    )
    if conference is not None:
        messages.success(request, _("The conference has been recorded."))
        return redirect(conference)
    title = _("New conference, %(year)s") % {"year": cluster_year}
    return render_form(request, form, title, back=cluster_year)


@login_required
def conference_edit(request: HttpRequest, pk: int) -> HttpResponse:
    conference = get_conference_for_user(request.user, pk, write=True)
    form = ConferenceForm(
        request.POST or None, instance=conference, cluster_year=conference.cluster_year
    )
    saved = submit(
        request,
        form,
        lambda: services.conference_save(conference=form.instance, by=request.user),
    )
    if saved is not None:
        messages.success(request, _("Saved."))
        return redirect(conference)
    return render_form(request, form, conference.title, back=conference)


ITEM_FORMS = {
    "guest": (GuestForm, services.guest_add),
    "document": (DocumentForm, services.document_add),
    "decision": (DecisionForm, services.decision_add),
}


def _conference_page(request: HttpRequest, conference: Conference, **forms) -> HttpResponse:
    can_write = can_administer_year(request.user, conference.cluster_year)
    if can_write:
        forms.setdefault("guest_form", GuestForm())
        forms.setdefault("document_form", DocumentForm())
        forms.setdefault("decision_form", DecisionForm())
        forms.setdefault("attachment_form", AttachmentForm())
    context = {
        "conference": conference,
        "cluster_year": conference.cluster_year,
        "attendances": conference.attendances.select_related("membership__agency"),
        "absent": conference.cluster_year.memberships.current()
        .select_related("agency")
        .exclude(attendances__conference=conference),
        "guests": conference.guests.all(),
        "documents": conference.documents.all(),
        "decisions": conference.decisions.all(),
        "attachments": conference.attachments.all(),
        "can_write": can_write,
        "is_year_end": conference.kind == Conference.Kind.YEAR_END,
        **forms,
    }
    status = 400 if any(form.is_bound and form.errors for form in forms.values()) else 200
    return render(request, "clusters/conference_detail.html", context, status=status)


@login_required
def conference_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _conference_page(request, get_conference_for_user(request.user, pk))


@login_required
@require_POST
def conference_item_add(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    conference = get_conference_for_user(request.user, pk, write=True)
    form_class, add = ITEM_FORMS[kind]
    form = form_class(request.POST)
    item = submit(
        request,
        form,
        lambda: add(conference=conference, by=request.user, **form.cleaned_data),
    )
    if item is not None:
        messages.success(request, _("Added."))
        return redirect(conference)
    return _conference_page(request, conference, **{f"{kind}_form": form})


@login_required
@require_POST
def attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    conference = get_conference_for_user(request.user, pk, write=True)
    form = AttachmentForm(request.POST, request.FILES)
    attachment = submit(
        request,
        form,
        lambda: services.attachment_add(
            conference=conference,
            kind=form.cleaned_data["kind"],
            upload=form.cleaned_data["file"],
            caption=form.cleaned_data["caption"],
            by=request.user,
        ),
    )
    if attachment is not None:
        messages.success(request, _("The file has been attached."))
        return redirect(conference)
    return _conference_page(request, conference, attachment_form=form)


@login_required
@require_POST
def conference_item_delete(request: HttpRequest, pk: int, kind: str, item_pk: int) -> HttpResponse:
    conference = get_conference_for_user(request.user, pk, write=True)
    related = {
        "guest": conference.guests,
        "document": conference.documents,
        "decision": conference.decisions,
        "attachment": conference.attachments,
    }
    item = related[kind].filter(pk=item_pk).first()
    if item is None:
        raise Http404
    services.conference_item_delete(item=item, by=request.user)
    messages.success(request, _("Deleted."))
    return redirect(conference)


@login_required
def attendance_edit(request: HttpRequest, pk: int) -> HttpResponse:
    conference = get_conference_for_user(request.user, pk, write=True)
    initial = {}
    for attendance in conference.attendances.all():
        initial[f"present_{attendance.membership_id}"] = True
        initial[f"name_{attendance.membership_id}"] = attendance.delegate_name
        initial[f"title_{attendance.membership_id}"] = attendance.delegate_title
    form = AttendanceForm(
        request.POST or None, memberships=_year_members(conference.cluster_year), initial=initial
    )
    saved = submit(
        request,
        form,
        lambda: services.attendance_set(
            conference=conference, delegates=form.delegates(), by=request.user
        ),
    )
    if saved is not None:
        messages.success(request, _("Attendance has been saved."))
        return redirect(conference)
    title = _("Attendance: %(conference)s") % {"conference": conference}
    return render_form(
        request, form, title, back=conference, template="clusters/per_member_form.html"
    )


@login_required
def election_record(request: HttpRequest, pk: int) -> HttpResponse:
    conference = get_election_conference_for_user(request.user, pk)
    form = ElectionForm(request.POST or None, cluster_year=conference.cluster_year)
    next_year = submit(
        request,
        form,
        lambda: services.conference_record_election(
            conference=conference, by=request.user, **form.cleaned_data
        ),
    )
    if next_year is not None:
        messages.success(
            request,
            _("The election has been recorded; the year %(year)s has its officers.")
            % {"year": next_year.year},
        )
        return redirect(conference)
    title = _("Officers elected for %(year)s") % {"year": conference.cluster_year.year + 1}
    return render_form(request, form, title, back=conference)


@login_required
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    return file_response(get_attachment_for_user(request.user, pk))


# Audit -------------------------------------------------------------------------------------


def _audit_page(request: HttpRequest, cluster_year: ClusterYear | None, year_ids) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = Paginator(audit_entries(cluster_year_ids=year_ids, filters=filters), 50).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
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
    if not (is_ministry(request.user) or can_administer_year(request.user, cluster_year)):
        raise PermissionDenied
    return _audit_page(request, cluster_year, [cluster_year.pk])


# Agencies ----------------------------------------------------------------------------------


def _can_create_agency(user) -> bool:
    """The ministry keeps the directory; a secretariat may add the agencies of its block."""
    return can_manage_directory(user) or administered_years(user).exists()


@login_required
def agency_list(request: HttpRequest) -> HttpResponse:
    form = AgencyFilterForm(request.GET or None)
    agencies = Agency.objects.select_related("province", "successor").order_by(
        "short_name", "valid_from"
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
    }
    return render(request, "clusters/agency_detail.html", context)


@login_required
def agency_create(request: HttpRequest) -> HttpResponse:
    if not _can_create_agency(request.user):
        raise PermissionDenied
    form = AgencyForm(request.POST or None)
    agency = submit(
        request, form, lambda: services.agency_create(by=request.user, **form.cleaned_data)
    )
    if agency is not None:
        messages.success(request, _("The agency has been added to the directory."))
        return redirect(agency)
    return render_form(request, form, _("New agency"))


@login_required
def agency_edit(request: HttpRequest, pk: int) -> HttpResponse:
    agency = get_agency_for_user(request.user, pk, write=True)
    form = AgencyForm(request.POST or None, instance=agency)
    saved = submit(
        request,
        form,
        lambda: services.agency_update(agency=agency, by=request.user, **form.cleaned_data),
    )
    if saved is not None:
        messages.success(request, _("Saved."))
        return redirect(agency)
    return render_form(request, form, agency.name, back=agency)


@login_required
def agency_merge(request: HttpRequest) -> HttpResponse:
    if not can_manage_directory(request.user):
        raise PermissionDenied
    form = AgencyMergeForm(request.POST or None)
    into = submit(
        request,
        form,
        lambda: services.agency_merge(
            sources=list(form.cleaned_data["sources"]),
            into=form.cleaned_data["into"],
            effective=form.cleaned_data["effective"],
            by=request.user,
        ),
    )
    if into is not None:
        messages.success(request, _("The merger has been recorded."))
        return redirect(into)
    intro = _(
        "“A and B become C from date D”: past years keep A and B; C is the member from that "
        "date on. Nothing about past years is rewritten."
    )
    return render_form(request, form, _("Merge agencies"), intro=intro)


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

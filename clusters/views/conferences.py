"""Pages of a year's conferences: attendance, guests, documents, decisions, files."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from emulation.service_forms import form_page, form_status, form_step, render_form, submit

from .. import services
from ..access import (
    can_administer_year,
    get_attachment_for_user,
    get_conference_for_user,
    get_election_conference_for_user,
    get_year_for_user,
)
from ..forms import (
    AttachmentForm,
    AttendanceForm,
    ConferenceForm,
    DecisionForm,
    DocumentForm,
    ElectionForm,
    GuestForm,
)
from ..models import (
    Conference,
)
from ..uploads import file_response
from .years import members_on, year_members

# Conferences -------------------------------------------------------------------------------


@login_required
def conference_create(request: HttpRequest, pk: int) -> HttpResponse:
    cluster_year = get_year_for_user(request.user, pk, write=True)
    form = ConferenceForm(request.POST or None, cluster_year=cluster_year)
    return form_page(
        request,
        form,
        lambda: services.conference_save(conference=form.instance, by=request.user),
        done=_("The conference has been recorded."),
        title=_("New conference, %(year)s") % {"year": cluster_year},
        back=cluster_year,
    )


@login_required
def conference_edit(request: HttpRequest, pk: int) -> HttpResponse:
    conference = get_conference_for_user(request.user, pk, write=True)
    form = ConferenceForm(
        request.POST or None, instance=conference, cluster_year=conference.cluster_year
    )
    return form_page(
        request,
        form,
        lambda: services.conference_save(conference=form.instance, by=request.user),
        done=_("Saved."),
        then=conference,
        title=conference.title,
        back=conference,
    )


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
    status = form_status(*forms.values())
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
    return form_step(
        request,
        form,
        lambda: add(conference=conference, by=request.user, **form.cleaned_data),
        done=_("Added."),
        then=conference,
        refused=lambda: _conference_page(request, conference, **{f"{kind}_form": form}),
    )


@login_required
@require_POST
def attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    conference = get_conference_for_user(request.user, pk, write=True)
    form = AttachmentForm(request.POST, request.FILES)
    return form_step(
        request,
        form,
        lambda: services.attachment_add(
            conference=conference,
            kind=form.cleaned_data["kind"],
            upload=form.cleaned_data["file"],
            caption=form.cleaned_data["caption"],
            by=request.user,
        ),
        done=_("The file has been attached."),
        then=conference,
        refused=lambda: _conference_page(request, conference, attachment_form=form),
    )


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
    recorded = {
        attendance.membership_id: {
            "present": True,
            "name": attendance.delegate_name,
            "title": attendance.delegate_title,
        }
        for attendance in conference.attendances.all()
    }
    # The members on the conference's first day, and any member already recorded present.
    cluster_year = conference.cluster_year
    present = Q(pk__in=conference.attendances.values("membership_id"))
    form = AttendanceForm(
        request.POST or None,
        memberships=year_members(cluster_year).filter(
            members_on(cluster_year, conference.starts_on) | present
        ),
        recorded=recorded,
    )
    return form_page(
        request,
        form,
        lambda: services.attendance_set(
            conference=conference, delegates=form.delegates(), by=request.user
        ),
        done=_("Attendance has been saved."),
        then=conference,
        title=_("Attendance: %(conference)s") % {"conference": conference},
        back=conference,
        template="clusters/per_member_form.html",
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

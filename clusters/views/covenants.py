"""Pages of a year's covenant and its signatories."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from emulation.service_forms import form_page

from .. import services
from ..access import (
    get_year_for_user,
)
from ..forms import (
    CovenantForm,
    SignatoriesForm,
)
from ..models import Covenant
from .years import members_on, year_members

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
        "rows": [(m, signatures.get(m.pk)) for m in year_members(cluster_year)],
        "can_write": cluster_year.runs,
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
    return form_page(
        request,
        form,
        lambda: services.covenant_save(
            cluster_year=cluster_year,
            commitments=form.commitment_lines(),
            by=request.user,
            **{k: v for k, v in form.cleaned_data.items() if k != "commitments"},
        ),
        done=_("The covenant has been saved."),
        title=_("Covenant of %(year)s") % {"year": cluster_year},
        back=cluster_year,
    )


@login_required
def signatories_edit(request: HttpRequest, pk: int) -> HttpResponse:
    cluster_year = get_year_for_user(request.user, pk, write=True)
    covenant = Covenant.objects.filter(cluster_year=cluster_year).first()
    if covenant is None:
        messages.error(request, _("Write the covenant before recording its signatories."))
        return redirect("clusters:covenant_edit", pk=cluster_year.pk)
    recorded = {
        signatory.membership_id: {"name": signatory.signer_name, "title": signatory.signer_title}
        for signatory in covenant.signatories.all()
    }
    # Those who sign: the members on the signing date (at the year's end when it has none),
    # and any member whose signature is already recorded.
    day = covenant.signed_on or cluster_year.last_day
    signed = Q(pk__in=covenant.signatories.values("membership_id"))
    form = SignatoriesForm(
        request.POST or None,
        memberships=year_members(cluster_year).filter(members_on(cluster_year, day) | signed),
        recorded=recorded,
    )
    return form_page(
        request,
        form,
        lambda: services.signatories_set(
            covenant=covenant, signatures=form.signatures(), by=request.user
        ),
        done=_("The signatories have been saved."),
        then=covenant,
        title=_("Signatories of the covenant %(year)s") % {"year": cluster_year.year},
        back=cluster_year,
        template="clusters/per_member_form.html",
    )

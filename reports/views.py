"""Downloads of the printed documents and the scoring table, and the term report's narrative.

Who may download what follows the page the document prints: the covenant whoever sees the
year, the minutes whoever sees the conference, and the term report and the scoring table
whoever may see the year's standing (scoring.views.ranking: the secretariat while scoring goes
on, the reviewers and the ministry once every assessment is final, the members once the
ranking is published).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from clusters.access import get_conference_for_user, get_year_for_user
from clusters.models import ClusterYear, Covenant
from clusters.movements.access import get_movement_for_user
from emulation.downloads import download
from emulation.service_forms import form_page
from scoring.access import (
    can_see_ranking,
    get_nomination_for_user,
    get_period,
    get_ranking_year_for_user,
    may_see_standing,
)
from scoring.models import periods
from scoring.ranking import Ranking
from scoring.spreadsheets import XLSX_CONTENT_TYPE

from . import documents, services, spreadsheets
from .access import get_term_report_year_for_user
from .forms import TermReportForm
from .models import TermReport
from .movement_plan import movement_plan

PDF = "application/pdf"


def _pdf(document: documents.Document) -> HttpResponse:
    return download(
        documents.pdf(document), title=document.title, extension="pdf", content_type=PDF
    )


def _standing_year(request: HttpRequest, pk: int) -> tuple[ClusterYear, str, Ranking]:
    """The year, period and ranking of a term report the user may see (the scores in it)."""
    period = get_period(request.GET.get("period"))
    cluster_year = get_ranking_year_for_user(request.user, pk, period=period)
    if period not in dict(periods(cluster_year)):
        raise Http404
    ranking = documents.term_ranking(cluster_year, period)
    if not may_see_standing(request.user, cluster_year, ranking):
        raise PermissionDenied(_("The ranking is not final yet."))
    return cluster_year, period, ranking


@login_required
def term_report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    cluster_year, period, ranking = _standing_year(request, pk)
    document = documents.term_report(cluster_year, period, ranking)
    return _pdf(document)


@login_required
def scores_export(request: HttpRequest, pk: int) -> HttpResponse:
    cluster_year, period, ranking = _standing_year(request, pk)
    workbook, title = spreadsheets.scores_workbook(ranking)
    return download(workbook, title=title, extension="xlsx", content_type=XLSX_CONTENT_TYPE)


@login_required
def term_report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    cluster_year, period = get_term_report_year_for_user(
        request.user, pk, request.GET.get("period")
    )
    report = TermReport.objects.filter(cluster_year=cluster_year, period=period).first()
    form = TermReportForm(request.POST or None, instance=report)
    label = dict(periods(cluster_year))[period]
    return form_page(
        request,
        form,
        lambda: services.term_report_update(
            cluster_year=cluster_year, period=period, by=request.user, **form.cleaned_data
        ),
        done=_("The report has been saved."),
        then=cluster_year,
        title=_("Term report: %(period)s, %(year)s") % {"period": label, "year": cluster_year},
        back=cluster_year,
        intro=_(
            "The figures (members, conferences, covenant, scores and ranking) come from the "
            "year's records; write here what the report says about them."
        ),
    )


@login_required
def covenant_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    cluster_year = get_year_for_user(request.user, pk)
    covenant = (
        Covenant.objects.filter(cluster_year=cluster_year).select_related("cluster_year__cluster")
    ).first()
    if covenant is None:
        raise Http404
    document = documents.covenant(covenant)
    return _pdf(document)


@login_required
def dossier_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The dossier prints the year's ranking: the nominated unit's staff get it once the
    ranking is published, as they get the ranking."""
    nomination = get_nomination_for_user(request.user, pk)
    if not can_see_ranking(request.user, nomination.membership.cluster_year):
        raise PermissionDenied(_("The ranking of this year has not been published yet."))
    return _pdf(documents.dossier(nomination))


@login_required
def minutes_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    document = documents.minutes(get_conference_for_user(request.user, pk))
    return _pdf(document)


@login_required
def movement_plan_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan, whoever sees the movement; a draft until the register numbers it."""
    return _pdf(movement_plan(get_movement_for_user(request.user, pk)))

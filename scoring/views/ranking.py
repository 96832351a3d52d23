"""The year's ranking: the standing table with a chart, its publication and its spreadsheet.

The secretariat sees the standing while scoring goes on (marked provisional); reviewers and
the ministry see it once every assessment is final; members once it is published
(scoring.access.get_ranking_year_for_user). Every page costs the same number of queries
whatever the number of members and criteria.
"""

from __future__ import annotations

from collections import Counter

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from clusters.access import is_ministry
from clusters.models import ClusterYear
from emulation.confirm import ConfirmForm, ReasonConfirmForm, confirm_form, confirm_page
from emulation.downloads import ascii_name
from emulation.service_forms import form_step

from .. import services, undo
from ..access import (
    get_period,
    get_ranking_year_for_user,
    may_see_standing,
)
from ..charts import ranking_chart
from ..models import Assessment, RankingPublication, periods
from ..ranking import Ranking, fingerprint, year_ranking
from ..spreadsheets import XLSX_CONTENT_TYPE, ranking_workbook


def _rows(ranking: Ranking, details: dict[int, list]) -> tuple[list[dict], list[tuple]]:
    """The table's rows in rank order (`tie` marks a rank shared after the tie-break), and the
    quantitative criteria as (code, title) columns, each row's details aligned to them."""
    columns = list(dict.fromkeys((d.code, d.title) for ds in details.values() for d in ds))
    shared = Counter(standing.final.rank for standing in ranking.standings)
    rows = []
    for standing in ranking.standings:
        by_code = {d.code: d for d in details.get(standing.membership.pk, [])}
        rows.append(
            {
                "standing": standing,
                "rank": standing.final.rank,
                "tie": shared[standing.final.rank] > 1,
                "groups": [standing.final.groups.get(group.code) for group in ranking.groups],
                "quantitative": [by_code.get(code) for code, _title in columns],
            }
        )
    return rows, columns


@login_required
def ranking(request: HttpRequest, pk: int) -> HttpResponse:
    period = get_period(request.GET.get("period"))
    cluster_year = get_ranking_year_for_user(request.user, pk, period=period)
    can_write = cluster_year.runs
    # The page's content is kept in the cache under the ranking's fingerprint (see the
    # template): the publication, the ranking, its table, chart and formulas are read or worked
    # out only when that copy is missing.
    publication = SimpleLazyObject(
        lambda: (
            RankingPublication.objects.filter(cluster_year=cluster_year, period=period)
            .select_related("published_by")
            .first()
        )
    )
    standing = SimpleLazyObject(lambda: year_ranking(cluster_year, period=period))
    # may_see_standing, the secretariat known
    visible = SimpleLazyObject(lambda: standing.complete or can_write)
    table = SimpleLazyObject(
        lambda: _rows(standing, standing.quantitative_details()) if visible else ([], [])
    )
    context = {
        "cluster_year": cluster_year,
        "cluster": cluster_year.cluster,
        "fingerprint": fingerprint(cluster_year, period=period),
        "ranking": standing,
        "visible": visible,
        "rows": SimpleLazyObject(lambda: table[0]),
        "quantitative_columns": SimpleLazyObject(lambda: table[1]),
        "chart": SimpleLazyObject(
            lambda: ranking_chart(standing) if visible and standing.standings else None
        ),
        "final_count": SimpleLazyObject(
            lambda: sum(
                1 for s in standing.standings if s.assessment.status == Assessment.Status.FINAL
            )
        ),
        "member_count": SimpleLazyObject(
            lambda: len(standing.standings) + len(standing.unassessed)
        ),
        "publication": publication,
        "can_write": can_write,
        "can_publish": SimpleLazyObject(
            lambda: can_write and standing.complete and not publication
        ),
        "link_assessments": can_write or is_ministry(request.user),
        "period": period,
        "period_choices": periods(cluster_year),
    }
    return render(request, "scoring/ranking.html", context)


def _publish_refusal(cluster_year: ClusterYear, period: str, standing: Ranking) -> str:
    if RankingPublication.objects.filter(cluster_year=cluster_year, period=period).exists():
        return _("The ranking is already published.")
    if standing.unfinished:
        return _("Not every assessment is final yet: %(agencies)s.") % {
            "agencies": ", ".join(m.agency.short_name for m in standing.unfinished)
        }
    return ""


@login_required
@require_http_methods(["GET", "POST"])
def ranking_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Asks first: who will see it, and who is not ranked."""
    period = get_period(request.POST.get("period") or request.GET.get("period"))
    cluster_year = get_ranking_year_for_user(request.user, pk, period=period, write=True)
    form = confirm_form(request)
    return form_step(
        request,
        form,
        lambda: services.ranking_publish(cluster_year=cluster_year, period=period, by=request.user),
        done=_("The ranking is published: the members can see it now."),
        then=_ranking_url(cluster_year, period),
        refused=lambda: _publish_page(request, cluster_year, period, form),
    )


def _publish_page(
    request: HttpRequest, cluster_year: ClusterYear, period: str, form: ConfirmForm
) -> HttpResponse:
    standing = year_ranking(cluster_year, period=period)
    consequences = [
        _(
            "Every member sees the ranking: the totals, ranks and classifications of all "
            "%(count)s ranked members."
        )
        % {"count": len(standing.standings)}
    ]
    if standing.unassessed:
        consequences.append(
            _("Not ranked (no assessment): %(agencies)s.")
            % {"agencies": ", ".join(m.agency.short_name for m in standing.unassessed)}
        )
    if standing.not_submitted:
        consequences.append(
            _("Listed last, without a rank or a classification (did not submit): %(agencies)s.")
            % {
                "agencies": ", ".join(
                    record.membership.agency.short_name for record in standing.not_submitted
                )
            }
        )
    consequences.append(
        _(
            "It can be withdrawn, with a reason, until a nomination is prepared from the year's "
            "results."
        )
    )
    return confirm_page(
        request,
        title=_("Publish the ranking"),
        form=form,
        back_url=_ranking_url(cluster_year, period),
        back_label=_("Ranking %(year)s") % {"year": cluster_year.year},
        button=_("Publish to the members"),
        consequences=consequences,
        refusal=_publish_refusal(cluster_year, period, standing),
    )


@login_required
@require_http_methods(["GET", "POST"])
def ranking_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Takes the publication back, with a reason, until a nomination is prepared."""
    period = get_period(request.POST.get("period") or request.GET.get("period"))
    cluster_year = get_ranking_year_for_user(request.user, pk, period=period, write=True)
    form = confirm_form(request, ReasonConfirmForm)
    return form_step(
        request,
        form,
        lambda: undo.ranking_withdraw(
            cluster_year=cluster_year,
            period=period,
            reason=form.cleaned_data["reason"],
            by=request.user,
        ),
        done=_("The publication has been withdrawn."),
        then=_ranking_url(cluster_year, period),
        refused=lambda: _withdraw_page(request, cluster_year, period, form),
    )


def _withdraw_page(
    request: HttpRequest, cluster_year: ClusterYear, period: str, form: ReasonConfirmForm
) -> HttpResponse:
    return confirm_page(
        request,
        title=_("Withdraw the publication"),
        form=form,
        back_url=_ranking_url(cluster_year, period),
        back_label=_("Ranking %(year)s") % {"year": cluster_year.year},
        button=_("Withdraw the publication"),
        consequences=[
            _(
                "The members no longer see the ranking; the secretariat can reopen "
                "assessments and publish again."
            ),
            _("The reason is kept in the change log and sent to the staff of every member."),
        ],
        refusal=undo.ranking_withdraw_refusal(cluster_year, period),
    )


@login_required
def ranking_export(request: HttpRequest, pk: int) -> HttpResponse:
    period = get_period(request.GET.get("period"))
    cluster_year = get_ranking_year_for_user(request.user, pk, period=period)
    # A file secretariats keep and exchange: Vietnamese whatever the language of the page
    # (the classification labels are translated when the ranking is made).
    with translation.override(settings.LANGUAGE_CODE):
        standing = year_ranking(cluster_year, period=period)
    if not may_see_standing(request.user, cluster_year, standing):
        raise PermissionDenied(_("The ranking is not final yet."))
    with translation.override(settings.LANGUAGE_CODE):
        workbook = ranking_workbook(standing)
    response = HttpResponse(workbook, content_type=XLSX_CONTENT_TYPE)
    name = ascii_name(str(cluster_year.cluster))
    response["Content-Disposition"] = (
        f'attachment; filename="xep-hang-{name}-{cluster_year.year}{_file_suffix(period)}.xlsx"'
    )
    return response


def _file_suffix(period: str) -> str:
    return "-6-thang" if period == Assessment.Period.MID_YEAR else ""


def _ranking_url(cluster_year: ClusterYear, period: str) -> str:
    url = reverse("scoring:ranking", args=[cluster_year.pk])
    return url if period == Assessment.Period.YEAR else f"{url}?period={period}"

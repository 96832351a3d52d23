"""The printed documents (PDF via WeasyPrint): term report, covenant, conference minutes and
the nomination dossier.

Each document is an HTML template in templates/reports/pdf/ and a context built here in a
fixed number of queries. Documents are official papers in the layout of Decree 30/2020/NĐ-CP
(templates/reports/pdf/base.html): always in Vietnamese, whatever the language of the page.

A document's PDF is kept (RenderedDocument) with the fingerprint of the HTML it was made from
and served again while the HTML is the same: WeasyPrint runs only when the data changed.
Rendering reads nothing from the network: the only URLs it may open are the bundled fonts.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import hashlib
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from clusters.member_changes import year_changes
from clusters.models import Cluster, ClusterYear, Conference, Covenant, Officer
from scoring.charts import ranking_chart
from scoring.models import Assessment, Ballot, Nomination, RankingPublication
from scoring.ranking import Ranking, year_ranking

from .models import RenderedDocument, TermReport
from .movement_review import movement_sections
from .tables import score_rows

Kind = RenderedDocument.Kind
FONT_FAMILY = "Bundled Liberation Serif"  # the PDF names its embedded fonts after it


@dataclass(frozen=True)
class Document:
    kind: str
    object_id: int
    variant: str
    template: str
    context: dict
    title: str  # also the downloaded file's name


def in_document_language(function):
    """Documents are in the site's default language (Vietnamese) whatever the page's."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            return function(*args, **kwargs)

    return wrapper


# The heading ------------------------------------------------------------------------------


def official_date(day: datetime.date | None, year: int) -> str:
    """“ngày 05 tháng 02 năm 2025”, “ngày 16 tháng 12 năm 2022”: days below 10 and the months
    1 and 2 take a leading zero (Decree 30/2020/NĐ-CP); blanks to fill in by hand when the day
    is not known yet."""
    if day is None:
        blank = "\u00a0" * 6  # kept by the renderer, unlike spaces
        return f"ngày {blank} tháng {blank} năm {year}"
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def issuer(cluster: Cluster) -> str:
    """The cluster as the issuing body: “Cụm thi đua số 3”, without its regional name."""
    if cluster.number:
        return _("%(kind)s No. %(number)s") % {
            "kind": cluster.get_kind_display(),
            "number": cluster.number,
        }
    return cluster.title


def cluster_symbol(prefix: str, cluster: Cluster) -> str:
    """The symbol after the number: “BC-CTĐ3” (a report of Cụm thi đua số 3)."""
    body = "CTĐ" if cluster.kind == Cluster.Kind.CLUSTER else "KTĐ"
    return f"{prefix}-{body}{cluster.number}"


def _heading(cluster_year: ClusterYear, *, number: str, symbol: str, place: str, day) -> dict:
    cluster = cluster_year.cluster
    return {
        "parent": cluster.supervisor_name,
        "issuer": issuer(cluster),
        "number": number,
        "symbol": cluster_symbol(symbol, cluster),
        "place": place,
        "date": official_date(day, cluster_year.year),
        "draft": not number,  # a document without its number is a draft (DỰ THẢO)
    }


def _head(cluster_year: ClusterYear) -> Officer | None:
    return (
        cluster_year.officers.filter(role=Officer.Role.HEAD)
        .select_related("membership__agency__province")
        .first()
    )


def _place_of(officer: Officer | None) -> str:
    """Where the head's agency is: its province, else its short name."""
    if officer is None:
        return ""
    agency = officer.membership.agency
    return agency.province.name if agency.province else agency.short_name


# Term report ------------------------------------------------------------------------------


@in_document_language
def term_ranking(cluster_year: ClusterYear, period: str) -> Ranking:
    """The ranking as the report shows it (classification labels in Vietnamese)."""
    return year_ranking(cluster_year, period=period)


def _period_end(cluster_year: ClusterYear, period: str) -> datetime.date:
    if period == Assessment.Period.MID_YEAR:
        return datetime.date(cluster_year.year, 6, 30)
    return cluster_year.last_day


@in_document_language
def term_report(cluster_year: ClusterYear, period: str, ranking: Ranking) -> Document:
    """The report on the period (báo cáo sơ kết 6 tháng / tổng kết năm): members and officers,
    conferences, covenant, the scoring table and chart (from `ranking`), and the secretariat's
    narrative (TermReport). A section on nominations and their outcome is shown when the
    context has `nominations` (templates/reports/pdf/term_report.html)."""
    report = TermReport.objects.filter(cluster_year=cluster_year, period=period).first()
    report = report or TermReport(cluster_year=cluster_year, period=period)
    officers = {
        officer.membership_id: officer
        for officer in cluster_year.officers.select_related("membership__agency__province")
    }
    head = next((o for o in officers.values() if o.role == Officer.Role.HEAD), None)
    covenant = (
        Covenant.objects.filter(cluster_year=cluster_year).prefetch_related("commitments").first()
    )
    mid_year = period == Assessment.Period.MID_YEAR
    title = (
        _("Mid-year review of the emulation movement, %(year)s")
        if mid_year
        else _("Year-end review of the emulation movement, %(year)s")
    ) % {"year": cluster_year.year}
    rows = score_rows(ranking)
    memberships = list(
        cluster_year.memberships.select_related("agency").order_by("left_on", "agency__short_name")
    )
    context = {
        "cluster_year": cluster_year,
        "report": report,
        "title": title,
        "heading": _heading(
            cluster_year,
            number=report.number,
            symbol="BC",
            place=report.place or _place_of(head),
            day=report.issued_on,
        ),
        "members": [(membership, officers.get(membership.pk)) for membership in memberships],
        "changes": year_changes(memberships, cluster_year.year),
        "head": head,
        "conferences": cluster_year.conferences.filter(
            starts_on__lte=_period_end(cluster_year, period)
        ).select_related("host__agency"),
        "covenant": covenant,
        "ranking": ranking,
        "groups": ranking.groups,
        "score_columns": len(ranking.groups) + 3,  # what a row without an assessment spans
        "rows": [
            {
                "standing": row.standing,
                "cells": [
                    (row.self_groups.get(group.code), row.final_groups.get(group.code))
                    for group in ranking.groups
                ],
            }
            for row in rows
        ],
        "chart": ranking_chart(ranking) if ranking.standings else None,
        "publication": RankingPublication.objects.filter(
            cluster_year=cluster_year, period=period
        ).first(),
        "movements": movement_sections(cluster_year, until=_period_end(cluster_year, period)),
        "nominations": (
            list(
                Nomination.objects.counting_towards_quota()
                .filter(membership__cluster_year=cluster_year)
                .with_context()
                .order_by("award_type__position", "membership__agency__short_name")
            )
            if period == Assessment.Period.YEAR
            else []
        ),
    }
    return Document(
        kind=Kind.TERM_REPORT,
        object_id=cluster_year.pk,
        variant=period,
        template="reports/pdf/term_report.html",
        context=context,
        title=f"{title} - {cluster_year.cluster.title}",
    )


# Covenant ---------------------------------------------------------------------------------


@in_document_language
def covenant(covenant: Covenant) -> Document:
    """The covenant (giao ước thi đua): its commitments and a signature cell per member."""
    cluster_year = covenant.cluster_year
    signatures = {s.membership_id: s for s in covenant.signatories.all()}
    members = cluster_year.memberships.filter(
        Q(left_on__isnull=True) | Q(pk__in=list(signatures))
    ).select_related("agency")
    cells = [(membership, signatures.get(membership.pk)) for membership in members]
    context = {
        "cluster_year": cluster_year,
        "covenant": covenant,
        "commitments": covenant.commitments.all(),
        "heading": _heading(
            cluster_year,
            number=covenant.number,
            symbol="GƯ",
            place=covenant.place or _place_of(_head(cluster_year)),
            day=covenant.signed_on,
        ),
        "signature_rows": [cells[i : i + 2] for i in range(0, len(cells), 2)],
    }
    return Document(
        kind=Kind.COVENANT,
        object_id=covenant.pk,
        variant="",
        template="reports/pdf/covenant.html",
        context=context,
        title=f"{covenant.title} - {cluster_year.cluster.title}",
    )


# Conference minutes -----------------------------------------------------------------------


@in_document_language
def minutes(conference: Conference) -> Document:
    """The minutes (biên bản) of a conference: attendance, guests, documents discussed and
    decisions. A section with the vote results is shown when the context has `vote_results`
    (templates/reports/pdf/minutes.html)."""
    cluster_year = conference.cluster_year
    context = {
        "cluster_year": cluster_year,
        "conference": conference,
        "heading": _heading(
            cluster_year,
            number="",
            symbol="BB",
            place=conference.place,
            day=conference.starts_on,
        ),
        "attendances": conference.attendances.select_related("membership__agency"),
        "absent": cluster_year.memberships.current()
        .select_related("agency")
        .exclude(attendances__conference=conference),
        "guests": conference.guests.all(),
        "documents": conference.documents.all(),
        "decisions": conference.decisions.all(),
        **_vote(conference),
    }
    return Document(
        kind=Kind.MINUTES,
        object_id=conference.pk,
        variant="",
        template="reports/pdf/minutes.html",
        context=context,
        title=_("Minutes - %(conference)s") % {"conference": conference.title},
    )


def _vote(conference: Conference) -> dict:
    """The closed vote of a conference and its results (`ballot`, `vote_results`), if any."""
    ballot = Ballot.objects.filter(conference=conference, state=Ballot.State.CLOSED).first()
    if ballot is None:
        return {}
    ballot.conference = conference
    return {"ballot": ballot, "vote_results": ballot.proposals_in_order()}


# Nomination dossier -------------------------------------------------------------------------


@in_document_language
def dossier(nomination: Nomination) -> Document:
    """The nomination dossier (hồ sơ đề nghị khen thưởng) as one document: the proposal letter
    (tờ trình), the achievement report, the minutes of the vote and the year's ranking."""
    cluster_year = nomination.membership.cluster_year
    conference = nomination.proposal.ballot.conference
    ranking = year_ranking(cluster_year)
    head = _head(cluster_year)
    title = _("Nomination dossier: %(nomination)s") % {"nomination": nomination}
    context = {
        "title": title,
        "nomination": nomination,
        "cluster_year": cluster_year,
        "proposal": nomination.proposal,
        "result": nomination.proposal.result,
        "conference": conference,
        "heading": _heading(cluster_year, number="", symbol="TTr", place=_place_of(head), day=None),
        "head": head,
        "files": list(nomination.files.all()),
        "ranking": ranking,
        "ranked_count": len(ranking.standings),
        "standing": next(
            (s for s in ranking.standings if s.membership.pk == nomination.membership_id), None
        ),
        **_vote(conference),
    }
    return Document(
        kind=Kind.DOSSIER,
        object_id=nomination.pk,
        variant="",
        template="reports/pdf/dossier.html",
        context=context,
        title=title,
    )


# Rendering --------------------------------------------------------------------------------


def fonts_dir() -> Path:
    return Path(finders.find("fonts/LiberationSerif-Regular.ttf")).parent


class BundledFontsOnly(URLFetcher):
    """Opens the bundled fonts and nothing else: no document ever reaches the network."""

    def fetch(self, url, headers=None):
        if not url.startswith(fonts_dir().as_uri() + "/"):
            raise ValueError(f"Documents load no outside resource: {url}")
        return super().fetch(url, headers)


@in_document_language
def html(document: Document) -> str:
    context = {
        **document.context,
        "fonts_url": fonts_dir().as_uri() + "/",
        "font_family": FONT_FAMILY,
    }
    return render_to_string(document.template, context)


@in_document_language
def html_issued(document: Document, numbering) -> str:
    """The document as issued (reports/register.py): the register's number, the date of issue
    and the named signer (`numbering`, a register.Numbering) in place of the draft's blanks."""
    heading = {
        **document.context["heading"],
        "number": numbering.number,
        "date": official_date(numbering.issued_on, numbering.issued_on.year),
        "draft": False,
    }
    context = {**document.context, "heading": heading, "signer": numbering.signer}
    return html(dataclasses.replace(document, context=context))


def write_pdf(source: str) -> bytes:
    """WeasyPrint, every time (pdf() keeps what it renders)."""
    fetcher = BundledFontsOnly(allowed_protocols={"file"})
    return HTML(string=source, url_fetcher=fetcher).write_pdf(font_config=FontConfiguration())


def fingerprint(source: str) -> str:
    return hashlib.sha256(source.encode()).hexdigest()


def pdf(document: Document) -> bytes:
    """The document's PDF: the one kept when its HTML has not changed, else a new one."""
    source = html(document)
    key = {"kind": document.kind, "object_id": document.object_id, "variant": document.variant}
    digest = fingerprint(source)
    kept = RenderedDocument.objects.filter(**key, fingerprint=digest).first()
    if kept is not None:
        return bytes(kept.pdf)
    rendered = write_pdf(source)
    RenderedDocument.objects.update_or_create(
        **key, defaults={"fingerprint": digest, "pdf": rendered}
    )
    return rendered

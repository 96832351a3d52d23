"""Figures for `make bench`: the term report against WeasyPrint's floor for the same data.

`term_report_figures(cluster_year)` renders the year's term report without the cache (the
ranking, the context, the HTML and the PDF: what a download costs when the data changed), and
in the same run a plain HTML table of the same rows as the report's scoring table (each
member's self-assessed and final points per top-level group and in total) through WeasyPrint
alone, without styling: the floor. The target: the report within 1.5 × the plain table.
"""

from __future__ import annotations

import re
import time
from html import escape

from weasyprint import HTML

from clusters.models import ClusterYear
from scoring.models import Assessment

from . import documents
from .tables import score_rows


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 1)


def plain_table(ranking) -> str:
    """The report's scoring table with no styling: a row of self-assessed and a row of final
    points per member, a column per top-level group and the total."""
    groups = ranking.groups
    head = "".join(f"<th>{escape(group.code)}</th>" for group in groups)
    body = []
    for row in score_rows(ranking):
        name = escape(row.standing.membership.agency.short_name)
        for values, total in (
            (row.self_groups, row.standing.self_total),
            (row.final_groups, row.standing.final.total),
        ):
            cells = "".join(f"<td>{values.get(group.code, '')}</td>" for group in groups)
            body.append(f"<tr><th>{name}</th>{cells}<td>{total}</td></tr>")
    return (
        f"<table><thead><tr><th></th>{head}<th></th></tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def unstyled(source: str) -> str:
    """The document's HTML without its stylesheet (the <style> of templates/reports/pdf/
    base.html): the same content, laid out by WeasyPrint's defaults."""
    return re.sub(r"<style>.*?</style>", "", source, flags=re.DOTALL)


def term_report_figures(cluster_year: ClusterYear) -> dict[str, float]:
    """The report from its data, the same report's HTML without its stylesheet (what the
    styling costs: the target is the report within 1.5 × this), and the plain table."""
    period = Assessment.Period.YEAR
    started = time.perf_counter()
    ranking = documents.term_ranking(cluster_year, period)
    source = documents.html(documents.term_report(cluster_year, period, ranking))
    documents.write_pdf(source)
    report_ms = _ms(started)
    started = time.perf_counter()
    ranking = documents.term_ranking(cluster_year, period)
    documents.write_pdf(
        unstyled(documents.html(documents.term_report(cluster_year, period, ranking)))
    )
    unstyled_ms = _ms(started)
    table = plain_table(ranking)
    started = time.perf_counter()
    HTML(string=table).write_pdf()
    return {
        "term_report_pdf_60x120_ms": report_ms,
        "term_report_unstyled_60x120_ms": unstyled_ms,
        "weasyprint_plain_table_ms": _ms(started),
    }

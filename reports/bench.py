"""Figures for `make bench`: the term report against WeasyPrint's floor for the same data.

`term_report_figures(cluster_year)` renders the year's term report without the cache (the
ranking, the context, the HTML and the PDF: what a download costs when the data changed), and
in the same run a plain HTML table of the same rows (members × criteria values) through
WeasyPrint alone. The target: the report within 1.5 × the plain table.
"""

from __future__ import annotations

import time
from html import escape

from weasyprint import HTML

from clusters.models import ClusterYear
from scoring.models import Assessment

from . import documents


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 1)


def plain_table(ranking) -> str:
    """Members × criteria, the final points in each cell, with no styling at all."""
    criteria = [c for c in ranking.criteria if not c.is_group]
    head = "".join(f"<th>{escape(c.code)}</th>" for c in criteria)
    body = "".join(
        "<tr><th>{}</th>{}</tr>".format(
            escape(standing.membership.agency.short_name),
            "".join(f"<td>{standing.final.points.get(c.pk, '')}</td>" for c in criteria),
        )
        for standing in ranking.standings
    )
    return f"<table><thead><tr><th></th>{head}</tr></thead><tbody>{body}</tbody></table>"


def term_report_figures(cluster_year: ClusterYear) -> dict[str, float]:
    period = Assessment.Period.YEAR
    started = time.perf_counter()
    ranking = documents.term_ranking(cluster_year, period)
    documents.write_pdf(documents.html(documents.term_report(cluster_year, period, ranking)))
    report_ms = _ms(started)
    table = plain_table(ranking)
    started = time.perf_counter()
    HTML(string=table).write_pdf()
    return {"term_report_pdf_60x120_ms": report_ms, "weasyprint_plain_table_ms": _ms(started)}

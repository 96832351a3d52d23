"""reports.bench: the term report's figures for `make bench`."""

from __future__ import annotations

from reports import bench, documents
from reports.models import RenderedDocument
from scoring.ranking import year_ranking


def test_figures_time_the_report_and_the_plain_table_without_the_cache(world, final):
    figures = bench.term_report_figures(world.year)
    assert set(figures) == {
        "term_report_pdf_60x120_ms",
        "term_report_unstyled_60x120_ms",
        "weasyprint_plain_table_ms",
    }
    assert all(value > 0 for value in figures.values())
    assert not RenderedDocument.objects.exists()  # the cache is neither read nor written


def test_the_unstyled_report_is_the_same_html_without_its_stylesheet(world, final):
    ranking = documents.term_ranking(world.year, "year")
    source = documents.html(documents.term_report(world.year, "year", ranking))
    plain = bench.unstyled(source)
    assert "<style>" in source and "<style>" not in plain and "@page" not in plain
    assert plain.count("<tr") == source.count("<tr")  # the same content
    assert "Tổng kết phong trào thi đua năm 2025" in plain


def test_the_plain_table_has_the_rows_of_the_reports_scoring_table(world, final):
    table = bench.plain_table(year_ranking(world.year))
    assert table.count("<tr>") == 1 + 4 * 2  # the header; self and final for four members
    # Three top-level groups and the total (tests/scoring/conftest.py), in every row.
    assert table.count("<td>") == 4 * 2 * (3 + 1)
    assert "Thái Nguyên" in table

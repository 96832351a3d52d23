"""reports.bench: the term report's figures for `make bench`."""

from __future__ import annotations

from reports import bench
from reports.models import RenderedDocument
from scoring.ranking import year_ranking


def test_figures_time_the_report_and_the_plain_table_without_the_cache(world, final):
    figures = bench.term_report_figures(world.year)
    assert set(figures) == {"term_report_pdf_60x120_ms", "weasyprint_plain_table_ms"}
    assert all(value > 0 for value in figures.values())
    assert not RenderedDocument.objects.exists()  # the cache is neither read nor written


def test_the_plain_table_has_a_cell_per_member_and_criterion(world, final):
    table = bench.plain_table(year_ranking(world.year))
    assert table.count("<tr>") == 1 + 4  # the header and the four members
    assert table.count("<td>") == 4 * 6  # six criteria are scored (tests/scoring/conftest.py)
    assert "Thái Nguyên" in table

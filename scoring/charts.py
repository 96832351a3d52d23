"""The ranking drawn as bars, for the ranking page and the printed documents."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from .ranking import Ranking

# The chart's geometry: heights in pixels; lengths in percent of the chart's width, so that
# the bars fit any screen while the text keeps its size.
BAR_AREA = 85  # percent of the width for the longest bar; the rest holds its value
ROW_HEIGHT = 46
LEGEND_HEIGHT = 30


def ranking_chart(ranking: Ranking) -> dict:
    """A horizontal bar per member in rank order: the total, and the self total beneath it."""
    standings = ranking.standings
    longest = max(
        [s.final.total for s in standings] + [s.self_total for s in standings] + [Decimal(1)]
    )

    def length(value: Decimal) -> float:
        return float(max(value, Decimal(0)) / longest * BAR_AREA)

    bars = []
    for index, standing in enumerate(standings):
        top = LEGEND_HEIGHT + index * ROW_HEIGHT
        bars.append(
            {
                "label": f"{standing.final.rank}. {standing.membership.agency.short_name}",
                "value": standing.final.total,
                "secondary": standing.self_total,
                "label_y": top + 13,
                "bar_y": top + 18,
                "bar_width": f"{length(standing.final.total):.2f}%",
                "value_x": f"{length(standing.final.total) + 1:.2f}%",
                "value_y": top + 30,
                "secondary_y": top + 35,
                "secondary_width": f"{length(standing.self_total):.2f}%",
            }
        )
    return {
        "title": _("Total points by member, in rank order"),
        "description": _(
            "Each member has a thick bar for the total and a thin bar beneath it for the "
            "self-assessed total. The table gives the same figures."
        ),
        "legend": _("Total"),
        "secondary_legend": _("Self-assessed total"),
        "height": LEGEND_HEIGHT + len(bars) * ROW_HEIGHT,
        "bars": bars,
    }

"""The scoring table of a term report: each ranked member's points, self-assessed and final,
by top-level group and by criterion, as the ranking computed them (scoring.ranking)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from scoring import calculation
from scoring.ranking import Ranking, Standing


@dataclass(frozen=True)
class ScoreRow:
    standing: Standing
    self_groups: dict[str, Decimal]
    self_points: dict[int, Decimal]  # by criterion id

    @property
    def final_groups(self) -> dict[str, Decimal]:
        return self.standing.final.groups

    @property
    def final_points(self) -> dict[int, Decimal]:
        return self.standing.final.points


def score_rows(ranking: Ranking) -> list[ScoreRow]:
    """The ranking's standings in rank order, with the self-assessed points beside the final
    ones: the ranking keeps only the self-assessed total, so they are counted here by the same
    calculation (scoring.calculation.total at the "self" stage)."""
    best_self = calculation.best_ratios(ranking.rules, ranking.entries, "self")
    rows = []
    for standing in ranking.standings:
        _total, groups, points = calculation.total(
            ranking.rules, ranking.entries.get(standing.membership.pk, []), "self", best_self
        )
        rows.append(ScoreRow(standing, groups, points))
    return rows

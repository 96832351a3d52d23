"""Whether a unit may be nominated for an award, each check with the reason it failed.

A nomination is filed only when every check passes: the year's ranking is published, the
unit's assessment is final, the vote passed, the unit is under no discipline, inspection,
investigation or unresolved complaint (Decree 152/2025/NĐ-CP), it meets the award's standard,
and the award's quota for the cluster and year is not used up.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from clusters.models import ClusterYear

from .calculation import shown
from .models import Assessment, AwardType, Nomination, RankingPublication, StandingRecord
from .ranking import Ranking, year_ranking


@dataclass(frozen=True)
class Check:
    label: str
    passed: bool
    detail: str = ""


def meets_standard(award: AwardType, ranking: Ranking) -> set[int]:
    """Ids of the memberships whose final total meets `award`'s standard."""
    standings = ranking.standings
    if award.requires_excellent:
        threshold = ranking.cluster_year.excellent_min
        if threshold is None:
            return set()
        standings = [s for s in standings if s.final.total >= threshold]
    return {s.membership.pk for s in standings}


def quota(award: AwardType, ranking: Ranking) -> tuple[int | None, str]:
    """How many nominations for `award` the cluster year may file (None: no limit), and how
    that number comes about."""
    limits = []
    if award.quota_per_cluster is not None:
        limits.append(
            (
                award.quota_per_cluster,
                _("at most %(count)s per cluster and year") % {"count": award.quota_per_cluster},
            )
        )
    if award.quota_percent is not None:
        base = len(meets_standard(award.quota_base, ranking))
        allowed = math.floor(base * award.quota_percent / 100)
        limits.append(
            (
                allowed,
                _("%(percent)s%% of the %(base)s units that met the standard of “%(award)s”")
                % {
                    "percent": shown(award.quota_percent),
                    "base": base,
                    "award": award.quota_base,
                },
            )
        )
    if not limits:
        return None, ""
    return min(limits, key=lambda limit: limit[0])


def nomination_checks(
    nomination: Nomination,
    *,
    ranking: Ranking | None = None,
    today: datetime.date | None = None,
) -> list[Check]:
    """Every check, passed or not; `ranking`: the year's, when the caller already has it."""
    membership = nomination.membership
    cluster_year: ClusterYear = membership.cluster_year
    award = nomination.award_type
    today = today or timezone.localdate()
    checks = []

    published = RankingPublication.objects.filter(
        cluster_year=cluster_year, period=Assessment.Period.YEAR
    ).exists()
    checks.append(
        Check(
            _("The year's ranking is published"),
            published,
            "" if published else _("The secretariat publishes the ranking once all is final."),
        )
    )

    ranking = ranking or year_ranking(cluster_year)
    standing = next((s for s in ranking.standings if s.membership.pk == membership.pk), None)
    final = standing is not None and standing.assessment.status == Assessment.Status.FINAL
    checks.append(
        Check(
            _("The unit's assessment is final"),
            final,
            ""
            if final
            else (
                _("Its assessment is “%(status)s”.")
                % {"status": standing.assessment.get_status_display()}
                if standing
                else _("The unit has no assessment for the year.")
            ),
        )
    )

    result = nomination.proposal.result
    if result is None:
        vote = Check(_("The vote passed"), False, _("The vote has not closed."))
    else:
        vote = Check(
            _("The vote passed"),
            result.passed,
            _("%(for)s of %(electorate)s members voted for; %(needed)s were needed.")
            % {"for": result.votes_for, "electorate": result.electorate, "needed": result.needed},
        )
    checks.append(vote)

    records = [
        record
        for record in StandingRecord.objects.filter(agency=membership.agency_id)
        if record.is_active_on(today)
    ]
    checks.append(
        Check(
            _("No discipline, inspection, investigation or unresolved complaint"),
            not records,
            "; ".join(
                _("%(status)s since %(date)s")
                % {
                    "status": record.get_kind_display(),
                    "date": date_format(record.started_on, "SHORT_DATE_FORMAT"),
                }
                for record in records
            ),
        )
    )

    if award.requires_excellent:
        met = standing is not None and membership.pk in meets_standard(award, ranking)
        checks.append(
            Check(
                _("The unit is classified “excellent”"),
                met,
                ""
                if met
                else _("Its total is %(total)s; “excellent” starts at %(threshold)s.")
                % {
                    "total": shown(standing.final.total if standing else Decimal(0)),
                    "threshold": shown(cluster_year.excellent_min or Decimal(0)),
                },
            )
        )

    allowed, rule = quota(award, ranking)
    if allowed is not None:
        used = (
            Nomination.objects.counting_towards_quota()
            .filter(membership__cluster_year=cluster_year, award_type=award)
            .exclude(pk=nomination.pk)
            .count()
        )
        checks.append(
            Check(
                _("The quota for this award is not exceeded"),
                used < allowed,
                ngettext(
                    "The quota is %(allowed)s (%(rule)s); %(used)s nomination is already filed.",
                    "The quota is %(allowed)s (%(rule)s); %(used)s nominations are already filed.",
                    used,
                )
                % {"allowed": allowed, "rule": rule, "used": used},
            )
        )
    return checks

"""Publishing a period's ranking once every assessment is final."""

from __future__ import annotations

from auditlog.context import set_actor
from django.db import transaction
from django.utils.translation import gettext as _

from clusters.models import ClusterYear, User
from emulation.errors import DomainError

from .. import notices
from ..models import (
    Assessment,
    RankingPublication,
)
from ..ranking import year_ranking

Period = Assessment.Period


@transaction.atomic
def ranking_publish(
    *, cluster_year: ClusterYear, by: User | None, period: str = Assessment.Period.YEAR
) -> RankingPublication:
    unfinished = year_ranking(cluster_year, period=period).unfinished
    if unfinished:
        raise DomainError(
            _("Not every assessment is final yet: %(agencies)s.")
            % {"agencies": ", ".join(m.agency.short_name for m in unfinished)}
        )
    if RankingPublication.objects.filter(cluster_year=cluster_year, period=period).exists():
        raise DomainError(_("The ranking is already published."))
    with set_actor(by):
        publication = RankingPublication.objects.create(
            cluster_year=cluster_year, period=period, published_by=by
        )
    notices.ranking_published(publication)
    return publication

"""The movements' section of a term report (báo cáo sơ kết / tổng kết): per movement of the
year, its contents with what measures them and what they serve, and for each phase ended by
the period's end what each participating agency reported on each content.

A fixed number of queries whatever the number of movements, contents, agencies or reports.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db.models import Prefetch

from clusters.models import ClusterYear, MovementPhase, Participant, PhaseReport
from scoring.movement_links import ContentCriterion


def movement_sections(cluster_year: ClusterYear, *, until: datetime.date) -> list[dict]:
    movements = list(
        cluster_year.movements.select_related("launched_at").prefetch_related(
            "contents__commitments",
            Prefetch(
                "contents__criterion_links",
                queryset=ContentCriterion.objects.select_related("criterion"),
            ),
            Prefetch("phases", queryset=MovementPhase.objects.filter(ends_on__lte=until)),
            Prefetch("participants", queryset=Participant.objects.select_related("agency")),
        )
    )
    reports = defaultdict(dict)
    for report in PhaseReport.objects.filter(
        phase__movement__in=movements, phase__ends_on__lte=until
    ).prefetch_related("evidence"):
        reports[report.phase_id][(report.content_id, report.agency_id)] = report
    sections = []
    for movement in movements:
        contents = list(movement.contents.all())
        agencies = [participant.agency for participant in movement.participants.all()]
        phases = []
        for phase in movement.phases.all():
            found = reports[phase.pk]
            phases.append(
                {
                    "phase": phase,
                    "reported": len({agency_id for _content, agency_id in found}),
                    "contents": [
                        {
                            "content": content,
                            "rows": [
                                (agency, found.get((content.pk, agency.pk))) for agency in agencies
                            ],
                        }
                        for content in contents
                    ],
                }
            )
        sections.append(
            {
                "movement": movement,
                "contents": contents,
                "participant_count": len(agencies),
                "phases": phases,
            }
        )
    return sections

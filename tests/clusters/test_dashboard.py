"""The secretariat's tasks on the dashboard, from the counts of its years."""

from __future__ import annotations

from django.utils import translation

from clusters import services
from clusters.services import Signature
from emulation.site.dashboard import dashboard_for
from scoring import services as scoring_services
from scoring.models import RankingPublication
from tests.fixtures.scoring import SELF_SCORES, submit_self


def tasks(world) -> list[str]:
    with translation.override("en"):
        board = dashboard_for(world.secretariat_user)
    (year, year_tasks) = next((y, t) for y, t in board["secretariat"] if y.pk == world.year.pk)
    return [task.text for task in year_tasks]


def test_a_new_year_asks_for_its_covenant_deadline_and_year_end(world):
    found = tasks(world)
    assert "Write the covenant and its commitments." in found
    assert "Set the self-assessment deadline." in found
    assert "Record the year-end review conference." in found  # today is after 01/11/2025


def test_signatories_and_assessments_are_counted_per_year(world, criteria, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    covenant = services.covenant_save(
        cluster_year=world.year, title="Giao ước thi đua năm 2025", commitments=["Một"], by=None
    )
    services.signatories_set(
        covenant=covenant,
        signatures=[
            Signature(membership=world.memberships[letter], signer_name="Ký", signer_title="")
            for letter in "AB"
        ],
        by=None,
    )
    assessment = scoring_services.assessment_open(membership=world.memberships["C"], by=None)
    submit_self(assessment, SELF_SCORES | {"1.3": "1"})
    found = tasks(world)
    assert "Record the covenant's signatories (2 of 4)." in found
    assert "1 self-assessments await review." in found


def test_a_finished_year_asks_to_publish_then_nothing(year_end):
    RankingPublication.objects.all().delete()
    assert "Every assessment is final: publish the ranking." in tasks(year_end)
    scoring_services.ranking_publish(cluster_year=year_end.year, by=None)
    assert "Every assessment is final: publish the ranking." not in tasks(year_end)
    assert "Record the year-end review conference." not in tasks(year_end)

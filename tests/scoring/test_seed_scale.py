"""`manage.py seed_scale`: the benchmarks' dataset keeps the invariants the services keep."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from clusters.access import is_ministry
from clusters.models import Agency, Cluster, ClusterYear, Membership, Officer, User
from emulation.site import scale
from scoring import criteria_tree
from scoring.calculation import Rule, value_error
from scoring.models import Assessment, AssessmentEvent, CriteriaSet, Criterion, Score
from scoring.ranking import year_ranking

pytestmark = pytest.mark.usefixtures("english_messages")

SIZE = {"clusters": 2, "members": 3, "criteria": 5}


def _seed(**options) -> str:
    out = StringIO()
    call_command("seed_scale", stdout=out, **(SIZE | options))
    return out.getvalue()


def _years():
    return ClusterYear.objects.filter(cluster__supervisor_name=scale.SUPERVISOR).order_by(
        "cluster__number"
    )


@pytest.mark.django_db
def test_every_year_has_its_members_officers_and_one_criteria_set():
    _seed()

    years = list(_years())
    assert [year.cluster.number for year in years] == ["1", "2"]
    for year in years:
        assert year.memberships.count() == 3
        assert set(year.officers.values_list("role", flat=True)) == {
            Officer.Role.HEAD,
            Officer.Role.DEPUTY_1,
        }
        criteria_set = year.criteria_sets.get()
        assert criteria_set.version == 1
        assert criteria_set.criteria.exclude(kind=Criterion.Kind.GROUP).count() == 5
        assert criteria_tree.check_criteria(criteria_tree.criteria_rows(criteria_set)) == []
        for criterion in criteria_set.criteria.filter(parent__isnull=False):
            assert criterion.parent.criteria_set_id == criteria_set.pk
            assert criterion.code.rsplit(".", 1)[0] == criterion.parent.code


@pytest.mark.django_db
def test_every_member_has_one_assessment_with_one_score_per_scored_criterion():
    _seed()

    for membership in Membership.objects.filter(cluster_year__in=_years()):
        assessment = membership.assessments.get()
        assert assessment.period == Assessment.Period.YEAR
        assert assessment.criteria_set.cluster_year_id == membership.cluster_year_id
        scored = set(
            assessment.criteria_set.criteria.exclude(kind=Criterion.Kind.GROUP).values_list(
                "pk", flat=True
            )
        )
        assert set(assessment.scores.values_list("criterion_id", flat=True)) == scored
    assert Score.objects.count() == 2 * 3 * 5


@pytest.mark.django_db
def test_every_row_passes_the_models_validation():
    _seed()

    for model in (Agency, Cluster, ClusterYear, Membership, Officer, CriteriaSet, Criterion):
        for row in model.objects.all():
            row.full_clean()
    for score in Score.objects.select_related("criterion"):
        score.full_clean()
        problem = value_error(Rule.of(score.criterion), score.self_value, score.target)
        assert problem is None, (score.criterion.code, problem)


@pytest.mark.django_db
def test_final_clusters_rank_completely_and_scoring_clusters_are_open_drafts():
    _seed()

    final, scoring = _years()  # clusters 1 and 2
    ranking = year_ranking(final)
    assert ranking.complete
    assert len(ranking.standings) == 3
    for assessment in Assessment.objects.for_year(final):
        assert assessment.status == Assessment.Status.FINAL
        assert list(assessment.events.values_list("action", flat=True)) == [
            AssessmentEvent.Action.SUBMITTED,
            AssessmentEvent.Action.FINALISED,
        ]
        assert not assessment.scores.filter(final_value__isnull=True).exists()
    for assessment in Assessment.objects.for_year(scoring):
        assert assessment.self_assessment_open()
        assert not assessment.scores.filter(self_value__isnull=True).exists()
        assert not assessment.scores.filter(final_value__isnull=False).exists()


@pytest.mark.django_db
def test_a_member_of_a_scoring_cluster_can_save_its_self_assessment_again_and_again():
    _seed()
    user = User.objects.get(username=scale.member_username(2, 3))
    assessment = Assessment.objects.get(membership__agency=user.agency)
    client = Client()
    client.force_login(user)
    url = reverse("scoring:assessment_self", args=[assessment.pk])
    data = {
        f"{field}_{score.criterion_id}": value
        for score in assessment.scores.all()
        for field, value in (
            ("value", score.self_value),
            ("target", score.target or ""),
            ("note", "ghi chú"),
        )
    }

    for revision in (assessment.revision, assessment.revision + 1):
        response = client.post(url, data | {"revision": revision})
        assert response.status_code == 302, response.content.decode()[:500]

    assessment.refresh_from_db()
    assert assessment.revision == 3


@pytest.mark.django_db
def test_the_load_test_users_exist_with_their_roles():
    output = _seed()

    assert scale.PASSWORD in output
    ministry = User.objects.get(username="quymo.bo")
    assert is_ministry(ministry)
    assert ministry.check_password(scale.PASSWORD)
    head = User.objects.get(username=scale.member_username(1, 1))
    first = _years().first()
    assert first.officers.get(role=Officer.Role.HEAD).membership.agency == head.agency
    assert User.objects.filter(username__startswith="quymo.c").count() == 2 * 3


@pytest.mark.django_db
def test_the_seed_is_deterministic_and_adds_nothing_when_run_again():
    _seed()
    values = list(Score.objects.order_by("pk").values_list("self_value", "target"))

    output = _seed()

    assert "already" in output
    assert list(Score.objects.order_by("pk").values_list("self_value", "target")) == values
    assert Cluster.objects.filter(supervisor_name=scale.SUPERVISOR).count() == 2


@pytest.mark.django_db
def test_another_size_on_a_seeded_database_is_refused():
    _seed()

    with pytest.raises(CommandError, match="fresh database"):
        _seed(clusters=3)


@pytest.mark.django_db
def test_a_year_needs_a_head_and_a_deputy():
    with pytest.raises(CommandError, match="at least 2"):
        _seed(members=1)

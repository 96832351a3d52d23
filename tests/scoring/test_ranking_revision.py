"""The ranking kept in the cache is found again only while its revision is the same, and the
database moves the revision on every write that feeds the ranking (scoring.RankingRevision,
triggers of migrations 0006 and 0011): after EVERY kind of write, made through the services,
the page served (its cached copy) equals a fresh computation of it."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import update_last_login
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.urls import reverse

from clusters import services as cluster_services
from clusters.accounts.services import profile_update
from clusters.models import Agency
from scoring import criteria_tree, services, undo
from scoring.models import Assessment, Criterion, RankingPublication, RankingRevision, Score
from scoring.ranking import revision, year_ranking
from scoring.services import CriterionData, Entered

Kind = Criterion.Kind
pytestmark = pytest.mark.django_db(transaction=False)


def _normalised(html: str) -> str:
    """The page without what differs from one request to the next (CSP nonce, CSRF token)."""
    html = re.sub(r'nonce="[^"]*"', "", html)
    return re.sub(r'(name="csrfmiddlewaretoken" value=")[^"]*"', r"\1", html)


class Page:
    """The year's ranking page as the secretariat sees it, and the same page computed afresh."""

    def __init__(self, client, world):
        self.client, self.world = client, world
        client.force_login(world.secretariat_user)
        self.url = reverse("scoring:ranking", args=[world.year.pk])

    def served(self) -> str:
        response = self.client.get(self.url)
        assert response.status_code == 200
        return _normalised(response.content.decode())

    def fresh(self) -> str:
        cache.clear()
        page = self.served()
        return page

    def check(self, what: str) -> str:
        """The page served equals a fresh computation; the page is then in the cache again."""
        served = self.served()
        assert served == self.fresh(), f"stale ranking page after: {what}"
        assert self.served() == served  # found again in the cache
        return served


def _entries(assessment: Assessment, values: dict[str, str], target: str | None = None):
    codes = dict(assessment.criteria_set.criteria.values_list("code", "pk"))
    return {
        codes[code]: Entered(Decimal(value), target=Decimal(target) if target else None)
        for code, value in values.items()
        if code in codes
    }


def _submit(assessment: Assessment) -> Assessment:
    """Submitted, every criterion scored, with the evidence its criteria ask for."""
    missing = {}
    for score in assessment.scores.select_related("criterion").filter(
        criterion__criteria_set=assessment.criteria_set, self_value__isnull=True
    ):
        kind = score.criterion.kind
        if kind == Kind.GROUP:
            continue
        value = score.criterion.max_points if kind == Kind.PASS_FAIL else Decimal("1")
        if kind == Kind.QUANTITATIVE:
            missing[score.criterion_id] = Entered(Decimal("50"), target=Decimal("100"))
        else:
            missing[score.criterion_id] = Entered(value)
    if missing:
        assessment = services.assessment_save_self(
            assessment=assessment, entries=missing, revision=assessment.revision, by=None
        )
    for score in assessment.scores.filter(
        criterion__criteria_set=assessment.criteria_set, criterion__evidence_required=True
    ):
        services.evidence_add(
            score=score,
            upload=SimpleUploadedFile("minh-chung.pdf", b"%PDF-1.4\n%%EOF\n"),
            by=None,
        )
    return services.assessment_submit(assessment=assessment, by=None)


def _points(page: str, agency: str) -> str:
    """The row of an agency in the standing table (for the assertions that something moved)."""
    row = rf"<tr[^>]*>(?:(?!</tr>).)*{re.escape(agency)}(?:(?!</tr>).)*</tr>"
    match = re.search(row, page, re.S)
    return match.group(0) if match else ""


def test_every_write_that_feeds_the_ranking_shows_on_the_page_at_once(
    client, world, criteria, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    page = Page(client, world)
    page.check("nothing yet")

    # The year's settings.
    cluster_services.cluster_year_update(
        cluster_year=world.year,
        by=None,
        excellent_min=Decimal("30"),
        good_min=Decimal("20"),
        fair_min=Decimal("10"),
    )
    page.check("thresholds")

    # Assessments opened, then each stage's scores.
    opened = {
        letter: services.assessment_open(membership=world.memberships[letter], by=None)
        for letter in "ABC"
    }
    page.check("assessments opened")
    a = opened["A"]
    a = services.assessment_save_self(
        assessment=a,
        entries=_entries(a, {"1.1": "8", "1.2": "5", "1.3": "2", "2.1": "90"}, target="100"),
        revision=a.revision,
        by=None,
    )
    before = page.check("self scores")
    assert "Hải Phòng" in before
    b = opened["B"]
    b = services.assessment_save_self(
        assessment=b,
        entries=_entries(b, {"1.1": "6", "1.2": "0", "1.3": "1", "2.1": "50"}, target="100"),
        revision=b.revision,
        by=None,
    )
    page.check("another member's self scores")
    a = _submit(a)
    page.check("submission")
    a = services.assessment_save_review(
        assessment=a, entries=_entries(a, {"1.1": "7"}), revision=a.revision, by=None
    )
    after = page.check("reviewed scores")
    assert _points(after, "Hải Phòng") != _points(before, "Hải Phòng")
    a = services.assessment_return(assessment=a, comment="Giải trình tiêu chí 1.1", by=None)
    page.check("returned for explanation")
    a = services.assessment_save_explanation(
        assessment=a, entries=_entries(a, {"1.1": "8"}), revision=a.revision, by=None
    )
    page.check("explained scores")
    a = services.assessment_send_explanation(assessment=a, comment="Đã giải trình", by=None)
    page.check("explanation sent")
    a = services.assessment_save_review(
        assessment=a, entries=_entries(a, {"1.1": "9"}), revision=a.revision, by=None
    )
    page.check("final scores")
    a = services.assessment_finalise(assessment=a, by=None)
    page.check("finalised")

    # The criteria: a new version once scoring started, a criterion changed, added, removed.
    rows = criteria_tree.criteria_rows(world.year.criteria_sets.current())
    rows[1] = CriterionData(
        "1.1", "Hoàn thành kế hoạch đối ngoại năm", Kind.POINTS, Decimal("12"), True
    )
    services.criteria_replace(cluster_year=world.year, rows=rows, by=None)
    page.check("criteria replaced (new version)")
    c = services.assessment_carry_over(assessment=opened["C"], by=None)
    page.check("assessment carried over to the new version")
    c = services.assessment_save_self(
        assessment=c,
        entries=_entries(c, {"1.1": "12", "1.2": "5", "1.3": "3", "2.1": "100"}, target="100"),
        revision=c.revision,
        by=None,
    )
    page.check("self scores on the new version")
    current = world.year.criteria_sets.current()
    services.criterion_update(
        criterion=current.criteria.get(code="3.1"),
        data=CriterionData("3.1", "Sáng kiến được công nhận cấp bộ", Kind.BONUS, Decimal("4")),
        by=None,
    )
    page.check("criterion changed")
    services.criterion_add(
        cluster_year=world.year,
        data=CriterionData("1.4", "Tham mưu kịp thời", Kind.POINTS, Decimal("2")),
        by=None,
    )
    page.check("criterion added")
    services.criterion_delete(
        criterion=world.year.criteria_sets.current().criteria.get(code="1.4"), by=None
    )
    page.check("criterion removed")

    # Membership and names.
    cluster_services.agency_update(agency=world.agencies["A"], by=None, name="Sở Ngoại vụ HP")
    assert "Sở Ngoại vụ HP" in page.check("agency renamed")
    cluster_services.agency_update(agency=world.agencies["C"], by=None, short_name="Phú Thọ mới")
    assert "Phú Thọ mới" in page.check("agency short name")
    newcomer = cluster_services.agency_create(
        by=None, name="Sở Ngoại vụ Lào Cai", short_name="Lào Cai", kind=Agency.Kind.DEPARTMENT
    )
    membership = cluster_services.membership_add(cluster_year=world.year, agency=newcomer, by=None)
    page.check("member added")
    cluster_services.membership_remove(membership=membership, by=None)
    page.check("member removed")
    successor = cluster_services.agency_create(
        by=None, name="Sở Ngoại vụ Bắc Bộ", short_name="Bắc Bộ", kind=Agency.Kind.DEPARTMENT
    )
    cluster_services.agency_merge(
        sources=[world.agencies["D"]],
        into=successor,
        effective=datetime.date(2025, 7, 1),
        by=None,
    )
    page.check("merger (a member leaves, its successor joins)")

    # Tie-break and settings once more, then every assessment final and the publication.
    cluster_services.cluster_year_update(
        cluster_year=world.year, by=None, excellent_min=Decimal("25")
    )
    page.check("threshold changed")
    for assessment in Assessment.objects.filter(
        membership__cluster_year=world.year, status=Assessment.Status.DRAFT
    ):
        _submit(assessment)
        services.assessment_finalise(assessment=assessment, by=None)
    for membership in year_ranking(world.year).unassessed:
        assessment = services.assessment_open(membership=membership, by=None)
        assessment = _submit(assessment)
        services.assessment_finalise(assessment=assessment, by=None)
    page.check("every assessment final")
    secretary = world.secretariat_user
    services.ranking_publish(cluster_year=world.year, by=secretary)
    page.check("published")
    # Who published (the revision stands for the name too) and the cluster's title (in the key).
    profile_update(
        person=secretary,
        full_name="Trần Thị Mới",
        job_title="",
        notification_mail=secretary.notification_mail,
        by=secretary,
    )
    assert "Trần Thị Mới" in page.check("the publisher renamed")
    cluster_services.cluster_update(cluster=world.year.cluster, name="Cụm mới đặt tên", by=None)
    assert "Cụm mới đặt tên" in page.check("the cluster renamed")
    undo.ranking_withdraw(
        cluster_year=world.year, period=Assessment.Period.YEAR, reason="Sai số liệu", by=None
    )
    page.check("publication withdrawn")
    services.assessment_reopen(
        assessment=Assessment.objects.get(membership=world.memberships["A"], period="year"),
        until=datetime.date(2099, 1, 1),
        reason="Bổ sung minh chứng",
        by=None,
    )
    page.check("assessment reopened")


def test_a_write_that_goes_around_the_services_moves_the_revision_too(world, criteria):
    """The revision is the database's: even a raw UPDATE of one score moves it."""
    assessment = services.assessment_open(membership=world.memberships["A"], by=None)
    first = revision(world.year)
    score = assessment.scores.first()
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Score._meta.db_table} SET self_value = 1 WHERE id = %s",  # noqa: S608
            [score.pk],
        )
    second = revision(world.year)
    assert second != first
    assert revision(world.other_year) == revision(world.other_year)  # untouched: stable
    Score.objects.filter(pk=score.pk).update(self_value=2)  # a queryset update
    assert revision(world.year) not in (first, second)


def test_a_write_rolled_back_never_gives_its_revision_to_another(world, criteria):
    """A ranking computed inside a transaction that is then rolled back is kept under a
    revision that no later write can take again (a sequence; random numbers on SQLite)."""
    assessment = services.assessment_open(membership=world.memberships["A"], by=None)
    before = revision(world.year)
    try:
        with transaction.atomic():
            assessment.scores.update(self_value=3)
            rolled_back = revision(world.year)
            raise RuntimeError
    except RuntimeError:
        pass
    assert revision(world.year) == before
    assessment.scores.update(self_value=4)
    assert revision(world.year) not in (before, rolled_back)


def test_other_years_keep_their_revision(world, criteria):
    other = revision(world.other_year)
    services.assessment_open(membership=world.memberships["A"], by=None)
    assert revision(world.other_year) == other
    assert RankingRevision.objects.filter(cluster_year_id=world.year.pk).exists()


def test_the_publishers_name_moves_the_revision_and_a_sign_in_does_not(world, criteria):
    """The page names who published: renaming them moves the revision of the years whose
    ranking they published, and only those; a sign-in (last_login) moves nothing."""
    secretary = world.secretariat_user
    RankingPublication.objects.create(cluster_year=world.year, published_by=secretary)
    published, other = revision(world.year), revision(world.other_year)
    update_last_login(None, secretary)
    assert revision(world.year) == published
    secretary.full_name = "Trần Thị Mới"
    secretary.save(update_fields=["full_name"])
    assert revision(world.year) != published
    assert revision(world.other_year) == other

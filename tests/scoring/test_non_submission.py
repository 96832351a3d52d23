"""A member that does not submit: after the deadline the secretariat records it (asking first,
with the reason, into the change log, told to the member); the ranking lists it last without
a rank or a classification, its draft counts for nothing, and the publication goes on; the
exports and the term report show it the same way; the record is taken back until the
publication.

The world's year: C, D and A submitted and are final; B kept a draft whose figure against the
target (300 of 100) would beat everybody's, and the deadline has passed.
"""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from clusters import services as cluster_services
from clusters.models import Notification
from reports import documents
from reports.spreadsheets import scores_workbook
from scoring import services, undo
from scoring.models import NonSubmission, RankingPublication, Reversal
from scoring.ranking import year_ranking
from scoring.services import Entered
from scoring.spreadsheets import ranking_workbook

YEAR = "year"
SCORES = {  # 1.1, 1.2, 1.3 count, 2.1 figure against a target of 100
    "C": ("10", "5", "3", "100"),
    "D": ("9", "5", "3", "95"),
    "A": ("8", "5", "2", "90"),
    "B": ("6", "0", "1", "300"),
}


pytestmark = pytest.mark.usefixtures("in_english")


@pytest.fixture
def missed(world, criteria, open_assessment, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    for letter, values in SCORES.items():
        assessment = open_assessment(letter)
        codes = dict(assessment.criteria_set.criteria.values_list("code", "pk"))
        points, passed, count, figure = (Decimal(v) for v in values)
        assessment = services.assessment_save_self(
            assessment=assessment,
            entries={
                codes["1.1"]: Entered(points),
                codes["1.2"]: Entered(passed),
                codes["1.3"]: Entered(count),
                codes["2.1"]: Entered(figure, target=Decimal("100")),
            },
            revision=assessment.revision,
            by=None,
        )
        if letter == "B":
            world.b_assessment = assessment
            continue
        services.evidence_add(
            score=assessment.scores.get(criterion_id=codes["1.1"]),
            upload=SimpleUploadedFile("minh-chung.pdf", b"%PDF-1.4\n%%EOF\n"),
            by=None,
        )
        assessment = services.assessment_submit(assessment=assessment, by=None)
        services.assessment_finalise(assessment=assessment, by=None)
    cluster_services.cluster_year_update(
        cluster_year=world.year,
        self_assessment_deadline=timezone.localdate() - datetime.timedelta(days=1),
        by=None,
    )
    world.year.refresh_from_db()
    return world


def _record(w, reason="Không gửi báo cáo tự chấm đúng hạn", by=None):
    return services.non_submission_record(
        membership=w.memberships["B"], period=YEAR, reason=reason, by=by
    )


def test_recording_is_refused_before_the_deadline_and_without_a_reason(missed):
    w = missed
    cluster_services.cluster_year_update(
        cluster_year=w.year, self_assessment_deadline=timezone.localdate(), by=None
    )
    with pytest.raises(ValidationError, match="has not passed yet: Thái Nguyên"):
        _record(w)
    cluster_services.cluster_year_update(
        cluster_year=w.year,
        self_assessment_deadline=timezone.localdate() - datetime.timedelta(days=1),
        by=None,
    )
    with pytest.raises(ValidationError, match="Say why"):
        _record(w, reason="  ")
    with pytest.raises(ValidationError, match="has submitted its self-assessment"):
        services.non_submission_record(
            membership=w.memberships["C"], period=YEAR, reason="Nhầm", by=None
        )
    assert not NonSubmission.objects.exists()


def test_the_non_submitter_is_ranked_last_and_no_longer_blocks_the_publication(missed):
    w = missed
    with pytest.raises(ValidationError, match="Not every assessment is final yet: Thái Nguyên"):
        services.ranking_publish(cluster_year=w.year, by=None)

    record = _record(w, by=w.secretariat_user)

    ranking = year_ranking(w.year)
    assert [s.membership for s in ranking.standings] == [w.memberships[x] for x in "CDA"]
    assert [r.membership for r in ranking.not_submitted] == [w.memberships["B"]]
    assert ranking.unassessed == [] and ranking.complete
    # B's draft counts for nothing, not even the best ratio of 2.1: C's 100 of 100 is the best.
    assert ranking.standings[0].final.total == Decimal("41")
    # The change log has it with who recorded it; B's staff are told, with the reason.
    created = LogEntry.objects.get_for_object(record).get(action=LogEntry.Action.CREATE)
    assert created.actor == w.secretariat_user
    assert Notification.objects.filter(
        user=w.deputy_user, body="Không gửi báo cáo tự chấm đúng hạn"
    ).exists()
    assert not Notification.objects.filter(
        user=w.member_user, body="Không gửi báo cáo tự chấm đúng hạn"
    ).exists()

    services.ranking_publish(cluster_year=w.year, by=None)
    assert RankingPublication.objects.filter(cluster_year=w.year).exists()


def test_the_secretariat_records_it_through_a_confirmation_page(client, missed):
    w = missed
    url = (
        reverse("scoring:non_submission_record", args=[w.year.pk, w.memberships["B"].pk])
        + "?period=year"
    )
    client.force_login(w.member_user)
    assert client.get(url).status_code == 403
    client.force_login(w.secretariat_user)
    listing = client.get(reverse("scoring:assessment_list", args=[w.year.pk]))
    assert url.replace("&", "&amp;") in listing.content.decode()
    page = client.get(url)
    assert page.status_code == 200
    assert "lists Thái Nguyên last, without a rank or a classification" in page.content.decode()
    assert client.post(url, {"reason": "Quá hạn"}).status_code == 400  # not confirmed
    assert client.post(url, {"confirm": "on"}).status_code == 400  # no reason
    assert not NonSubmission.objects.exists()
    response = client.post(url, {"reason": "Quá hạn", "confirm": "on"})
    assert response.status_code == 302
    assert NonSubmission.objects.get().reason == "Quá hạn"

    ranking_page = client.get(reverse("scoring:ranking", args=[w.year.pk])).content.decode()
    rows = ranking_page.split("<tbody>")[1].split("</tbody>")[0].split("<tr")[1:]
    assert len(rows) == 4
    assert "Did not submit" in rows[-1] and "Quá hạn" in rows[-1]
    assert ">—<" in rows[-1]  # no rank
    publish = reverse("scoring:ranking_publish", args=[w.year.pk]) + "?period=year"
    confirm = client.get(publish).content.decode()
    assert "(did not submit): Thái Nguyên" in confirm
    assert "Not every assessment is final" not in confirm


def test_the_exports_and_the_term_report_show_it_last(missed):
    w = missed
    _record(w, reason="Không gửi báo cáo")
    with translation.override("vi"):
        ranking = year_ranking(w.year)
        sheet = load_workbook(io.BytesIO(ranking_workbook(ranking)))["Xếp hạng"]
        rows = [row for row in sheet.iter_rows(values_only=True) if any(row)]
        note = rows[2].index("Ghi chú")
        assert rows[-1][0] is None
        assert rows[-1][note] == "Không nộp: Không gửi báo cáo"
        assert rows[-2][0] == 3  # A, ranked third
        data, _title = scores_workbook(ranking)
        summary = load_workbook(io.BytesIO(data))["Tổng hợp"]
        last = [row for row in summary.iter_rows(values_only=True) if any(row)][-1]
        assert (last[0], last[-1]) == (None, "Không nộp")
        report = documents.html(documents.term_report(w.year, YEAR, ranking))
        assert "Không nộp" in report and "Không gửi báo cáo" in report


def test_the_record_is_withdrawn_with_a_reason_until_the_publication(client, missed):
    w = missed
    record = _record(w)
    with pytest.raises(ValidationError, match="withdraw that record first"):
        services.assessment_reopen(
            assessment=w.b_assessment,
            until=timezone.localdate() + datetime.timedelta(days=7),
            reason="Cho nộp lại",
            by=None,
        )
    with pytest.raises(ValidationError, match="Say why"):
        undo.non_submission_withdraw(record=record, reason=" ", by=None)

    url = reverse("scoring:non_submission_withdraw", args=[record.pk])
    client.force_login(w.other_member_user)
    assert client.get(url).status_code == 403
    client.force_login(w.secretariat_user)
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "Sở B đã gửi qua văn thư", "confirm": "on"})
    assert response.status_code == 302
    assert not NonSubmission.objects.exists()
    reversal = Reversal.objects.get()
    assert (reversal.step, reversal.by) == (
        Reversal.Step.NON_SUBMISSION_WITHDRAWN,
        w.secretariat_user,
    )
    assert Notification.objects.filter(user=w.deputy_user, body="Sở B đã gửi qua văn thư").exists()
    assert year_ranking(w.year).unfinished == [w.memberships["B"]]

    # Once the ranking is published, it stands.
    record = _record(w)
    services.ranking_publish(cluster_year=w.year, by=None)
    assert (
        "withdraw the publication first"
        in client.get(reverse("scoring:non_submission_withdraw", args=[record.pk])).content.decode()
    )
    with pytest.raises(ValidationError, match="withdraw the publication first"):
        undo.non_submission_withdraw(record=record, reason="Nhầm", by=None)
    assert NonSubmission.objects.filter(pk=record.pk).exists()

"""The scoring demo of `manage.py seed_demo`: criteria and assessments of Cụm thi đua số 3.

- 2025: a criteria set of 5 groups and a group of bonuses and deductions (25 criteria of every
  kind), and the assessments of the 7 current members in every state of the workflow: 3 final,
  1 explained, 1 returned with a question, 1 submitted and 1 draft, locked since the deadline
  of 05/12/2025 has passed.
- 2022: a smaller criteria set, the 9 members' final assessments and the published ranking;
  the peer vote of the year-end conference of 16/12/2022 (a paper ballot on three proposals,
  one of which falls short), the ministry flag's nomination approved by the ministry, and a
  certificate of merit's nomination waiting in the ministry's queue.

THE SCORES ARE FICTIONAL. The criteria follow what the clusters of local foreign-affairs
agencies score (the themes of their covenants and year-end reviews, see DOMAIN.md), but no
member's score, target, figure, comment or explanation is published: every value below is
invented for the demo and says nothing about the real agencies. So are the vote counts, the
proposals, the nominations and the ministry's decision (its number and date).

Everything is written through `scoring.services` (and `clusters.services` for the year's
settings), as the users would: each member's staff enter the self-assessment (the admin user
enters it for the members that have no demo user), the secretariat's staff review, the
ministry reviews the head's own assessment (Cụm 3 has no deputy in 2025), the secretariat
publishes the 2022 ranking.
"""

from __future__ import annotations

import datetime
import unicodedata
from collections.abc import Mapping, Sequence
from decimal import Decimal
from unittest import mock

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from clusters import services as cluster_services
from clusters.models import Cluster, ClusterYear, Conference, Membership, User
from scoring import services
from scoring.access import can_review
from scoring.models import Assessment, Ballot, Criterion
from scoring.services import CriterionData, Entered

from . import directory
from .clusters import CUM_3_MEMBERS_2022
from .scoring_data import (
    CRITERIA_2022,
    CRITERIA_2025,
    EXPLANATION_COMMENTS_2025,
    EXPLANATION_EVIDENCE_2025,
    EXPLANATIONS_2025,
    FINAL,
    MEMBERS_2025,
    NOTE,
    RETURN_COMMENTS_2025,
    REVIEWS_2022,
    REVIEWS_2025,
    SELF_2022,
    SELF_2025,
    SELF_NOTES_2025,
    STEPS_2025,
    TIE_BREAK_2022,
    TIE_BREAK_2025,
)

Kind = Criterion.Kind

# The services compare the self-assessment deadline with today's date. The demo's 2025
# workflow happened before its deadline (05/12/2025): the seed runs as if today were this day,
# so that it can submit, and it gives the same data whatever day it is loaded on.
SEED_DAY = datetime.date(2025, 12, 1)

# Building -----------------------------------------------------------------------------------


def _decimal(value) -> Decimal:
    return Decimal(str(value))


def _entered(value, text: str = "") -> Entered:
    """A typed value: a number, or "actual/target" for a criterion against a target."""
    if isinstance(value, str) and "/" in value:
        actual, target = value.split("/")
        return Entered(value=_decimal(actual), text=text, target=_decimal(target))
    return Entered(value=None if value is None else _decimal(value), text=text)


def ascii_text(text: str) -> str:
    """Vietnamese without diacritics, for the standard PDF fonts."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c) and ord(c) < 128)


def evidence_pdf(lines: Sequence[str]) -> bytes:
    """A minimal valid one-page PDF (A4, Helvetica) showing `lines`."""

    def escape(line: str) -> str:
        return ascii_text(line).replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    text = " T* ".join(f"({escape(line)}) Tj" for line in lines)
    content = f"BT /F1 12 Tf 16 TL 56 780 Td {text} ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    pdf = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(pdf)


class ScoringDemo:
    """Builds the scoring demo of one cluster year, as the users would."""

    def __init__(self, cluster_year: ClusterYear, by: User, reviewers: Sequence[User]) -> None:
        self.cluster_year = cluster_year
        self.by = by
        self.reviewers = reviewers
        usernames = [spec["username"] for spec in directory.DEMO_USERS]
        self.staff = {
            user.agency_id: user
            for user in User.objects.filter(username__in=usernames).order_by("-pk")
        }
        self.codes: dict[str, int] = {}
        self.rows: dict[str, CriterionData] = {}

    def criteria(self, rows: Sequence[CriterionData], **settings) -> None:
        criteria_set = services.criteria_replace(
            cluster_year=self.cluster_year, rows=rows, by=self.by, note=NOTE
        )
        self.codes = dict(criteria_set.criteria.values_list("code", "pk"))
        self.rows = {row.code: row for row in rows}
        cluster_services.cluster_year_update(cluster_year=self.cluster_year, by=self.by, **settings)

    def membership(self, short_name: str) -> Membership:
        return self.cluster_year.memberships.current().get(agency__short_name=short_name)

    def member_user(self, membership: Membership) -> User:
        """The member's demo user; the admin enters it for the members that have none."""
        return self.staff.get(membership.agency_id, self.by)

    def reviewer(self, assessment: Assessment) -> User:
        for user in self.reviewers:
            if can_review(user, assessment):
                return user
        raise ValidationError(f"No demo user can review {assessment}.")

    def entries(self, values: Mapping[str, tuple]) -> dict[int, Entered]:
        return {self.codes[code]: _entered(value, text) for code, (value, text) in values.items()}

    def evidence(self, assessment: Assessment, code: str, user: User) -> None:
        agency = assessment.membership.agency
        score = assessment.scores.get(criterion_id=self.codes[code])
        content = evidence_pdf(
            [
                f"Minh chung tieu chi {code} - {agency.name}",
                f"Cum thi dua so 3, nam {self.cluster_year.year}",
                "Du lieu minh hoa: tai lieu va so lieu hu cau.",
            ]
        )
        name = f"minh-chung-{code}-{ascii_text(agency.short_name).lower().replace(' ', '-')}.pdf"
        services.evidence_add(
            score=score,
            upload=SimpleUploadedFile(name, content, content_type="application/pdf"),
            by=user,
        )

    def assessment(
        self,
        short_name: str,
        self_values: Mapping[str, object],
        *,
        notes: Mapping[str, str] | None = None,
        steps: Sequence[str] = FINAL,
        review: Mapping[str, tuple] | None = None,
        return_comment: str = "",
        explanation: Mapping[str, tuple] | None = None,
        explanation_comment: str = "",
        explanation_evidence: Sequence[str] = (),
    ) -> Assessment:
        """Open, self-score (with the evidence required), then take `steps` of the workflow."""
        notes, review, explanation = notes or {}, review or {}, explanation or {}
        membership = self.membership(short_name)
        member = self.member_user(membership)
        assessment = services.assessment_open(membership=membership, by=member)
        reviewer = self.reviewer(assessment)
        values = {
            code: (value, notes.get(code, ""))
            for code, value in self_values.items()
            if value is not None
        }
        assessment = services.assessment_save_self(
            assessment=assessment,
            entries=self.entries(values),
            revision=assessment.revision,
            by=member,
        )
        for code, (value, _note) in values.items():
            if self.rows[code].evidence_required and _entered(value).value:
                self.evidence(assessment, code, member)
        for step in steps:
            if step == "submit":
                assessment = services.assessment_submit(assessment=assessment, by=member)
            elif step == "review":
                assessment = services.assessment_save_review(
                    assessment=assessment,
                    entries=self.entries(review),
                    revision=assessment.revision,
                    by=reviewer,
                )
            elif step == "return":
                assessment = services.assessment_return(
                    assessment=assessment, comment=return_comment, by=reviewer
                )
            elif step == "explain":
                assessment = services.assessment_save_explanation(
                    assessment=assessment,
                    entries=self.entries(explanation),
                    revision=assessment.revision,
                    by=member,
                )
                for code in explanation_evidence:
                    self.evidence(assessment, code, member)
                assessment = services.assessment_send_explanation(
                    assessment=assessment, comment=explanation_comment, by=member
                )
            elif step == "finalise":
                assessment = services.assessment_finalise(assessment=assessment, by=reviewer)
        return assessment


def cum_3_year(year: int) -> ClusterYear:
    """Cụm thi đua số 3 (Bắc miền Trung) of the Ministry of Foreign Affairs, `year`."""
    return ClusterYear.objects.get(
        cluster__kind=Cluster.Kind.CLUSTER,
        cluster__number="3",
        cluster__supervisor_name="Bộ Ngoại giao",
        year=year,
    )


def _column(matrix: Mapping[str, tuple], members: Sequence[str], short_name: str) -> dict:
    index = members.index(short_name)
    return {code: values[index] for code, values in matrix.items()}


def seed_scoring(*, by: User) -> None:
    """Criteria, assessments and the 2022 ranking of Cụm thi đua số 3 (see the module doc).

    Does nothing when Cụm 3 2025 already has criteria. `by` is the demo administrator.
    """
    year_2025, year_2022 = cum_3_year(2025), cum_3_year(2022)
    if year_2025.criteria_sets.current() is not None:
        return
    secretariat = User.objects.get(username="cum3.truong")
    ministry = User.objects.get(username="bo.thidua")
    # As if today were SEED_DAY (see there): this replaces django.utils.timezone.localdate
    # for the duration of the seed only, and nothing else.
    with mock.patch("django.utils.timezone.localdate", return_value=SEED_DAY):
        # 2022: reviewed by the admin for the secretariat of the year (Quảng Nam, no demo
        # user), the head's own assessment by the ministry.
        builder = ScoringDemo(year_2022, by, reviewers=[ministry, by])
        builder.criteria(
            CRITERIA_2022,
            tie_break_groups=TIE_BREAK_2022,
            excellent_min=Decimal("95"),
            good_min=Decimal("85"),
            fair_min=Decimal("70"),
        )
        for short_name in CUM_3_MEMBERS_2022:
            builder.assessment(
                short_name,
                _column(SELF_2022, CUM_3_MEMBERS_2022, short_name),
                review=REVIEWS_2022.get(short_name, {}),
            )
        services.ranking_publish(cluster_year=year_2022, by=by)
        _seed_vote_2022(year_2022, secretariat=by, ministry=ministry)

        builder = ScoringDemo(year_2025, by, reviewers=[secretariat, ministry])
        builder.criteria(CRITERIA_2025, tie_break_groups=TIE_BREAK_2025)
        for short_name in MEMBERS_2025:
            builder.assessment(
                short_name,
                _column(SELF_2025, MEMBERS_2025, short_name),
                notes=SELF_NOTES_2025.get(short_name, {}),
                steps=STEPS_2025[short_name],
                review=REVIEWS_2025.get(short_name, {}),
                return_comment=RETURN_COMMENTS_2025.get(short_name, ""),
                explanation=EXPLANATIONS_2025.get(short_name, {}),
                explanation_comment=EXPLANATION_COMMENTS_2025.get(short_name, ""),
                explanation_evidence=EXPLANATION_EVIDENCE_2025.get(short_name, ()),
            )


# The peer vote of Cụm 3's year-end conference of 2022 (fictional counts) ---------------------

FLAG = services.MINISTRY_FLAG
MERIT = services.MINISTERS_MERIT
# (unit, award, for, against, abstain); 9 members present.
VOTES_2022 = (
    ("Đà Nẵng", FLAG, 9, 0, 0),
    ("Thừa Thiên Huế", MERIT, 8, 0, 1),
    ("Quảng Bình", MERIT, 7, 2, 0),
)
ACHIEVEMENTS_2022 = {
    "Đà Nẵng": (
        "Dữ liệu minh họa. Năm 2022, đơn vị hoàn thành xuất sắc các nhiệm vụ đối ngoại được "
        "giao; tổ chức tốt các đoàn vào, đoàn ra; chủ động tham mưu hợp tác quốc tế; thực hiện "
        "đầy đủ giao ước thi đua của Cụm và đứng đầu bảng chấm điểm năm 2022."
    ),
    "Thừa Thiên Huế": (
        "Dữ liệu minh họa. Đơn vị hoàn thành xuất sắc nhiệm vụ năm 2022, đặc biệt trong công "
        "tác ngoại giao văn hóa và vận động nguồn viện trợ phi chính phủ nước ngoài."
    ),
}


def _seed_vote_2022(cluster_year: ClusterYear, *, secretariat: User, ministry: User) -> None:
    awards = services.award_types_ensure_defaults(by=secretariat)
    conference = cluster_year.conferences.get(kind=Conference.Kind.YEAR_END)
    ballot = services.ballot_create(
        conference=conference, method=Ballot.Method.PAPER, by=secretariat
    )
    memberships = {
        m.agency.short_name: m for m in cluster_year.memberships.select_related("agency")
    }
    proposals = {}
    for unit, award, *_counts in VOTES_2022:
        proposals[unit] = services.proposal_add(
            ballot=ballot,
            membership=memberships[unit],
            award_type=awards[award],
            by=secretariat,
        )
    services.ballot_record_tally(
        ballot=ballot,
        tallies={
            proposals[unit].pk: services.Tally(9, votes_for, against, abstain)
            for unit, _award, votes_for, against, abstain in VOTES_2022
        },
        by=secretariat,
    )
    for unit, report in ACHIEVEMENTS_2022.items():
        nomination = services.nomination_create(proposal=proposals[unit], by=secretariat)
        services.nomination_update(nomination=nomination, achievement_report=report, by=secretariat)
        services.nomination_submit(nomination=nomination, comment="", by=secretariat)
    services.nomination_approve(
        nomination=proposals["Đà Nẵng"].nomination,
        number="120/QĐ-BNG (minh họa)",
        date=datetime.date(2023, 2, 20),
        signer="Thứ trưởng Bộ Ngoại giao (minh họa)",
        by=ministry,
    )

"""Report fixtures on top of the world (tests/conftest.py) and its criteria
(tests/scoring/conftest.py): the worked example of tests/scoring/test_ranking_views.py, and
one covenant and one conference with everything the minutes print."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from pypdf import PdfReader

from clusters import services
from clusters.services import Delegate, Signature
from scoring import services as scoring_services
from scoring.models import Assessment
from scoring.services import Entered
from tests.scoring.conftest import by_code, criteria, open_assessment  # noqa: F401 (fixtures)
from tests.scoring.test_ranking_views import WORKED, finalise, submit_self


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def scored(world, open_assessment):  # noqa: F811 (the fixture imported above)
    """A to D have submitted the worked example, D's 1.1 reviewed from 8 to 6; not final yet."""
    assessments = {
        letter: submit_self(open_assessment(letter), WORKED[letter]) for letter in "ABCD"
    }
    d = assessments["D"]
    scoring_services.assessment_save_review(
        assessment=d,
        entries={by_code(d)["1.1"]: Entered(Decimal("6"))},
        revision=Assessment.objects.get(pk=d.pk).revision,
        by=world.secretariat_user,
    )
    return assessments


@pytest.fixture
def final(world, scored):
    finalise(world, scored)
    return scored


@pytest.fixture
def published(world, final):
    scoring_services.ranking_publish(cluster_year=world.year, by=world.secretariat_user)
    return final


@pytest.fixture
def covenant(world):
    covenant = services.covenant_save(
        cluster_year=world.year,
        title="Giao ước thi đua năm 2025",
        number="01/GƯ-CTĐII",
        place="Hải Phòng",
        signed_on=datetime.date(2025, 3, 5),
        commitments=["Thực hiện tốt chủ trương của Đảng", "Đoàn kết, hợp tác"],
        by=None,
    )
    services.signatories_set(
        covenant=covenant,
        signatures=[
            Signature(world.memberships["A"], "Nguyễn Văn Định", "Giám đốc Sở Ngoại vụ"),
        ],
        by=None,
    )
    return covenant


@pytest.fixture
def conference(world, make_conference):
    conference = make_conference(
        world.year,
        kind="year_end",
        title="Hội nghị tổng kết công tác thi đua năm 2025",
        place="Thái Nguyên",
        host=world.memberships["B"],
        chair_name="Trần Thị Thừa",
        chair_title="Giám đốc Sở Ngoại vụ Thái Nguyên",
    )
    services.attendance_set(
        conference=conference,
        delegates=[Delegate(world.memberships["C"], "Lê Văn Ngãi", "Phó Giám đốc")],
        by=None,
    )
    services.guest_add(conference=conference, name="Tô Anh Dũng", title="Trợ lý Bộ trưởng", by=None)
    services.document_add(conference=conference, title="Dự thảo báo cáo tổng kết", by=None)
    services.decision_add(
        conference=conference, kind="other", text="Thống nhất đề nghị Cờ thi đua", by=None
    )
    return conference


def pdf_text(data: bytes) -> str:
    """The text of every page, with line breaks and runs of spaces as single spaces."""
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())


def pdf_fonts(data: bytes) -> list[tuple[str, bool]]:
    """(font name without its subset prefix, whether the font file is embedded) of every page."""
    fonts = []
    for page in PdfReader(io.BytesIO(data)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object()
            descriptor = descendant["/FontDescriptor"].get_object()
            name = str(font["/BaseFont"]).lstrip("/").split("+", 1)[-1]
            fonts.append((name, "/FontFile2" in descriptor))
    return fonts

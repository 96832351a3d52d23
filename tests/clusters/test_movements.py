"""The movement's services: plan, contents, phases, participants, launch and phase reports,
and each bad input refused with its reason, nothing changed."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from clusters.models import (
    Decision,
    Movement,
    MovementContent,
    Notification,
    PhaseEvidence,
    PhaseReport,
)
from clusters.movements import services
from clusters.movements.services import ContentText, PhaseDates, ReportEntry
from tests.movements import CONTENTS, build_movement, halves, plan

# The refusals are matched in English here; the pages show them in Vietnamese.
pytestmark = pytest.mark.usefixtures("english_messages")

D = datetime.date
JULY = D(2025, 7, 10)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def report(movement, agency, *, phase=0, texts=None, today=JULY, by=None, uploads=None):
    contents = list(movement.contents.all())
    texts = texts or {1: "Đã triển khai"}
    uploads = uploads or {}
    return services.phase_report_save(
        phase=movement.phases.all()[phase],
        agency=agency,
        entries=[
            ReportEntry(c, texts.get(c.position, ""), uploads.get(c.position)) for c in contents
        ],
        by=by,
        today=today,
    )


def test_a_cluster_movement_has_the_current_members_as_participants(world):
    movement = build_movement(world, launch=False)
    assert {p.agency.short_name for p in movement.participants.all()} == {
        "Hải Phòng",
        "Thái Nguyên",
        "Phú Thọ",
        "Hà Nội",
    }
    assert [c.text for c in movement.contents.all()] == CONTENTS
    assert [c.position for c in movement.contents.all()] == [1, 2, 3]


def test_an_agency_movement_is_carried_out_by_its_own_staff(world):
    agency = world.agencies["C"]
    movement = services.movement_create(agency=agency, plan=plan(2018), by=world.member_user)
    assert [p.agency for p in movement.participants.all()] == [agency]
    with pytest.raises(ValidationError, match="own staff"):
        services.participants_set(movement=movement, agencies=[agency], by=world.member_user)


def test_a_movement_names_one_launcher(world):
    with pytest.raises(ValidationError):
        services.movement_create(plan=plan(), by=None)
    with pytest.raises(ValidationError):
        services.movement_create(
            cluster_year=world.year, agency=world.agencies["C"], plan=plan(), by=None
        )
    assert not Movement.objects.exists()


def test_a_cluster_movement_runs_within_its_year_and_a_thematic_one_names_its_occasion(world):
    with pytest.raises(ValidationError, match="within 2025"):
        services.movement_create(
            cluster_year=world.year, plan=plan(ends_on=D(2026, 1, 31)), by=None
        )
    with pytest.raises(ValidationError, match="occasion"):
        services.movement_create(cluster_year=world.year, plan=plan(kind="thematic"), by=None)
    assert not Movement.objects.exists()


def test_phases_that_share_a_boundary_day_are_accepted(world):
    """Seed 004: 01/01–11/06/2018 and 11/06–31/12/2018."""
    movement = services.movement_create(
        agency=world.agencies["C"], plan=plan(2018), by=world.member_user
    )
    phases = services.movement_phases_set(
        movement=movement,
        phases=[
            PhaseDates(None, D(2018, 6, 11), D(2018, 12, 31)),
            PhaseDates(None, D(2018, 1, 1), D(2018, 6, 11)),
        ],
        by=None,
    )
    assert [(p.position, p.starts_on) for p in phases] == [(1, D(2018, 1, 1)), (2, D(2018, 6, 11))]


@pytest.mark.parametrize(
    ("spans", "message"),
    [
        (
            [(D(2025, 1, 1), D(2025, 7, 15)), (D(2025, 7, 1), D(2025, 12, 31))],
            "before phase 1 ends",
        ),
        ([(D(2025, 1, 1), D(2025, 6, 30)), (D(2025, 7, 5), D(2025, 12, 31))], "no phase runs"),
        (
            [(D(2025, 1, 1), D(2025, 6, 30)), (D(2025, 7, 1), D(2026, 1, 31))],
            "outside the movement",
        ),
        ([(D(2025, 2, 1), D(2025, 12, 31))], "first phase must start"),
        ([(D(2025, 1, 1), D(2025, 11, 30))], "last phase must end"),
    ],
)
def test_phases_that_overlap_leave_a_gap_or_leave_the_movement_are_refused(world, spans, message):
    movement = build_movement(world, launch=False)
    before = list(movement.phases.values_list("starts_on", "ends_on"))
    rows = [PhaseDates(p, None, None) for p in movement.phases.all()] + [
        PhaseDates(None, start, end) for start, end in spans
    ]
    with pytest.raises(ValidationError, match=message):
        services.movement_phases_set(movement=movement, phases=rows, by=None)
    assert list(movement.phases.values_list("starts_on", "ends_on")) == before


def test_the_plan_cannot_move_its_dates_away_from_its_phases(world):
    movement = build_movement(world, launch=False)
    with pytest.raises(ValidationError, match="phases no longer fit these dates: Phase 2"):
        services.movement_update(movement=movement, plan=plan(ends_on=D(2025, 11, 30)), by=None)
    movement.refresh_from_db()
    assert movement.ends_on == D(2025, 12, 31)


def test_launching_at_a_conference_records_the_decision_with_the_contents(world):
    movement = build_movement(world)
    assert movement.launched_on == D(2025, 3, 1)
    decision = Decision.objects.get(kind=Decision.Kind.MOVEMENT_LAUNCHED)
    assert decision.conference == movement.launched_at
    assert "Phong trào thi đua năm 2025" in decision.text
    assert "2. Thực hiện tốt các nhiệm vụ chuyên môn" in decision.text
    notified = Notification.objects.filter(url=movement.get_absolute_url())
    assert {n.user for n in notified} == {
        world.member_user,
        world.other_member_user,
        world.deputy_user,
    }  # the participants' staff, but not the secretariat who launched it
    with pytest.raises(ValidationError, match="already been launched"):
        services.movement_launch(movement=movement, conference=movement.launched_at, by=None)
    assert Decision.objects.filter(kind=Decision.Kind.MOVEMENT_LAUNCHED).count() == 1


def test_a_movement_is_launched_at_a_conference_of_its_cluster_this_year_or_last(
    world, make_conference
):
    movement = build_movement(world, launch=False)
    elsewhere = make_conference(world.other_year)
    with pytest.raises(ValidationError, match="2024 or 2025"):
        services.movement_launch(movement=movement, conference=elsewhere, by=None)
    assert not Movement.objects.get(pk=movement.pk).is_launched


def test_a_movement_without_contents_cannot_be_launched(world, make_conference):
    movement = services.movement_create(cluster_year=world.year, plan=plan(), by=None)
    with pytest.raises(ValidationError, match="contents and the phases"):
        services.movement_launch(movement=movement, conference=make_conference(world.year), by=None)


def test_a_participant_reports_on_each_content_with_evidence(world):
    movement = build_movement(world)
    c = world.agencies["C"]
    pdf = SimpleUploadedFile("minh-chung.pdf", b"%PDF-1.4\n%%EOF\n")
    report(movement, c, texts={1: "Đã quán triệt", 2: "Hoàn thành"}, uploads={2: pdf})
    reports = PhaseReport.objects.filter(agency=c).order_by("content__position")
    assert [(r.content.position, r.text) for r in reports] == [
        (1, "Đã quán triệt"),
        (2, "Hoàn thành"),
    ]
    evidence = PhaseEvidence.objects.get()
    assert evidence.report.content.position == 2 and evidence.content_type == "application/pdf"
    # A second report changes the text, keeps the rest.
    report(movement, c, texts={2: "Hoàn thành vượt mức"})
    assert PhaseReport.objects.get(agency=c, content__position=2).text == "Hoàn thành vượt mức"
    assert PhaseReport.objects.get(agency=c, content__position=1).text == "Đã quán triệt"


def test_an_agency_outside_the_movement_cannot_report(world):
    movement = build_movement(world)
    with pytest.raises(ValidationError, match="does not take part"):
        report(movement, world.agencies["E"])
    assert not PhaseReport.objects.exists()


def test_a_report_after_the_phase_closed_is_refused(world):
    movement = build_movement(world, deadline=D(2025, 7, 15))
    with pytest.raises(ValidationError, match="closed on 15/07/2025"):
        report(movement, world.agencies["C"], today=D(2025, 7, 16))
    report(movement, world.agencies["C"], today=D(2025, 7, 15))  # the last day is open
    assert PhaseReport.objects.count() == 1


def test_a_report_before_the_phase_or_the_launch_is_refused(world):
    movement = build_movement(world)
    with pytest.raises(ValidationError, match="cannot be reported on yet"):
        report(movement, world.agencies["C"], phase=1, today=D(2025, 6, 30))
    planned = build_movement(world, launch=False)
    with pytest.raises(ValidationError, match="not been launched"):
        report(planned, world.agencies["C"])
    assert not PhaseReport.objects.exists()


def test_a_bad_evidence_file_refuses_the_whole_report_and_keeps_no_file(world, tmp_path):
    movement = build_movement(world)
    fake = SimpleUploadedFile("bao-cao.pdf", b"MZ not a pdf")
    good = SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%%EOF\n")
    with pytest.raises(ValidationError, match="not a PDF"):
        report(
            movement,
            world.agencies["C"],
            texts={1: "Một", 2: "Hai"},
            uploads={1: good, 2: fake},
        )
    assert not PhaseReport.objects.exists()
    assert not PhaseEvidence.objects.exists()
    assert not any(path.is_file() for path in tmp_path.rglob("*"))


def test_evidence_needs_a_report_to_go_with(world):
    movement = build_movement(world)
    pdf = SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%%EOF\n")
    with pytest.raises(ValidationError, match="write the report before"):
        report(movement, world.agencies["C"], texts={1: ""}, uploads={1: pdf})


def test_a_content_with_reports_cannot_be_removed_but_its_text_can_change(world):
    movement = build_movement(world)
    report(movement, world.agencies["C"], texts={2: "Hoàn thành"})
    contents = list(movement.contents.all())
    rows = [ContentText(c, "" if c.position == 2 else c.text) for c in contents]
    with pytest.raises(ValidationError, match="Content 2 already has reports"):
        services.movement_contents_set(movement=movement, contents=rows, by=None)
    assert MovementContent.objects.filter(movement=movement).count() == 3
    rows = [ContentText(c, f"{c.text} (sửa)") for c in contents]
    services.movement_contents_set(movement=movement, contents=rows, by=None)
    assert PhaseReport.objects.get().content.text.endswith("(sửa)")


def test_removing_a_content_renumbers_the_others(world):
    movement = build_movement(world)
    contents = list(movement.contents.all())
    rows = [ContentText(c, "" if c.position == 1 else c.text) for c in contents]
    rows.append(ContentText(None, "Nội dung mới"))
    services.movement_contents_set(movement=movement, contents=rows, by=None)
    assert list(movement.contents.values_list("position", "text")) == [
        (1, CONTENTS[1]),
        (2, CONTENTS[2]),
        (3, "Nội dung mới"),
    ]


def test_a_phase_with_reports_cannot_be_removed(world):
    movement = build_movement(world)
    report(movement, world.agencies["C"])
    first, second = movement.phases.all()
    rows = [
        PhaseDates(first, None, None),
        PhaseDates(second, D(2025, 1, 1), D(2025, 12, 31)),
    ]
    with pytest.raises(ValidationError, match="Phase 1 already has reports"):
        services.movement_phases_set(movement=movement, phases=rows, by=None)
    assert movement.phases.count() == 2


def test_an_agency_that_has_reported_stays_a_participant(world):
    movement = build_movement(world)
    report(movement, world.agencies["C"])
    keep = [world.agencies[letter] for letter in "ABD"]
    with pytest.raises(ValidationError, match="Phú Thọ has already reported"):
        services.participants_set(movement=movement, agencies=keep, by=None)
    assert movement.participants.count() == 4
    services.participants_set(
        movement=movement, agencies=[world.agencies[letter] for letter in "ABC"], by=None
    )
    assert movement.participants.count() == 3


def test_only_members_of_the_year_take_part(world):
    movement = build_movement(world)
    with pytest.raises(ValidationError, match="Quảng Trị is not a member"):
        services.participants_set(
            movement=movement, agencies=[world.agencies["A"], world.agencies["E"]], by=None
        )
    assert movement.participants.count() == 4


def test_a_report_deadline_comes_after_the_phase(world):
    movement = build_movement(world, launch=False)
    rows = [PhaseDates(p, None, None) for p in movement.phases.all()] + halves(
        deadline=D(2025, 6, 1)
    )
    with pytest.raises(ValidationError, match="due after it ends"):
        services.movement_phases_set(movement=movement, phases=rows, by=None)


def test_the_reporting_agency_takes_back_its_evidence_while_the_phase_is_open(world, tmp_path):
    movement = build_movement(world, deadline=D(2025, 7, 15))
    pdf = SimpleUploadedFile("minh-chung.pdf", b"%PDF-1.4\n%%EOF\n")
    report(movement, world.agencies["C"], uploads={1: pdf})
    evidence = PhaseEvidence.objects.get()
    with pytest.raises(ValidationError, match="Only the agency that reported"):
        services.phase_evidence_delete(
            evidence=evidence, agency=world.agencies["D"], by=None, today=JULY
        )
    with pytest.raises(ValidationError, match="closed on 15/07/2025"):
        services.phase_evidence_delete(
            evidence=evidence, agency=world.agencies["C"], by=None, today=D(2025, 7, 16)
        )
    assert PhaseEvidence.objects.exists()
    services.phase_evidence_delete(
        evidence=evidence, agency=world.agencies["C"], by=None, today=JULY
    )
    assert not PhaseEvidence.objects.exists()
    assert PhaseReport.objects.count() == 1  # the report itself stays

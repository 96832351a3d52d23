"""Building movements for the tests, through the services (as a user would)."""

from __future__ import annotations

import datetime

from clusters.models import Conference
from clusters.movements import services
from clusters.movements.services import ContentText, PhaseDates, Plan
from clusters.services import conference_save

CONTENTS = [
    "Thực hiện tốt các chủ trương của Đảng, chính sách, pháp luật của Nhà nước",
    "Thực hiện tốt các nhiệm vụ chuyên môn",
    "Xây dựng đơn vị vững mạnh, cơ quan văn hóa",
]


def plan(year: int = 2025, **changes) -> Plan:
    fields = {
        "title": f"Phong trào thi đua năm {year}",
        "kind": "regular",
        "starts_on": datetime.date(year, 1, 1),
        "ends_on": datetime.date(year, 12, 31),
        "objectives": "Tạo khí thế thi đua sôi nổi trong Cụm",
    }
    return Plan(**(fields | changes))


def halves(year: int = 2025, deadline: datetime.date | None = None) -> list[PhaseDates]:
    return [
        PhaseDates(
            None,
            datetime.date(year, 1, 1),
            datetime.date(year, 6, 30),
            "Sáu tháng đầu năm",
            deadline,
        ),
        PhaseDates(
            None, datetime.date(year, 7, 1), datetime.date(year, 12, 31), "Sáu tháng cuối năm"
        ),
    ]


def build_movement(world, *, contents=CONTENTS, launch: bool = True, deadline=None):
    """A movement of the world's year (members A to D take part), its contents, two halves as
    phases and, unless `launch` is false, launched at a conference of the year."""
    by = world.secretariat_user
    movement = services.movement_create(cluster_year=world.year, plan=plan(), by=by)
    services.movement_contents_set(
        movement=movement, contents=[ContentText(None, text) for text in contents], by=by
    )
    services.movement_phases_set(movement=movement, phases=halves(deadline=deadline), by=by)
    if launch:
        conference = conference_save(
            conference=Conference(
                cluster_year=world.year,
                kind="covenant",
                title="Hội nghị ký kết giao ước thi đua 2025",
                starts_on=datetime.date(2025, 3, 1),
                place="Hải Phòng",
            ),
            by=by,
        )
        services.movement_launch(movement=movement, conference=conference, by=by)
    movement.refresh_from_db()
    return movement

"""The demo's movements (seeds 002 and 004), written through the services (the movements' and
scoring's links of contents to commitments).

- Cụm thi đua số 3, 2023: the movement Quảng Bình, head elected for 2023, launched at the
  year-end conference of 16/12/2022 with the four contents of seed 002, each serving the
  commitment of the 2023 covenant with the same words. The phases (the two halves of the year)
  and the members' reports on the first are illustrative.
- A Sở Ngoại vụ's own 2018 plan (seed 004): its two phases as the article gives them, tied to
  the 70th anniversary of the call to patriotic emulation. The article names neither the
  province (the demo puts it in Thái Nguyên) nor the eight contents (written for the demo).
"""

from __future__ import annotations

import datetime

from clusters.models import Agency, Conference, User
from clusters.movements.services import (
    ContentText,
    PhaseDates,
    Plan,
    ReportEntry,
    movement_contents_set,
    movement_create,
    movement_launch,
    movement_phases_set,
    phase_report_save,
)
from scoring.movement_links import content_links_set

from .scoring import cum_3_year

D = datetime.date

CUM_3_2023_CONTENTS = [
    "Các đơn vị trong Cụm thi đua số 3 thi đua thực hiện tốt các chủ trương của Đảng, chính "
    "sách, pháp luật của Nhà nước",
    "Thực hiện tốt các nhiệm vụ chuyên môn",
    "Xây dựng đơn vị vững mạnh, cơ quan văn hóa",
    "Thực hiện tốt các nhiệm vụ về thi đua, khen thưởng",
]

# Illustrative reports on the first half of 2023: (member, {content: text}).
CUM_3_2023_REPORTS = [
    (
        "Quảng Bình",
        {
            1: "Quán triệt Chỉ thị số 34-CT/TW đến toàn thể công chức; 100% công chức học tập "
            "nghị quyết.",
            2: "Hoàn thành 52% kế hoạch đối ngoại năm; đón 14 đoàn khách quốc tế.",
            3: "Chi bộ được đánh giá hoàn thành tốt nhiệm vụ; không có vi phạm kỷ luật.",
            4: "Sơ kết phong trào 6 tháng tại hội nghị cơ quan ngày 05/7/2023.",
        },
    ),
    (
        "Quảng Ngãi",
        {
            1: "Tổ chức hội nghị quán triệt các văn bản mới về công tác đối ngoại.",
            2: "Tham mưu tổ chức thành công chương trình xúc tiến đầu tư tại Hàn Quốc.",
        },
    ),
    (
        "Hà Tĩnh",
        {2: "Hoàn thành đúng hạn các báo cáo định kỳ gửi Bộ Ngoại giao và UBND tỉnh."},
    ),
]

SO_NGOAI_VU_2018_CONTENTS = [
    "Đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh gắn với thực "
    "hiện Nghị quyết Trung ương 4 (Khóa XII)",
    "Hoàn thành xuất sắc nhiệm vụ đối ngoại Đảng, đối ngoại nhà nước và đối ngoại nhân dân "
    "trên địa bàn tỉnh",
    "Tham mưu tổ chức tốt các đoàn ra, đoàn vào và hoạt động hợp tác quốc tế của tỉnh",
    "Làm tốt công tác bảo hộ công dân và quản lý người nước ngoài theo thẩm quyền",
    "Cải cách hành chính, ứng dụng công nghệ thông tin trong giải quyết công việc",
    "Thực hành tiết kiệm, chống lãng phí; xây dựng cơ quan văn hóa",
    "Phát hiện, bồi dưỡng và nhân rộng điển hình tiên tiến",
    "Tham gia các phong trào do cấp trên và địa phương phát động",
]


def seed_movements(*, by: User | None) -> None:
    _cum_3_2023(by=by)
    _so_ngoai_vu_2018(by=by)


def _cum_3_2023(*, by: User | None) -> None:
    cluster_year = cum_3_year(2023)
    movement = movement_create(
        cluster_year=cluster_year,
        plan=Plan(
            title="Phong trào thi đua năm 2023 của Cụm thi đua số 3",
            kind="regular",
            starts_on=D(2023, 1, 1),
            ends_on=D(2023, 12, 31),
            objectives=(
                "Tạo động lực thi đua sôi nổi trong Cụm, góp phần hoàn thành tốt nhiệm vụ chính "
                "trị được giao; tăng cường giao lưu, trao đổi, học tập kinh nghiệm về công tác "
                "đối ngoại giữa các đơn vị trong Cụm."
            ),
            requirements=(
                "Phong trào được triển khai thiết thực, hiệu quả; gắn kết quả thi đua với việc "
                "thực hiện Giao ước thi đua năm 2023 và với công tác khen thưởng."
            ),
            commendation=(
                "Kết quả phong trào là căn cứ bình xét đơn vị xuất sắc, tiêu biểu, dẫn đầu đề "
                "nghị Bộ Ngoại giao tặng Cờ thi đua và Bằng khen của Bộ trưởng."
            ),
            organisation=(
                "Đơn vị Cụm trưởng (Sở Ngoại vụ tỉnh Quảng Bình) theo dõi, tổng hợp; các đơn vị "
                "thành viên báo cáo kết quả sau mỗi đợt. (Các đợt thi đua và báo cáo sơ kết đợt "
                "1 trong dữ liệu mẫu chỉ mang tính minh họa.)"
            ),
            plan_place="Quảng Bình",
        ),
        by=by,
    )
    contents = movement_contents_set(
        movement=movement,
        contents=[ContentText(None, text) for text in CUM_3_2023_CONTENTS],
        by=by,
    )
    commitments = {c.position: c for c in cluster_year.covenant.commitments.all()}
    for content in contents:  # content n serves commitment n, in the same words
        content_links_set(
            content=content, criteria=[], commitments=[commitments[content.position]], by=by
        )
    phases = movement_phases_set(
        movement=movement,
        phases=[
            PhaseDates(
                None, D(2023, 1, 1), D(2023, 6, 30), "Sơ kết 6 tháng đầu năm", D(2023, 7, 10)
            ),
            PhaseDates(None, D(2023, 7, 1), D(2023, 12, 31), "Tổng kết năm 2023", D(2024, 1, 10)),
        ],
        by=by,
    )
    conference = Conference.objects.get(
        cluster_year=cum_3_year(2022), kind=Conference.Kind.YEAR_END, starts_on=D(2022, 12, 16)
    )
    movement_launch(movement=movement, conference=conference, by=by)
    agencies = {
        p.agency.short_name: p.agency for p in movement.participants.select_related("agency")
    }
    for short_name, texts in CUM_3_2023_REPORTS:
        phase_report_save(
            phase=phases[0],
            agency=agencies[short_name],
            entries=[ReportEntry(c, texts.get(c.position, "")) for c in contents],
            by=by,
            today=D(2023, 7, 5),
        )


def _so_ngoai_vu_2018(*, by: User | None) -> None:
    agency = Agency.objects.valid_on(D(2018, 1, 1)).get(name="Sở Ngoại vụ tỉnh Thái Nguyên")
    movement = movement_create(
        agency=agency,
        plan=Plan(
            title="Phát động phong trào thi đua năm 2018",
            kind="thematic",
            occasion=(
                "Chào mừng kỷ niệm 70 năm Ngày Chủ tịch Hồ Chí Minh ra Lời kêu gọi thi đua ái "
                "quốc (11/6/1948 – 11/6/2018)"
            ),
            starts_on=D(2018, 1, 1),
            ends_on=D(2018, 12, 31),
            objectives=(
                "Đẩy mạnh phong trào thi đua yêu nước tại cơ quan Sở Ngoại vụ thành phong trào "
                "sôi nổi, gắn công tác thi đua với việc “Đẩy mạnh học tập và làm theo tư tưởng, "
                "đạo đức, phong cách Hồ Chí Minh” và Nghị quyết Trung ương 4 (Khóa XII); tạo "
                "động lực để cán bộ, công chức và người lao động thi đua thực hiện thắng lợi công "
                "tác đối ngoại Đảng, đối ngoại nhà nước và đối ngoại nhân dân trên địa bàn tỉnh."
            ),
            requirements=(
                "Phát động phong trào phù hợp với đặc điểm tình hình thực tế cơ quan; tổ chức "
                "thực hiện nghiêm túc, hiệu quả, với nhiều hình thức đa dạng, nội dung phong phú; "
                "kết hợp chặt chẽ các đợt thi đua thường xuyên với các đợt thi đua chuyên đề."
            ),
            commendation=(
                "Gắn kết quả thực hiện phong trào thi đua với công tác khen thưởng; lấy kết quả "
                "hoàn thành nhiệm vụ để đánh giá thành tích của tập thể, cá nhân; bảo đảm khen "
                "thưởng chính xác, công khai, công bằng và kịp thời."
            ),
            organisation=(
                "Các phòng, đơn vị thuộc Sở triển khai đến từng cán bộ, công chức, người lao "
                "động; Văn phòng Sở theo dõi, tổng hợp. (Bài viết nguồn chỉ cho biết Kế hoạch có "
                "08 nội dung; tám nội dung trong dữ liệu mẫu được soạn để minh họa, và tỉnh của "
                "Sở cũng là giả định.)"
            ),
            plan_date=D(2018, 5, 4),
        ),
        by=by,
    )
    movement_contents_set(
        movement=movement,
        contents=[ContentText(None, text) for text in SO_NGOAI_VU_2018_CONTENTS],
        by=by,
    )
    movement_phases_set(
        movement=movement,
        phases=[
            PhaseDates(
                None,
                D(2018, 1, 1),
                D(2018, 6, 11),
                "Thi đua lập thành tích chào mừng kỷ niệm 70 năm Ngày Chủ tịch Hồ Chí Minh ra "
                "Lời kêu gọi thi đua ái quốc; hoàn thành các nhiệm vụ, chỉ tiêu 6 tháng đầu năm",
            ),
            PhaseDates(
                None,
                D(2018, 6, 11),
                D(2018, 12, 31),
                "Phấn đấu hoàn thành toàn diện các nhiệm vụ, chỉ tiêu năm 2018",
            ),
        ],
        by=by,
    )
    movement_launch(movement=movement, launched_on=D(2018, 5, 4), by=by)

"""The scoring demo's data: the criteria of Cụm thi đua số 3 and fictional scores, reviews,
explanations and workflows for its years 2025 and 2022 (read by demo/scoring.py)."""

from __future__ import annotations

from decimal import Decimal

from scoring.models import Criterion
from scoring.services import CriterionData

Kind = Criterion.Kind

NOTE = (
    "Dữ liệu minh họa: tiêu chí phỏng theo nội dung thi đua của các Cụm; điểm, chỉ tiêu, số "
    "liệu và ý kiến của các đơn vị là hư cấu."
)


def _row(code, title, kind, max_points, guidance="", per=None, evidence=False) -> CriterionData:
    return CriterionData(
        code=code,
        title=title,
        kind=kind,
        max_points=Decimal(str(max_points)),
        points_per_occurrence=Decimal(str(per)) if per is not None else None,
        evidence_required=evidence,
        guidance=guidance,
    )


# Cụm thi đua số 3, 2025 ---------------------------------------------------------------------

CRITERIA_2025: list[CriterionData] = [
    _row("1", "Thực hiện nhiệm vụ chính trị và công tác tham mưu", Kind.GROUP, 20),
    _row(
        "1.1",
        "Tham mưu cấp ủy, chính quyền địa phương ban hành chương trình, kế hoạch công tác đối "
        "ngoại năm 2025",
        Kind.POINTS,
        5,
        "Gửi kèm chương trình, kế hoạch đã được ban hành.",
        evidence=True,
    ),
    _row(
        "1.2",
        "Hoàn thành các chỉ tiêu, nhiệm vụ trong kế hoạch công tác năm được giao",
        Kind.POINTS,
        6,
        "Tỷ lệ chỉ tiêu hoàn thành so với kế hoạch; nêu các chỉ tiêu chưa hoàn thành.",
    ),
    _row(
        "1.3",
        "Thực hiện sắp xếp tổ chức bộ máy, đơn vị hành chính đúng tiến độ",
        Kind.PASS_FAIL,
        4,
        "Theo Nghị quyết 202/2025/QH15 và hướng dẫn của tỉnh, thành phố.",
    ),
    _row(
        "1.4",
        "Thực hiện đầy đủ chế độ thông tin, báo cáo định kỳ với Bộ Ngoại giao và UBND tỉnh, "
        "thành phố",
        Kind.PASS_FAIL,
        5,
    ),
    _row("2", "Công tác đối ngoại và hợp tác quốc tế", Kind.GROUP, 25),
    _row(
        "2.1",
        "Tổ chức, phục vụ đoàn lãnh đạo tỉnh, thành phố đi công tác nước ngoài",
        Kind.PER_OCCURRENCE,
        6,
        "1,5 điểm mỗi đoàn, tối đa 6 điểm.",
        per="1.5",
    ),
    _row(
        "2.2",
        "Đón tiếp đoàn khách quốc tế cấp cao đến thăm, làm việc tại địa phương",
        Kind.PER_OCCURRENCE,
        5,
        "1 điểm mỗi đoàn, tối đa 5 điểm.",
        per=1,
    ),
    _row(
        "2.3",
        "Ký kết mới hoặc triển khai hiệu quả thỏa thuận hợp tác với địa phương nước ngoài",
        Kind.POINTS,
        5,
        "Gửi kèm thỏa thuận hoặc báo cáo kết quả triển khai trong năm.",
        evidence=True,
    ),
    _row(
        "2.4",
        "Quản lý hội nghị, hội thảo quốc tế tại địa phương đúng quy định",
        Kind.PASS_FAIL,
        4,
    ),
    _row("2.5", "Quản lý đoàn ra, đoàn vào chặt chẽ, đúng quy trình", Kind.POINTS, 5),
    _row("3", "Kinh tế đối ngoại, xúc tiến đầu tư", Kind.GROUP, 20),
    _row(
        "3.1",
        "Vốn FDI thu hút mới và tăng thêm so với kế hoạch năm",
        Kind.QUANTITATIVE,
        8,
        "Số thực hiện và chỉ tiêu kế hoạch tính bằng triệu USD. Đơn vị có tỷ lệ thực hiện/kế "
        "hoạch cao nhất đạt 8 điểm, các đơn vị khác tính theo tỷ lệ.",
    ),
    _row(
        "3.2",
        "Vốn ODA và vốn vay ưu đãi được ký kết so với kế hoạch năm",
        Kind.QUANTITATIVE,
        6,
        "Triệu USD.",
    ),
    _row(
        "3.3",
        "Viện trợ phi chính phủ nước ngoài vận động được so với kế hoạch năm",
        Kind.QUANTITATIVE,
        3,
        "Triệu USD.",
    ),
    _row(
        "3.4",
        "Tổ chức, tham gia hoạt động xúc tiến đầu tư, thương mại, du lịch ở nước ngoài",
        Kind.PER_OCCURRENCE,
        3,
        "1 điểm mỗi hoạt động, tối đa 3 điểm.",
        per=1,
    ),
    _row(
        "4",
        "Công tác lãnh sự, bảo hộ công dân, người Việt Nam ở nước ngoài và thông tin đối ngoại",
        Kind.GROUP,
        20,
    ),
    _row(
        "4.1",
        "Giải quyết kịp thời, đúng quy định các vụ việc bảo hộ công dân, hỗ trợ ngư dân bị "
        "nước ngoài bắt giữ",
        Kind.POINTS,
        6,
        "Gửi kèm báo cáo tổng hợp các vụ việc và kết quả giải quyết.",
        evidence=True,
    ),
    _row("4.2", "Công tác người Việt Nam ở nước ngoài", Kind.POINTS, 4),
    _row(
        "4.3",
        "Thông tin đối ngoại: kế hoạch năm, cập nhật trang thông tin điện tử đối ngoại",
        Kind.POINTS,
        5,
    ),
    _row("4.4", "Công tác biên giới, lãnh thổ, biển đảo", Kind.POINTS, 5),
    _row(
        "5",
        "Cải cách hành chính, xây dựng đơn vị và công tác thi đua, khen thưởng",
        Kind.GROUP,
        15,
    ),
    _row(
        "5.1",
        "Cải cách hành chính, chuyển đổi số; giải quyết thủ tục hành chính đúng hạn",
        Kind.POINTS,
        5,
    ),
    _row(
        "5.2",
        "Xây dựng cơ quan văn hóa; không có cán bộ, công chức bị xử lý kỷ luật",
        Kind.PASS_FAIL,
        4,
    ),
    _row(
        "5.3",
        "Phát động, sơ kết, tổng kết phong trào thi đua; tham gia đầy đủ hoạt động của Cụm",
        Kind.POINTS,
        4,
    ),
    _row(
        "5.4",
        "Gửi báo cáo tự chấm điểm và hồ sơ thi đua đúng thời hạn",
        Kind.PASS_FAIL,
        2,
    ),
    _row("6", "Điểm cộng, điểm trừ", Kind.GROUP, 0),
    _row(
        "6.1",
        "Sáng kiến, mô hình mới trong công tác đối ngoại được cấp có thẩm quyền công nhận",
        Kind.BONUS,
        3,
        "Gửi kèm quyết định công nhận.",
        evidence=True,
    ),
    _row(
        "6.2",
        "Được Bộ Ngoại giao, UBND tỉnh, thành phố khen thưởng đột xuất",
        Kind.BONUS,
        2,
    ),
    _row(
        "6.3",
        "Chậm gửi báo cáo định kỳ, báo cáo chuyên đề theo yêu cầu",
        Kind.DEDUCTION,
        3,
        "Trừ 0,5 điểm mỗi báo cáo chậm, tối đa 3 điểm.",
    ),
    _row(
        "6.4",
        "Để xảy ra sai sót trong công tác đối ngoại phải chấn chỉnh",
        Kind.DEDUCTION,
        5,
    ),
]

TIE_BREAK_2025 = "2, 3, 4, 1, 5"

# The 7 members after the mergers of 01/07/2025, by short name: the columns of SELF_2025.
MEMBERS_2025 = ("Thanh Hóa", "Nghệ An", "Hà Tĩnh", "Quảng Trị", "Huế", "Đà Nẵng", "Quảng Ngãi")

# Fictional self scores, one column per member of MEMBERS_2025: points (points, pass/fail,
# bonus, deduction), a count (per occurrence) or "actual/target" (against a target, in
# millions of USD). None: not entered (Quảng Ngãi stopped half-way and missed the deadline).
SELF_2025: dict[str, tuple] = {
    "1.1": (5, 5, 4.5, 4.5, 5, 5, 4),
    "1.2": (6, 5.5, 5.5, 5, 5.5, 6, 5),
    "1.3": (4, 4, 4, 4, 4, 4, 4),
    "1.4": (5, 5, 5, 5, 5, 5, 5),
    "2.1": (4, 3, 2, 2, 3, 5, 2),
    "2.2": (6, 4, 3, 3, 5, 7, 2),
    "2.3": (5, 4.5, 4, 4, 5, 5, 3.5),
    "2.4": (4, 4, 4, 4, 4, 4, 4),
    "2.5": (5, 4.5, 4.5, 4, 4.5, 5, 4),
    "3.1": ("1250/1000", "1720/1500", "420/300", "180/200", "210/150", "960/800", None),
    "3.2": ("95/80", "60/60", "40/50", "55/45", "30/30", "120/100", None),
    "3.3": ("6.5/5", "4.2/4", "3/3.5", "5.8/4", "2.6/2", "3.1/3", None),
    "3.4": (3, 2, 2, 1, 2, 4, None),
    "4.1": (6, 5.5, 6, 5.5, 5, 6, 5),
    "4.2": (4, 3.5, 3.5, 3.5, 4, 4, 3),
    "4.3": (5, 4.5, 4.5, 4.5, 5, 5, None),
    "4.4": (4.5, 5, 4.5, 5, 4.5, 4.5, None),
    "5.1": (5, 4.5, 4.5, 4, 5, 5, None),
    "5.2": (4, 4, 4, 4, 4, 4, None),
    "5.3": (4, 4, 3.5, 3.5, 4, 4, None),
    "5.4": (2, 2, 2, 2, 0, 2, None),
    "6.1": (2, 1, 0, 0, 1.5, 3, None),
    "6.2": (1, 0, 1, 0, 0, 2, None),
    "6.3": (0, 0.5, 0, 1, 1, 0, None),
    "6.4": (0, 0, 0, 0, 0, 0, None),
}

SELF_NOTES_2025: dict[str, dict[str, str]] = {
    "Thanh Hóa": {
        "2.1": "4 đoàn lãnh đạo tỉnh đi công tác nước ngoài trong năm.",
        "6.1": "Mô hình “Tổ tư vấn đối ngoại cho doanh nghiệp” được UBND tỉnh ghi nhận.",
    },
    "Nghệ An": {"3.1": "Số liệu đến ngày 30/11/2025."},
    "Hà Tĩnh": {"2.3": "Tiếp tục triển khai các thỏa thuận hợp tác đã ký."},
    "Huế": {"5.4": "Báo cáo 6 tháng gửi chậm 02 ngày."},
    "Đà Nẵng": {"2.2": "7 đoàn khách quốc tế cấp cao."},
    "Quảng Ngãi": {"1.2": "Đang tổng hợp số liệu các nhóm tiêu chí còn lại."},
}

# Each member's way through the workflow after its self-assessment (in this order).
SUBMITTED = ("submit",)
RETURNED = ("submit", "review", "return")
EXPLAINED = ("submit", "review", "return", "explain")
FINAL = ("submit", "review", "finalise")
FINAL_AFTER_EXPLANATION = (*EXPLAINED, "finalise")

STEPS_2025: dict[str, tuple[str, ...]] = {
    "Thanh Hóa": FINAL,  # the head's own: reviewed by the ministry (no deputy in 2025)
    "Nghệ An": SUBMITTED,
    "Hà Tĩnh": RETURNED,
    "Quảng Trị": FINAL,
    "Huế": EXPLAINED,
    "Đà Nẵng": FINAL_AFTER_EXPLANATION,
    "Quảng Ngãi": (),  # a draft, locked since the deadline has passed
}

# The reviewer's score and comment or question: {member: {code: (value or None, text)}}.
REVIEWS_2025: dict[str, dict[str, tuple]] = {
    "Thanh Hóa": {
        "6.1": (
            1.5,
            "Mô hình được UBND tỉnh ghi nhận nhưng chưa có quyết định công nhận sáng kiến: "
            "chấp nhận 1,5 điểm.",
        ),
    },
    "Hà Tĩnh": {
        "2.3": (
            None,
            "Các thỏa thuận hợp tác được ký từ những năm trước: đề nghị nêu rõ kết quả triển "
            "khai trong năm 2025 và gửi kèm minh chứng.",
        ),
    },
    "Quảng Trị": {
        "4.2": (3, "Chưa gửi báo cáo kết quả công tác người Việt Nam ở nước ngoài năm 2025."),
    },
    "Huế": {
        "3.1": (
            "180",
            "Số liệu 210 triệu USD chưa khớp với báo cáo kinh tế - xã hội của UBND thành phố "
            "(180 triệu USD): đề nghị giải trình.",
        ),
    },
    "Đà Nẵng": {
        "2.2": (5, "Báo cáo 6 tháng nêu 3 đoàn: đề nghị bổ sung danh sách 7 đoàn đã đón tiếp."),
        "6.1": (2, "Đề nghị gửi quyết định công nhận sáng kiến."),
    },
}

RETURN_COMMENTS_2025 = {
    "Hà Tĩnh": "Đề nghị Sở giải trình tiêu chí 2.3 trước ngày 12/12/2025.",
    "Huế": "Đề nghị Sở giải trình số liệu thu hút vốn FDI (tiêu chí 3.1).",
    "Đà Nẵng": "Đề nghị Sở giải trình tiêu chí 2.2 và 6.1 trước ngày 12/12/2025.",
}

# The member's explanation: {member: {code: (value or None, text)}}, and its covering note.
EXPLANATIONS_2025: dict[str, dict[str, tuple]] = {
    "Huế": {
        "3.1": (
            "195",
            "Số liệu 210 triệu USD gồm vốn điều chỉnh tăng của 02 dự án cấp phép trước năm "
            "2025; theo hướng dẫn của Cụm, Sở tính lại là 195 triệu USD.",
        ),
    },
    "Đà Nẵng": {
        "2.2": (7, "Gửi kèm danh sách 7 đoàn: 3 đoàn 6 tháng đầu năm, 4 đoàn 6 tháng cuối năm."),
        "6.1": (3, "Gửi kèm quyết định công nhận sáng kiến của UBND thành phố."),
    },
}

EXPLANATION_COMMENTS_2025 = {
    "Huế": "Sở Ngoại vụ thành phố Huế giải trình tiêu chí 3.1.",
    "Đà Nẵng": "Sở Ngoại vụ thành phố Đà Nẵng giải trình và bổ sung minh chứng.",
}

# Evidence added with an explanation: {member: [code, ...]}.
EXPLANATION_EVIDENCE_2025 = {"Đà Nẵng": ["2.2", "6.1"]}


# Cụm thi đua số 3, 2022 ---------------------------------------------------------------------

CRITERIA_2022: list[CriterionData] = [
    _row(
        "1",
        "Thực hiện tốt các chủ trương của Đảng, chính sách, pháp luật của Nhà nước",
        Kind.GROUP,
        20,
    ),
    _row(
        "1.1",
        "Quán triệt, triển khai các nghị quyết, chỉ thị về công tác đối ngoại",
        Kind.POINTS,
        10,
    ),
    _row("1.2", "Chấp hành chế độ thông tin, báo cáo", Kind.PASS_FAIL, 10),
    _row("2", "Thực hiện tốt các nhiệm vụ chuyên môn", Kind.GROUP, 50),
    _row(
        "2.1",
        "Tổ chức đoàn ra, đón đoàn vào phục vụ phục hồi kinh tế sau đại dịch COVID-19",
        Kind.PER_OCCURRENCE,
        10,
        "2 điểm mỗi đoàn, tối đa 10 điểm.",
        per=2,
    ),
    _row(
        "2.2",
        "Vốn FDI thu hút so với kế hoạch năm",
        Kind.QUANTITATIVE,
        15,
        "Triệu USD; đơn vị có tỷ lệ thực hiện/kế hoạch cao nhất đạt 15 điểm.",
    ),
    _row(
        "2.3",
        "Bảo hộ công dân, công tác người Việt Nam ở nước ngoài",
        Kind.POINTS,
        15,
    ),
    _row("2.4", "Thông tin đối ngoại, ngoại giao văn hóa", Kind.POINTS, 10),
    _row("3", "Xây dựng đơn vị vững mạnh, cơ quan văn hóa", Kind.GROUP, 15),
    _row("3.1", "Cải cách hành chính, kỷ luật, kỷ cương hành chính", Kind.POINTS, 10),
    _row("3.2", "Không có cán bộ, công chức vi phạm kỷ luật", Kind.PASS_FAIL, 5),
    _row("4", "Thực hiện tốt các nhiệm vụ về thi đua, khen thưởng", Kind.GROUP, 15),
    _row(
        "4.1",
        "Phát động, tổ chức phong trào thi đua; tham gia đầy đủ hoạt động của Cụm",
        Kind.POINTS,
        10,
    ),
    _row("4.2", "Gửi hồ sơ, báo cáo thi đua đúng hạn", Kind.PASS_FAIL, 5),
    _row("5", "Điểm cộng, điểm trừ", Kind.GROUP, 0),
    _row("5.1", "Sáng kiến, cách làm hay được nhân rộng", Kind.BONUS, 2),
    _row("5.2", "Chậm gửi báo cáo theo yêu cầu", Kind.DEDUCTION, 2),
]

TIE_BREAK_2022 = "2, 1, 4, 3"

# Fictional, one column per member of the year, in the order of clusters.CUM_3_MEMBERS_2022.
SELF_2022: dict[str, tuple] = {
    "1.1": (9.5, 9, 9, 9.5, 8.5, 9, 10, 10, 9),
    "1.2": (10, 10, 10, 10, 10, 10, 10, 10, 10),
    "2.1": (4, 3, 3, 4, 2, 5, 6, 5, 3),
    "2.2": (
        "820/700",
        "1050/1000",
        "380/400",
        "120/100",
        "90/120",
        "240/200",
        "560/500",
        "300/250",
        "410/400",
    ),
    "2.3": (14, 13.5, 14, 14.5, 13, 14, 15, 14.5, 13.5),
    "2.4": (9, 9.5, 9, 9.5, 8.5, 10, 10, 9.5, 9),
    "3.1": (9.5, 9, 9, 9.5, 9, 9.5, 10, 10, 9),
    "3.2": (5, 5, 5, 5, 5, 5, 5, 5, 5),
    "4.1": (9.5, 9.5, 9, 10, 9, 9.5, 10, 10, 9),
    "4.2": (5, 5, 5, 5, 5, 5, 5, 5, 5),
    "5.1": (1, 0, 0, 1.5, 0, 1, 2, 2, 0.5),
    "5.2": (0, 0.5, 0, 0, 1, 0, 0, 0, 0.5),
}

REVIEWS_2022: dict[str, dict[str, tuple]] = {
    "Đà Nẵng": {"5.1": (1.5, "Sáng kiến đã được tính điểm năm 2021: chấp nhận 1,5 điểm.")},
    "Quảng Nam": {"2.3": (14, "Chưa có báo cáo tổng hợp các vụ việc bảo hộ công dân.")},
    "Quảng Trị": {"2.4": (8, "Trang thông tin điện tử đối ngoại chưa cập nhật thường xuyên.")},
}

"""The demo's clusters of `manage.py seed_demo`, as plain data (no Django imports).

Real clusters, conferences and covenants from the public articles in DOMAIN.md's `seeds/`
(Cụm thi đua số II and số 3 of the Ministry of Foreign Affairs, the Cao Bằng advisory block).
Members and officers are named by the agency keys of `directory.py`.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

# Clusters -----------------------------------------------------------------------------------
#
# Each cluster is built in order, year by year. A year is either created with its "members"
# (agency keys) or "from_previous" (the previous year's members, `cluster_year_start_next`; a
# year already made by an election at the previous year's conference is reused). Then its
# "officers" (agency keys), its "conferences" and its "covenant". Attendance is every member
# of the year, with "delegate_title" unless "delegates" names the delegate. A decision
# ("officers", {role: agency key}) records the election of next year's officers
# (`conference_record_election`, which also makes next year); the others are (kind, text).
# Signatories are every member of the year, signing as their agency's representative.

CUM_2_MEMBERS = [
    "Hải Phòng",
    "Thái Nguyên",
    "Phú Thọ",
    "Hà Nội",
    "Tuyên Quang",
    "Bắc Giang",
    "Bắc Ninh",
    "Hòa Bình",
    "Yên Bái",
    "Vĩnh Phúc",
    "Thái Bình",
]

CUM_3_MEMBERS_2022 = [
    "Thanh Hóa",
    "Nghệ An",
    "Hà Tĩnh",
    "Quảng Bình",
    "Quảng Trị",
    "Thừa Thiên Huế",
    "Đà Nẵng",
    "Quảng Nam",
    "Quảng Ngãi",
]

# Members at the start of 2025: Huế has succeeded Thừa Thiên Huế; the 01/07/2025 mergers
# then leave the 7 members of DOMAIN.md's table.
CUM_3_MEMBERS_2025 = [
    "Thanh Hóa",
    "Nghệ An",
    "Hà Tĩnh",
    "Quảng Bình",
    "Quảng Trị",
    "Huế",
    "Đà Nẵng",
    "Quảng Nam",
    "Quảng Ngãi",
]

CAO_BANG_MEMBERS_2023 = [
    "VP Đoàn ĐBQH và HĐND Cao Bằng",
    "Cao Bằng",
    "VP UBND Cao Bằng",
    "Sở Nội vụ Cao Bằng",
    "Sở KH và ĐT Cao Bằng",
    "Sở Tư pháp Cao Bằng",
    "Thanh tra Cao Bằng",
]

COVENANT_2018_CUM_2 = [
    "Thi đua làm tốt công tác đối ngoại, gắn với thực hiện nhiệm vụ chính trị của địa phương, "
    "đơn vị, hoàn thành xuất sắc nhiệm vụ, mục tiêu năm 2018.",
    "Tiếp tục đổi mới công tác tham mưu, chỉ đạo, tập trung các giải pháp nhằm đẩy mạnh và nâng "
    "cao hiệu quả các hoạt động xúc tiến vận động, thu hút vốn FDI, ODA…, cải thiện môi trường "
    "thu hút nguồn lực phát triển kinh tế, đổi mới mô hình tăng trưởng, đảm bảo an sinh xã hội.",
    "Tích cực mở rộng và làm sâu sắc hơn quan hệ với các tổ chức quốc tế, địa phương nước ngoài; "
    "nâng cao hiệu quả việc thực hiện các thỏa thuận hợp tác đã ký kết; tăng cường và nâng cao "
    "hiệu quả xúc tiến kinh tế đối ngoại góp phần thúc đẩy phát triển kinh tế, xã hội ở từng "
    "địa phương.",
    "Tiếp tục triển khai có hiệu quả các hoạt động ngoại giao văn hóa; thông tin tuyên truyền "
    "đối ngoại; thực hiện kịp thời, hiệu quả công tác bảo hộ công dân, công tác về người Việt Nam "
    "ở nước ngoài.",
    "Đẩy mạnh và phối hợp chặt chẽ các hoạt động đối ngoại Đảng, ngoại giao Nhà nước và đối "
    "ngoại nhân dân, giữa đối ngoại với quốc phòng an ninh tại địa phương, góp phần tạo môi "
    "trường hòa bình, ổn định và phát triển.",
    "Tiếp tục đẩy mạnh cải cách hành chính, thực hiện kỷ cương công vụ, xây dựng công sở văn "
    "hóa, xây dựng đội ngũ cán bộ, công chức, viên chức “Trung thành – Trách nhiệm – Liêm chính "
    "– Sáng tạo”; đẩy mạnh thực hành tiết kiệm, không để xảy ra tham ô, lãng phí trong đơn vị.",
]

COVENANT_2023_CUM_3 = [
    "Thực hiện tốt các chủ trương của Đảng, chính sách, pháp luật của Nhà nước.",
    "Thực hiện tốt các nhiệm vụ chuyên môn.",
    "Xây dựng đơn vị vững mạnh, cơ quan văn hóa.",
    "Thực hiện tốt các nhiệm vụ về thi đua, khen thưởng.",
]

SUMMARY_2017_MID_YEAR = (
    "Trong hai ngày 06 và 07/7/2017, tại Hải Phòng, Cụm thi đua số II, Bộ Ngoại giao tổ chức "
    "Hội nghị sơ kết công tác thi đua, khen thưởng 6 tháng đầu năm, triển khai nhiệm vụ trọng "
    "tâm 6 tháng cuối năm 2017, với sự tham dự của đại diện lãnh đạo Sở Ngoại vụ 11 tỉnh, thành "
    "phố trong Cụm.\n\n"
    "6 tháng đầu năm 2017, công tác thi đua của Cụm hoạt động sôi nổi, các chỉ tiêu nhiệm vụ đều "
    "hoàn thành và hoàn thành vượt mức kế hoạch đề ra, góp phần thúc đẩy phát triển kinh tế - xã "
    "hội từng địa phương; thiết thực lập thành tích chào mừng Năm APEC Việt Nam 2017 và các ngày "
    "lễ, kỷ niệm lớn trong năm. Các phong trào thi đua được tổ chức sâu rộng, nội dung thi đua "
    "được đổi mới gắn với nhiệm vụ chuyên môn của từng đơn vị, gắn với việc thực hiện Chỉ thị số "
    "05-CT/TW ngày 15/5/2016 của Bộ Chính trị khóa XII về “Đẩy mạnh học tập và làm theo tư tưởng, "
    "đạo đức, phong cách Hồ Chí Minh”. Việc biểu dương, nhân rộng điển hình tiên tiến có nhiều "
    "chuyển biến, lan tỏa rộng khắp.\n\n"
    "6 tháng cuối năm 2017, các đơn vị tiếp tục đổi mới công tác thi đua, khen thưởng, tích cực "
    "tuyên truyền, phổ biến chính sách của Đảng và Nhà nước tới toàn thể cán bộ, công chức, viên "
    "chức và người lao động để thi đua thực sự trở thành đòn bẩy, động lực hoàn thành xuất sắc "
    "nhiệm vụ được giao."
)

SUMMARY_2018_COVENANT = (
    "Sáng 09/3/2018, dưới sự đồng chủ trì của Sở Ngoại vụ Bắc Ninh, Cụm thi đua số II, Bộ Ngoại "
    "giao gồm 11 tỉnh, thành phố khu vực phía Bắc tổ chức ký kết giao ước thi đua năm 2018.\n\n"
    "Các đại biểu cho ý kiến vào dự thảo kế hoạch công tác thi đua, khen thưởng; dự thảo quy "
    "định về tổ chức hoạt động và nguyên tắc bình xét thi đua các đơn vị trong Cụm, kèm theo "
    "tiêu chí chấm điểm thi đua năm 2018; trao đổi kinh nghiệm về thực hiện phong trào thi đua "
    "gắn với thực hiện nhiệm vụ chính trị, công tác chuyên môn của địa phương, đơn vị, và cách "
    "thức tổ chức các hoạt động giao lưu giữa các đơn vị gắn với hội nghị tổng kết hàng năm của "
    "Cụm. Các thành viên thống nhất ký kết giao ước thi đua năm 2018."
)

SUMMARY_2022_YEAR_END = (
    "Thực hiện Kế hoạch số 91/KH-CTĐ ngày 23/11/2022 của đơn vị Cụm trưởng năm 2022 - Sở Ngoại "
    "vụ tỉnh Quảng Nam, Hội nghị tổng kết, đánh giá, rút kinh nghiệm việc thực hiện các phong "
    "trào thi đua, khen thưởng năm 2022 và đề ra giải pháp nâng cao chất lượng công tác thi đua, "
    "khen thưởng năm 2023, với sự tham gia của 09 cơ quan ngoại vụ địa phương.\n\n"
    "Hội nghị thảo luận các nhiệm vụ và giải pháp nâng cao hiệu quả tổ chức các phong trào thi "
    "đua yêu nước; công tác tuyên truyền, phát hiện, nhân rộng điển hình tiên tiến và quán triệt "
    "triển khai Chỉ thị số 34-CT/TW ngày 07/4/2014 của Bộ Chính trị về tiếp tục đổi mới công tác "
    "thi đua, khen thưởng; những tồn tại, hạn chế năm 2022; bình xét đơn vị xuất sắc, tiêu biểu, "
    "dẫn đầu trong Cụm đề nghị Bộ Ngoại giao tặng Cờ thi đua.\n\n"
    "Hội nghị bầu Sở Ngoại vụ tỉnh Quảng Bình làm đơn vị Cụm trưởng, Sở Ngoại vụ tỉnh Quảng Ngãi "
    "làm Cụm phó năm 2023. Bà Nguyễn Thị Hương Giang, Giám đốc Sở Ngoại vụ tỉnh Quảng Bình, thay "
    "mặt đơn vị Cụm trưởng năm 2023 phát động phong trào thi đua năm 2023; tất cả 9 đơn vị ký "
    "Giao ước thi đua năm 2023."
)

SUMMARY_2023_CAO_BANG = (
    "Chiều 13/7/2023, tại Sở Ngoại vụ, Khối thi đua các cơ quan tham mưu tổng hợp tỉnh Cao Bằng "
    "tổ chức hội nghị sơ kết công tác thi đua - khen thưởng 6 tháng đầu năm 2023 và triển khai "
    "nhiệm vụ 6 tháng cuối năm 2023.\n\n"
    "6 tháng đầu năm, các đơn vị trong Khối đã phát động các phong trào thi đua yêu nước với "
    "nhiều hình thức đa dạng, cụ thể hóa nội dung, tiêu chí thi đua phù hợp với đặc điểm của "
    "từng cơ quan, gắn với nhiệm vụ chính trị và với việc đẩy mạnh “Học tập và làm theo tư "
    "tưởng, đạo đức, phong cách Hồ Chí Minh”. Tuy nhiên, việc triển khai phong trào thi đua ở "
    "một số đơn vị trực thuộc có lúc chưa kịp thời; việc biểu dương, khen thưởng điển hình tiên "
    "tiến, gương “Người tốt, việc tốt” có lúc còn lúng túng, chưa thường xuyên, liên tục.\n\n"
    "Các đại biểu đóng góp ý kiến vào dự thảo báo cáo, chia sẻ kinh nghiệm và thống nhất phương "
    "hướng, nhiệm vụ 6 tháng cuối năm 2023."
)

CLUSTERS: list[dict] = [
    {
        "fields": {
            "kind": "cum",
            "number": "II",
            "name": "",
            "supervisor_kind": "ministry",
            "supervisor_name": "Bộ Ngoại giao",
            "description": (
                "Cụm thi đua số II (còn gọi là Cụm thi đua số 2) của Bộ Ngoại giao gồm cơ quan "
                "ngoại vụ của 11 tỉnh, thành phố khu vực phía Bắc."
            ),
        },
        "years": [
            {
                "year": 2017,
                "members": CUM_2_MEMBERS,
                "officers": {"head": "Hải Phòng", "deputy_1": "Thái Nguyên", "deputy_2": "Phú Thọ"},
                "conferences": [
                    {
                        "kind": "mid_year",
                        "title": (
                            "Hội nghị sơ kết công tác thi đua, khen thưởng 6 tháng đầu năm, triển "
                            "khai nhiệm vụ trọng tâm 6 tháng cuối năm 2017"
                        ),
                        "starts_on": datetime.date(2017, 7, 6),
                        "ends_on": datetime.date(2017, 7, 7),
                        "place": "Hải Phòng",
                        "host": "Hải Phòng",
                        "summary": SUMMARY_2017_MID_YEAR,
                        "delegate_title": "Đại diện lãnh đạo Sở",
                        "guests": [
                            (
                                "Tô Anh Dũng",
                                "Trợ lý Bộ trưởng kiêm Vụ trưởng Vụ Tổ chức Cán bộ",
                                "Bộ Ngoại giao",
                            ),
                            (
                                "Đại diện lãnh đạo các cơ quan trực thuộc Bộ Ngoại giao",
                                "",
                                "Bộ Ngoại giao",
                            ),
                        ],
                        "documents": [
                            "Dự thảo Báo cáo sơ kết công tác thi đua, khen thưởng 6 tháng đầu "
                            "năm 2017 và triển khai nhiệm vụ trọng tâm 6 tháng cuối năm 2017 Cụm "
                            "thi đua số II",
                            (
                                "Dự thảo Nghị định 24 của Chính phủ quy định tổ chức các cơ quan "
                                "chuyên môn thuộc Ủy ban nhân dân tỉnh, thành phố trực thuộc "
                                "Trung ương"
                            ),
                        ],
                        "decisions": [
                            (
                                "other",
                                "Triển khai nhiệm vụ trọng tâm công tác thi đua, khen thưởng 6 "
                                "tháng cuối năm 2017 của Cụm thi đua số II.",
                            ),
                        ],
                    },
                ],
            },
            {
                "year": 2018,
                "from_previous": True,
                "officers": {"head": "Thái Nguyên", "deputy_1": "Phú Thọ", "deputy_2": "Bắc Ninh"},
                "conferences": [
                    {
                        "kind": "covenant",
                        "title": "Lễ ký kết giao ước thi đua năm 2018 Cụm thi đua số II",
                        "starts_on": datetime.date(2018, 3, 9),
                        "place": "Bắc Ninh",
                        "host": "Bắc Ninh",
                        "chair_name": "Lãnh đạo Sở Ngoại vụ tỉnh Bắc Ninh",
                        "chair_title": "Đồng chủ trì",
                        "summary": SUMMARY_2018_COVENANT,
                        "guests": [],
                        "documents": [
                            "Dự thảo Kế hoạch công tác thi đua, khen thưởng năm 2018 của Cụm thi "
                            "đua số II",
                            "Dự thảo Quy định về tổ chức hoạt động và nguyên tắc bình xét thi đua "
                            "các đơn vị trong Cụm, kèm theo Tiêu chí chấm điểm thi đua năm 2018",
                        ],
                        "decisions": [
                            (
                                "covenant",
                                "Các thành viên Cụm thi đua số II thống nhất ký kết Giao ước thi "
                                "đua năm 2018.",
                            ),
                        ],
                    },
                ],
                "covenant": {
                    "title": "Giao ước thi đua năm 2018 của Cụm thi đua số II, Bộ Ngoại giao",
                    "signed_on": datetime.date(2018, 3, 9),
                    "place": "Bắc Ninh",
                    "preamble": (
                        "Các thành viên Cụm thi đua số II, Bộ Ngoại giao thống nhất ký kết giao "
                        "ước thi đua năm 2018, gồm các nội dung sau:"
                    ),
                    "commitments": COVENANT_2018_CUM_2,
                },
            },
            # Carried into 2025 (before the mergers are recorded, as Cụm 3's): on 01/07/2025
            # Bắc Giang and Bắc Ninh become Bắc Ninh; Vĩnh Phúc, Hòa Bình and Phú Thọ become
            # Phú Thọ; Thái Bình becomes Hưng Yên, Yên Bái Lào Cai, Thái Nguyên (with Bắc Kạn)
            # and Tuyên Quang (with Hà Giang) the new ones of their names.
            {"year": 2025, "members": CUM_2_MEMBERS},
        ],
    },
    {
        "fields": {
            "kind": "cum",
            "number": "3",
            "name": "Bắc miền Trung",
            "supervisor_kind": "ministry",
            "supervisor_name": "Bộ Ngoại giao",
            "description": (
                "Cụm thi đua số 3 của Bộ Ngoại giao, khu vực Bắc miền Trung: cơ quan ngoại vụ "
                "các tỉnh, thành phố từ Thanh Hóa đến Quảng Ngãi. Từ 01/07/2025, sau sắp xếp đơn "
                "vị hành chính (Nghị quyết 202/2025/QH15), Cụm còn 7 thành viên."
            ),
        },
        "years": [
            {
                "year": 2022,
                "members": CUM_3_MEMBERS_2022,
                "officers": {"head": "Quảng Nam"},
                "conferences": [
                    {
                        "kind": "year_end",
                        "title": "Hội nghị tổng kết công tác thi đua, khen thưởng năm 2022",
                        "starts_on": datetime.date(2022, 12, 16),
                        "place": "Thành phố Tam Kỳ, tỉnh Quảng Nam",
                        "host": "Quảng Nam",
                        "summary": SUMMARY_2022_YEAR_END,
                        "delegates": {
                            "Quảng Bình": (
                                "Nguyễn Thị Hương Giang",
                                "Giám đốc Sở Ngoại vụ tỉnh Quảng Bình, Trưởng đoàn",
                            ),
                        },
                        "guests": [
                            ("Lê Viết Tân", "UVBTV, Phó Chủ tịch UBND tỉnh Quảng Nam", ""),
                            (
                                "Nguyễn Đồng Trung",
                                "Phó Cục trưởng Cục Ngoại vụ, Bộ Ngoại giao",
                                "Bộ Ngoại giao",
                            ),
                        ],
                        "documents": [
                            "Chỉ thị số 34-CT/TW ngày 07/4/2014 của Bộ Chính trị về tiếp tục đổi "
                            "mới công tác thi đua, khen thưởng",
                            "Giao ước thi đua năm 2023 của Cụm thi đua số 3",
                        ],
                        "decisions": [
                            (
                                "nominations",
                                "Bình xét đơn vị xuất sắc, tiêu biểu, dẫn đầu trong Cụm thi đua "
                                "số 3 năm 2022 đề nghị Bộ Ngoại giao tặng Cờ thi đua.",
                            ),
                            ("officers", {"head": "Quảng Bình", "deputy_1": "Quảng Ngãi"}),
                            # The launch of the 2023 movement is recorded by its own
                            # service (emulation/site/demo/movements.py).
                            (
                                "covenant",
                                "Tất cả 9 đơn vị của Cụm thi đua số 3 ký Giao ước thi đua năm "
                                "2023.",
                            ),
                        ],
                    },
                ],
            },
            {
                "year": 2023,
                "from_previous": True,  # made by the election of 16/12/2022
                "covenant": {
                    "title": "Giao ước thi đua năm 2023 của Cụm thi đua số 3, Bộ Ngoại giao",
                    "signed_on": datetime.date(2022, 12, 16),
                    "place": "Thành phố Tam Kỳ, tỉnh Quảng Nam",
                    "preamble": "Các đơn vị trong Cụm thi đua số 3 thi đua:",
                    "commitments": COVENANT_2023_CUM_3,
                },
            },
            {
                "year": 2025,
                "members": CUM_3_MEMBERS_2025,
                "settings": {
                    "self_assessment_opens": datetime.date(2025, 11, 1),
                    "self_assessment_deadline": datetime.date(2025, 12, 5),
                    "review_deadline": datetime.date(2025, 12, 15),
                    "vote_threshold": Decimal("80"),
                    "excellent_min": Decimal("95"),
                    "good_min": Decimal("85"),
                    "fair_min": Decimal("70"),
                },
                "officers": {"head": "Thanh Hóa"},
            },
        ],
    },
    {
        "fields": {
            "kind": "khoi",
            "number": "",
            "name": "các cơ quan tham mưu tổng hợp tỉnh Cao Bằng",
            "supervisor_kind": "province",
            "supervisor_name": "UBND tỉnh Cao Bằng",
            "description": (
                "Khối thi đua của các cơ quan tham mưu tổng hợp thuộc UBND tỉnh Cao Bằng. Dữ "
                "liệu minh họa: nguồn tin chỉ nêu Văn phòng Đoàn ĐBQH và HĐND tỉnh (Trưởng khối "
                "năm 2023) và Sở Ngoại vụ (Phó Trưởng khối); các thành viên khác trong danh sách "
                "là giả định để minh họa."
            ),
        },
        "years": [
            {
                "year": 2023,
                "members": CAO_BANG_MEMBERS_2023,
                "officers": {"head": "VP Đoàn ĐBQH và HĐND Cao Bằng", "deputy_1": "Cao Bằng"},
                "conferences": [
                    {
                        "kind": "mid_year",
                        "title": (
                            "Hội nghị sơ kết công tác thi đua - khen thưởng 6 tháng đầu năm 2023 "
                            "và triển khai nhiệm vụ 6 tháng cuối năm 2023"
                        ),
                        "starts_on": datetime.date(2023, 7, 13),
                        "place": "Sở Ngoại vụ tỉnh Cao Bằng",
                        "host": "Cao Bằng",
                        "summary": SUMMARY_2023_CAO_BANG,
                        "delegate_title": "Lãnh đạo đơn vị",
                        "guests": [],
                        "documents": [
                            "Dự thảo Báo cáo sơ kết công tác thi đua - khen thưởng 6 tháng đầu "
                            "năm 2023 và phương hướng, nhiệm vụ 6 tháng cuối năm 2023 của Khối "
                            "thi đua",
                        ],
                        "decisions": [
                            (
                                "other",
                                "Thống nhất phương hướng, nhiệm vụ 6 tháng cuối năm 2023: tiếp "
                                "tục bám sát kế hoạch công tác của ngành, các nhiệm vụ trọng tâm; "
                                "tăng cường kỷ luật, kỷ cương trong cơ quan hành chính nhà nước; "
                                "quan tâm tổ chức phát động các phong trào thi đua; nghiên cứu, "
                                "tổ chức các hoạt động chung của Khối.",
                            ),
                        ],
                    },
                ],
            },
        ],
    },
]

# The cluster whose presence means "the demo data is already loaded".
SENTINEL_CLUSTER = {
    key: CLUSTERS[0]["fields"][key] for key in ("kind", "number", "name", "supervisor_name")
}

# Every member signs its year's covenant through a representative; the articles do not name
# the signers, so none is invented.
SIGNER_NAME = "Lãnh đạo {agency}"
SIGNER_TITLE = "Đại diện lãnh đạo {agency}"

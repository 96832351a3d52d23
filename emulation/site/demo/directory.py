"""The demo's provinces, agencies and users, as plain data (no Django imports).

The 2025 reorganisation of provinces: Thừa Thiên Huế became the centrally-run city of Huế
on 01/01/2025, and the mergers of Nghị quyết 202/2025/QH15 took effect on 01/07/2025.
Agencies and provinces are referred to by a key: the province's name for the records that
existed before 2025, "<name>/2025" for the provinces and Departments of Foreign Affairs formed
by the mergers of 01/07/2025. Importing this module needs no configured Django, so scripts
(Makefile, README) can print `DEMO_LOGINS`.
"""

from __future__ import annotations

import datetime

# Every demo user signs in with this password. It is published on purpose (README, Makefile):
# never load the demo data into a production database.
DEMO_PASSWORD = "ThiDua@2025"  # noqa: S105

MERGER_DAY = datetime.date(2025, 7, 1)
HUE_CITY_DAY = datetime.date(2025, 1, 1)

# Provinces ----------------------------------------------------------------------------------

# key -> (name, kind, valid_from); kind "city" is a centrally-run city (thành phố trực thuộc TW).
PROVINCES: dict[str, tuple[str, str, datetime.date | None]] = {
    # Cụm thi đua số II (2017, 2018, 2025)
    "Hà Nội": ("Hà Nội", "city", None),
    "Hải Phòng": ("Hải Phòng", "city", None),
    "Thái Nguyên": ("Thái Nguyên", "province", None),
    "Phú Thọ": ("Phú Thọ", "province", None),
    "Tuyên Quang": ("Tuyên Quang", "province", None),
    "Bắc Giang": ("Bắc Giang", "province", None),
    "Bắc Ninh": ("Bắc Ninh", "province", None),
    "Hòa Bình": ("Hòa Bình", "province", None),
    "Yên Bái": ("Yên Bái", "province", None),
    "Vĩnh Phúc": ("Vĩnh Phúc", "province", None),
    "Thái Bình": ("Thái Bình", "province", None),
    # Cụm thi đua số 3, Bắc miền Trung
    "Thanh Hóa": ("Thanh Hóa", "province", None),
    "Nghệ An": ("Nghệ An", "province", None),
    "Hà Tĩnh": ("Hà Tĩnh", "province", None),
    "Quảng Bình": ("Quảng Bình", "province", None),
    "Quảng Trị": ("Quảng Trị", "province", None),
    "Thừa Thiên Huế": ("Thừa Thiên Huế", "province", None),
    "Huế": ("Huế", "city", HUE_CITY_DAY),
    "Đà Nẵng": ("Đà Nẵng", "city", None),
    "Quảng Nam": ("Quảng Nam", "province", None),
    "Quảng Ngãi": ("Quảng Ngãi", "province", None),
    # Khối thi đua các cơ quan tham mưu tổng hợp tỉnh Cao Bằng
    "Cao Bằng": ("Cao Bằng", "province", None),
    # Merged on 01/07/2025 with a province above
    "Kon Tum": ("Kon Tum", "province", None),
    "Hưng Yên": ("Hưng Yên", "province", None),
    "Lào Cai": ("Lào Cai", "province", None),
    "Bắc Kạn": ("Bắc Kạn", "province", None),
    "Hà Giang": ("Hà Giang", "province", None),
    # Formed on 01/07/2025 (Nghị quyết 202/2025/QH15)
    "Quảng Trị/2025": ("Quảng Trị", "province", MERGER_DAY),
    "Đà Nẵng/2025": ("Đà Nẵng", "city", MERGER_DAY),
    "Quảng Ngãi/2025": ("Quảng Ngãi", "province", MERGER_DAY),
    "Bắc Ninh/2025": ("Bắc Ninh", "province", MERGER_DAY),
    "Phú Thọ/2025": ("Phú Thọ", "province", MERGER_DAY),
    "Hưng Yên/2025": ("Hưng Yên", "province", MERGER_DAY),
    "Lào Cai/2025": ("Lào Cai", "province", MERGER_DAY),
    "Thái Nguyên/2025": ("Thái Nguyên", "province", MERGER_DAY),
    "Tuyên Quang/2025": ("Tuyên Quang", "province", MERGER_DAY),
}

# (effective date, successor key, predecessor keys): the same keys name the provinces and
# their Departments of Foreign Affairs, and both are succeeded together.
HUE_SUCCESSION: tuple[datetime.date, str, tuple[str, ...]] = (
    HUE_CITY_DAY,
    "Huế",
    ("Thừa Thiên Huế",),
)
MERGERS_2025: list[tuple[datetime.date, str, tuple[str, ...]]] = [
    (MERGER_DAY, "Quảng Trị/2025", ("Quảng Bình", "Quảng Trị")),
    (MERGER_DAY, "Đà Nẵng/2025", ("Quảng Nam", "Đà Nẵng")),
    (MERGER_DAY, "Quảng Ngãi/2025", ("Kon Tum", "Quảng Ngãi")),
    (MERGER_DAY, "Bắc Ninh/2025", ("Bắc Giang", "Bắc Ninh")),
    (MERGER_DAY, "Phú Thọ/2025", ("Vĩnh Phúc", "Hòa Bình", "Phú Thọ")),
    (MERGER_DAY, "Hưng Yên/2025", ("Thái Bình", "Hưng Yên")),
    (MERGER_DAY, "Lào Cai/2025", ("Yên Bái", "Lào Cai")),
    (MERGER_DAY, "Thái Nguyên/2025", ("Thái Nguyên", "Bắc Kạn")),
    (MERGER_DAY, "Tuyên Quang/2025", ("Tuyên Quang", "Hà Giang")),
]

# Agencies -----------------------------------------------------------------------------------

MINISTRY_KEY = "Bộ Ngoại giao"


def _department(key: str) -> dict:
    name, kind, valid_from = PROVINCES[key]
    level = "thành phố" if kind == "city" else "tỉnh"
    return {
        "name": f"Sở Ngoại vụ {level} {name}",
        "short_name": name,
        "kind": "department",
        "province": key,
        "valid_from": valid_from,
    }


# key -> the fields of `services.agency_create` ("province" is a province key).
AGENCIES: dict[str, dict] = {
    MINISTRY_KEY: {
        "name": "Vụ Thi đua khen thưởng và Truyền thống ngoại giao, Bộ Ngoại giao",
        "short_name": "Vụ TĐKT và TTNG, Bộ Ngoại giao",
        "kind": "ministry",
        "province": None,
        "valid_from": None,
    },
    **{key: _department(key) for key in PROVINCES},
    # The Cao Bằng block (seed 001 names the first two; the rest is illustrative).
    "VP Đoàn ĐBQH và HĐND Cao Bằng": {
        "name": "Văn phòng Đoàn ĐBQH và HĐND tỉnh Cao Bằng",
        "short_name": "VP Đoàn ĐBQH và HĐND Cao Bằng",
        "kind": "other",
        "province": "Cao Bằng",
        "valid_from": None,
    },
    "VP UBND Cao Bằng": {
        "name": "Văn phòng UBND tỉnh Cao Bằng",
        "short_name": "VP UBND Cao Bằng",
        "kind": "other",
        "province": "Cao Bằng",
        "valid_from": None,
    },
    "Sở Nội vụ Cao Bằng": {
        "name": "Sở Nội vụ tỉnh Cao Bằng",
        "short_name": "Sở Nội vụ Cao Bằng",
        "kind": "other",
        "province": "Cao Bằng",
        "valid_from": None,
    },
    "Sở KH và ĐT Cao Bằng": {
        "name": "Sở Kế hoạch và Đầu tư tỉnh Cao Bằng",
        "short_name": "Sở KH và ĐT Cao Bằng",
        "kind": "other",
        "province": "Cao Bằng",
        "valid_from": None,
    },
    "Sở Tư pháp Cao Bằng": {
        "name": "Sở Tư pháp tỉnh Cao Bằng",
        "short_name": "Sở Tư pháp Cao Bằng",
        "kind": "other",
        "province": "Cao Bằng",
        "valid_from": None,
    },
    "Thanh tra Cao Bằng": {
        "name": "Thanh tra tỉnh Cao Bằng",
        "short_name": "Thanh tra tỉnh Cao Bằng",
        "kind": "other",
        "province": "Cao Bằng",
        "valid_from": None,
    },
}


# Users --------------------------------------------------------------------------------------

DEMO_USERS: list[dict] = [
    {
        "username": "quantri",
        "full_name": "Trần Minh Quân",
        "job_title": "Quản trị hệ thống",
        "agency": MINISTRY_KEY,
        "superuser": True,
        "ministry": False,
        "role": "Quản trị hệ thống (toàn quyền)",
    },
    {
        "username": "bo.thidua",
        "full_name": "Lê Thu Hà",
        "job_title": "Chuyên viên Vụ Thi đua khen thưởng và Truyền thống ngoại giao",
        "agency": MINISTRY_KEY,
        "superuser": False,
        "ministry": True,
        "role": "Bộ Ngoại giao: xem mọi Cụm, Khối; thẩm định đề nghị khen thưởng",
    },
    {
        "username": "cum3.truong",
        "full_name": "Phạm Thị Lan",
        "job_title": "Chuyên viên Văn phòng Sở, Thường trực Cụm",
        "agency": "Thanh Hóa",
        "superuser": False,
        "ministry": False,
        "role": "Thường trực Cụm thi đua số 3 năm 2025 (Sở Ngoại vụ Thanh Hóa, Cụm trưởng)",
    },
    {
        "username": "cum3.hatinh",
        "full_name": "Võ Đức Thắng",
        "job_title": "Chuyên viên phụ trách thi đua, khen thưởng",
        "agency": "Hà Tĩnh",
        "superuser": False,
        "ministry": False,
        "role": "Thành viên Cụm thi đua số 3 (Sở Ngoại vụ Hà Tĩnh)",
    },
    {
        "username": "cum3.nghean",
        "full_name": "Hoàng Thị Mai",
        "job_title": "Chuyên viên phụ trách thi đua, khen thưởng",
        "agency": "Nghệ An",
        "superuser": False,
        "ministry": False,
        "role": "Thành viên Cụm thi đua số 3 (Sở Ngoại vụ Nghệ An)",
    },
    {
        "username": "cum2.truong",
        "full_name": "Đỗ Quang Huy",
        "job_title": "Chuyên viên Văn phòng Sở, Thường trực Cụm",
        # Staff of Thái Nguyên as it is since 01/07/2025: still the secretariat of 2018, the
        # year the Thái Nguyên before the merger headed.
        "agency": "Thái Nguyên/2025",
        "superuser": False,
        "ministry": False,
        "role": (
            "Thường trực Cụm thi đua số II năm 2018 (Sở Ngoại vụ Thái Nguyên, Cụm trưởng; "
            "nay là Sở Ngoại vụ tỉnh Thái Nguyên sau sáp nhập)"
        ),
    },
    {
        "username": "caobang.khoi",
        "full_name": "Nông Thị Hạnh",
        "job_title": "Chuyên viên Văn phòng, Thường trực Khối",
        "agency": "VP Đoàn ĐBQH và HĐND Cao Bằng",
        "superuser": False,
        "ministry": False,
        "role": (
            "Thường trực Khối thi đua các cơ quan tham mưu tổng hợp tỉnh Cao Bằng năm 2023 "
            "(Văn phòng Đoàn ĐBQH và HĐND tỉnh, Trưởng khối)"
        ),
    },
]

# (username, role) of every demo user, for the README and the Makefile; all share DEMO_PASSWORD.
DEMO_LOGINS: list[tuple[str, str]] = [(user["username"], user["role"]) for user in DEMO_USERS]

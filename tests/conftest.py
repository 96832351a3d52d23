"""Shared fixtures: small `make_*` helpers and one small world with a fixed cast of users.

Domain rows are made through `clusters.services`, as a user would make them, so the test data
cannot drift from what the application allows.

The world (fixture `world`):
- Cụm thi đua số II, year 2025, members A (Cụm trưởng), B (Cụm phó thứ nhất), C and D;
- Cụm thi đua số 3, year 2025, whose only member is the outsider E;
- users: `member_user` (staff of C), `other_member_user` (D), `secretariat_user` (A),
  `deputy_user` (B), `ministry_user` (ministry reviewers' group, no agency),
  `stranger_user` (E) and `superuser`.
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Group
from django.utils import translation

from clusters import services
from clusters.access import MINISTRY_GROUP
from clusters.models import Agency, Cluster, ClusterYear, Conference, Membership, User

# Fixtures of the scoring and report worlds, for every test module that asks for them.
pytest_plugins = ["tests.fixtures.scoring", "tests.fixtures.reports"]

PASSWORD = "mat-khau-thu-nghiem-2025"

_serial = itertools.count(1)


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    """Users get a password (for `client.login`) without the cost of a real hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def media_root(settings, tmp_path):
    """Uploads and generated files go to a temporary folder, returned."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def english_messages():
    """The services' messages in English (the site's default is Vietnamese), the client's
    pages left in Vietnamese, for a module that matches refusals in English:
    `pytestmark = pytest.mark.usefixtures("english_messages")`."""
    with translation.override("en"):
        yield


@pytest.fixture
def in_english(client, english_messages):
    """The services' messages and the client's pages in English, for a module that matches
    them in English: `pytestmark = pytest.mark.usefixtures("in_english")`."""
    client.cookies["django_language"] = "en"


def _build_agency(short_name: str | None = None, **fields) -> Agency:
    short_name = short_name or f"Tỉnh {next(_serial)}"
    fields.setdefault("name", f"Sở Ngoại vụ {short_name}")
    fields.setdefault("kind", Agency.Kind.DEPARTMENT)
    return services.agency_create(by=None, short_name=short_name, **fields)


def _build_cluster(**fields) -> Cluster:
    fields.setdefault("kind", Cluster.Kind.CLUSTER)
    fields.setdefault("number", str(next(_serial)))
    fields.setdefault("supervisor_kind", Cluster.Supervisor.MINISTRY)
    fields.setdefault("supervisor_name", "Bộ Ngoại giao")
    return services.cluster_create(by=None, **fields)


def _build_year(
    cluster: Cluster | None = None,
    year: int = 2025,
    members: Sequence[Agency] = (),
    head: Agency | None = None,
    deputy_1: Agency | None = None,
    deputy_2: Agency | None = None,
    **settings,
) -> ClusterYear:
    """A cluster year with `members`; the officers are given as agencies among the members."""
    return services.cluster_year_create(
        cluster=cluster or _build_cluster(),
        year=year,
        agencies=members,
        head=head,
        deputy_1=deputy_1,
        deputy_2=deputy_2,
        by=None,
        **settings,
    )


def _build_user(
    agency: Agency | None = None,
    ministry: bool = False,
    superuser: bool = False,
    username: str | None = None,
    **fields,
) -> User:
    username = username or f"user{next(_serial)}"
    if superuser:
        user = User.objects.create_superuser(
            username=username, password=PASSWORD, agency=agency, **fields
        )
    else:
        user = User.objects.create_user(
            username=username, password=PASSWORD, agency=agency, **fields
        )
    if ministry:
        user.groups.add(Group.objects.get_or_create(name=MINISTRY_GROUP)[0])
    return user


# The day each kind of conference is usually held in its year.
_CONFERENCE_DAYS = {
    Conference.Kind.COVENANT: (3, 1),
    Conference.Kind.MID_YEAR: (7, 15),
    Conference.Kind.YEAR_END: (12, 15),
    Conference.Kind.OTHER: (10, 1),
}


def _build_conference(
    cluster_year: ClusterYear,
    kind: str = Conference.Kind.OTHER,
    starts_on: datetime.date | None = None,
    host: Membership | None = None,
    **fields,
) -> Conference:
    month, day = _CONFERENCE_DAYS[kind]
    fields.setdefault("title", f"Hội nghị {next(_serial)}")
    fields.setdefault("place", "Hà Nội")
    conference = Conference(
        cluster_year=cluster_year,
        kind=kind,
        starts_on=starts_on or datetime.date(cluster_year.year, month, day),
        host=host,
        **fields,
    )
    return services.conference_save(conference=conference, by=None)


@pytest.fixture
def make_agency(db):
    return _build_agency


@pytest.fixture
def make_cluster(db):
    return _build_cluster


@pytest.fixture
def make_year(db):
    return _build_year


@pytest.fixture
def make_user(db):
    return _build_user


@pytest.fixture
def make_conference(db):
    return _build_conference


# The world -------------------------------------------------------------------------------


@dataclass
class World:
    cluster: Cluster
    year: ClusterYear
    agencies: dict[str, Agency]  # "A" to "E"
    memberships: dict[str, Membership]  # "A" to "D", in `year`
    other_cluster: Cluster
    other_year: ClusterYear
    other_membership: Membership  # E, in `other_year`
    member_user: User
    other_member_user: User
    secretariat_user: User
    deputy_user: User
    ministry_user: User
    stranger_user: User
    superuser: User


@pytest.fixture
def world(db) -> World:
    agencies = {
        "A": _build_agency("Hải Phòng"),
        "B": _build_agency("Thái Nguyên"),
        "C": _build_agency("Phú Thọ"),
        "D": _build_agency("Hà Nội"),
        "E": _build_agency("Quảng Trị"),
    }
    cluster = _build_cluster(number="II", name="")
    year = _build_year(
        cluster,
        2025,
        members=[agencies[letter] for letter in "ABCD"],
        head=agencies["A"],
        deputy_1=agencies["B"],
    )
    other_cluster = _build_cluster(number="3", name="Bắc miền Trung")
    other_year = _build_year(other_cluster, 2025, members=[agencies["E"]])
    by_agency = {m.agency_id: m for m in year.memberships.all()}
    return World(
        cluster=cluster,
        year=year,
        agencies=agencies,
        memberships={letter: by_agency[agencies[letter].pk] for letter in "ABCD"},
        other_cluster=other_cluster,
        other_year=other_year,
        other_membership=other_year.memberships.get(),
        member_user=_build_user(agencies["C"], username="member"),
        other_member_user=_build_user(agencies["D"], username="other_member"),
        secretariat_user=_build_user(agencies["A"], username="secretariat"),
        deputy_user=_build_user(agencies["B"], username="deputy"),
        ministry_user=_build_user(ministry=True, username="ministry"),
        stranger_user=_build_user(agencies["E"], username="stranger"),
        superuser=_build_user(superuser=True, username="admin"),
    )


def _cast(role: str):
    """A fixture named `role` that gives that user of the world's cast."""

    @pytest.fixture(name=role)
    def cast_user(world):
        return getattr(world, role)

    return cast_user


member_user = _cast("member_user")
other_member_user = _cast("other_member_user")
secretariat_user = _cast("secretariat_user")
deputy_user = _cast("deputy_user")
ministry_user = _cast("ministry_user")
stranger_user = _cast("stranger_user")
superuser = _cast("superuser")

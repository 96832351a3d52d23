"""The country-wide dataset of the benchmarks (`manage.py seed_scale`), and the criteria and
values the benchmarks share.

`--clusters` clusters × `--members` members × `--criteria` scored criteria, in one cluster year
each (1,000 × 15 × 100 = 1.5 million scores, the issue's "one year of the whole country").
Deterministic: the same options give the same rows (one seeded RNG per cluster).

It writes with bulk_create, in batches, for speed: the services would take hours at this
size. The rows are the ones the services leave (checked by tests/scoring/test_seed_scale.py):

- each cluster year has its members, a head (member 1) and a first deputy (member 2);
- one criteria set (version 1) per year, checked by `criteria_tree.check_criteria`, with groups
  as parents and positions in order;
- one whole-year assessment per member, on that set, with one score per scored criterion;
- three clusters in four are final (revision 3, SUBMITTED and FINALISED events, final value
  = self value, as `assessment_finalise` leaves it); every fourth (2, 6, 10…) is still
  scoring: drafts (revision 1) with self values only and no deadline set yet, so that its
  members can save again and again (the load test does).

Without the audit log entries the services would also write. Users, all with the password
`PASSWORD`: `quymo.bo` (ministry reviewer) and the staff of every member of clusters 1 and 2,
`quymo.c<cluster>.<member>` (member 01 is the head: its staff are the secretariat).
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext as _

from clusters.access import MINISTRY_GROUP
from clusters.models import Agency, Cluster, ClusterYear, Membership, Officer, User
from emulation.site.demo.directory import DEMO_PASSWORD
from scoring.criteria_tree import CriterionData, check_criteria
from scoring.models import Assessment, AssessmentEvent, CriteriaSet, Criterion, Score

Kind = Criterion.Kind
Status = Assessment.Status
GROUPS = 4
PASSWORD = DEMO_PASSWORD  # published on purpose: never seed a production database
SUPERVISOR = "Bộ Ngoại giao (dữ liệu quy mô)"  # marks the seeded clusters
MINISTRY_AGENCY = "Vụ Thi đua - Khen thưởng (dữ liệu quy mô)"
USERS_FOR_CLUSTERS = (1, 2)
BATCH = 2000

# The kinds in turn, with their maximum (and points per occurrence): mostly plain points.
KINDS: list[tuple[str, Decimal, Decimal | None]] = [
    (Kind.POINTS, Decimal("5"), None),
    (Kind.PASS_FAIL, Decimal("4"), None),
    (Kind.POINTS, Decimal("6"), None),
    (Kind.PER_OCCURRENCE, Decimal("6"), Decimal("1.5")),
    (Kind.QUANTITATIVE, Decimal("8"), None),
    (Kind.POINTS, Decimal("4"), None),
    (Kind.BONUS, Decimal("2"), None),
    (Kind.PASS_FAIL, Decimal("3"), None),
    (Kind.POINTS, Decimal("5"), None),
    (Kind.DEDUCTION, Decimal("3"), None),
]


def criteria_rows(count: int) -> list[CriterionData]:
    """`count` criteria in up to 4 top-level groups, the kinds in turn."""
    groups = min(GROUPS, count)
    rows = []
    for group in range(1, groups + 1):
        members = range(group - 1, count, groups)  # criterion indexes of this group
        children = []
        for number, index in enumerate(members, start=1):
            kind, maximum, per = KINDS[index % len(KINDS)]
            children.append(
                CriterionData(
                    code=f"{group}.{number}",
                    title=f"Tiêu chí {group}.{number}",
                    kind=kind,
                    max_points=maximum,
                    points_per_occurrence=per,
                )
            )
        total = sum(
            (c.max_points for c in children if c.kind not in (Kind.BONUS, Kind.DEDUCTION)),
            Decimal("0"),
        )
        rows.append(CriterionData(str(group), f"Nhóm {group}", Kind.GROUP, total))
        rows.extend(children)
    return rows


def value_for(criterion: Criterion, rng: random.Random) -> tuple[Decimal, Decimal | None]:
    """(value, target) as a member would enter them for `criterion`."""
    if criterion.kind == Kind.PASS_FAIL:
        return (criterion.max_points if rng.random() < 0.9 else Decimal("0")), None
    if criterion.kind == Kind.PER_OCCURRENCE:
        return Decimal(rng.randint(0, 6)), None
    if criterion.kind == Kind.QUANTITATIVE:
        target = Decimal(rng.randint(100, 2000))
        return (target * Decimal(rng.randint(50, 150)) / 100).quantize(Decimal("0.01")), target
    halves = int(criterion.max_points * 2)
    return Decimal(rng.randint(0, halves)) / 2, None


def entered_scores(
    assessment: Assessment, criteria: list[Criterion], rng: random.Random, *, final: bool
) -> list[Score]:
    """The scores of `assessment` for `criteria` (not yet saved) as its member would enter
    them (value_for), final as entered when `final`."""
    scores = []
    for criterion in criteria:
        value, target = value_for(criterion, rng)
        scores.append(
            Score(
                assessment=assessment,
                criterion=criterion,
                target=target,
                self_value=value,
                final_value=value if final else None,
            )
        )
    return scores


def bulk_criteria(criteria_sets: list[CriteriaSet], rows: list[CriterionData]) -> None:
    """The rows as each set's criteria, as `criteria_replace` writes them: groups first (they
    are the parents), positions in order; two inserts per batch of sets."""
    groups, children = [], []
    for criteria_set in criteria_sets:
        for position, row in enumerate(rows):
            criterion = Criterion(
                criteria_set=criteria_set,
                position=position,
                code=row.code,
                title=row.title,
                guidance=row.guidance,
                kind=row.kind,
                max_points=row.max_points,
                points_per_occurrence=(
                    row.points_per_occurrence if row.kind == Kind.PER_OCCURRENCE else None
                ),
                evidence_required=row.evidence_required,
            )
            (children if "." in row.code else groups).append(criterion)
    Criterion.objects.bulk_create(groups, batch_size=BATCH)
    parents = {(c.criteria_set_id, c.code): c for c in groups}
    for criterion in children:
        criterion.parent = parents[(criterion.criteria_set_id, criterion.code.rsplit(".", 1)[0])]
    Criterion.objects.bulk_create(children, batch_size=BATCH)


def is_scoring(number: int) -> bool:
    """Every fourth cluster (2, 6, 10…) is still scoring: its assessments are drafts."""
    return number % 4 == 2


@dataclass(frozen=True)
class Size:
    clusters: int
    members: int
    criteria: int
    year: int = 2026
    seed: int = 2026

    @property
    def scores(self) -> int:
        return self.clusters * self.members * self.criteria


def seeded_clusters() -> int:
    return Cluster.objects.filter(supervisor_name=SUPERVISOR).count()


def seeded_size() -> Size | None:
    """The size of the dataset already in the database, or None."""
    year = ClusterYear.objects.filter(cluster__supervisor_name=SUPERVISOR).order_by("pk").first()
    if year is None:
        return None
    criteria_set = year.criteria_sets.get()
    return Size(
        clusters=seeded_clusters(),
        members=year.memberships.count(),
        criteria=criteria_set.criteria.exclude(kind=Kind.GROUP).count(),
        year=year.year,
    )


def seed(size: Size, progress: Callable[[str], None] = lambda line: None) -> None:
    """Write the dataset in one transaction (all or nothing); `progress` gets a line per step."""
    rows = criteria_rows(size.criteria)
    problems = check_criteria(rows)
    if problems:  # the same check as criteria_replace
        raise ValueError("; ".join(message for _index, message in problems))
    chunk = max(1, 20_000 // max(1, size.members * size.criteria))  # ~20,000 scores a step
    with transaction.atomic():
        for start in range(1, size.clusters + 1, chunk):
            numbers = range(start, min(start + chunk, size.clusters + 1))
            _seed_clusters(size, numbers, rows)
            progress(
                _("clusters %(done)d/%(total)d, scores %(scores)s")
                % {
                    "done": numbers[-1],
                    "total": size.clusters,
                    "scores": f"{numbers[-1] * size.members * size.criteria:,}",
                }
            )
        _seed_users(size)


def _seed_clusters(size: Size, numbers: range, rows: list[CriterionData]) -> None:
    clusters = Cluster.objects.bulk_create(
        Cluster(
            kind=Cluster.Kind.CLUSTER,
            number=str(number),
            supervisor_kind=Cluster.Supervisor.MINISTRY,
            supervisor_name=SUPERVISOR,
        )
        for number in numbers
    )
    agencies = Agency.objects.bulk_create(
        (
            Agency(
                name=f"Sở Ngoại vụ mô phỏng {number:04d}-{member:02d}",
                short_name=f"SNV {number:04d}-{member:02d}",
                kind=Agency.Kind.DEPARTMENT,
            )
            for number in numbers
            for member in range(1, size.members + 1)
        ),
        batch_size=BATCH,
    )
    years = ClusterYear.objects.bulk_create(
        ClusterYear(
            cluster=cluster,
            year=size.year,
            self_assessment_opens=None if is_scoring(n) else datetime.date(size.year, 11, 1),
            self_assessment_deadline=None if is_scoring(n) else datetime.date(size.year + 1, 1, 15),
            review_deadline=None if is_scoring(n) else datetime.date(size.year + 1, 1, 31),
            excellent_min=Decimal("95"),
            good_min=Decimal("85"),
            fair_min=Decimal("70"),
            tie_break_groups=", ".join(str(g) for g in range(1, min(GROUPS, size.criteria) + 1)),
        )
        for n, cluster in zip(numbers, clusters, strict=True)
    )
    memberships = Membership.objects.bulk_create(
        (
            Membership(cluster_year=year, agency=agencies[i * size.members + m])
            for i, year in enumerate(years)
            for m in range(size.members)
        ),
        batch_size=BATCH,
    )
    roles = [Officer.Role.HEAD, Officer.Role.DEPUTY_1][: size.members]
    Officer.objects.bulk_create(
        Officer(cluster_year=year, membership=memberships[i * size.members + m], role=role)
        for i, year in enumerate(years)
        for m, role in enumerate(roles)
    )
    sets = CriteriaSet.objects.bulk_create(CriteriaSet(cluster_year=year) for year in years)
    bulk_criteria(sets, rows)
    scored = {s.pk: [] for s in sets}
    for criterion in Criterion.objects.filter(criteria_set__in=sets).exclude(kind=Kind.GROUP):
        scored[criterion.criteria_set_id].append(criterion)
    for criteria in scored.values():
        criteria.sort(key=lambda c: c.position)
    assessments = Assessment.objects.bulk_create(
        (
            Assessment(
                membership=memberships[i * size.members + m],
                criteria_set=sets[i],
                status=Status.DRAFT if is_scoring(n) else Status.FINAL,
                revision=1 if is_scoring(n) else 3,
            )
            for i, n in enumerate(numbers)
            for m in range(size.members)
        ),
        batch_size=BATCH,
    )
    AssessmentEvent.objects.bulk_create(
        (
            AssessmentEvent(assessment=assessment, action=action)
            for assessment in assessments
            if assessment.status == Status.FINAL
            for action in (AssessmentEvent.Action.SUBMITTED, AssessmentEvent.Action.FINALISED)
        ),
        batch_size=BATCH,
    )
    scores = []
    for i, n in enumerate(numbers):
        rng = random.Random(size.seed * 100_003 + n)  # noqa: S311 (figures, not secrets)
        final = not is_scoring(n)
        for assessment in assessments[i * size.members : (i + 1) * size.members]:
            scores += entered_scores(assessment, scored[sets[i].pk], rng, final=final)
    Score.objects.bulk_create(scores, batch_size=BATCH)


def _seed_users(size: Size) -> None:
    """The ministry reviewer and the staff of the members of clusters 1 and 2 (one hash)."""
    password = make_password(PASSWORD)
    ministry_agency = Agency.objects.create(
        name=MINISTRY_AGENCY, short_name="Vụ TĐKT (quy mô)", kind=Agency.Kind.MINISTRY
    )
    users = [
        User(
            username="quymo.bo",
            full_name="Chuyên viên Vụ Thi đua (quy mô)",
            agency=ministry_agency,
            password=password,
        )
    ]
    memberships = (
        Membership.objects.filter(
            cluster_year__cluster__supervisor_name=SUPERVISOR,
            cluster_year__cluster__number__in=[str(n) for n in USERS_FOR_CLUSTERS],
        )
        .select_related("agency", "cluster_year__cluster")
        .order_by("pk")
    )
    for membership in memberships:
        number = int(membership.cluster_year.cluster.number)
        member = int(membership.agency.short_name.rsplit("-", 1)[1])
        users.append(
            User(
                username=member_username(number, member),
                full_name=f"Cán bộ {membership.agency.short_name}",
                agency=membership.agency,
                password=password,
            )
        )
    User.objects.bulk_create(users)
    group, _created = Group.objects.get_or_create(name=MINISTRY_GROUP)
    User.objects.get(username="quymo.bo").groups.add(group)


def member_username(cluster: int, member: int) -> str:
    """The staff of member `member` of cluster `cluster`; member 1 is the head."""
    return f"quymo.c{cluster}.{member:02d}"

"""`manage.py seed_demo`: load the demo clusters, agencies and users (see emulation/site/demo/).

Everything is written through `clusters.services`, in one transaction, in a fixed order. When
the demo is already there (Cụm thi đua số II exists) nothing is added: only the demo users are
checked (they exist, can sign in with the demo password, keep their role). The scoring demo
(`emulation/site/demo/scoring.py`: criteria, assessments and a published ranking of Cụm thi
đua số 3) and the documents demo (`emulation/site/demo/documents.py`: the 2022 dossier of
Cụm 3 issued and signed) are loaded last, in the same transaction.
"""

from __future__ import annotations

import unicodedata

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from clusters import services
from clusters.access import MINISTRY_GROUP
from clusters.models import (
    Agency,
    Cluster,
    ClusterYear,
    Conference,
    Decision,
    Membership,
    Province,
    User,
)
from emulation.site.demo import accounts as demo_accounts
from emulation.site.demo import clusters as demo
from emulation.site.demo import directory
from emulation.site.demo.documents import seed_documents
from emulation.site.demo.movements import seed_movements
from emulation.site.demo.scoring import seed_scoring


class DemoBuilder:
    """Writes the demo data (emulation/site/demo/), in order, as the superuser `by`."""

    def __init__(self) -> None:
        self.by: User | None = None
        self.provinces: dict[str, Province] = {}
        self.agencies: dict[str, Agency] = {}

    def build(self, ensure_user) -> None:
        self.agency(directory.MINISTRY_KEY)
        superuser = next(spec for spec in directory.DEMO_USERS if spec["superuser"])
        self.by = ensure_user(superuser, self.agencies[directory.MINISTRY_KEY])
        for key in directory.PROVINCES:
            self.province(key)
        for key in directory.AGENCIES:
            self.agency(key)
        # Huế before any 2025 year exists; the 01/07/2025 mergers after the 2025 years exist,
        # so that they move the 2025 memberships and leave the past years alone.
        self.succeed(*directory.HUE_SUCCESSION)
        for spec in demo.CLUSTERS:
            self.cluster(spec)
        for merger in directory.MERGERS_2025:
            self.succeed(*merger)

    # Directory -------------------------------------------------------------------------------

    def province(self, key: str) -> Province:
        if key not in self.provinces:
            name, kind, valid_from = directory.PROVINCES[key]
            province = Province.objects.filter(name=name, valid_from=valid_from).first()
            if province is None:
                province = services.province_create(
                    by=self.by, name=name, kind=kind, valid_from=valid_from
                )
            self.provinces[key] = province
        return self.provinces[key]

    def agency(self, key: str) -> Agency:
        if key not in self.agencies:
            fields = dict(directory.AGENCIES[key])
            province_key = fields.pop("province")
            agency = Agency.objects.filter(
                name=fields["name"], valid_from=fields["valid_from"]
            ).first()
            if agency is None:
                agency = services.agency_create(
                    by=self.by,
                    province=self.province(province_key) if province_key else None,
                    **fields,
                )
            self.agencies[key] = agency
        return self.agencies[key]

    def succeed(self, effective, into: str, sources: tuple[str, ...]) -> None:
        """Province and Department of Foreign Affairs alike: `sources` become `into`."""
        for records, merge in (
            (self.provinces, services.province_merge),
            (self.agencies, services.agency_merge),
        ):
            successor = records[into]
            predecessors = [records[key] for key in sources]
            if all(record.successor_id == successor.pk for record in predecessors):
                continue  # recorded already (a directory kept from an earlier load)
            merge(sources=predecessors, into=successor, effective=effective, by=self.by)

    # Clusters --------------------------------------------------------------------------------

    def cluster(self, spec: dict) -> Cluster:
        cluster = services.cluster_create(by=self.by, **spec["fields"])
        previous: ClusterYear | None = None
        for year_spec in spec["years"]:
            if year_spec.get("from_previous"):
                cluster_year = services.cluster_year_start_next(cluster_year=previous, by=self.by)
            else:
                cluster_year = services.cluster_year_create(
                    cluster=cluster,
                    year=year_spec["year"],
                    agencies=[self.agencies[key] for key in year_spec["members"]],
                    by=self.by,
                    **year_spec.get("settings", {}),
                )
            if cluster_year.year != year_spec["year"]:
                raise CommandError(
                    _("The demo data expects the year %(expected)s, not %(year)s.")
                    % {"expected": year_spec["year"], "year": cluster_year.year}
                )
            if "officers" in year_spec:
                services.officers_set(
                    cluster_year=cluster_year,
                    by=self.by,
                    **{
                        role: self.seat(cluster_year, key)
                        for role, key in year_spec["officers"].items()
                    },
                )
            for conference_spec in year_spec.get("conferences", ()):
                self.conference(cluster_year, conference_spec)
            if "covenant" in year_spec:
                self.covenant(cluster_year, year_spec["covenant"])
            previous = cluster_year
        return cluster

    def seat(self, cluster_year: ClusterYear, key: str) -> Membership:
        return cluster_year.memberships.get(agency=self.agencies[key])

    def members(self, cluster_year: ClusterYear) -> list[Membership]:
        return list(cluster_year.memberships.current().select_related("agency").order_by("pk"))

    def conference(self, cluster_year: ClusterYear, spec: dict) -> Conference:
        conference = services.conference_save(
            conference=Conference(
                cluster_year=cluster_year,
                kind=spec["kind"],
                title=spec["title"],
                starts_on=spec["starts_on"],
                ends_on=spec.get("ends_on"),
                place=spec["place"],
                host=self.seat(cluster_year, spec["host"]) if spec.get("host") else None,
                chair_name=spec.get("chair_name", ""),
                chair_title=spec.get("chair_title", ""),
                summary=spec.get("summary", ""),
            ),
            by=self.by,
        )
        named = {
            self.agencies[key].pk: delegate for key, delegate in spec.get("delegates", {}).items()
        }
        default = ("", spec.get("delegate_title", ""))
        services.attendance_set(
            conference=conference,
            delegates=[
                services.Delegate(
                    membership=membership,
                    name=named.get(membership.agency_id, default)[0],
                    title=named.get(membership.agency_id, default)[1],
                )
                for membership in self.members(cluster_year)
            ],
            by=self.by,
        )
        for name, title, organisation in spec.get("guests", ()):
            services.guest_add(
                conference=conference,
                name=name,
                title=title,
                organisation=organisation,
                by=self.by,
            )
        for title in spec.get("documents", ()):
            services.document_add(conference=conference, title=title, by=self.by)
        for kind, content in spec.get("decisions", ()):
            if kind == Decision.Kind.OFFICERS_ELECTED:
                services.conference_record_election(
                    conference=conference,
                    by=self.by,
                    **{role: self.agencies[key] for role, key in content.items()},
                )
            else:
                services.decision_add(conference=conference, kind=kind, text=content, by=self.by)
        return conference

    def covenant(self, cluster_year: ClusterYear, spec: dict) -> None:
        covenant = services.covenant_save(
            cluster_year=cluster_year,
            title=spec["title"],
            commitments=spec["commitments"],
            signed_on=spec["signed_on"],
            place=spec["place"],
            preamble=spec["preamble"],
            by=self.by,
        )
        services.signatories_set(
            covenant=covenant,
            signatures=[
                services.Signature(
                    membership=membership,
                    signer_name=demo.SIGNER_NAME.format(agency=membership.agency.name),
                    signer_title=demo.SIGNER_TITLE.format(agency=membership.agency.name),
                )
                for membership in self.members(cluster_year)
            ],
            by=self.by,
        )


def ensure_user(spec: dict, agency: Agency | None) -> User:
    """The demo user `spec` exists, is active, signs in with the demo password, has its role.

    An existing user keeps its name, title and agency; nothing is written when all is in order.
    """
    user = User.objects.filter(username=spec["username"]).first()
    if user is None:
        create = User.objects.create_superuser if spec["superuser"] else User.objects.create_user
        user = create(
            username=spec["username"],
            password=directory.DEMO_PASSWORD,
            full_name=spec["full_name"],
            job_title=spec["job_title"],
            agency=agency,
        )
    else:
        changed = False
        if not user.check_password(directory.DEMO_PASSWORD):
            user.set_password(directory.DEMO_PASSWORD)
            changed = True
        if not user.is_active:
            user.is_active = changed = True
        if spec["superuser"] and not (user.is_superuser and user.is_staff):
            user.is_superuser = user.is_staff = changed = True
        if user.agency_id is None and agency is not None:
            user.agency, changed = agency, True
        if changed:
            user.save()
    if spec["ministry"]:
        user.groups.add(Group.objects.get_or_create(name=MINISTRY_GROUP)[0])
    return user


def _width(text: str) -> int:
    return len(unicodedata.normalize("NFC", text))


class Command(BaseCommand):
    help = (
        "Load the demo data: real clusters of local foreign-affairs agencies (Cụm thi đua số II "
        "and số 3 of the Ministry of Foreign Affairs, a Cao Bằng block), the 2025 mergers and "
        "one demo user per role. Safe to run again."
    )

    def handle(self, *args, **options) -> None:
        try:
            with transaction.atomic():
                loaded = Cluster.objects.filter(**demo.SENTINEL_CLUSTER).exists()
                if loaded:
                    agencies = {
                        spec["agency"]: Agency.objects.filter(
                            name=directory.AGENCIES[spec["agency"]]["name"],
                            valid_from=directory.AGENCIES[spec["agency"]]["valid_from"],
                        ).first()
                        for spec in directory.DEMO_USERS
                    }
                    for spec in directory.DEMO_USERS:
                        ensure_user(spec, agencies[spec["agency"]])
                else:
                    builder = DemoBuilder()
                    builder.build(ensure_user)
                    for spec in directory.DEMO_USERS:
                        ensure_user(spec, builder.agencies[spec["agency"]])
                    seed_scoring(by=builder.by)
                    seed_documents(by=builder.by)
                    seed_movements(by=builder.by)
                self.member_logins = demo_accounts.ensure_member_logins(directory.DEMO_PASSWORD)
                admin = demo_accounts.ensure_agency_admin(directory.DEMO_PASSWORD)
                demo_accounts.ensure_pending_invitation(admin)
        except ValidationError as error:
            raise CommandError(
                _("The demo data could not be loaded: %(reason)s")
                % {"reason": " ".join(error.messages)}
            ) from error

        if loaded:
            self.stdout.write(
                _("The demo data is already loaded: nothing was added (demo users checked).")
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    _(
                        "Demo data loaded: %(clusters)d clusters, %(years)d cluster years, "
                        "%(agencies)d agencies, %(conferences)d conferences, %(users)d users."
                    )
                    % {
                        "clusters": Cluster.objects.count(),
                        "years": ClusterYear.objects.count(),
                        "agencies": Agency.objects.count(),
                        "conferences": Conference.objects.count(),
                        "users": User.objects.count(),
                    }
                )
            )
        if not settings.DEBUG:
            self.stderr.write(
                self.style.WARNING(
                    _("DEBUG is off: the demo users' password is public; do not keep them.")
                )
            )
        self.print_logins()

    def print_logins(self) -> None:
        header = (_("Username"), _("Password"), _("Role"))
        rows = [
            (username, directory.DEMO_PASSWORD, role) for username, role in directory.DEMO_LOGINS
        ]
        widths = [max(_width(row[column]) for row in [header, *rows]) for column in range(3)]

        def line(cells) -> str:
            return "  ".join(
                cell + " " * (width - _width(cell))
                for cell, width in zip(cells, widths, strict=True)
            ).rstrip()

        self.stdout.write("")
        self.stdout.write(_("Demo logins:"))
        self.stdout.write(line(header))
        self.stdout.write(line("-" * width for width in widths))
        for row in rows:
            self.stdout.write(line(row))
        self.stdout.write(
            line(
                (
                    demo_accounts.ADMIN["username"],
                    directory.DEMO_PASSWORD,
                    _("Agency administrator (%(agency)s)")
                    % {"agency": demo_accounts.ADMIN["agency"]},
                )
            )
        )
        for cluster_year, logins in self.member_logins:
            self.stdout.write("")
            self.stdout.write(_("Members of %(year)s:") % {"year": cluster_year})
            for username, agency in logins:
                self.stdout.write(f"  {username:<32} {agency}")
        self.stdout.write("")
        self.stdout.write(
            _("Pending invitation: %(email)s (Thanh Hóa), on the agency's accounts page.")
            % {"email": demo_accounts.INVITED["email"]}
        )

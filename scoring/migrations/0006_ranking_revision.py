"""The ranking's revision (scoring.RankingRevision), moved by the database on every write to
what a ranking is computed from: statement-level triggers on PostgreSQL (one UPDATE of the
revision per statement, however many rows), row-level triggers on SQLite."""

from django.db import migrations, models

# For each table feeding the ranking: the cluster years its rows (the alias x) belong to.
SOURCES = {
    "scoring_score": (
        "SELECT m.cluster_year_id FROM {rows} x"
        " JOIN scoring_assessment a ON a.id = x.assessment_id"
        " JOIN clusters_membership m ON m.id = a.membership_id"
    ),
    "scoring_assessment": (
        "SELECT m.cluster_year_id FROM {rows} x"
        " JOIN clusters_membership m ON m.id = x.membership_id"
    ),
    "scoring_criterion": (
        "SELECT cs.cluster_year_id FROM {rows} x"
        " JOIN scoring_criteriaset cs ON cs.id = x.criteria_set_id"
    ),
    "scoring_criteriaset": "SELECT x.cluster_year_id FROM {rows} x",
    "scoring_rankingpublication": "SELECT x.cluster_year_id FROM {rows} x",
    "clusters_membership": "SELECT x.cluster_year_id FROM {rows} x",
    "clusters_clusteryear": "SELECT x.id AS cluster_year_id FROM {rows} x",
    "clusters_agency": (
        "SELECT m.cluster_year_id FROM {rows} x"
        " JOIN clusters_membership m ON m.agency_id = x.id"
    ),
}
# The columns of a row those queries read (SQLite's triggers see one row, NEW or OLD).
COLUMNS = {
    "scoring_score": "assessment_id",
    "scoring_assessment": "membership_id",
    "scoring_criterion": "criteria_set_id",
    "scoring_criteriaset": "cluster_year_id",
    "scoring_rankingpublication": "cluster_year_id",
    "clusters_membership": "cluster_year_id",
    "clusters_clusteryear": "id",
    "clusters_agency": "id",
}
EVENTS = ("INSERT", "UPDATE", "DELETE")
SEQUENCE = "scoring_rankingrevision_seq"


def _postgresql() -> tuple[list[str], list[str]]:
    forward, backward = [f"CREATE SEQUENCE {SEQUENCE}"], []
    for table, source in SOURCES.items():
        for event in EVENTS:
            name = f"scoring_rankrev_{table}_{event.lower()}"
            if event == "UPDATE":  # a row may move from one year to another: both count
                rows = source.format(rows="new_rows") + " UNION " + source.format(rows="old_rows")
                referencing = "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows"
            else:
                which = "new_rows" if event == "INSERT" else "old_rows"
                rows = source.format(rows=which)
                referencing = f"REFERENCING {'NEW' if event == 'INSERT' else 'OLD'} TABLE AS {which}"
            forward += [
                f"""
                CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO scoring_rankingrevision (cluster_year_id, revision)
                    SELECT y.id, nextval('{SEQUENCE}')
                    FROM (SELECT DISTINCT s.cluster_year_id AS id FROM ({rows}) AS s
                          WHERE s.cluster_year_id IS NOT NULL ORDER BY 1) AS y
                    ON CONFLICT (cluster_year_id) DO UPDATE SET revision = EXCLUDED.revision;
                    RETURN NULL;
                END $$
                """,
                f"CREATE TRIGGER {name} AFTER {event} ON {table} {referencing}"
                f" FOR EACH STATEMENT EXECUTE FUNCTION {name}()",
            ]
            backward += [
                f"DROP TRIGGER IF EXISTS {name} ON {table}",
                f"DROP FUNCTION IF EXISTS {name}()",
            ]
    return forward, [*backward, f"DROP SEQUENCE IF EXISTS {SEQUENCE}"]


def _sqlite() -> tuple[list[str], list[str]]:
    forward, backward = [], []
    for table, source in SOURCES.items():
        for event in EVENTS:
            name = f"scoring_rankrev_{table}_{event.lower()}"
            row = "OLD" if event == "DELETE" else "NEW"
            column = COLUMNS[table]
            selects = [source.format(rows=f"(SELECT {row}.{column} AS {column})")]
            if event == "UPDATE":
                selects.append(source.format(rows=f"(SELECT OLD.{column} AS {column})"))
            body = "".join(
                f"INSERT INTO scoring_rankingrevision (cluster_year_id, revision)"
                f" SELECT DISTINCT s.cluster_year_id, abs(random()) FROM ({select}) AS s"
                f" WHERE s.cluster_year_id IS NOT NULL"
                f" ON CONFLICT (cluster_year_id) DO UPDATE SET revision = excluded.revision;"
                for select in selects
            )
            forward.append(
                f"CREATE TRIGGER {name} AFTER {event} ON {table} FOR EACH ROW BEGIN {body} END"
            )
            backward.append(f"DROP TRIGGER IF EXISTS {name}")
    return forward, backward


def install(apps, schema_editor):
    statements = {"postgresql": _postgresql, "sqlite": _sqlite}.get(schema_editor.connection.vendor)
    if statements is None:
        return  # another database: the ranking is then computed on every request
    for statement in statements()[0]:
        schema_editor.execute(statement, params=None)


def uninstall(apps, schema_editor):
    statements = {"postgresql": _postgresql, "sqlite": _sqlite}.get(schema_editor.connection.vendor)
    if statements is None:
        return
    for statement in statements()[1]:
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):

    dependencies = [
        ("clusters", "0006_movements"),
        ("scoring", "0005_reversal"),
    ]

    operations = [
        migrations.CreateModel(
            name="RankingRevision",
            fields=[
                ("cluster_year_id", models.BigIntegerField(primary_key=True, serialize=False)),
                ("revision", models.BigIntegerField(default=0)),
            ],
            options={
                "verbose_name": "ranking revision",
                "verbose_name_plural": "ranking revisions",
            },
        ),
        migrations.RunPython(install, uninstall),
    ]

"""The ranking's revision also moves when the person who published a ranking is renamed: the
ranking page shows who published it and keeps its copy under the revision (migration 0006
covers everything else the page shows, the publication itself included)."""

from django.db import migrations

NAME = "scoring_rankrev_clusters_user_update"

# A trigger with transition tables cannot name its columns: the function compares them.
POSTGRESQL = [
    f"""
    CREATE FUNCTION {NAME}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO scoring_rankingrevision (cluster_year_id, revision)
        SELECT y.id, nextval('scoring_rankingrevision_seq')
        FROM (SELECT DISTINCT p.cluster_year_id AS id
              FROM new_rows n
              JOIN old_rows o ON o.id = n.id
              JOIN scoring_rankingpublication p ON p.published_by_id = n.id
              WHERE (n.full_name, n.username)
                    IS DISTINCT FROM (o.full_name, o.username)
              ORDER BY 1) AS y
        ON CONFLICT (cluster_year_id) DO UPDATE SET revision = EXCLUDED.revision;
        RETURN NULL;
    END $$
    """,
    f"""
    CREATE TRIGGER {NAME} AFTER UPDATE ON clusters_user
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION {NAME}()
    """,
]
SQLITE = [
    f"""
    CREATE TRIGGER {NAME} AFTER UPDATE OF full_name, username ON clusters_user
    FOR EACH ROW BEGIN
        INSERT INTO scoring_rankingrevision (cluster_year_id, revision)
        SELECT DISTINCT p.cluster_year_id, abs(random())
        FROM scoring_rankingpublication p WHERE p.published_by_id = NEW.id
        ON CONFLICT (cluster_year_id) DO UPDATE SET revision = excluded.revision;
    END
    """
]
DROP = {
    "postgresql": [f"DROP TRIGGER IF EXISTS {NAME} ON clusters_user", f"DROP FUNCTION {NAME}()"],
    "sqlite": [f"DROP TRIGGER IF EXISTS {NAME}"],
}


def install(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in {"postgresql": POSTGRESQL, "sqlite": SQLITE}.get(vendor, []):
        schema_editor.execute(statement, params=None)


def uninstall(apps, schema_editor):
    for statement in DROP.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("clusters", "0007_constraint_messages"),
        ("scoring", "0010_import_job_queued_at"),
    ]

    operations = [migrations.RunPython(install, uninstall)]

"""The ministry's awards as the rules stand by default (Decree 91/2017, Decree 152/2025): one
ministry flag per cluster and year; the Government flag to at most 20% of the units that met
the ministry flag's standard. The ministry changes them in the application."""

from decimal import Decimal

from django.db import migrations

MINISTRY_FLAG = "Cờ thi đua của Bộ Ngoại giao"


def create(apps, schema_editor):
    AwardType = apps.get_model("scoring", "AwardType")
    flag, _created = AwardType.objects.get_or_create(
        name=MINISTRY_FLAG,
        defaults={"requires_excellent": True, "quota_per_cluster": 1, "position": 1},
    )
    AwardType.objects.get_or_create(
        name="Cờ thi đua của Chính phủ",
        defaults={
            "requires_excellent": True,
            "quota_percent": Decimal("20"),
            "quota_base": flag,
            "position": 2,
        },
    )
    AwardType.objects.get_or_create(name="Bằng khen của Bộ trưởng Bộ Ngoại giao", defaults={"position": 3})


class Migration(migrations.Migration):
    dependencies = [("scoring", "0002_votes_nominations")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]

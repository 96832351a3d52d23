"""The change log: who changed what and when, each secretariat seeing its own cluster."""

import datetime

from django.urls import reverse
from django.utils import timezone

from clusters import services


def _rename(conference, title, by):
    conference.title = title
    return services.conference_save(conference=conference, by=by)


def test_the_secretariat_sees_who_changed_its_years_records(client, world, make_conference):
    conference = make_conference(world.year, title="Hội nghị sơ kết")
    _rename(conference, "Hội nghị sơ kết 6 tháng", world.secretariat_user)
    client.force_login(world.secretariat_user)
    response = client.get(reverse("clusters:year_audit_log", args=[world.year.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    # A sentence: who, what, from, to.
    who = world.secretariat_user.get_full_name()
    assert (
        f"{who} sửa tiêu đề của hội nghị “Hội nghị sơ kết 6 tháng” "
        "từ Hội nghị sơ kết thành Hội nghị sơ kết 6 tháng" in page
    )


def test_a_first_value_and_a_switch_read_as_words(client, world):
    services.cluster_year_update(
        cluster_year=world.year, by=world.secretariat_user, deputies_administer=True
    )
    client.force_login(world.secretariat_user)
    page = client.get(reverse("clusters:year_audit_log", args=[world.year.pk])).content.decode()
    assert "từ không thành có" in page
    assert "None" not in page and "→" not in page


def test_another_clusters_changes_are_not_in_the_secretariats_log(client, world, make_conference):
    make_conference(world.other_year, title="Hội nghị của Cụm khác")
    client.force_login(world.secretariat_user)
    page = client.get(reverse("clusters:year_audit_log", args=[world.year.pk])).content.decode()
    assert "Hội nghị của Cụm khác" not in page


def test_the_ministry_sees_every_change_and_filters_them(client, world, make_conference):
    make_conference(world.year, title="Hội nghị A")
    make_conference(world.other_year, title="Hội nghị B")
    client.force_login(world.ministry_user)
    everything = client.get(reverse("clusters:audit_log")).content.decode()
    assert "Hội nghị A" in everything and "Hội nghị B" in everything
    tomorrow = (timezone.localdate() + datetime.timedelta(days=2)).strftime("%d/%m/%Y")
    later = client.get(reverse("clusters:audit_log"), {"since": tomorrow}).content.decode()
    assert "Hội nghị A" not in later


def test_a_filter_typed_wrong_is_shown_and_ignored(client, world):
    client.force_login(world.ministry_user)
    response = client.get(reverse("clusters:audit_log"), {"since": "32/13/2025", "action": "x"})
    assert response.status_code == 200
    assert response.context["form"].errors

"""A Khối says Trưởng khối / Phó trưởng khối where a Cụm says Cụm trưởng / Cụm phó."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation

from clusters.models import Cluster


def test_a_block_names_its_officers_in_its_own_words(
    client, world, make_agency, make_year, make_cluster
):
    head, deputy = make_agency("VP Đoàn ĐBQH Cao Bằng"), make_agency("Cao Bằng")
    block = make_cluster(
        kind=Cluster.Kind.BLOCK,
        number="",
        name="các cơ quan tham mưu tổng hợp tỉnh Cao Bằng",
        supervisor_kind=Cluster.Supervisor.PROVINCE,
        supervisor_name="UBND tỉnh Cao Bằng",
    )
    year = make_year(block, 2023, members=[head, deputy], head=head, deputy_1=deputy)
    client.force_login(world.ministry_user)
    with translation.override("vi"):
        block_page = client.get(reverse("clusters:year_detail", args=[year.pk])).text
        cluster_page = client.get(reverse("clusters:year_detail", args=[world.year.pk])).text
        agency_page = client.get(reverse("clusters:agency_detail", args=[head.pk])).text
    assert "Trưởng khối:" in block_page and "Phó trưởng khối thứ nhất:" in block_page
    assert "Cụm trưởng" not in block_page
    assert "Cụm trưởng:" in cluster_page
    assert "Trưởng khối" in agency_page

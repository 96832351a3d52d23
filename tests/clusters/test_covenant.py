"""The year's covenant (giao ước thi đua): commitments and signatories."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from clusters import services
from clusters.models import Covenant
from clusters.services import Signature


def save_covenant(cluster_year, commitments=("Thi đua hoàn thành xuất sắc nhiệm vụ",), **fields):
    fields.setdefault("title", f"Giao ước thi đua năm {cluster_year.year}")
    return services.covenant_save(
        cluster_year=cluster_year, commitments=list(commitments), by=None, **fields
    )


def commitments_of(covenant):
    return list(covenant.commitments.values_list("position", "text"))


def signers_of(covenant):
    return {
        s.membership.agency.short_name: s.signer_name
        for s in covenant.signatories.select_related("membership__agency")
    }


def test_commitments_are_numbered_in_order_and_blank_lines_are_dropped(world):
    covenant = save_covenant(
        world.year,
        [
            "  Đoàn kết, hợp tác, chia sẻ kinh nghiệm ",
            "",
            "   ",
            "Hoàn thành tốt nhiệm vụ công tác đối ngoại",
            "Thực hiện tốt công tác thông tin đối ngoại",
        ],
        number="01/GƯ-CTĐ",
        signed_on=datetime.date(2025, 3, 1),
    )

    assert commitments_of(covenant) == [
        (1, "Đoàn kết, hợp tác, chia sẻ kinh nghiệm"),
        (2, "Hoàn thành tốt nhiệm vụ công tác đối ngoại"),
        (3, "Thực hiện tốt công tác thông tin đối ngoại"),
    ]


def test_saving_the_covenant_again_updates_it_and_renumbers_the_commitments(world):
    first = save_covenant(world.year, ["Một", "Hai", "Ba"])

    again = save_covenant(world.year, ["Ba", "Một"], title="Giao ước (sửa)")

    assert again.pk == first.pk
    assert Covenant.objects.filter(cluster_year=world.year).count() == 1
    assert again.title == "Giao ước (sửa)"
    assert commitments_of(again) == [(1, "Ba"), (2, "Một")]


@pytest.mark.parametrize("commitments", [[], ["", "  "]], ids=["no lines", "blank lines"])
def test_a_covenant_without_commitments_is_refused(world, commitments):
    with pytest.raises(ValidationError) as refused:
        save_covenant(world.year, commitments)

    assert "commitments" in refused.value.message_dict
    assert not Covenant.objects.filter(cluster_year=world.year).exists()


def test_a_covenant_signed_at_the_previous_year_end_is_accepted(world):
    covenant = save_covenant(world.year, signed_on=datetime.date(2024, 12, 20))

    assert covenant.signed_on == datetime.date(2024, 12, 20)


@pytest.mark.parametrize(
    "signed_on", [datetime.date(2023, 12, 20), datetime.date(2026, 1, 5)], ids=str
)
def test_a_signing_date_outside_the_year_and_the_one_before_is_refused(world, signed_on):
    with pytest.raises(ValidationError) as refused:
        save_covenant(world.year, signed_on=signed_on)

    message = refused.value.message_dict["signed_on"][0]
    assert "2025" in message
    assert "2024" in message
    assert not Covenant.objects.filter(cluster_year=world.year).exists()


def test_a_refused_update_keeps_the_covenant_as_it_was(world):
    covenant = save_covenant(world.year, ["Một", "Hai"], signed_on=datetime.date(2025, 3, 1))

    with pytest.raises(ValidationError):
        save_covenant(world.year, ["Ba"], signed_on=datetime.date(2027, 1, 1))

    covenant.refresh_from_db()
    assert covenant.signed_on == datetime.date(2025, 3, 1)
    assert commitments_of(covenant) == [(1, "Một"), (2, "Hai")]


# signatories_set -------------------------------------------------------------------------------


def test_signatories_are_replaced_and_blank_names_are_left_unsigned(world):
    covenant = save_covenant(world.year)
    m = world.memberships
    services.signatories_set(
        covenant=covenant, signatures=[Signature(m["D"], "Nguyễn Văn Cũ")], by=None
    )

    services.signatories_set(
        covenant=covenant,
        signatures=[
            Signature(m["A"], " Trần Văn Hải ", "Giám đốc"),
            Signature(m["B"], "Lê Thị Nguyên", "Phó Giám đốc"),
            Signature(m["C"], "  "),
        ],
        by=None,
    )

    assert signers_of(covenant) == {"Hải Phòng": "Trần Văn Hải", "Thái Nguyên": "Lê Thị Nguyên"}


def test_a_signatory_from_another_year_is_refused(world):
    covenant = save_covenant(world.year)

    with pytest.raises(ValidationError) as refused:
        services.signatories_set(
            covenant=covenant,
            signatures=[
                Signature(world.memberships["A"], "Trần Văn Hải"),
                Signature(world.other_membership, "Phạm Văn Trị"),
            ],
            by=None,
        )

    assert "Quảng Trị" in refused.value.messages[0]
    assert not covenant.signatories.exists()


def test_a_member_signing_twice_is_refused(world):
    covenant = save_covenant(world.year)
    services.signatories_set(
        covenant=covenant, signatures=[Signature(world.memberships["D"], "Nguyễn Văn Cũ")], by=None
    )

    with pytest.raises(ValidationError) as refused:
        services.signatories_set(
            covenant=covenant,
            signatures=[
                Signature(world.memberships["C"], "Hoàng Văn Thọ"),
                Signature(world.memberships["C"], "Hoàng Thị Phú"),
            ],
            by=None,
        )

    assert "Phú Thọ" in refused.value.messages[0]
    assert signers_of(covenant) == {"Hà Nội": "Nguyễn Văn Cũ"}

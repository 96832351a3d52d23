"""The member's page sends its evidence files with everything typed: attaching loses nothing.
Every error of the page shows at once, next to its field (a number that cannot be read, a
value above the maximum, a refused file), and every valid criterion is saved, each one whole.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from scoring import services
from scoring.models import Evidence, Score
from tests.fixtures.scoring import by_code

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64


@pytest.fixture(autouse=True)
def setup(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.cookies["django_language"] = "en"
    with translation.override("en"):
        yield


def _page_data(client, assessment, page="assessment_self", **changes) -> dict:
    response = client.get(reverse(f"scoring:{page}", args=[assessment.pk]))
    form = response.context["form"]
    data = {
        name: "" if form[name].value() is None else str(form[name].value()) for name in form.fields
    }
    ids = by_code(assessment)
    for key, value in changes.items():
        prefix, code = key.split("_", 1)
        data[f"{prefix}_{ids[code.replace('_', '.')]}"] = value
    return data


def _values(assessment, field="self_value") -> dict:
    return dict(Score.objects.filter(assessment=assessment).values_list("criterion__code", field))


def test_attaching_a_file_saves_what_was_typed_with_it(client, world, open_assessment):
    assessment = open_assessment("C")
    client.force_login(world.member_user)
    data = _page_data(client, assessment, value_1_1="9", value_1_3="2", note_1_1="Đủ hồ sơ")
    data[f"evidence_{by_code(assessment)['1.1']}"] = SimpleUploadedFile("ke-hoach.pdf", PDF)
    response = client.post(reverse("scoring:assessment_self", args=[assessment.pk]), data)
    assert response.status_code == 302
    assert _values(assessment)["1.1"] == Decimal("9")
    assert _values(assessment)["1.3"] == Decimal("2")
    assert _values(assessment, "self_note")["1.1"] == "Đủ hồ sơ"
    evidence = Evidence.objects.get()
    assert (evidence.original_name, evidence.score.criterion.code) == ("ke-hoach.pdf", "1.1")
    page = client.get(response.url).content.decode()
    assert "“ke-hoach.pdf” has been attached." in page
    # The file input belongs to the page's own form, which sends files.
    assert 'enctype="multipart/form-data"' in page
    assert f'name="evidence_{by_code(assessment)["1.1"]}"' in page
    assert 'form="evidence-' not in page


def test_every_error_shows_at_once_and_the_valid_criteria_are_saved(client, world, open_assessment):
    assessment = open_assessment("C")
    client.force_login(world.member_user)
    data = _page_data(
        client,
        assessment,
        value_1_1="bảy",  # cannot be read
        value_1_3="1,5",  # a count is whole: refused by the rules, not the form
        value_3_1="2",
        note_3_1="Sáng kiến",
        value_2_1="1.250,5",
        target_2_1="1.000",  # read the Vietnamese way: 1250.5 of 1000
    )
    data[f"evidence_{by_code(assessment)['3.1']}"] = SimpleUploadedFile("virus.pdf", EXECUTABLE)
    data[f"evidence_{by_code(assessment)['1.1']}"] = SimpleUploadedFile("ke-hoach.pdf", PDF)
    response = client.post(reverse("scoring:assessment_self", args=[assessment.pk]), data)
    assert response.status_code == 400
    ids = by_code(assessment)
    errors = response.context["form"].errors
    assert set(errors) == {f"value_{ids['1.1']}", f"value_{ids['1.3']}"}  # both at once
    page = response.content.decode()
    for field in errors:
        assert f'id="id_{field}-error"' in page
    assert "virus.pdf" in page and f'id="evidence-file-{ids["3.1"]}-error"' in page
    assert "The other entries have been saved" in page
    assert 'value="bảy"' in page and 'value="1,5"' in page  # kept as typed
    # Saved: 2.1 (with its target), 3.1 (with its note), the good file; not 1.1 nor 1.3.
    values = _values(assessment)
    assert values["2.1"] == Decimal("1250.5")
    assert values["3.1"] == Decimal("2")
    assert values["1.1"] is None and values["1.3"] is None
    assert _values(assessment, "target")["2.1"] == Decimal("1000")
    assert list(Evidence.objects.values_list("original_name", flat=True)) == ["ke-hoach.pdf"]

    # The page goes on from the new revision: correcting the two values saves them.
    data = {key: value for key, value in response.context["form"].data.items()}
    data[f"value_{ids['1.1']}"] = "7"
    data[f"value_{ids['1.3']}"] = "1"
    response = client.post(reverse("scoring:assessment_self", args=[assessment.pk]), data)
    assert response.status_code == 302
    assert _values(assessment)["1.1"] == Decimal("7")


def test_the_explanation_page_attaches_files_with_the_explanation(client, world, open_assessment):
    assessment = open_assessment("C")
    ids = by_code(assessment)
    assessment = services.assessment_save_self(
        assessment=assessment,
        entries={
            ids["1.1"]: services.Entered(Decimal("9")),
            ids["1.2"]: services.Entered(Decimal("5")),
            ids["1.3"]: services.Entered(Decimal("3")),
            ids["2.1"]: services.Entered(Decimal("90"), target=Decimal("100")),
        },
        revision=assessment.revision,
        by=None,
    )
    services.evidence_add(
        score=assessment.scores.get(criterion_id=ids["1.1"]),
        upload=SimpleUploadedFile("a.pdf", PDF),
        by=None,
    )
    assessment = services.assessment_submit(assessment=assessment, by=None)
    services.assessment_return(assessment=assessment, comment="Bổ sung minh chứng 1.1", by=None)
    client.force_login(world.member_user)
    data = _page_data(
        client, assessment, page="assessment_explain", value_1_1="10", note_1_1="Đã bổ sung"
    )
    data[f"evidence_{ids['1.1']}"] = SimpleUploadedFile("bo-sung.pdf", PDF)
    response = client.post(reverse("scoring:assessment_explain", args=[assessment.pk]), data)
    assert response.status_code == 302
    assert _values(assessment, "explained_value")["1.1"] == Decimal("10")
    assert _values(assessment, "explanation")["1.1"] == "Đã bổ sung"
    assert Evidence.objects.filter(original_name="bo-sung.pdf").exists()

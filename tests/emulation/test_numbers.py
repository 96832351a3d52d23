from decimal import Decimal

import pytest

from emulation.numbers import NumberError, NumberField, parse_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("8", "8"),
        ("8,5", "8.5"),
        ("8.5", "8.5"),
        ("1.000", "1000"),
        ("7.000", "7000"),
        ("1.250,5", "1250.5"),
        ("10.000.000", "10000000"),
        ("2,500", "2.5"),
        ("1.2345", "1.2345"),
        ("1 000", "1000"),
        ("1\u00a0250,75", "1250.75"),
        ("-3", "-3"),
        ("-0,5", "-0.5"),
        ("+4", "4"),
        (",5", "0.5"),
        (" 12 ", "12"),
        (7, "7"),
        (2.5, "2.5"),
        (Decimal("3.25"), "3.25"),
    ],
)
def test_numbers_are_read_the_vietnamese_way(text, expected):
    assert parse_number(text) == Decimal(expected)


@pytest.mark.parametrize(
    "text", ["", "abc", "1,2,3", "1.25,5", "1234.000,5", "1.2.3", "8,", "--1", "1e3", "٣", True]
)
def test_what_is_not_a_number_is_refused_in_vietnamese(text):
    with pytest.raises(NumberError) as error:
        parse_number(text)
    assert "Nhập một số" in str(error.value) or "Dấu chấm" in str(error.value)


def test_the_form_field_reads_grouped_thousands_and_keeps_its_bounds():
    field = NumberField(max_digits=12, decimal_places=2, max_value=5000)
    assert field.clean("1.000") == Decimal("1000")
    assert field.clean("1.250,5") == Decimal("1250.5")
    with pytest.raises(Exception, match="5"):
        field.clean("7.000")
    assert NumberField(required=False).clean("") is None

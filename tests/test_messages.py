"""Problems as sentences: labels, allowed labels, safe values, in three languages."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from advisor.errors import Problem
from advisor.i18n import LANGS, t
from advisor.messages import MAX_SHOWN, describe, field_label, safe_text, shown_value, value_label
from advisor.profile import FIELD_SPECS, field_problem_data
from advisor.rules import DIMENSIONS


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("field", list(FIELD_SPECS))
def test_every_field_is_named_by_its_label_with_its_allowed_values(field, lang):
    message = describe(field_problem_data(field, "invalid", "bad"), lang)
    assert message.startswith(t(f"field.{field}.label", lang)) and f"({field})" not in message
    spec = FIELD_SPECS[field]
    for choice in spec.choices:
        assert value_label(field, choice, lang) in message


@pytest.mark.parametrize("lang", LANGS)
def test_codes_are_added_for_a_command_line(lang):
    message = describe(field_problem_data("after_sales", "invalid", "x"), lang, codes=True)
    assert "after_sales" in message and "high" in message and t("choice.level.high", lang) in message


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("dimension", DIMENSIONS)
def test_a_weight_is_named_by_its_dimension(dimension, lang):
    assert t(f"dimension.{dimension}", lang) in field_label(f"weight.{dimension}", lang)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("\x1b[2J\x1b[31mred", "\\x1b[2J\\x1b[31mred"),
        ("a\nb\rc\td", "a\\x0ab\\x0dc\\x09d"),
        ("\u202eevil", "\\u202eevil"),
        ("\x9b31m", "\\x9b31m"),
        ("２０００元", "２０００元"),
        ("x" * 100, "x" * (MAX_SHOWN - 1) + "…"),
    ],
)
def test_values_are_neutralised_and_shortened(text, shown):
    assert safe_text(text) == shown


@given(st.text(max_size=300))
def test_no_value_can_carry_a_control_character_into_a_message(text):
    message = describe(Problem("category", "invalid", text, ("fmcg",)), "en")
    assert not any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 or 0x202A <= ord(c) <= 0x202E for c in message)
    assert len(message) < 400


@pytest.mark.parametrize(
    ("value", "shown"),
    [(None, ""), (True, "true"), (2.5, "2.5"), (2000.0, "2,000"), (12345, "12,345"), (float("nan"), "NaN")],
)
def test_values_as_typed(value, shown):
    assert shown_value(value) == shown


def test_a_5000_digit_value_is_shown_by_its_size():
    assert shown_value(10**5000) == "10^4999+"

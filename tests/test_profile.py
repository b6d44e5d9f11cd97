"""The profile: valid answers pass, each bad answer gets a message naming the field and the range."""

from __future__ import annotations

import re

import pytest

from advisor.i18n import t
from advisor.profile import (
    FIELD_SPECS,
    OPTIONAL_FIELDS,
    REQUIRED_FIELDS,
    FieldSpec,
    ProfileError,
    allowed_text,
    parse_number,
    parse_profile,
)

CORE = {"category": "fmcg", "monthly_budget": 2000, "team_size": 1, "part_time": True}


def test_core_answers_make_a_profile_with_optional_fields_unknown():
    profile = parse_profile(CORE)
    assert profile.category == "fmcg" and profile.team_size == 1 and profile.part_time is True
    assert all(getattr(profile, name) is None for name in OPTIONAL_FIELDS)


def test_text_answers_from_a_form_or_url_are_coerced():
    profile = parse_profile({**{k: str(v) for k, v in CORE.items()}, "part_time": "yes", "sku_count": "12"})
    assert profile.monthly_budget == 2000.0 and profile.part_time is True and profile.sku_count == 12


def test_blank_optional_answers_count_as_unknown():
    profile = parse_profile({**CORE, "social_reach": "", "after_sales": None, "self_media": "  "})
    assert profile.social_reach is None and profile.after_sales is None and profile.self_media is None


@pytest.mark.parametrize(
    ("field", "value", "code", "expected"),
    [
        (
            "category",
            "toys",
            "invalid",
            "Fast-moving goods (food, cosmetics, personal care, health) / Apparel",
        ),
        ("monthly_budget", -5, "invalid", "a number from 0 to 100,000,000"),
        ("monthly_budget", "lots", "invalid", "a number from 0 to 100,000,000"),
        ("monthly_budget", float("nan"), "invalid", "a number from 0"),
        ("monthly_budget", float("inf"), "invalid", "a number from 0"),
        ("monthly_budget", "1__000", "invalid", "a number from 0"),
        ("monthly_budget", "0x10", "invalid", "a number from 0"),
        ("team_size", 0, "invalid", "a whole number from 1 to 100,000"),
        ("team_size", 2.5, "not_whole", "'2.5' is not a whole number"),
        ("team_size", "2.5", "not_whole", "'2.5' is not a whole number"),
        ("team_size", True, "invalid", "'true' is not allowed"),
        ("team_size", False, "invalid", "a whole number from 1"),
        ("social_reach", 10.5, "not_whole", "a whole number from 0"),
        ("part_time", "maybe", "invalid", "yes or no"),
        ("social_reach", -1, "invalid", "a whole number from 0"),
        ("sku_count", 0, "invalid", "a whole number from 1"),
        ("retail_price", 0, "invalid", "a number from 0.01"),
        ("after_sales", "extreme", "invalid", "Low / Medium / High"),
        ("price_strategy", "cheap", "invalid", "Compete on price / Tailored to my customers"),
        ("risk_tolerance", "HIGH", "invalid", "Low / Medium / High"),
    ],
)
def test_a_bad_value_names_the_field_by_its_label_and_what_is_allowed(field, value, code, expected):
    with pytest.raises(ProfileError) as caught:
        parse_profile({**CORE, field: value})
    [problem] = caught.value.problems
    assert (problem.field, problem.code) == (field, code)
    assert problem.value is value or problem.value == value  # the value as typed, not coerced
    [(named, message)] = caught.value.messages()
    assert named == field
    assert message.startswith(t(f"field.{field}.label", "en")) and expected in message


@pytest.mark.parametrize("field", ["category", "after_sales", "price_strategy"])
def test_a_choice_problem_carries_the_allowed_codes(field):
    with pytest.raises(ProfileError) as caught:
        parse_profile({**CORE, field: "nope"})
    assert caught.value.problems[0].allowed == FIELD_SPECS[field].choices


@pytest.mark.parametrize("field", REQUIRED_FIELDS)
def test_a_missing_required_answer_is_named(field):
    answers = {k: v for k, v in CORE.items() if k != field}
    label = t(f"field.{field}.label", "en")
    with pytest.raises(ProfileError, match=re.escape(f"{label} is required")) as caught:
        parse_profile(answers)
    assert caught.value.problems[0].code == "missing"


def test_every_problem_is_reported_at_once_in_the_order_given():
    with pytest.raises(ProfileError) as caught:
        parse_profile({**CORE, "category": "x", "team_size": 0, "sku_count": -1})
    assert caught.value.fields() == ("category", "team_size", "sku_count")


def test_cost_above_price_is_refused_with_both_values():
    with pytest.raises(ProfileError) as caught:
        parse_profile({**CORE, "retail_price": 10, "unit_cost": 12})
    [problem] = caught.value.problems
    assert (problem.field, problem.code, problem.value, problem.params["other"]) == (
        "unit_cost",
        "cost_above_price",
        12,
        10,
    )
    assert str(caught.value) == (
        "Cost per unit (CNY) must not be higher than Retail price per unit (CNY); got 12 and 10"
    )


def test_unknown_fields_are_refused_by_name():
    with pytest.raises(ProfileError, match="unknown field 'budget'; known fields: category / monthly_budget"):
        parse_profile({**CORE, "budget": 3})


def test_errors_come_in_the_chosen_language():
    with pytest.raises(ProfileError, match="团队人数：“0”不被接受；允许：1 到 100,000 之间的整数"):
        parse_profile({**CORE, "team_size": 0}, "zh-Hans")
    with pytest.raises(ProfileError, match="團隊人數：「0」不被接受；允許：1 到 100,000 之間的整數"):
        parse_profile({**CORE, "team_size": 0}, "zh-Hant")


@pytest.mark.parametrize("typed", ["２０００", "٢٠٠٠", "2000", " 2000 ", "2e3", "+2000", "2000.0"])
def test_one_digit_rule_for_answers(typed):
    assert parse_profile({**CORE, "monthly_budget": typed}).monthly_budget == 2000.0


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("２０００", 2000.0),
        ("٢", 2.0),
        ("१२", 12.0),
        ("1.5", 1.5),
        (".5", 0.5),
        ("-3", -3.0),
        ("1e3", 1000.0),
    ],
)
def test_parse_number_reads_every_scripts_digits(text, number):
    assert parse_number(text) == number


@pytest.mark.parametrize(
    "text", ["", "1__000", "_1", "1,000", "inf", "nan", "1e999", "0x10", "1" * 65, "12abc", "٢.٢.٢"]
)
def test_parse_number_refuses_what_is_not_a_plain_number(text):
    assert parse_number(text) is None


def test_a_huge_value_is_shown_shortened_never_raising():
    with pytest.raises(ProfileError) as caught:
        parse_profile({**CORE, "team_size": 10**5000, "category": "\x1b[31m" + "x" * 5000})
    text = str(caught.value)
    assert "\x1b" not in text and "\\x1b[31m" in text and len(text) < 1000


def test_field_specs_come_from_the_json_schema():
    assert FIELD_SPECS["team_size"] == FieldSpec("team_size", "int", required=True, ge=1, le=100_000)
    assert FIELD_SPECS["retail_price"].ge == 0.01 and not FIELD_SPECS["retail_price"].required
    assert FIELD_SPECS["after_sales"].choices == ("low", "medium", "high")
    assert FIELD_SPECS["self_media"].kind == "bool"


@pytest.mark.parametrize("field", list(FIELD_SPECS))
def test_every_field_can_describe_what_it_accepts(field):
    assert allowed_text(field)

"""The profile: valid answers pass, each bad answer gets a message naming the field and the range."""

from __future__ import annotations

import pytest

from advisor.profile import (
    FIELD_SPECS,
    OPTIONAL_FIELDS,
    REQUIRED_FIELDS,
    ProfileError,
    allowed_text,
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
    ("field", "value", "expected"),
    [
        ("category", "toys", "one of: fmcg, apparel"),
        ("monthly_budget", -5, "a number from 0 to 100,000,000"),
        ("monthly_budget", "lots", "a number from 0 to 100,000,000"),
        ("monthly_budget", float("nan"), "a number from 0"),
        ("monthly_budget", float("inf"), "a number from 0"),
        ("team_size", 0, "a whole number from 1 to 100,000"),
        ("team_size", 2.5, "a whole number from 1"),
        ("part_time", "maybe", "yes or no"),
        ("social_reach", -1, "a whole number from 0"),
        ("sku_count", 0, "a whole number from 1"),
        ("retail_price", 0, "a number from 0.01"),
        ("after_sales", "extreme", "one of: low, medium, high"),
        ("price_strategy", "cheap", "one of: compete, tailored"),
        ("risk_tolerance", "HIGH", "one of: low, medium, high"),
    ],
)
def test_a_bad_value_names_the_field_and_what_is_allowed(field, value, expected):
    with pytest.raises(ProfileError) as caught:
        parse_profile({**CORE, field: value})
    [(named, message)] = caught.value.problems
    assert named == field
    assert field in message and expected in message


@pytest.mark.parametrize("field", REQUIRED_FIELDS)
def test_a_missing_required_answer_is_named(field):
    answers = {k: v for k, v in CORE.items() if k != field}
    with pytest.raises(ProfileError, match=f"{field} is required"):
        parse_profile(answers)


def test_every_problem_is_reported_at_once():
    with pytest.raises(ProfileError) as caught:
        parse_profile({**CORE, "category": "x", "team_size": 0, "sku_count": -1})
    assert {field for field, _ in caught.value.problems} == {"category", "team_size", "sku_count"}


def test_cost_above_price_is_refused():
    with pytest.raises(ProfileError, match="unit_cost must not be higher than retail_price"):
        parse_profile({**CORE, "retail_price": 10, "unit_cost": 12})


def test_unknown_fields_are_refused_by_name():
    with pytest.raises(ProfileError, match="unknown field 'budget'"):
        parse_profile({**CORE, "budget": 3})


def test_errors_come_in_the_chosen_language():
    with pytest.raises(ProfileError, match="之间的整数"):
        parse_profile({**CORE, "team_size": 0}, "zh-Hans")
    with pytest.raises(ProfileError, match="之間的整數"):
        parse_profile({**CORE, "team_size": 0}, "zh-Hant")


@pytest.mark.parametrize("field", list(FIELD_SPECS))
def test_every_field_can_describe_what_it_accepts(field):
    assert allowed_text(field)

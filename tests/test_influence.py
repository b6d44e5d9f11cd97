"""The influence table: how far one answer can move each channel, at the weights in use."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import profiles, weightings

from advisor.engine import combine, compile_rules, encode_profiles, rule_degrees, rule_points, weight_vector
from advisor.influence import influence_table, limit_reach, strongest_answer
from advisor.profile import FIELD_SPECS, Profile
from advisor.rules import CHANNELS, condition_fields, load_rules

RULES = load_rules()
CHOICES = {n: s for n, s in FIELD_SPECS.items() if s.kind in ("choice", "bool")}


def _raw(profiles_: list[Profile], weights: dict[str, float]) -> np.ndarray:
    compiled = compile_rules(RULES)
    degrees = rule_degrees(compiled, encode_profiles(profiles_))
    return combine(degrees, rule_points(compiled, weight_vector(RULES, weights)))


def _variants(profile: Profile, field: str) -> list[Profile]:
    spec = FIELD_SPECS[field]
    values = [None, *spec.choices] if spec.kind == "choice" else [None, False, True]
    if spec.required:
        values = [v for v in values if v is not None]
    return [profile.model_copy(update={field: v}) for v in values]


@settings(max_examples=60, deadline=None)
@given(profiles(), weightings(), st.sampled_from(sorted(CHOICES)))
def test_no_founder_moves_further_than_the_table_says(profile, weights, field):
    raw = _raw(_variants(profile, field), weights)
    moved = raw.max(axis=0) - raw.min(axis=0)
    row = next((a for a in influence_table(RULES, weights) if a.field == field), None)
    bound = np.array([row.points[c] for c in CHANNELS]) if row else np.zeros(3)
    assert np.all(moved <= bound + 1e-9), (field, moved, bound)


@pytest.mark.parametrize(
    ("field", "channel", "points"), [("data_skills", "ecommerce", 7.0), ("role", "wechat", 4.0)]
)
def test_the_table_is_reached_when_the_other_answers_allow(field, channel, points):
    row = next(a for a in influence_table(RULES) if a.field == field)
    assert row.points[channel] == pytest.approx(points)
    base = Profile(category="fmcg", monthly_budget=5000, team_size=2, part_time=True, risk_tolerance="high")
    raw = _raw(_variants(base, field), {})
    assert np.ptp(raw[:, CHANNELS.index(channel)]) == pytest.approx(points)


def test_the_influence_scales_with_the_weights():
    base = {a.field: a.points for a in influence_table(RULES)}
    doubled = {
        a.field: a.points for a in influence_table(RULES, {d: 2 * w for d, w in RULES.weights.items()})
    }
    for field, points in base.items():
        assert doubled[field] == pytest.approx({c: 2 * p for c, p in points.items()})


def test_a_dimension_at_zero_weight_moves_nothing():
    zero = influence_table(RULES, {"self_media": 0.0, "sales_model": 0.0, "product": 0.0, "platform": 0.0})
    row = next(a for a in zero if a.field == "self_media")
    assert row.points == {"ecommerce": 0.0, "wechat": 0.0, "mix": 0.0}


def test_no_answer_outweighs_the_hard_limits():
    field, channel, points = strongest_answer(RULES)
    weakest_limit = min(RULES.scoring.base - cap for x in limit_reach(RULES) for cap in x.cap.values())
    assert points < weakest_limit, (field, channel, points)


def test_every_answer_a_rule_or_limit_tests_has_a_row_and_names_its_rules():
    rows = {a.field: a for a in influence_table(RULES)}
    tested = {f for item in (*RULES.rules, *RULES.limits) for f in condition_fields(item.when)}
    assert set(rows) == tested
    assert set(rows["part_time"].limits) == {"limit-part-time", "limit-part-time-tiny-broke"}
    assert "marketing-data-skills" in rows["data_skills"].rules
    assert "gross_margin" in rows  # derived from price and cost

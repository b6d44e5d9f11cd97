"""The engine: operators, unknown answers, and the invariants every score must keep."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import answers, profiles, weightings

from advisor.batch import score_frame
from advisor.decision import recommend
from advisor.engine import (
    PRECISION,
    WeightError,
    compile_condition,
    encode_profiles,
    flag_labels,
    score_columns,
    weight_vector,
)
from advisor.profile import Profile
from advisor.rules import CHANNELS, Leaf

CORE = {"category": "fmcg", "monthly_budget": 2000, "team_size": 1, "part_time": True}


def _degree(condition: dict, **answers) -> float:
    profile = Profile.model_validate({**CORE, **answers})
    return float(compile_condition(Leaf.model_validate(condition))(encode_profiles([profile]))[0])


@pytest.mark.parametrize(
    ("condition", "answers", "expected"),
    [
        ({"field": "category", "op": "eq", "value": "fmcg"}, {}, 1.0),
        ({"field": "category", "op": "ne", "value": "fmcg"}, {}, 0.0),
        ({"field": "category", "op": "in", "value": ["apparel", "fmcg"]}, {}, 1.0),
        ({"field": "category", "op": "not_in", "value": ["apparel", "fmcg"]}, {}, 0.0),
        ({"field": "monthly_budget", "op": "lt", "value": 2000}, {}, 0.0),
        ({"field": "monthly_budget", "op": "le", "value": 2000}, {}, 1.0),
        ({"field": "monthly_budget", "op": "gt", "value": 1999.5}, {}, 1.0),
        ({"field": "monthly_budget", "op": "ge", "value": 2001}, {}, 0.0),
        ({"field": "monthly_budget", "op": "ge", "value": 2000}, {}, 1.0),  # at equality
        ({"field": "monthly_budget", "op": "gt", "value": 2000}, {}, 0.0),
        ({"field": "monthly_budget", "op": "lt", "value": 2000.5}, {}, 1.0),
        ({"field": "monthly_budget", "op": "eq", "value": 2000}, {}, 1.0),
        ({"field": "monthly_budget", "op": "ne", "value": 2000}, {}, 0.0),
        ({"field": "monthly_budget", "op": "ramp_up", "low": 2000, "high": 3000}, {}, 0.0),  # ramp ends
        ({"field": "monthly_budget", "op": "ramp_up", "low": 1000, "high": 2000}, {}, 1.0),
        ({"field": "monthly_budget", "op": "ramp_down", "low": 2000, "high": 3000}, {}, 1.0),
        ({"field": "monthly_budget", "op": "ramp_down", "low": 1000, "high": 2000}, {}, 0.0),
        ({"field": "team_size", "op": "between", "low": 0.5, "high": 1}, {}, 1.0),
        ({"field": "team_size", "op": "between", "low": 1, "high": 3}, {}, 1.0),
        ({"field": "monthly_budget", "op": "ramp_up", "low": 1000, "high": 3000}, {}, 0.5),
        ({"field": "monthly_budget", "op": "ramp_down", "low": 1000, "high": 3000}, {}, 0.5),
        ({"field": "monthly_budget", "op": "ramp_up", "low": 3000, "high": 5000}, {}, 0.0),
        ({"field": "monthly_budget", "op": "ramp_down", "low": 3000, "high": 5000}, {}, 1.0),
        ({"field": "part_time", "op": "eq", "value": True}, {}, 1.0),
        ({"field": "gross_margin", "op": "ge", "value": 0.5}, {"retail_price": 10, "unit_cost": 4}, 1.0),
    ],
)
def test_each_operator_grades_truth(condition, answers, expected):
    assert _degree(condition, **answers) == pytest.approx(expected)


@pytest.mark.parametrize(
    "condition",
    [
        {"field": "social_reach", "op": "ge", "value": 0},
        {"field": "social_reach", "op": "ne", "value": 5},
        {"field": "after_sales", "op": "ne", "value": "high"},
        {"field": "after_sales", "op": "not_in", "value": ["high"]},
        {"field": "social_reach", "op": "ramp_down", "low": 100, "high": 800},
        {"field": "self_media", "op": "ne", "value": True},
        {"field": "gross_margin", "op": "lt", "value": 0.5},
    ],
)
def test_a_rule_on_an_unknown_answer_does_not_fire(condition):
    assert _degree(condition) == 0.0


@settings(max_examples=200, deadline=None)
@given(profiles())
def test_scores_are_bounded_and_the_winner_has_the_top_score(profile):
    rec = recommend(profile)
    assert all(0.0 <= rec.scores[c] <= 100.0 for c in CHANNELS)
    noise = 10.0**-PRECISION  # winners are decided on scores rounded to PRECISION decimals
    assert rec.scores[rec.channel] >= max(rec.scores.values()) - noise
    assert rec.margin >= 0
    assert math.isclose(rec.margin, rec.scores[rec.channel] - rec.scores[rec.runner_up], abs_tol=noise)


@settings(max_examples=25, deadline=None)
@given(st.lists(answers(), min_size=1, max_size=40))
def test_the_dataframe_path_gives_the_single_profile_numbers(rows):
    frame = score_frame(pd.DataFrame(rows))
    for row, (_, scored) in zip(rows, frame.iterrows(), strict=True):
        rec = recommend(Profile.model_validate(row))
        for channel in CHANNELS:
            assert scored[f"score_{channel}"] == pytest.approx(rec.scores[channel], abs=1e-9)
        assert scored["margin"] == pytest.approx(rec.margin, abs=1e-9)
        if rec.margin > 1e-9:
            assert scored["recommendation"] == rec.channel
        assert scored["flags"] == ";".join(rec.flags)


def test_large_batches_score_in_blocks_with_the_same_numbers():
    rows = pd.DataFrame(
        [{**CORE, "monthly_budget": float(b), "social_reach": b % 5000} for b in range(70_000)]
    )
    whole = score_frame(rows)
    first = score_frame(rows.iloc[:10])
    pd.testing.assert_frame_equal(whole.iloc[:10], first)


def _raised(profile: Profile, **changes) -> Profile:
    return profile.model_copy(update=changes)


@settings(max_examples=200, deadline=None)
@given(profiles(), st.floats(0, 500_000))
def test_more_budget_never_lowers_ecommerce(profile, extra):
    more = _raised(profile, monthly_budget=min(profile.monthly_budget + extra, 1e8))
    assert recommend(more).scores["ecommerce"] >= recommend(profile).scores["ecommerce"]


@settings(max_examples=200, deadline=None)
@given(profiles(), st.integers(0, 1000))
def test_a_bigger_team_never_lowers_ecommerce(profile, extra):
    bigger = _raised(profile, team_size=min(profile.team_size + extra, 100_000))
    assert recommend(bigger).scores["ecommerce"] >= recommend(profile).scores["ecommerce"]


@settings(max_examples=200, deadline=None)
@given(profiles(), st.integers(0, 1_000_000))
def test_more_social_reach_never_lowers_wechat(profile, extra):
    wider = _raised(profile, social_reach=(profile.social_reach or 0) + extra)
    base = profile if profile.social_reach is not None else _raised(profile, social_reach=0)
    assert recommend(wider).scores["wechat"] >= recommend(base).scores["wechat"]


@settings(max_examples=200, deadline=None)
@given(profiles())
def test_going_part_time_never_raises_ecommerce(profile):
    full, part = _raised(profile, part_time=False), _raised(profile, part_time=True)
    assert recommend(part).scores["ecommerce"] <= recommend(full).scores["ecommerce"]


def test_weights_scale_contributions_and_are_checked(rules):
    profile = Profile.model_validate(CORE)
    base = recommend(profile, rules)
    doubled = recommend(profile, rules, weights={"team": 2.0})
    team = [c for c in base.contributions if c.dimension == "team"]
    team2 = [c for c in doubled.contributions if c.dimension == "team"]
    assert [c.points * 2 for c in team] == pytest.approx([c.points for c in team2])
    assert doubled.weights["team"] == 2.0
    with pytest.raises(WeightError, match="unknown dimension 'luck'"):
        weight_vector(rules, {"luck": 1.0})
    with pytest.raises(WeightError, match="a number from 0 to 5"):
        weight_vector(rules, {"team": 9})


def test_zero_weights_leave_the_base_scores_but_not_the_limits(rules):
    free = Profile.model_validate({**CORE, "part_time": False, "monthly_budget": 50_000, "team_size": 5})
    zero = {d: 0.0 for d in rules.weights}
    result = score_columns(encode_profiles([free, Profile.model_validate(CORE)]), rules, zero)
    assert result.scores[0].tolist() == [rules.scoring.base] * 3
    assert result.scores[1, 0] == result.scores[1, 2] == 0.0  # S7 + S9 hold whatever the weights
    assert result.scores[1, 1] == rules.scoring.base


def test_flag_labels_join_ids_per_row():
    fired = np.array([[True, False, True], [False, False, False], [True, False, True]])
    assert list(flag_labels(fired, ["a", "b", "c"])) == ["a;c", "", "a;c"]


@pytest.mark.parametrize("count", [1, 16, 17, 64, 100])
def test_flag_labels_work_for_any_number_of_flags(count):
    rng = np.random.default_rng(count)
    fired = rng.random((500, count)) < 0.2
    ids = [f"f{j}" for j in range(count)]
    expected = [";".join(ids[j] for j in np.flatnonzero(row)) for row in fired]
    assert list(flag_labels(fired, ids)) == expected


# ---------------------------------------------------------------- ties, decided the same way everywhere


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ([50.0, 50.0 - 1e-12, 0.0], "wechat"),  # float noise below PRECISION is a tie: WeChat first
        ([50.0, 0.0, 50.0 + 1e-12], "ecommerce"),  # a mix must lead by more than noise
        ([50.0, 50.0 - 1e-8, 0.0], "ecommerce"),  # a difference the rounding keeps is a lead
    ],
)
def test_decide_compares_scores_rounded_to_precision(scores: list[float], expected: str) -> None:
    from advisor.engine import decide

    winner, margin = decide(np.array([scores]))
    assert CHANNELS[int(winner[0])] == expected
    assert margin[0] >= 0 and margin[0] == round(margin[0], PRECISION)


@settings(max_examples=60, deadline=None)
@given(profiles(), weightings())
def test_recommend_the_analysis_and_batch_agree_on_the_winner(profile: Profile, weights: dict) -> None:
    """One decision rule: recommend(), the analysis's base winner and the batch path never disagree."""
    from advisor.analysis import base_of
    from advisor.rules import load_rules

    rules = load_rules()
    channel = recommend(profile, rules, weights).channel
    assert CHANNELS[base_of(profile, rules, weights).winner] == channel
    frame = pd.DataFrame([profile.model_dump()])
    assert score_frame(frame, rules, weights)["recommendation"].iloc[0] == channel

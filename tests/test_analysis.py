"""Robustness, one-at-a-time sensitivity and exact flip points agree with the engine's own decisions."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from personas import ELECTRONICS_SHOP
from strategies import profiles as any_profiles

from advisor import Profile, load_rules, recommend, score_frame
from advisor.analysis import (
    PRECISION,
    SCANS,
    FlipPoint,
    Sensitivity,
    analyse,
    flip_points,
    one_at_a_time,
    robustness,
    scan_range,
)
from advisor.analysis.flips import display_steps
from advisor.analysis.pieces import Axis, first_changes
from advisor.engine import decide
from advisor.rules import CHANNELS, DIMENSIONS, MAX_WEIGHT

RULES = load_rules()

STRONG = ELECTRONICS_SHOP
PERSONAS: dict[str, dict[str, Any]] = {
    "strong-ecommerce": STRONG,
    "solo-fmcg": {
        "category": "fmcg",
        "monthly_budget": 23500,
        "team_size": 1,
        "part_time": False,
        "social_reach": 300,
        "data_skills": True,
        "self_media": False,
    },
    "part-time-fmcg": {
        "category": "fmcg",
        "monthly_budget": 8000,
        "team_size": 3,
        "part_time": True,
        "social_reach": 300,
        "data_skills": True,
    },
    "knowledge-creator": {
        "category": "knowledge",
        "monthly_budget": 12000,
        "team_size": 1,
        "part_time": False,
        "social_reach": 5000,
        "data_skills": True,
        "retail_price": 199,
        "unit_cost": 60,
    },
    "apparel-shop": {
        "category": "apparel",
        "monthly_budget": 2600,
        "team_size": 2,
        "part_time": False,
        "social_reach": 3000,
        "sku_count": 30,
        "data_skills": False,
        "self_media": True,
    },
    "thin-margin": {
        "category": "home_goods",
        "monthly_budget": 15000,
        "team_size": 2,
        "part_time": False,
        "sku_count": 40,
        "retail_price": 80,
        "unit_cost": 50,
        "purchase_frequency": "low",
    },
}


def leader(profile: Profile, weights: dict[str, float] | None = None) -> str:
    """The documented decision: the engine's scores for this founder, rounded to PRECISION decimals
    and decided with the engine's tie rule (so an exact tie is a tie whatever the summation order)."""
    scores = recommend(profile, RULES, weights=weights).scores
    row = np.round(np.array([[scores[c] for c in CHANNELS]]), PRECISION)
    return CHANNELS[int(decide(row)[0][0])]


def profile_of(answers: dict[str, Any]) -> Profile:
    return Profile.model_validate(answers)


def with_answer(profile: Profile, field: str, value: Any) -> Profile:
    return Profile.model_validate({**profile.model_dump(), field: value})


@st.composite
def profiles(draw: st.DrawFn) -> Profile:
    """Valid profiles, optional answers often left unknown, numbers near the rules' cut points."""
    money = st.one_of(st.sampled_from([0, 2000, 3000, 10000, 20000, 30000]), st.floats(0, 200_000))
    answers: dict[str, Any] = {
        "category": draw(
            st.sampled_from(
                ["fmcg", "apparel", "electronics", "home_goods", "knowledge", "handmade", "other"]
            )
        ),
        "monthly_budget": draw(money),
        "team_size": draw(st.integers(1, 12)),
        "part_time": draw(st.booleans()),
    }
    optional = {
        "social_reach": st.integers(0, 300_000),
        "sku_count": st.integers(1, 500),
        "after_sales": st.sampled_from(["low", "medium", "high"]),
        "price_strategy": st.sampled_from(["compete", "tailored"]),
        "purchase_frequency": st.sampled_from(["low", "medium", "high"]),
        "data_skills": st.booleans(),
        "self_media": st.booleans(),
        "risk_tolerance": st.sampled_from(["low", "medium", "high"]),
    }
    for name, strategy in optional.items():
        if draw(st.booleans()):
            answers[name] = draw(strategy)
    if draw(st.booleans()):
        price = draw(st.floats(0.01, 2000))
        answers["retail_price"] = price
        if draw(st.booleans()):
            answers["unit_cost"] = draw(st.floats(0, price))
    return profile_of(answers)


def knife_edge() -> Profile:
    """A profile whose lead is under half a point, found by scanning the budget with the engine."""
    base = {k: v for k, v in PERSONAS["solo-fmcg"].items() if k != "monthly_budget"}
    budgets = np.arange(0, 200_001, 50.0)
    scored = score_frame(pd.DataFrame([{**base, "monthly_budget": b} for b in budgets]), RULES)
    best = int(np.argmin(scored["margin"].to_numpy()))
    assert scored["margin"].iloc[best] < 0.5
    return profile_of({**base, "monthly_budget": float(budgets[best])})


def significant_figures(value: float) -> int:
    """How many significant figures a value needs (12,300 -> 3; 0.05 -> 1)."""
    digits = f"{abs(value):.2f}".replace(".", "").lstrip("0").rstrip("0")
    return max(1, len(digits))


def check_flip(profile: Profile, flip: FlipPoint) -> None:
    """The flip value really changes the recommendation; the shown value just short of it does not."""
    original = leader(profile)
    assert flip.channel != original
    assert flip.was_unknown == (flip.current is None)
    if flip.direction == "any":
        low, high = scan_range(flip.field, profile)
        for value in {low, high, (low + high) / 2}:
            value = round(value) if flip.field in ("team_size", "social_reach", "sku_count") else value
            assert leader(with_answer(profile, flip.field, value)) != original
        return
    assert leader(with_answer(profile, flip.field, flip.value)) == flip.channel
    if flip.direction == "switch":
        assert flip.value != flip.current and flip.unchanged_at == flip.current
        return
    assert leader(with_answer(profile, flip.field, flip.unchanged_at)) == original
    sign = 1 if flip.direction == "above" else -1
    gap = sign * (flip.value - flip.unchanged_at)
    steps = [*display_steps(flip.field, float(flip.value)), SCANS[flip.field].unit]
    if flip.current is not None:
        assert sign * (flip.value - flip.current) > 0
        assert sign * (flip.unchanged_at - flip.current) >= 0, "just short lies between answer and flip"
    if flip.field in ("team_size", "social_reach", "sku_count"):
        assert isinstance(flip.value, int) and isinstance(flip.unchanged_at, int) and gap == 1
    else:
        assert gap > 0 and (any(math.isclose(gap, s) for s in steps) or flip.unchanged_at == flip.current)


# ---------------------------------------------------------------- robustness


@pytest.mark.parametrize("name", sorted(PERSONAS))
def test_shares_sum_to_one_and_are_reproducible(name: str) -> None:
    profile = profile_of(PERSONAS[name])
    first = robustness(profile, RULES, samples=500, seed=7)
    again = robustness(profile, RULES, samples=500, seed=7)
    assert first == again
    assert set(first.shares) == set(CHANNELS)
    assert math.isclose(sum(first.shares.values()), 1.0)
    assert first.samples == 500 and first.seed == 7 and first.method


def test_another_seed_gives_other_samples() -> None:
    edge = knife_edge()
    shares = {seed: robustness(edge, RULES, seed=seed).shares for seed in range(4)}
    assert len({tuple(s.values()) for s in shares.values()}) > 1


def test_shares_match_recommend_under_each_sampled_weighting() -> None:
    """Per-dimension aggregation gives the winner recommend() gives under the same sampled weights."""
    from advisor.analysis.robustness import sample_weights

    edge = knife_edge()
    result = robustness(edge, RULES, samples=40, seed=5)
    vector = np.array([RULES.weights[d] for d in DIMENSIONS])
    wins = [
        leader(edge, dict(zip(DIMENSIONS, map(float, row), strict=True)))
        for row in sample_weights(vector, 40, 5)
    ]
    assert {c: wins.count(c) / 40 for c in CHANNELS} == result.shares


def test_sampled_weightings_follow_the_documented_method() -> None:
    """Each weight x its own factor, uniform on [0.5, 1.5]: the whole range is used, seeds repeat."""
    from advisor.analysis.robustness import sample_weights

    weights = np.array([RULES.weights[d] for d in DIMENSIONS]) * np.linspace(0.5, 2.0, len(DIMENSIONS))
    drawn = sample_weights(weights, 2000, 11)
    factors = drawn / weights
    assert drawn.shape == (2000, len(DIMENSIONS))
    assert factors.min() >= 0.5 and factors.max() <= 1.5
    assert factors.min() < 0.51 and factors.max() > 1.49 and abs(factors.mean() - 1.0) < 0.01
    assert abs(np.corrcoef(factors[:, 0], factors[:, 1])[0, 1]) < 0.1, "independent per dimension"
    assert np.array_equal(drawn, sample_weights(weights, 2000, 11))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profiles(), st.integers(0, 2**32 - 1), st.integers(1, 400))
def test_shares_sum_to_one_for_any_profile(profile: Profile, seed: int, samples: int) -> None:
    result = robustness(profile, RULES, samples=samples, seed=seed)
    assert math.isclose(sum(result.shares.values()), 1.0)
    assert all(0 <= s <= 1 for s in result.shares.values())
    assert result == robustness(profile, RULES, samples=samples, seed=seed)
    rec = recommend(profile, RULES)
    assert result.channel == leader(profile) and math.isclose(result.margin, rec.margin)
    scoring = RULES.scoring
    assert result.robust == (result.share >= scoring.robust_share and result.margin >= scoring.clear_lead)


def test_huge_margin_is_robust() -> None:
    result = robustness(profile_of(STRONG), RULES)
    assert result.channel == "ecommerce"
    assert result.robust
    assert result.share >= RULES.scoring.robust_share
    assert result.samples == 2000


@pytest.mark.parametrize("samples", [1, 7, 2000])
def test_a_share_exactly_at_the_bar_is_robust(samples: int) -> None:
    """The bar is inclusive: winning exactly the file's robust_share (here: all samples) is enough."""
    strong = profile_of(STRONG)
    share = robustness(strong, RULES, samples=samples).share
    scoring = RULES.scoring.model_copy(update={"robust_share": share})
    at_bar = robustness(strong, RULES.model_copy(update={"scoring": scoring}), samples=samples)
    assert at_bar.share == share and at_bar.margin >= RULES.scoring.clear_lead
    assert at_bar.robust


def test_knife_edge_is_not_robust() -> None:
    edge = knife_edge()
    result = robustness(edge, RULES)
    assert not result.robust
    assert result.share < 0.95


def test_robustness_uses_the_weights_in_use() -> None:
    profile = profile_of(PERSONAS["apparel-shop"])
    weights = {"team": 3.0, "self_media": 0.0}
    result = robustness(profile, RULES, weights=weights)
    rec = recommend(profile, RULES, weights=weights)
    assert result.channel == leader(profile, weights) and math.isclose(result.margin, rec.margin)


def test_robustness_needs_samples() -> None:
    with pytest.raises(ValueError, match="samples"):
        robustness(profile_of(STRONG), RULES, samples=0)


def test_clear_lead_scales_with_all_weights() -> None:
    """Doubling every weight doubles the clear-lead threshold, so the verdict means the same."""
    profile = profile_of(PERSONAS["apparel-shop"])
    doubled = {d: 2 * RULES.weights[d] for d in DIMENSIONS}
    single, double = analyse(profile, RULES, samples=50), analyse(profile, RULES, doubled, samples=50)
    assert math.isclose(double.clear_lead, 2 * single.clear_lead)
    assert single.clear_lead == RULES.scoring.clear_lead


# ---------------------------------------------------------------- one at a time


def check_sensitivity(profile: Profile, results: list[Sensitivity], weights: dict[str, float]) -> None:
    """Every reported channel and flip agrees with recommend(); the change just short does not flip."""
    original = leader(profile, weights)
    assert [s.dimension for s in results] == list(DIMENSIONS)
    for s in results:
        assert s.channel == original

        def channel_at(weight: float, s: Sensitivity = s) -> str:
            return leader(profile, {**weights, s.dimension: weight})

        assert channel_at(s.weight * (1 - s.step)) == s.down
        assert channel_at(s.weight * (1 + s.step)) == s.up
        assert s.flips_at_step == (original not in (s.down, s.up) or s.down != s.up)
        for change, keep, channel, sign in (
            (s.flip_down, s.keep_down, s.flip_down_channel, -1),
            (s.flip_up, s.keep_up, s.flip_up_channel, 1),
        ):
            if change is None:
                assert channel is None and keep is None
                continue
            assert keep is not None
            assert sign * change > 0 and sign * keep >= 0
            assert 0 <= s.weight_at(change) <= MAX_WEIGHT
            assert channel_at(s.weight_at(change)) == channel != original
            assert channel_at(s.weight_at(keep)) == original
            assert 0 < sign * (change - keep) <= 0.01 + 1e-9
        if s.flips_at_step:
            assert s.smallest_change is not None and abs(s.smallest_change) <= s.step + 1e-9


@pytest.mark.parametrize("name", sorted(PERSONAS))
def test_one_at_a_time_matches_recommend(name: str) -> None:
    profile = profile_of(PERSONAS[name])
    check_sensitivity(profile, one_at_a_time(profile, RULES), {})


def test_one_at_a_time_on_a_knife_edge_names_flipping_dimensions() -> None:
    edge = knife_edge()
    results = one_at_a_time(edge, RULES)
    check_sensitivity(edge, results, {})
    assert any(s.flips_at_step for s in results)
    assert any(s.smallest_change is not None for s in results)


def test_one_at_a_time_respects_overrides_and_max_weight() -> None:
    profile = knife_edge()
    weights = {"marketing": 2.5, "team": 0.0}
    results = one_at_a_time(profile, RULES, weights=weights)
    check_sensitivity(profile, results, weights)
    team = next(s for s in results if s.dimension == "team")
    assert team.weight == 0 and team.flip_up is None and team.flip_down is None


def test_the_smallest_weight_change_is_the_smallest() -> None:
    """Against a 0.5% scan: no change nearer zero than the reported one flips the recommendation."""
    edge = knife_edge()
    original = leader(edge)
    for s in one_at_a_time(edge, RULES):
        for change, sign in ((s.flip_down, -1), (s.flip_up, 1)):
            if change is None:
                continue
            for c in np.arange(0.005, abs(change) - 0.01, 0.005):
                weights = {s.dimension: s.weight_at(sign * float(c))}
                assert leader(edge, weights) == original, (s.dimension, c)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profiles())
def test_one_at_a_time_matches_recommend_for_any_profile(profile: Profile) -> None:
    check_sensitivity(profile, one_at_a_time(profile, RULES), {})


# ---------------------------------------------------------------- flip points


@pytest.mark.parametrize("name", sorted(PERSONAS))
def test_flip_points_flip_and_just_short_does_not(name: str) -> None:
    profile = profile_of(PERSONAS[name])
    flips = flip_points(profile, RULES)
    if name != "strong-ecommerce":
        assert flips, "each persona but the strong one has something that would change its answer"
    for flip in flips:
        check_flip(profile, flip)


def test_knife_edge_flips_on_a_small_budget_change_shown_in_round_money() -> None:
    edge = knife_edge()
    budget = [f for f in flip_points(edge, RULES) if f.field == "monthly_budget"]
    assert budget
    nearest = min(budget, key=lambda f: abs(f.value - edge.monthly_budget))
    assert abs(nearest.value - edge.monthly_budget) < 0.05 * edge.monthly_budget
    for flip in budget:
        check_flip(edge, flip)


# A founder whose budget flip lies past a kink the search resumed from (e-commerce and the mix
# level up to ¥3,119.86): the shown value was left at the fen with an unrounded "just short".
RESUMED_PAST_A_KINK = Profile(
    category="handmade", monthly_budget=3000.0, team_size=4, part_time=False, self_media=True
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profiles())
@example(RESUMED_PAST_A_KINK)
def test_flip_points_for_any_profile(profile: Profile) -> None:
    for flip in flip_points(profile, RULES):
        check_flip(profile, flip)


def test_a_flip_past_a_resumed_search_is_still_shown_in_round_money() -> None:
    """¥3,200 flips and ¥3,100 does not: shown at 2 significant figures, not 3,119.87."""
    budget = [f for f in flip_points(RESUMED_PAST_A_KINK, RULES) if f.field == "monthly_budget"]
    above = next(f for f in budget if f.direction == "above")
    assert (above.value, above.unchanged_at) == (3200.0, 3100.0)
    check_flip(RESUMED_PAST_A_KINK, above)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_profiles())
def test_flip_points_for_any_founder(profile: Profile) -> None:
    for flip in flip_points(profile, RULES):
        check_flip(profile, flip)


def test_money_is_shown_to_two_or_three_significant_figures_where_that_holds() -> None:
    """Over the personas' money flips, most are round; the rest fell back because rounding would not hold."""
    founders = [
        *PERSONAS.values(),
        {
            "category": "electronics",
            "monthly_budget": 60000,
            "team_size": 6,
            "part_time": False,
            "data_skills": True,
        },
    ]
    shown = [
        (profile_of(answers), f)
        for answers in founders
        for f in flip_points(profile_of(answers), RULES)
        if f.field in ("monthly_budget", "retail_price", "unit_cost") and f.direction in ("above", "below")
    ]
    assert shown
    for profile, flip in shown:
        sign = 1 if flip.direction == "above" else -1
        coarse = display_steps(flip.field, float(flip.value))[0]
        on_coarse_grid = math.isclose(flip.value / coarse, round(flip.value / coarse))
        if on_coarse_grid and leader(with_answer(profile, flip.field, flip.value - sign * coarse)) == leader(
            profile
        ):
            assert math.isclose(abs(flip.value - flip.unchanged_at), coarse), "the coarsest step that holds"
        if significant_figures(flip.value) > 3:
            step = display_steps(flip.field, float(flip.value))[1]
            rounded = (math.ceil if sign > 0 else math.floor)(flip.value / step) * step
            original = leader(profile)
            keeps = leader(with_answer(profile, flip.field, rounded - sign * step)) == original
            flips = leader(with_answer(profile, flip.field, rounded)) != original
            assert not (keeps and flips), flip


@pytest.mark.parametrize("name", sorted(PERSONAS))
@pytest.mark.parametrize(("field", "top"), [("team_size", 50), ("sku_count", 5000)])
def test_flip_points_are_the_nearest(name: str, field: str, top: int) -> None:
    """Against brute force over every whole value: the nearest change above and below is found."""
    profile = profile_of(PERSONAS[name])
    current = getattr(profile, field)
    values = np.arange(1, top + 1)
    rows = pd.DataFrame([profile.model_dump()] * len(values)).assign(**{field: values})
    scored = score_frame(rows, RULES)[[f"score_{c}" for c in CHANNELS]].to_numpy()
    changed = decide(np.round(scored, PRECISION))[0] != CHANNELS.index(leader(profile))
    found = {f.direction: f.value for f in flip_points(profile, RULES) if f.field == field}
    if current is None:
        assert found or not changed.any()
        return
    above, below = values[changed & (values > current)], values[changed & (values < current)]
    assert found.get("above") == (int(above.min()) if len(above) else None)
    assert found.get("below") == (int(below.max()) if len(below) else None)


def test_unknown_answers_are_searched_and_flagged() -> None:
    profile = profile_of(PERSONAS["thin-margin"])
    flips = flip_points(profile, RULES)
    unknown = [f for f in flips if f.was_unknown]
    assert unknown, "an unanswered field should be able to change this knife-edge persona"
    for flip in unknown:
        assert flip.current is None and getattr(profile, flip.field) is None
        check_flip(profile, flip)


@pytest.mark.parametrize("field", ["part_time", "category", "after_sales", "data_skills"])
def test_every_other_answer_that_flips_is_reported(field: str) -> None:
    profile = knife_edge()
    original = leader(profile)
    reported = {f.value: f.channel for f in flip_points(profile, RULES) if f.field == field}
    spec_values = [True, False] if field in ("part_time", "data_skills") else None
    values = spec_values or list(__import__("advisor.profile").profile.FIELD_SPECS[field].choices)
    for value in values:
        if value == getattr(profile, field):
            continue
        channel = leader(with_answer(profile, field, value))
        assert reported.get(value) == (channel if channel != original else None), value


def test_price_scan_keeps_cost_within_price() -> None:
    profile = profile_of(PERSONAS["thin-margin"])
    low, _ = scan_range("retail_price", profile)
    _, high = scan_range("unit_cost", profile)
    assert low >= profile.unit_cost and high <= profile.retail_price
    for flip in flip_points(profile, RULES):
        check_flip(profile, flip)


def test_analyse_bundles_the_same_results() -> None:
    edge = knife_edge()
    result = analyse(edge, RULES, samples=300, seed=3)
    assert result.robustness == robustness(edge, RULES, samples=300, seed=3)
    assert list(result.flip_points) == flip_points(edge, RULES)
    assert list(result.sensitivity) == one_at_a_time(edge, RULES)
    data = result.to_dict()
    assert data["robustness"]["samples"] == 300 and data["close_race"] == (result.margin < result.clear_lead)
    assert all("text" not in entry for entry in data["flip_points"]), "numbers only; words are verdicts.py's"


# ---------------------------------------------------------------- the solver on known lines


def tent(points: list[tuple[float, float]]):  # type: ignore[no-untyped-def]
    """A piecewise-linear function through the given (x, y) points, flat beyond them."""
    xs, ys = zip(*points, strict=True)
    return lambda x: np.interp(x, xs, ys)


def race(rival, x: np.ndarray) -> np.ndarray:  # type: ignore[no-untyped-def]
    """Scores of a race: e-commerce flat at 10, WeChat the rival line, the mix out of it."""
    return np.stack([np.full(len(x), 10.0), rival(x), np.zeros(len(x))], axis=1)


def race_winners(rival, x: np.ndarray) -> np.ndarray:  # type: ignore[no-untyped-def]
    """The documented decision along the race (rounded scores, the engine's tie order)."""
    return decide(np.round(race(rival, x), PRECISION))[0]


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.floats(0, 100), min_size=3, max_size=8, unique=True),
    st.lists(st.floats(0, 30), min_size=8, max_size=8),
    st.floats(0, 100),
    st.booleans(),
)
@example(  # a rival peaking exactly between two whole units: the change must still lie on the grid
    knots=[0.0, 1.0, 33.0, 1.375, 0.5, 0.25],
    heights=[0.0, 0.0, 0.0, 0.0, 10.0, 0.0, 0.0, 0.0],
    start=0.0,
    upwards=True,
)
def test_a_change_found_among_hidden_bends_is_real(
    knots: list[float],
    heights: list[float],
    start: float,
    upwards: bool,  # noqa: FBT001 (hypothesis)
) -> None:
    """The rival bends at knots not given as breakpoints: any change reported is real (it flips,
    one unit short does not) and lies on the unit grid."""
    knots = sorted(knots)
    rival = tent(list(zip(knots, heights[: len(knots)], strict=True)))
    start = round(start, 2)
    if race_winners(rival, np.array([start]))[0] != 0:
        return
    (change,) = first_changes([Axis(start, 100.0 if upwards else 0.0, 0.01)], 0, lambda _, x: race(rival, x))
    if change is None:
        return
    assert race_winners(rival, np.array([change.value]))[0] == change.winner != 0
    assert race_winners(rival, np.array([change.short]))[0] == 0
    assert math.isclose(abs(change.value - change.short), 0.01) or change.short == start
    assert math.isclose(change.value * 100, round(change.value * 100), abs_tol=1e-6)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.floats(1, 99), min_size=2, max_size=6, unique=True),
    st.lists(st.floats(0, 30), min_size=6, max_size=6),
    st.booleans(),
)
@example(
    knots=[1.0, 1.625], heights=[0.0, 10.0, 0.0, 0.0, 0.0, 0.0], upwards=False
)  # a tie only at an off-grid breakpoint
@example(
    knots=[1.0, 1.5, 1.625], heights=[10.0, 0.0, 10.0, 0.0, 0.0, 0.0], upwards=False
)  # ... and a real one beyond it
def test_a_race_with_known_breakpoints_is_solved_without_searching(
    knots: list[float],
    heights: list[float],
    upwards: bool,  # noqa: FBT001 (hypothesis)
) -> None:
    """Given its breakpoints, a piecewise-linear race is solved from the lines: nodes, probes and
    one settling round on the grid, never a bisection; the answer is the brute-force one."""
    knots = sorted([0.0, *knots, 100.0])
    heights = [heights[0], *heights[: len(knots) - 2], heights[-1]]
    rival = tent(list(zip(knots, heights, strict=True)))
    start = 0.0 if upwards else 100.0
    if race_winners(rival, np.array([start]))[0] != 0:
        return
    calls = []

    def evaluate(_: np.ndarray, x: np.ndarray) -> np.ndarray:
        calls.append(len(x))
        return race(rival, x)

    end = 100.0 - start
    (change,) = first_changes([Axis(start, end, 0.01, tuple(knots))], 0, evaluate)
    grid = np.round(np.arange(0.0, 100.005, 0.01), 2)
    grid = grid if upwards else grid[::-1]
    wins = race_winners(rival, grid) != 0
    if not wins.any():
        assert change is None
        return
    assert change is not None and math.isclose(change.value, grid[int(np.argmax(wins))], abs_tol=1e-9)
    # a rival winning only at an off-grid breakpoint is stepped past on the grid (a few calls more)
    off_grid = [k for k in knots if abs(k * 100 - round(k * 100)) > 1e-6]
    instant = [k for k in off_grid if race_winners(rival, np.array([k]))[0]]
    assert len(calls) <= 3 or instant, calls


@pytest.mark.parametrize(
    "peak",
    [(30.0, 12.0), (41.3, 10.5), (70.0, 25.0)],
)
def test_a_crossing_inside_a_bent_piece_is_found(peak: tuple[float, float]) -> None:
    """The rival rises and falls again between two breakpoints (0 and 100), so both ends keep the
    winner: the kink search must split the piece and find where the rival first leads."""
    rival = tent([(0.0, 0.0), peak, (min(peak[0] * 2, 99.0), 0.0), (100.0, 0.0)])
    (change,) = first_changes([Axis(0.0, 100.0, 0.01)], 0, lambda _, x: race(rival, x))
    grid = np.round(np.arange(0.01, 100.005, 0.01), 2)
    expected = grid[int(np.argmax(race_winners(rival, grid) != 0))]
    assert change is not None and math.isclose(change.value, expected, abs_tol=1e-9)
    assert race_winners(rival, np.array([change.short]))[0] == 0

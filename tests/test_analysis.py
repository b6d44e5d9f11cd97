"""Robustness, one-at-a-time sensitivity and flip points agree with the engine's own decisions."""

from __future__ import annotations

import json
import math
import re
import string
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from personas import ELECTRONICS_SHOP

from advisor import Profile, load_rules, recommend, score_frame
from advisor.analysis import (
    SCANS,
    FlipPoint,
    Sensitivity,
    analyse,
    flip_points,
    one_at_a_time,
    robustness,
    scan_range,
)
from advisor.i18n import LANGS, catalogue, has_key
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


def check_flip(profile: Profile, flip: FlipPoint) -> None:
    """The flip value really changes the recommendation; the value just short of it does not."""
    original = recommend(profile, RULES).channel
    assert flip.channel != original
    if flip.direction == "any":
        lo, hi = scan_range(flip.field, profile)
        scale = SCANS[flip.field].scale
        for units in {lo, hi, (lo + hi) // 2}:
            value = units / scale if scale > 1 else units
            assert recommend(with_answer(profile, flip.field, value), RULES).channel != original
        return
    assert recommend(with_answer(profile, flip.field, flip.value), RULES).channel == flip.channel
    assert recommend(with_answer(profile, flip.field, flip.unchanged_at), RULES).channel == original
    assert flip.was_unknown == (flip.current is None)
    if flip.direction in ("above", "below"):
        unit = 1 / SCANS[flip.field].scale
        sign = 1 if flip.direction == "above" else -1
        gap = sign * (flip.value - flip.unchanged_at)
        assert 0 < gap <= unit + 1e-9
        if flip.current is not None:
            assert sign * (flip.value - flip.current) > 0
            assert sign * (flip.unchanged_at - flip.current) >= 0
    else:
        assert isinstance(flip.value, bool) and flip.value != flip.current


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


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profiles(), st.integers(0, 2**32 - 1), st.integers(1, 400))
def test_shares_sum_to_one_for_any_profile(profile: Profile, seed: int, samples: int) -> None:
    result = robustness(profile, RULES, samples=samples, seed=seed)
    assert math.isclose(sum(result.shares.values()), 1.0)
    assert all(0 <= s <= 1 for s in result.shares.values())
    assert result == robustness(profile, RULES, samples=samples, seed=seed)
    rec = recommend(profile, RULES)
    assert result.channel == rec.channel and math.isclose(result.margin, rec.margin)
    scoring = RULES.scoring
    assert result.robust == (result.share >= scoring.robust_share and result.margin >= scoring.clear_lead)


def test_huge_margin_is_robust() -> None:
    result = robustness(profile_of(STRONG), RULES)
    assert result.channel == "ecommerce"
    assert result.robust
    assert result.share >= RULES.scoring.robust_share
    assert result.samples == 2000


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
    assert result.channel == rec.channel and math.isclose(result.margin, rec.margin)


def test_robustness_needs_samples() -> None:
    with pytest.raises(ValueError, match="samples"):
        robustness(profile_of(STRONG), RULES, samples=0)


# ---------------------------------------------------------------- one at a time


def check_sensitivity(profile: Profile, results: list[Sensitivity], weights: dict[str, float]) -> None:
    """Every reported channel and flip agrees with recommend() under the changed weight."""
    original = recommend(profile, RULES, weights=weights).channel
    assert [s.dimension for s in results] == list(DIMENSIONS)
    for s in results:
        assert s.channel == original

        def channel_at(weight: float, s: Sensitivity = s) -> str:
            return recommend(profile, RULES, weights={**weights, s.dimension: weight}).channel

        assert channel_at(s.weight * (1 - s.step)) == s.down
        assert channel_at(s.weight * (1 + s.step)) == s.up
        assert s.flips_at_step == (original not in (s.down, s.up) or s.down != s.up)
        for change, channel, sign in (
            (s.flip_down, s.flip_down_channel, -1),
            (s.flip_up, s.flip_up_channel, 1),
        ):
            if change is None:
                assert channel is None
                continue
            assert sign * change > 0
            assert 0 <= s.weight_at(change) <= MAX_WEIGHT
            assert channel_at(s.weight_at(change)) == channel != original
            before = change - sign * 0.005
            if abs(before) > 1e-9:
                assert channel_at(s.weight_at(before)) == original
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


def test_one_at_a_time_respects_overrides_and_max_weight() -> None:
    profile = knife_edge()
    weights = {"marketing": 2.5, "team": 0.0}
    results = one_at_a_time(profile, RULES, weights=weights)
    check_sensitivity(profile, results, weights)
    team = next(s for s in results if s.dimension == "team")
    assert team.weight == 0 and team.flip_up is None and team.flip_down is None


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


def test_knife_edge_flips_on_a_small_budget_change() -> None:
    edge = knife_edge()
    budget = [f for f in flip_points(edge, RULES) if f.field == "monthly_budget"]
    assert budget
    assert min(abs(f.value - edge.monthly_budget) for f in budget) < 0.01 * edge.monthly_budget
    for flip in budget:
        check_flip(edge, flip)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profiles())
def test_flip_points_for_any_profile(profile: Profile) -> None:
    for flip in flip_points(profile, RULES):
        check_flip(profile, flip)


@pytest.mark.parametrize("name", sorted(PERSONAS))
@pytest.mark.parametrize(("field", "top"), [("team_size", 50), ("sku_count", 5000)])
def test_flip_points_are_the_nearest(name: str, field: str, top: int) -> None:
    """Against brute force over every whole value: the nearest change above and below is found."""
    profile = profile_of(PERSONAS[name])
    current = getattr(profile, field)
    values = np.arange(1, top + 1)
    rows = pd.DataFrame([profile.model_dump()] * len(values)).assign(**{field: values})
    changed = score_frame(rows, RULES)["recommendation"].to_numpy() != recommend(profile, RULES).channel
    found = {f.direction: f.value for f in flip_points(profile, RULES) if f.field == field}
    if current is None:
        assert found or not changed.any()
        return
    above, below = values[changed & (values > current)], values[changed & (values < current)]
    assert found.get("above") == (int(above.min()) if len(above) else None)
    assert found.get("below") == (int(below.max()) if len(below) else None)


def test_unknown_answers_are_scanned_and_flagged() -> None:
    profile = profile_of(PERSONAS["thin-margin"])
    flips = flip_points(profile, RULES)
    unknown = [f for f in flips if f.was_unknown]
    assert unknown, "an unanswered field should be able to change this knife-edge persona"
    for flip in unknown:
        assert flip.current is None and getattr(profile, flip.field) is None
        check_flip(profile, flip)


def test_switching_part_time_is_reported() -> None:
    profile = profile_of(PERSONAS["apparel-shop"])
    flips = {f.field: f for f in flip_points(profile, RULES) if f.direction == "switch"}
    toggled = recommend(with_answer(profile, "part_time", True), RULES).channel
    if toggled != recommend(profile, RULES).channel:
        assert flips["part_time"].value is True and flips["part_time"].channel == toggled
    else:
        assert "part_time" not in flips


def test_price_scan_keeps_cost_within_price() -> None:
    profile = profile_of(PERSONAS["thin-margin"])
    lo, _ = scan_range("retail_price", profile)
    _, hi = scan_range("unit_cost", profile)
    assert lo / 100 >= profile.unit_cost and hi / 100 <= profile.retail_price
    for flip in flip_points(profile, RULES):
        check_flip(profile, flip)


# ---------------------------------------------------------------- the bundle and its words


def test_analyse_to_dict_is_json_ready() -> None:
    edge = knife_edge()
    data = analyse(edge, RULES, samples=300, seed=3).to_dict("en")
    json.dumps(data)
    assert set(data["robustness"]) == {*CHANNELS, "samples", "seed", "method", "robust"}
    assert data["robustness"]["samples"] == 300 and data["robustness"]["seed"] == 3
    assert data["verdict"].startswith("No clear winner")
    assert len(data["sensitivity"]) == len(DIMENSIONS)
    assert data["flip_points"]
    for entry in data["flip_points"]:
        assert set(entry) == {"field", "current", "value", "direction", "channel", "was_unknown", "text"}
        assert entry["text"] and "{" not in entry["text"]


def test_robust_verdict_names_share_and_samples() -> None:
    data = analyse(profile_of(STRONG), RULES).to_dict("en")
    assert data["robustness"]["robust"] is True
    assert re.search(r"\b\d+% of 2,000 plausible weightings", data["verdict"])
    assert data["flip_points"] == [] or all(f["text"] for f in data["flip_points"])


def test_budget_flip_text_reads_as_money() -> None:
    edge = knife_edge()
    data = analyse(edge, RULES, samples=100).to_dict("en")
    text = next(f["text"] for f in data["flip_points"] if f["field"] == "monthly_budget")
    assert "Monthly marketing budget" in text and "¥" in text


@pytest.mark.parametrize("lang", LANGS)
def test_every_language_renders(lang: str) -> None:
    if not all(has_key(k, lang) for k in ("channel.ecommerce", "field.team_size.label", "dimension.team")):
        pytest.skip(f"core catalogue for {lang} not there yet")
    for name in ("knowledge-creator", "apparel-shop"):
        data = analyse(profile_of(PERSONAS[name]), RULES, samples=100).to_dict(lang)
        texts = [data["verdict"], data["sensitivity_summary"]]
        texts += [f["text"] for f in data["flip_points"]] + [s["text"] for s in data["sensitivity"]]
        assert all(text and "{" not in text for text in texts)


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_catalogues_share_keys_and_placeholders() -> None:
    keys = {lang: {k: v for k, v in catalogue(lang).items() if k.startswith("analysis.")} for lang in LANGS}
    assert keys["en"], "the English analysis catalogue is missing"
    for lang in LANGS:
        assert set(keys[lang]) == set(keys["en"]), lang
        for key, text in keys[lang].items():
            assert _placeholders(text) == _placeholders(keys["en"][key]), (lang, key)


def test_a_bracket_off_by_a_tie_is_repaired() -> None:
    """The exact check moves a bracket whose far end does not really flip to the true change."""
    from advisor import analysis

    edge = knife_edge()
    flip = next(f for f in flip_points(edge, RULES) if f.field == "monthly_budget")
    base = analysis._base(edge, RULES, None)
    sign = 1 if flip.direction == "above" else -1
    true_far = round(flip.value * 100)
    wrong = analysis._Bracket(
        "monthly_budget", sign, true_far - 3 * sign, (true_far - 3 * sign) / 100, true_far - sign, 0, False
    )
    repaired = analysis._verify_all(base, [wrong], {"monthly_budget": scan_range("monthly_budget", edge)})
    assert [analysis._to_flip(b, edge) for b in repaired] == [flip]


def test_an_unanswered_field_that_always_changes_the_answer_says_so() -> None:
    """If every answer in range moved the recommendation, the flip point reads 'any answer'."""
    from advisor import analysis

    profile = profile_of(PERSONAS["solo-fmcg"])
    base = analysis._base(profile, RULES, None)
    grid = np.arange(1, 11)
    others = np.array([(base.winner + 1) % 3] * 7 + [(base.winner + 2) % 3] * 3)
    flip = analysis._numeric_flips(base, profile, "sku_count", grid, np.zeros((10, 1)), others)
    assert flip == FlipPoint("sku_count", None, None, "any", CHANNELS[(base.winner + 1) % 3], True, None)
    assert "any answer" in analysis.flip_text(flip, "en")

"""The scoring model's laws: hard limits, an honest mix, smooth scores, the documented tie rule."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from strategies import profiles, weightings

from advisor.decision import recommend
from advisor.engine import ECOMMERCE, MIX, TIE_ORDER, WECHAT, decide, finish_scores
from advisor.profile import FIELD_SPECS, Profile
from advisor.rules import CHANNELS, load_rules

RULES = load_rules()
NUMERIC = [n for n, s in FIELD_SPECS.items() if s.kind in ("int", "float")]
EXAMPLES = settings(max_examples=150, deadline=None)


def _scores(profile: Profile, weights: dict[str, float]) -> dict[str, float]:
    return recommend(profile, RULES, weights).scores


def _with(profile: Profile, **changes) -> Profile:
    return profile.model_copy(update=changes)


@EXAMPLES
@given(profiles(), weightings())
def test_going_part_time_never_raises_any_score(profile, weights):
    full = _scores(_with(profile, part_time=False), weights)
    part = _scores(_with(profile, part_time=True), weights)
    assert all(part[c] <= full[c] for c in CHANNELS), (full, part)


@EXAMPLES
@given(profiles(), weightings(), st.floats(0, 200_000))
def test_more_budget_never_lowers_ecommerce_or_the_mix(profile, weights, extra):
    more = _with(profile, monthly_budget=profile.monthly_budget + extra)
    before, after = _scores(profile, weights), _scores(more, weights)
    assert after["ecommerce"] >= before["ecommerce"] and after["mix"] >= before["mix"]


@EXAMPLES
@given(profiles(), weightings(), st.integers(0, 500_000))
def test_more_reach_never_lowers_wechat_or_the_mix(profile, weights, extra):
    base = _with(profile, social_reach=profile.social_reach or 0)
    wider = _with(base, social_reach=base.social_reach + extra)
    before, after = _scores(base, weights), _scores(wider, weights)
    assert after["wechat"] >= before["wechat"] and after["mix"] >= before["mix"]


@EXAMPLES
@given(profiles(), weightings(), st.integers(0, 50))
def test_a_bigger_full_time_team_never_lowers_ecommerce_or_the_mix(profile, weights, extra):
    base = _with(profile, part_time=False)
    bigger = _with(base, team_size=base.team_size + extra)
    before, after = _scores(base, weights), _scores(bigger, weights)
    assert after["ecommerce"] >= before["ecommerce"] and after["mix"] >= before["mix"]


def _one_percent(profile: Profile, field: str, sign: int) -> Profile | None:
    """The profile with one numeric answer moved by 1% (None when that changes nothing or is invalid)."""
    value = getattr(profile, field)
    if value is None:
        return None
    moved = value * (1 + sign * 0.01)
    moved = round(moved) if FIELD_SPECS[field].kind == "int" else moved
    spec = FIELD_SPECS[field]
    if moved == value or not spec.ge <= moved <= spec.le:
        return None
    try:
        return Profile.model_validate({**profile.model_dump(), field: moved})
    except ValueError:
        return None  # e.g. the cost would pass the price


@EXAMPLES
@given(profiles(), weightings(), st.sampled_from(NUMERIC), st.sampled_from([-1, 1]))
def test_a_one_percent_change_of_any_number_moves_no_score_by_more_than_three_points(
    profile, weights, field, sign
):
    moved = _one_percent(profile, field, sign)
    assume(moved is not None)
    before, after = _scores(profile, weights), _scores(moved, weights)
    assert max(abs(after[c] - before[c]) for c in CHANNELS) <= 3.0, (field, before, after)


@st.composite
def part_time_tiny_broke(draw: st.DrawFn) -> Profile:
    """A part-time founder of one or two people with at most ¥2,000 a month, other answers random."""
    profile = draw(profiles())
    return _with(
        profile,
        part_time=True,
        team_size=draw(st.integers(1, 2)),
        monthly_budget=draw(st.floats(0, 2000)),
    )


@EXAMPLES
@given(part_time_tiny_broke(), weightings())
def test_a_part_time_founder_of_two_with_no_budget_never_gets_ecommerce(profile, weights):
    rec = recommend(profile, RULES, weights)
    assert rec.channel != "ecommerce", rec.scores
    assert any(x.channel == "ecommerce" and x.section == "S7" for x in rec.limits)


@EXAMPLES
@given(profiles(), weightings())
def test_a_mix_wins_only_when_its_conditions_hold(profile, weights):
    rec = recommend(profile, RULES, weights)
    if rec.channel == "mix":
        weaker = min(rec.scores["ecommerce"], rec.scores["wechat"])
        gap = abs(rec.scores["ecommerce"] - rec.scores["wechat"])
        assert rec.mix_status == "viable" and rec.mix_viable
        assert weaker >= RULES.scoring.viable and rec.synergy > gap
        assert not profile.part_time


@EXAMPLES
@given(profiles(), weightings())
def test_every_limit_that_holds_is_listed_and_the_binding_one_sets_the_score(profile, weights):
    rec = recommend(profile, RULES, weights)
    for channel in CHANNELS:
        ceilings = [x.ceiling for x in rec.limits if x.channel == channel]
        assert rec.scores[channel] <= min(ceilings, default=100.0) + 1e-9
        binding = [x for x in rec.limits if x.channel == channel and x.binding]
        if binding:
            assert rec.scores[channel] == pytest.approx(binding[0].ceiling)
            assert rec.uncapped[channel] > rec.scores[channel]
        else:
            assert rec.scores[channel] == pytest.approx(rec.uncapped[channel])


RAW = st.floats(-80, 80)


@settings(max_examples=300, deadline=None)
@given(RAW, RAW, RAW, st.sampled_from([0, 1, 2]), st.floats(0, 30))
def test_the_mix_never_falls_when_a_channel_or_the_synergy_rises(e, w, s, which, step):
    raw = np.array([[e, w, s]])
    raised = raw.copy()
    raised[0, which] += step
    before, after = finish_scores(raw, RULES)[0], finish_scores(raised, RULES)[0]
    assert after[MIX] >= before[MIX]
    assert after[MIX] - before[MIX] <= 2 * step + 1e-9  # continuous: at most twice the move


@settings(max_examples=300, deadline=None)
@given(RAW, RAW, st.floats(-20, 20))
def test_the_mix_beats_both_channels_only_by_synergy_above_their_gap(e, w, s):
    ecommerce, wechat, mix = finish_scores(np.array([[e, w, s]]), RULES)[0]
    if mix > max(ecommerce, wechat):
        assert s > abs(ecommerce - wechat)
        assert min(ecommerce, wechat) > RULES.scoring.viable
    assert mix <= min(ecommerce, wechat) + max(s, 0.0) + 1e-9


@pytest.mark.parametrize(
    ("scores", "winner"),
    [
        ([50.0, 50.0, 50.0], WECHAT),
        ([60.0, 60.0, 10.0], WECHAT),
        ([60.0, 10.0, 60.0], ECOMMERCE),
        ([10.0, 60.0, 60.0], WECHAT),
        ([10.0, 20.0, 60.0], MIX),
        ([60.0, 59.999, 59.999], ECOMMERCE),
    ],
)
def test_ties_go_to_wechat_then_ecommerce_then_the_mix(scores, winner):
    won, margin = decide(np.array([scores]))
    assert int(won[0]) == winner
    assert margin[0] == pytest.approx(sorted(scores)[-1] - sorted(scores)[-2])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([0.0, 30.0, 45.5, 60.0, 100.0]), min_size=3, max_size=3))
def test_the_winner_is_the_first_top_score_in_the_tie_order(scores):
    won = int(decide(np.array([scores]))[0][0])
    top = max(scores)
    assert won == next(k for k in TIE_ORDER if scores[k] == top)


def test_the_clear_lead_threshold_scales_with_all_weights():
    profile = Profile(category="electronics", monthly_budget=30000, team_size=5, part_time=False)
    base = recommend(profile, RULES)
    doubled = recommend(profile, RULES, {d: 2 * w for d, w in RULES.weights.items()})
    assert doubled.lead_threshold == pytest.approx(2 * base.lead_threshold)
    assert base.lead_threshold == RULES.scoring.clear_lead
    assert doubled.clear_lead == base.clear_lead


@pytest.mark.parametrize(
    ("answers", "status"),
    [
        (dict(category="fmcg", monthly_budget=800, team_size=1, part_time=True), "limited"),
        (
            dict(
                category="electronics",
                monthly_budget=60000,
                team_size=6,
                part_time=False,
                data_skills=True,
                after_sales="high",
            ),
            "weak_channel",
        ),
        (dict(category="other", monthly_budget=20000, team_size=2, part_time=False), "no_grounds"),
        (
            dict(
                category="apparel",
                monthly_budget=15000,
                team_size=3,
                part_time=False,
                social_reach=12000,
                self_media=True,
                data_skills=True,
            ),
            "viable",
        ),
    ],
)
def test_the_mix_status_says_why_a_mix_is_or_is_not_an_option(answers, status):
    assert recommend(Profile.model_validate(answers), RULES).mix_status == status


@settings(max_examples=100, deadline=None)
@given(profiles(), weightings(), st.sampled_from(sorted(RULES.weights)))
def test_a_dimension_slider_moves_only_its_own_rules(profile, weights, dimension):
    before = recommend(profile, RULES, weights)
    after = recommend(profile, RULES, {**weights, dimension: 0.0})
    assert all(p == 0.0 for p in after.by_dimension()[dimension].values())
    for other, points in before.by_dimension().items():
        if other != dimension:
            assert after.by_dimension()[other] == pytest.approx(points)
    assert {(x.limit_id, x.channel, x.ceiling) for x in after.limits} == {
        (x.limit_id, x.channel, x.ceiling) for x in before.limits
    }  # limits are not weighted

"""Charts: each figure's data matches the recommendation, and every spec renders offline."""

from __future__ import annotations

import math

import pandas as pd
import pytest
import vl_convert
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advisor import charts, parse_profile, recommend
from advisor.i18n import LANGS, t
from advisor.rules import CHANNELS

WECHAT = {"category": "fmcg", "monthly_budget": 800, "team_size": 1, "part_time": True, "social_reach": 3000}
ECOMMERCE = {
    "category": "electronics",
    "monthly_budget": 60000,
    "team_size": 6,
    "part_time": False,
    "data_skills": True,
}


@pytest.fixture(scope="module")
def rec():
    return recommend(parse_profile(WECHAT))


@pytest.fixture(scope="module")
def rec_ecommerce():
    return recommend(parse_profile(ECOMMERCE))


def test_scores_figure_matches_the_recommendation(rec):
    figure = charts.scores_chart(rec, "en")
    assert [r["channel"] for r in figure.rows] == list(CHANNELS)
    assert {r["channel"]: r["score"] for r in figure.rows} == {c: round(rec.scores[c], 2) for c in CHANNELS}
    assert [r["channel"] for r in figure.rows if r["recommended"]] == [rec.channel]
    assert figure.spec["datasets"]["scores"] == figure.rows
    assert "WeChat" in figure.description
    assert list(figure.table.columns) == ["Channel", "Score", "Recommended"]
    assert len(figure.table) == 3


def test_contributions_figure_adds_up_per_channel(rec_ecommerce):
    rec = rec_ecommerce
    figure = charts.contributions_chart(rec, "en")
    data = figure.data
    assert set(data.columns) >= {"dimension", "dimension_label", "channel", "channel_label", "points"}
    assert (data["points"] != 0).all()
    for channel in CHANNELS:
        expected = sum(c.points for c in rec.contributions if c.channel == channel)
        assert data.loc[data["channel"] == channel, "points"].sum() == pytest.approx(expected, abs=0.05)
    weights = data.assign(a=data["points"].abs()).groupby("dimension", sort=False)["a"].sum().round(2)
    assert list(weights) == sorted(weights, reverse=True)  # the dimensions that moved most come first
    assert figure.spec["height"] >= 60
    assert len(figure.table) == len(data)


def test_what_if_frame_scores_both_fields_in_one_call(monkeypatch):
    profile = parse_profile(WECHAT)
    calls = []
    real = charts.score_frame

    def counting(frame, *args, **kwargs):
        calls.append(len(frame))
        return real(frame, *args, **kwargs)

    monkeypatch.setattr(charts, "score_frame", counting)
    frame = charts.what_if_frame(profile)
    assert len(calls) == 1
    assert list(frame.columns) == ["field", "value", "channel", "score", "founder"]
    for field in charts.WHAT_IF_FIELDS:
        part = frame[frame["field"] == field]
        values = charts.what_if_values(profile, field)
        assert len(part) == len(values) * len(CHANNELS)
        assert float(getattr(profile, field)) in set(part["value"])
        assert part["score"].between(0, 100).all()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    category=st.sampled_from(
        ["fmcg", "apparel", "electronics", "home_goods", "knowledge", "handmade", "other"]
    ),
    budget=st.floats(min_value=0, max_value=1_000_000, allow_nan=False),
    team=st.integers(min_value=1, max_value=500),
    part_time=st.booleans(),
    reach=st.one_of(st.none(), st.integers(min_value=0, max_value=50_000)),
)
def test_the_founders_point_on_each_what_if_curve_is_their_own_score(
    category, budget, team, part_time, reach
):
    answers = {"category": category, "monthly_budget": budget, "team_size": team, "part_time": part_time}
    if reach is not None:
        answers["social_reach"] = reach
    rec = recommend(parse_profile(answers))
    frame = charts.what_if_frame(rec.profile)
    for field in charts.WHAT_IF_FIELDS:
        mine = frame[(frame["field"] == field) & frame["founder"]]
        assert len(mine) == len(CHANNELS)
        for channel, score in zip(mine["channel"], mine["score"], strict=True):
            assert score == pytest.approx(rec.scores[channel], abs=0.01)


def test_what_if_chart_marks_the_founder_and_keeps_ticks_in_range(rec):
    frame = charts.what_if_frame(rec.profile)
    figure = charts.what_if_chart(frame, "team_size", "en")
    founder = figure.spec["datasets"]["founder"]
    assert len(founder) == 3 and {p["value"] for p in founder} == {1.0}
    assert figure.spec["datasets"]["you"][0]["label"] == "You"
    highest = max(r["value"] for r in figure.rows)
    for layer in figure.spec["layer"]:
        axis = layer.get("encoding", {}).get("x", {}).get("axis")
        if isinstance(axis, dict):
            assert max(axis["values"]) <= highest
    assert "Your answer" in figure.table.columns
    assert (figure.table["Your answer"] == "Yes").sum() == 1


def test_templates_are_built_once_and_never_mutated(rec):
    template = charts.scores_template("en")
    before = repr(template)
    one = charts.scores_chart(rec, "en")
    one.spec["description"] = "changed"
    assert charts.scores_template("en") is template
    assert repr(template) == before
    assert "datasets" not in template


def test_figures_convert_back_to_altair(rec):
    chart = charts.scores_chart(rec, "en").to_altair()
    assert chart.to_dict(validate=True)["datasets"]["scores"]


@pytest.mark.parametrize("lang", LANGS)
def test_every_figure_renders_offline_with_labels_in_the_language(rec_ecommerce, lang):
    figures = charts.all_figures(rec_ecommerce, lang)
    assert set(figures) == {"scores", "why", "monthly_budget", "team_size"}
    for figure in figures.values():
        svg = vl_convert.vegalite_to_svg(figure.with_width(500))
        assert svg.startswith("<svg") and "<path" in svg
        assert t(f"channel_short.{rec_ecommerce.channel}", lang) in svg or figure is figures["why"]
        assert isinstance(figure.table, pd.DataFrame) and not figure.table.empty
        assert all(not (isinstance(v, float) and math.isnan(v)) for r in figure.rows for v in r.values())
    assert t("dimension.marketing", lang) in vl_convert.vegalite_to_svg(figures["why"].with_width(500))

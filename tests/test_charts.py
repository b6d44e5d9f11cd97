"""Charts: each figure's data matches the recommendation, and every spec renders offline."""

from __future__ import annotations

import math

import pandas as pd
import pytest
import vl_convert
from documents import document_of
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from personas import ECOMMERCE, KNIFE_EDGE, WECHAT

from advisor import batch, charts, parse_profile, recommend, tables
from advisor.charts import what_if
from advisor.i18n import LANGS, t
from advisor.rules import CHANNELS


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


def test_what_if_frame_scores_both_fields_in_one_engine_call(monkeypatch):
    profile = parse_profile(WECHAT)
    calls = []
    real = what_if.score_columns

    def counting(cols, *args, **kwargs):
        calls.append(len(cols["monthly_budget"]))
        return real(cols, *args, **kwargs)

    def no_text_round_trip(*_args, **_kwargs):
        raise AssertionError("the what-if charts score through the engine, not via CSV text")

    monkeypatch.setattr(what_if, "score_columns", counting)
    monkeypatch.setattr(batch, "score_frame", no_text_round_trip)
    monkeypatch.setattr(batch, "score_text_columns", no_text_round_trip)
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


# ------------------------------------------------------------------ robustness, flip points, scenarios


@pytest.fixture(scope="module")
def knife_doc():
    return document_of(recommend(parse_profile(KNIFE_EDGE)), "en")


def test_what_if_curves_follow_the_weights():
    weights = {"platform": 2.0, "team": 0.5}
    rec = recommend(parse_profile(KNIFE_EDGE), weights=weights)
    frame = charts.what_if_frame(rec.profile, weights=weights)
    mine = frame[(frame["field"] == "monthly_budget") & frame["founder"]]
    for channel, score in zip(mine["channel"], mine["score"], strict=True):
        assert score == pytest.approx(rec.scores[channel], abs=0.01)
    plain = charts.what_if_frame(rec.profile)
    assert not plain["score"].equals(frame["score"])
    figures = charts.all_figures(rec, "en")
    founder = figures["team_size"].spec["datasets"]["founder"]
    assert {p["channel"]: p["score"] for p in founder} == {c: round(rec.scores[c], 2) for c in CHANNELS}


def test_robustness_figure_shows_each_channels_share(knife_doc):
    figure = charts.robustness_chart(knife_doc, "en", 0.6)
    shares = {r["channel"]: r["share"] for r in figure.rows}
    assert shares == {c: knife_doc["robustness"][c] for c in CHANNELS}
    assert sum(shares.values()) == pytest.approx(1.0)
    assert sum(r["wins"] for r in figure.rows) == knife_doc["robustness"]["samples"]
    assert [r["channel"] for r in figure.rows if r["recommended"]] == [knife_doc["recommendation"]]
    assert figure.spec["datasets"]["threshold"] == [{"share": 0.6, "label": "60% needed for a clear answer"}]
    assert figure.spec["datasets"]["shares"] == figure.rows
    assert list(figure.table.columns) == [
        "Channel",
        "Share of weightings won",
        "Won (of 2,000)",
        "Recommended",
    ]
    assert "2,000" in figure.description and "60%" in figure.description
    chart = figure.to_altair().to_dict(validate=True)
    assert chart["layer"][0]["encoding"]["x"]["scale"]["domain"] == [0, 1]


def test_flip_figure_draws_every_numeric_flip_point(knife_doc):
    figure = charts.flip_chart(knife_doc, "en")
    assert figure is not None
    numeric = [f for f in knife_doc["flip_points"] if f["direction"] in ("above", "below")]
    assert len(numeric) >= 2
    assert [(r["field"], r["value"], r["channel"]) for r in figure.rows] == [
        (f["field"], f["value"], f["channel"]) for f in numeric
    ]
    for row in figure.rows:
        flip = next(f for f in numeric if f["field"] == row["field"] and f["value"] == row["value"])
        assert row["current"] == (None if flip["current"] is None else float(flip["current"]))
        assert row["field_label"].endswith("(not answered)") == flip["was_unknown"]
    # Segments run from the founder's answer to the flip value; unanswered fields have none.
    segments = figure.spec["datasets"]["segments"]
    assert all(s["current"] is not None for s in segments)
    assert {a["field"] for a in figure.spec["datasets"]["answers"]} == {
        f["field"] for f in numeric if f["current"] is not None
    }
    shapes = next(layer for layer in figure.spec["layer"] if "shape" in layer.get("encoding", {}))
    assert shapes["encoding"]["shape"]["scale"]["range"] == ["triangle-right", "triangle-left"]
    # The table lists every flip point, the yes/no switches too.
    assert len(figure.table) == len(knife_doc["flip_points"])
    assert list(figure.table.columns) == ["Question", "Your answer", "Changes at", "Direction", "Then leads"]
    figure.to_altair().to_dict(validate=True)


def test_no_flip_chart_when_no_answer_flips_it():
    doc = document_of(recommend(parse_profile(WECHAT)), "en")
    assert not doc["flip_points"]
    assert charts.flip_chart(doc, "en") is None
    assert tables.flip_points(doc).empty


def test_comparison_figure_groups_the_scores_per_scenario(knife_doc):
    other = document_of(recommend(parse_profile(ECOMMERCE)), "en")
    docs = [{**knife_doc, "name": "Knife"}, {**other, "name": "电子产品"}]
    figure = charts.comparison_chart(docs, "en")
    assert [(r["scenario"], r["channel"]) for r in figure.rows] == [
        (n, c) for n in ("Knife", "电子产品") for c in CHANNELS
    ]
    assert [r["score"] for r in figure.rows] == [d["scores"][c] for d in docs for c in CHANNELS]
    assert [r["channel"] for r in figure.rows if r["recommended"]] == ["wechat", "ecommerce"]
    assert figure.spec["layer"][0]["encoding"]["yOffset"]["field"] == "channel_label"
    assert list(figure.table["Scenario"]) == ["Knife", "电子产品"]
    assert figure.spec["height"] == 124
    figure.to_altair().to_dict(validate=True)


@pytest.mark.parametrize("lang", LANGS)
def test_trust_figures_render_offline_in_the_language(lang):
    doc = document_of(recommend(parse_profile(KNIFE_EDGE)), lang)
    other = document_of(recommend(parse_profile(ECOMMERCE)), lang)
    figures = [
        charts.robustness_chart(doc, lang, 0.6),
        charts.flip_chart(doc, lang),
        charts.comparison_chart([{**doc, "name": "A"}, {**other, "name": "B"}], lang),
    ]
    for figure in figures:
        assert figure is not None
        svg = vl_convert.vegalite_to_svg(figure.with_width(500))
        assert svg.startswith("<svg") and "<path" in svg
        assert t(f"channel_short.{doc['recommendation']}", lang) in svg
    flip_svg = vl_convert.vegalite_to_svg(figures[1].with_width(500))
    assert t("field.social_reach.label", lang) in flip_svg
    assert ">10k<" in flip_svg and ">0k<" not in flip_svg  # compact tick labels


def _text_formats(spec) -> list:
    """Every Vega format string on a text or tooltip channel of a chart spec."""
    found = []
    for layer in spec.get("layer", []):
        encoding = layer.get("encoding", {})
        channels = [encoding.get("text", {}), *(encoding.get("tooltip", []) or [])]
        found += [c.get("format") for c in channels if isinstance(c, dict) and c.get("format")]
    return found


@pytest.mark.parametrize("lang", LANGS)
def test_chart_labels_show_the_numbers_as_the_tables_do(lang):
    """Scores and shares in the charts are the tables' text, not Vega's own rounding."""
    rec = recommend(parse_profile(KNIFE_EDGE))
    doc = document_of(rec, lang)
    scores = charts.scores_chart(rec, lang)
    assert [r["score_text"] for r in scores.rows] == list(tables.scores(doc).iloc[:, 1])
    robustness = charts.robustness_chart(doc, lang, 0.6)
    assert [r["share_text"] for r in robustness.rows] == list(tables.shares(doc).iloc[:, 1])
    other = {**document_of(recommend(parse_profile(ECOMMERCE)), lang), "name": "B"}
    compared = charts.comparison_chart([{**doc, "name": "A"}, other], lang)
    assert [r["score_text"] for r in compared.rows[:3]] == list(tables.scores(doc).iloc[:, 1])
    for figure in (scores, robustness, compared):
        assert not [f for f in _text_formats(figure.spec) if "f" in f or "%" in f]

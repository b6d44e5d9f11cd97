"""Altair charts of a recommendation, each with the table of the data it draws.

Every chart function returns a `Figure`: the Vega-Lite spec of an Altair chart with its data
inlined (what `st.vega_lite_chart` and vl-convert render), the tidy data behind it, a `table`
with translated headers for the "data as table" view (what a screen reader or a spreadsheet
gets) and a one-line description. `Figure.to_altair()` gives the chart back as an Altair object.

Building an Altair chart and validating it costs tens of milliseconds, too slow to repeat on
every rerun of the app; so each chart's layout is built with Altair once per language (and
what-if field), refers to its data by name, and only the data changes from one answer to the
next. The what-if profiles are encoded and scored by the engine in one call (they differ only
in the varied answer); nothing here decides anything.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

import altair as alt
import numpy as np
import pandas as pd

from advisor import tables
from advisor.decision import Recommendation
from advisor.engine import encode_profiles, score_columns
from advisor.i18n import Lang, t
from advisor.profile import Profile
from advisor.rules import CHANNELS, DIMENSIONS, RuleBase, load_rules
from advisor.verdicts import format_value

# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
CHANNEL_COLORS: dict[str, str] = {"ecommerce": "#0072B2", "wechat": "#009E73", "mix": "#E69F00"}
WhatIfField = Literal["monthly_budget", "team_size"]
WHAT_IF_FIELDS: tuple[WhatIfField, ...] = ("monthly_budget", "team_size")
BUDGET_GRID: tuple[float, ...] = (
    0, 250, 500, 1000, 1500, 2000, 3000, 4000, 5000, 7500, 10_000, 15_000, 20_000,
    30_000, 40_000, 50_000, 75_000, 100_000, 150_000,
)  # fmt: skip
BUDGET_TICKS: tuple[int, ...] = (0, 1000, 3000, 10_000, 30_000, 100_000)
# Fit the width to the page, but keep the height for the plot itself (axes and legend come on top).
FIT_WIDTH = alt.AutoSizeParams(type="fit-x", contains="padding")
TEAM_GRID: tuple[int, ...] = (1, 2, 3, 4, 5, 6, 8, 10, 15, 20)
TEAM_TICKS: tuple[int, ...] = (1, 2, 3, 5, 10, 20, 50, 100, 1000, 10_000, 100_000)


Rows = list[dict[str, Any]]


@dataclass(frozen=True)
class Figure:
    """A chart (Vega-Lite spec, data inlined), the rows it draws, and those rows as a table.

    `rows` are the chart's main data as plain JSON values; `data` is the same as a DataFrame;
    `table` has translated headers for the "data as table" view.
    """

    spec: dict[str, Any]
    rows: Rows
    table: pd.DataFrame
    description: str

    @property
    def data(self) -> pd.DataFrame:
        """The chart's main data as a DataFrame (language-free columns plus display labels)."""
        return pd.DataFrame(self.rows)

    def to_altair(self) -> alt.LayerChart:
        """The chart as an Altair object (e.g. to `.save()` it)."""
        return alt.LayerChart.from_dict(copy.deepcopy(self.spec), validate=False)

    def with_width(self, width: int) -> dict[str, Any]:
        """A copy of the spec with a fixed width (for rendering outside the app)."""
        spec = copy.deepcopy(self.spec)
        spec["width"] = width
        return spec


def channel_short(channel: str, lang: Lang) -> str:
    """The short display name of a channel (legends and axes)."""
    return t(f"channel_short.{channel}", lang)


def _figure(
    template: dict[str, Any], datasets: dict[str, Rows], main: str, table: pd.DataFrame, description: str
) -> Figure:
    """Fill a chart layout with its data: a deep copy, so the cached layout never changes."""
    spec = copy.deepcopy(template)
    spec["datasets"] = datasets
    spec["description"] = description
    return Figure(spec=spec, rows=datasets[main], table=table, description=description)


def _color(lang: Lang, legend: bool = True, title: str | None = None) -> alt.Color:
    """One colour per channel, the same in every chart; domain in the chart's language."""
    return alt.Color(
        "channel_label:N",
        scale=alt.Scale(
            domain=[channel_short(c, lang) for c in CHANNELS],
            range=[CHANNEL_COLORS[c] for c in CHANNELS],
        ),
        legend=alt.Legend(title=title, orient="bottom") if legend else None,
    )


# ------------------------------------------------------------------ scores


@cache
def scores_template(lang: Lang) -> dict[str, Any]:
    """Layout of the scores chart (data named "scores"), built with Altair once per language."""
    order = [channel_short(c, lang) for c in CHANNELS]
    base = alt.Chart(alt.NamedData("scores")).encode(
        y=alt.Y("channel_label:N", sort=order, title=None, axis=alt.Axis(labelFontSize=13))
    )
    bars = base.mark_bar(cornerRadiusEnd=3).encode(
        x=alt.X("score:Q", scale=alt.Scale(domain=[0, 100]), title=t("report.score", lang)),
        color=_color(lang, legend=False),
        opacity=alt.condition("datum.recommended", alt.value(1.0), alt.value(0.45)),
        tooltip=[
            alt.Tooltip("channel_label:N", title=t("report.channel", lang)),
            alt.Tooltip("score_text:N", title=t("report.score", lang)),
        ],
    )
    labels = base.mark_text(align="left", dx=4, fontSize=13).encode(
        x="score:Q", text="score_text:N"
    )
    return (bars + labels).properties(height=130, autosize=FIT_WIDTH).to_dict()


def scores_rows(rec: Recommendation, lang: Lang) -> Rows:
    """The three scores, one row per channel, with the recommended one marked."""
    return [
        {
            "channel": c,
            "channel_label": channel_short(c, lang),
            "score": round(rec.scores[c], 2),
            "score_text": tables.score_text(round(rec.scores[c], 2)),
            "recommended": c == rec.channel,
        }
        for c in CHANNELS
    ]


def scores_chart(rec: Recommendation, lang: Lang) -> Figure:
    """Horizontal bars of the three 0-100 scores; the recommended channel drawn solid."""
    rows = scores_rows(rec, lang)
    shown = {"lang": lang, "scores": {r["channel"]: r["score"] for r in rows}, "recommendation": rec.channel}
    table = tables.scores(shown)  # the same table the reports print
    description = t("app.chart.scores_description", lang, winner=channel_short(rec.channel, lang))
    return _figure(scores_template(lang), {"scores": rows}, "scores", table, description)


# ------------------------------------------------------------------ why (contributions)


@cache
def contributions_template(lang: Lang) -> dict[str, Any]:
    """Layout of the 'why' chart (data named "contributions"), built once per language."""
    bars = (
        alt.Chart(alt.NamedData("contributions"))
        .mark_bar(cornerRadiusEnd=2)
        .encode(
            y=alt.Y("dimension_label:N", sort=None, title=None, axis=alt.Axis(labelLimit=220)),
            yOffset=alt.YOffset("channel_label:N", sort=[channel_short(c, lang) for c in CHANNELS]),
            x=alt.X("points:Q", title=t("app.chart.points_axis", lang)),
            color=_color(lang),
            tooltip=[
                alt.Tooltip("dimension_label:N", title=t("report.col.dimension", lang)),
                alt.Tooltip("channel_label:N", title=t("report.channel", lang)),
                alt.Tooltip("points:Q", title=t("report.col.points", lang), format="+.2f"),
            ],
        )
    )
    zero = alt.Chart(alt.NamedData("zero")).mark_rule(color="#555").encode(x="x:Q")
    return (bars + zero).properties(autosize=FIT_WIDTH).to_dict()


def contributions_rows(rec: Recommendation, lang: Lang) -> Rows:
    """Points per dimension and channel (non-zero only), the dimensions that moved most first."""
    totals = rec.by_dimension()
    weight = {d: sum(abs(v) for v in by_channel.values()) for d, by_channel in totals.items()}
    order = sorted(DIMENSIONS, key=lambda d: (-round(weight[d], 2), DIMENSIONS.index(d)))
    return [
        {
            "dimension": d,
            "dimension_label": t(f"dimension.{d}", lang),
            "channel": c,
            "channel_label": channel_short(c, lang),
            "points": round(totals[d][c], 2),
        }
        for d in order
        for c in CHANNELS
        if round(totals[d][c], 2) != 0
    ]


def contributions_chart(rec: Recommendation, lang: Lang) -> Figure:
    """Grouped bars: what each group of rules (dimension) added to or took from each channel."""
    rows = contributions_rows(rec, lang)
    dimensions = len({r["dimension"] for r in rows})
    table = pd.DataFrame(
        {
            t("report.col.dimension", lang): [r["dimension_label"] for r in rows],
            t("report.channel", lang): [r["channel_label"] for r in rows],
            t("report.col.points", lang): [r["points"] for r in rows],
        }
    )
    description = t("app.chart.why_description", lang, winner=channel_short(rec.channel, lang))
    datasets = {"contributions": rows, "zero": [{"x": 0}]}
    figure = _figure(contributions_template(lang), datasets, "contributions", table, description)
    figure.spec["height"] = max(60, 16 * len(rows) + 8 * dimensions)
    return figure


# ------------------------------------------------------------------ what if


def what_if_values(profile: Profile, field: WhatIfField) -> list[float]:
    """The answers to try for a what-if curve: a fixed grid plus the founder's own answer."""
    own = getattr(profile, field)
    grid = TEAM_GRID if field == "team_size" else BUDGET_GRID
    return sorted({*grid, own})


def what_if_profiles(
    profile: Profile, fields: Sequence[WhatIfField], values: Mapping[str, Sequence[float]] | None = None
) -> list[tuple[str, Profile]]:
    """The profiles a what-if tries: the founder's own with one answer changed, each validated."""
    answers = profile.answers()
    tried: list[tuple[str, Profile]] = []
    for field in fields:
        own = getattr(profile, field)
        given = (values or {}).get(field)
        grid = sorted({*given, own}) if given is not None else what_if_values(profile, field)
        for value in grid:
            typed = int(value) if field == "team_size" else float(value)
            tried.append((field, Profile.model_validate({**answers, field: typed})))
    return tried


def what_if_frame(
    profile: Profile,
    fields: Sequence[WhatIfField] = WHAT_IF_FIELDS,
    values: Mapping[str, Sequence[float]] | None = None,
    rules: RuleBase | None = None,
    weights: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """Each channel's score as one answer varies, the others kept: long form for line charts.

    Columns: field, value, channel, score, founder (True at the founder's own answer). The
    profiles for every field are encoded and scored by the engine together, with the weights given.
    """
    tried = what_if_profiles(profile, fields, values)
    cols = encode_profiles([p for _, p in tried])
    result = score_columns(cols, rules or load_rules(), weights, keep_degrees=False)
    scores = result.scores.round(2)
    tried_values = [float(getattr(p, field)) for field, p in tried]
    n = len(CHANNELS)
    return pd.DataFrame(
        {
            "field": [f for f, _ in tried for _ in CHANNELS],
            "value": np.repeat(np.array(tried_values), n),
            "channel": list(CHANNELS) * len(tried),
            "score": scores.reshape(-1),
            "founder": np.repeat(
                np.array(
                    [v == float(getattr(profile, f)) for (f, _), v in zip(tried, tried_values, strict=True)]
                ),
                n,
            ),
        }
    )


@cache
def what_if_template(field: WhatIfField, lang: Lang) -> dict[str, Any]:
    """Layout of a what-if chart (data "lines", "founder", "you"), built once per field and language."""
    x_title = t(f"field.{field}.label", lang)
    if field == "monthly_budget":
        scale = alt.Scale(type="symlog", constant=1000, nice=False)
        axis = alt.Axis(values=list(BUDGET_TICKS), format=",d", labelOverlap=True)
    else:
        scale = alt.Scale(type="log", nice=False)
        axis = alt.Axis(values=list(TEAM_TICKS), format=",d", labelOverlap=True)
    x = alt.X("value:Q", title=x_title, scale=scale, axis=axis)
    y = alt.Y("score:Q", title=t("report.score", lang), scale=alt.Scale(domain=[0, 100]))
    tooltip = [
        alt.Tooltip("channel_label:N", title=t("report.channel", lang)),
        alt.Tooltip("value:Q", title=x_title, format=",.0f"),
        alt.Tooltip("score_text:N", title=t("report.score", lang)),
    ]
    lines = (
        alt.Chart(alt.NamedData("lines"))
        .mark_line(strokeWidth=2.5)
        .encode(
            x=x,
            y=y,
            color=_color(lang),
            # The mix often equals the weaker channel: dashing it keeps both lines visible.
            strokeDash=alt.StrokeDash(
                "channel_label:N",
                scale=alt.Scale(
                    domain=[channel_short(c, lang) for c in CHANNELS], range=[[1, 0], [1, 0], [6, 4]]
                ),
                legend=None,
            ),
            tooltip=tooltip,
        )
    )
    you = alt.Chart(alt.NamedData("you"))
    rule = you.mark_rule(strokeDash=[4, 3], color="#444").encode(x=x)
    label = you.mark_text(align="left", dx=4, dy=8, fontWeight="bold", color="#444").encode(
        x=x, y=y, text="label:N"
    )
    points = (
        alt.Chart(alt.NamedData("founder"))
        .mark_point(size=140, filled=True, stroke="white", strokeWidth=1.5, opacity=1)
        .encode(x=x, y=y, color=_color(lang), tooltip=tooltip)
    )
    return (lines + rule + points + label).properties(height=260, autosize=FIT_WIDTH).to_dict()


def what_if_chart(frame: pd.DataFrame, field: WhatIfField, lang: Lang) -> Figure:
    """Score lines against one answer (rows of `what_if_frame` for that field), founder marked."""
    part = frame[frame["field"] == field] if "field" in frame else frame
    labels = {c: channel_short(c, lang) for c in CHANNELS}
    rows: Rows = [
        {
            "value": float(value),
            "channel": channel,
            "channel_label": labels[channel],
            "score": float(score),
            "score_text": tables.score_text(score),
            "founder": bool(founder),
        }
        for value, channel, score, founder in zip(
            part["value"], part["channel"], part["score"], part["founder"], strict=True
        )
    ]
    founder = [r for r in rows if r["founder"]]
    own = founder[0]["value"] if founder else rows[0]["value"]
    you = [{"value": own, "score": 100.0, "label": t("app.chart.you", lang)}]
    x_title = t(f"field.{field}.label", lang)
    values = [r["value"] for r in rows[:: len(CHANNELS)]]
    table = pd.DataFrame({x_title: values})
    for k, channel in enumerate(CHANNELS):
        table[t(f"channel.{channel}", lang)] = [round(r["score"], 1) for r in rows[k :: len(CHANNELS)]]
    table[t("app.table.your_answer", lang)] = [t("choice.bool.yes", lang) if v == own else "" for v in values]
    description = t("app.chart.what_if_description", lang, field=x_title)
    datasets = {"lines": rows, "founder": founder, "you": you}
    figure = _figure(what_if_template(field, lang), datasets, "lines", table, description)
    ticks = [v for v in (BUDGET_TICKS if field == "monthly_budget" else TEAM_TICKS) if v <= max(values)]
    for layer in figure.spec["layer"]:
        axis = layer.get("encoding", {}).get("x", {}).get("axis")
        if isinstance(axis, dict):
            axis["values"] = ticks
    return figure


def what_if_charts(
    profile: Profile,
    lang: Lang,
    rules: RuleBase | None = None,
    weights: Mapping[str, float] | None = None,
) -> dict[str, Figure]:
    """Both what-if figures (monthly budget and team size) for a profile and weights."""
    frame = what_if_frame(profile, rules=rules, weights=weights)
    return {field: what_if_chart(frame, field, lang) for field in WHAT_IF_FIELDS}


def all_figures(rec: Recommendation, lang: Lang) -> dict[str, Figure]:
    """The charts of the answer itself, keyed: scores, why, monthly_budget, team_size."""
    return {
        "scores": scores_chart(rec, lang),
        "why": contributions_chart(rec, lang),
        **what_if_charts(rec.profile, lang, rec.rules, rec.weights),
    }


# ------------------------------------------------------------------ robustness


@cache
def robustness_template(lang: Lang) -> dict[str, Any]:
    """Layout of the robustness chart (data "shares" and "threshold"), built once per language."""
    order = [channel_short(c, lang) for c in CHANNELS]
    share_title = t("app.sure.share_axis", lang)
    base = alt.Chart(alt.NamedData("shares")).encode(
        y=alt.Y("channel_label:N", sort=order, title=None, axis=alt.Axis(labelFontSize=13))
    )
    bars = base.mark_bar(cornerRadiusEnd=3).encode(
        x=alt.X(
            "share:Q",
            scale=alt.Scale(domain=[0, 1]),
            axis=alt.Axis(format="%", values=[0, 0.2, 0.4, 0.6, 0.8, 1]),
            title=share_title,
        ),
        color=_color(lang, legend=False),
        opacity=alt.condition("datum.recommended", alt.value(1.0), alt.value(0.45)),
        tooltip=[
            alt.Tooltip("channel_label:N", title=t("report.channel", lang)),
            alt.Tooltip("share_text:N", title=share_title),
            alt.Tooltip("wins:Q", title=t("app.sure.wins", lang), format=","),
        ],
    )
    labels = base.mark_text(align="left", dx=4, fontSize=13).encode(
        x="share:Q", text="share_label:N"
    )
    threshold = alt.Chart(alt.NamedData("threshold"))
    rule = threshold.mark_rule(strokeDash=[4, 3], color="#444").encode(x="share:Q")
    note = threshold.mark_text(align="left", dx=4, baseline="bottom", color="#444").encode(
        x="share:Q", y=alt.value(-3), text="label:N"
    )
    return (bars + labels + rule + note).properties(height=130, autosize=FIT_WIDTH).to_dict()


def robustness_rows(doc: Mapping[str, Any], lang: Lang) -> Rows:
    """The share of sampled weightings each channel wins (from a report document)."""
    robustness = doc["robustness"]
    samples = int(robustness["samples"])
    return [
        {
            "channel": c,
            "channel_label": channel_short(c, lang),
            "share": float(robustness[c]),
            "share_text": tables.percent_text(robustness[c], lang, 1),
            "share_label": tables.percent_text(robustness[c], lang),
            "wins": round(float(robustness[c]) * samples),
            "recommended": c == doc["recommendation"],
        }
        for c in CHANNELS
    ]


def robustness_chart(doc: Mapping[str, Any], lang: Lang, robust_share: float) -> Figure:
    """Bars of the share of plausible weightings each channel wins, with the 'clear answer' line."""
    rows = robustness_rows(doc, lang)
    samples = int(doc["robustness"]["samples"])
    percent = tables.percent_text(robust_share, lang)
    winner = doc["recommendation"]
    description = t(
        "app.chart.robustness_description",
        lang,
        samples=tables.count_text(samples, lang),
        winner=channel_short(winner, lang),
        share=tables.percent_text(doc["robustness"][winner], lang),
        threshold=percent,
    )
    datasets = {
        "shares": rows,
        "threshold": [{"share": float(robust_share), "label": t("app.sure.threshold", lang, share=percent)}],
    }
    return _figure(robustness_template(lang), datasets, "shares", tables.shares(doc), description)


# ------------------------------------------------------------------ flip points

FLIP_TICKS: tuple[float, ...] = (0, 1, 10, 100, 1000, 10_000, 100_000, 1_000_000)
FLIP_SHAPES = {"above": "triangle-right", "below": "triangle-left"}
# 1, 10, 100, 1k, 10k, 100k, 1M (Vega's "~s" format would give every tick the largest one's prefix).
COMPACT_LABEL = (
    "datum.value >= 1000000 ? format(datum.value / 1000000, '~g') + 'M'"
    " : datum.value >= 1000 ? format(datum.value / 1000, '~g') + 'k' : format(datum.value, '~g')"
)


@cache
def flip_template(lang: Lang) -> dict[str, Any]:
    """Layout of the flip-point chart (data "flips", "answers", "segments"), built once per language."""
    y = alt.Y("field_label:N", sort=None, title=None, axis=alt.Axis(labelLimit=260))
    x_title = t("app.flip.axis", lang)
    scale = alt.Scale(type="symlog", constant=1, nice=False)
    axis = alt.Axis(values=list(FLIP_TICKS), labelExpr=COMPACT_LABEL, labelOverlap=True)
    x = alt.X("value:Q", title=x_title, scale=scale, axis=axis)
    segments = (
        alt.Chart(alt.NamedData("segments"))
        .mark_rule(strokeWidth=2, color="#8c8c8c")
        .encode(x=alt.X("current:Q", title=x_title, scale=scale, axis=axis), x2="value:Q", y=y)
    )
    answers = (
        alt.Chart(alt.NamedData("answers"))
        .mark_point(filled=False, size=120, strokeWidth=2, color="#333", opacity=1)
        .encode(
            x=alt.X("current:Q", title=x_title, scale=scale, axis=axis),
            y=y,
            tooltip=[
                alt.Tooltip("field_label:N", title=t("report.col.field", lang)),
                alt.Tooltip("current_text:N", title=t("app.table.your_answer", lang)),
            ],
        )
    )
    tooltip = [
        alt.Tooltip("field_label:N", title=t("report.col.field", lang)),
        alt.Tooltip("value_text:N", title=t("app.flip.col_value", lang)),
        alt.Tooltip("channel_label:N", title=t("app.flip.col_channel", lang)),
    ]
    flips = alt.Chart(alt.NamedData("flips"))
    marks = flips.mark_point(filled=True, size=190, opacity=1).encode(
        x=x,
        y=y,
        color=_color(lang, title=t("app.flip.col_channel", lang)),
        shape=alt.Shape(
            "direction:N",
            scale=alt.Scale(domain=list(FLIP_SHAPES), range=list(FLIP_SHAPES.values())),
            legend=None,
        ),
        tooltip=tooltip,
    )
    labels = flips.mark_text(dy=-14, fontSize=11, color="#333").encode(x=x, y=y, text="value_text:N")
    return (segments + answers + marks + labels).properties(autosize=FIT_WIDTH).to_dict()


def _flip_label(flip: Mapping[str, Any], lang: Lang) -> str:
    label = t(f"field.{flip['field']}.label", lang)
    return t("app.flip.not_answered", lang, field=label) if flip["was_unknown"] else label


def flip_rows(doc: Mapping[str, Any], lang: Lang) -> Rows:
    """The numeric flip points of a report document: the answer, the value that flips it, who leads."""
    rows: Rows = []
    for flip in doc["flip_points"]:
        if flip["direction"] not in FLIP_SHAPES or flip["value"] is None:
            continue
        current = flip["current"]
        rows.append(
            {
                "field": flip["field"],
                "field_label": _flip_label(flip, lang),
                "current": None if current is None else float(current),
                "current_text": t("choice.bool.unknown", lang)
                if current is None
                else format_value(flip["field"], current, lang),
                "value": float(flip["value"]),
                "value_text": format_value(flip["field"], flip["value"], lang),
                "direction": flip["direction"],
                "channel": flip["channel"],
                "channel_label": channel_short(flip["channel"], lang),
            }
        )
    return rows


def flip_chart(doc: Mapping[str, Any], lang: Lang) -> Figure | None:
    """Dot and arrow per numeric answer: your value (hollow dot) to the value that flips the
    recommendation (triangle, in the colour of the channel that would lead); None if no answer
    within range flips it. The axis is log-like (symlog), shared by money and counts."""
    rows = flip_rows(doc, lang)
    if not rows:
        return None
    answers: Rows = []
    for r in rows:
        if r["current"] is not None and r["field"] not in {a["field"] for a in answers}:
            answers.append({k: r[k] for k in ("field", "field_label", "current", "current_text")})
    segments = [r for r in rows if r["current"] is not None]
    description = t("app.chart.flip_description", lang)
    datasets = {"flips": rows, "answers": answers, "segments": segments}
    figure = _figure(flip_template(lang), datasets, "flips", tables.flip_points(doc), description)
    highest = max([r["value"] for r in rows] + [a["current"] for a in answers])
    ticks = [v for v in FLIP_TICKS if v <= max(highest, 1)]
    labels = sorted({r["field_label"] for r in rows}, key=[r["field_label"] for r in rows].index)
    figure.spec["height"] = 44 * len(labels) + 10
    for layer in figure.spec["layer"]:
        encoding = layer.get("encoding", {})
        x = encoding.get("x", {})
        if isinstance(x.get("axis"), dict):
            x["axis"]["values"] = ticks
        if isinstance(x.get("scale"), dict):
            x["scale"]["domain"] = [0, highest * 3 + 1]  # room for the last label (log scale)
        if "y" in encoding:
            encoding["y"]["sort"] = labels
    return figure


# ------------------------------------------------------------------ scenario comparison


@cache
def comparison_template(lang: Lang) -> dict[str, Any]:
    """Layout of the scenario comparison chart (data "comparison"), built once per language."""
    scenario_title = t("app.compare.scenario", lang)
    base = alt.Chart(alt.NamedData("comparison")).encode(
        y=alt.Y("scenario:N", sort=None, title=None, axis=alt.Axis(labelLimit=240, labelFontSize=13)),
        yOffset=alt.YOffset("channel_label:N", sort=[channel_short(c, lang) for c in CHANNELS]),
    )
    bars = base.mark_bar(cornerRadiusEnd=2).encode(
        x=alt.X("score:Q", scale=alt.Scale(domain=[0, 100]), title=t("report.score", lang)),
        color=_color(lang),
        opacity=alt.condition("datum.recommended", alt.value(1.0), alt.value(0.45)),
        tooltip=[
            alt.Tooltip("scenario:N", title=scenario_title),
            alt.Tooltip("channel_label:N", title=t("report.channel", lang)),
            alt.Tooltip("score_text:N", title=t("report.score", lang)),
        ],
    )
    labels = base.mark_text(align="left", dx=3, fontSize=11).encode(
        x="score:Q", text="score_text:N"
    )
    return (bars + labels).properties(autosize=FIT_WIDTH).to_dict()


def comparison_rows(docs: Sequence[Mapping[str, Any]], lang: Lang) -> Rows:
    """The three scores of each named scenario document, the recommended one marked."""
    return [
        {
            "scenario": str(doc["name"]),
            "channel": c,
            "channel_label": channel_short(c, lang),
            "score": round(float(doc["scores"][c]), 2),
            "score_text": tables.score_text(doc["scores"][c]),
            "recommended": c == doc["recommendation"],
        }
        for doc in docs
        for c in CHANNELS
    ]


def comparison_chart(docs: Sequence[Mapping[str, Any]], lang: Lang) -> Figure:
    """Grouped bars: the three channel scores in each saved scenario (named documents)."""
    rows = comparison_rows(docs, lang)
    table = pd.DataFrame(
        {
            t("app.compare.scenario", lang): [str(doc["name"]) for doc in docs],
            **{
                t(f"channel.{c}", lang): [round(float(doc["scores"][c]), 1) for doc in docs] for c in CHANNELS
            },
            t("report.recommendation", lang): [t(f"channel.{doc['recommendation']}", lang) for doc in docs],
        }
    )
    description = t("app.chart.comparison_description", lang, count=len(docs))
    figure = _figure(comparison_template(lang), {"comparison": rows}, "comparison", table, description)
    figure.spec["height"] = 62 * len(docs)
    return figure

"""Altair charts of a recommendation, each with the table of the data it draws.

Every chart function returns a `Figure`: the Vega-Lite spec of an Altair chart with its data
inlined (what `st.vega_lite_chart` and vl-convert render), the tidy data behind it, a `table`
with translated headers for the "data as table" view (what a screen reader or a spreadsheet
gets) and a one-line description. `Figure.to_altair()` gives the chart back as an Altair object.

Building an Altair chart and validating it costs tens of milliseconds, too slow to repeat on
every rerun of the app; so each chart's layout is built with Altair once per language (and
what-if field), refers to its data by name, and only the data changes from one answer to the
next. The what-if data comes from one `score_frame` call over profiles that differ only in the
varied answer; nothing here decides anything.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

import altair as alt
import numpy as np
import pandas as pd

from advisor.decision import Recommendation
from advisor.engine import score_frame
from advisor.i18n import Lang, t
from advisor.profile import Profile
from advisor.rules import CHANNELS, DIMENSIONS, RuleBase

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


def _color(lang: Lang, legend: bool = True) -> alt.Color:
    """One colour per channel, the same in every chart; domain in the chart's language."""
    return alt.Color(
        "channel_label:N",
        scale=alt.Scale(
            domain=[channel_short(c, lang) for c in CHANNELS],
            range=[CHANNEL_COLORS[c] for c in CHANNELS],
        ),
        legend=alt.Legend(title=None, orient="bottom") if legend else None,
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
            alt.Tooltip("score:Q", title=t("report.score", lang), format=".1f"),
        ],
    )
    labels = base.mark_text(align="left", dx=4, fontSize=13).encode(
        x="score:Q", text=alt.Text("score:Q", format=".1f")
    )
    return (bars + labels).properties(height=130, autosize=FIT_WIDTH).to_dict()


def scores_rows(rec: Recommendation, lang: Lang) -> Rows:
    """The three scores, one row per channel, with the recommended one marked."""
    return [
        {
            "channel": c,
            "channel_label": channel_short(c, lang),
            "score": round(rec.scores[c], 2),
            "recommended": c == rec.channel,
        }
        for c in CHANNELS
    ]


def scores_chart(rec: Recommendation, lang: Lang) -> Figure:
    """Horizontal bars of the three 0-100 scores; the recommended channel drawn solid."""
    rows = scores_rows(rec, lang)
    table = pd.DataFrame(
        {
            t("report.channel", lang): [t(f"channel.{c}", lang) for c in CHANNELS],
            t("report.score", lang): [round(rec.scores[c], 1) for c in CHANNELS],
            t("app.table.recommended", lang): [
                t("choice.bool.yes", lang) if c == rec.channel else "" for c in CHANNELS
            ],
        }
    )
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


def what_if_frame(
    profile: Profile,
    fields: Sequence[WhatIfField] = WHAT_IF_FIELDS,
    values: dict[str, Sequence[float]] | None = None,
    rules: RuleBase | None = None,
) -> pd.DataFrame:
    """Each channel's score as one answer varies, the others kept: long form for line charts.

    Columns: field, value, channel, score, founder (True at the founder's own answer). The
    profiles for every field are scored together in one `score_frame` call.
    """
    answers = profile.answers()
    tried: list[tuple[str, float]] = []
    for field in fields:
        own = getattr(profile, field)
        given = (values or {}).get(field)
        tried += [
            (field, v)
            for v in (sorted({*given, own}) if given is not None else what_if_values(profile, field))
        ]
    columns: dict[str, list[Any]] = {name: [value] * len(tried) for name, value in answers.items()}
    for i, (field, value) in enumerate(tried):
        columns[field][i] = int(value) if field == "team_size" else float(value)
    scored = score_frame(pd.DataFrame(columns), rules)
    scores = scored[[f"score_{c}" for c in CHANNELS]].to_numpy(dtype=float).round(2)
    n = len(CHANNELS)
    return pd.DataFrame(
        {
            "field": [f for f, _ in tried for _ in CHANNELS],
            "value": np.repeat(np.array([float(v) for _, v in tried]), n),
            "channel": list(CHANNELS) * len(tried),
            "score": scores.reshape(-1),
            "founder": np.repeat(np.array([float(v) == float(getattr(profile, f)) for f, v in tried]), n),
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
        alt.Tooltip("score:Q", title=t("report.score", lang), format=".1f"),
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


def what_if_charts(profile: Profile, lang: Lang, rules: RuleBase | None = None) -> dict[str, Figure]:
    """Both what-if figures (monthly budget and team size) for a profile."""
    frame = what_if_frame(profile, rules=rules)
    return {field: what_if_chart(frame, field, lang) for field in WHAT_IF_FIELDS}


def all_figures(rec: Recommendation, lang: Lang) -> dict[str, Figure]:
    """Every chart of the answer page, keyed: scores, why, monthly_budget, team_size."""
    return {
        "scores": scores_chart(rec, lang),
        "why": contributions_chart(rec, lang),
        **what_if_charts(rec.profile, lang, rec.rules),
    }

"""Chart layouts: each built with Altair once per language (and what-if field), its data named,
so an answer only fills the data in. Colours, axes, ticks and labels live here and only here."""

from __future__ import annotations

from functools import cache
from typing import Any

import altair as alt

from advisor.charts.what_if import WhatIfField
from advisor.i18n import Lang, t
from advisor.rules import CHANNELS

# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
CHANNEL_COLORS: dict[str, str] = {"ecommerce": "#0072B2", "wechat": "#009E73", "mix": "#E69F00"}
BUDGET_TICKS: tuple[int, ...] = (0, 1000, 3000, 10_000, 30_000, 100_000)
TEAM_TICKS: tuple[int, ...] = (1, 2, 3, 5, 10, 20, 50, 100, 1000, 10_000, 100_000)
# Fit the width to the page, but keep the height for the plot itself (axes and legend come on top).
FIT_WIDTH = alt.AutoSizeParams(type="fit-x", contains="padding")
FLIP_TICKS: tuple[float, ...] = (0, 1, 10, 100, 1000, 10_000, 100_000, 1_000_000)
FLIP_SHAPES = {"above": "triangle-right", "below": "triangle-left"}
# 1, 10, 100, 1k, 10k, 100k, 1M (Vega's "~s" format would give every tick the largest one's prefix).
COMPACT_LABEL = (
    "datum.value >= 1000000 ? format(datum.value / 1000000, '~g') + 'M'"
    " : datum.value >= 1000 ? format(datum.value / 1000, '~g') + 'k' : format(datum.value, '~g')"
)


def channel_short(channel: str, lang: Lang) -> str:
    """The short display name of a channel (legends and axes)."""
    return t(f"channel_short.{channel}", lang)


def color(lang: Lang, *, legend: bool = True, title: str | None = None) -> alt.Color:
    """One colour per channel, the same in every chart; domain in the chart's language."""
    return alt.Color(
        "channel_label:N",
        scale=alt.Scale(
            domain=[channel_short(c, lang) for c in CHANNELS],
            range=[CHANNEL_COLORS[c] for c in CHANNELS],
        ),
        legend=alt.Legend(title=title, orient="bottom") if legend else None,
    )


@cache
def scores_template(lang: Lang) -> dict[str, Any]:
    """Layout of the scores chart (data named "scores"), built with Altair once per language."""
    order = [channel_short(c, lang) for c in CHANNELS]
    base = alt.Chart(alt.NamedData("scores")).encode(
        y=alt.Y("channel_label:N", sort=order, title=None, axis=alt.Axis(labelFontSize=13))
    )
    bars = base.mark_bar(cornerRadiusEnd=3).encode(
        x=alt.X("score:Q", scale=alt.Scale(domain=[0, 100]), title=t("report.score", lang)),
        color=color(lang, legend=False),
        opacity=alt.condition("datum.recommended", alt.value(1.0), alt.value(0.45)),
        tooltip=[
            alt.Tooltip("channel_label:N", title=t("report.channel", lang)),
            alt.Tooltip("score_text:N", title=t("report.score", lang)),
        ],
    )
    labels = base.mark_text(align="left", dx=4, fontSize=13).encode(x="score:Q", text="score_text:N")
    return (bars + labels).properties(height=130, autosize=FIT_WIDTH).to_dict()


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
            color=color(lang),
            tooltip=[
                alt.Tooltip("dimension_label:N", title=t("report.col.dimension", lang)),
                alt.Tooltip("channel_label:N", title=t("report.channel", lang)),
                alt.Tooltip("points:Q", title=t("report.col.points", lang), format="+.2f"),
            ],
        )
    )
    zero = alt.Chart(alt.NamedData("zero")).mark_rule(color="#555").encode(x="x:Q")
    return (bars + zero).properties(autosize=FIT_WIDTH).to_dict()


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
            color=color(lang),
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
        .encode(x=x, y=y, color=color(lang), tooltip=tooltip)
    )
    return (lines + rule + points + label).properties(height=260, autosize=FIT_WIDTH).to_dict()


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
        color=color(lang, legend=False),
        opacity=alt.condition("datum.recommended", alt.value(1.0), alt.value(0.45)),
        tooltip=[
            alt.Tooltip("channel_label:N", title=t("report.channel", lang)),
            alt.Tooltip("share_text:N", title=share_title),
            alt.Tooltip("wins:Q", title=t("app.sure.wins", lang), format=","),
        ],
    )
    labels = base.mark_text(align="left", dx=4, fontSize=13).encode(x="share:Q", text="share_label:N")
    threshold = alt.Chart(alt.NamedData("threshold"))
    rule = threshold.mark_rule(strokeDash=[4, 3], color="#444").encode(x="share:Q")
    note = threshold.mark_text(align="left", dx=4, baseline="bottom", color="#444").encode(
        x="share:Q", y=alt.value(-3), text="label:N"
    )
    return (bars + labels + rule + note).properties(height=130, autosize=FIT_WIDTH).to_dict()


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
        color=color(lang, title=t("app.flip.col_channel", lang)),
        shape=alt.Shape(
            "direction:N",
            scale=alt.Scale(domain=list(FLIP_SHAPES), range=list(FLIP_SHAPES.values())),
            legend=None,
        ),
        tooltip=tooltip,
    )
    labels = flips.mark_text(dy=-14, fontSize=11, color="#333").encode(x=x, y=y, text="value_text:N")
    return (segments + answers + marks + labels).properties(autosize=FIT_WIDTH).to_dict()


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
        color=color(lang),
        opacity=alt.condition("datum.recommended", alt.value(1.0), alt.value(0.45)),
        tooltip=[
            alt.Tooltip("scenario:N", title=scenario_title),
            alt.Tooltip("channel_label:N", title=t("report.channel", lang)),
            alt.Tooltip("score_text:N", title=t("report.score", lang)),
        ],
    )
    labels = base.mark_text(align="left", dx=3, fontSize=11).encode(x="score:Q", text="score_text:N")
    return (bars + labels).properties(autosize=FIT_WIDTH).to_dict()

"""Figures: a chart layout filled with one answer's data, with that data as a translated table."""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import altair as alt
import pandas as pd

from advisor import tables
from advisor.charts.templates import (
    BUDGET_TICKS,
    FLIP_SHAPES,
    FLIP_TICKS,
    TEAM_TICKS,
    channel_short,
    comparison_template,
    contributions_template,
    flip_template,
    robustness_template,
    scores_template,
    what_if_template,
)
from advisor.charts.what_if import WHAT_IF_FIELDS, WhatIfField, what_if_frame
from advisor.decision import Recommendation
from advisor.i18n import Lang, t
from advisor.profile import Profile
from advisor.rules import CHANNELS, DIMENSIONS, RuleBase
from advisor.verdicts import format_value

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


def _figure(
    template: dict[str, Any], datasets: dict[str, Rows], main: str, table: pd.DataFrame, description: str
) -> Figure:
    """Fill a chart layout with its data: a deep copy, so the cached layout never changes."""
    spec = copy.deepcopy(template)
    spec["datasets"] = datasets
    spec["description"] = description
    return Figure(spec=spec, rows=datasets[main], table=table, description=description)


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

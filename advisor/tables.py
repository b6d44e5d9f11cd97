"""Every section of a recommendation as a translated table: one frame per section, read from the
report document, shown as is by the app and laid out by the Markdown, text and HTML reports and
the CLI. Each cell is display text in the document's language; numbers are formatted here only.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from advisor.i18n import Lang, format_number, format_percent, t
from advisor.profile import FIELD_SPECS, parse_profile
from advisor.report import answer_label, channel_label
from advisor.rules import CHANNELS
from advisor.scenarios import DIFFERS, compare_documents, row_label
from advisor.verdicts import format_value

Doc = Mapping[str, Any]

# ------------------------------------------------------------------ numbers, formatted one way


def score_text(value: float) -> str:
    """A 0-100 score or a lead in points: one decimal (62.4)."""
    return f"{float(value):.1f}"


def points_text(value: float, decimals: int = 1) -> str:
    """Points a rule adds (+) or takes (−) from a channel, always signed (+3.5, -1.25)."""
    return f"{float(value):+.{decimals}f}"


def percent_text(share: float, lang: Lang, digits: int = 0, *, signed: bool = False) -> str:
    """A share of 0-1 as a percentage (87%, 87.5%); a change signed (+35.5%)."""
    text = format_percent(share, lang, digits)
    return f"+{text}" if signed and float(share) > 0 else text


def weight_text(value: float) -> str:
    """A dimension's weight as typed: 1, 1.5, 0.25."""
    return f"{float(value):g}"


def count_text(value: int, lang: Lang) -> str:
    """A whole count with thousands grouped (2,000)."""
    return format_number(int(value), lang)


def _yes(lang: Lang, *, flag: bool) -> str:
    return t("choice.bool.yes", lang) if flag else ""


def _lang(doc: Doc) -> Lang:
    lang: Lang = doc["lang"]
    return lang


# ------------------------------------------------------------------ the answer


def answers(doc: Doc) -> pd.DataFrame:
    """Every question with the founder's answer in words (unanswered ones say so)."""
    lang = _lang(doc)
    profile = doc["profile"]
    return pd.DataFrame(
        {
            t("report.col.field", lang): [t(f"field.{name}.label", lang) for name in FIELD_SPECS],
            t("report.col.value", lang): [
                answer_label(name, profile.get(name), lang) for name in FIELD_SPECS
            ],
        }
    )


def scores(doc: Doc) -> pd.DataFrame:
    """The three 0-100 scores, the recommended channel marked."""
    lang = _lang(doc)
    return pd.DataFrame(
        {
            t("report.channel", lang): [channel_label(c, lang) for c in CHANNELS],
            t("report.score", lang): [score_text(doc["scores"][c]) for c in CHANNELS],
            t("app.table.recommended", lang): [_yes(lang, flag=c == doc["recommendation"]) for c in CHANNELS],
        }
    )


def reasons(doc: Doc) -> pd.DataFrame:
    """The rules that most favour the winner over the runner-up: section, its title, why, points."""
    lang = _lang(doc)
    rows = doc["top_reasons"]
    return pd.DataFrame(
        {
            t("report.col.section", lang): [r["section"] for r in rows],
            t("tables.col.topic", lang): [r["section_title"] for r in rows],
            t("app.table.rationale", lang): [r["rationale"] for r in rows],
            t("report.col.points", lang): [points_text(r["net_points"]) for r in rows],
        }
    )


def contributions(doc: Doc) -> pd.DataFrame:
    """Every (rule, channel) contribution: rule, section, dimension, channel, points, why."""
    lang = _lang(doc)
    rows = doc["contributions"]
    return pd.DataFrame(
        {
            t("report.col.rule", lang): [c["rule_id"] for c in rows],
            t("report.col.section", lang): [c["section"] for c in rows],
            t("report.col.dimension", lang): [t(f"dimension.{c['dimension']}", lang) for c in rows],
            t("report.col.channel", lang): [channel_label(c["channel"], lang) for c in rows],
            t("report.col.points", lang): [points_text(c["points"], 2) for c in rows],
            t("app.table.rationale", lang): [c["rationale"] for c in rows],
        }
    )


def flags(doc: Doc) -> pd.DataFrame:
    """The flags to read before starting: how serious, which sections, what they say."""
    lang = _lang(doc)
    rows = doc["flags"]
    separator = t("app.list_sep", lang)
    return pd.DataFrame(
        {
            t("tables.col.severity", lang): [t(f"severity.{f['severity']}", lang) for f in rows],
            t("tables.col.sections", lang): [separator.join(f["sections"]) for f in rows],
            t("tables.col.message", lang): [f["message"] for f in rows],
        }
    )


def actions(doc: Doc) -> pd.DataFrame:
    """The action plan in order: step number, what to do, the section it comes from."""
    lang = _lang(doc)
    rows = doc["actions"]
    return pd.DataFrame(
        {
            t("tables.col.step", lang): [str(i) for i in range(1, len(rows) + 1)],
            t("tables.col.action", lang): [a["text"] for a in rows],
            t("report.col.section", lang): [a["section"] for a in rows],
        }
    )


# ------------------------------------------------------------------ how sure


def shares(doc: Doc) -> pd.DataFrame:
    """The share of plausible weightings each channel wins, with the count of wins."""
    lang = _lang(doc)
    robustness = doc["robustness"]
    samples = int(robustness["samples"])
    return pd.DataFrame(
        {
            t("report.channel", lang): [channel_label(c, lang) for c in CHANNELS],
            t("app.sure.share_axis", lang): [percent_text(robustness[c], lang, 1) for c in CHANNELS],
            t("app.sure.wins_of", lang, samples=count_text(samples, lang)): [
                count_text(round(float(robustness[c]) * samples), lang) for c in CHANNELS
            ],
            t("app.table.recommended", lang): [_yes(lang, flag=c == doc["recommendation"]) for c in CHANNELS],
        }
    )


def _change(change: float | None, channel: str | None, lang: Lang) -> str:
    if change is None or channel is None:
        return t("app.sure.no_flip", lang)
    return t(
        "app.sure.change",
        lang,
        change=percent_text(change, lang, 1, signed=True),
        channel=t(f"channel_short.{channel}", lang),
    )


def sensitivity(doc: Doc) -> pd.DataFrame:
    """One weight at a time: each dimension's weight, the result at -step and +step, and the
    smallest change of that weight that would flip the recommendation."""
    lang = _lang(doc)
    rows = doc["sensitivity"]
    step = percent_text(rows[0]["step"] if rows else 0.2, lang)
    short = {c: t(f"channel_short.{c}", lang) for c in CHANNELS}
    return pd.DataFrame(
        {
            t("report.col.dimension", lang): [t(f"dimension.{r['dimension']}", lang) for r in rows],
            t("app.sure.col_weight", lang): [weight_text(r["weight"]) for r in rows],
            t("app.sure.col_down", lang, step=step): [short[r["down"]] for r in rows],
            t("app.sure.col_up", lang, step=step): [short[r["up"]] for r in rows],
            t("app.sure.col_flip_down", lang): [
                _change(r["flip_down"], r["flip_down_channel"], lang) for r in rows
            ],
            t("app.sure.col_flip_up", lang): [
                _change(r["flip_up"], r["flip_up_channel"], lang) for r in rows
            ],
        }
    )


def weights(doc: Doc) -> pd.DataFrame:
    """The weights used next to the rule file's defaults, changed ones marked."""
    lang = _lang(doc)
    used, defaults = doc["weights"], doc["default_weights"]
    return pd.DataFrame(
        {
            t("report.col.dimension", lang): [t(f"dimension.{d}", lang) for d in used],
            t("app.sure.col_weight", lang): [weight_text(used[d]) for d in used],
            t("app.weights.col_default", lang): [weight_text(defaults[d]) for d in used],
            t("app.weights.col_changed", lang): [
                _yes(lang, flag=abs(used[d] - defaults[d]) > 1e-9) for d in used
            ],
        }
    )


def flip_points(doc: Doc) -> pd.DataFrame:
    """Every flip point (numeric and yes/no): the answer, the value that flips it, who then leads."""
    lang = _lang(doc)
    rows = doc["flip_points"]
    unknown = t("choice.bool.unknown", lang)
    return pd.DataFrame(
        {
            t("report.col.field", lang): [t(f"field.{f['field']}.label", lang) for f in rows],
            t("app.table.your_answer", lang): [
                unknown if f["current"] is None else format_value(f["field"], f["current"], lang)
                for f in rows
            ],
            t("app.flip.col_value", lang): [
                "" if f["value"] is None else format_value(f["field"], f["value"], lang) for f in rows
            ],
            t("app.flip.col_direction", lang): [
                t(f"app.flip.direction.{f['direction']}", lang) for f in rows
            ],
            t("app.flip.col_channel", lang): [channel_label(f["channel"], lang) for f in rows],
        }
    )


# ------------------------------------------------------------------ saved scenarios side by side


def comparison_cell(row: str, value: Any, lang: Lang) -> str:
    """One comparison value as a reader sees it: answers in words, scores and weights as numbers."""
    missing = value is None or (isinstance(value, float) and math.isnan(value))
    if row in FIELD_SPECS:
        return answer_label(row, None if missing else value, lang)
    if missing:
        return ""
    if row.startswith("score.") or row == "margin":
        return score_text(value)
    if row == "recommendation":
        return channel_label(value, lang)
    if row.startswith("weight."):
        return weight_text(value)
    return str(value)


def validated(docs: Sequence[Doc], lang: Lang) -> list[dict[str, Any]]:
    """The documents with their answers as the Profile model reads them ("false" is No, "3" is 3),
    after checking them, so a comparison shows and compares the answers, not their spelling."""
    compare_documents(docs, lang)  # names and every document checked; raises naming the problem
    return [{**doc, "profile": parse_profile(dict(doc["profile"]), lang).answers()} for doc in docs]


def comparison(docs: Sequence[Doc], lang: Lang) -> pd.DataFrame:
    """Two to four named documents side by side: an item column, one column per scenario, and a
    last column marking the rows that differ (empty where all scenarios agree)."""
    frame = compare_documents(validated(docs, lang), lang)
    names = [c for c in frame.columns if c != DIFFERS]
    return pd.DataFrame(
        {
            t("analysis.scenario.item", lang): [row_label(row, lang) for row in frame.index],
            **{
                str(name): [comparison_cell(row, frame.at[row, name], lang) for row in frame.index]
                for name in names
            },
            t("analysis.scenario.differs", lang): [
                t("app.compare.differs_mark", lang) if d else "" for d in frame[DIFFERS]
            ],
        }
    )


def differing_rows(table: pd.DataFrame) -> list[bool]:
    """Which rows of a `comparison` table differ between the scenarios (its last column marked)."""
    return [bool(mark) for mark in table.iloc[:, -1]]


SECTIONS = {
    "answers": answers,
    "scores": scores,
    "reasons": reasons,
    "contributions": contributions,
    "flags": flags,
    "actions": actions,
    "shares": shares,
    "sensitivity": sensitivity,
    "weights": weights,
    "flip_points": flip_points,
}

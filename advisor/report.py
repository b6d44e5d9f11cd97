"""The recommendation as one JSON-ready document in one language, and the sentences it holds.

Everything the app, the CLI and the downloads show of one answer is read from this document;
the tables (`advisor.tables`) and the templates (`advisor.export`) only lay it out.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from advisor.advice import advice_keys
from advisor.analysis import Analysis
from advisor.decision import Recommendation
from advisor.i18n import Lang, format_number, has_key, t
from advisor.profile import FIELD_SPECS
from advisor.rules import CHANNELS
from advisor.verdicts import analysis_document, mix_is_option, reason_points_text

SCHEMA = "channel-fit/recommendation@1"
TOP_REASONS = 5


def channel_label(channel: str, lang: Lang) -> str:
    """The display name of a channel."""
    return t(f"channel.{channel}", lang)


def answer_label(field: str, value: Any, lang: Lang) -> str:
    """An answer as the founder would read it: choice and yes/no labels, grouped numbers."""
    if value is None:
        return t("choice.bool.unknown", lang)
    spec = FIELD_SPECS[field]
    if spec.kind == "bool":
        return t("choice.bool.yes" if value else "choice.bool.no", lang)
    if spec.kind == "choice":
        for key in (f"choice.{field}.{value}", f"choice.level.{value}"):
            if has_key(key, lang):
                return t(key, lang)
        return str(value)
    return format_number(float(value), lang)


def _r(value: float) -> float:
    """Round a score for output; the decision itself uses full precision."""
    return round(float(value), 2)


def top_reasons(rec: Recommendation, lang: Lang, limit: int = TOP_REASONS) -> list[dict[str, Any]]:
    """The rules that most favour the winner over the runner-up: net points, section and why."""
    rules = rec.rules
    reasons = []
    for rule_id, points in rec.net_reasons()[:limit]:
        if points <= 0:
            continue
        rule = rules.rule(rule_id)
        reasons.append(
            {
                "rule_id": rule_id,
                "section": rule.section,
                "section_title": rules.section(rule.section).title.get(lang),
                "rationale": rule.rationale.get(lang),
                "net_points": _r(points),
            }
        )
    return reasons


def summary(
    rec: Recommendation, lang: Lang, *, close_race: bool | None = None, weight_sensitive: bool = False
) -> str:
    """One sentence why: the winner, its lead, and the section whose rule did most to put it there
    (its rationale is the first reason listed, so it is not repeated here).

    A lead that is not robust reads the same verdict as verdicts.py, in fewer words: a close race
    (a lead under the clear-lead threshold), an answer resting on the weights, or both. It names
    no points there (the verdict does) and mentions a mix only when the mix is a real option.
    """
    winner, runner = channel_label(rec.channel, lang), t(f"channel_inline.{rec.runner_up}", lang)
    margin = f"{rec.margin:.1f}"
    close = (not rec.clear_lead) if close_race is None else close_race
    if close or weight_sensitive:
        kind = {(True, False): "close", (False, True): "sensitive", (True, True): "unclear"}[
            (close, weight_sensitive)
        ]
        if rec.channel == "mix":
            return t(f"report.summary_{kind}_mix", lang, runner=runner)
        sentence = t(f"report.summary_{kind}", lang, winner=winner, runner=runner)
        if not mix_is_option(rec):
            return sentence
        return t("report.summary_joined", lang, first=sentence, second=t("report.summary_mix_option", lang))
    if rec.channel == "mix":
        return t("report.summary_mix", lang, margin=margin)  # the mix's rationale has its own line
    reasons = top_reasons(rec, lang, 1)
    if not reasons:
        return t("report.summary_plain", lang, winner=winner, runner=runner, margin=margin)
    first = reasons[0]
    return t(
        "report.summary",
        lang,
        winner=winner,
        runner=runner,
        margin=margin,
        title=first["section_title"],
        section=first["section"],
    )


def document(rec: Recommendation, lang: Lang, analysis: Analysis) -> dict[str, Any]:
    """The recommendation as one JSON-ready document: answers, scores, reasons, flags, plan,
    and how sure it is (robustness over plausible weightings, flip points, sensitivity).

    The analysis is the caller's (`analysis.analyse(rec.profile, rec.rules, rec.weights)` at
    the edge), so building a document never runs it behind anyone's back.
    """
    rules = rec.rules
    extra = analysis_document(analysis, rec.runner_up, lang, mix_option=mix_is_option(rec))
    return {
        "schema": SCHEMA,
        "lang": lang,
        "recommendation": rec.channel,
        "recommendation_label": channel_label(rec.channel, lang),
        "scores": {c: _r(rec.scores[c]) for c in CHANNELS},
        "margin": _r(rec.margin),
        "runner_up": rec.runner_up,
        "clear_lead": rec.clear_lead,
        "robust": extra["robustness"]["robust"],
        "robust_share": rules.scoring.robust_share,
        "summary": summary(
            rec, lang, close_race=extra["close_race"], weight_sensitive=extra["weight_sensitive"]
        ),
        "verdict": extra["verdict"],
        "close_race": extra["close_race"],
        "weight_sensitive": extra["weight_sensitive"],
        "mix_rationale": {"sections": rules.mix.sections, "text": rules.mix.rationale.get(lang)}
        if rec.channel == "mix"
        else None,
        "top_reasons": [  # net points are the gap a rule opens over the runner-up: labelled as such
            {**r, "points_text": reason_points_text(r["net_points"], rec.runner_up, lang)}
            for r in top_reasons(rec, lang)
        ],
        "contributions": [
            {
                "rule_id": c.rule_id,
                "section": c.section,
                "dimension": c.dimension,
                "channel": c.channel,
                "points": _r(c.points),
                "degree": _r(c.degree),
                "rationale": rules.rule(c.rule_id).rationale.get(lang),
            }
            for c in rec.contributions
        ],
        "flags": [_flag(rec, flag_id, lang) for flag_id in rec.flags],
        "actions": [_action(rec, action_id, lang) for action_id in rec.actions],
        "profile": rec.profile.answers(),
        "weights": dict(rec.weights),
        "default_weights": dict(rules.weights),
        "robustness": extra["robustness"],
        "flip_points": extra["flip_points"],
        "sensitivity": extra["sensitivity"],
        "sensitivity_summary": extra["sensitivity_summary"],
        "rules_version": rules.version,
        **advice_keys(rec, lang),  # limits, uncapped_scores, mix, lead_threshold, influence (issue 7)
    }


def _flag(rec: Recommendation, flag_id: str, lang: Lang) -> dict[str, Any]:
    flag = next(f for f in rec.rules.flags if f.id == flag_id)
    return {
        "id": flag.id,
        "severity": flag.severity,
        "sections": list(flag.sections),
        "outside_knowledge": flag.outside_knowledge,
        "message": flag.message.get(lang),
    }


def _action(rec: Recommendation, action_id: str, lang: Lang) -> dict[str, Any]:
    action = next(a for a in rec.rules.actions if a.id == action_id)
    return {"id": action.id, "section": action.section, "text": action.text.get(lang)}


def to_json(doc: dict[str, Any]) -> str:
    """Serialise a document the same way everywhere (CLI, app download), so they compare equal."""
    return json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def headline(doc: Mapping[str, Any]) -> str:
    """'Recommended channel: X (lead over the runner-up: 12.3)' with the language's punctuation."""
    return t(
        "report.headline", doc["lang"], channel=doc["recommendation_label"], margin=f"{doc['margin']:.1f}"
    )


def badge(doc: Mapping[str, Any]) -> str:
    """How clear the lead is, in words: a clear lead, or no clear winner (never both)."""
    lang: Lang = doc["lang"]
    if doc["robust"]:
        return t("app.answer.clear", lang)
    return t("app.answer.close_mix" if doc["recommendation"] == "mix" else "app.answer.close", lang)


def sensitivity_lines(doc: Mapping[str, Any]) -> list[str]:
    """The sentences of the dimensions whose weight can flip the recommendation, nearest first."""
    rows = [r for r in doc["sensitivity"] if r["smallest_change"] is not None]
    return [r["text"] for r in sorted(rows, key=lambda r: abs(r["smallest_change"]))]


def footer(doc: Mapping[str, Any]) -> str:
    """The closing line: rules version and where the figures come from."""
    return t("report.footer", doc["lang"], version=doc["rules_version"])

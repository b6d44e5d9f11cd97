"""The scoring model's part of the JSON document: hard limits, the mix status, the influence table.

`report.document()` merges `advice_keys()` into its document, so every renderer (app, reports,
CLI) reads the same language-resolved values. Pure: the recommendation and a language in, dicts out.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from advisor.decision import AppliedLimit, Recommendation
from advisor.i18n import Lang, format_number, t
from advisor.influence import influence_table, limit_reach
from advisor.rules import RuleBase


def _r(value: float) -> float:
    return round(float(value), 2)


def limit_line(rec: Recommendation, applied: AppliedLimit, lang: Lang) -> str:
    """One explanation line, e.g. 'E-commerce capped by S7: part-time (at most 30)'."""
    limit = rec.rules.limit(applied.limit_id)
    return t(
        "advice.limit.line" if applied.binding else "advice.limit.also",
        lang,
        channel=t(f"channel_short.{applied.channel}", lang),
        section=applied.section,
        title=limit.title.get(lang),
        ceiling=format_number(round(applied.ceiling)),
    )


def limits_doc(rec: Recommendation, lang: Lang) -> list[dict[str, Any]]:
    """Every limit that holds, per channel it caps, binding ones first: each is its own line."""
    ordered = sorted(rec.limits, key=lambda x: (not x.binding, x.channel, x.ceiling))
    return [
        {
            "limit_id": x.limit_id,
            "section": x.section,
            "channel": x.channel,
            "degree": _r(x.degree),
            "ceiling": _r(x.ceiling),
            "cut": _r(x.cut),
            "binding": x.binding,
            "title": rec.rules.limit(x.limit_id).title.get(lang),
            "rationale": rec.rules.limit(x.limit_id).rationale.get(lang),
            "text": limit_line(rec, x, lang),
        }
        for x in ordered
    ]


def mix_doc(rec: Recommendation, lang: Lang) -> dict[str, Any]:
    """Whether a mix is a real option, why (status and sentence), and its synergy points."""
    return {
        "status": rec.mix_status,
        "viable": rec.mix_viable,
        "synergy": _r(rec.synergy),
        "text": t(f"advice.mix_status.{rec.mix_status}", lang),
    }


def influence_doc(rules: RuleBase, weights: Mapping[str, float] | None, lang: Lang) -> dict[str, Any]:
    """The influence table at these weights: answer rows (points per channel) and the limits."""
    return {
        "answers": [
            {
                "field": row.field,
                "points": {c: _r(p) for c, p in row.points.items()},
                "rules": list(row.rules),
                "limits": list(row.limits),
            }
            for row in influence_table(rules, weights)
        ],
        "limits": [
            {
                "limit_id": x.limit_id,
                "section": x.section,
                "title": rules.limit(x.limit_id).title.get(lang),
                "fields": list(x.fields),
                "cap": dict(x.cap),
            }
            for x in limit_reach(rules)
        ],
        "note": t("advice.limit.not_weighted", lang),
    }


def advice_keys(rec: Recommendation, lang: Lang) -> dict[str, Any]:
    """The document keys the scoring model adds: limits, uncapped scores, mix, threshold, influence."""
    return {
        "limits": limits_doc(rec, lang),
        "uncapped_scores": {c: _r(v) for c, v in rec.uncapped.items()},
        "mix": mix_doc(rec, lang),
        "lead_threshold": _r(rec.lead_threshold),
        "influence": influence_doc(rec.rules, rec.weights, lang),
    }

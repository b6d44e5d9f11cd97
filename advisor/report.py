"""Reports: the recommendation as a JSON document, Markdown and plain text, in one language."""

from __future__ import annotations

import json
from typing import Any

from advisor.advice import advice_keys
from advisor.analysis import Analysis, analyse
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
    return format_number(float(value))


def _r(value: float) -> float:
    """Round a score for output; the decision itself uses full precision."""
    return round(float(value), 2)


def top_reasons(rec: Recommendation, limit: int = TOP_REASONS) -> list[dict[str, Any]]:
    """The rules that most favour the winner over the runner-up, with their net points."""
    rules = rec.rules
    return [
        {"rule_id": rule_id, "section": rules.rule(rule_id).section, "net_points": _r(points)}
        for rule_id, points in rec.net_reasons()[:limit]
        if points > 0
    ]


def summary(rec: Recommendation, lang: Lang, robust: bool | None = None) -> str:
    """One sentence why: the winner, its lead, and the rule that did most to put it there.

    A lead that is not robust (too small, or lost under plausible re-weightings) is said to be
    no clear winner rather than stated as a confident verdict.
    """
    winner, runner = channel_label(rec.channel, lang), t(f"channel_inline.{rec.runner_up}", lang)
    margin = f"{rec.margin:.1f}"
    if not (rec.clear_lead if robust is None else robust):
        key = "report.summary_close_mix" if rec.channel == "mix" else "report.summary_close"
        return t(key, lang, winner=winner, runner=runner, margin=margin)
    if rec.channel == "mix":
        return t("report.summary_mix", lang, margin=margin, reason=rec.rules.mix.rationale.get(lang))
    reasons = top_reasons(rec, 1)
    if not reasons:
        return t("report.summary_plain", lang, winner=winner, runner=runner, margin=margin)
    rule = rec.rules.rule(reasons[0]["rule_id"])
    return t(
        "report.summary",
        lang,
        winner=winner,
        runner=runner,
        margin=margin,
        reason=rule.rationale.get(lang),
        section=rule.section,
    )


def document(rec: Recommendation, lang: Lang, analysis: Analysis | None = None) -> dict[str, Any]:
    """The recommendation as one JSON-ready document: answers, scores, reasons, flags, plan,
    and how sure it is (robustness over plausible weightings, flip points, sensitivity).

    The analysis is computed with its fixed defaults (2,000 samples, seed 0) unless given, so
    the CLI and the app produce the same document for the same answers.
    """
    rules = rec.rules
    analysis = analysis or analyse(rec.profile, rules, rec.weights)
    extra = analysis_document(analysis, rec.runner_up, mix_is_option(rec), lang)
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
        "summary": summary(rec, lang, extra["robustness"]["robust"]),
        "verdict": extra["verdict"],
        "close_race": extra["close_race"],
        "weight_sensitive": extra["weight_sensitive"],
        "mix_rationale": {"sections": rules.mix.sections, "text": rules.mix.rationale.get(lang)}
        if rec.channel == "mix"
        else None,
        "top_reasons": [  # net points are the gap a rule opens over the runner-up: labelled as such
            {**r, "points_text": reason_points_text(r["net_points"], rec.runner_up, lang)}
            for r in top_reasons(rec)
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


def _score_lines(doc: dict[str, Any], lang: Lang, marker: str) -> list[str]:
    return [
        marker
        + t("report.score_line", lang, channel=channel_label(c, lang), score=f"{doc['scores'][c]:.1f}")
        + (f"  ← {t('report.recommended', lang)}" if c == doc["recommendation"] else "")
        for c in CHANNELS
    ]


def _reason_lines(doc: dict[str, Any], lang: Lang, marker: str) -> list[str]:
    by_id = {c["rule_id"]: c["rationale"] for c in doc["contributions"]}
    return [
        f"{marker}[{r['section']}] {by_id[r['rule_id']]} (+{r['net_points']:.1f})" for r in doc["top_reasons"]
    ]


def _headline(doc: dict[str, Any], lang: Lang) -> str:
    """'Recommended channel: X (lead over the runner-up: 12.3)' with the language's punctuation."""
    return t("report.headline", lang, channel=doc["recommendation_label"], margin=f"{doc['margin']:.1f}")


def to_text(doc: dict[str, Any]) -> str:
    """A plain-text report for the terminal."""
    lang: Lang = doc["lang"]
    lines = [
        t("report.title", lang),
        "",
        _headline(doc, lang),
        doc["summary"],
        doc["verdict"],
        "",
        t("report.scores", lang),
        *_score_lines(doc, lang, "  "),
        "",
        t("report.why", lang),
        *(_reason_lines(doc, lang, "  - ") or [f"  {t('report.no_reasons', lang)}"]),
    ]
    if doc["flags"]:
        lines += ["", t("report.flags", lang)]
        lines += [f"  ! [{', '.join(f['sections'])}] {f['message']}" for f in doc["flags"]]
    lines += ["", t("report.flip_points", lang)]
    lines += [f"  - {f['text']}" for f in doc["flip_points"]] or [f"  {t('report.no_flip_points', lang)}"]
    lines += [f"  {doc['sensitivity_summary']}"]
    lines += ["", t("report.actions", lang)]
    lines += [f"  {i}. [{a['section']}] {a['text']}" for i, a in enumerate(doc["actions"], 1)]
    lines += ["", t("report.footer", lang, version=doc["rules_version"])]
    return "\n".join(lines) + "\n"


def markdown_table(header: list[str], rows: list[list[Any]]) -> list[str]:
    """A Markdown table (pipes in cells escaped)."""
    clean = [[str(cell).replace("|", "\\|") for cell in row] for row in rows]
    return [
        "| " + " | ".join(header) + " |",
        "|" + "---|" * len(header),
        *("| " + " | ".join(row) + " |" for row in clean),
    ]


def sensitivity_lines(doc: dict[str, Any]) -> list[str]:
    """The sentences of the dimensions whose weight can flip the recommendation, nearest first."""
    rows = [r for r in doc["sensitivity"] if r["smallest_change"] is not None]
    return [r["text"] for r in sorted(rows, key=lambda r: abs(r["smallest_change"]))]


def shares_rows(doc: dict[str, Any], lang: Lang) -> tuple[list[str], list[list[str]]]:
    """Header and rows: the share of plausible weightings each channel wins."""
    header = [t("report.channel", lang), t("app.sure.share_axis", lang)]
    return header, [[channel_label(c, lang), f"{float(doc['robustness'][c]):.1%}"] for c in CHANNELS]


def weights_rows(doc: dict[str, Any], lang: Lang) -> tuple[list[str], list[list[str]]]:
    """Header and rows: the weights used next to the rule file's defaults, changed ones marked."""
    header = [
        t("report.col.dimension", lang),
        t("app.sure.col_weight", lang),
        t("app.weights.col_default", lang),
        t("app.weights.col_changed", lang),
    ]
    used, defaults = doc["weights"], doc["default_weights"]
    rows = [
        [
            t(f"dimension.{d}", lang),
            f"{used[d]:g}",
            f"{defaults[d]:g}",
            t("choice.bool.yes", lang) if abs(used[d] - defaults[d]) > 1e-9 else "",
        ]
        for d in used
    ]
    return header, rows


def _trust_markdown(doc: dict[str, Any], lang: Lang) -> list[str]:
    """How sure the answer is (shares, one weight at a time) and the weights used."""
    robustness = doc["robustness"]
    lines = [f"## {t('app.sure.title', lang)}", "", doc["verdict"], ""]
    lines += [t("app.sure.method", lang, samples=f"{robustness['samples']:,}", seed=robustness["seed"]), ""]
    lines += markdown_table(*shares_rows(doc, lang))
    lines += ["", f"### {t('app.sure.sensitivity_title', lang)}", "", doc["sensitivity_summary"], ""]
    lines += [f"- {line}" for line in sensitivity_lines(doc)] or [t("app.sure.no_weight_flips", lang)]
    lines += ["", f"## {t('app.weights.used', lang)}", ""]
    return lines + markdown_table(*weights_rows(doc, lang))


def to_markdown(doc: dict[str, Any]) -> str:
    """A Markdown report a founder can share: answer, scores, reasons, flags, plan, all rules."""
    lang: Lang = doc["lang"]
    out = [
        f"# {t('report.title', lang)}",
        "",
        f"**{_headline(doc, lang)}**",
        "",
        doc["summary"],
        "",
        doc["verdict"],
        "",
        f"## {t('report.scores', lang)}",
        "",
        *markdown_table(
            [t("report.channel", lang), t("report.score", lang)],
            [[channel_label(c, lang), f"{doc['scores'][c]:.1f}"] for c in CHANNELS],
        ),
        "",
        f"## {t('report.why', lang)}",
        "",
        *(_reason_lines(doc, lang, "- ") or [t("report.no_reasons", lang)]),
    ]
    if doc["flags"]:
        out += ["", f"## {t('report.flags', lang)}", ""]
        out += [f"> **{', '.join(f['sections'])}** — {f['message']}\n" for f in doc["flags"]]
    out += ["", f"## {t('report.flip_points', lang)}", ""]
    out += [f"- {f['text']}" for f in doc["flip_points"]] or [t("report.no_flip_points", lang)]
    out += ["", doc["sensitivity_summary"]]
    out += ["", f"## {t('report.actions', lang)}", ""]
    out += [f"{i}. {a['text']} ({a['section']})" for i, a in enumerate(doc["actions"], 1)]
    out += ["", f"## {t('report.contributions', lang)}", ""]
    out += markdown_table(
        [t(f"report.col.{k}", lang) for k in ("rule", "section", "dimension", "channel", "points")],
        [
            [
                c["rule_id"],
                c["section"],
                t(f"dimension.{c['dimension']}", lang),
                channel_label(c["channel"], lang),
                f"{c['points']:+.2f}",
            ]
            for c in doc["contributions"]
        ],
    )
    out += ["", f"## {t('report.answers', lang)}", ""]
    out += markdown_table(
        [t("report.col.field", lang), t("report.col.value", lang)],
        [[t(f"field.{k}.label", lang), answer_label(k, v, lang)] for k, v in doc["profile"].items()],
    )
    out += ["", *_trust_markdown(doc, lang)]
    out += ["", t("report.footer", lang, version=doc["rules_version"]), ""]
    return "\n".join(out)

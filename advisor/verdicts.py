"""The words for how sure a recommendation is: verdict, flip points, sensitivity, reason points.

Report layer: it takes the analysis's numbers and renders them in a language. Two questions are
kept apart, as the reader meets them: is the race close (the lead against the clear-lead
threshold, which scales with the weights) and does the answer rest on the weights (the share
of plausible weightings the winner wins). A mix is mentioned only when the caller says it is a
real option.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from advisor.analysis import MONEY_FIELDS, STEP, Analysis, FlipPoint, Sensitivity
from advisor.decision import Recommendation
from advisor.i18n import DEFAULT_LANG, Lang, format_number, has_key, t


def percent(share: float) -> str:
    """A share as a percentage: whole percents, one decimal when a whole one would hide it."""
    value = share * 100
    whole = round(value)
    return f"{whole:.0f}%" if abs(value - whole) < 1e-9 or abs(value) >= 10 else f"{value:.1f}%"


def points(value: float) -> str:
    """Score points with one decimal, as every lead and threshold is shown."""
    return f"{value:.1f}"


def format_value(field: str, value: float | int | bool | str, lang: Lang = DEFAULT_LANG) -> str:  # noqa: FBT001 (an answer, not a switch)
    """An answer as a reader sees it: ¥ amounts for money, yes/no, choice labels, grouped counts."""
    if isinstance(value, bool):
        return t("analysis.yes" if value else "analysis.no", lang)
    if isinstance(value, str):
        for key in (f"choice.{field}.{value}", f"choice.level.{value}"):
            if has_key(key, lang):
                return t(key, lang)
        return value
    if field in MONEY_FIELDS:
        return t("analysis.money", lang, amount=format_number(value))
    return format_number(value)


def mix_is_option(rec: Recommendation) -> bool:
    """Whether a mix of both is a real option: the model's mix status says 'viable'."""
    return rec.mix_viable


def _shown_lead(analysis: Analysis) -> float:
    """The lead as the verdict shows it: in a close race rounded down, so a lead just short of the
    threshold never reads as 'only 8.0 points, under the 8.0 a clear lead needs'."""
    if analysis.close_race:
        return math.floor(round(analysis.margin * 10, 6)) / 10
    return analysis.margin


def verdict_text(analysis: Analysis, runner_up: str, lang: Lang = DEFAULT_LANG, *, mix_option: bool) -> str:
    """One verdict: a clear answer, a close race, an answer resting on the weights, or neither.

    `mix_option` (the mix is a real option and not already the answer) adds one sentence saying so.
    """
    rob = analysis.robustness
    params = {
        "channel": t(f"channel.{analysis.channel}", lang),
        "runner": t(f"channel_inline.{runner_up}", lang),
        "margin": points(_shown_lead(analysis)),
        "threshold": points(analysis.clear_lead),
        "share": percent(rob.share),
        "robust_share": percent(analysis.robust_share),
        "samples": f"{rob.samples:,}",
    }
    close, sensitive = analysis.close_race, analysis.weight_sensitive
    key = {
        (False, False): "clear",
        (True, False): "close_race",
        (False, True): "weight_sensitive",
        (True, True): "no_clear_winner",
    }[(close, sensitive)]
    verdict = t(f"analysis.verdict.{key}", lang, **params)
    if mix_option and analysis.channel != "mix":
        return t("analysis.verdict.joined", lang, verdict=verdict, mix=t("analysis.verdict.mix_option", lang))
    return verdict


def flip_text(flip: FlipPoint, lang: Lang = DEFAULT_LANG) -> str:
    """One sentence for a flip point: which answer would put which channel in the lead."""
    unknown = "_unknown" if flip.was_unknown else ""
    params = {
        "field": t(f"field.{flip.field}.label", lang),
        "channel": t(f"channel_inline.{flip.channel}", lang),
    }
    if flip.value is not None:
        params["value"] = format_value(flip.field, flip.value, lang)
    return t(f"analysis.flip.{flip.direction}{unknown}", lang, **params)


def sensitivity_text(s: Sensitivity, lang: Lang = DEFAULT_LANG) -> str:
    """One sentence: the smallest change of a dimension's weight that flips the recommendation."""
    dimension = t(f"dimension.{s.dimension}", lang)
    change = s.smallest_change
    if change is None:
        return t("analysis.sensitivity.stable", lang, dimension=dimension)
    key = "analysis.sensitivity.up" if change > 0 else "analysis.sensitivity.down"
    channel = s.flip_up_channel if change > 0 else s.flip_down_channel
    return t(
        key,
        lang,
        dimension=dimension,
        change=percent(abs(change)),
        channel=t(f"channel_inline.{channel}", lang),
    )


def sensitivity_summary(results: Sequence[Sensitivity], lang: Lang = DEFAULT_LANG) -> str:
    """Which dimensions flip the recommendation when their weight moves by the step (±20%)."""
    flipping = [t(f"dimension.{s.dimension}", lang) for s in results if s.flips_at_step]
    step = percent(results[0].step if results else STEP)
    if not flipping:
        return t("analysis.sensitivity.none_at_step", lang, step=step)
    separator = t("analysis.list_separator", lang)
    return t("analysis.sensitivity.at_step", lang, step=step, dimensions=separator.join(flipping))


def reason_points_text(net_points: float, runner_up: str, lang: Lang = DEFAULT_LANG) -> str:
    """A reason's net points, labelled as what they are: the gap it opens over the runner-up."""
    return t(
        "analysis.reason.gap", lang, points=points(net_points), runner=t(f"channel_inline.{runner_up}", lang)
    )


def channel_points_text(value: float, channel: str, lang: Lang = DEFAULT_LANG) -> str:
    """A contribution's points to one channel, signed (+3.0 / -3.0), labelled with the channel."""
    return t(
        "analysis.reason.channel", lang, points=f"{value:+.1f}", channel=t(f"channel_inline.{channel}", lang)
    )


def analysis_document(
    analysis: Analysis, runner_up: str, lang: Lang = DEFAULT_LANG, *, mix_option: bool
) -> dict[str, Any]:
    """The analysis as JSON-ready data with its sentences: one verdict, flip points, sensitivity."""
    data = analysis.to_dict()
    data["verdict"] = verdict_text(analysis, runner_up, lang, mix_option=mix_option)
    data["mix_option"] = mix_option
    for entry, flip in zip(data["flip_points"], analysis.flip_points, strict=True):
        entry["text"] = flip_text(flip, lang)
    for entry, s in zip(data["sensitivity"], analysis.sensitivity, strict=True):
        entry["text"] = sensitivity_text(s, lang)
    data["sensitivity_summary"] = sensitivity_summary(analysis.sensitivity, lang)
    return data

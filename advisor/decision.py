"""The decision for one founder: channel, margin, every contribution, flags and the action plan."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal, cast

import numpy as np

from advisor.engine import (
    MIX,
    MIX_STATUSES,
    channel_caps,
    combine,
    compile_rules,
    encode_profiles,
    finish_scores,
    flag_matrix,
    lead_threshold,
    mix_status,
    score_columns,
    weight_vector,
)
from advisor.profile import Profile
from advisor.rules import CHANNELS, DIMENSIONS, Channel, RuleBase, load_rules

MixStatus = Literal["viable", "limited", "weak_channel", "no_grounds"]


@dataclass(frozen=True)
class Contribution:
    """What one rule added to one channel's score, in score points (weight applied)."""

    rule_id: str
    section: str
    dimension: str
    channel: Channel
    points: float
    degree: float


@dataclass(frozen=True)
class AppliedLimit:
    """One hard limit holding for this founder on one channel: its ceiling and what it cut."""

    limit_id: str
    section: str
    channel: Channel
    degree: float  # how far the limit's condition holds, 0-1
    ceiling: float  # 100 - degree x (100 - cap): the highest score the channel may have
    cut: float  # how far the ceiling sits below the uncapped score (0 when the score was below it)
    binding: bool  # the lowest ceiling on this channel and below the uncapped score: it set the score


@dataclass(frozen=True)
class Recommendation:
    """The engine's answer for one profile, language-free; reports render it in a language."""

    profile: Profile
    rules: RuleBase
    weights: dict[str, float]
    scores: dict[Channel, float]
    channel: Channel
    runner_up: Channel
    margin: float
    contributions: tuple[Contribution, ...]
    flags: tuple[str, ...]
    actions: tuple[str, ...]
    uncapped: dict[Channel, float]  # each score just before its own ceiling (limits) applied
    limits: tuple[AppliedLimit, ...]  # every limit whose condition holds, per channel it caps
    synergy: float  # the mix rules' points: the grounds for running both channels
    mix_status: MixStatus  # viable, or why a mix is not a real option
    lead_threshold: float  # the clear-lead threshold at these weights (scales with them)

    @property
    def clear_lead(self) -> bool:
        """Whether the lead reaches the clear-lead threshold at the weights in use."""
        return self.margin >= self.lead_threshold

    @property
    def mix_viable(self) -> bool:
        """Whether running both channels is a real option (not merely a number)."""
        return self.mix_status == "viable"

    def net_reasons(self) -> list[tuple[str, float]]:
        """Rules ordered by how much they favour the winner over the runner-up (largest first)."""
        net: dict[str, float] = {}
        for c in self.contributions:
            sign = 1.0 if c.channel == self.channel else -1.0 if c.channel == self.runner_up else 0.0
            net[c.rule_id] = net.get(c.rule_id, 0.0) + sign * c.points
        return sorted(net.items(), key=lambda item: (-item[1], item[0]))

    def by_dimension(self) -> dict[str, dict[Channel, float]]:
        """Points per dimension and channel, for the 'why' chart."""
        totals = {d: {c: 0.0 for c in CHANNELS} for d in DIMENSIONS}
        for c in self.contributions:
            totals[c.dimension][c.channel] += c.points
        return totals


REASON_DEPTH = 6  # how many of the strongest rule reasons count as "the reasons given"


def reason_sections(rec: Recommendation, depth: int = REASON_DEPTH) -> set[str]:
    """The sections the explanation cites: the strongest rule reasons for the winner over the
    runner-up, and every limit that set a score (a binding limit is a reason in its own line)."""
    rules = {rec.rules.rule(rule_id).section for rule_id, points in rec.net_reasons()[:depth] if points > 0}
    return rules | {x.section for x in rec.limits if x.binding}


def _contributions(rules: RuleBase, degrees: np.ndarray, points: np.ndarray) -> tuple[Contribution, ...]:
    """Every non-zero (rule, channel) contribution for one row, in rule-file order."""
    out = []
    for j, rule in enumerate(rules.rules):
        if degrees[j] <= 0:
            continue
        for k, channel in enumerate(CHANNELS):
            value = float(degrees[j] * points[j, k])
            if value != 0:
                out.append(
                    Contribution(rule.id, rule.section, rule.dimension, channel, value, float(degrees[j]))
                )
    return tuple(out)


def _actions(rules: RuleBase, channel: Channel, cols: dict[str, np.ndarray]) -> tuple[str, ...]:
    """Action-plan steps for the channel whose `when` holds (if any) and whose `unless` does not."""
    compiled = compile_rules(rules)
    steps = zip(rules.actions, compiled.action_evaluators, compiled.action_unless, strict=True)
    return tuple(
        action.id
        for action, when, unless in steps
        if action.channel == channel
        and (when is None or when(cols)[0] > 0)
        and (unless is None or not unless(cols)[0] > 0)
    )


def _applied_limits(rules: RuleBase, degrees: np.ndarray, before: np.ndarray) -> tuple[AppliedLimit, ...]:
    """Each limit that holds (degree > 0), once per channel it caps, with the points it cut."""
    held = [
        (limit, channel, float(degrees[len(rules.rules) + k]), cap)
        for k, limit in enumerate(rules.limits)
        for channel, cap in limit.cap.items()
        if degrees[len(rules.rules) + k] > 0
    ]
    lowest: dict[str, float] = {}
    for _, channel, degree, cap in held:
        lowest[channel] = min(lowest.get(channel, 100.0), 100.0 - degree * (100.0 - cap))
    out = []
    for limit, channel, degree, cap in held:
        ceiling = 100.0 - degree * (100.0 - cap)
        cut = max(float(before[CHANNELS.index(channel)]) - ceiling, 0.0)
        binding = cut > 0 and ceiling == lowest[channel]
        out.append(AppliedLimit(limit.id, limit.section, channel, degree, ceiling, cut, binding))
    return tuple(out)


def recommend(
    profile: Profile,
    rules: RuleBase | None = None,
    weights: Mapping[str, float] | None = None,
) -> Recommendation:
    """Score one profile and decide: the same arrays as the batch path, for one row."""
    rules = rules or load_rules()
    cols = encode_profiles([profile])
    result = score_columns(cols, rules, weights)
    winner = int(result.winner[0])
    order = np.argsort(-result.scores[0], kind="stable")
    runner_up = CHANNELS[int(order[1])] if int(order[0]) == winner else CHANNELS[int(order[0])]
    compiled = compile_rules(rules)
    fired = flag_matrix(compiled, cols, result.winner)[0]
    weight_values = weight_vector(rules, weights)
    raw = combine(result.degrees, result.points)
    caps = channel_caps(compiled, result.degrees)
    open_mix = caps.copy()
    open_mix[:, MIX] = 100.0
    uncapped = finish_scores(raw, rules)[0]
    uncapped[MIX] = finish_scores(raw, rules, open_mix)[0, MIX]
    status = mix_status(result.scores, raw[:, MIX], caps, rules.scoring.viable)[0]
    return Recommendation(
        profile=profile,
        rules=rules,
        weights={d: float(w) for d, w in zip(DIMENSIONS, weight_values, strict=True)},
        scores={c: float(result.scores[0, k]) for k, c in enumerate(CHANNELS)},
        channel=CHANNELS[winner],
        runner_up=runner_up,
        margin=float(result.margin[0]),
        contributions=_contributions(rules, result.degrees[0], result.points),
        flags=tuple(flag.id for flag, hit in zip(rules.flags, fired, strict=True) if hit),
        actions=_actions(rules, CHANNELS[winner], cols),
        uncapped={c: float(uncapped[k]) for k, c in enumerate(CHANNELS)},
        limits=_applied_limits(rules, result.degrees[0], uncapped),
        synergy=float(raw[0, MIX]),
        mix_status=cast(MixStatus, MIX_STATUSES[int(status)]),
        lead_threshold=lead_threshold(rules, weight_values),
    )

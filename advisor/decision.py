"""The decision for one founder: channel, margin, every contribution, flags and the action plan."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from advisor.engine import (
    compile_rules,
    encode_profiles,
    flag_matrix,
    score_columns,
    weight_vector,
)
from advisor.profile import Profile
from advisor.rules import CHANNELS, DIMENSIONS, Channel, RuleBase, load_rules


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

    @property
    def clear_lead(self) -> bool:
        """Whether the lead reaches the rule file's 'clear lead' threshold."""
        return self.margin >= self.rules.scoring.clear_lead

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
    """Action-plan steps for the channel whose condition (if any) holds for this profile."""
    evaluators = compile_rules(rules).action_evaluators
    return tuple(
        action.id
        for action, holds in zip(rules.actions, evaluators, strict=True)
        if action.channel == channel and (holds is None or holds(cols)[0] > 0)
    )


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
    fired = flag_matrix(compile_rules(rules), cols, result.winner)[0]
    weight_values = weight_vector(rules, weights)
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
    )

"""How far each answer can move each channel at given weights: the influence table.

Pure functions of the rule base and the weights. For one answer, every rule that tests it is
evaluated over the answer's possible values (unknown, each choice, or each breakpoint of the
ramps on it). The answer's influence on a channel is the largest change of that channel's
points between two of those values, with the other answers set as favourably as possible: a
rule that tests only this answer counts exactly, a rule that also tests other answers counts
only when it widens the change (those answers could switch it off). Points are piecewise-linear
between breakpoints, so the extremes lie on them and the figures are upper bounds that are
reached whenever the other answers allow. Limits cap rather than add, so they are listed apart.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from advisor.engine import compile_condition, weight_vector
from advisor.profile import DERIVED_FIELDS, FIELD_SPECS, FieldSpec
from advisor.rules import CHANNELS, DIMENSIONS, AllOf, Condition, Leaf, RuleBase, condition_fields


@dataclass(frozen=True)
class AnswerInfluence:
    """One answer's reach: the points it can swing on each channel and the rules that test it."""

    field: str
    points: dict[str, float]  # channel -> largest minus smallest total over the answer's values
    rules: tuple[str, ...]
    limits: tuple[str, ...]  # limits whose condition tests this answer (they cap, see LimitReach)


@dataclass(frozen=True)
class LimitReach:
    """One hard limit: the answers it tests and its full cap per channel (not weighted)."""

    limit_id: str
    section: str
    fields: tuple[str, ...]
    cap: dict[str, float]


def _specs() -> dict[str, FieldSpec]:
    return {**FIELD_SPECS, **DERIVED_FIELDS}


def _candidates(field: str, leaves: list[Leaf]) -> np.ndarray:
    """The values where an answer's total can peak: unknown, every choice, or every breakpoint."""
    spec = _specs()[field]
    if spec.kind == "choice":
        return np.array([np.nan, *range(len(spec.choices))], dtype=np.float64)
    if spec.kind == "bool":
        return np.array([np.nan, 0.0, 1.0])
    points = {float(spec.ge or 0.0), float(spec.le or 0.0)}
    for leaf in leaves:
        points |= {float(v) for v in (leaf.low, leaf.high, leaf.value) if isinstance(v, (int, float))}
    return np.array([np.nan, *sorted(points)], dtype=np.float64)


def _leaves_of(condition: Condition, field: str) -> list[Leaf]:
    if isinstance(condition, Leaf):
        return [condition] if condition.field == field else []
    parts = condition.all if isinstance(condition, AllOf) else condition.any
    return [leaf for part in parts for leaf in _leaves_of(part, field)]


def _favourable_degree(condition: Condition, field: str, values: np.ndarray, inside_all: bool) -> np.ndarray:
    """Degree over the answer's values, other tests most permissive: true inside 'all', false in 'any'."""
    if isinstance(condition, Leaf):
        if condition.field == field:
            return compile_condition(condition)({field: values})
        return np.full(len(values), 1.0 if inside_all else 0.0)
    is_all = isinstance(condition, AllOf)
    parts = [
        _favourable_degree(c, field, values, is_all) for c in (condition.all if is_all else condition.any)
    ]
    return np.minimum.reduce(parts) if is_all else np.maximum.reduce(parts)


def answer_influence(rules: RuleBase, field: str, weights: np.ndarray) -> AnswerInfluence:
    """The influence of one answer at weights in DIMENSIONS order."""
    tested = [r for r in rules.rules if field in condition_fields(r.when)]
    values = _candidates(field, [leaf for r in tested for leaf in _leaves_of(r.when, field)])
    n = len(values)
    only, other = np.zeros((n, len(CHANNELS))), np.zeros((n, n, len(CHANNELS)))
    for rule in tested:
        degree = _favourable_degree(rule.when, field, values, True)
        effect = np.array([rule.effect.get(c, 0.0) for c in CHANNELS])
        points = degree[:, None] * (weights[DIMENSIONS.index(rule.dimension)] * effect)[None, :]
        if condition_fields(rule.when) == (field,):
            only += points
        else:  # change from value b to value a, counted only when it widens the change
            other += np.maximum(points[:, None, :] - points[None, :, :], 0.0)
    change = only[:, None, :] - only[None, :, :] + other  # (to a, from b, channel)
    swing = change.max(axis=(0, 1))
    return AnswerInfluence(
        field=field,
        points={c: float(swing[k]) for k, c in enumerate(CHANNELS)},
        rules=tuple(r.id for r in tested),
        limits=tuple(x.id for x in rules.limits if field in condition_fields(x.when)),
    )


def influence_table(rules: RuleBase, weights: Mapping[str, float] | None = None) -> list[AnswerInfluence]:
    """Every answer a rule or limit tests, with its influence at these weights (file order of fields)."""
    vector = weight_vector(rules, weights)
    used = {f for item in (*rules.rules, *rules.limits) for f in condition_fields(item.when)}
    return [answer_influence(rules, f, vector) for f in _specs() if f in used]


def limit_reach(rules: RuleBase) -> list[LimitReach]:
    """Every hard limit with the answers it tests and its full cap."""
    return [LimitReach(x.id, x.section, condition_fields(x.when), dict(x.cap)) for x in rules.limits]


def strongest_answer(rules: RuleBase, weights: Mapping[str, float] | None = None) -> tuple[str, str, float]:
    """The answer with the largest influence on any one channel: (field, channel, points)."""
    table = influence_table(rules, weights)
    return max(((a.field, c, p) for a in table for c, p in a.points.items()), key=lambda item: item[2])

"""The engine as the analysis uses it: one founder scored once, then varied along one axis.

Winners are decided by the engine's decide(), on scores rounded to its PRECISION decimals, so the
order in which a sum was taken (one row, a batch, per dimension) cannot turn an exact tie into a win.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from advisor.engine import (
    Columns,
    CompiledRules,
    channel_caps,
    compile_rules,
    decide,
    encode_profiles,
    finish_scores,
    lead_threshold,
    rule_degrees,
    rule_points,
    score_degrees,
    weight_vector,
    with_derived,
)
from advisor.profile import PROFILE_FIELDS, Profile
from advisor.rules import DIMENSIONS, RuleBase

Weights = Mapping[str, float] | None


def winners(scores: np.ndarray) -> np.ndarray:
    """The winning channel index per row, on rounded scores, with the engine's documented tie rule."""
    return decide(scores)[0]


@dataclass(frozen=True)
class Base:
    """One profile scored once: its columns, rule degrees, weights, points per dimension, decision."""

    rules: RuleBase
    compiled: CompiledRules
    cols: Columns
    degrees: np.ndarray  # (rules + limits,)
    caps: np.ndarray  # (3,): the limits' ceilings per channel (no weight scales a limit)
    weights: np.ndarray  # (dimensions,)
    points: np.ndarray  # (rules, 3) at full truth, weights applied
    per_dimension: np.ndarray  # (dimensions, 3): raw points per unit weight of each dimension
    scores: np.ndarray  # (3,)
    winner: int
    margin: float


def base_of(profile: Profile, rules: RuleBase, weights: Weights = None) -> Base:
    """Score the profile through the engine's one-row path, as recommend() does."""
    compiled = compile_rules(rules)
    cols = encode_profiles([profile])
    degrees = rule_degrees(compiled, cols)
    vector = weight_vector(rules, weights)
    points = rule_points(compiled, vector)
    scores = score_degrees(compiled, degrees, points)
    winner, margin = decide(scores)  # as recommend() decides and reports it
    unit = rule_points(compiled, np.ones(len(DIMENSIONS)))  # (rules, 3): effects
    per_dimension = np.zeros((len(DIMENSIONS), 3))
    np.add.at(per_dimension, compiled.dimension_of_rule, degrees[0][: compiled.n_rules, None] * unit)
    return Base(
        rules,
        compiled,
        cols,
        degrees[0],
        channel_caps(compiled, degrees)[0],
        vector,
        points,
        per_dimension,
        scores[0],
        int(winner[0]),
        float(margin[0]),
    )


def scores_for_weights(base: Base, weights: np.ndarray) -> np.ndarray:
    """Scores (K, 3) for K weight vectors (K, dimensions): memory K x dimensions, not K x rules.

    Raw points are linear in the weights (sum over dimensions of weight x that dimension's points);
    the limits' ceilings do not depend on the weights.
    """
    raw = weights @ base.per_dimension
    return finish_scores(raw, base.rules, np.broadcast_to(base.caps, raw.shape))


def scores_for_answers(base: Base, fields: Sequence[str], ids: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Scores (rows, 3) for rows that each set one answer (fields[ids[i]]) to values[i], in one call."""
    if not len(values):
        return np.empty((0, 3))
    cols = {name: np.full(len(values), base.cols[name][0]) for name in PROFILE_FIELDS}
    names = np.array(fields, dtype=object)[ids]
    for name in set(names.tolist()):
        rows = names == name
        cols[name][rows] = values[rows]
    degrees = rule_degrees(base.compiled, with_derived(cols))
    return score_degrees(base.compiled, degrees, base.points)


def clear_lead(base: Base) -> float:
    """The clear-lead threshold at the weights in use (the engine's: all weights x2 -> x2)."""
    return lead_threshold(base.rules, base.weights)

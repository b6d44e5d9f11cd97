"""Flip points: the nearest answers that would change the recommendation, found exactly.

Numeric answers are searched by pieces between the rule breakpoints (see pieces.py); yes/no and
choice answers are tried value by value. Every value reported was scored through the engine:
it changes the recommendation, and `unchanged_at` (the shown value one rounding step nearer the
answer) does not. Money is shown to 2-3 significant figures where that still holds, counts as
whole numbers.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel

from advisor.analysis.base import Base, Weights, base_of, scores_for_answers, winners
from advisor.analysis.pieces import Axis, Change, first_changes
from advisor.engine import code
from advisor.profile import FIELD_SPECS, PROFILE_FIELDS, Profile
from advisor.rules import CHANNELS, Channel, Leaf, RuleBase

Direction = Literal["above", "below", "switch", "any"]
Answer = float | int | bool | str
MONEY_FIELDS = ("monthly_budget", "retail_price", "unit_cost")
JUMP_OPS = frozenset({"lt", "le", "gt", "ge", "eq", "ne", "between", "in", "not_in"})


@dataclass(frozen=True)
class Scan:
    """The range a numeric answer is searched over, and its unit (0.01 for money, 1 for counts)."""

    low: float
    high: float
    unit: float


SCANS: dict[str, Scan] = {
    "monthly_budget": Scan(0.0, 500_000.0, 0.01),
    "team_size": Scan(1, 50, 1),
    "social_reach": Scan(0, 1_000_000, 1),
    "sku_count": Scan(1, 5_000, 1),
    "retail_price": Scan(0.01, 100_000.0, 0.01),
    "unit_cost": Scan(0.0, 100_000.0, 0.01),
}


@dataclass(frozen=True)
class FlipPoint:
    """An answer value at which the recommendation changes.

    `value` puts `channel` in the lead; `unchanged_at` is the value one shown step nearer the
    answer (for money the rounding step, for counts 1) that keeps the recommendation. For an
    unanswered field the search starts from the in-range answer scoring most like 'unknown'
    (`was_unknown`); `direction` "any" means no answer in range keeps the recommendation.
    """

    field: str
    current: Answer | None
    value: Answer | None
    direction: Direction
    channel: Channel
    was_unknown: bool
    unchanged_at: Answer | None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready numbers and codes (the sentence is added by the report layer)."""
        return {
            "field": self.field,
            "current": self.current,
            "value": self.value,
            "direction": self.direction,
            "channel": self.channel,
            "was_unknown": self.was_unknown,
            "unchanged_at": self.unchanged_at,
        }


# ---------------------------------------------------------------- breakpoints


def _leaves(node: object) -> Iterator[Leaf]:
    """Every test anywhere in the rule base (rules, limits, flags), whatever holds it."""
    if isinstance(node, Leaf):
        yield node
    elif isinstance(node, BaseModel):
        for name in type(node).model_fields:
            yield from _leaves(getattr(node, name))
    elif isinstance(node, list | tuple):
        for item in node:
            yield from _leaves(item)
    elif isinstance(node, dict):
        for item in node.values():
            yield from _leaves(item)


def _leaf_cuts(leaf: Leaf) -> list[float]:
    """The values where a test changes behaviour: a ramp's ends, a comparison's values."""
    if leaf.low is not None and leaf.high is not None:
        return [float(leaf.low), float(leaf.high)]
    values = leaf.value if isinstance(leaf.value, list) else [leaf.value]
    return [float(v) for v in values if isinstance(v, int | float) and not isinstance(v, bool)]


def _margin_cuts(field: str, profile: Profile, margins: list[float]) -> list[float]:
    """Price or cost values at which the gross margin crosses each given margin."""
    price, cost = profile.retail_price, profile.unit_cost
    if field == "retail_price" and cost is not None:
        return [cost / (1.0 - g) for g in margins if g < 1.0]
    if field == "unit_cost" and price is not None:
        return [price * (1.0 - g) for g in margins]
    return []


_LEAVES: dict[tuple[str, str], tuple[Leaf, ...]] = {}


def leaves_of(rules: RuleBase) -> tuple[Leaf, ...]:
    """Every test of a rule base, collected once per file (keyed like the engine's compile cache)."""
    key = (rules.version, str(rules.path))
    if key not in _LEAVES:
        _LEAVES[key] = tuple(_leaves(rules))
    return _LEAVES[key]


def breakpoints(rules: RuleBase, field: str, profile: Profile) -> tuple[list[float], set[float]]:
    """Answer values where some test changes slope or fires, and those where a score may jump."""
    cuts: list[float] = []
    jumps: set[float] = set()
    for leaf in leaves_of(rules):
        if leaf.field == field:
            found = _leaf_cuts(leaf)
        elif leaf.field == "gross_margin":
            found = _margin_cuts(field, profile, _leaf_cuts(leaf))
        else:
            continue
        cuts += found
        if leaf.op in JUMP_OPS:
            jumps.update(found)
    return cuts, jumps


def scan_range(field: str, profile: Profile) -> tuple[float, float]:
    """The searched range of an answer: kept valid (cost <= price) and holding the current answer."""
    scan = SCANS[field]
    low, high = scan.low, scan.high
    if field == "retail_price" and profile.unit_cost is not None:
        low = max(low, profile.unit_cost)
    if field == "unit_cost" and profile.retail_price is not None:
        high = min(high, profile.retail_price)
    current = getattr(profile, field)
    if current is not None:
        low, high = min(low, current), max(high, current)
    return low, high


# ---------------------------------------------------------------- meaningful units


def display_steps(field: str, value: float) -> list[float]:
    """Rounding steps tried, coarsest first: money to 2 then 3 significant figures, then ¥1."""
    if field not in MONEY_FIELDS or value <= 0:
        return []
    exponent = math.floor(math.log10(abs(value)))
    steps = [10.0 ** (exponent - 1), 10.0 ** (exponent - 2), *([1.0] if value >= 100 else [])]
    unit = SCANS[field].unit
    return sorted({s for s in steps if s > unit}, reverse=True)


def _answer(field: str, value: float) -> float | int:
    """An answer value of the field's kind: int for counts, float for money."""
    return round(value) if FIELD_SPECS[field].kind == "int" else float(value)


# ---------------------------------------------------------------- searches


def _anchor(base: Base, field: str, nodes: np.ndarray, at: np.ndarray) -> float | FlipPoint:
    """An unanswered field: the breakpoint answer keeping the recommendation that scores most like
    'unknown' (where its search starts), or an 'any' flip point when no answer keeps it."""
    won = winners(at)
    keep = np.flatnonzero(won == base.winner)
    if len(keep):
        return float(nodes[keep[int(np.argmin(np.abs(at[keep] - base.scores).max(axis=1)))]])
    leader = CHANNELS[int(np.argmax(np.bincount(won, minlength=len(CHANNELS))))]
    return FlipPoint(field, None, None, "any", leader, was_unknown=True, unchanged_at=None)


@dataclass(frozen=True)
class _Numeric:
    """A numeric field as searched: its range and breakpoints."""

    field: str
    low: float
    high: float
    cuts: tuple[float, ...]
    jumps: frozenset[float]

    def nodes(self) -> np.ndarray:
        """The range's ends and every breakpoint inside it."""
        return np.unique(np.clip([self.low, self.high, *self.cuts], self.low, self.high))

    def axes(self, start: float) -> list[Axis]:
        """The searches from a start down to the low end and up to the high end."""
        steps = partial(display_steps, self.field)
        unit = SCANS[self.field].unit
        return [Axis(start, end, unit, self.cuts, self.jumps, steps) for end in (self.low, self.high)]


def _numeric_fields(base: Base, profile: Profile) -> list[_Numeric]:
    """Every numeric field with a valid range, its breakpoints collected once."""
    out = []
    for field in SCANS:
        low, high = scan_range(field, profile)
        if high >= low:
            cuts, jumps = breakpoints(base.rules, field, profile)
            out.append(_Numeric(field, low, high, tuple(cuts), frozenset(jumps)))
    return out


def _numeric(base: Base, profile: Profile, starts: dict[str, float | FlipPoint]) -> list[FlipPoint]:
    """Nearest flips below and above each numeric answer (or the answer most like 'unknown')."""
    direct = [flip for flip in starts.values() if isinstance(flip, FlipPoint)]
    axes: list[Axis] = []
    axis_fields: list[str] = []
    for numeric in _numeric_fields(base, profile):
        start = starts[numeric.field]
        if not isinstance(start, FlipPoint):
            axes += numeric.axes(start)
            axis_fields += [numeric.field] * 2

    def evaluate(ids: np.ndarray, values: np.ndarray) -> np.ndarray:
        """Scores with each row's search field set to its value."""
        return scores_for_answers(base, axis_fields, ids, values)

    changes = first_changes(axes, base.winner, evaluate)
    found = [
        _flip(field, getattr(profile, field), axis, change)
        for field, axis, change in zip(axis_fields, axes, changes, strict=True)
        if change is not None
    ]
    return found + direct


def _flip(field: str, current: float | None, axis: Axis, change: Change) -> FlipPoint:
    """A change found along a numeric answer, as a flip point in the answer's own units."""
    return FlipPoint(
        field=field,
        current=current,
        value=_answer(field, change.value),
        direction="above" if axis.sign > 0 else "below",
        channel=CHANNELS[change.winner],
        was_unknown=current is None,
        unchanged_at=_answer(field, change.short),
    )


def _alternatives(field: str, current: object) -> list[bool | str]:
    """Yes/no and choice answers to try: every other answer (all of them if unanswered)."""
    spec = FIELD_SPECS[field]
    options: list[bool | str] = [True, False] if spec.kind == "bool" else list(spec.choices)
    return [v for v in options if current is None or v != current]


def _first_round(base: Base, profile: Profile) -> tuple[dict[str, float | FlipPoint], list[FlipPoint]]:
    """One engine call for what needs no search: the start of each numeric search (the answer, or
    the anchor of an unanswered field) and every other yes/no or choice answer that flips."""
    starts: dict[str, float | FlipPoint] = {}
    unknown: list[tuple[str, np.ndarray]] = []
    for numeric in _numeric_fields(base, profile):
        current = getattr(profile, numeric.field)
        if current is None:
            unknown.append((numeric.field, numeric.nodes()))
        else:
            starts[numeric.field] = float(current)
    tried = [
        (field, value)
        for field in PROFILE_FIELDS
        if FIELD_SPECS[field].kind in ("bool", "choice")
        for value in _alternatives(field, getattr(profile, field))
    ]
    fields = [f for f, _ in unknown] + list(dict.fromkeys(f for f, _ in tried))
    ids = np.concatenate(
        [np.full(len(nodes), k) for k, (_, nodes) in enumerate(unknown)]
        + [np.array([fields.index(f) for f, _ in tried], dtype=np.intp)]
    ).astype(np.intp)
    values = np.concatenate(
        [nodes for _, nodes in unknown]
        + [np.array([code(FIELD_SPECS[f], v) for f, v in tried], dtype=np.float64)]
    )
    scored = scores_for_answers(base, fields, ids, values)
    start = 0
    for field, nodes in unknown:
        starts[field] = _anchor(base, field, nodes, scored[start : start + len(nodes)])
        start += len(nodes)
    won = winners(scored[start:])
    switches = [
        FlipPoint(
            field,
            getattr(profile, field),
            value,
            "switch",
            CHANNELS[int(w)],
            getattr(profile, field) is None,
            getattr(profile, field),
        )
        for (field, value), w in zip(tried, won, strict=True)
        if w != base.winner
    ]
    return starts, switches


RANK = {"below": 0, "any": 1, "above": 2, "switch": 3}


def sort_flips(flips: list[FlipPoint]) -> list[FlipPoint]:
    """In questionnaire order, below before above, then by value."""
    order = {name: k for k, name in enumerate(PROFILE_FIELDS)}
    return sorted(flips, key=lambda f: (order[f.field], RANK[f.direction], str(f.value)))


def flips_of(base: Base, profile: Profile) -> list[FlipPoint]:
    """Every flip point of an already scored profile."""
    starts, switches = _first_round(base, profile)
    return sort_flips(_numeric(base, profile, starts) + switches)


def flip_points(profile: Profile, rules: RuleBase, weights: Weights = None) -> list[FlipPoint]:
    """Where answers would change the recommendation: nearest values above/below, other answers."""
    return flips_of(base_of(profile, rules, weights), profile)

"""Trust checks on a recommendation: robustness to the weights, weight sensitivity and flip points.

Everything here is pure and vectorised: all weight samples, and all candidate answers of all
fields, go through the engine's arrays at once. The few values finally reported are re-checked
with the engine's one-row path, so they agree with `recommend()` to the last bit.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

import numpy as np

from advisor.engine import (
    Columns,
    CompiledRules,
    channel_caps,
    compile_rules,
    decide,
    encode_profiles,
    finish_scores,
    rule_degrees,
    rule_points,
    score_degrees,
    weight_vector,
    with_derived,
)
from advisor.i18n import DEFAULT_LANG, Lang, format_number, t
from advisor.profile import PROFILE_FIELDS, Profile
from advisor.rules import CHANNELS, DIMENSIONS, MAX_WEIGHT, AllOf, Channel, Condition, Leaf, RuleBase

Weights = Mapping[str, float] | None
Direction = Literal["above", "below", "switch", "any"]

SAMPLES = 2000
SPREAD = 0.5
METHOD = "uniform-factor-0.5-1.5"
STEP = 0.2
MAX_INCREASE = 4.0
RESOLUTION = 0.005
GRID_POINTS = 160
PROBES = 64
VERIFY_WINDOW = 4
MONEY_FIELDS = ("monthly_budget", "retail_price", "unit_cost")
BOOL_FIELDS = ("part_time", "data_skills", "self_media")


@dataclass(frozen=True)
class Scan:
    """The range a numeric answer is scanned over, and its unit (100 per yuan: cents; 1: counts)."""

    low: float
    high: float
    scale: int


SCANS: dict[str, Scan] = {
    "monthly_budget": Scan(0.0, 500_000.0, 100),
    "team_size": Scan(1, 50, 1),
    "social_reach": Scan(0, 1_000_000, 1),
    "sku_count": Scan(1, 5_000, 1),
    "retail_price": Scan(0.01, 100_000.0, 100),
    "unit_cost": Scan(0.0, 100_000.0, 100),
}


# ---------------------------------------------------------------- results


@dataclass(frozen=True)
class Robustness:
    """How often each channel wins over sampled plausible weightings, and whether the lead holds."""

    channel: Channel
    margin: float
    shares: dict[Channel, float]
    samples: int
    seed: int
    method: str
    robust: bool

    @property
    def share(self) -> float:
        """The share of samples the current recommendation wins."""
        return self.shares[self.channel]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: the share per channel plus sample count, seed, method and the verdict."""
        return {
            **{c: float(self.shares[c]) for c in CHANNELS},
            "samples": self.samples,
            "seed": self.seed,
            "method": self.method,
            "robust": self.robust,
        }


@dataclass(frozen=True)
class Sensitivity:
    """One dimension's weight changed alone: the channel at ±step and the smallest change that flips.

    Changes are relative: +0.35 means the weight x 1.35, -1.0 means the weight set to 0.
    """

    dimension: str
    weight: float
    step: float
    channel: Channel
    down: Channel
    up: Channel
    flip_down: float | None
    flip_down_channel: Channel | None
    flip_up: float | None
    flip_up_channel: Channel | None

    @property
    def flips_at_step(self) -> bool:
        """Whether the weight x (1 - step) or x (1 + step) changes the recommendation."""
        return self.down != self.channel or self.up != self.channel

    @property
    def smallest_change(self) -> float | None:
        """The flipping change closest to zero, in either direction, or None."""
        changes = [c for c in (self.flip_down, self.flip_up) if c is not None]
        return min(changes, key=abs) if changes else None

    def weight_at(self, change: float) -> float:
        """The weight after a relative change (the exact value the analysis scored)."""
        return self.weight * (1.0 + change)

    def to_dict(self, lang: Lang = DEFAULT_LANG) -> dict[str, Any]:
        """JSON-ready, with a translated sentence."""
        return {
            "dimension": self.dimension,
            "weight": self.weight,
            "step": self.step,
            "down": self.down,
            "up": self.up,
            "flips_at_step": self.flips_at_step,
            "flip_down": self.flip_down,
            "flip_down_channel": self.flip_down_channel,
            "flip_up": self.flip_up,
            "flip_up_channel": self.flip_up_channel,
            "smallest_change": self.smallest_change,
            "text": sensitivity_text(self, lang),
        }


@dataclass(frozen=True)
class FlipPoint:
    """An answer value at which the recommendation changes.

    `value` flips the recommendation to `channel`; `unchanged_at` is the value just short of it (one
    unit nearer the current answer: 1 for counts, ¥0.01 for money) that still keeps the current
    recommendation. For unanswered fields the scan reads "if you answered X" and starts from the
    in-range answer scoring most like the unknown one; `direction` "any" means every answer in the
    range changes the recommendation (then `value` is None and `channel` the most frequent leader).
    """

    field: str
    current: float | int | bool | None
    value: float | int | bool | None
    direction: Direction
    channel: Channel
    was_unknown: bool
    unchanged_at: float | int | bool | None

    def to_dict(self, lang: Lang = DEFAULT_LANG) -> dict[str, Any]:
        """JSON-ready, with a translated sentence."""
        return {
            "field": self.field,
            "current": self.current,
            "value": self.value,
            "direction": self.direction,
            "channel": self.channel,
            "was_unknown": self.was_unknown,
            "text": flip_text(self, lang),
        }


@dataclass(frozen=True)
class Analysis:
    """Robustness, one-at-a-time sensitivity and flip points for one recommendation."""

    channel: Channel
    margin: float
    robustness: Robustness
    sensitivity: tuple[Sensitivity, ...]
    flip_points: tuple[FlipPoint, ...]

    def verdict(self, lang: Lang = DEFAULT_LANG) -> str:
        """One sentence: how sure the recommendation is, or 'no clear winner'."""
        return verdict_text(self.robustness, lang)

    def to_dict(self, lang: Lang = DEFAULT_LANG) -> dict[str, Any]:
        """JSON-ready data for exports: robustness, flip points, sensitivity and the verdict."""
        return {
            "recommendation": self.channel,
            "margin": round(self.margin, 2),
            "verdict": self.verdict(lang),
            "robustness": self.robustness.to_dict(),
            "flip_points": [f.to_dict(lang) for f in self.flip_points],
            "sensitivity": [s.to_dict(lang) for s in self.sensitivity],
            "sensitivity_summary": sensitivity_summary(self.sensitivity, lang),
        }


# ---------------------------------------------------------------- the engine, as this module uses it


@dataclass(frozen=True)
class _Base:
    """One profile scored once: its columns, rule degrees, weights in use and decision."""

    rules: RuleBase
    compiled: CompiledRules
    cols: Columns
    degrees: np.ndarray  # (rules,)
    weights: np.ndarray  # (dimensions,)
    points: np.ndarray  # (rules, 3)
    scores: np.ndarray  # (3,)
    winner: int
    margin: float


def _base(profile: Profile, rules: RuleBase, weights: Weights) -> _Base:
    """Score the profile with the engine's one-row path, as recommend() does."""
    compiled = compile_rules(rules)
    cols = encode_profiles([profile])
    degrees = rule_degrees(compiled, cols)
    vector = weight_vector(rules, weights)
    points = rule_points(compiled, vector)
    scores = score_degrees(compiled, degrees, points)
    winner, margin = decide(scores)
    return _Base(
        rules, compiled, cols, degrees[0], vector, points, scores[0], int(winner[0]), float(margin[0])
    )


def _winners_for_weights(base: _Base, weights: np.ndarray) -> np.ndarray:
    """The winner for each of K weight vectors (K, dimensions), all at once."""
    points = rule_points(base.compiled, weights)  # (K, rules, 3)
    raw = np.einsum("r,krc->kc", base.degrees[: base.compiled.n_rules], points)
    caps = channel_caps(base.compiled, base.degrees[None, :])
    return decide(finish_scores(raw, base.rules, np.broadcast_to(caps, raw.shape)))[0]


def _exact_winner_for_weights(base: _Base, weights: np.ndarray) -> int:
    """The winner for one weight vector, through the same one-row product recommend() uses."""
    scores = score_degrees(base.compiled, base.degrees[None, :], rule_points(base.compiled, weights))
    return int(decide(scores)[0][0])


def _columns(base: _Base, blocks: Sequence[tuple[str, np.ndarray]]) -> Columns:
    """Rows of the profile, each block replacing one field's value (derived fields recomputed)."""
    n = sum(len(values) for _, values in blocks)
    cols = {name: np.full(n, base.cols[name][0]) for name in PROFILE_FIELDS}
    start = 0
    for name, values in blocks:
        cols[name][start : start + len(values)] = values
        start += len(values)
    return with_derived(cols)


def _score_rows(base: _Base, blocks: Sequence[tuple[str, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
    """Degrees (rows, rules) and winners (rows,) for rows varying the profile's answers."""
    degrees = rule_degrees(base.compiled, _columns(base, blocks))
    return degrees, decide(score_degrees(base.compiled, degrees, base.points))[0]


def _exact_winners(base: _Base, degrees: np.ndarray) -> np.ndarray:
    """Winners row by row through the one-row product, so they match recommend() exactly."""
    rows = [score_degrees(base.compiled, degrees[i : i + 1], base.points) for i in range(len(degrees))]
    return decide(np.concatenate(rows))[0] if rows else np.empty(0, dtype=np.intp)


def _exact_at(base: _Base, field: str, values: Sequence[float]) -> np.ndarray:
    """Exact winners for one field set to each value in turn."""
    if not values:
        return np.empty(0, dtype=np.intp)
    degrees, _ = _score_rows(base, [(field, np.asarray(values, dtype=np.float64))])
    return _exact_winners(base, degrees)


# ---------------------------------------------------------------- robustness


def sample_weights(weights: np.ndarray, samples: int, seed: int) -> np.ndarray:
    """Seeded plausible weightings (samples, dimensions): each weight x an independent U(0.5, 1.5)."""
    rng = np.random.default_rng(seed)
    return weights * rng.uniform(1.0 - SPREAD, 1.0 + SPREAD, size=(samples, len(weights)))


def robustness(
    profile: Profile,
    rules: RuleBase,
    weights: Weights = None,
    samples: int = SAMPLES,
    seed: int = 0,
) -> Robustness:
    """Share of plausible weightings each channel wins, and whether the recommendation is robust.

    Method: `samples` weightings are drawn with numpy's default generator seeded with `seed`; in
    each, every dimension's weight (the weights in use: the file's, with any overrides) is
    multiplied by its own independent factor, uniform on [0.5, 1.5] (±50%). All samples are scored
    at once. The recommendation is robust when it wins at least the file's `robust_share` of the
    samples and its lead reaches the file's `clear_lead`.
    """
    if samples < 1:
        raise ValueError(f"samples must be at least 1, got {samples}")
    base = _base(profile, rules, weights)
    winners = _winners_for_weights(base, sample_weights(base.weights, samples, seed))
    counts = np.bincount(winners, minlength=len(CHANNELS))
    shares = {c: float(counts[k] / samples) for k, c in enumerate(CHANNELS)}
    channel = CHANNELS[base.winner]
    scoring = rules.scoring
    robust = shares[channel] >= scoring.robust_share and base.margin >= scoring.clear_lead
    return Robustness(channel, base.margin, shares, samples, seed, METHOD, bool(robust))


# ---------------------------------------------------------------- one weight at a time


def _change_grid(weight: float) -> tuple[np.ndarray, np.ndarray]:
    """Relative changes tried: down to -100% and up to +400% (never past MAX_WEIGHT), in 0.5% steps."""
    top = min(MAX_INCREASE, MAX_WEIGHT / weight - 1.0) if weight > 0 else 0.0
    ups = np.arange(1, math.floor(top / RESOLUTION + 1e-9) + 1) * RESOLUTION
    downs = -np.arange(1, round(1.0 / RESOLUTION) + 1) * RESOLUTION
    return downs, ups


def _first_flip(base: _Base, d: int, changes: np.ndarray, winners: np.ndarray) -> tuple[float, int] | None:
    """The change nearest zero whose weight flips the recommendation, checked exactly."""
    for index in np.flatnonzero(winners != base.winner):
        change = float(changes[index])
        vector = base.weights.copy()
        vector[d] = base.weights[d] * (1.0 + change)
        winner = _exact_winner_for_weights(base, vector)
        if winner != base.winner:
            return change, winner
    return None


def _at_factor(base: _Base, d: int, factor: float) -> Channel:
    """The recommendation with one weight multiplied by a factor."""
    vector = base.weights.copy()
    vector[d] = base.weights[d] * factor
    return CHANNELS[_exact_winner_for_weights(base, vector)]


def one_at_a_time(
    profile: Profile, rules: RuleBase, weights: Weights = None, step: float = STEP
) -> list[Sensitivity]:
    """Each dimension weight alone x (1 - step) and x (1 + step), and the smallest change that flips.

    The smallest flipping change is searched in both directions on a 0.5% grid (down to a weight of
    0, up to +400% or MAX_WEIGHT), all grid points of all dimensions scored in one batch, and the
    reported changes re-checked with the one-row path. A zero weight has no relative change, so its
    flip changes are None. The ±step check itself is not capped at MAX_WEIGHT.
    """
    base = _base(profile, rules, weights)
    grids = [_change_grid(float(w)) for w in base.weights]
    rows = [np.repeat(base.weights[None, :], len(downs) + len(ups), axis=0) for downs, ups in grids]
    for d, (downs, ups) in enumerate(grids):
        rows[d][:, d] = base.weights[d] * (1.0 + np.concatenate([downs, ups]))
    winners = _winners_for_weights(base, np.concatenate(rows))
    out, start = [], 0
    channel = CHANNELS[base.winner]
    for d, (downs, ups) in enumerate(grids):
        block = winners[start : start + len(downs) + len(ups)]
        start += len(downs) + len(ups)
        weight = float(base.weights[d])
        down = _first_flip(base, d, downs, block[: len(downs)]) if weight > 0 else None
        up = _first_flip(base, d, ups, block[len(downs) :]) if weight > 0 else None
        out.append(
            Sensitivity(
                dimension=DIMENSIONS[d],
                weight=weight,
                step=step,
                channel=channel,
                down=_at_factor(base, d, 1.0 - step),
                up=_at_factor(base, d, 1.0 + step),
                flip_down=None if down is None else down[0],
                flip_down_channel=None if down is None else CHANNELS[down[1]],
                flip_up=None if up is None else up[0],
                flip_up_channel=None if up is None else CHANNELS[up[1]],
            )
        )
    return out


# ---------------------------------------------------------------- flip points


def _leaves(condition: Condition) -> Iterator[Leaf]:
    """Every test in a condition tree."""
    if isinstance(condition, Leaf):
        yield condition
        return
    for part in condition.all if isinstance(condition, AllOf) else condition.any:
        yield from _leaves(part)


def _leaf_cuts(leaf: Leaf) -> list[float]:
    """The values where a test changes behaviour: a ramp's ends, a comparison's value."""
    if leaf.low is not None and leaf.high is not None:
        return [float(leaf.low), float(leaf.high)]
    values = leaf.value if isinstance(leaf.value, list) else [leaf.value]
    return [float(v) for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]


def breakpoints(rules: RuleBase, field: str, profile: Profile) -> list[float]:
    """Answer values where some rule changes slope or fires (gross-margin cuts mapped back)."""
    cuts: list[float] = []
    for rule in rules.rules:
        for leaf in _leaves(rule.when):
            if leaf.field == field:
                cuts += _leaf_cuts(leaf)
            elif leaf.field == "gross_margin":
                cuts += _margin_cuts(field, profile, _leaf_cuts(leaf))
    return cuts


def _margin_cuts(field: str, profile: Profile, margins: list[float]) -> list[float]:
    """Price or cost values at which the gross margin crosses each given margin."""
    price, cost = profile.retail_price, profile.unit_cost
    if field == "retail_price" and cost is not None:
        return [cost / (1.0 - g) for g in margins if g < 1.0]
    if field == "unit_cost" and price is not None:
        return [price * (1.0 - g) for g in margins]
    return []


def scan_range(field: str, profile: Profile) -> tuple[int, int]:
    """The scanned range in units (cents or counts), kept valid (cost <= price) and holding the answer."""
    scan = SCANS[field]
    low, high = scan.low, scan.high
    if field == "retail_price" and profile.unit_cost is not None:
        low = max(low, profile.unit_cost)
    if field == "unit_cost" and profile.retail_price is not None:
        high = min(high, profile.retail_price)
    current = getattr(profile, field)
    if current is not None:
        low, high = min(low, current), max(high, current)
    lo, hi = math.ceil(low * scan.scale), math.floor(high * scan.scale)
    lo += lo / scan.scale < low
    hi -= hi / scan.scale > high
    return lo, hi


def _grid(field: str, profile: Profile, cuts: Sequence[float], lo: int, hi: int) -> np.ndarray:
    """Candidate answers in units: linear and log-spaced points, every rule cut and its neighbours."""
    scale = SCANS[field].scale
    current = getattr(profile, field)
    extra = [c * scale for c in cuts] + ([current * scale] if current is not None else [])
    near = np.array(extra, dtype=np.float64)
    points = np.concatenate(
        [
            np.linspace(lo, hi, GRID_POINTS),
            lo - 1 + np.geomspace(1, hi - lo + 1, GRID_POINTS),
            np.floor(near) - 1,
            np.floor(near),
            np.ceil(near),
            np.ceil(near) + 1,
        ]
    )
    return np.unique(np.clip(np.round(points), lo, hi).astype(np.int64))


def _value(field: str, units: float) -> float | int:
    """An answer value from units: an int for counts, yuan (units / 100) for money."""
    scale = SCANS[field].scale
    return int(units) if scale == 1 else float(units) / scale


@dataclass(frozen=True)
class _Bracket:
    """A search interval along one field: `near` keeps the recommendation, `far` changes it."""

    field: str
    sign: int  # +1 searching above the answer, -1 below
    near: float  # units; may be the exact answer rather than a whole unit
    near_value: float | int  # the answer value at `near`
    far: int  # units
    channel: int  # the winner at `far`
    was_unknown: bool


def _outward(
    base: _Base, field: str, grid: np.ndarray, winners: np.ndarray, anchor: float | int, sign: int
) -> _Bracket | None:
    """The first grid point beyond the anchor answer (in direction `sign`) that changes the winner."""
    scale = SCANS[field].scale
    side = np.flatnonzero(grid * sign > anchor * scale * sign)
    order = side if sign > 0 else side[::-1]
    hits = np.flatnonzero(winners[order] != base.winner)
    if len(hits) == 0:
        return None
    k = int(hits[0])
    far = order[k]
    if k > 0:
        near = float(grid[order[k - 1]])
        near_value = _value(field, near)
    else:
        near, near_value = float(anchor) * scale, anchor
    return _Bracket(field, sign, near, near_value, int(grid[far]), int(winners[far]), False)


def _interior(bracket: _Bracket) -> np.ndarray:
    """Up to PROBES whole units strictly between `near` and `far`, ordered outward."""
    x_near, x_far = bracket.sign * bracket.near, bracket.sign * bracket.far
    first, last = math.floor(x_near) + 1, x_far - 1
    if last < first:
        return np.empty(0, dtype=np.int64)
    xs = np.unique(np.round(np.linspace(first, last, min(PROBES, last - first + 1))).astype(np.int64))
    return xs * bracket.sign


def _narrow(bracket: _Bracket, probes: np.ndarray, winners: np.ndarray, current: int) -> _Bracket:
    """Shrink a bracket to the probes around the first change (probes ordered outward)."""
    hits = np.flatnonzero(winners != current)
    if len(hits) == 0:
        last = float(probes[-1])
        return replace(bracket, near=last, near_value=_value(bracket.field, last))
    k = int(hits[0])
    if k > 0:
        near = float(probes[k - 1])
        bracket = replace(bracket, near=near, near_value=_value(bracket.field, near))
    return replace(bracket, far=int(probes[k]), channel=int(winners[k]))


def _refine(base: _Base, brackets: list[_Bracket]) -> list[_Bracket]:
    """Narrow all brackets together, one batch per round, until `near` and `far` are one unit apart."""
    while True:
        probes = [_interior(b) for b in brackets]
        if not any(len(p) for p in probes):
            return brackets
        blocks = [(b.field, _scaled(b.field, p)) for b, p in zip(brackets, probes, strict=True) if len(p)]
        _, winners = _score_rows(base, blocks)
        out, start = [], 0
        for bracket, block in zip(brackets, probes, strict=True):
            if len(block):
                bracket = _narrow(bracket, block, winners[start : start + len(block)], base.winner)
                start += len(block)
            out.append(bracket)
        brackets = out


def _scaled(field: str, units: np.ndarray) -> np.ndarray:
    """Answer values (float64) for units of a field."""
    return units.astype(np.float64) / SCANS[field].scale


def _verify_all(
    base: _Base, brackets: list[_Bracket], ranges: Mapping[str, tuple[int, int]]
) -> list[_Bracket]:
    """Check every bracket's two ends at once with the exact one-row path; repair or drop the rest."""
    if not brackets:
        return []
    blocks = [(b.field, np.array([b.near_value, _value(b.field, b.far)], dtype=np.float64)) for b in brackets]
    degrees, _ = _score_rows(base, blocks)
    exact = _exact_winners(base, degrees).reshape(-1, 2)
    out = []
    for bracket, (near, far) in zip(brackets, exact, strict=True):
        if near == base.winner and far != base.winner:
            out.append(replace(bracket, channel=int(far)))
        else:
            repaired = _repair(base, bracket, *ranges[bracket.field])
            out += [repaired] if repaired is not None else []
    return out


def _repair(base: _Base, bracket: _Bracket, lo: int, hi: int) -> _Bracket | None:
    """Near an exact tie the batch and one-row sums can disagree: look a few units around the bracket."""
    field, sign = bracket.field, bracket.sign
    first = math.floor(sign * bracket.near) + 1
    xs = range(max(first, sign * bracket.far - VERIFY_WINDOW), sign * bracket.far + VERIFY_WINDOW + 1)
    units = [x * sign for x in xs if lo <= x * sign <= hi]
    if not units:
        return None
    winners = _exact_at(base, field, [bracket.near_value] + [_value(field, u) for u in units])
    nears = [(bracket.near, bracket.near_value)] + [(float(u), _value(field, u)) for u in units]
    for k in range(1, len(nears)):
        adjacent = k > 1 or sign * units[0] == first
        if adjacent and winners[k - 1] == base.winner and winners[k] != base.winner:
            near, near_value = nears[k - 1]
            return replace(
                bracket, near=near, near_value=near_value, far=units[k - 1], channel=int(winners[k])
            )
    return None


def _anchor(
    base: _Base, field: str, grid: np.ndarray, degrees: np.ndarray, winners: np.ndarray
) -> float | int | None:
    """Unanswered field: the in-range answer keeping the recommendation that scores most like 'unknown'."""
    same = np.flatnonzero(winners == base.winner)
    if len(same) == 0:
        return None
    scores = score_degrees(base.compiled, degrees[same], base.points)
    closest = int(np.argmin(np.abs(scores - base.scores).max(axis=1)))
    return _value(field, float(grid[same[closest]]))


def _numeric_flips(
    base: _Base, profile: Profile, field: str, grid: np.ndarray, degrees: np.ndarray, winners: np.ndarray
) -> list[_Bracket] | FlipPoint:
    """Brackets below and above the answer (or the anchor for an unanswered field), or an 'any' point."""
    current = getattr(profile, field)
    anchor = current if current is not None else _anchor(base, field, grid, degrees, winners)
    if anchor is None:
        counts = np.bincount(winners, minlength=len(CHANNELS))
        return FlipPoint(field, None, None, "any", CHANNELS[int(np.argmax(counts))], True, None)
    found = [_outward(base, field, grid, winners, anchor, sign) for sign in (-1, 1)]
    return [replace(b, was_unknown=current is None) for b in found if b is not None]


def _bool_rows(profile: Profile) -> list[tuple[str, np.ndarray]]:
    """Yes/no answers to try: the other answer, or both for an unanswered one."""
    rows = []
    for field in BOOL_FIELDS:
        current = getattr(profile, field)
        values = [1.0, 0.0] if current is None else [0.0 if current else 1.0]
        rows.append((field, np.array(values)))
    return rows


def _bool_flips(base: _Base, profile: Profile, degrees: np.ndarray) -> list[FlipPoint]:
    """Yes/no answers whose switch changes the recommendation (checked exactly)."""
    winners = _exact_winners(base, degrees)
    out, start = [], 0
    for field, values in _bool_rows(profile):
        current = getattr(profile, field)
        for value, winner in zip(values, winners[start : start + len(values)], strict=True):
            if winner != base.winner:
                flip = FlipPoint(
                    field, current, bool(value), "switch", CHANNELS[int(winner)], current is None, current
                )
                out.append(flip)
        start += len(values)
    return out


def _to_flip(bracket: _Bracket, profile: Profile) -> FlipPoint:
    """A verified bracket as a FlipPoint in answer units."""
    return FlipPoint(
        field=bracket.field,
        current=getattr(profile, bracket.field),
        value=_value(bracket.field, bracket.far),
        direction="above" if bracket.sign > 0 else "below",
        channel=CHANNELS[bracket.channel],
        was_unknown=bracket.was_unknown,
        unchanged_at=bracket.near_value,
    )


def flip_points(profile: Profile, rules: RuleBase, weights: Weights = None) -> list[FlipPoint]:
    """Where answers would change the recommendation: nearest values above/below, yes/no switches.

    Every numeric field is scanned over a sensible range (SCANS; cost never above price) on a grid of
    linear and log-spaced points plus every rule cut, all fields in one batch; each change found is
    then narrowed, all together, to one unit (¥0.01 or 1) and checked with the one-row path. So
    `value` really flips the recommendation and `unchanged_at` really keeps it. Unanswered fields
    are scanned as "if you answered X" (`was_unknown`).
    """
    base = _base(profile, rules, weights)
    numeric: dict[str, tuple[np.ndarray, int, int]] = {}
    for field in SCANS:
        lo, hi = scan_range(field, profile)
        if hi >= lo:
            cuts = breakpoints(rules, field, profile)
            numeric[field] = (_grid(field, profile, cuts, lo, hi), lo, hi)
    blocks = [(f, _scaled(f, grid)) for f, (grid, _, _) in numeric.items()] + _bool_rows(profile)
    degrees, winners = _score_rows(base, blocks)
    brackets: list[_Bracket] = []
    direct: dict[str, FlipPoint] = {}
    start = 0
    for field, (grid, _, _) in numeric.items():
        stop = start + len(grid)
        found = _numeric_flips(base, profile, field, grid, degrees[start:stop], winners[start:stop])
        if isinstance(found, FlipPoint):
            direct[field] = found
        else:
            brackets += found
        start = stop
    bools = _bool_flips(base, profile, degrees[start:])
    ranges = {field: (lo, hi) for field, (_, lo, hi) in numeric.items()}
    verified = _verify_all(base, _refine(base, brackets), ranges)
    flips = [_to_flip(b, profile) for b in verified] + list(direct.values()) + bools
    order = {name: k for k, name in enumerate(PROFILE_FIELDS)}
    rank = {"below": 0, "any": 1, "above": 2, "switch": 3}
    return sorted(flips, key=lambda f: (order[f.field], rank[f.direction], str(f.value)))


# ---------------------------------------------------------------- everything together


def analyse(
    profile: Profile,
    rules: RuleBase,
    weights: Weights = None,
    samples: int = SAMPLES,
    seed: int = 0,
) -> Analysis:
    """Robustness, one-at-a-time sensitivity and flip points for one profile."""
    rob = robustness(profile, rules, weights, samples, seed)
    return Analysis(
        channel=rob.channel,
        margin=rob.margin,
        robustness=rob,
        sensitivity=tuple(one_at_a_time(profile, rules, weights)),
        flip_points=tuple(flip_points(profile, rules, weights)),
    )


# ---------------------------------------------------------------- words


def format_value(field: str, value: float | int | bool, lang: Lang = DEFAULT_LANG) -> str:
    """An answer as a reader sees it: ¥ amounts for money, yes/no for switches."""
    if isinstance(value, bool):
        return t("analysis.yes" if value else "analysis.no", lang)
    if field in MONEY_FIELDS:
        return t("analysis.money", lang, amount=format_number(value))
    return format_number(value)


def _percent(share: float) -> str:
    return f"{share * 100:.0f}%"


def verdict_text(rob: Robustness, lang: Lang = DEFAULT_LANG) -> str:
    """'E-commerce wins in 87% of 2,000 plausible weightings', or 'no clear winner' when not robust."""
    params = {
        "channel": t(f"channel.{rob.channel}", lang),
        "share": _percent(rob.share),
        "samples": f"{rob.samples:,}",
        "margin": f"{rob.margin:.1f}",
    }
    if rob.robust:
        return t("analysis.verdict.robust", lang, **params)
    key = "analysis.verdict.not_robust_mix" if rob.channel == "mix" else "analysis.verdict.not_robust"
    return t(key, lang, **params)


def flip_text(flip: FlipPoint, lang: Lang = DEFAULT_LANG) -> str:
    """One sentence for a flip point: which answer would put which channel in the lead."""
    unknown = "_unknown" if flip.was_unknown else ""
    params = {
        "field": t(f"field.{flip.field}.label", lang),
        "channel": t(f"channel_inline.{flip.channel}", lang),
    }
    if flip.value is not None:
        params["value"] = format_value(flip.field, flip.value, lang)
    key = f"analysis.flip.{flip.direction}{unknown}"
    return t(key, lang, **params)


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
        change=_percent(abs(change)),
        channel=t(f"channel_inline.{channel}", lang),
    )


def sensitivity_summary(results: Sequence[Sensitivity], lang: Lang = DEFAULT_LANG) -> str:
    """Which dimensions flip the recommendation when their weight moves by the step (±20%)."""
    flipping = [t(f"dimension.{s.dimension}", lang) for s in results if s.flips_at_step]
    step = _percent(results[0].step) if results else _percent(STEP)
    if not flipping:
        return t("analysis.sensitivity.none_at_step", lang, step=step)
    separator = t("analysis.list_separator", lang)
    return t("analysis.sensitivity.at_step", lang, step=step, dimensions=separator.join(flipping))

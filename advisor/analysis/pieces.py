"""Exact first changes of the winner along axes (one answer, or one weight, each), found by pieces.

Along any one answer or weight the three scores are piecewise-linear: linear between the rule
breakpoints (ramp ends, comparison values) and the few kinks the scoring adds (bounds, the mix).
A search starts from the breakpoints, checks each piece for linearity with three interior
probes, splits a piece that is not linear where the lines from its two ends meet (its kink),
and solves each linear piece for the first crossing of the winner with a rival. The crossing is
then settled on the axis's unit grid (cents, whole counts, 0.1% of a weight) through the engine,
so the value reported flips and the unit just short of it does not, and shown at the coarsest
display step (e.g. 2 significant figures) for which that still holds.

All axes advance together: every round is one vectorised `evaluate(axis ids, values)` call.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from advisor.analysis.base import winners

Evaluate = Callable[[np.ndarray, np.ndarray], np.ndarray]  # (axis ids, values) -> scores (n, 3)
Steps = Callable[[float], Sequence[float]]  # display steps for a value, coarsest first
TOLERANCE = 1e-6  # score points: probes off a piece's line by more than this mean a kink
QUARTERS = np.array([0.25, 0.5, 0.75])
MAX_ROUNDS = 8  # rounds of splitting before a stubborn piece (a jump, a curve) is settled on the grid
BISECT_PROBES = 31


def no_steps(_: float) -> Sequence[float]:
    """No display rounding: values are shown on the unit grid."""
    return ()


@dataclass(frozen=True)
class Axis:
    """One direction along one axis: from `start` towards `end` (never past it), on a unit grid."""

    start: float
    end: float
    unit: float
    cuts: tuple[float, ...] = ()  # breakpoints (anywhere; those outside the way are dropped)
    jumps: frozenset[float] = frozenset()  # breakpoints where a score may jump (comparisons)
    steps: Steps = no_steps

    @property
    def sign(self) -> int:
        """+1 searching upwards, -1 downwards."""
        return 1 if self.end >= self.start else -1

    def nodes(self) -> np.ndarray:
        """The start, the breakpoints on the way (outward order) and the end."""
        sign, start, end = self.sign, self.start, self.end
        inner = {c for c in self.cuts if 0 < sign * (c - start) < sign * (end - start)}
        return np.array([start, *sorted(inner, key=lambda c: sign * c), end], dtype=np.float64)


@dataclass(frozen=True)
class Change:
    """Where the winner first changes: `value` flips to `winner`; `short` (one step nearer) does not."""

    value: float
    short: float
    winner: int


# ---------------------------------------------------------------- pieces of all axes


@dataclass(frozen=True)
class _Pieces:
    """Open stretches (a, b), outward per axis, with scores at both ends and at three probes each."""

    axis: np.ndarray  # (m,) axis index
    a: np.ndarray  # (m,)
    b: np.ndarray
    jump_a: np.ndarray  # (m,) whether a score may jump at a
    jump_b: np.ndarray
    at_a: np.ndarray  # (m, 3)
    at_b: np.ndarray
    at_probes: np.ndarray  # (m, 3 probes, 3 channels)

    @property
    def probes(self) -> np.ndarray:
        """Probe positions (m, 3): a quarter, half and three quarters of the way."""
        return self.a[:, None] + (self.b - self.a)[:, None] * QUARTERS

    def take(self, keep: np.ndarray) -> _Pieces:
        """The pieces selected by a mask or indices."""
        return _Pieces(*(getattr(self, name)[keep] for name in _FIELDS))


_FIELDS = ("axis", "a", "b", "jump_a", "jump_b", "at_a", "at_b", "at_probes")


def _probes(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The three probe positions of each piece, flattened (piece by piece)."""
    return (a[:, None] + (b - a)[:, None] * QUARTERS).ravel()


def _line_at(p: _Pieces, x: np.ndarray) -> np.ndarray:
    """Each piece's line per channel (through its outer probes) at one x per piece: (m, 3)."""
    q = p.probes
    with np.errstate(divide="ignore", invalid="ignore"):
        slope = (p.at_probes[:, 2] - p.at_probes[:, 0]) / (q[:, 2] - q[:, 0])[:, None]
    return p.at_probes[:, 0] + slope * (x - q[:, 0])[:, None]


def _bends(p: _Pieces) -> np.ndarray:
    """How far each piece's scores leave its line (m,): mid probe, and ends that do not jump."""
    middle = np.abs(_line_at(p, p.probes[:, 1]) - p.at_probes[:, 1]).max(axis=1)
    at_a = np.where(p.jump_a, 0.0, np.abs(_line_at(p, p.a) - p.at_a).max(axis=1))
    at_b = np.where(p.jump_b, 0.0, np.abs(_line_at(p, p.b) - p.at_b).max(axis=1))
    return np.maximum(middle, np.maximum(at_a, at_b))


def _lowest_lead(p: _Pieces, winner: int) -> np.ndarray:
    """The winner's smallest lead over any rival at the piece's ends and probes (m,)."""
    samples = np.concatenate([p.at_a[:, None], p.at_probes, p.at_b[:, None]], axis=1)  # (m, 5, 3)
    lead = samples[:, :, winner : winner + 1] - samples
    lead[:, :, winner] = np.inf
    return lead.min(axis=(1, 2))


def _crossings(p: _Pieces, winner: int, sign: np.ndarray) -> np.ndarray:
    """Per piece, the first point where a rival's line reaches the winner's line; NaN if none."""
    at_a, at_b = _line_at(p, p.a), _line_at(p, p.b)
    lead_a = at_a[:, winner : winner + 1] - at_a
    lead_b = at_b[:, winner : winner + 1] - at_b
    rivals = np.arange(3) != winner
    with np.errstate(divide="ignore", invalid="ignore"):
        x = p.a[:, None] + (p.b - p.a)[:, None] * lead_a / (lead_a - lead_b)
    x = np.where(rivals & (lead_a > 0) & (lead_b < 0), x, np.nan)
    x = np.where(rivals & (lead_a <= 0), p.a[:, None], x)  # level or behind right after a
    ahead = np.where(np.isnan(x), np.inf, sign[:, None] * x)
    first = ahead.min(axis=1)
    return np.where(np.isinf(first), np.nan, sign * first)


def _kinks(p: _Pieces, k: int) -> list[float]:
    """Where the lines from piece k's two ends meet, per channel; the midpoint if nowhere inside."""
    a, b, q, s = float(p.a[k]), float(p.b[k]), p.probes[k], p.at_probes[k]
    x0, y0, x1, y1 = (q[0], s[0], q[1], s[1]) if p.jump_a[k] else (a, p.at_a[k], q[0], s[0])
    u0, v0, u1, v1 = (q[1], s[1], q[2], s[2]) if p.jump_b[k] else (q[2], s[2], b, p.at_b[k])
    left, right = (y1 - y0) / (x1 - x0), (v1 - v0) / (u1 - u0)
    with np.errstate(divide="ignore", invalid="ignore"):
        meet = x0 + (v0 - y0 + right * (x0 - u0)) / (left - right)
    margin = abs(b - a) * 1e-3
    low, high = min(a, b) + margin, max(a, b) - margin
    inside = sorted({float(x) for x in meet if np.isfinite(x) and low < x < high}, key=lambda x: (b - a) * x)
    return inside or [0.5 * (a + b)]


def _refine(p: _Pieces, split: np.ndarray, evaluate: Evaluate) -> _Pieces:
    """Split the chosen pieces at their kinks; the new ends and probes are scored in one call."""
    ends = [[float(p.a[k]), *(_kinks(p, k) if split[k] else []), float(p.b[k])] for k in range(len(p.a))]
    counts = np.array([len(e) - 1 for e in ends])
    inner = np.array([x for e in ends for x in e[1:-1]], dtype=np.float64)
    inner_axis = np.repeat(p.axis, counts - 1)
    a = np.array([x for e in ends for x in e[:-1]], dtype=np.float64)
    b = np.array([x for e in ends for x in e[1:]], dtype=np.float64)
    axis = np.repeat(p.axis, counts)
    fresh = np.repeat(split, counts)
    scored = evaluate(
        np.concatenate([inner_axis, np.repeat(axis[fresh], 3)]),
        np.concatenate([inner, _probes(a[fresh], b[fresh])]),
    )
    first = np.concatenate([[0], np.cumsum(counts)[:-1]])  # each old piece's first new piece
    last = first + counts - 1
    at_a = np.empty((len(a), 3))
    at_b = np.empty((len(a), 3))
    at_a[first], at_b[last] = p.at_a, p.at_b
    inner_scores = scored[: len(inner)]
    is_first, is_last = np.zeros(len(a), dtype=bool), np.zeros(len(a), dtype=bool)
    is_first[first], is_last[last] = True, True
    at_b[~is_last] = inner_scores
    at_a[~is_first] = inner_scores
    at_probes = np.empty((len(a), 3, 3))
    at_probes[~fresh] = p.at_probes[~split]
    at_probes[fresh] = scored[len(inner) :].reshape(-1, 3, 3)
    jump_a, jump_b = np.zeros(len(a), dtype=bool), np.zeros(len(a), dtype=bool)
    jump_a[first], jump_b[last] = p.jump_a, p.jump_b
    return _Pieces(axis, a, b, jump_a, jump_b, at_a, at_b, at_probes)


def _first_pieces(axes: Sequence[Axis], winner: int, evaluate: Evaluate) -> _Pieces:
    """Score every axis's nodes; keep the pieces up to each axis's first node that changes the
    winner, and score their probes (two calls for all axes)."""
    nodes = [axis.nodes() if abs(axis.end - axis.start) >= axis.unit else np.empty(0) for axis in axes]
    counts = np.array([len(n) for n in nodes])
    ids = np.repeat(np.arange(len(axes)), counts)
    xs = np.concatenate(nodes)
    scored = evaluate(ids, xs)
    offsets = np.concatenate([[0], np.cumsum(counts)[:-1]])
    local = np.arange(len(xs)) - offsets[ids]
    last = counts - 1  # per axis: the node where its stretch ends (the first that changes the winner)
    changed = winners(scored) != winner
    np.minimum.at(last, ids[changed], local[changed])
    jump = np.array([x in axes[k].jumps for k, x in zip(ids.tolist(), xs.tolist(), strict=True)], dtype=bool)
    starts = np.flatnonzero(local < last[ids])  # each piece runs from node i to node i + 1
    ends = starts + 1
    probed = evaluate(np.repeat(ids[starts], 3), _probes(xs[starts], xs[ends]))
    return _Pieces(
        ids[starts],
        xs[starts],
        xs[ends],
        jump[starts],
        jump[ends],
        scored[starts],
        scored[ends],
        probed.reshape(-1, 3, 3),
    )


@dataclass(frozen=True)
class _Job:
    """A located change to settle on one axis's grid: a guess, a point that keeps, maybe one that flips."""

    axis: int
    guess: float
    near: float
    far: float | None
    piece_end: float  # where the walk resumes if the guess does not hold on the grid


def _locate(axes: Sequence[Axis], winner: int, evaluate: Evaluate) -> list[_Job]:
    """Walk every axis's pieces outward, refining bent ones, until each has a first change or none."""
    pieces = _first_pieces(axes, winner, evaluate)
    signs = np.array([axis.sign for axis in axes], dtype=np.float64)
    units = np.array([axis.unit for axis in axes], dtype=np.float64)
    jobs: list[_Job] = []
    rounds = 0
    while len(pieces.a):
        flips_at_b = winners(pieces.at_b) != winner
        bends = _bends(pieces)
        linear = bends <= TOLERANCE
        harmless = _lowest_lead(pieces, winner) > 2 * bends + TOLERANCE  # a bend below the lead
        narrow = np.abs(pieces.b - pieces.a) <= units[pieces.axis]
        settled = linear | harmless | narrow | (rounds >= MAX_ROUNDS)
        estimate = np.where(linear, _crossings(pieces, winner, signs[pieces.axis]), np.nan)
        order = np.arange(len(pieces.a))
        decisive = settled & (np.isfinite(estimate) | flips_at_b)
        first = np.full(len(axes), len(order))
        np.minimum.at(first, pieces.axis, np.where(decisive, order, len(order)))
        pending = ~settled & (order <= first[pieces.axis])
        waiting = np.zeros(len(axes), dtype=bool)
        waiting[pieces.axis[pending]] = True
        for k in np.flatnonzero(~waiting & (first < len(order))):
            i = first[k]
            far = float(pieces.b[i]) if flips_at_b[i] else None
            guess = float(estimate[i]) if np.isfinite(estimate[i]) else float(pieces.b[i])
            jobs.append(_Job(int(k), guess, float(pieces.a[i]), far, float(pieces.b[i])))
        keep = waiting[pieces.axis]
        split = pending[keep]
        pieces = pieces.take(keep)
        if len(pieces.a):
            pieces = _refine(pieces, split, evaluate)
        rounds += 1
    return jobs


# ---------------------------------------------------------------- on the grid, and as shown


def _grid(axis: Axis, low: float, high: float) -> np.ndarray:
    """Unit-grid values strictly beyond the start, from `low` to `high` in the search's direction."""
    sign, unit = axis.sign, axis.unit
    first = math.floor(axis.start / unit + 1e-9) + 1 if sign > 0 else math.ceil(axis.start / unit - 1e-9) - 1
    last = math.floor(axis.end / unit + 1e-9) if sign > 0 else math.ceil(axis.end / unit - 1e-9)
    lo_k = max(sign * first, sign * round(low / unit))
    hi_k = min(sign * last, sign * round(high / unit))
    return np.arange(lo_k, hi_k + 1, dtype=np.float64) * sign * unit


def _window(axis: Axis, guess: float) -> np.ndarray:
    """A few grid units around a guessed crossing."""
    return _grid(axis, guess - axis.sign * 2 * axis.unit, guess + axis.sign * 3 * axis.unit)


def _shown_candidates(axis: Axis, value: float) -> list[tuple[float, float]]:
    """(shown value, one step short) per display step: rounded away from the start, not past the
    end, with the value one step short still between the start and the shown value."""
    sign, out = axis.sign, []
    for step in axis.steps(value):
        shown = _clean((math.ceil if sign > 0 else math.floor)(value / step - sign * 1e-9) * step, axis.unit)
        short = _clean(shown - sign * step, axis.unit)
        if sign * (shown - axis.end) <= 0 and sign * (short - axis.start) >= 0:
            out.append((shown, short))
    return out


def _grid_short(axis: Axis, value: float) -> float:
    """One grid unit short of a change, or the answer itself when that unit would pass it."""
    short = _clean(value - axis.sign * axis.unit, axis.unit)
    return short if axis.sign * (short - axis.start) >= 0 else axis.start


def _on_grid(axis: Axis, winner: int, window: np.ndarray, won: np.ndarray) -> Change | float | None:
    """The first grid change in a scored window: a Change, or a far point to bisect to, or None."""
    flipped = np.flatnonzero(won != winner)
    if not len(flipped):
        return None
    k = int(flipped[0])
    if k:
        return Change(_clean(window[k], axis.unit), _clean(window[k - 1], axis.unit), int(won[k]))
    if axis.sign * (window[0] - axis.sign * axis.unit - axis.start) <= 0:
        return Change(_clean(window[0], axis.unit), axis.start, int(won[0]))
    return float(window[0])


def _bisect(axis: Axis, k: int, winner: int, near: float, far: float, evaluate: Evaluate) -> Change | float:
    """Narrow near (keeps the winner) .. far (does not) to adjacent grid units, many probes a round.

    A far point off the grid (a breakpoint where a rival only ties for an instant) is no answer
    anyone can give: the grid unit beyond it decides, and where that keeps the winner the search
    resumes from there (returned as a float).
    """
    sign, unit = axis.sign, axis.unit
    far_winner: int | None = None
    while True:
        inner = _grid(axis, near, far)
        inner = inner[(sign * inner > sign * near) & (sign * inner < sign * far)]
        if not len(inner) and not _on_unit_grid(far, unit):
            beyond = _grid(axis, far, far + sign * unit)
            beyond = beyond[sign * beyond > sign * far]
            if not len(beyond):
                return axis.end
            near, far = far, float(beyond[0])
            far_winner = int(winners(evaluate(np.array([k]), np.array([far])))[0])
            if far_winner == winner:
                return far
            continue
        if not len(inner):
            if far_winner is None:
                far_winner = int(winners(evaluate(np.array([k]), np.array([far])))[0])
            return Change(_clean(far, unit), near, far_winner)
        picks = inner[
            np.unique(np.linspace(0, len(inner) - 1, min(BISECT_PROBES, len(inner))).round().astype(int))
        ]
        won = winners(evaluate(np.full(len(picks), k), picks))
        flipped = np.flatnonzero(won != winner)
        if not len(flipped):
            near = float(picks[-1])
            continue
        i = int(flipped[0])
        far, far_winner = float(picks[i]), int(won[i])
        near = float(picks[i - 1]) if i else near


def _shown(
    axes: Sequence[Axis],
    winner: int,
    changes: dict[int, Change],
    known: dict[tuple[int, float], int],
    evaluate: Evaluate,
) -> dict[int, Change]:
    """Each change at the coarsest display step that still flips while one step short does not.

    `axes` are the searches as first asked (not as resumed past a false crossing): a change is the
    first one beyond the answer, so every value from the answer up to it keeps the winner, and a
    shown value's step short may lie anywhere in that stretch. Otherwise the change stays on the
    unit grid, one unit short of it.
    """
    candidates = {k: _shown_candidates(axes[k], c.value) for k, c in changes.items()}
    shorts = {
        k: short
        for k, c in changes.items()
        if not math.isclose(c.short, short := _grid_short(axes[k], c.value), abs_tol=axes[k].unit * 1e-6)
    }  # changes whose short is off the grid or was a resumed search's start
    known = {**known, **{(k, axes[k].start): winner for k in changes}}  # the answer keeps its winner
    missing = sorted(
        ({(k, x) for k, pairs in candidates.items() for pair in pairs for x in pair} | set(shorts.items()))
        - known.keys()
    )
    if missing:
        ids, xs = np.array([k for k, _ in missing]), np.array([x for _, x in missing])
        known = {**known, **dict(zip(missing, winners(evaluate(ids, xs)).tolist(), strict=True))}
    out = {
        k: Change(c.value, shorts[k], c.winner) if k in shorts and known[(k, shorts[k])] == winner else c
        for k, c in changes.items()
    }
    for k, pairs in candidates.items():
        for shown, short in pairs:
            if known[(k, shown)] != winner and known[(k, short)] == winner:
                out[k] = Change(shown, short, known[(k, shown)])
                break
    return out


def first_changes(axes: Sequence[Axis], winner: int, evaluate: Evaluate) -> list[Change | None]:
    """For every axis, the first value beyond its start where the winner is not `winner`, or None.

    Located by pieces, settled on the grid (a few units around each crossing, scored together with
    the display candidates), bisected only where a crossing was not where the lines put it.
    """
    results: dict[int, Change] = {}
    todo = list(range(len(axes)))
    current = list(axes)
    while todo:
        jobs = _locate([current[k] for k in todo], winner, _renumbered(evaluate, todo))
        jobs = [_Job(todo[j.axis], j.guess, j.near, j.far, j.piece_end) for j in jobs]
        windows = {j.axis: _window(current[j.axis], j.guess) for j in jobs}
        predicted = {
            j.axis: [
                x
                for pair in _shown_candidates(
                    current[j.axis], float(windows[j.axis][min(2, len(windows[j.axis]) - 1)])
                )
                for x in pair
            ]
            if len(windows[j.axis])
            else []
            for j in jobs
        }
        ids = np.concatenate(
            [np.full(len(windows[j.axis]) + len(predicted[j.axis]), j.axis) for j in jobs] or [np.empty(0)]
        )
        xs = np.concatenate(
            [np.concatenate([windows[j.axis], predicted[j.axis]]) for j in jobs] or [np.empty(0)]
        )
        won = winners(evaluate(ids.astype(np.intp), xs)) if len(xs) else np.empty(0, dtype=np.intp)
        known = dict(zip(zip(ids.astype(int).tolist(), xs.tolist(), strict=True), won.tolist(), strict=True))
        found: dict[int, Change] = {}
        retry: list[int] = []
        for j in jobs:
            axis, window = current[j.axis], windows[j.axis]
            at = np.array([known[(j.axis, x)] for x in window.tolist()], dtype=np.intp)
            result = _on_grid(axis, winner, window, at)
            if isinstance(result, float):
                result = _bisect(axis, j.axis, winner, j.near, result, evaluate)
            elif result is None and j.far is not None:
                result = _bisect(axis, j.axis, winner, j.near, j.far, evaluate)
            if isinstance(result, Change):
                found[j.axis] = result
            else:  # the crossing did not hold on the grid: walk on from there (or the piece's end)
                current[j.axis] = _resume(axis, j.piece_end if result is None else result)
                retry.append(j.axis)
        results.update(_shown(axes, winner, found, known, evaluate))
        todo = [k for k in retry if abs(current[k].end - current[k].start) >= current[k].unit]
    return [results.get(k) for k in range(len(axes))]


def _renumbered(evaluate: Evaluate, todo: list[int]) -> Evaluate:
    """The evaluator seen by a search over a subset of the axes (its ids count from 0)."""
    index = np.array(todo, dtype=np.intp)

    def on_subset(ids: np.ndarray, xs: np.ndarray) -> np.ndarray:
        """Scores for values on the subset's axes, by their ids in the whole set."""
        return evaluate(index[ids], xs)

    return on_subset


def _resume(axis: Axis, start: float) -> Axis:
    """The same search, restarted from a later point known to keep the winner."""
    return Axis(start, axis.end, axis.unit, axis.cuts, axis.jumps, axis.steps)


def _on_unit_grid(value: float, unit: float) -> bool:
    """Whether a value is a whole number of units (up to float noise)."""
    return abs(round(value / unit) * unit - value) < unit * 1e-6


def _clean(value: float, unit: float) -> float:
    """A grid value without float noise (e.g. 1234.5600000001 -> 1234.56); off-grid values kept."""
    snapped = round(value / unit) * unit
    digits = max(0, -math.floor(math.log10(unit))) if unit < 1 else 0
    return round(snapped, digits + 6) if abs(snapped - value) < unit * 1e-6 else value

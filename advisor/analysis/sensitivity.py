"""One weight at a time: the recommendation at ±step, and the smallest change that flips it, exactly.

Along one dimension's weight every channel's raw points are linear (points = weight x that
dimension's rule points), so the scores are piecewise-linear and the first change is solved by
pieces (pieces.py), on a grid of 0.1% and shown as whole percents where that still flips.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from advisor.analysis.base import Base, Weights, base_of, scores_for_weights, winners
from advisor.analysis.pieces import Axis, Change, first_changes
from advisor.profile import Profile
from advisor.rules import CHANNELS, DIMENSIONS, MAX_WEIGHT, Channel, RuleBase

STEP = 0.2
MAX_INCREASE = 4.0  # relative changes searched: down to -100%, up to +400% (never past MAX_WEIGHT)
RESOLUTION = 0.001  # relative changes are settled to 0.1% ...
SHOWN = (0.01,)  # ... and shown as whole percents where that still flips


@dataclass(frozen=True)
class Sensitivity:
    """One dimension's weight changed alone: the channel at ±step and the smallest change that flips.

    Changes are relative: +0.35 means the weight x 1.35, -1.0 the weight set to 0. `keep_down` and
    `keep_up` are the changes one shown step smaller, which keep the recommendation.
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
    keep_down: float | None = None
    keep_up: float | None = None

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

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready numbers and codes (the sentence is added by the report layer)."""
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
            "keep_down": self.keep_down,
            "keep_up": self.keep_up,
        }


def _top(weight: float) -> float:
    """The largest relative increase searched: +400%, or up to MAX_WEIGHT."""
    return min(MAX_INCREASE, MAX_WEIGHT / weight - 1.0)


def _shown_steps(_: float) -> tuple[float, ...]:
    """Weight changes are shown as whole percents where they still flip."""
    return SHOWN


def _weight_rows(base: Base, dims: np.ndarray, changes: np.ndarray) -> np.ndarray:
    """Weight vectors (n, dimensions): the weights in use, one dimension changed by a relative step each."""
    rows = np.repeat(base.weights[None, :], len(changes), axis=0)
    rows[np.arange(len(changes)), dims] = base.weights[dims] * (1.0 + changes)
    return rows


def sensitivities_of(base: Base, step: float = STEP) -> list[Sensitivity]:
    """±step for every dimension, and the nearest flipping change down and up, all searched together."""
    n = len(DIMENSIONS)
    dims = np.arange(n)
    at_step = winners(
        scores_for_weights(base, _weight_rows(base, np.repeat(dims, 2), np.tile([-step, step], n)))
    )
    searched = [d for d in range(n) if base.weights[d] > 0]
    axes = [
        Axis(0.0, end, RESOLUTION, steps=_shown_steps)
        for d in searched
        for end in (-1.0, _top(float(base.weights[d])))
    ]
    axis_dims = np.repeat(np.array(searched, dtype=np.intp), 2)

    def evaluate(ids: np.ndarray, changes: np.ndarray) -> np.ndarray:
        """Scores with each row's search dimension changed by its relative step."""
        return scores_for_weights(base, _weight_rows(base, axis_dims[ids], changes))

    found = iter(first_changes(axes, base.winner, evaluate))
    out = []
    for d in range(n):
        down, up = (next(found), next(found)) if d in searched else (None, None)
        out.append(_sensitivity(base, d, step, at_step[2 * d : 2 * d + 2], down, up))
    return out


def _sensitivity(
    base: Base, d: int, step: float, at_step: np.ndarray, down: Change | None, up: Change | None
) -> Sensitivity:
    """The numbers of one dimension as a Sensitivity (changes relative to the weight in use)."""
    return Sensitivity(
        dimension=DIMENSIONS[d],
        weight=float(base.weights[d]),
        step=step,
        channel=CHANNELS[base.winner],
        down=CHANNELS[int(at_step[0])],
        up=CHANNELS[int(at_step[1])],
        flip_down=None if down is None else down.value,
        flip_down_channel=None if down is None else CHANNELS[down.winner],
        flip_up=None if up is None else up.value,
        flip_up_channel=None if up is None else CHANNELS[up.winner],
        keep_down=None if down is None else down.short,
        keep_up=None if up is None else up.short,
    )


def one_at_a_time(
    profile: Profile, rules: RuleBase, weights: Weights = None, step: float = STEP
) -> list[Sensitivity]:
    """Each dimension weight alone x (1 - step) and x (1 + step), and the smallest change that flips.

    A zero weight has no relative change, so its flip changes are None. The ±step check itself is
    not capped at MAX_WEIGHT.
    """
    return sensitivities_of(base_of(profile, rules, weights), step)

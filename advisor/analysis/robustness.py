"""Robustness: how often each channel wins when every dimension weight is drawn around its value.

Vectorised over the samples, with memory samples x dimensions (not samples x rules): each
dimension's rule points are summed once, then every sample's raw points are one product.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from advisor.analysis.base import Base, Weights, base_of, clear_lead, scores_for_weights, winners
from advisor.profile import Profile
from advisor.rules import CHANNELS, Channel, RuleBase

SAMPLES = 2000
SPREAD = 0.5
METHOD = "uniform-factor-0.5-1.5"


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


def sample_weights(weights: np.ndarray, samples: int, seed: int) -> np.ndarray:
    """Seeded plausible weightings (samples, dimensions): each weight x an independent U(0.5, 1.5)."""
    rng = np.random.default_rng(seed)
    return weights * rng.uniform(1.0 - SPREAD, 1.0 + SPREAD, size=(samples, len(weights)))


def robustness_of(base: Base, samples: int = SAMPLES, seed: int = 0) -> Robustness:
    """Share of sampled weightings each channel wins, for an already scored profile."""
    if samples < 1:
        raise ValueError(f"samples must be at least 1, got {samples}")
    won = winners(scores_for_weights(base, sample_weights(base.weights, samples, seed)))
    counts = np.bincount(won, minlength=len(CHANNELS))
    shares = {c: float(counts[k] / samples) for k, c in enumerate(CHANNELS)}
    channel = CHANNELS[base.winner]
    scoring = base.rules.scoring
    robust = shares[channel] >= scoring.robust_share and base.margin >= clear_lead(base)
    return Robustness(channel, base.margin, shares, samples, seed, METHOD, bool(robust))


def robustness(
    profile: Profile, rules: RuleBase, weights: Weights = None, samples: int = SAMPLES, seed: int = 0
) -> Robustness:
    """Share of plausible weightings each channel wins, and whether the recommendation is robust.

    Method: `samples` weightings are drawn with numpy's default generator seeded with `seed`; in
    each, every dimension's weight (the weights in use) is multiplied by its own independent
    factor, uniform on [0.5, 1.5]. The recommendation is robust when it wins at least the file's
    `robust_share` of the samples and its lead reaches the file's `clear_lead`.
    """
    if samples < 1:
        raise ValueError(f"samples must be at least 1, got {samples}")
    return robustness_of(base_of(profile, rules, weights), samples, seed)

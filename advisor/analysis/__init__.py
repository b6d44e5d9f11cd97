"""Trust checks on a recommendation: robustness to the weights, weight sensitivity, flip points.

Pure numbers, no text (the sentences live in advisor/verdicts.py). Flip points and the
one-at-a-time sensitivity are solved exactly by pieces (pieces.py); robustness samples weightings.
All flip-point searches advance together (one engine call a round), as do all sensitivity
searches (one weight product a round).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from advisor.analysis.base import Weights, base_of, clear_lead, winners
from advisor.analysis.flips import (
    MONEY_FIELDS,
    SCANS,
    FlipPoint,
    breakpoints,
    flip_points,
    flips_of,
    scan_range,
)
from advisor.analysis.robustness import SAMPLES, Robustness, robustness, robustness_of
from advisor.analysis.sensitivity import STEP, Sensitivity, one_at_a_time, sensitivities_of
from advisor.engine import PRECISION
from advisor.profile import Profile
from advisor.rules import Channel, RuleBase

__all__ = [
    "MONEY_FIELDS",
    "PRECISION",
    "SAMPLES",
    "SCANS",
    "STEP",
    "Analysis",
    "FlipPoint",
    "Robustness",
    "Sensitivity",
    "analyse",
    "breakpoints",
    "clear_lead",
    "flip_points",
    "one_at_a_time",
    "robustness",
    "scan_range",
    "winners",
]


@dataclass(frozen=True)
class Analysis:
    """Robustness, one-at-a-time sensitivity and flip points for one recommendation."""

    channel: Channel
    margin: float
    clear_lead: float  # the clear-lead threshold at the weights in use
    robust_share: float  # the share of weightings a robust winner must win
    robustness: Robustness
    sensitivity: tuple[Sensitivity, ...]
    flip_points: tuple[FlipPoint, ...]

    @property
    def close_race(self) -> bool:
        """Whether the lead is below the clear-lead threshold (a margin question, not the weights)."""
        return self.margin < self.clear_lead

    @property
    def weight_sensitive(self) -> bool:
        """Whether the winner wins too few plausible weightings (a weights question, not the margin)."""
        return self.robustness.share < self.robust_share

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready numbers and codes; the report layer adds the sentences (advisor.verdicts)."""
        return {
            "recommendation": self.channel,
            "margin": round(self.margin, 2),
            "clear_lead": round(self.clear_lead, 2),
            "close_race": self.close_race,
            "weight_sensitive": self.weight_sensitive,
            "robustness": self.robustness.to_dict(),
            "flip_points": [f.to_dict() for f in self.flip_points],
            "sensitivity": [s.to_dict() for s in self.sensitivity],
        }


def analyse(
    profile: Profile, rules: RuleBase, weights: Weights = None, samples: int = SAMPLES, seed: int = 0
) -> Analysis:
    """Robustness, one-at-a-time sensitivity and flip points for one profile."""
    base = base_of(profile, rules, weights)
    rob = robustness_of(base, samples, seed)
    return Analysis(
        channel=rob.channel,
        margin=base.margin,
        clear_lead=clear_lead(base),
        robust_share=rules.scoring.robust_share,
        robustness=rob,
        sensitivity=tuple(sensitivities_of(base)),
        flip_points=tuple(flips_of(base, profile)),
    )

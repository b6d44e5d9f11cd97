"""What-if data: the founder's profile with one answer varied, scored by the engine in one call."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal

import numpy as np
import pandas as pd

from advisor.engine import encode_profiles, score_columns
from advisor.profile import Profile
from advisor.rules import CHANNELS, RuleBase, load_rules

WhatIfField = Literal["monthly_budget", "team_size"]
WHAT_IF_FIELDS: tuple[WhatIfField, ...] = ("monthly_budget", "team_size")
BUDGET_GRID: tuple[float, ...] = (
    0, 250, 500, 1000, 1500, 2000, 3000, 4000, 5000, 7500, 10_000, 15_000, 20_000,
    30_000, 40_000, 50_000, 75_000, 100_000, 150_000,
)  # fmt: skip
TEAM_GRID: tuple[int, ...] = (1, 2, 3, 4, 5, 6, 8, 10, 15, 20)


def what_if_values(profile: Profile, field: WhatIfField) -> list[float]:
    """The answers to try for a what-if curve: a fixed grid plus the founder's own answer."""
    own = getattr(profile, field)
    grid = TEAM_GRID if field == "team_size" else BUDGET_GRID
    return sorted({*grid, own})


def what_if_profiles(
    profile: Profile, fields: Sequence[WhatIfField], values: Mapping[str, Sequence[float]] | None = None
) -> list[tuple[str, Profile]]:
    """The profiles a what-if tries: the founder's own with one answer changed, each validated."""
    answers = profile.answers()
    tried: list[tuple[str, Profile]] = []
    for field in fields:
        own = getattr(profile, field)
        given = (values or {}).get(field)
        grid = sorted({*given, own}) if given is not None else what_if_values(profile, field)
        for value in grid:
            typed = int(value) if field == "team_size" else float(value)
            tried.append((field, Profile.model_validate({**answers, field: typed})))
    return tried


def what_if_frame(
    profile: Profile,
    fields: Sequence[WhatIfField] = WHAT_IF_FIELDS,
    values: Mapping[str, Sequence[float]] | None = None,
    rules: RuleBase | None = None,
    weights: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """Each channel's score as one answer varies, the others kept: long form for line charts.

    Columns: field, value, channel, score, founder (True at the founder's own answer). The
    profiles for every field are encoded and scored by the engine together, with the weights given.
    """
    tried = what_if_profiles(profile, fields, values)
    cols = encode_profiles([p for _, p in tried])
    result = score_columns(cols, rules or load_rules(), weights, keep_degrees=False)
    scores = result.scores.round(2)
    tried_values = [float(getattr(p, field)) for field, p in tried]
    n = len(CHANNELS)
    return pd.DataFrame(
        {
            "field": [f for f, _ in tried for _ in CHANNELS],
            "value": np.repeat(np.array(tried_values), n),
            "channel": list(CHANNELS) * len(tried),
            "score": scores.reshape(-1),
            "founder": np.repeat(
                np.array(
                    [v == float(getattr(profile, f)) for (f, _), v in zip(tried, tried_values, strict=True)]
                ),
                n,
            ),
        }
    )

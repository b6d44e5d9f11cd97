"""Weight overrides checked by one rule: known dimensions, numbers by the digit rule, within range."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from advisor.errors import Problem, WeightError
from advisor.i18n import DEFAULT_LANG, Lang
from advisor.profile import parse_number
from advisor.rules import DIMENSIONS, MAX_WEIGHT


def weight_number(value: Any) -> float | None:
    """A weight as a float: numbers (not bools) and text by the digit rule; None if it is neither."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str):
        return parse_number(value)
    if isinstance(value, (int, float)):
        try:
            number = float(value)
        except OverflowError:  # an int too large for a float
            return None
        return number if math.isfinite(number) else None
    return None


def _weight_problem(name: str, value: Any) -> Problem | None:
    """What is wrong with one override, or None."""
    if name not in DIMENSIONS:
        return Problem(f"weight.{name}", "weight_unknown", name, DIMENSIONS)
    number = weight_number(value)
    if number is None or not 0 <= number <= MAX_WEIGHT:
        params = {"kind": "float", "low": 0, "high": MAX_WEIGHT}
        return Problem(f"weight.{name}", "weight_range", value, (), params)
    return None


def weight_problems(weights: Mapping[Any, Any]) -> list[Problem]:
    """Every weight that names no dimension, is not a number or lies outside 0..MAX_WEIGHT."""
    return [p for name, value in weights.items() if (p := _weight_problem(str(name), value))]


def check_weights(
    overrides: Mapping[Any, Any] | None, defaults: Mapping[str, float], lang: Lang = DEFAULT_LANG
) -> dict[str, float]:
    """The defaults with the overrides applied; WeightError listing every bad override."""
    given = dict(overrides or {})
    problems = weight_problems(given)
    if problems:
        raise WeightError(*problems, lang=lang)
    return {**defaults, **{str(name): weight_number(value) or 0.0 for name, value in given.items()}}


def refuse_all_zero(weights: Mapping[str, float], lang: Lang = DEFAULT_LANG) -> None:
    """Weights that are all 0 make every rule count for nothing: an input to refuse, not to score."""
    if all(weights.get(d, 0.0) == 0 for d in DIMENSIONS):
        raise WeightError(Problem("weights", "weights_all_zero"), lang=lang)

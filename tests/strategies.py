"""Hypothesis strategies for valid founder profiles, shared by the property tests."""

from __future__ import annotations

from hypothesis import strategies as st

from advisor.profile import FIELD_SPECS, Profile

MAX_TEST_NUMBER = 1_000_000  # well past every ramp in the rule base, small enough to shrink well


def _value(name: str) -> st.SearchStrategy:
    spec = FIELD_SPECS[name]
    if spec.kind == "choice":
        return st.sampled_from(spec.choices)
    if spec.kind == "bool":
        return st.booleans()
    high = min(spec.le, MAX_TEST_NUMBER)
    if spec.kind == "int":
        return st.integers(int(spec.ge), int(high))
    return st.floats(spec.ge, high, allow_nan=False, allow_infinity=False)


@st.composite
def answers(draw: st.DrawFn) -> dict:
    """Random valid answers: every required field, each optional one given or left unknown."""
    data = {}
    for name, spec in FIELD_SPECS.items():
        if spec.required or draw(st.booleans()):
            data[name] = draw(_value(name))
    if "unit_cost" in data and "retail_price" in data and data["unit_cost"] > data["retail_price"]:
        data["unit_cost"], data["retail_price"] = data["retail_price"], data["unit_cost"]
    if data.get("retail_price") == 0:
        data["retail_price"] = 0.01
    return data


def profiles() -> st.SearchStrategy[Profile]:
    """Random valid Profile objects."""
    return answers().map(Profile.model_validate)


def weightings() -> st.SearchStrategy[dict[str, float]]:
    """Random dimension weights anywhere in the allowed range 0-5 (None-free, every dimension)."""
    from advisor.rules import DIMENSIONS, MAX_WEIGHT

    return st.fixed_dictionaries({d: st.floats(0.0, MAX_WEIGHT) for d in DIMENSIONS})

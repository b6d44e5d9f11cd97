"""The founder's profile: the validated answers every recommendation starts from."""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from typing import Annotated, Any, Literal, TypeGuard

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from advisor.errors import Problem, ProfileError
from advisor.i18n import DEFAULT_LANG, Lang
from advisor.messages import allowed_words, describe

Category = Literal["fmcg", "apparel", "electronics", "home_goods", "knowledge", "handmade", "other"]
Level = Literal["low", "medium", "high"]
PriceStrategy = Literal["compete", "tailored"]
# S7: the WeChat low bar holds for an agent of an existing brand, whose brand does the operations;
# a brand owner does that work; a reseller buys stock and sells it under others' brands.
Role = Literal["agent", "brand_owner", "reseller"]

MAX_MONEY = 100_000_000.0
MAX_COUNT = 100_000_000


class Profile(BaseModel):
    """A founder's answers; optional fields left as None are unknown and fire no rule."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    category: Category
    monthly_budget: Annotated[float, Field(ge=0, le=MAX_MONEY)]
    team_size: Annotated[int, Field(ge=1, le=100_000)]
    part_time: bool
    social_reach: Annotated[int | None, Field(ge=0, le=MAX_COUNT)] = None
    sku_count: Annotated[int | None, Field(ge=1, le=1_000_000)] = None
    retail_price: Annotated[float | None, Field(ge=0.01, le=MAX_MONEY)] = None
    unit_cost: Annotated[float | None, Field(ge=0, le=MAX_MONEY)] = None
    after_sales: Level | None = None
    price_strategy: PriceStrategy | None = None
    purchase_frequency: Level | None = None
    data_skills: bool | None = None
    self_media: bool | None = None
    risk_tolerance: Level | None = None
    role: Role | None = None

    @model_validator(mode="after")
    def _cost_within_price(self) -> Profile:
        """Unit cost above the retail price would mean selling at a loss by design."""
        if (
            self.unit_cost is not None
            and self.retail_price is not None
            and self.unit_cost > self.retail_price
        ):
            raise ValueError("unit_cost_above_price")
        return self

    def answers(self) -> dict[str, Any]:
        """The answers given, unknown ones left out (what a share link or CSV row carries)."""
        return self.model_dump(exclude_none=True)


@dataclass(frozen=True)
class FieldSpec:
    """What one profile field accepts, read from the pydantic model so there is one truth."""

    name: str
    kind: Literal["choice", "int", "float", "bool"]
    required: bool
    choices: tuple[str, ...] = ()
    ge: float | None = None
    le: float | None = None


_KINDS: dict[str, Literal["int", "float", "bool"]] = {"integer": "int", "number": "float", "boolean": "bool"}


def _spec_from_schema(name: str, prop: dict[str, Any], *, required: bool) -> FieldSpec:
    """A FieldSpec from one property of the model's JSON schema (an optional one is anyOf [x, null])."""
    base = next((p for p in prop.get("anyOf", [prop]) if p.get("type") != "null"), prop)
    if "enum" in base:
        return FieldSpec(name, "choice", required, tuple(base["enum"]))
    return FieldSpec(name, _KINDS[base["type"]], required, (), base.get("minimum"), base.get("maximum"))


def _field_specs() -> dict[str, FieldSpec]:
    """Every field's spec, in the model's order."""
    schema = Profile.model_json_schema()
    required = set(schema.get("required", ()))
    return {
        name: _spec_from_schema(name, prop, required=name in required)
        for name, prop in schema["properties"].items()
    }


FIELD_SPECS: dict[str, FieldSpec] = _field_specs()
PROFILE_FIELDS: tuple[str, ...] = tuple(FIELD_SPECS)
REQUIRED_FIELDS: tuple[str, ...] = tuple(n for n, s in FIELD_SPECS.items() if s.required)
OPTIONAL_FIELDS: tuple[str, ...] = tuple(n for n, s in FIELD_SPECS.items() if not s.required)
# Derived from the answers by the engine; rules may test them like any field.
DERIVED_FIELDS: dict[str, FieldSpec] = {
    "gross_margin": FieldSpec("gross_margin", "float", required=False, ge=0.0, le=1.0),
}


def is_number(value: Any) -> TypeGuard[float]:
    """A finite int or float that is not a bool (what rule files and saved documents may hold)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


# ---------------------------------------------------------------- one digit rule

MAX_NUMBER_CHARS = 64  # longer text is not a number anyone typed
_DIGITS = r"\d+(_\d+)*"  # Python's and pydantic's digit groups: 1_000
_NUMBER = re.compile(rf"[+-]?({_DIGITS}(\.({_DIGITS})?)?|\.{_DIGITS})([eE][+-]?\d{{1,3}})?", re.ASCII)


def ascii_digits(text: str) -> str:
    """Full-width (２０００) and other Unicode decimal digits (٢) as ASCII, full-width signs too."""
    folded = unicodedata.normalize("NFKC", text)
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in folded)


def parse_number(text: str) -> float | None:
    """The one digit rule for answers and weights: a plain decimal in any script's digits, finite.

    `1e3`, `+2`, `.5`, `1_000`, `２０００` and `٢` are numbers; `1,000`, `1__0`, `inf`, `nan`, `0x10`
    and anything over 64 characters are not (None).
    """
    if len(text) > MAX_NUMBER_CHARS:
        return None
    folded = ascii_digits(text.strip())
    if not _NUMBER.fullmatch(folded):
        return None
    number = float(folded)
    return number if math.isfinite(number) else None


# ---------------------------------------------------------------- problems as data


def field_problem_data(name: str, code: str, value: Any = None) -> Problem:
    """A problem with one field, carrying what the field allows (choices, or kind and range)."""
    spec = FIELD_SPECS.get(name)
    if spec is None:
        return Problem(name, "unknown_field", name, PROFILE_FIELDS)
    if spec.kind == "choice":
        return Problem(name, code, value, spec.choices, {"kind": "choice"})
    if spec.kind == "bool":
        return Problem(name, code, value, (), {"kind": "bool"})
    return Problem(name, code, value, (), {"kind": spec.kind, "low": spec.ge, "high": spec.le})


def allowed_text(name: str, lang: Lang = DEFAULT_LANG) -> str:
    """Say in words what a field accepts: its choices' labels, or its kind and range."""
    return allowed_words(field_problem_data(name, "invalid"), lang)


def field_problem(name: str, value: Any, lang: Lang = DEFAULT_LANG) -> str:
    """One sentence for a bad or missing value, naming the field by its label (for the app's link)."""
    code = "missing" if value is None else "invalid"
    return describe(field_problem_data(name, code, value), lang)


def _typed_number(spec: FieldSpec, value: Any) -> tuple[Any, Problem | None]:
    """A numeric answer as a number, or the problem: text by the digit rule, no bools, no fractions."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return value, field_problem_data(spec.name, "invalid", value)
    number = parse_number(value) if isinstance(value, str) else value
    if number is None or (isinstance(number, float) and not math.isfinite(number)):
        return value, field_problem_data(spec.name, "invalid", value)
    if spec.kind == "int":
        if isinstance(number, float) and not number.is_integer():
            return value, field_problem_data(spec.name, "not_whole", value)
        return int(number), None
    return float(number), None


def _pre_typed(data: dict[str, Any]) -> tuple[dict[str, Any], list[Problem]]:
    """Numeric answers turned into numbers by one rule before the model sees them; bool text folded."""
    typed: dict[str, Any] = {}
    problems: list[Problem] = []
    for name, value in data.items():
        spec = FIELD_SPECS.get(name)
        if spec is not None and spec.kind in ("int", "float"):
            value, problem = _typed_number(spec, value)
            if problem is not None:
                problems.append(problem)
                continue
        elif spec is not None and spec.kind == "bool" and isinstance(value, str):
            value = ascii_digits(value)
        typed[name] = value
    return typed, problems


def _problems(error: ValidationError, data: dict[str, Any]) -> list[Problem]:
    """Pydantic's errors as problems, one per field, values as typed."""
    found: dict[str, Problem] = {}
    for item in error.errors():
        field = str(item["loc"][0]) if item["loc"] else ""
        if item["type"] == "value_error" and "unit_cost_above_price" in item["msg"]:
            found.setdefault("unit_cost", _cost_problem(data))
        elif item["type"] == "missing":
            found.setdefault(field, field_problem_data(field, "missing"))
        else:
            found.setdefault(field, field_problem_data(field, "invalid", data.get(field)))
    return list(found.values())


def _cost_problem(data: dict[str, Any]) -> Problem:
    """Unit cost above the retail price, both values carried."""
    params = {"other_field": "retail_price", "other": data.get("retail_price")}
    return Problem("unit_cost", "cost_above_price", data.get("unit_cost"), (), params)


def clean_answers(data: dict[str, Any]) -> dict[str, Any]:
    """Trim text answers and drop blank ones, so padding never matters and blank means unknown."""
    trimmed = {k: v.strip() if isinstance(v, str) else v for k, v in data.items()}
    return {k: v for k, v in trimmed.items() if v is not None and v != ""}


def parse_profile(data: dict[str, Any], lang: Lang = DEFAULT_LANG) -> Profile:
    """Validate raw answers (from a form, a URL, a CSV row or JSON) into a Profile.

    Raises ProfileError with one problem per bad field; `lang` only sets the language of str(error).
    """
    cleaned = clean_answers(data)
    typed, problems = _pre_typed(cleaned)
    try:
        profile = Profile.model_validate(typed)
    except ValidationError as error:
        bad = {p.field for p in problems}
        problems += [p for p in _problems(error, cleaned) if p.field not in bad]
    if problems:
        order = {name: i for i, name in enumerate(PROFILE_FIELDS)}
        problems.sort(key=lambda p: order.get(p.field, len(order)))
        raise ProfileError(*problems, lang=lang)
    return profile

"""The founder's profile: the validated answers every recommendation starts from."""

from __future__ import annotations

import math
from dataclasses import dataclass
from types import UnionType
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from annotated_types import Ge, Le
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from advisor.i18n import DEFAULT_LANG, Lang, format_number, t

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


def _spec_from_field(name: str) -> FieldSpec:
    """Derive a FieldSpec from the model's annotation and constraints."""
    info = Profile.model_fields[name]
    annotation = info.annotation
    is_union = get_origin(annotation) in (Union, UnionType)
    base = next(a for a in get_args(annotation) if a is not type(None)) if is_union else annotation
    ge = next((m.ge for m in info.metadata if isinstance(m, Ge)), None)
    le = next((m.le for m in info.metadata if isinstance(m, Le)), None)
    if get_origin(base) is Literal:
        return FieldSpec(name, "choice", info.is_required(), tuple(get_args(base)))
    kind = {bool: "bool", int: "int", float: "float"}[base]
    return FieldSpec(name, kind, info.is_required(), (), ge, le)


FIELD_SPECS: dict[str, FieldSpec] = {name: _spec_from_field(name) for name in Profile.model_fields}
PROFILE_FIELDS: tuple[str, ...] = tuple(FIELD_SPECS)
REQUIRED_FIELDS: tuple[str, ...] = tuple(n for n, s in FIELD_SPECS.items() if s.required)
OPTIONAL_FIELDS: tuple[str, ...] = tuple(n for n, s in FIELD_SPECS.items() if not s.required)
# Derived from the answers by the engine; rules may test them like any field.
DERIVED_FIELDS: dict[str, FieldSpec] = {
    "gross_margin": FieldSpec("gross_margin", "float", False, (), 0.0, 1.0),
}


def is_number(value: Any) -> bool:
    """A finite int or float that is not a bool (what rule files and saved documents may hold)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def allowed_text(name: str, lang: Lang = DEFAULT_LANG) -> str:
    """Say in words what a field accepts: its choices, or its kind and range."""
    spec = FIELD_SPECS[name]
    if spec.kind == "choice":
        return t("errors.allowed_choice", lang, choices=", ".join(spec.choices))
    if spec.kind == "bool":
        return t("errors.allowed_bool", lang)
    key = "errors.allowed_int" if spec.kind == "int" else "errors.allowed_float"
    return t(key, lang, low=format_number(spec.ge), high=format_number(spec.le))


def field_problem(name: str, value: Any, lang: Lang = DEFAULT_LANG) -> str:
    """One message for a bad or missing value: names the field, the value and what is allowed."""
    if name not in FIELD_SPECS:
        return t("errors.unknown_field", lang, field=name, fields=", ".join(PROFILE_FIELDS))
    if value is None:
        return t("errors.missing", lang, field=name, allowed=allowed_text(name, lang))
    return t("errors.invalid", lang, field=name, value=value, allowed=allowed_text(name, lang))


def cost_problem(lang: Lang = DEFAULT_LANG) -> str:
    """The message for a unit cost above the retail price."""
    return t("errors.cost_above_price", lang)


class ProfileError(ValueError):
    """Invalid answers: one readable message per problem, each naming its field."""

    def __init__(self, problems: list[tuple[str, str]]):
        self.problems = problems  # (field, message)
        super().__init__("; ".join(message for _, message in problems))


def _problems(error: ValidationError, data: dict[str, Any], lang: Lang) -> list[tuple[str, str]]:
    """Translate pydantic's errors into our field-naming messages, one per field."""
    seen: dict[str, str] = {}
    for item in error.errors():
        field = str(item["loc"][0]) if item["loc"] else ""
        if item["type"] == "value_error" and "unit_cost_above_price" in item["msg"]:
            seen.setdefault("unit_cost", cost_problem(lang))
        elif item["type"] == "missing":
            seen.setdefault(field, field_problem(field, None, lang))
        else:
            seen.setdefault(field, field_problem(field, data.get(field), lang))
    return list(seen.items())


def clean_answers(data: dict[str, Any]) -> dict[str, Any]:
    """Trim text answers and drop blank ones, so padding never matters and blank means unknown."""
    trimmed = {k: v.strip() if isinstance(v, str) else v for k, v in data.items()}
    return {k: v for k, v in trimmed.items() if v is not None and v != ""}


def parse_profile(data: dict[str, Any], lang: Lang = DEFAULT_LANG) -> Profile:
    """Validate raw answers (from a form, a URL, a CSV row or JSON) into a Profile."""
    cleaned = clean_answers(data)
    try:
        return Profile.model_validate(cleaned)
    except ValidationError as error:
        raise ProfileError(_problems(error, cleaned, lang)) from None

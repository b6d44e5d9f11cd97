"""The rule base: load the TOML decision table, validate every rule, and say exactly what is wrong."""

from __future__ import annotations

import hashlib
import math
import re
import tomllib
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    ValidationError,
    ValidationInfo,
    model_validator,
)
from pydantic_core import ErrorDetails

from advisor.errors import Problem, RuleFileError
from advisor.files import input_problem
from advisor.profile import DERIVED_FIELDS, FIELD_SPECS, FieldSpec, is_number

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_RULES_PATH = ROOT / "rules" / "channel_fit.toml"
SECTIONS_PATH = ROOT / "rules" / "sections.toml"


class RuleProblem(ValueError):
    """A model validator's finding as a catalogue code and parameters (pydantic keeps it in ctx["error"])."""

    def __init__(self, code: str, value: Any = None, allowed: tuple[Any, ...] = (), **params: Any) -> None:
        super().__init__(code)
        self.code, self.value, self.allowed, self.params = code, value, allowed, params


Channel = Literal["ecommerce", "wechat", "mix"]
CHANNELS: tuple[Channel, ...] = ("ecommerce", "wechat", "mix")
DIMENSIONS: tuple[str, ...] = (
    "platform",
    "sales_model",
    "price",
    "marketing",
    "feedback",
    "payment",
    "team",
    "product",
    "outcomes",
    "self_media",
)
Op = Literal["eq", "ne", "in", "not_in", "lt", "le", "gt", "ge", "between", "ramp_up", "ramp_down"]
MAX_WEIGHT = 5.0
# Flags may also test the recommendation the engine reached.
RECOMMENDATION_FIELD = FieldSpec("recommendation", "choice", required=False, choices=CHANNELS)


class Texts(BaseModel):
    """One text in every supported language; none may be blank."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    en: Annotated[str, Field(min_length=1)]
    zh_hans: Annotated[str, Field(min_length=1, alias="zh-Hans")]
    zh_hant: Annotated[str, Field(min_length=1, alias="zh-Hant")]

    def get(self, lang: str) -> str:
        """The text in a language code (en, zh-Hans, zh-Hant)."""
        return {"en": self.en, "zh-Hans": self.zh_hans, "zh-Hant": self.zh_hant}[lang]


def _field_specs(info: ValidationInfo) -> dict[str, FieldSpec]:
    """Fields a condition may test: profile and derived fields, plus whatever the context adds."""
    extra = (info.context or {}).get("extra_fields", {})
    return {**FIELD_SPECS, **DERIVED_FIELDS, **extra}


class Leaf(BaseModel):
    """One test on one field: {field, op, value} or a graded ramp {field, op, low, high}."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    field: str
    op: Op
    value: Any = None
    low: float | None = None
    high: float | None = None

    @model_validator(mode="after")
    def _fits_field(self, info: ValidationInfo) -> Leaf:
        """The field must exist and the operator and value must suit its kind."""
        specs = _field_specs(info)
        if self.field not in specs:
            raise RuleProblem("rule_unknown_field", self.field, tuple(specs))
        spec = specs[self.field]
        problem = _leaf_problem(spec, self)
        if problem:
            raise problem
        return self


def _range_problem(spec: FieldSpec, leaf: Leaf) -> RuleProblem | None:
    """What is wrong with a ramp or a between test (numeric field, 'low' below 'high'), or None."""
    op, field = leaf.op, leaf.field
    if spec.kind not in ("int", "float"):
        return RuleProblem("rule_range_not_numeric", op=op, field=field)
    if leaf.low is None or leaf.high is None or leaf.value is not None:
        return RuleProblem("rule_range_bounds", op=op, field=field)
    if leaf.low >= leaf.high:
        return RuleProblem("rule_low_high", field=field, low=leaf.low, high=leaf.high)
    return None


def _choice_problem(spec: FieldSpec, leaf: Leaf) -> RuleProblem | None:
    """What is wrong with a test of a choice field (its operators, values among the choices), or None."""
    op, value = leaf.op, leaf.value
    values = value if op in ("in", "not_in") else [value]
    if op not in ("eq", "ne", "in", "not_in") or not isinstance(values, list):
        return RuleProblem("rule_choice_ops", field=leaf.field)
    bad = [v for v in values if v not in spec.choices]
    if bad or not values:
        return RuleProblem("rule_choice_value", bad or values, tuple(spec.choices), field=leaf.field)
    return None


def _value_problem(spec: FieldSpec, leaf: Leaf) -> RuleProblem | None:
    """What is wrong with a one-value test of a yes/no or numeric field, or None."""
    op, value = leaf.op, leaf.value
    if spec.kind == "bool":
        if op not in ("eq", "ne") or not isinstance(value, bool):
            return RuleProblem("rule_bool_ops", field=leaf.field)
        return None
    if op in ("in", "not_in"):
        return RuleProblem("rule_in_choice_only", op=op, field=leaf.field)
    if not is_number(value):
        return RuleProblem("rule_needs_number", repr(value), op=op, field=leaf.field)
    return None


def _leaf_problem(spec: FieldSpec, leaf: Leaf) -> RuleProblem | None:
    """Say what is wrong with a test for a field of this kind, or None if it fits."""
    if leaf.op in ("ramp_up", "ramp_down", "between"):
        return _range_problem(spec, leaf)
    if leaf.low is not None or leaf.high is not None:
        return RuleProblem("rule_value_not_bounds", op=leaf.op, field=leaf.field)
    if spec.kind == "choice":
        return _choice_problem(spec, leaf)
    return _value_problem(spec, leaf)


class AllOf(BaseModel):
    """Every part must hold; a graded part makes the whole as true as its weakest part."""

    model_config = ConfigDict(extra="forbid")
    all: Annotated[list[Condition], Field(min_length=1)]


class AnyOf(BaseModel):
    """At least one part must hold; as true as its strongest part."""

    model_config = ConfigDict(extra="forbid")
    any: Annotated[list[Condition], Field(min_length=1)]


def _condition_kind(value: Any) -> str:
    if isinstance(value, dict):
        return "all" if "all" in value else "any" if "any" in value else "leaf"
    return "leaf"


Condition = Annotated[
    Annotated[Leaf, Tag("leaf")] | Annotated[AllOf, Tag("all")] | Annotated[AnyOf, Tag("any")],
    Discriminator(_condition_kind),
]
AllOf.model_rebuild()
AnyOf.model_rebuild()


def _known_section(section: str, info: ValidationInfo) -> str:
    sections = (info.context or {}).get("sections")
    if sections is not None and section not in sections:
        raise RuleProblem("rule_unknown_section", section, tuple(sections))
    return section


NUMERIC_KINDS = ("int", "float")
SMOOTH_OPS = ("ramp_up", "ramp_down")


def _leaves(condition: Condition) -> list[Leaf]:
    """Every test in a condition tree, in order."""
    if isinstance(condition, Leaf):
        return [condition]
    parts = condition.all if isinstance(condition, AllOf) else condition.any
    return [leaf for part in parts for leaf in _leaves(part)]


def _smooth(condition: Condition, info: ValidationInfo) -> None:
    """Scores must move smoothly: a rule or limit tests a numeric answer only with a ramp."""
    specs = _field_specs(info)
    for leaf in _leaves(condition):
        if specs[leaf.field].kind in NUMERIC_KINDS and leaf.op not in SMOOTH_OPS:
            raise RuleProblem("rule_needs_ramp", field=leaf.field, op=leaf.op)


def condition_fields(condition: Condition) -> tuple[str, ...]:
    """The fields a condition tests, each once, in order of appearance."""
    return tuple(dict.fromkeys(leaf.field for leaf in _leaves(condition)))


class Rule(BaseModel):
    """One row of the decision table: when the condition holds, push the channels by `effect`."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9._-]*$")]
    section: str
    dimension: Literal[DIMENSIONS]  # type: ignore[valid-type]
    when: Condition
    effect: dict[Channel, float]
    rationale: Texts

    @model_validator(mode="after")
    def _check(self, info: ValidationInfo) -> Rule:
        _known_section(self.section, info)
        _smooth(self.when, info)
        if not self.effect or all(v == 0 for v in self.effect.values()):
            raise RuleProblem("rule_effect_zero")
        return self


class Limit(BaseModel):
    """A hard limit from the article: as far as `when` holds, the named channels' scores are capped.

    With the condition's degree g in [0, 1], channel c's score is at most 100 - g * (100 - cap[c]):
    no cap when g = 0, the full cap when g = 1, a straight line in between (so a ramped condition
    lowers the ceiling smoothly). Limits are facts, not preferences: no weight scales them.
    """

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9._-]*$")]
    section: str
    when: Condition
    cap: dict[Channel, Annotated[float, Field(ge=0, lt=100)]]
    title: Texts
    rationale: Texts

    @model_validator(mode="after")
    def _check(self, info: ValidationInfo) -> Limit:
        _known_section(self.section, info)
        _smooth(self.when, info)
        if not self.cap:
            raise RuleProblem("rule_cap_empty")
        return self


class Flag(BaseModel):
    """A warning the founder must see when its condition holds (may test `recommendation`)."""

    model_config = ConfigDict(extra="forbid")

    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9._-]*$")]
    sections: Annotated[list[str], Field(min_length=1)]
    severity: Literal["info", "warning", "danger"]
    outside_knowledge: bool = False
    when: Condition
    message: Texts

    @model_validator(mode="after")
    def _check(self, info: ValidationInfo) -> Flag:
        for section in self.sections:
            _known_section(section, info)
        return self


class Action(BaseModel):
    """One step of the action plan for a channel: shown when `when` holds (or is absent) and
    `unless` does not (an unknown answer never makes `unless` hold, so the step is then shown)."""

    model_config = ConfigDict(extra="forbid")

    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9._-]*$")]
    channel: Channel
    section: str
    when: Condition | None = None
    unless: Condition | None = None
    text: Texts

    @model_validator(mode="after")
    def _check(self, info: ValidationInfo) -> Action:
        _known_section(self.section, info)
        return self


class Scoring(BaseModel):
    """Thresholds of the decision, kept in the file so they can be tuned without code."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    base: Annotated[float, Field(ge=0, le=100)]
    viable: Annotated[float, Field(ge=0, le=100)]
    clear_lead: Annotated[float, Field(ge=0, le=50)]
    robust_share: Annotated[float, Field(gt=0.5, le=1)]


class MixRationale(BaseModel):
    """Why running both channels can beat either alone, with the sections it rests on."""

    model_config = ConfigDict(extra="forbid")

    sections: Annotated[list[str], Field(min_length=1)]
    rationale: Texts

    @model_validator(mode="after")
    def _check(self, info: ValidationInfo) -> MixRationale:
        for section in self.sections:
            _known_section(section, info)
        return self


class Meta(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str
    source: str


class Section(BaseModel):
    """A section of the source article: its id, heading and a summary in every language."""

    model_config = ConfigDict(extra="forbid")

    id: str
    heading: str
    title: Texts
    summary: Texts


class RuleBase(BaseModel):
    """The whole validated rule file plus its version hash and the article's sections."""

    model_config = ConfigDict(frozen=True)

    path: str
    version: str
    meta: Meta
    scoring: Scoring
    weights: dict[str, float]
    mix: MixRationale
    rules: tuple[Rule, ...]
    limits: tuple[Limit, ...]
    flags: tuple[Flag, ...]
    actions: tuple[Action, ...]
    sections: tuple[Section, ...]

    def section(self, section_id: str) -> Section:
        """Look up an article section by id."""
        return next(s for s in self.sections if s.id == section_id)

    def rule(self, rule_id: str) -> Rule:
        """Look up a rule by id."""
        return next(r for r in self.rules if r.id == rule_id)

    def limit(self, limit_id: str) -> Limit:
        """Look up a limit by id."""
        return next(lim for lim in self.limits if lim.id == limit_id)


_CONDITION_TAGS = {"leaf"}


def _where(loc: tuple[Any, ...]) -> str:
    """A readable path: drop the union tags pydantic adds ('leaf', a repeated 'all'/'any')."""
    parts: list[str] = []
    for part in map(str, loc):
        if part in _CONDITION_TAGS or (parts and part in ("all", "any") and parts[-1] == part):
            continue
        parts.append(part)
    return ".".join(parts)


# pydantic's error types -> the problem codes whose sentences the catalogues hold in every language
_PYDANTIC_CODES = {
    "missing": "rule_missing",
    "extra_forbidden": "rule_extra",
    "string_type": "rule_not_text",
    "float_type": "rule_not_number",
    "float_parsing": "rule_not_number",
    "int_type": "rule_not_number",
    "int_parsing": "rule_not_number",
    "finite_number": "rule_not_finite",
    "bool_type": "rule_not_bool",
    "bool_parsing": "rule_not_bool",
    "dict_type": "rule_not_table",
    "model_type": "rule_not_table",
    "model_attributes_type": "rule_not_table",
    "list_type": "rule_not_list",
    "literal_error": "rule_not_allowed",
    "too_short": "rule_too_short",
    "string_too_short": "rule_too_short",
    "string_pattern_mismatch": "rule_bad_id",
    "greater_than": "rule_gt",
    "greater_than_equal": "rule_ge",
    "less_than": "rule_lt",
    "less_than_equal": "rule_le",
}
_BOUNDS = ("gt", "ge", "lt", "le", "min_length")


def _detail(item: ErrorDetails, where: str) -> str:
    """pydantic's own 'where: what' line (English), without its URL or class-name noise."""
    message = re.sub(r" or instance of \w+", "", item["msg"].removeprefix("Value error, "))
    return f"{where}: {message}" if where else message


def problem_at(item: ErrorDetails, location: str, skip: int = 0) -> Problem:
    """One pydantic error as a problem with a catalogue code, or its English detail if it has none.

    A check of the model's own raises RuleProblem, whose code and parameters pass through unchanged.
    """
    where = _where(item["loc"][skip:])  # `skip`: parts of the location `location` already names
    ctx = item.get("ctx", {})
    found = ctx.get("error")
    if isinstance(found, RuleProblem):  # a check of the model's own, already a code and parameters
        return Problem(location, found.code, found.value, found.allowed, {"path": where, **found.params})
    detail = _detail(item, where)
    code = _PYDANTIC_CODES.get(item["type"])
    if code is None:
        return Problem(location, "rule_file", params={"detail": detail})
    params: dict[str, Any] = {"path": where, "detail": detail}
    bounds = [ctx[key] for key in _BOUNDS if key in ctx]  # pydantic gives at most one per error
    params |= {"limit": bounds[0]} if bounds else {}
    params |= {"pattern": ctx["pattern"]} if "pattern" in ctx else {}
    allowed = tuple(re.findall(r"'([^']*)'", str(ctx.get("expected", ""))))
    value = item.get("input") if code in ("rule_not_allowed", "rule_extra") else None
    return Problem(location, code, value, allowed, params)


def _describe(error: ValidationError, location: str) -> list[Problem]:
    """The problems of a pydantic error about one rule or table, each with a catalogue code."""
    return [problem_at(item, location) for item in error.errors()]


def not_toml(error: ValueError) -> Problem:
    """A file that is not TOML (or not UTF-8): the line and column tomllib names, if it names one."""
    at = re.search(r"at line (\d+), column (\d+)", str(error))
    if isinstance(error, UnicodeDecodeError):
        return Problem("file", "rule_not_utf8", params={"offset": error.start})
    if at is None:
        return Problem("file", "rule_not_toml")
    return Problem("file", "rule_not_toml_at", params={"line": int(at[1]), "column": int(at[2])})


NOT_FOUND = Problem("file", "rule_file_not_found")


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise RuleFileError(str(path), [NOT_FOUND]) from None
    except tomllib.TOMLDecodeError as error:
        raise RuleFileError(str(path), [not_toml(error)]) from None


@cache
def load_sections(path: Path = SECTIONS_PATH) -> tuple[Section, ...]:
    """The article's sections, the only ids a rule may cite."""
    raw = _read_toml(path)
    try:
        return tuple(Section.model_validate(s) for s in raw.get("sections", []))
    except ValidationError as error:
        raise RuleFileError(str(path), _describe(error, "sections")) from None


def _validate_items(
    model: type[BaseModel], items: Any, table: str, context: dict[str, Any]
) -> tuple[list[Any], list[Problem]]:
    """Validate each entry of an array of tables on its own so every bad one is reported."""
    if not isinstance(items, list):
        return [], [Problem(table, "rule_not_array", params={"table": table})]
    good: list[Any] = []
    problems: list[Problem] = []
    seen: set[str | None] = set()
    for index, item in enumerate(items):
        ident = item.get("id") if isinstance(item, dict) else None
        ident = ident if isinstance(ident, str) and ident else None
        where = f"{table[:-1]} '{ident}'" if ident else f"{table}[{index}]"
        if ident is not None and ident in seen:
            problems.append(Problem(where, "rule_duplicate_id"))
            continue
        seen.add(ident)
        try:
            good.append(model.model_validate(item, context=context))
        except ValidationError as error:
            problems.extend(_describe(error, where))
    return good, problems


def _validate_weights(raw: Any) -> tuple[dict[str, float], list[Problem]]:
    """Every dimension needs a weight between 0 and MAX_WEIGHT, and no other names are allowed."""
    if not isinstance(raw, dict):
        return {}, [Problem("weights", "rule_missing_table", params={"table": "weights"})]
    problems = [Problem("weights", "rule_weight_unknown", k, DIMENSIONS) for k in raw if k not in DIMENSIONS]
    for dimension in DIMENSIONS:
        value = raw.get(dimension)
        if not is_number(value) or not 0 <= value <= MAX_WEIGHT:
            params = {"dimension": dimension, "high": MAX_WEIGHT}
            problems.append(Problem("weights", "rule_weight_range", params=params))
    return {d: float(raw[d]) for d in DIMENSIONS if is_number(raw.get(d))}, problems


def _validate_table(
    model: type[BaseModel], raw: Any, name: str, context: dict[str, Any]
) -> tuple[Any, list[Problem]]:
    """One table validated; its problems if it is missing or invalid."""
    if raw is None:
        return None, [Problem(name, "rule_missing_table", params={"table": name})]
    try:
        return model.model_validate(raw, context=context), []
    except ValidationError as error:
        found: list[Problem] = [*_describe(error, name)]
        return None, found


def _coverage_problems(rules: list[Rule], sections: tuple[Section, ...]) -> list[Problem]:
    """Every top-level section S1..S10 must be cited by at least one rule."""
    cited = {r.section.split(".")[0] for r in rules}
    tops = sorted({s.id.split(".")[0] for s in sections} - {"S0"}, key=lambda s: int(s[1:]))
    return [Problem("rules", "rule_section_uncited", top) for top in tops if top not in cited]


def parse_rule_base(text: bytes, path: str, sections: tuple[Section, ...]) -> RuleBase:
    """Validate a rule file's bytes; raise RuleFileError listing every problem found."""
    check_bounds(text, path)  # issue 8: depth, magnitudes, ramp width and counts first
    try:
        raw = tomllib.loads(text.decode("utf-8-sig"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise RuleFileError(path, [not_toml(error)]) from None
    context = {"sections": [s.id for s in sections]}
    flag_context = {**context, "extra_fields": {"recommendation": RECOMMENDATION_FIELD}}
    known = {"meta", "scoring", "weights", "mix", "rules", "limits", "flags", "actions"}
    problems: list[Problem] = [Problem("file", "rule_unknown_table", k) for k in raw if k not in known]
    meta, p1 = _validate_table(Meta, raw.get("meta"), "meta", context)
    scoring, p2 = _validate_table(Scoring, raw.get("scoring"), "scoring", context)
    mix, p3 = _validate_table(MixRationale, raw.get("mix"), "mix", context)
    weights, p4 = _validate_weights(raw.get("weights"))
    rules, p5 = _validate_items(Rule, raw.get("rules", []), "rules", context)
    flags, p6 = _validate_items(Flag, raw.get("flags", []), "flags", flag_context)
    actions, p7 = _validate_items(Action, raw.get("actions", []), "actions", context)
    limits, p8 = _validate_items(Limit, raw.get("limits", []), "limits", context)
    p8 += [Problem(f"limit '{lim.id}'", "rule_id_clash") for lim in limits if lim.id in {r.id for r in rules}]
    problems += p1 + p2 + p3 + p4 + p5 + p6 + p7 + p8
    if not p5:
        problems += _coverage_problems(rules, sections)
    if problems:
        raise RuleFileError(path, problems)
    return RuleBase(
        path=path,
        version=hashlib.sha256(text).hexdigest()[:12],
        meta=meta,
        scoring=scoring,
        weights=weights,
        mix=mix,
        rules=tuple(rules),
        limits=tuple(limits),
        flags=tuple(flags),
        actions=tuple(actions),
        sections=sections,
    )


@cache
def _load_cached(path: str, _mtime_ns: int) -> RuleBase:
    """The rule base in a file; the modification time is only part of the cache key (an edit reloads)."""
    file = Path(path)
    try:
        text = file.read_bytes()
    except OSError as error:
        unreadable = Problem("file", "rule_unreadable", params={"reason": error.strerror})
        raise RuleFileError(path, [unreadable]) from None
    return parse_rule_base(text, path, load_sections())


def load_rules(path: str | Path | None = None) -> RuleBase:
    """Load and validate a rule file (the bundled one by default); cached until the file changes."""
    file = Path(path) if path is not None else DEFAULT_RULES_PATH
    check_rule_file(file)  # issue 8: no FIFO, device or huge file
    try:
        mtime = file.stat().st_mtime_ns
    except OSError:
        raise RuleFileError(str(file), [NOT_FOUND]) from None
    return _load_cached(str(file), mtime)


# ---------------------------------------------------------------- bounds (issue 8)

MAX_RULE_FILE_BYTES = 4 * 1024 * 1024
MAX_DEPTH = 32  # brackets and braces nested in the text; a condition level takes two
MAX_NUMBER = 1e12  # no answer reaches this; larger numbers are mistakes or attacks
MAX_EFFECT = 100.0  # points on a 0-100 score
MIN_RAMP_WIDTH = 1e-6
MAX_ENTRIES = 2_000  # rules, flags or actions
_RAMPS = ("ramp_up", "ramp_down")


def _text_depth(text: str) -> int:
    """How deep brackets and braces nest in TOML text, skipping strings and comments (no recursion)."""
    depth = deepest = 0
    i, quote = 0, ""
    while i < len(text):
        char = text[i]
        if quote:
            if char == "\\" and quote[0] == '"':
                i += 1
            elif text.startswith(quote, i):
                i += len(quote) - 1
                quote = ""
        elif char in "\"'":
            quote = char * 3 if text.startswith(char * 3, i) else char
            i += len(quote) - 1
        elif char == "#":
            end = text.find("\n", i)
            i = len(text) if end < 0 else end
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
        i += 1
    return deepest


def _entry_name(table: str, index: int, item: Any) -> str:
    """How the loader names an entry: rule 'id', or rules[3]."""
    ident = item.get("id") if isinstance(item, dict) else None
    return f"{table[:-1]} '{ident}'" if isinstance(ident, str) and ident else f"{table}[{index}]"


def _values(value: Any) -> list[Any]:
    """Every value inside a parsed TOML value, depth first, without recursion."""
    found, stack = [], [value]
    while stack:
        current = stack.pop()
        found.append(current)
        if isinstance(current, dict):
            stack.extend(current.values())
        elif isinstance(current, list):
            stack.extend(current)
    return found


def _number_problem(value: Any, where: str, path: str) -> Problem | None:
    """A number too large to mean anything, or not finite."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if isinstance(value, int) and abs(value) <= MAX_NUMBER:
        return None
    if isinstance(value, float) and (not math.isfinite(value) or abs(value) <= MAX_NUMBER):
        return None  # inf and nan: the loader says where a finite number is needed
    return Problem(where, "number_too_large", value, params={"item": where, "limit": MAX_NUMBER}, where=path)


def _entry_problems(item: Any, where: str, path: str) -> list[Problem]:
    """Out-of-bounds numbers, effects and ramps in one entry (or table) of a rule file."""
    values = _values(item)
    problems = [p for v in values if (p := _number_problem(v, where, path))]
    if problems:
        return problems[:1]
    effect = item.get("effect") if isinstance(item, dict) else None
    for amount in effect.values() if isinstance(effect, dict) else ():
        if is_number(amount) and abs(amount) > MAX_EFFECT:
            params = {"item": where, "limit": MAX_EFFECT}
            problems.append(Problem(where, "effect_too_large", amount, params=params, where=path))
    for leaf in values:
        if isinstance(leaf, dict) and leaf.get("op") in _RAMPS and is_number(leaf.get("low")):
            low, high = leaf["low"], leaf.get("high")
            if is_number(high) and low < high and high - low < MIN_RAMP_WIDTH:
                params = {"item": where, "low": low, "high": high, "limit": MIN_RAMP_WIDTH}
                problems.append(Problem(where, "ramp_too_narrow", None, params=params, where=path))
    return problems


def bounds_problems(text: str, path: str) -> list[Problem]:
    """What a rule file may not hold whatever its rules say: depth, magnitudes, ramp width, counts."""
    if _text_depth(text) > MAX_DEPTH:
        return [Problem("file", "too_deep", params={"limit": MAX_DEPTH}, where=path)]
    try:
        raw = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError):
        return []  # the loader reports what is wrong with the TOML itself
    problems: list[Problem] = []
    for key, value in raw.items():
        entries = value if key in ("rules", "flags", "actions") and isinstance(value, list) else None
        if entries is None:
            problems += _entry_problems(value, key, path)
            continue
        if len(entries) > MAX_ENTRIES:
            params = {"item": key, "limit": MAX_ENTRIES}
            problems.append(Problem(key, "too_many", len(entries), params=params, where=path))
            continue
        for index, item in enumerate(entries):
            problems += _entry_problems(item, _entry_name(key, index, item), path)
    return problems


def check_bounds(text: bytes, path: str) -> None:
    """Refuse a rule file out of bounds before it is validated or compiled (RuleFileError)."""
    try:
        decoded = text.decode("utf-8-sig")
    except UnicodeDecodeError:
        return  # the loader says it is not valid TOML
    problems = bounds_problems(decoded, path)
    if problems:
        raise RuleFileError(path, problems)


def check_rule_file(file: Path) -> None:
    """Refuse what cannot be a rule file before it is opened: a FIFO, a device, a huge file."""
    problem = input_problem(file, MAX_RULE_FILE_BYTES)
    if problem is not None and problem.code in ("not_regular_file", "file_too_large"):
        raise RuleFileError(str(file), [problem])  # a missing file: the loader names it its own way

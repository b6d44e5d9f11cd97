"""Rule cases as data (rules/cases.toml): founders with the channels the article supports, laws
(monotone directions per answer and channel) and the influence bound, checked by `rules check`
and by pytest. Adding a rule and its case needs no Python.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Annotated, Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from pydantic_core import ErrorDetails

from advisor.decision import Recommendation, reason_sections, recommend
from advisor.engine import (
    MIX,
    MIX_STATUSES,
    Columns,
    channel_caps,
    combine,
    compile_rules,
    decide,
    mix_status,
    rule_degrees,
    rule_points,
    score_degrees,
    weight_vector,
    with_derived,
)
from advisor.errors import Problem
from advisor.i18n import Lang, t
from advisor.influence import limit_reach, strongest_answer
from advisor.profile import FIELD_SPECS, PROFILE_FIELDS, ProfileError, parse_profile
from advisor.rules import (
    CHANNELS,
    NOT_FOUND,
    Channel,
    RuleBase,
    RuleFileError,
    RuleProblem,
    not_toml,
    problem_at,
)

CASES_NAME = "cases.toml"
Direction = Literal["never_falls", "never_rises"]


class Case(BaseModel):
    """A founder, the channels the article supports for them and the sections that must explain it."""

    model_config = ConfigDict(extra="forbid")

    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9._-]*$")]
    why: Annotated[str, Field(min_length=10)]
    answers: dict[str, Any]
    channels: Annotated[list[Channel], Field(min_length=1)]
    sections: list[str] = []
    mix_status: Literal[MIX_STATUSES] | None = None  # type: ignore[valid-type]
    flags: list[str] = []
    weights: dict[str, float] = {}

    @model_validator(mode="after")
    def _valid_answers(self) -> Case:
        try:
            parse_profile(self.answers)
        except ProfileError as error:
            raise RuleProblem("rule_case_answers", answers=error) from None
        return self


class Law(BaseModel):
    """As `field` rises (numbers up, no then yes, choices in `order`), each channel's score moves
    only in its direction, for every sampled founder (with the `given` answers fixed first)."""

    model_config = ConfigDict(extra="forbid")

    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9._-]*$")]
    field: str
    channels: dict[Channel, Direction]
    section: str
    why: Annotated[str, Field(min_length=10)]
    order: list[str] = []
    given: dict[str, Any] = {}

    @model_validator(mode="after")
    def _fits_field(self) -> Law:
        spec = FIELD_SPECS.get(self.field)
        if spec is None:
            raise RuleProblem("rule_unknown_field", self.field, tuple(FIELD_SPECS))
        if spec.kind == "choice" and (len(self.order) < 2 or set(self.order) - set(spec.choices)):
            raise RuleProblem("rule_law_order", allowed=tuple(spec.choices))
        if spec.kind != "choice" and self.order:
            raise RuleProblem("rule_law_order_choice_only")
        if not self.channels:
            raise RuleProblem("rule_law_channels_empty")
        unknown = [k for k in self.given if k not in FIELD_SPECS]
        if unknown:
            raise RuleProblem("rule_law_given_unknown", ", ".join(unknown), tuple(FIELD_SPECS))
        return self


class Sample(BaseModel):
    """The random founders the laws are checked on: how many and the seed (reproducible)."""

    model_config = ConfigDict(extra="forbid")
    founders: Annotated[int, Field(ge=10, le=100_000)] = 3000
    seed: int = 0


class Bounds(BaseModel):
    """No non-limit answer may move a channel by more than `max_points` at the file's weights."""

    model_config = ConfigDict(extra="forbid")
    max_points: Annotated[float, Field(gt=0, le=100)]


class CaseFile(BaseModel):
    """The whole cases file."""

    model_config = ConfigDict(extra="forbid")
    influence: Bounds
    sample: Sample = Sample()
    cases: Annotated[list[Case], Field(min_length=1)]
    laws: list[Law] = []


def load_cases(path: Path) -> CaseFile:
    """Read and validate a cases file; problems come as RuleFileError naming case or law."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise RuleFileError(str(path), [NOT_FOUND]) from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise RuleFileError(str(path), [not_toml(error)]) from None
    try:
        return CaseFile.model_validate(raw)
    except ValidationError as error:
        problems = [_case_problem(item, raw) for item in error.errors()]
        raise RuleFileError(str(path), problems) from None


def _case_problem(item: ErrorDetails, raw: dict[str, Any]) -> Problem:
    """One validation error of a cases file, named by its case or law (case 'id', laws[2]) or table."""
    loc = item["loc"]
    if len(loc) >= 2 and isinstance(loc[1], int) and loc[0] in ("cases", "laws"):
        table, index = str(loc[0]), loc[1]
        entry = raw[table][index] if isinstance(raw.get(table), list) else {}
        ident = entry.get("id") if isinstance(entry, dict) else None
        where = f"{table[:-1]} '{ident}'" if isinstance(ident, str) and ident else f"{table}[{index}]"
        return problem_at(item, where, skip=2)
    return problem_at(item, str(loc[0]) if loc else "file", skip=1)


# ---------------------------------------------------------------- founder cases


def case_problems(rules: RuleBase, case: Case) -> list[str]:
    """What the model gets wrong for one case (empty when it agrees with the article)."""
    rec = recommend(parse_profile(case.answers), rules, case.weights or None)
    problems = []
    if rec.channel not in case.channels:
        scores = ", ".join(f"{c} {rec.scores[c]:.1f}" for c in CHANNELS)
        problems.append(
            f"recommends {rec.channel} ({scores}); the article supports {', '.join(case.channels)}"
        )
    missing = sorted(set(case.sections) - reason_sections(rec))
    if missing:
        problems.append(f"the reasons do not cite {', '.join(missing)} (they cite {_cited(rec)})")
    if case.mix_status and rec.mix_status != case.mix_status:
        problems.append(f"mix status is {rec.mix_status}, expected {case.mix_status}")
    absent = [f for f in case.flags if f not in rec.flags]
    if absent:
        problems.append(f"flag(s) {', '.join(absent)} did not fire")
    return problems


def _cited(rec: Recommendation) -> str:
    return ", ".join(sorted(reason_sections(rec))) or "nothing"


# ---------------------------------------------------------------- random founders and laws


def random_founders(n: int, seed: int) -> Columns:
    """n valid random founders as engine columns (seeded): every category, optional answers
    unknown a quarter of the time, money and counts spread over orders of magnitude."""
    rng = np.random.default_rng(seed)
    cols: Columns = {}

    def maybe(values: np.ndarray) -> np.ndarray:
        return np.where(rng.random(n) < 0.25, np.nan, values)

    for name in PROFILE_FIELDS:
        spec = FIELD_SPECS[name]
        if spec.kind == "choice":
            values = rng.integers(0, len(spec.choices), n).astype(np.float64)
        elif spec.kind == "bool":
            values = rng.integers(0, 2, n).astype(np.float64)
        else:
            values = np.zeros(n)
        cols[name] = values if spec.required else maybe(values)
    cols["monthly_budget"] = np.round(np.where(rng.random(n) < 0.1, 0.0, 10 ** rng.uniform(2, 5.5, n)))
    cols["team_size"] = np.floor(10 ** rng.uniform(0, 1.5, n))
    cols["social_reach"] = maybe(np.floor(10 ** rng.uniform(1, 5.7, n)))
    cols["sku_count"] = maybe(np.floor(10 ** rng.uniform(0, 3, n)))
    price = np.round(10 ** rng.uniform(0, 3.7, n), 2)
    cols["retail_price"] = maybe(price)
    cols["unit_cost"] = maybe(np.round(price * rng.uniform(0.05, 1.0, n), 2))
    return with_derived(cols)


def _code(field: str, value: Any) -> float:
    spec = FIELD_SPECS[field]
    return float(spec.choices.index(value)) if spec.kind == "choice" else float(value)


def _scores(rules: RuleBase, cols: Columns) -> np.ndarray:
    compiled = compile_rules(rules)
    return score_degrees(compiled, rule_degrees(compiled, cols), rule_points(compiled, weight_vector(rules)))


def _steps(law: Law, cols: Columns) -> list[tuple[Columns, Columns]]:
    """Pairs (lower, higher) of the sample differing only in the law's answer."""
    spec = FIELD_SPECS[law.field]
    base = dict(cols)
    for name, value in law.given.items():
        base[name] = np.full(len(cols[name]), _code(name, value))
    base = with_derived(base)
    if spec.kind == "choice" or spec.kind == "bool":
        codes = [_code(law.field, v) for v in law.order] if spec.kind == "choice" else [0.0, 1.0]
        return [(_set(base, law.field, a), _set(base, law.field, b)) for a, b in pairwise(codes)]
    known = np.nan_to_num(base[law.field], nan=0.0)
    ceiling = float(spec.le or 1e8)
    pairs = []
    for factor, add in ((1.01, 0.0), (1.5, 1.0), (3.0, 10.0), (1.0, 1000.0)):
        raised = np.minimum(known * factor + add, ceiling)
        if spec.kind == "int":
            raised = np.floor(raised)
        pairs.append((_set(base, law.field, known), _set(base, law.field, raised)))
    return pairs


def _set(cols: Columns, field: str, values: float | np.ndarray) -> Columns:
    out = dict(cols)
    out[field] = np.broadcast_to(np.asarray(values, dtype=np.float64), cols[field].shape).copy()
    if field == "unit_cost":  # keep every founder valid: cost never above the price
        out[field] = np.minimum(out[field], np.nan_to_num(cols["retail_price"], nan=np.inf))
    return with_derived(out)


@dataclass(frozen=True)
class LawResult:
    """How often a law was checked on the sample and how often it failed (with one example)."""

    law: Law
    checks: int
    violations: int
    example: str


def check_law(rules: RuleBase, law: Law, cols: Columns) -> LawResult:
    """Check one law on every founder of the sample, for each step of its answer."""
    checks = violations = 0
    example = ""
    for low, high in _steps(law, cols):
        before, after = _scores(rules, low), _scores(rules, high)
        for channel, direction in law.channels.items():
            k = CHANNELS.index(channel)
            moved = after[:, k] - before[:, k]
            bad = moved < -1e-9 if direction == "never_falls" else moved > 1e-9
            checks += len(moved)
            violations += int(bad.sum())
            if bad.any() and not example:
                row = int(np.flatnonzero(bad)[0])
                example = (
                    f"{channel} {before[row, k]:.2f} -> {after[row, k]:.2f} when {law.field} "
                    f"goes {low[law.field][row]:g} -> {high[law.field][row]:g}"
                )
    return LawResult(law, checks, violations, example)


# ---------------------------------------------------------------- the whole check


@dataclass(frozen=True)
class Distribution:
    """Recommendations over the random sample: share per channel and how many mix wins are viable."""

    founders: int
    shares: dict[str, float]
    mix_wins: int
    mix_wins_viable: int


def distribution(rules: RuleBase, cols: Columns) -> Distribution:
    """Where the random founders are sent, and whether every mix win has its grounds."""
    compiled = compile_rules(rules)
    degrees = rule_degrees(compiled, cols)
    points = rule_points(compiled, weight_vector(rules))
    scores = score_degrees(compiled, degrees, points)
    winner = decide(scores)[0]
    status = mix_status(
        scores, combine(degrees, points)[:, MIX], channel_caps(compiled, degrees), rules.scoring.viable
    )
    n = len(winner)
    mixes = winner == MIX
    return Distribution(
        founders=n,
        shares={c: float(np.mean(winner == k)) for k, c in enumerate(CHANNELS)},
        mix_wins=int(mixes.sum()),
        mix_wins_viable=int((mixes & (status == 0)).sum()),
    )


@dataclass(frozen=True)
class CheckReport:
    """Everything `rules check` found: failing cases, law results, the influence bound, the spread."""

    cases: int
    failures: list[tuple[str, str]]  # (case or law or 'influence', problem)
    laws: list[LawResult]
    strongest: tuple[str, str, float]
    distribution: Distribution

    @property
    def ok(self) -> bool:
        """True when every case, law and bound holds."""
        return not self.failures


def influence_problems(rules: RuleBase, bounds: Bounds) -> list[str]:
    """The strongest answer must stay within max_points and below the weakest hard limit."""
    field, channel, points = strongest_answer(rules)
    problems = []
    if points > bounds.max_points + 1e-9:
        problems.append(f"'{field}' can move {channel} by {points:g} points, more than {bounds.max_points:g}")
    for reach in limit_reach(rules):
        for capped, cap in reach.cap.items():
            if rules.scoring.base - cap <= points:
                problems.append(
                    f"limit '{reach.limit_id}' holds {capped} only {rules.scoring.base - cap:g} below "
                    f"the base, not more than '{field}' can move {channel} ({points:g})"
                )
    return problems


def run_checks(rules: RuleBase, cases: CaseFile) -> CheckReport:
    """Run every founder case, every law on the random sample, and the influence bound."""
    failures = [(f"case '{c.id}'", p) for c in cases.cases for p in case_problems(rules, c)]
    sample = random_founders(cases.sample.founders, cases.sample.seed)
    laws = [check_law(rules, law, sample) for law in cases.laws]
    failures += [
        (f"law '{r.law.id}'", f"{r.violations} of {r.checks} checks fail, e.g. {r.example}")
        for r in laws
        if r.violations
    ]
    failures += [("influence", p) for p in influence_problems(rules, cases.influence)]
    return CheckReport(len(cases.cases), failures, laws, strongest_answer(rules), distribution(rules, sample))


def cases_path_for(rule_path: Path) -> Path | None:
    """The cases file beside a rule file, if there is one."""
    path = rule_path.parent / CASES_NAME
    return path if path.exists() else None


def _percent(share: float) -> str:
    return f"{share:.1%}"


def check_lines(report: CheckReport, lang: Lang) -> list[str]:
    """The check's result in words: cases and laws, the strongest answer, the spread, failures."""
    checks = sum(r.checks for r in report.laws)
    dist = report.distribution
    field, channel, points = report.strongest
    lines = [
        t(
            "advice.check.summary",
            lang,
            cases=report.cases,
            laws=len(report.laws),
            founders=dist.founders,
            checks=checks,
        ),
        t(
            "advice.check.strongest",
            lang,
            field=t(f"field.{field}.label", lang) if field in FIELD_SPECS else field,
            channel=t(f"channel_short.{channel}", lang),
            points=f"{points:g}",
        ),
        t(
            "advice.check.spread",
            lang,
            founders=dist.founders,
            **{c: _percent(dist.shares[c]) for c in CHANNELS},
            viable=dist.mix_wins_viable,
            wins=dist.mix_wins,
        ),
    ]
    if report.failures:
        lines.append(t("advice.check.failed", lang, count=len(report.failures)))
        lines += [f"  {where}: {problem}" for where, problem in report.failures]
    return lines

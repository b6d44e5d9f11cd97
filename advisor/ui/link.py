"""Share links: answers, weights, saved scenarios and the language in the URL, read defensively.

Parameters:

- answers are named as the profile fields (`?category=fmcg&monthly_budget=2000&team_size=1
  &part_time=true`), unknown optional answers left out;
- `w.<dimension>=<value>` for each dimension weight that differs from the rule file's default
  (`w.price=1.5`); values are numbers from 0 to MAX_WEIGHT, rounded to the sliders' 0.1 step;
- `s=<name>~<field>:<value>,...,w.<dimension>:<value>` once per saved scenario (repeated key,
  at most four), e.g. `s=Small start~category:fmcg,monthly_budget:800,team_size:1,part_time:true`.
  The name is everything before the last `~`; the rest lists the scenario's answers and its
  non-default weights, each value written as in its own parameter;
- `lang=en|zh-Hans|zh-Hant`.

Every answer is checked by `parse_profile`, the engine's own validation, and every weight as the
engine checks it; a value rejected is dropped with a message, and the default used instead. A
scenario with any problem is left out whole, with a message. Nothing here touches Streamlit, so
it is tested as plain functions.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from advisor.cells import TRIGGERS
from advisor.i18n import LANGS, Lang, is_lang, t
from advisor.profile import (
    OPTIONAL_FIELDS,
    PROFILE_FIELDS,
    REQUIRED_FIELDS,
    Profile,
    ProfileError,
    field_problem,
    parse_profile,
)
from advisor.rules import DIMENSIONS, MAX_WEIGHT, load_rules
from advisor.scenarios import DIFFERS, MAX_SCENARIOS

LANG_PARAM = "lang"
WEIGHT_PREFIX = "w."
SCENARIO_PARAM = "s"
NAME_END = "~"  # between a scenario's name and its answers (the last one in the value)
ITEM_SEP = ","
PAIR_SEP = ":"
WEIGHT_STEP = 0.1  # the sliders' step; weights from a link are rounded to it
MAX_NAME_CHARS = 40
MAX_SCENARIO_CHARS = 1000  # far longer than any valid scenario (about 700 characters at most)
_WEIGHT_TEXT = re.compile(r"\d{1,3}(\.\d{1,6})?|\.\d{1,6}")
# Far longer than any valid answer (the largest number allowed has 9 digits); longer values
# are rejected without being parsed, and shown shortened.
MAX_VALUE_CHARS = 40
SHOWN_CHARS = 24
DEFAULT_ANSWERS: dict[str, Any] = {
    "category": "fmcg",
    "monthly_budget": 2000.0,
    "team_size": 1,
    "part_time": True,
    **dict.fromkeys(OPTIONAL_FIELDS),
}


@dataclass(frozen=True)
class LinkProblem:
    """One answer in the link that could not be used, and why (names the field and what is allowed)."""

    field: str
    message: str


@dataclass(frozen=True)
class Link:
    """What a query string asked for, cleaned: complete answers, the problems met, the language."""

    answers: dict[str, Any]
    problems: tuple[LinkProblem, ...] = ()
    has_answers: bool = False
    lang: Lang | None = None
    bad_lang: str | None = None
    fields_given: tuple[str, ...] = ()


def shown(value: str) -> str:
    """A value safe to quote back: control and format characters removed, long ones shortened."""
    clean = "".join(ch for ch in value if unicodedata.category(ch)[0] != "C")
    return clean if len(clean) <= SHOWN_CHARS else clean[:SHOWN_CHARS] + "…"


def invisible(value: str) -> list[str]:
    """The invisible (control and format) characters of a value, as code points: ["U+200B"]."""
    found = dict.fromkeys(f"U+{ord(ch):04X}" for ch in value if unicodedata.category(ch)[0] == "C")
    return list(found)


def name_key(name: str) -> str:
    """What makes two scenario names the same: NFKC (full-width Ａ is A) and case folded."""
    return unicodedata.normalize("NFKC", name).casefold().strip()


def reserved_names() -> set[str]:
    """Names a scenario cannot take: the comparison table's own labels, in every language."""
    keys = ("analysis.scenario.item", "analysis.scenario.differs")
    labels = {t(key, lang) for key in keys for lang in LANGS}
    return {name_key(name) for name in (*labels, DIFFERS)}


def read_lang(params: Mapping[str, str]) -> tuple[Lang | None, str | None]:
    """The language the link asks for, or (None, the rejected value shown safely)."""
    if LANG_PARAM not in params:
        return None, None
    value = params[LANG_PARAM]
    if is_lang(value):
        return value, None  # type: ignore[return-value]
    return None, shown(value)


def _check_one(name: str, raw: str, lang: Lang) -> tuple[Any, str | None]:
    """Validate one answer on its own (the others at their defaults): (typed value, problem)."""
    hidden = invisible(raw)
    if hidden:
        codes = t("app.list_sep", lang).join(hidden[:3])
        label = t(f"field.{name}.label", lang)
        return None, t("app.link.invisible", lang, label=label, value=shown(raw), codes=codes)
    if len(raw) > MAX_VALUE_CHARS:
        return None, field_problem(name, shown(raw), lang)
    base = {k: DEFAULT_ANSWERS[k] for k in REQUIRED_FIELDS}
    try:
        profile = parse_profile({**base, name: raw}, lang)
    except ProfileError as error:
        problems = dict(error.messages(lang))
        return None, problems.get(name, str(error))
    return getattr(profile, name), None


def read_link(params: Mapping[str, str], lang: Lang) -> Link:
    """Read the answers from query parameters; bad ones fall back to defaults with a problem each."""
    link_lang, bad_lang = read_lang(params)
    given = tuple(name for name in PROFILE_FIELDS if name in params)
    answers = dict(DEFAULT_ANSWERS)
    problems: list[LinkProblem] = []
    for name in given:
        value, problem = _check_one(name, str(params[name]), lang)
        if problem is not None:
            problems.append(LinkProblem(name, problem))
        else:
            answers[name] = value
    try:
        parse_profile(answers, lang)
    except ProfileError as error:  # answers valid alone but not together (cost above price)
        for name, message in error.messages(lang):
            problems.append(LinkProblem(name, message))
            answers[name] = DEFAULT_ANSWERS.get(name)
    return Link(
        answers=answers,
        problems=tuple(problems),
        has_answers=bool(given),
        lang=link_lang,
        bad_lang=bad_lang,
        fields_given=given,
    )


def _param(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# ---------------------------------------------------------------- weights


def default_weights() -> dict[str, float]:
    """The rule file's dimension weights."""
    return dict(load_rules().weights)


def round_weight(value: float) -> float:
    """A weight on the sliders' grid (0.1 steps), without float noise."""
    return round(round(float(value) / WEIGHT_STEP) * WEIGHT_STEP, 1)


def weight_param(value: float) -> str:
    """A weight as written in a link: 1.5, 2, 0.3."""
    return _param(round_weight(value))


def changed_weights(weights: Mapping[str, float], defaults: Mapping[str, float]) -> dict[str, float]:
    """The weights that differ from the defaults, in DIMENSIONS order."""
    return {d: weights[d] for d in DIMENSIONS if d in weights and abs(weights[d] - defaults[d]) > 1e-9}


def parse_weight(raw: str) -> float | None:
    """A weight from its text: a plain decimal number from 0 to MAX_WEIGHT, or None if unusable."""
    if not _WEIGHT_TEXT.fullmatch(raw):
        return None
    value = float(raw)
    if not math.isfinite(value) or not 0 <= value <= MAX_WEIGHT:
        return None
    return round_weight(value)


@dataclass(frozen=True)
class WeightProblem:
    """A weight in a link that could not be used: its dimension (or the unknown name) and the value."""

    name: str
    value: str
    known: bool


def read_weights(
    params: Mapping[str, str], defaults: Mapping[str, float] | None = None
) -> tuple[dict[str, float], tuple[WeightProblem, ...]]:
    """Every dimension's weight from `w.<dimension>` parameters; bad ones keep the default."""
    defaults = default_weights() if defaults is None else defaults
    weights = {d: float(defaults[d]) for d in DIMENSIONS}
    problems: list[WeightProblem] = []
    for key, raw in params.items():
        if not key.startswith(WEIGHT_PREFIX):
            continue
        name = key[len(WEIGHT_PREFIX) :]
        if name not in DIMENSIONS:
            problems.append(WeightProblem(shown(name), shown(str(raw)), known=False))
            continue
        value = parse_weight(str(raw))
        if value is None:
            problems.append(WeightProblem(name, shown(str(raw)), known=True))
        else:
            weights[name] = value
    return weights, tuple(problems)


# ---------------------------------------------------------------- scenarios


@dataclass(frozen=True)
class Scenario:
    """A saved set of answers and weights under a name."""

    name: str
    answers: dict[str, Any]  # the known answers (Profile.answers())
    weights: dict[str, float] = field(default_factory=dict)  # every dimension

    def profile(self) -> Profile:
        """The scenario's answers as a validated profile."""
        return parse_profile(dict(self.answers))


@dataclass(frozen=True)
class ScenarioProblem:
    """A scenario in a link that was left out: its name (shown safely) and why, in words."""

    name: str
    message: str


def name_problem(name: str, taken: Sequence[str], lang: Lang) -> str | None:
    """Why a scenario name cannot be used (empty, too long, invisible characters, one of the
    comparison table's labels, starting like a spreadsheet formula, or taken: compared after NFKC
    and case folding), or None."""
    clean = name.strip()
    if not clean:
        return t("app.scenario.problem.name_empty", lang)
    if len(clean) > MAX_NAME_CHARS:
        return t("app.scenario.problem.name_long", lang, max=MAX_NAME_CHARS)
    if any(unicodedata.category(ch)[0] == "C" for ch in clean):
        return t("app.scenario.problem.name_chars", lang)
    if name_key(clean) in reserved_names():
        return t("app.scenario.problem.name_reserved", lang, name=clean)
    if clean.startswith(TRIGGERS):  # a spreadsheet would run it as a formula in the comparison CSV
        return t("app.scenario.problem.name_formula", lang, first=clean[0])
    twin = twin_of(clean, taken)
    if twin is not None:
        return t("app.scenario.problem.name_taken", lang, name=twin)
    return None


def twin_of(name: str, taken: Sequence[str]) -> str | None:
    """The saved name that `name` would duplicate (after NFKC and case folding), or None."""
    return next((other for other in taken if name_key(other) == name_key(name)), None)


def encode_scenario(scenario: Scenario, defaults: Mapping[str, float] | None = None) -> str:
    """One `s=` value: name~field:value,...,w.dimension:value (non-default weights only)."""
    defaults = default_weights() if defaults is None else defaults
    items = [
        f"{name}{PAIR_SEP}{_param(scenario.answers[name])}"
        for name in PROFILE_FIELDS
        if scenario.answers.get(name) is not None
    ]
    items += [
        f"{WEIGHT_PREFIX}{d}{PAIR_SEP}{weight_param(v)}"
        for d, v in changed_weights(scenario.weights, defaults).items()
    ]
    return f"{scenario.name}{NAME_END}{ITEM_SEP.join(items)}"


def _scenario_items(payload: str, lang: Lang) -> tuple[dict[str, str], dict[str, str]] | str:
    """Split `field:value,...` into answers and weights, or say what is wrong."""
    answers: dict[str, str] = {}
    weights: dict[str, str] = {}
    for item in payload.split(ITEM_SEP) if payload else []:
        key, sep, value = item.partition(PAIR_SEP)
        if not sep:
            return t("app.scenario.problem.item", lang, item=shown(item))
        target = weights if key.startswith(WEIGHT_PREFIX) else answers
        if key not in PROFILE_FIELDS and key[len(WEIGHT_PREFIX) :] not in DIMENSIONS:
            return t("app.scenario.problem.item", lang, item=shown(key))
        if key in target:
            return t("app.scenario.problem.duplicate", lang, item=key)
        target[key] = value
    return answers, weights


def read_scenario(
    raw: str, taken: Sequence[str], lang: Lang, defaults: Mapping[str, float] | None = None
) -> Scenario | ScenarioProblem:
    """One `s=` value as a Scenario, or the problem that leaves it out."""
    defaults = default_weights() if defaults is None else defaults
    name, sep, payload = raw.rpartition(NAME_END)
    label = shown(name.strip() if sep else raw)
    if len(raw) > MAX_SCENARIO_CHARS:
        return ScenarioProblem(label, t("app.scenario.problem.too_long", lang))
    if not sep:
        return ScenarioProblem(label, t("app.scenario.problem.format", lang))
    problem = name_problem(name, taken, lang)
    if problem is not None:
        return ScenarioProblem(label, problem)
    items = _scenario_items(payload, lang)
    if isinstance(items, str):
        return ScenarioProblem(label, items)
    answers_raw, weights_raw = items
    answers: dict[str, Any] = {}
    for field_name, value in answers_raw.items():
        typed, problem = _check_one(field_name, value, lang)
        if problem is not None:
            return ScenarioProblem(label, problem)
        answers[field_name] = typed
    try:
        profile = parse_profile(answers, lang)
    except ProfileError as error:  # a required answer missing, or cost above price
        return ScenarioProblem(label, error.messages(lang)[0][1])
    weights, weight_problems = read_weights(weights_raw, defaults)
    if weight_problems:
        bad = weight_problems[0]
        return ScenarioProblem(
            label,
            t("app.scenario.problem.weight", lang, name=bad.name, value=bad.value, max=_param(MAX_WEIGHT)),
        )
    return Scenario(name.strip(), profile.answers(), weights)


def read_scenarios(
    values: Sequence[str], lang: Lang, defaults: Mapping[str, float] | None = None
) -> tuple[list[Scenario], tuple[ScenarioProblem, ...]]:
    """The scenarios of a link (at most MAX_SCENARIOS), and one problem per scenario left out."""
    defaults = default_weights() if defaults is None else defaults
    scenarios: list[Scenario] = []
    problems: list[ScenarioProblem] = []
    for raw in values:
        if len(scenarios) == MAX_SCENARIOS:
            problems.append(ScenarioProblem("", t("app.scenario.problem.too_many", lang, max=MAX_SCENARIOS)))
            break
        found = read_scenario(str(raw), [s.name for s in scenarios], lang, defaults)
        if isinstance(found, Scenario):
            scenarios.append(found)
        else:
            problems.append(found)
    return scenarios, tuple(problems)


# ---------------------------------------------------------------- the query string as sent


TOO_LONG_PARAM = "link"  # ?link=too_long: the page's script saw a query Streamlit had to drop
TOO_LONG_VALUE = "too_long"
MAX_QUERY_FIELDS = 1000  # Streamlit drops a whole query string with more parameters than this
MAX_QUERY_CHARS = 512 * 1024  # ... or longer than this
MAX_UNKNOWN_WEIGHTS = 5  # unknown `w.` parameters read (and named in a warning); the rest counted


@dataclass(frozen=True)
class Query:
    """A link's parameters sorted out: the values to read (the last of each name), the scenarios,
    the names given more than once, how many unknown weights were not even read, and whether the
    link was too long for Streamlit to pass on at all."""

    params: dict[str, str]
    scenarios: list[str]
    repeated: dict[str, int] = field(default_factory=dict)
    unknown_weights_skipped: int = 0
    too_long: bool = False


def read_query(pairs: Sequence[tuple[str, str]]) -> Query:
    """Sort a query string's (name, value) pairs: every known weight dimension is read whatever
    comes before it; only unknown `w.` names are capped; values are cut to a safe length."""
    answers_lang = (*PROFILE_FIELDS, LANG_PARAM)
    known_weights = {f"{WEIGHT_PREFIX}{d}" for d in DIMENSIONS}
    counts: dict[str, int] = {}
    params: dict[str, str] = {}
    unknown: list[str] = []
    scenarios: list[str] = []
    for name, value in pairs:
        if name == SCENARIO_PARAM:
            if len(scenarios) <= MAX_SCENARIOS:
                scenarios.append(value[: MAX_SCENARIO_CHARS + 1])
            continue
        if name in answers_lang or name in known_weights:
            counts[name] = counts.get(name, 0) + 1
            params[name] = value[: MAX_VALUE_CHARS + 1]
        elif name.startswith(WEIGHT_PREFIX) and name not in unknown:
            unknown.append(name)
    for name in unknown[:MAX_UNKNOWN_WEIGHTS]:
        params[name[: MAX_VALUE_CHARS + 1]] = dict(pairs)[name][: MAX_VALUE_CHARS + 1]
    too_long = any(n == TOO_LONG_PARAM and v == TOO_LONG_VALUE for n, v in pairs)
    return Query(
        params=params,
        scenarios=scenarios,
        repeated={name: count for name, count in counts.items() if count > 1},
        unknown_weights_skipped=max(0, len(unknown) - MAX_UNKNOWN_WEIGHTS),
        too_long=too_long,
    )


def too_long_script() -> str:
    """JavaScript for the page: if the address the browser first opened holds a query string that
    Streamlit drops whole (too many parameters or characters), reload as ?link=too_long so the app
    can say so instead of silently showing the defaults."""
    return (
        "(() => {const nav = performance.getEntriesByType('navigation')[0];"
        "if (!nav) return; const q = new URL(nav.name).search.slice(1);"
        f"if (q && (q.split('&').length > {MAX_QUERY_FIELDS} || q.length > {MAX_QUERY_CHARS}))"
        f" location.replace(location.pathname + '?{TOO_LONG_PARAM}={TOO_LONG_VALUE}');}})();"
    )


# ---------------------------------------------------------------- the whole link


Params = dict[str, str | list[str]]


def link_params(
    profile: Profile | None,
    lang: Lang,
    weights: Mapping[str, float] | None = None,
    scenarios: Sequence[Scenario] = (),
    defaults: Mapping[str, float] | None = None,
) -> Params:
    """Query parameters: the answers (unknown ones left out), weights that differ from the
    defaults, the saved scenarios (a repeated `s`), and the language."""
    answers = profile.answers() if profile is not None else {}
    params: Params = {name: _param(answers[name]) for name in PROFILE_FIELDS if name in answers}
    if weights or scenarios:
        defaults = default_weights() if defaults is None else defaults
        for d, value in changed_weights(weights or {}, defaults).items():
            params[f"{WEIGHT_PREFIX}{d}"] = weight_param(value)
        if scenarios:
            params[SCENARIO_PARAM] = [encode_scenario(s, defaults) for s in scenarios]
    params[LANG_PARAM] = lang
    return params


def share_url(base_url: str | None, params: Mapping[str, str | list[str]]) -> str:
    """The full share link (or just the query string when the app's URL is unknown)."""
    query = urlencode(dict(params), doseq=True, safe=":,~")  # scenarios stay readable
    return f"{(base_url or '').rstrip('?')}?{query}"

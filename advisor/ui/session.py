"""Session state: the language, answers, weights and scenarios shown, and the URL kept in step.

The URL is rewritten once per run, at its end (`sync_url`), from what the session holds; so it
always carries exactly the usable answers, the changed weights and the saved scenarios.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import streamlit as st

from advisor.i18n import Lang, normalize_lang
from advisor.profile import (
    FIELD_SPECS,
    OPTIONAL_FIELDS,
    PROFILE_FIELDS,
    Profile,
    ProfileError,
    parse_profile,
)
from advisor.rules import DIMENSIONS
from advisor.scenarios import MAX_SCENARIOS
from advisor.ui.link import (
    Link,
    Query,
    Scenario,
    ScenarioProblem,
    WeightProblem,
    default_weights,
    link_params,
    name_problem,
    read_lang,
    read_link,
    read_query,
    read_scenarios,
    read_weights,
    round_weight,
    twin_of,
)

LANG_KEY = "lang"
PROFILE_KEY = "profile"  # the Profile whose recommendation is shown (None before any answer)
ANSWERS_KEY = "answers"  # the accepted answers, to refill the form after another view
WEIGHTS_KEY = "weights"  # every dimension's weight in use
SCENARIOS_KEY = "scenarios"  # the saved scenarios, in the order saved
SCENARIO_NAME_KEY = "scenario_name"  # the "save as scenario" text input
REPLACE_KEY = "_replace"  # (saved name, new name) while asking whether to replace a scenario
SCENARIO_MESSAGE_KEY = "_scenario_message"  # (kind, name or problem) after a save attempt
LINK_KEY = "link_raw"  # the query string the session started from, while its problems are shown
BAD_LANG_KEY = "bad_lang"
ERRORS_KEY = "rejected"  # the raw answers of the last rejected submit (None if none)
STARTED_KEY = "_started"
SHOWN_LANG_KEY = "_shown_lang"  # the language the widgets were last drawn in
EDITING_KEY = "_editing"  # the questions are open although an answer is shown
WEIGHTS_OPEN_KEY = "_weights_open"  # open the weights panel when the link changed them
MORE_OPEN_KEY = "open_more"  # the optional questions' expander: True while it is open


_MISSING = object()
# An explicit "not sure" option: Streamlit shows a None value as "nothing chosen yet", not as an option.
NOT_SURE = "not_sure"


def has_not_sure(name: str) -> bool:
    """Whether a question offers the "not sure" option (optional choices and yes/no questions)."""
    spec = FIELD_SPECS[name]
    return not spec.required and spec.kind in ("choice", "bool")


def to_widget(name: str, value: object) -> object:
    """An answer as its widget holds it: unknown optional choices become the "not sure" option,
    numbers are floats (counts too, so that a fraction typed is refused rather than cut)."""
    if value is None and has_not_sure(name):
        return NOT_SURE
    if FIELD_SPECS[name].kind in ("int", "float") and isinstance(value, (int, float)):
        return float(value)
    return value


def from_widget(name: str, value: object) -> object:
    """A widget's value as an answer (the "not sure" option means unknown)."""
    return None if value == NOT_SURE and has_not_sure(name) else value


def _has(key: str) -> bool:
    """Whether session state holds a key (`key in st.session_state` copies the whole state)."""
    return st.session_state.get(key, _MISSING) is not _MISSING


def weight_key(dimension: str) -> str:
    """The session-state key of a dimension's weight slider."""
    return f"weight_{dimension}"


def _opening_query() -> Query:
    """The query string the page was opened with, sorted out by link.read_query."""
    qp = st.query_params
    return read_query([(name, value) for name in qp for value in qp.get_all(name)])


def start() -> None:
    """On a session's first run: language from ?lang= or the browser; answers, weights and
    scenarios from the link."""
    state = st.session_state
    if state.get(STARTED_KEY):
        return
    query = _opening_query()
    params, scenario_values = query.params, query.scenarios
    link_lang, bad_lang = read_lang(params)
    lang: Lang = link_lang or normalize_lang(st.context.locale)
    link = read_link(params, lang)
    weights, weight_problems = read_weights(params)
    scenarios, scenario_problems = read_scenarios(scenario_values, lang)
    problems = link.problems or bad_lang or weight_problems or scenario_problems
    odd = query.repeated or query.unknown_weights_skipped or query.too_long
    state[LANG_KEY] = lang
    opened = {"params": params, "scenarios": scenario_values, "query": query}
    state[LINK_KEY] = opened if problems or odd else {}
    state[BAD_LANG_KEY] = bad_lang
    state[ANSWERS_KEY] = link.answers
    state[WEIGHTS_KEY] = weights
    state[WEIGHTS_OPEN_KEY] = weights != default_weights()
    state[SCENARIOS_KEY] = scenarios
    state[ERRORS_KEY] = None
    state[PROFILE_KEY] = parse_profile(link.answers, lang) if link.has_answers else None
    _set_answer_widgets(link.answers)
    _set_weight_widgets(weights)
    state[STARTED_KEY] = True


def lang() -> Lang:
    """The language chosen for this session."""
    return st.session_state[LANG_KEY]


def relabel_widgets(current: Lang, keys: tuple[str, ...]) -> None:
    """After a language switch, hand each widget its value again so the browser shows the new labels.

    Streamlit sends a choice to the browser as its label; when only the labels change, the browser
    would keep showing the old-language label (or none). Re-assigning the value makes it resend.
    """
    state = st.session_state
    if state.get(SHOWN_LANG_KEY) not in (None, current):
        for key in keys:
            if _has(key):
                state[key] = state[key]
    state[SHOWN_LANG_KEY] = current


@dataclass(frozen=True)
class LinkProblems:
    """What in the opening link could not be used, read again in the current language."""

    link: Link | None
    bad_lang: str | None
    weights: tuple[WeightProblem, ...]
    scenarios: tuple[ScenarioProblem, ...]
    repeated: dict[str, int]
    unknown_weights_skipped: int = 0
    too_long: bool = False


def link_problems(current: Lang) -> LinkProblems:
    """The problems of the link the session started from, in the current language."""
    raw = st.session_state.get(LINK_KEY) or {}
    params = raw.get("params") or {}
    link = read_link(params, current) if params else None
    _, weight_problems = read_weights(params)
    _, scenario_problems = read_scenarios(raw.get("scenarios") or [], current)
    query: Query | None = raw.get("query")
    return LinkProblems(
        link if link and link.problems else None,
        st.session_state.get(BAD_LANG_KEY),
        weight_problems,
        scenario_problems,
        repeated={k: n for k, n in query.repeated.items()} if query else {},
        unknown_weights_skipped=query.unknown_weights_skipped if query else 0,
        too_long=bool(query and query.too_long),
    )


def sync_url(current: Lang) -> None:
    """Make the URL hold exactly the session's answers, changed weights, scenarios and language."""
    wanted = link_params(profile(), current, weights(), scenarios())
    wanted_lists = {k: v if isinstance(v, list) else [v] for k, v in wanted.items()}
    now = {k: st.query_params.get_all(k) for k in st.query_params}
    if now != wanted_lists:
        st.query_params.from_dict(wanted)


def profile() -> Profile | None:
    """The profile whose recommendation is on screen."""
    return st.session_state.get(PROFILE_KEY)


def answers() -> dict[str, Any]:
    """The accepted answers, every field present (None = unknown)."""
    return st.session_state[ANSWERS_KEY]


def _set_answer_widgets(values: dict[str, Any]) -> None:
    """Put answers on the form's widgets (they keep them across pages: persist_state="session")."""
    for name in PROFILE_FIELDS:
        st.session_state[name] = to_widget(name, values.get(name))


def _set_weight_widgets(values: dict[str, float]) -> None:
    for d in DIMENSIONS:
        st.session_state[weight_key(d)] = float(values[d])


def show(new: Profile, new_weights: Mapping[str, float]) -> None:
    """Show a profile's answer under given weights, with the form and sliders holding them."""
    accept(new)
    _set_answer_widgets(answers())
    set_weights(dict(new_weights))


@dataclass(frozen=True)
class Snapshot:
    """What the answer view shows: the profile (None before any answer), answers and weights."""

    profile: Profile | None
    answers: dict[str, Any]
    weights: dict[str, float]


def snapshot() -> Snapshot:
    """The answer view's state, to put back later (`restore`)."""
    return Snapshot(profile(), dict(answers()), dict(weights()))


def restore(saved: Snapshot) -> None:
    """Put a snapshot back: the shown answer, the form and the sliders."""
    state = st.session_state
    state[PROFILE_KEY] = saved.profile
    state[ANSWERS_KEY] = dict(saved.answers)
    state[ERRORS_KEY] = None
    _set_answer_widgets(saved.answers)
    set_weights(saved.weights)


def accept(new: Profile) -> None:
    """A valid submit: show its recommendation and remember it (the URL follows at the run's end)."""
    state = st.session_state
    state[PROFILE_KEY] = new
    state[ANSWERS_KEY] = {name: getattr(new, name) for name in PROFILE_FIELDS}
    state[ERRORS_KEY] = None
    state[LINK_KEY] = {}
    state[BAD_LANG_KEY] = None


def draft() -> dict[str, Any]:
    """The answers as the form holds them now, submitted or not."""
    state = st.session_state
    return {name: from_widget(name, state.get(name)) for name in PROFILE_FIELDS}


def _same(a: Any, b: Any) -> bool:
    numbers = (int, float)
    if (
        isinstance(a, numbers)
        and isinstance(b, numbers)
        and not isinstance(a, bool)
        and not isinstance(b, bool)
    ):
        return float(a) == float(b)
    return a == b


def is_stale() -> bool:
    """Whether the form holds answers that differ from the answer on screen (edited, not submitted)."""
    if profile() is None:
        return False
    shown_answers = answers()
    return any(not _same(value, shown_answers.get(name)) for name, value in draft().items())


def submit(current: Lang) -> None:
    """Callback of the form's button: a valid draft becomes the answer shown (and the form folds
    away to its one-line summary); an invalid one changes nothing and is explained."""
    values = draft()
    try:
        new = parse_profile(values, current)
    except ProfileError as error:
        reject(values)
        if any(field in OPTIONAL_FIELDS for field in error.fields()):
            st.session_state[MORE_OPEN_KEY] = True  # show the optional question that is wrong
    else:
        accept(new)
        st.session_state[EDITING_KEY] = False


def editing() -> bool:
    """Whether the questions are open: always before any answer, else after "Change answers"."""
    return profile() is None or bool(st.session_state.get(EDITING_KEY))


def open_questions() -> None:
    """Callback of "Change answers": unfold the questions above (or beside) the answer."""
    st.session_state[EDITING_KEY] = True


def reject(values: dict[str, Any]) -> None:
    """An invalid submit: keep everything as it was and remember what was sent."""
    st.session_state[ERRORS_KEY] = dict(values)


def form_errors(current: Lang) -> list[tuple[str, str]]:
    """Problems of the last rejected submit, (field, message) in the current language."""
    values = st.session_state.get(ERRORS_KEY)
    if not values:
        return []
    try:
        parse_profile(values, current)
    except ProfileError as error:
        return error.messages(current)
    return []


# ---------------------------------------------------------------- weights


def weights() -> dict[str, float]:
    """Every dimension's weight in use."""
    return st.session_state[WEIGHTS_KEY]


def weights_open() -> bool:
    """Whether the weights panel starts open (the link changed a weight)."""
    return bool(st.session_state.get(WEIGHTS_OPEN_KEY))


def read_weight_widgets() -> dict[str, float]:
    """Take the sliders' values as the weights in use (on the sliders' 0.1 grid)."""
    state = st.session_state
    new = {d: round_weight(state.get(weight_key(d), weights()[d])) for d in DIMENSIONS}
    if new != weights():
        state[WEIGHTS_KEY] = new
    return new


def set_weights(new: Mapping[str, float]) -> None:
    """Put weights in use and on the sliders (call from a callback, before the sliders are drawn)."""
    st.session_state[WEIGHTS_KEY] = {d: float(new[d]) for d in DIMENSIONS}
    _set_weight_widgets(st.session_state[WEIGHTS_KEY])


def reset_weights() -> None:
    """Callback: every weight back to the rule file's default."""
    set_weights(default_weights())


# ---------------------------------------------------------------- scenarios


def scenarios() -> list[Scenario]:
    """The saved scenarios, in the order saved."""
    return st.session_state.get(SCENARIOS_KEY, [])


def save_scenario(current: Lang) -> None:
    """Callback of "Save as scenario": the shown answers and weights under the name typed.

    The outcome (saved, or the problem with the name) is left for the page to show.
    """
    state = st.session_state
    name = str(state.get(SCENARIO_NAME_KEY) or "")
    shown_profile = profile()
    saved = scenarios()
    problem = name_problem(name, [], current)
    twin = twin_of(name, [s.name for s in saved])
    state[REPLACE_KEY] = None
    if shown_profile is None:
        state[SCENARIO_MESSAGE_KEY] = None
    elif problem is not None:
        state[SCENARIO_MESSAGE_KEY] = ("error", problem)
    elif twin is not None:  # ask before replacing it
        state[SCENARIO_MESSAGE_KEY] = None
        state[REPLACE_KEY] = (twin, name.strip())
    elif len(saved) < MAX_SCENARIOS:
        _store(Scenario(name.strip(), shown_profile.answers(), dict(weights())), None)


def _store(scenario: Scenario, replacing: str | None) -> None:
    """Save a scenario, in the place of the one named `replacing` if given, else at the end."""
    state = st.session_state
    saved = scenarios()
    if replacing is None:
        state[SCENARIOS_KEY] = [*saved, scenario]
    else:
        state[SCENARIOS_KEY] = [scenario if s.name == replacing else s for s in saved]
    state[SCENARIO_NAME_KEY] = ""
    state[REPLACE_KEY] = None
    state[SCENARIO_MESSAGE_KEY] = ("replaced" if replacing else "saved", scenario.name)


def pending_replace() -> tuple[str, str] | None:
    """(saved name, new name) while the page asks whether to replace a scenario, else None."""
    return st.session_state.get(REPLACE_KEY)


def replace_scenario() -> None:
    """Callback of "Replace it": the shown answers and weights take the older scenario's place."""
    pending, shown_profile = pending_replace(), profile()
    if pending is None or shown_profile is None:
        return
    old, new = pending
    _store(Scenario(new, shown_profile.answers(), dict(weights())), old)


def keep_scenario() -> None:
    """Callback of "Keep it": nothing is saved; the name stays in the box to be changed."""
    st.session_state[REPLACE_KEY] = None


def pop_scenario_message() -> tuple[str, str] | None:
    """What the last save attempt said, once: ("saved", name) or ("error", problem)."""
    return st.session_state.pop(SCENARIO_MESSAGE_KEY, None)


def remove_scenario(name: str) -> None:
    """Callback: forget one saved scenario."""
    st.session_state[SCENARIOS_KEY] = [s for s in scenarios() if s.name != name]
    st.session_state[SCENARIO_MESSAGE_KEY] = None


def restore_scenario(name: str) -> bool:
    """Load a scenario's answers and weights into the form and the answer; False if it is gone."""
    scenario = next((s for s in scenarios() if s.name == name), None)
    if scenario is None:
        return False
    show(scenario.profile(), scenario.weights)
    st.session_state[SCENARIO_MESSAGE_KEY] = None
    return True

"""Session state: the language, answers, weights and scenarios shown, and the URL kept in step.

The URL is rewritten once per run, at its end (`sync_url`), from what the session holds; so it
always carries exactly the usable answers, the changed weights and the saved scenarios.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import islice
from typing import Any

import streamlit as st

from advisor.i18n import Lang, normalize_lang
from advisor.profile import PROFILE_FIELDS, Profile, ProfileError, parse_profile
from advisor.rules import DIMENSIONS
from advisor.scenarios import MAX_SCENARIOS
from advisor.ui.link import (
    LANG_PARAM,
    MAX_SCENARIO_CHARS,
    MAX_VALUE_CHARS,
    SCENARIO_PARAM,
    WEIGHT_PREFIX,
    Link,
    Scenario,
    ScenarioProblem,
    WeightProblem,
    default_weights,
    link_params,
    name_problem,
    read_lang,
    read_link,
    read_scenarios,
    read_weights,
    round_weight,
)

LANG_KEY = "lang"
VIEW_KEY = "view"
PROFILE_KEY = "profile"  # the Profile whose recommendation is shown (None before any answer)
ANSWERS_KEY = "answers"  # the accepted answers, to refill the form after another view
WEIGHTS_KEY = "weights"  # every dimension's weight in use
SCENARIOS_KEY = "scenarios"  # the saved scenarios, in the order saved
SCENARIO_NAME_KEY = "scenario_name"  # the "save as scenario" text input
SCENARIO_MESSAGE_KEY = "_scenario_message"  # (kind, name or problem) after a save attempt
LINK_KEY = "link_raw"  # the query string the session started from, while its problems are shown
BAD_LANG_KEY = "bad_lang"
ERRORS_KEY = "rejected"  # the raw answers of the last rejected submit (None if none)
STARTED_KEY = "_started"
SHOWN_LANG_KEY = "_shown_lang"  # the language the widgets were last drawn in
WEIGHTS_OPEN_KEY = "_weights_open"  # open the weights panel when the link changed them
MAX_WEIGHT_PARAMS = 2 * len(DIMENSIONS)  # more `w.` parameters than this are not even read


_MISSING = object()


def _has(key: str) -> bool:
    """Whether session state holds a key (`key in st.session_state` copies the whole state)."""
    return st.session_state.get(key, _MISSING) is not _MISSING


def weight_key(dimension: str) -> str:
    """The session-state key of a dimension's weight slider."""
    return f"weight_{dimension}"


def _initial_params() -> tuple[dict[str, str], list[str]]:
    """The query string the page was opened with (answers, weights, language; and the scenarios),
    values capped so nothing huge is kept."""
    params = st.query_params.to_dict()
    kept = {k: v[: MAX_VALUE_CHARS + 1] for k, v in params.items() if k in (*PROFILE_FIELDS, LANG_PARAM)}
    weights = islice(((k, v) for k, v in params.items() if k.startswith(WEIGHT_PREFIX)), MAX_WEIGHT_PARAMS)
    kept |= {k[: MAX_VALUE_CHARS + 1]: v[: MAX_VALUE_CHARS + 1] for k, v in weights}
    scenarios = st.query_params.get_all(SCENARIO_PARAM)[: MAX_SCENARIOS + 1]
    return kept, [s[: MAX_SCENARIO_CHARS + 1] for s in scenarios]


def start() -> None:
    """On a session's first run: language from ?lang= or the browser; answers, weights and
    scenarios from the link."""
    state = st.session_state
    if state.get(STARTED_KEY):
        return
    params, scenario_values = _initial_params()
    link_lang, bad_lang = read_lang(params)
    lang: Lang = link_lang or normalize_lang(st.context.locale)
    link = read_link(params, lang)
    weights, weight_problems = read_weights(params)
    scenarios, scenario_problems = read_scenarios(scenario_values, lang)
    problems = link.problems or bad_lang or weight_problems or scenario_problems
    state[LANG_KEY] = lang
    state[LINK_KEY] = {"params": params, "scenarios": scenario_values} if problems else {}
    state[BAD_LANG_KEY] = bad_lang
    state[ANSWERS_KEY] = link.answers
    state[WEIGHTS_KEY] = weights
    state[WEIGHTS_OPEN_KEY] = weights != default_weights()
    state[SCENARIOS_KEY] = scenarios
    state[ERRORS_KEY] = None
    state[PROFILE_KEY] = parse_profile(link.answers, lang) if link.has_answers else None
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


def link_problems(current: Lang) -> LinkProblems:
    """The problems of the link the session started from, in the current language."""
    raw = st.session_state.get(LINK_KEY) or {}
    params = raw.get("params") or {}
    link = read_link(params, current) if params else None
    _, weight_problems = read_weights(params)
    _, scenario_problems = read_scenarios(raw.get("scenarios") or [], current)
    return LinkProblems(
        link if link and link.problems else None,
        st.session_state.get(BAD_LANG_KEY),
        weight_problems,
        scenario_problems,
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


def seed_widgets(to_widget: Callable[[str, Any], Any]) -> None:
    """Give every answer widget its value (after another view, widgets are re-created)."""
    accepted = answers()
    for name in PROFILE_FIELDS:
        if not _has(name):
            st.session_state[name] = to_widget(name, accepted.get(name))


def accept(new: Profile) -> None:
    """A valid submit: show its recommendation and remember it (the URL follows at the run's end)."""
    state = st.session_state
    state[PROFILE_KEY] = new
    state[ANSWERS_KEY] = {name: getattr(new, name) for name in PROFILE_FIELDS}
    state[ERRORS_KEY] = None
    state[LINK_KEY] = {}
    state[BAD_LANG_KEY] = None


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


def seed_weight_widgets() -> None:
    """Give every weight slider its value (after another view, widgets are re-created)."""
    current = weights()
    for d in DIMENSIONS:
        if not _has(weight_key(d)):
            st.session_state[weight_key(d)] = current[d]


def read_weight_widgets() -> dict[str, float]:
    """Take the sliders' values as the weights in use (on the sliders' 0.1 grid)."""
    state = st.session_state
    new = {d: round_weight(state.get(weight_key(d), weights()[d])) for d in DIMENSIONS}
    if new != weights():
        state[WEIGHTS_KEY] = new
    return new


def set_weights(new: dict[str, float]) -> None:
    """Put weights in use and on the sliders (call from a callback, before the sliders are drawn)."""
    state = st.session_state
    state[WEIGHTS_KEY] = {d: float(new[d]) for d in DIMENSIONS}
    for d in DIMENSIONS:
        state[weight_key(d)] = float(new[d])


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
    problem = name_problem(name, [s.name for s in saved], current)
    if shown_profile is None or len(saved) >= MAX_SCENARIOS:
        state[SCENARIO_MESSAGE_KEY] = None
        return
    if problem is not None:
        state[SCENARIO_MESSAGE_KEY] = ("error", problem)
        return
    scenario = Scenario(name.strip(), shown_profile.answers(), dict(weights()))
    state[SCENARIOS_KEY] = [*saved, scenario]
    state[SCENARIO_NAME_KEY] = ""
    state[SCENARIO_MESSAGE_KEY] = ("saved", scenario.name)


def pop_scenario_message() -> tuple[str, str] | None:
    """What the last save attempt said, once: ("saved", name) or ("error", problem)."""
    return st.session_state.pop(SCENARIO_MESSAGE_KEY, None)


def remove_scenario(name: str) -> None:
    """Callback: forget one saved scenario."""
    st.session_state[SCENARIOS_KEY] = [s for s in scenarios() if s.name != name]
    st.session_state[SCENARIO_MESSAGE_KEY] = None


def restore_scenario(name: str, to_widget: Callable[[str, Any], Any], view: str) -> None:
    """Callback: load a scenario's answers and weights into the form, and show its recommendation."""
    scenario = next((s for s in scenarios() if s.name == name), None)
    if scenario is None:
        return
    restored = scenario.profile()
    accept(restored)
    state = st.session_state
    for field in PROFILE_FIELDS:
        state[field] = to_widget(field, getattr(restored, field))
    set_weights(scenario.weights)
    state[SCENARIO_MESSAGE_KEY] = None
    state[VIEW_KEY] = view

"""Session state: the language, the answers shown, and the URL kept in step with them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from advisor.i18n import Lang, normalize_lang
from advisor.profile import PROFILE_FIELDS, Profile, ProfileError, parse_profile
from advisor.ui.link import LANG_PARAM, MAX_VALUE_CHARS, Link, link_params, read_lang, read_link

LANG_KEY = "lang"
PROFILE_KEY = "profile"  # the Profile whose recommendation is shown (None before any answer)
ANSWERS_KEY = "answers"  # the accepted answers, to refill the form after the rule browser
LINK_KEY = "link_raw"  # the query string the session started from, while its problems are shown
BAD_LANG_KEY = "bad_lang"
ERRORS_KEY = "rejected"  # the raw answers of the last rejected submit (None if none)
STARTED_KEY = "_started"
SHOWN_LANG_KEY = "_shown_lang"  # the language the widgets were last drawn in


def _initial_params() -> dict[str, str]:
    """The query string the page was opened with; values capped so nothing huge is kept."""
    params = st.query_params.to_dict()
    return {k: v[: MAX_VALUE_CHARS + 1] for k, v in params.items() if k in (*PROFILE_FIELDS, LANG_PARAM)}


def start() -> None:
    """On a session's first run: language from ?lang= or the browser, answers from the link."""
    state = st.session_state
    if state.get(STARTED_KEY):
        return
    params = _initial_params()
    link_lang, bad_lang = read_lang(params)
    lang: Lang = link_lang or normalize_lang(st.context.locale)
    link = read_link(params, lang)
    state[LANG_KEY] = lang
    state[LINK_KEY] = params if (link.problems or bad_lang) else {}
    state[BAD_LANG_KEY] = bad_lang
    state[ANSWERS_KEY] = link.answers
    state[ERRORS_KEY] = None
    state[PROFILE_KEY] = parse_profile(link.answers, lang) if link.has_answers else None
    state[STARTED_KEY] = True
    st.query_params.from_dict(link_params(state[PROFILE_KEY], lang))


def lang() -> Lang:
    """The language chosen for this session."""
    return st.session_state[LANG_KEY]


def sync_lang_param(current: Lang) -> None:
    """Keep ?lang= in step with the language selector."""
    if st.query_params.get(LANG_PARAM) != current:
        st.query_params[LANG_PARAM] = current


def relabel_widgets(current: Lang, keys: tuple[str, ...]) -> None:
    """After a language switch, hand each widget its value again so the browser shows the new labels.

    Streamlit sends a choice to the browser as its label; when only the labels change, the browser
    would keep showing the old-language label (or none). Re-assigning the value makes it resend.
    """
    state = st.session_state
    if state.get(SHOWN_LANG_KEY) not in (None, current):
        for key in keys:
            if key in state:
                state[key] = state[key]
    state[SHOWN_LANG_KEY] = current


def link_problems(current: Lang) -> tuple[Link | None, str | None]:
    """The problems of the link the session started from, in the current language."""
    raw = st.session_state.get(LINK_KEY) or {}
    link = read_link(raw, current) if raw else None
    return (link if link and link.problems else None), st.session_state.get(BAD_LANG_KEY)


def profile() -> Profile | None:
    """The profile whose recommendation is on screen."""
    return st.session_state.get(PROFILE_KEY)


def answers() -> dict[str, Any]:
    """The accepted answers, every field present (None = unknown)."""
    return st.session_state[ANSWERS_KEY]


def seed_widgets(to_widget: Callable[[str, Any], Any]) -> None:
    """Give every answer widget its value (after the rule browser, widgets are re-created)."""
    accepted = answers()
    for name in PROFILE_FIELDS:
        if name not in st.session_state:
            st.session_state[name] = to_widget(name, accepted.get(name))


def accept(new: Profile, current: Lang) -> None:
    """A valid submit: show its recommendation, remember it, and put it in the URL."""
    state = st.session_state
    state[PROFILE_KEY] = new
    state[ANSWERS_KEY] = {name: getattr(new, name) for name in PROFILE_FIELDS}
    state[ERRORS_KEY] = None
    state[LINK_KEY] = {}
    state[BAD_LANG_KEY] = None
    st.query_params.from_dict(link_params(new, current))


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
        return list(error.problems)
    return []

"""Share links: the answers and the language in the URL query string, read defensively.

Parameters are named as the profile fields (`?category=fmcg&monthly_budget=2000&team_size=1
&part_time=true&lang=zh-Hans`). Every value is checked by `parse_profile`, the engine's own
validation; a value it rejects is dropped with a message naming the field, and the default is
used instead. Nothing here touches Streamlit, so it is tested as plain functions.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from advisor.i18n import Lang, is_lang
from advisor.profile import (
    OPTIONAL_FIELDS,
    PROFILE_FIELDS,
    REQUIRED_FIELDS,
    Profile,
    ProfileError,
    field_problem,
    parse_profile,
)

LANG_PARAM = "lang"
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
    if len(raw) > MAX_VALUE_CHARS or shown(raw) != raw:
        return None, field_problem(name, shown(raw), lang)
    base = {k: DEFAULT_ANSWERS[k] for k in REQUIRED_FIELDS}
    try:
        profile = parse_profile({**base, name: raw}, lang)
    except ProfileError as error:
        problems = dict(error.problems)
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
        for name, message in error.problems:
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


def link_params(profile: Profile | None, lang: Lang) -> dict[str, str]:
    """Query parameters for a profile's answers (unknown ones left out) and the language."""
    answers = profile.answers() if profile is not None else {}
    params = {name: _param(answers[name]) for name in PROFILE_FIELDS if name in answers}
    params[LANG_PARAM] = lang
    return params


def share_url(base_url: str | None, params: Mapping[str, str]) -> str:
    """The full share link (or just the query string when the app's URL is unknown)."""
    query = urlencode(dict(params))
    return f"{(base_url or '').rstrip('?')}?{query}"

"""Small helpers shared by the pages: safe Markdown and cached library calls."""

from __future__ import annotations

import re
from typing import Any

import pandas as pd
import streamlit as st

from advisor import charts
from advisor.decision import Recommendation, recommend
from advisor.profile import Profile, parse_profile
from advisor.rules import RuleBase, load_rules

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:=^&])")


def escape_md(text: str) -> str:
    """Quote text inside Markdown literally: links, HTML, LaTeX ($) and :directives: defused."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text)).replace("\n", " ")


def rules() -> RuleBase:
    """The bundled rule base (load_rules caches it until the file changes)."""
    return load_rules()


def recommendation(profile: Profile) -> Recommendation:
    """The engine's answer for a profile (a couple of milliseconds; not worth caching)."""
    return recommend(profile, rules())


@st.cache_data(max_entries=256, show_spinner=False)
def _what_if_cached(answers: tuple[tuple[str, Any], ...], version: str) -> pd.DataFrame:
    return charts.what_if_frame(parse_profile(dict(answers)), rules=rules())


def what_if_frame(profile: Profile) -> pd.DataFrame:
    """Both what-if curves for a profile (one score_frame call), cached per answers and rules version."""
    return _what_if_cached(tuple(sorted(profile.answers().items())), rules().version)

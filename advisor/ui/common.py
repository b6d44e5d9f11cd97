"""Small helpers shared by the pages: safe Markdown, charts with their tables, cached library calls.

The recommendation document (`report.document`: scores, reasons, robustness, flip points,
sensitivity) costs about 20 ms, mostly the robustness analysis; it is computed once per
answers, weights and language and cached, so a rerun that changes nothing else reuses it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
import pyarrow as pa
import streamlit as st

from advisor import charts, report
from advisor.analysis import analyse
from advisor.decision import Recommendation, recommend
from advisor.i18n import Lang, t
from advisor.profile import Profile, parse_profile
from advisor.rules import RuleBase, load_rules
from advisor.ui.link import Scenario

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:=^&])")

Key = tuple[tuple[str, Any], ...]


def escape_md(text: str) -> str:
    """Quote text inside Markdown literally: links, HTML, LaTeX ($) and :directives: defused."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text)).replace("\n", " ")


def rules() -> RuleBase:
    """The bundled rule base (load_rules caches it until the file changes)."""
    return load_rules()


def recommendation(profile: Profile, weights: Mapping[str, float] | None = None) -> Recommendation:
    """The engine's answer for a profile and weights (about a millisecond; not worth caching)."""
    return recommend(profile, rules(), weights)


def _key(values: Mapping[str, Any]) -> Key:
    return tuple(sorted(values.items()))


@st.cache_data(max_entries=256, show_spinner=False)
def _document_cached(
    answers: Key,
    weights: Key,
    lang: Lang,
    version: str,  # noqa: ARG001 (a cache key: st.cache_data hashes it, so a new rule file recomputes)
    _rec: Recommendation | None = None,
) -> dict[str, Any]:
    """Keyed by answers, weights, language and rules version; `_rec` (not hashed) saves
    recomputing a recommendation the caller already has."""
    rec = _rec or recommend(parse_profile(dict(answers)), rules(), dict(weights))
    return report.document(rec, lang, analyse(rec.profile, rec.rules, rec.weights))


def document(rec: Recommendation, lang: Lang) -> dict[str, Any]:
    """`report.document(rec, lang)`, cached per answers, weights, language and rules version."""
    return _document_cached(_key(rec.profile.answers()), _key(rec.weights), lang, rec.rules.version, rec)


def scenario_documents(saved: Sequence[Scenario], lang: Lang) -> list[dict[str, Any]]:
    """Each saved scenario's recommendation document (cached), carrying the scenario's name."""
    version = rules().version
    return [
        {**_document_cached(_key(s.answers), _key(s.weights), lang, version), "name": s.name} for s in saved
    ]


@st.cache_data(max_entries=256, show_spinner=False)
def _what_if_cached(
    answers: Key,
    weights: Key,
    version: str,  # noqa: ARG001 (a cache key, as above)
) -> pd.DataFrame:
    return charts.what_if_frame(parse_profile(dict(answers)), rules=rules(), weights=dict(weights))


def what_if_frame(profile: Profile, weights: Mapping[str, float]) -> pd.DataFrame:
    """Both what-if curves for a profile and weights (one engine call), cached."""
    return _what_if_cached(_key(profile.answers()), _key(weights), rules().version)


def _arrow(rows: Any) -> Any:
    """A dataset as an Arrow table: Streamlit would otherwise build a DataFrame from the rows
    first, about ten times slower (a couple of milliseconds per dataset, on every rerun)."""
    return pa.Table.from_pylist(rows) if isinstance(rows, list) and rows else rows


def table_key(key: str) -> str:
    """The session-state key of a figure's data-table expander (True while it is open)."""
    return f"open_table_{key}"


def figure(figure: charts.Figure, lang: Lang, key: str) -> None:
    """A chart with its data one click away as a table (what a screen reader gets).

    The table is a plain HTML table, drawn only while its expander is open: the first paint
    then carries no table at all (the interactive grid's code alone is 1.2 MB for the browser).
    """
    spec = {**figure.spec, "datasets": {k: _arrow(v) for k, v in figure.spec.get("datasets", {}).items()}}
    st.vega_lite_chart(spec=spec, width="stretch", key=f"chart_{key}")
    with st.expander(t("app.answer.data_table", lang), key=table_key(key), on_change="rerun") as box:
        if box.open:
            st.caption(figure.description)
            st.table(figure.table, hide_index=True)

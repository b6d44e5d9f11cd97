"""The "Compare scenarios" view: saved scenarios side by side, restore or remove each one.

The table is scenarios.compare_documents over each scenario's report.document (cached), rows
that differ highlighted and marked; the chart groups the three scores per scenario; the CSV is
what `python -m advisor compare` writes for the same documents.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pandas as pd
import streamlit as st

from advisor import charts, tables
from advisor.export import files
from advisor.i18n import Lang, t
from advisor.scenarios import MAX_SCENARIOS
from advisor.ui import common, nav, session
from advisor.ui.link import Scenario

HIGHLIGHT = "background-color: rgba(255, 196, 0, 0.22); font-weight: 600"


def _restore(name: str) -> None:
    """Callback: the scenario's answers and weights in the form, and its answer on its page."""
    if session.restore_scenario(name):
        nav.request("advisor")


def _cards(saved: list[Scenario], docs: list[dict[str, Any]], lang: Lang) -> None:
    """One card per scenario: its name, its answer, and the restore and remove buttons."""
    for column, scenario, doc in zip(st.columns(MAX_SCENARIOS), saved, docs, strict=False):
        with column.container(border=True):
            st.markdown(f"**{common.escape_md(scenario.name)}**")
            st.caption(
                t(
                    "app.compare.card",
                    lang,
                    channel=doc["recommendation_label"],
                    margin=f"{doc['margin']:.1f}",
                )
            )
            st.button(
                t("app.compare.restore", lang),
                key=f"restore_{scenario.name}",
                help=t("app.compare.restore_help", lang),
                on_click=_restore,
                args=(scenario.name,),
                icon=":material/restore:",
                width="stretch",
            )
            st.button(
                t("app.compare.remove", lang),
                key=f"remove_{scenario.name}",
                on_click=session.remove_scenario,
                args=(scenario.name,),
                icon=":material/delete:",
                type="tertiary",
                width="stretch",
            )


def styled(table: pd.DataFrame, differs: pd.Series) -> Any:
    """The comparison table with the rows that differ highlighted."""
    marks = list(differs)

    def highlight(row: pd.Series) -> list[str]:
        return [HIGHLIGHT if marks[row.name] else ""] * len(row)

    return table.style.apply(highlight, axis=1)


def render(lang: Lang) -> None:
    """The comparison of the saved scenarios (two to four)."""
    st.header(t("app.compare.title", lang), anchor=False)
    st.caption(t("app.compare.intro", lang))
    saved = session.scenarios()
    if not saved:
        st.info(t("app.compare.none", lang, view=t("app.view.advisor", lang)), icon=":material/bookmark:")
        return
    docs = common.scenario_documents(saved, lang)
    _cards(saved, docs, lang)
    if len(saved) < 2:
        st.info(t("app.compare.need_two", lang), icon=":material/info:")
        return
    table = tables.comparison(docs, lang)
    st.subheader(t("app.compare.table_title", lang), anchor=False)
    st.caption(t("app.compare.table_caption", lang))
    st.dataframe(
        styled(table, pd.Series(tables.differing_rows(table))),
        hide_index=True,
        width="stretch",
        height=35 * (len(table) + 1) + 3,  # every row, no scrolling
        key="comparison_table",
    )
    st.subheader(t("app.compare.chart_title", lang), anchor=False)
    common.figure(charts.comparison_chart(docs, lang), lang, "comparison")
    st.download_button(
        t("app.compare.download_csv", lang),
        data=files.comparison_csv(docs, lang),
        file_name=files.file_name(
            "csv", files.comparison_subject(docs, lang), datetime.now().astimezone().date()
        ),
        mime=files.MIME_TYPES["csv"],
        key="download_comparison",
        on_click="ignore",
        icon=":material/download:",
    )

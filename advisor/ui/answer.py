"""The answer: headline card, flags, scores, why, how sure, what-if, what would change it, the
plan, saving a scenario, downloads and the share link."""

from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import Any

import streamlit as st

from advisor import charts, report, tables
from advisor.decision import Recommendation
from advisor.export import files, html, markdown, svg
from advisor.i18n import Lang, t
from advisor.scenarios import MAX_SCENARIOS
from advisor.ui import common, session
from advisor.ui.link import MAX_NAME_CHARS, link_params, share_url

FLAG_BOXES = {
    "danger": (st.error, ":material/dangerous:"),
    "warning": (st.warning, ":material/warning:"),
    "info": (st.info, ":material/info:"),
}
SAVE_FORM_KEY = "save_scenario_form"
SAVE_BUTTON_KEY = "save_scenario"


def _headline(rec: Recommendation, doc: dict, lang: Lang) -> None:
    with st.container(border=True, key="headline"):
        left, right = st.columns([3, 2])
        left.metric(t("report.recommendation", lang), doc["recommendation_label"])
        runner = t(f"channel.{rec.runner_up}", lang)
        right.metric(
            t("app.answer.lead_label", lang, runner=runner),
            t("app.answer.points", lang, points=f"{rec.margin:.1f}"),
        )
        if doc["robust"]:
            st.badge(report.badge(doc), icon=":material/check_circle:", color="green")
        else:
            st.badge(report.badge(doc), icon=":material/balance:", color="orange")
        st.markdown(common.escape_md(doc["summary"]))
        st.caption(common.escape_md(doc["verdict"]))


def _flags(doc: dict) -> None:
    for severity, sentence in markdown.flag_sentences(doc):
        box, icon = FLAG_BOXES[severity]
        box(sentence, icon=icon)


def _reasons(doc: dict, lang: Lang) -> None:
    st.markdown(f"**{t('app.answer.top_reasons', lang)}**")
    items = markdown.reason_items(doc)
    st.markdown(markdown.numbered(items) if items else t("report.no_reasons", lang))
    mix = markdown.mix_sentence(doc)
    if mix is not None:
        st.info(mix, icon=":material/merge:")


def _how_sure(rec: Recommendation, doc: dict, lang: Lang) -> None:
    """Robustness over plausible weightings, and one weight at a time."""
    st.subheader(t("app.sure.title", lang))
    robustness = doc["robustness"]
    verdict = common.escape_md(doc["verdict"])
    if doc["robust"]:
        st.success(verdict, icon=":material/verified:")
    else:
        st.warning(verdict, icon=":material/balance:")
    st.caption(t("app.sure.caption", lang, samples=f"{robustness['samples']:,}"))
    figure = charts.robustness_chart(doc, lang, rec.rules.scoring.robust_share)
    common.figure(figure, lang, "robustness")
    st.markdown(f"**{t('app.sure.sensitivity_title', lang)}**")
    st.markdown(common.escape_md(doc["sensitivity_summary"]))
    lines = report.sensitivity_lines(doc)
    st.markdown(
        "\n".join(f"- {common.escape_md(line)}" for line in lines)
        if lines
        else t("app.sure.no_weight_flips", lang)
    )
    with st.expander(t("app.sure.sensitivity_table", lang)):
        st.caption(t("app.sure.sensitivity_caption", lang))
        st.dataframe(tables.sensitivity(doc), hide_index=True, width="stretch", key="table_oat")


def _flip_points(doc: dict, lang: Lang) -> None:
    """What single change of answer would change the recommendation: sentences and a chart."""
    st.subheader(t("report.flip_points", lang))
    st.caption(t("app.flip.caption", lang))
    lines = [f"- {common.escape_md(f['text'])}" for f in doc["flip_points"]]
    st.markdown("\n".join(lines) if lines else t("report.no_flip_points", lang))
    figure = charts.flip_chart(doc, lang)
    if figure is not None:
        st.markdown(f"**{t('app.flip.chart_title', lang)}**")
        st.caption(t("app.flip.chart_caption", lang))
        common.figure(figure, lang, "flips")


def _save_scenario(lang: Lang) -> None:
    """Save the answers and weights shown under a name, to compare them later."""
    st.subheader(t("app.scenario.title", lang))
    saved = session.scenarios()
    compare_view = t("app.view.compare", lang)
    st.caption(t("app.scenario.caption", lang, max=MAX_SCENARIOS))
    full = len(saved) >= MAX_SCENARIOS
    with st.form(SAVE_FORM_KEY, border=False, enter_to_submit=True):
        name_col, button_col = st.columns([3, 2], vertical_alignment="bottom")
        name_col.text_input(
            t("app.scenario.name", lang),
            key=session.SCENARIO_NAME_KEY,
            max_chars=MAX_NAME_CHARS,
            placeholder=t("app.scenario.name_placeholder", lang),
            disabled=full,
        )
        button_col.form_submit_button(
            t("app.scenario.save", lang),
            icon=":material/bookmark_add:",
            on_click=session.save_scenario,
            args=(lang,),
            disabled=full,
            width="stretch",
            key=SAVE_BUTTON_KEY,
        )
    message = session.pop_scenario_message()  # said once, not on every later rerun
    if message is not None:
        kind, text = message
        if kind == "saved":
            st.success(
                t("app.scenario.saved", lang, name=common.escape_md(text)), icon=":material/bookmark_added:"
            )
        else:
            st.error(common.escape_md(text), icon=":material/error:")
    if full:
        st.info(t("app.scenario.full", lang, max=MAX_SCENARIOS, view=compare_view), icon=":material/info:")
    if saved:
        names = t("app.list_sep", lang).join(f"“{common.escape_md(s.name)}”" for s in saved)
        st.caption(t("app.scenario.saved_list", lang, names=names, view=compare_view))


def _downloads(rec: Recommendation, doc: dict, lang: Lang, comparison: list[dict[str, Any]] | None) -> None:
    st.subheader(t("app.answer.downloads", lang))
    cols = [col for _ in range(2) for col in st.columns(2)]  # two rows: labels stay whole
    # Each file is built only when its button is clicked, so answering stays fast.
    day = (
        datetime.now().astimezone().date()
    )  # the page is the edge: it reads the clock and names the font folders
    buttons = [
        ("json", partial(files.json_bytes, doc)),
        ("markdown", partial(markdown.report_markdown_bytes, doc)),
        ("csv", partial(files.contributions_csv, doc)),
        (
            "html",
            partial(
                html.report_bytes, rec, doc, day=day, font_dirs=svg.CJK_FONT_DIRS, comparison=comparison or ()
            ),
        ),
    ]
    for col, (kind, data) in zip(cols, buttons, strict=True):
        col.download_button(
            t(f"app.answer.download_{kind}", lang),
            data=data,
            file_name=files.file_name(kind, files.report_subject(doc), day),
            mime=files.MIME_TYPES[kind],
            key=f"download_{kind}",
            on_click="ignore",
            icon=":material/download:",
            width="stretch",
        )
    if comparison:
        st.caption(t("app.answer.html_has_comparison", lang, count=len(comparison)))


def _share(rec: Recommendation, lang: Lang) -> None:
    st.subheader(t("app.answer.share", lang))
    st.caption(t("app.answer.share_help", lang))
    params = link_params(rec.profile, lang, rec.weights, session.scenarios())
    st.code(share_url(st.context.url, params), language=None, wrap_lines=True)


def render(rec: Recommendation, lang: Lang) -> None:
    """Everything about one recommendation, in the chosen language (its document computed once)."""
    doc = common.document(rec, lang)
    _headline(rec, doc, lang)
    _flags(doc)

    st.subheader(t("report.scores", lang))
    st.caption(t("app.answer.scores_caption", lang))
    common.figure(charts.scores_chart(rec, lang), lang, "scores")

    st.subheader(t("report.why", lang))
    st.caption(t("app.answer.why_caption", lang))
    common.figure(charts.contributions_chart(rec, lang), lang, "why")
    _reasons(doc, lang)

    _how_sure(rec, doc, lang)

    st.subheader(t("app.answer.what_if", lang))
    st.caption(t("app.answer.what_if_caption", lang))
    frame = common.what_if_frame(rec.profile, rec.weights)
    for field in charts.WHAT_IF_FIELDS:
        st.markdown(f"**{t(f'app.answer.what_if_{field}', lang)}**")
        common.figure(charts.what_if_chart(frame, field, lang), lang, field)

    _flip_points(doc, lang)

    st.subheader(t("report.actions", lang))
    st.markdown(markdown.numbered(markdown.action_items(doc)))
    _save_scenario(lang)
    saved = session.scenarios()
    comparison = common.scenario_documents(saved, lang) if len(saved) >= 2 else None
    _downloads(rec, doc, lang, comparison)
    _share(rec, lang)

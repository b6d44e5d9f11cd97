"""The answer: headline card, flags, scores, top reasons and the plan first; then the downloads
and the share link (for a session's first answer, only once the browser has drawn the rest: see
advisor.ui.painted); the deeper sections (why by dimension, how sure, what-if, what would change
it) fold away and are drawn only when opened, so the first screen paints fast; saving last."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import Any

import streamlit as st

from advisor import charts, report, tables
from advisor.decision import Recommendation
from advisor.export import files, html, markdown, svg
from advisor.i18n import Lang, t
from advisor.scenarios import MAX_SCENARIOS
from advisor.ui import common, painted, session
from advisor.ui.link import MAX_NAME_CHARS, Scenario, link_params, share_url

FLAG_BOXES = {
    "danger": (st.error, ":material/dangerous:"),
    "warning": (st.warning, ":material/warning:"),
    "info": (st.info, ":material/info:"),
}
SAVE_FORM_KEY = "save_scenario_form"
SAVE_BUTTON_KEY = "save_scenario"


def headline_label(doc: dict, lang: Lang) -> str:
    """The one verdict the headline gives: recommended (a clear lead) or only slightly ahead."""
    if doc["robust"]:
        return t("report.recommendation", lang)
    return t("app.answer.ahead_mix" if doc["recommendation"] == "mix" else "app.answer.ahead", lang)


def _headline(rec: Recommendation, doc: dict, lang: Lang) -> None:
    """The answer in one card: the channel, its lead and one sentence (the verdict's details are
    in "How sure is this answer?", said once)."""
    with st.container(border=True, key="headline"):
        left, right = st.columns([3, 2])
        left.metric(headline_label(doc, lang), doc["recommendation_label"])
        runner = t(f"channel_inline.{rec.runner_up}", lang)
        right.metric(
            t("app.answer.lead_label", lang, runner=runner),
            t("app.answer.points", lang, points=f"{rec.margin:.1f}"),
        )
        st.markdown(common.escape_md(doc["summary"]))


def _stale(lang: Lang) -> None:
    """Say that the form was edited since this answer, and offer to update it."""
    with st.container(key="stale"):
        st.warning(t("app.stale.answer", lang), icon=":material/edit_note:")
        st.button(
            t("app.form.update", lang),
            key="submit_stale",
            type="primary",
            on_click=session.submit,
            args=(lang,),
            icon=":material/refresh:",
        )


def _flags(doc: dict) -> None:
    for severity, sentence in markdown.flag_sentences(doc):
        box, icon = FLAG_BOXES[severity]
        box(sentence, icon=icon)


def _mix_status(doc: dict) -> None:
    """Under the scores: why a mix is not an option, when it is not (its bar is no real choice then)."""
    unavailable = markdown.mix_unavailable(doc)
    if unavailable is not None:
        st.caption(common.escape_md(unavailable))


def _reasons(doc: dict, lang: Lang) -> None:
    items = markdown.reason_items(doc)
    reasons = markdown.numbered(items) if items else t("report.no_reasons", lang)
    st.markdown(f"**{t('app.answer.top_reasons', lang)}**\n\n{reasons}")  # one element: less to send
    limits = markdown.limit_lines(doc)
    if limits:
        lines = "\n".join(f"- {common.escape_md(line)}" for line in limits)
        st.markdown(f"**{t('app.answer.limits_title', lang)}**\n\n{lines}")
    mix = markdown.mix_sentence(doc)
    if mix is not None:
        st.info(mix, icon=":material/merge:")


def _how_sure(rec: Recommendation, doc: dict, lang: Lang) -> None:
    """Robustness over plausible weightings, and one weight at a time."""
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
    st.caption(t("app.flip.caption", lang))
    lines = [f"- {common.escape_md(f['text'])}" for f in doc["flip_points"]]
    st.markdown("\n".join(lines) if lines else t("report.no_flip_points", lang))
    figure = charts.flip_chart(doc, lang)
    if figure is not None:
        st.markdown(f"**{t('app.flip.chart_title', lang)}**")
        st.caption(t("app.flip.chart_caption", lang))
        common.figure(figure, lang, "flips")


def _replace_prompt(lang: Lang) -> None:
    """Saving under a name already taken asks first: replace that scenario, or keep it."""
    pending = session.pending_replace()
    if pending is None:
        return
    old, _ = pending
    with st.container(border=True, key="replace_prompt"):
        question = t("app.scenario.replace_question", lang, name=common.escape_md(old))
        st.warning(question, icon=":material/help:")
        with st.container(horizontal=True):
            st.button(
                t("app.scenario.replace", lang),
                key="replace_scenario",
                on_click=session.replace_scenario,
                type="primary",
            )
            st.button(t("app.scenario.keep", lang), key="keep_scenario", on_click=session.keep_scenario)


SAVE_SECTION_KEY = "open_save"  # True while the "Save as a scenario" section is open


def _save_scenario(lang: Lang) -> None:
    """Save the answers and weights shown under a name, to compare them later.

    A folded section whose form is drawn only while it is open: its text field alone is a dozen
    of the browser's code files, which the first screen of an answer does not need.
    """
    saved = session.scenarios()
    title = t("app.scenario.title", lang)
    with st.expander(title, key=SAVE_SECTION_KEY, on_change="rerun", icon=":material/bookmark_add:") as box:
        if box.open:
            _save_form(saved, lang)
    if saved:
        names = t("app.list_sep", lang).join(f"“{common.escape_md(s.name)}”" for s in saved)
        st.caption(t("app.scenario.saved_list", lang, names=names, view=t("app.view.compare", lang)))


def _save_form(saved: list[Scenario], lang: Lang) -> None:
    """The name field and button, the replace prompt, and the message of the last save."""
    compare_view = t("app.view.compare", lang)
    st.caption(t("app.scenario.caption", lang, max=MAX_SCENARIOS))
    full = len(saved) >= MAX_SCENARIOS
    with st.form(SAVE_FORM_KEY, border=False, enter_to_submit=False):  # no English "Press Enter" hint
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
    _replace_prompt(lang)
    message = session.pop_scenario_message()  # said once, not on every later rerun
    if message is not None:
        kind, text = message
        if kind in ("saved", "replaced"):
            st.success(
                t(f"app.scenario.{kind}", lang, name=common.escape_md(text)), icon=":material/bookmark_added:"
            )
        else:
            st.error(common.escape_md(text), icon=":material/error:")
    if full:
        st.info(t("app.scenario.full", lang, max=MAX_SCENARIOS, view=compare_view), icon=":material/info:")


def _downloads(rec: Recommendation, doc: dict, lang: Lang, comparison: list[dict[str, Any]] | None) -> None:
    st.header(t("app.answer.downloads", lang), anchor=False)
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
    with st.container(horizontal=True, key="downloads"):  # one row that wraps on a phone
        for kind, data in buttons:
            st.download_button(
                t(f"app.answer.download_{kind}", lang),
                data=data,
                file_name=files.file_name(kind, files.report_subject(doc), day),
                mime=files.MIME_TYPES[kind],
                key=f"download_{kind}",
                on_click="ignore",
                icon=":material/download:",
            )
    if comparison:
        st.caption(t("app.answer.html_has_comparison", lang, count=len(comparison)))


def _share(rec: Recommendation, lang: Lang) -> None:
    st.header(t("app.answer.share", lang), anchor=False)
    st.caption(t("app.answer.share_help", lang))
    params = link_params(rec.profile, lang, rec.weights, session.scenarios())
    url = share_url(st.context.url, params)
    # A plain link, not st.code: a phone copies it with a long press, and the first paint does
    # not wait for a 1.5 MB syntax highlighter.
    with st.container(key="share_link"):
        st.markdown(f"[{common.escape_md(url)}](<{url}>)")


def _why(rec: Recommendation, lang: Lang) -> None:
    st.caption(t("app.answer.why_caption", lang))
    common.figure(charts.contributions_chart(rec, lang), lang, "why")


def _what_if(rec: Recommendation, lang: Lang) -> None:
    st.caption(t("app.answer.what_if_caption", lang))
    frame = common.what_if_frame(rec.profile, rec.weights)
    for field in charts.WHAT_IF_FIELDS:
        st.markdown(f"**{t(f'app.answer.what_if_{field}', lang)}**")
        common.figure(charts.what_if_chart(frame, field, lang), lang, field)


# The deeper sections: (key, title catalogue key). Each is drawn only while it is open.
DEEP_SECTIONS = (
    ("why", "report.why"),
    ("sure", "app.sure.title"),
    ("what_if", "app.answer.what_if"),
    ("flips", "report.flip_points"),
)


def _section_body(name: str, rec: Recommendation, doc: dict, lang: Lang) -> None:
    """Draw one deeper section's content."""
    if name == "why":
        _why(rec, lang)
    elif name == "sure":
        _how_sure(rec, doc, lang)
    elif name == "what_if":
        _what_if(rec, lang)
    else:
        _flip_points(doc, lang)


def section_key(name: str) -> str:
    """The session-state key of a deeper section's expander (True while it is open)."""
    return f"open_{name}"


def _deep_sections(
    rec: Recommendation, doc: dict, lang: Lang, weights_panel: Callable[[Lang], object] | None
) -> None:
    """Folded sections that run their charts only when opened (Streamlit's stateful expanders);
    with the questions folded away, the "Adjust weights" panel comes first among them."""
    st.header(t("app.answer.more", lang), anchor=False)
    if weights_panel is not None:
        weights_panel(lang)
    for name, title in DEEP_SECTIONS:
        with st.expander(t(title, lang), key=section_key(name), on_change="rerun") as box:
            if box.open:
                _section_body(name, rec, doc, lang)


def _plan(doc: dict, lang: Lang) -> None:
    st.header(t("report.actions", lang), anchor=False)
    st.markdown(markdown.numbered(markdown.action_items(doc)))


def render(
    rec: Recommendation,
    lang: Lang,
    *,
    stale: bool = False,
    weights_panel: Callable[[Lang], object] | None = None,
) -> None:
    """Everything about one recommendation, in the chosen language (its document computed once);
    `stale` when the form was edited since: the answer is marked out of date, and its downloads,
    share link and deeper sections wait for the update (and the browser has less to redraw);
    `weights_panel` drawn among the deeper sections when the questions are folded away."""
    doc = common.document(rec, lang)
    if stale:
        _stale(lang)
    _headline(rec, doc, lang)
    _flags(doc)

    st.header(t("report.scores", lang), anchor=False)
    st.caption(t("app.answer.scores_caption", lang))
    common.figure(charts.scores_chart(rec, lang), lang, "scores")
    _mix_status(doc)
    _reasons(doc, lang)
    _plan(doc, lang)

    if not painted.drawn():  # a session's first answer: the rest follows once this is drawn
        painted.report_when_drawn()
        return
    if stale:  # no report or link of answers the form no longer holds
        st.info(t("app.stale.rest", lang), icon=":material/link_off:")
        return
    saved = session.scenarios()
    comparison = common.scenario_documents(saved, lang) if len(saved) >= 2 else None
    _downloads(rec, doc, lang, comparison)
    _share(rec, lang)
    _deep_sections(rec, doc, lang, weights_panel)
    _save_scenario(lang)

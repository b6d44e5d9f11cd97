"""The app's frame around every page: title, language, link warnings, navigation, the URL."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import streamlit as st

from advisor.i18n import LANGS, Lang, t
from advisor.profile import PROFILE_FIELDS
from advisor.report import answer_label as value_label
from advisor.rules import DIMENSIONS, MAX_WEIGHT
from advisor.ui import answer, cohort, common, compare, form, nav, rules_page, session, style, weights
from advisor.ui.link import (
    DEFAULT_ANSWERS,
    MAX_QUERY_CHARS,
    MAX_QUERY_FIELDS,
    WEIGHT_PREFIX,
    changed_weights,
)

ICON = Path(__file__).resolve().parent / "static" / "icon.png"  # local: no request leaves the machine


def _language_picker(lang: Lang) -> Lang:
    """The three languages as one row of buttons, each in its own words: one tap to switch, and
    the first paint loads a fifth fewer of the browser's code files than with a drop-down."""
    chosen = st.segmented_control(
        t("app.language", lang),
        LANGS,
        format_func=lambda code: t(f"app.lang_short.{code}", lang),
        key=session.LANG_KEY,
        required=True,  # pressing the chosen language again keeps it
        label_visibility="collapsed",
        persist_state="session",  # kept even through a run cut short by a page switch
    )
    return chosen or lang


def _weight_lines(problems: session.LinkProblems, lang: Lang) -> list[str]:
    defaults = common.rules().weights
    lines = []
    for p in problems.weights:
        if p.known:
            label = t("app.link.weight_label", lang, dimension=t(f"dimension.{p.name}", lang))
            lines.append(
                t(
                    "app.link.bad_weight",
                    lang,
                    label=label,
                    value=common.escape_md(p.value),
                    max=f"{MAX_WEIGHT:g}",
                    default=f"{defaults[p.name]:.1f}",
                )
            )
        else:
            lines.append(
                t(
                    "app.link.unknown_weight",
                    lang,
                    name=common.escape_md(p.name),
                    known=t("app.list_sep", lang).join(t(f"dimension.{d}", lang) for d in DIMENSIONS),
                )
            )
    return lines


def _param_label(name: str, lang: Lang) -> str:
    """A link parameter by what it means to a person: the question, the weight, the language."""
    if name in PROFILE_FIELDS:
        return t(f"field.{name}.label", lang)
    if name.startswith(WEIGHT_PREFIX):
        return t("app.link.weight_label", lang, dimension=t(f"dimension.{name[len(WEIGHT_PREFIX) :]}", lang))
    return t("app.language", lang)


def _query_lines(problems: session.LinkProblems, lang: Lang) -> list[str]:
    """Warnings about the link as a whole: repeated parameters, unknown weights not read."""
    lines = [
        t("app.link.repeated", lang, label=_param_label(name, lang), count=count)
        for name, count in problems.repeated.items()
    ]
    if problems.unknown_weights_skipped:
        lines.append(t("app.link.more_unknown", lang, count=problems.unknown_weights_skipped))
    return lines


def _link_warnings(lang: Lang) -> None:
    """Say which parts of the opening link were unusable and what is shown instead."""
    problems = session.link_problems(lang)
    if problems.too_long:
        st.warning(
            t("app.link.too_long", lang, fields=f"{MAX_QUERY_FIELDS:,}", size=f"{MAX_QUERY_CHARS // 1024:,}"),
            icon=":material/link_off:",
        )
    if problems.bad_lang:
        st.warning(
            t(
                "app.link.bad_lang",
                lang,
                value=common.escape_md(problems.bad_lang),
                allowed=t("app.list_sep", lang).join(t(f"app.lang_name.{c}", lang) for c in LANGS),
                chosen=t(f"app.lang_name.{lang}", lang),
            ),
            icon=":material/translate:",
        )
    lines = [
        t(
            "app.link.problem",
            lang,
            problem=common.escape_md(p.message),
            default=common.escape_md(value_label(p.field, DEFAULT_ANSWERS[p.field], lang)),
        )
        for p in (problems.link.problems if problems.link else ())
    ]
    lines += _weight_lines(problems, lang)
    lines += _query_lines(problems, lang)
    lines += [
        t(
            "app.link.bad_scenario",
            lang,
            name=common.escape_md(p.name) or "—",
            problem=common.escape_md(p.message),
        )
        for p in problems.scenarios
    ]
    if lines:
        body = "\n".join(f"- {line}" for line in lines)
        st.warning(f"**{t('app.link.title', lang)}**\n\n{body}", icon=":material/link_off:")


def advisor_page(lang: Lang) -> None:
    """Answer first: with an answer on screen, the questions fold into one line above it; before
    any answer (or after "Change answers") the questions come first, beside the answer on a wide
    screen and above it on a phone."""
    nav.back_bar(lang)
    profile = session.profile()
    defaults = common.rules().weights
    if profile is not None and not session.editing():
        in_use = session.read_weight_widgets()  # the sliders are drawn below the answer
        form.summary_bar(len(changed_weights(in_use, defaults)), lang)
        answer.render(common.recommendation(profile, in_use), lang, weights_panel=weights.render)
        return
    if profile is None:
        st.caption(t("app.tagline", lang))
    questions, result = st.columns([2, 3], gap="large")
    with questions:
        form.render(lang)
        in_use = weights.render(lang)
    with result:
        if profile is None:
            st.info(t("app.form.prompt", lang), icon=":material/info:")
        else:
            answer.render(common.recommendation(profile, in_use), lang, stale=session.is_stale())


LOG = logging.getLogger(__name__)

VIEWS: dict[str, Callable[[Lang], None]] = {
    "advisor": advisor_page,
    "compare": compare.render,
    "cohort": cohort.render,
    "rules": rules_page.render,
}


def run_page(name: str) -> None:
    """Run one page's body in the session's language (called by the scripts in advisor/ui/pages).

    A bug in a page must not show the visitor a traceback or server paths: it is logged for us
    and the visitor gets a sentence in their language with a way back to the start.
    """
    lang = session.lang()
    try:
        VIEWS[name](lang)
    except Exception:  # Streamlit's rerun/stop signals are BaseExceptions and pass through
        LOG.exception("the %s page failed", name)
        st.error(t("app.crash.message", lang), icon=":material/error:")
        st.page_link(
            nav.spec(nav.DEFAULT_PAGE).script, label=t("app.crash.back", lang), icon=":material/home:"
        )


def _header(lang: Lang) -> Lang:
    """The title and the language picker on one row (a row that wraps, not stacks, on a phone)."""
    with st.container(horizontal=True, vertical_alignment="center", key="header"):
        st.title(t("app.title", lang), width="content", anchor=False)
        return _language_picker(lang)


def main() -> None:
    """Run one pass of the app: the frame, then the page the URL names."""
    session.start()
    lang = session.lang()
    st.set_page_config(page_title=t("app.page_title", lang), page_icon=str(ICON), layout="wide")
    page = st.navigation(nav.pages(lang), position="top")
    st.session_state[nav.FRAME_KEY] = True
    nav.follow(page.url_path)
    lang = _header(lang)
    style.apply(lang)
    session.relabel_widgets(lang, (*PROFILE_FIELDS, *rules_page.FILTER_KEYS))
    _link_warnings(lang)
    page.run()
    session.sync_url(lang)

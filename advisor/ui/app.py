"""The app's frame: language, page choice, link warnings, and the two pages."""

from __future__ import annotations

import streamlit as st

from advisor.export import value_label
from advisor.i18n import LANGS, Lang, t
from advisor.profile import PROFILE_FIELDS
from advisor.ui import answer, common, form, rules_page, session
from advisor.ui.link import DEFAULT_ANSWERS

VIEW_KEY = "view"
VIEWS = ("advisor", "rules")


def _language_picker(lang: Lang) -> Lang:
    return st.selectbox(
        t("app.language", lang),
        LANGS,
        format_func=lambda code: t(f"app.lang_name.{code}", lang),
        key=session.LANG_KEY,
    )


def _link_warnings(lang: Lang) -> None:
    """Say which parts of the opening link were unusable and what is shown instead."""
    link, bad_lang = session.link_problems(lang)
    if bad_lang:
        st.warning(
            t(
                "app.link.bad_lang",
                lang,
                value=common.escape_md(bad_lang),
                allowed=", ".join(LANGS),
                chosen=t(f"app.lang_name.{lang}", lang),
            ),
            icon=":material/translate:",
        )
    if link is None:
        return
    lines = [
        t(
            "app.link.problem",
            lang,
            label=t(f"field.{p.field}.label", lang),
            problem=common.escape_md(p.message),
            default=common.escape_md(value_label(p.field, DEFAULT_ANSWERS[p.field], lang)),
        )
        for p in link.problems
    ]
    body = "\n".join(f"- {line}" for line in lines)
    st.warning(f"**{t('app.link.title', lang)}**\n\n{body}", icon=":material/link_off:")


def advisor_page(lang: Lang) -> None:
    """The questions on the left, the recommendation on the right (stacked on a phone)."""
    _link_warnings(lang)
    questions, result = st.columns([2, 3], gap="large")
    with questions:
        form.render(lang)
    with result:
        profile = session.profile()
        if profile is None:
            st.info(t("app.form.prompt", lang), icon=":material/arrow_back:")
        else:
            answer.render(common.recommendation(profile), lang)


def main() -> None:
    """Run one pass of the app."""
    session.start()
    lang = session.lang()
    st.set_page_config(page_title=t("app.page_title", lang), page_icon=":material/storefront:", layout="wide")
    heading, picker = st.columns([5, 1], vertical_alignment="bottom")
    with picker:
        lang = _language_picker(lang)
    session.sync_lang_param(lang)
    session.relabel_widgets(lang, (*PROFILE_FIELDS, VIEW_KEY, *rules_page.FILTER_KEYS))
    with heading:
        st.title(t("app.title", lang))
        st.caption(t("app.tagline", lang))
    view = st.segmented_control(
        t("app.view_label", lang),
        VIEWS,
        format_func=lambda v: t(f"app.view.{v}", lang),
        key=VIEW_KEY,
        default="advisor",
        required=True,
        label_visibility="collapsed",
    )
    if view == "rules":
        rules_page.render(lang)
    else:
        advisor_page(lang)

"""The app's frame: language, view choice, link warnings, and the three views."""

from __future__ import annotations

import streamlit as st

from advisor.i18n import LANGS, Lang, t
from advisor.profile import PROFILE_FIELDS
from advisor.report import answer_label as value_label
from advisor.rules import DIMENSIONS, MAX_WEIGHT
from advisor.ui import answer, common, compare, form, rules_page, session, weights
from advisor.ui.link import DEFAULT_ANSWERS

VIEW_KEY = session.VIEW_KEY
VIEWS = ("advisor", "compare", "rules")


def _language_picker(lang: Lang) -> Lang:
    return st.selectbox(
        t("app.language", lang),
        LANGS,
        format_func=lambda code: t(f"app.lang_name.{code}", lang),
        key=session.LANG_KEY,
    )


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
                    known=t("app.list_sep", lang).join(DIMENSIONS),
                )
            )
    return lines


def _link_warnings(lang: Lang) -> None:
    """Say which parts of the opening link were unusable and what is shown instead."""
    problems = session.link_problems(lang)
    if problems.bad_lang:
        st.warning(
            t(
                "app.link.bad_lang",
                lang,
                value=common.escape_md(problems.bad_lang),
                allowed=", ".join(LANGS),
                chosen=t(f"app.lang_name.{lang}", lang),
            ),
            icon=":material/translate:",
        )
    lines = [
        t(
            "app.link.problem",
            lang,
            label=t(f"field.{p.field}.label", lang),
            problem=common.escape_md(p.message),
            default=common.escape_md(value_label(p.field, DEFAULT_ANSWERS[p.field], lang)),
        )
        for p in (problems.link.problems if problems.link else ())
    ]
    lines += _weight_lines(problems, lang)
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
    """The questions and weights on the left, the recommendation on the right (stacked on a phone)."""
    questions, result = st.columns([2, 3], gap="large")
    with questions:
        form.render(lang)
        in_use = weights.render(lang)
    with result:
        profile = session.profile()
        if profile is None:
            st.info(t("app.form.prompt", lang), icon=":material/arrow_back:")
        else:
            answer.render(common.recommendation(profile, in_use), lang)


def main() -> None:
    """Run one pass of the app."""
    session.start()
    lang = session.lang()
    st.set_page_config(page_title=t("app.page_title", lang), page_icon=":material/storefront:", layout="wide")
    heading, picker = st.columns([5, 1], vertical_alignment="bottom")
    with picker:
        lang = _language_picker(lang)
    session.relabel_widgets(lang, (*PROFILE_FIELDS, VIEW_KEY, *rules_page.FILTER_KEYS))
    with heading:
        st.title(t("app.title", lang))
        st.caption(t("app.tagline", lang))
    _link_warnings(lang)
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
    elif view == "compare":
        compare.render(lang)
    else:
        advisor_page(lang)
    session.sync_url(lang)

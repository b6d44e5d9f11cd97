"""The founder's questions: four core ones up front, the optional ones in a folded section.

The questions are not an `st.form`: every edit reaches the server, so the page can say at once
that the answer on screen (and its share link) is out of date until "Update my answer" is
pressed. Counts are asked as decimals so that 2.5 people is refused with a message, not cut to 2.
"""

from __future__ import annotations

import streamlit as st

from advisor.i18n import Lang, t
from advisor.profile import FIELD_SPECS, OPTIONAL_FIELDS, REQUIRED_FIELDS
from advisor.report import answer_label as value_label
from advisor.ui import session
from advisor.ui.common import escape_md
from advisor.ui.session import NOT_SURE, from_widget

FORM_KEY = "answers_form"
SUBMIT_KEY = "submit"
STEPS: dict[str, float] = {
    "monthly_budget": 500.0,
    "team_size": 1.0,
    "social_reach": 100.0,
    "sku_count": 1.0,
    "retail_price": 1.0,
    "unit_cost": 1.0,
}
FORMATS: dict[str, str] = {"monthly_budget": "%.0f", "retail_price": "%.2f", "unit_cost": "%.2f"}
WHOLE_FORMAT = "%g"  # counts: "3", and "2.5" stays visible so the refusal makes sense


def _question(name: str, lang: Lang) -> None:
    """One answer widget; its key is the profile field's name and its value lives in session state."""
    spec = FIELD_SPECS[name]
    label = t(f"field.{name}.label", lang)
    help_text = t(f"field.{name}.help", lang)

    def label_of(value: object) -> str:
        return value_label(name, from_widget(name, value), lang)

    if spec.kind == "choice":
        options = list(spec.choices) if spec.required else [NOT_SURE, *spec.choices]
        st.selectbox(label, options, format_func=label_of, key=name, help=help_text, persist_state="session")
    elif spec.kind == "bool":
        answers: list[object] = [True, False] if spec.required else [NOT_SURE, True, False]
        st.radio(
            label,
            answers,
            format_func=label_of,
            key=name,
            help=help_text,
            horizontal=True,
            persist_state="session",
        )
    else:
        st.number_input(
            label,
            value=None,
            step=STEPS[name],
            format=FORMATS.get(name, WHOLE_FORMAT),
            key=name,
            help=help_text,
            persist_state="session",
            placeholder=None if spec.required else t("choice.bool.unknown", lang),
        )


def _optional_questions(lang: Lang) -> None:
    """The optional questions in a folded section, drawn only while it is open: eleven widgets
    fewer for the browser to redraw on every edit and submit. Their answers are kept while the
    section is closed (the widgets persist their state), and it opens by itself when answers
    were given or a rejected submit names one of its questions."""
    state = st.session_state
    if session.MORE_OPEN_KEY not in state:  # first drawn: open if optional answers were given
        state[session.MORE_OPEN_KEY] = any(session.answers().get(n) is not None for n in OPTIONAL_FIELDS)
    with st.expander(t("app.form.more", lang), key=session.MORE_OPEN_KEY, on_change="rerun") as box:
        if box.open:
            st.caption(t("app.form.more_help", lang))
            for name in OPTIONAL_FIELDS:
                _question(name, lang)


def render(lang: Lang) -> None:
    """The questions and the button that turns them into the answer shown."""
    answered = session.profile() is not None
    with st.container(border=True, key=FORM_KEY):
        st.markdown(f"**{t('app.form.core', lang)}**")
        for name in REQUIRED_FIELDS:
            _question(name, lang)
        _optional_questions(lang)
        st.button(
            t("app.form.update" if answered else "app.form.submit", lang),
            type="primary",
            width="stretch",
            key=SUBMIT_KEY,
            on_click=session.submit,
            args=(lang,),
        )
    problems = session.form_errors(lang)
    if problems:
        lines = "\n".join(f"- {escape_md(message)}" for _, message in problems)
        with st.container(key="form_errors"):
            st.error(f"{t('app.form.invalid', lang)}\n\n{lines}", icon=":material/error:")


def _short(text: str) -> str:
    """A choice's label without its parenthesised examples: "Fast-moving goods"."""
    for opening in (" (", "（"):
        text = text.split(opening)[0]
    return text


def summary(answers: dict, weights_changed: int, lang: Lang) -> str:
    """The answers in one line: category · budget · team · part-time (+ how many more)."""
    parts = [
        _short(value_label("category", answers["category"], lang)),
        t("app.summary.budget", lang, amount=value_label("monthly_budget", answers["monthly_budget"], lang)),
        t("app.summary.team", lang, count=value_label("team_size", answers["team_size"], lang)),
        t("app.summary.part_time" if answers["part_time"] else "app.summary.full_time", lang),
    ]
    more = sum(answers.get(name) is not None for name in OPTIONAL_FIELDS)
    if more:
        parts.append(t("app.summary.more", lang, count=more))
    if weights_changed:
        parts.append(t("app.summary.weights", lang, count=weights_changed))
    return t("app.summary.sep", lang).join(parts)


def summary_bar(weights_changed: int, lang: Lang) -> None:
    """The folded questions: the answers in one line and "Change answers"."""
    with st.container(horizontal=True, vertical_alignment="center", key="answers_summary", gap="small"):
        line = escape_md(summary(session.answers(), weights_changed, lang))
        st.markdown(f"**{t('app.summary.title', lang)}** {line}")
        st.button(
            t("app.summary.change", lang),
            key="change_answers",
            on_click=session.open_questions,
            icon=":material/edit:",
        )

"""The founder's questions: four core ones up front, the optional ones in an expander."""

from __future__ import annotations

import streamlit as st

from advisor.i18n import Lang, t
from advisor.profile import (
    FIELD_SPECS,
    OPTIONAL_FIELDS,
    PROFILE_FIELDS,
    REQUIRED_FIELDS,
    ProfileError,
    parse_profile,
)
from advisor.report import answer_label as value_label
from advisor.ui import session
from advisor.ui.common import escape_md

FORM_KEY = "answers_form"
SUBMIT_KEY = "submit"
STEPS: dict[str, float | int] = {
    "monthly_budget": 500.0,
    "team_size": 1,
    "social_reach": 100,
    "sku_count": 1,
    "retail_price": 1.0,
    "unit_cost": 1.0,
}
FORMATS: dict[str, str] = {"monthly_budget": "%.0f", "retail_price": "%.2f", "unit_cost": "%.2f"}
# An explicit "not sure" option: Streamlit shows a None value as "nothing chosen yet", not as an option.
NOT_SURE = "not_sure"


def _has_not_sure(name: str) -> bool:
    spec = FIELD_SPECS[name]
    return not spec.required and spec.kind in ("choice", "bool")


def to_widget(name: str, value: object) -> object:
    """An answer as its widget holds it (unknown optional choices become the "not sure" option)."""
    return NOT_SURE if value is None and _has_not_sure(name) else value


def from_widget(name: str, value: object) -> object:
    """A widget's value as an answer (the "not sure" option means unknown)."""
    return None if value == NOT_SURE and _has_not_sure(name) else value


def _question(name: str, lang: Lang) -> None:
    """One answer widget; its key is the profile field's name and its value lives in session state."""
    spec = FIELD_SPECS[name]
    label = t(f"field.{name}.label", lang)
    help_text = t(f"field.{name}.help", lang)

    def label_of(value: object) -> str:
        return value_label(name, from_widget(name, value), lang)

    if spec.kind == "choice":
        options = list(spec.choices) if spec.required else [NOT_SURE, *spec.choices]
        st.selectbox(label, options, format_func=label_of, key=name, help=help_text)
    elif spec.kind == "bool":
        options = [True, False] if spec.required else [NOT_SURE, True, False]
        st.radio(label, options, format_func=label_of, key=name, help=help_text, horizontal=True)
    else:
        st.number_input(
            label,
            value=None,
            step=STEPS[name],
            format=FORMATS.get(name),
            key=name,
            help=help_text,
            placeholder=None if spec.required else t("choice.bool.unknown", lang),
        )


def render(lang: Lang) -> None:
    """The form; a valid submit replaces the answer shown, an invalid one changes nothing."""
    session.seed_widgets(to_widget)
    optional_given = any(session.answers().get(name) is not None for name in OPTIONAL_FIELDS)
    with st.form(FORM_KEY, border=True):
        st.markdown(f"**{t('app.form.core', lang)}**")
        for name in REQUIRED_FIELDS:
            _question(name, lang)
        with st.expander(t("app.form.more", lang), expanded=optional_given):
            st.caption(t("app.form.more_help", lang))
            for name in OPTIONAL_FIELDS:
                _question(name, lang)
        submitted = st.form_submit_button(
            t("app.form.submit", lang), type="primary", width="stretch", key=SUBMIT_KEY
        )
    if submitted:
        values = {name: from_widget(name, st.session_state.get(name)) for name in PROFILE_FIELDS}
        try:
            profile = parse_profile(values, lang)
        except ProfileError:
            session.reject(values)
        else:
            session.accept(profile)
    problems = session.form_errors(lang)
    if problems:
        lines = "\n".join(f"- {escape_md(message)}" for _, message in problems)
        st.error(f"{t('app.form.invalid', lang)}\n\n{lines}", icon=":material/error:")

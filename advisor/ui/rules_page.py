"""The rule browser: every rule, filtered by section, dimension and channel, beside its section."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from advisor.i18n import Lang, format_number, has_key, t
from advisor.influence import influence_table, limit_reach
from advisor.profile import FIELD_SPECS
from advisor.report import answer_label as value_label
from advisor.rules import CHANNELS, DIMENSIONS, AllOf, Channel, Condition, Leaf, Rule, RuleBase
from advisor.ui import common, session

SECTION_FILTER = "rules_sections"
DIMENSION_FILTER = "rules_dimensions"
CHANNEL_FILTER = "rules_channels"
FILTER_KEYS = (SECTION_FILTER, DIMENSION_FILTER, CHANNEL_FILTER)


def _field_label(field: str, lang: Lang) -> str:
    key = f"field.{field}.label" if field in FIELD_SPECS else f"app.rules.field.{field}"
    return t(key, lang) if has_key(key, lang) else field


def _value(field: str, value: Any, lang: Lang) -> str:
    if field in FIELD_SPECS:
        return value_label(field, value, lang)
    if field == "gross_margin":
        return f"{float(value):.0%}"
    return str(value)


def describe(condition: Condition, lang: Lang, *, nested: bool = False) -> str:
    """A condition in words: 'Social reach rises from 300 to 3,000', joined with and/or."""
    if isinstance(condition, Leaf):
        field, op = condition.field, condition.op
        params: dict[str, str] = {"field": _field_label(field, lang)}
        if op in ("ramp_up", "ramp_down", "between"):
            params["low"] = _value(field, condition.low, lang)
            params["high"] = _value(field, condition.high, lang)
        elif op in ("in", "not_in"):
            params["value"] = t("app.list_sep", lang).join(_value(field, v, lang) for v in condition.value)
        else:
            params["value"] = _value(field, condition.value, lang)
        return t(f"app.rules.op.{op}", lang, **params)
    is_all = isinstance(condition, AllOf)
    parts = condition.all if isinstance(condition, AllOf) else condition.any
    joiner = t("app.rules.and" if is_all else "app.rules.or", lang)
    text = joiner.join(describe(part, lang, nested=True) for part in parts)
    return f"({text})" if nested and len(parts) > 1 else text


def _effect(rule: Rule, lang: Lang) -> str:
    return t("app.list_sep", lang).join(
        f"{t(f'channel_short.{c}', lang)} {rule.effect[c]:+g}" for c in CHANNELS if rule.effect.get(c)
    )


def _matches(rule: Rule, sections: list[str], dimensions: list[str], channels: list[Channel]) -> bool:
    in_section = not sections or any(rule.section == s or rule.section.startswith(f"{s}.") for s in sections)
    in_dimension = not dimensions or rule.dimension in dimensions
    in_channel = not channels or any(rule.effect.get(c) for c in channels)
    return in_section and in_dimension and in_channel


def _filters(base: RuleBase, lang: Lang) -> tuple[list[str], list[str], list[Channel]]:
    cited = {r.section for r in base.rules}
    section_ids = [s.id for s in base.sections if any(c == s.id or c.startswith(f"{s.id}.") for c in cited)]
    titles = {s.id: s.title.get(lang) for s in base.sections}
    placeholder = t("app.rules.all", lang)
    left, middle, right = st.columns(3)
    sections = left.multiselect(
        t("app.rules.filter_section", lang),
        section_ids,
        format_func=lambda s: f"{s} · {titles[s]}",
        key=SECTION_FILTER,
        placeholder=placeholder,
        persist_state="session",
    )
    dimensions = middle.multiselect(
        t("app.rules.filter_dimension", lang),
        list(DIMENSIONS),
        format_func=lambda d: t(f"dimension.{d}", lang),
        key=DIMENSION_FILTER,
        placeholder=placeholder,
        persist_state="session",
    )
    channels = right.multiselect(
        t("app.rules.filter_channel", lang),
        list(CHANNELS),
        format_func=lambda c: t(f"channel.{c}", lang),
        key=CHANNEL_FILTER,
        placeholder=placeholder,
        persist_state="session",
    )
    return sections, dimensions, channels


def render(lang: Lang) -> None:
    """The rule base, grouped by the article section each rule cites."""
    base = common.rules()
    st.header(t("app.rules.title", lang), anchor=False)
    st.caption(t("app.rules.intro", lang, version=base.version))
    sections, dimensions, channels = _filters(base, lang)
    shown = [r for r in base.rules if _matches(r, sections, dimensions, channels)]
    st.caption(t("app.rules.count", lang, shown=len(shown), total=len(base.rules)))
    if not shown:
        st.info(t("app.rules.none", lang))
    for section in base.sections:
        rules_here = [r for r in shown if r.section == section.id]
        if not rules_here:
            continue
        with st.container(border=True):
            st.markdown(f"### {section.id} · {common.escape_md(section.title.get(lang))}")
            st.caption(common.escape_md(section.summary.get(lang)))
            for rule in rules_here:
                st.markdown(f"**{common.escape_md(rule.rationale.get(lang))}**")
                effect = t("app.rules.effect", lang, effect=_effect(rule, lang))
                when = t("app.rules.when", lang, condition=describe(rule.when, lang))
                dimension = t(f"dimension.{rule.dimension}", lang)
                st.markdown(
                    f"`{rule.id}` · {dimension} · {common.escape_md(effect)}  \n{common.escape_md(when)}"
                )
    render_influence(base, lang)


def influence_frame(base: RuleBase, weights: dict[str, float], lang: Lang) -> pd.DataFrame:
    """The influence table as display text: one row per answer, points per channel, its rules."""
    rows = [
        {
            t("advice.influence.answer", lang): _field_label(a.field, lang),
            **{t(f"channel_short.{c}", lang): f"{round(a.points[c], 1):g}" for c in CHANNELS},
            t("advice.influence.rules", lang): t("app.list_sep", lang).join(a.rules + a.limits),
        }
        for a in influence_table(base, weights)
    ]
    return pd.DataFrame(rows)


def limits_frame(base: RuleBase, lang: Lang) -> pd.DataFrame:
    """The hard limits as display text: section, title, the answers they test, their caps."""
    rows = [
        {
            t("advice.influence.limit", lang): f"{x.section} · {base.limit(x.limit_id).title.get(lang)}",
            t("advice.influence.answer", lang): t("app.list_sep", lang).join(
                _field_label(f, lang) for f in x.fields
            ),
            t("advice.influence.cap", lang): t("app.list_sep", lang).join(
                f"{t(f'channel_short.{c}', lang)} {format_number(cap)}" for c, cap in x.cap.items()
            ),
        }
        for x in limit_reach(base)
    ]
    return pd.DataFrame(rows)


ROW_PX = 35  # a dataframe row's height: the whole influence table shows without scrolling


def render_influence(base: RuleBase, lang: Lang) -> None:
    """How far each answer can move each channel at the weights in use, and the hard limits."""
    st.subheader(t("advice.influence.title", lang))
    st.caption(t("advice.influence.caption", lang))
    table = influence_frame(base, session.weights(), lang)
    st.dataframe(table, hide_index=True, key="rules_influence", height=ROW_PX * (len(table) + 1) + 3)
    st.caption(t("advice.influence.limit_caption", lang))
    st.dataframe(limits_frame(base, lang), hide_index=True, key="rules_limits")

"""The "Adjust weights" panel: one slider per dimension, the rule file's defaults marked, a reset.

The weights apply at once: scores, charts, reasons, the robustness and flip-point checks and
every download follow them, and those that differ from the defaults go into the share link.
"""

from __future__ import annotations

import streamlit as st

from advisor.i18n import Lang, t
from advisor.rules import DIMENSIONS, MAX_WEIGHT
from advisor.ui import common, session
from advisor.ui.link import WEIGHT_STEP, changed_weights

RESET_KEY = "weights_reset"
OPEN_KEY = "open_weights"  # the panel's expander: True while it is open


def _number(value: float) -> str:
    return f"{value:.1f}"


def render(lang: Lang) -> dict[str, float]:
    """The panel; returns the weights in use after this run's slider values. Its sliders are
    drawn only while it is open (a closed panel's eight sliders cost the browser time on every
    answer); closed, the weights in use are the ones last set (the sliders persist their state)."""
    with st.expander(
        t("app.weights.title", lang),
        expanded=session.weights_open(),
        icon=":material/tune:",
        key=OPEN_KEY,
        on_change="rerun",
    ) as box:
        if not box.open:
            return session.read_weight_widgets()
        return _panel(lang)


def _panel(lang: Lang) -> dict[str, float]:
    """The open panel's body: the defaults, one slider per dimension, what changed, a reset."""
    defaults = dict(common.rules().weights)
    st.caption(t("app.weights.intro", lang))
    values = set(defaults.values())
    if len(values) == 1:
        st.caption(t("app.weights.defaults_same", lang, default=_number(values.pop())))
    else:
        listed = t("app.list_sep", lang).join(
            f"{t(f'dimension.{d}', lang)} {_number(defaults[d])}" for d in DIMENSIONS
        )
        st.caption(t("app.weights.defaults_list", lang, defaults=listed))
    for d in DIMENSIONS:
        st.slider(
            t(f"dimension.{d}", lang),
            min_value=0.0,
            max_value=float(MAX_WEIGHT),
            step=WEIGHT_STEP,
            format="%.1f",
            key=session.weight_key(d),
            persist_state="session",
            help=t("app.weights.default_help", lang, default=_number(defaults[d])),
        )
    weights = session.read_weight_widgets()
    changed = changed_weights(weights, defaults)
    if changed:
        items = t("app.list_sep", lang).join(
            t(
                "app.weights.changed_item",
                lang,
                dimension=t(f"dimension.{d}", lang),
                value=_number(v),
                default=_number(defaults[d]),
            )
            for d, v in changed.items()
        )
        st.caption(t("app.weights.changed", lang, changes=items))
    else:
        st.caption(t("app.weights.unchanged", lang))
    st.button(
        t("app.weights.reset", lang),
        key=RESET_KEY,
        on_click=session.reset_weights,
        disabled=not changed,
        icon=":material/restart_alt:",
    )
    return weights

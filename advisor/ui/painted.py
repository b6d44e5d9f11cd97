"""After the first paint: the browser says once when it has drawn the answer's first screen.

A session's first answer sends its headline, flags, scores chart, reasons and action plan, and
a tiny component (Streamlit's `st.components.v2`, no iframe, no request) that waits until the
browser has drawn the scores chart, then reports back. The downloads, the share link and the
folded sections below follow in the rerun that report starts. Sent with the first screen, they
held it back: the browser drew every element of the page before the chart (measured: first
chart after `streamlit run` 1.20x the bare app against 1.11x deferred, in the same run).

Later answers in the session are sent whole: the page is already on screen and its controls in
use (a weights slider, an open section) must not disappear for a moment.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import streamlit as st

KEY = "_first_screen_painted"  # True once this session's browser has drawn an answer
COMPONENT_KEY = "first_screen"
WAIT_MS = 1500  # report anyway after this long (a chart that fails to draw must not hide the rest)
# Fixed code, nothing from the visitor in it. It polls once per frame for the drawn chart, and a
# timer covers a tab in the background, where frames pause.
JS = f"""
export default function ({{ setTriggerValue }}) {{
  let frame = 0;
  let sent = false;
  const report = () => {{
    if (!sent) {{
      sent = true;
      setTriggerValue("painted", true);
    }}
  }};
  const check = () => {{
    if (document.querySelector('[data-testid="stVegaLiteChart"] svg.marks')) {{
      frame = requestAnimationFrame(report);
    }} else {{
      frame = requestAnimationFrame(check);
    }}
  }};
  frame = requestAnimationFrame(check);
  const timer = setTimeout(report, {WAIT_MS});
  return () => {{
    cancelAnimationFrame(frame);
    clearTimeout(timer);
  }};
}}
"""


@cache
def _component() -> Any:
    """The component, registered once per server on first use (inside a visitor's run)."""
    return st.components.v2.component("channel_fit_first_screen", js=JS)


def drawn() -> bool:
    """Whether this session's browser has already drawn an answer (then everything is sent at once)."""
    return bool(st.session_state.get(KEY))


def mark_drawn() -> None:
    """The component's callback: from now on this session gets whole pages."""
    st.session_state[KEY] = True


def report_when_drawn() -> None:
    """Put the waiting component on the page; its report reruns the script with `drawn()` true."""
    _component()(key=COMPONENT_KEY, on_painted_change=mark_drawn)

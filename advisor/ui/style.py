"""The page's look where Streamlit's theme cannot reach: a phone-sized header, no chart toolbars
(their four Tab stops each would push the downloads far down; each chart's data is one click away
as a table), no English "Press Enter to apply" hints in inputs (they apply on leaving the field
anyway), `<html lang>` set to the chosen language for screen readers and fonts, and a check
for links too long for Streamlit to pass on (see link.too_long_script)."""

from __future__ import annotations

import json

import streamlit as st

from advisor.i18n import Lang
from advisor.ui.link import too_long_script

CSS = """
<style>
[data-testid="stElementToolbar"] { display: none !important; }
[data-testid="InputInstructions"] { display: none; }
.st-key-page_lang { display: none; }
.st-key-header h1 { padding-top: 0; padding-bottom: 0; }
.stMainBlockContainer h2 { font-size: 1.5rem; }
.stMainBlockContainer h3 { font-size: 1.2rem; }
.st-key-share_link a { overflow-wrap: anywhere; }
@media (max-width: 640px) {
  .stMainBlockContainer { padding-top: 4.5rem; padding-left: 1rem; padding-right: 1rem; }
  .st-key-header h1 { font-size: 1.15rem; }
  .st-key-header { flex-wrap: nowrap; justify-content: space-between; gap: 0.5rem; }
  .st-key-lang button { padding-left: 0.5rem; padding-right: 0.5rem; min-height: 2rem; }
  .st-key-headline [data-testid="stMetricValue"] { font-size: 1.75rem; }
}
</style>
"""


def apply(lang: Lang) -> None:
    """The style sheet, and the page's language on its <html> element."""
    st.html(CSS)
    # The language is one of the three codes (json.dumps quotes it) and the rest is fixed text:
    # nothing from the visitor or the link goes into this script.
    script = f"document.documentElement.lang = {json.dumps(lang)};{too_long_script()}"
    with st.container(key="page_lang"):
        st.html(f"<script>{script}</script>", unsafe_allow_javascript=True)

"""Altair charts of a recommendation, each with the table of the data it draws.

Every chart function returns a `Figure`: the Vega-Lite spec of an Altair chart with its data
inlined (what `st.vega_lite_chart` and vl-convert render), the tidy data behind it, a `table`
with translated headers for the "data as table" view (what a screen reader or a spreadsheet
gets) and a one-line description. `Figure.to_altair()` gives the chart back as an Altair object.

Building an Altair chart and validating it costs tens of milliseconds, too slow to repeat on
every rerun of the app; so each chart's layout is built with Altair once per language (and
what-if field), refers to its data by name, and only the data changes from one answer to the
next. The what-if profiles are encoded and scored by the engine in one call (they differ only
in the varied answer); nothing here decides anything.

`templates` holds the layouts, `what_if` the engine call, `figures` fills layouts with data.
"""

from advisor.charts.figures import (
    Figure,
    all_figures,
    comparison_chart,
    contributions_chart,
    flip_chart,
    robustness_chart,
    scores_chart,
    what_if_chart,
    what_if_charts,
)
from advisor.charts.templates import CHANNEL_COLORS, scores_template
from advisor.charts.what_if import WHAT_IF_FIELDS, WhatIfField, what_if_frame, what_if_values

__all__ = [
    "CHANNEL_COLORS",
    "WHAT_IF_FIELDS",
    "Figure",
    "WhatIfField",
    "all_figures",
    "comparison_chart",
    "contributions_chart",
    "flip_chart",
    "robustness_chart",
    "scores_chart",
    "scores_template",
    "what_if_chart",
    "what_if_charts",
    "what_if_frame",
    "what_if_values",
]

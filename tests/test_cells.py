"""Spreadsheet-safe cells: formula triggers neutralised, numbers and plain text untouched."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from advisor.cells import PREFIX, TRIGGERS, is_risky, may_be_risky, safe_array, safe_cell, safe_frame


@pytest.mark.parametrize(
    "text",
    ['=HYPERLINK("http://x.example","open")', "+86 138 0000", "-2+3", "@SUM(A1)", "\tx", "\rx", "=1"],
)
def test_formula_triggers_get_an_apostrophe(text):
    assert safe_cell(text) == PREFIX + text
    assert safe_array(pa.array([text])).to_pylist() == [PREFIX + text]


@pytest.mark.parametrize("value", [-5, 3.5, True, None, "-5", "+1.5e3", "-0.25", "plain", "张三", ""])
def test_numbers_and_plain_text_stay_as_they_are(value):
    assert safe_cell(value) == value
    if isinstance(value, str):
        assert safe_array(pa.array([value])).to_pylist() == [value]


@given(st.text(max_size=30))
def test_array_and_cell_agree_and_nothing_unsafe_remains(text):
    cell = safe_cell(text)
    assert safe_array(pa.array([text])).to_pylist() == [cell]
    assert not is_risky(cell)
    assert cell in (text, PREFIX + text)
    assert (cell != text) == (text.startswith(TRIGGERS) and is_risky(text))


cells = st.lists(st.none() | st.text(max_size=12), max_size=20)


@given(cells, st.integers(0, 25), st.integers(0, 25), st.sampled_from([pa.string(), pa.large_string()]))
def test_a_slice_of_a_column_is_made_safe_cell_by_cell(values, start, length, kind):
    """The first-byte shortcut reads Arrow's buffers: slices, nulls and large strings included."""
    column = pa.array(values, kind).slice(start, length)
    expected = [safe_cell(v) for v in column.to_pylist()]
    assert safe_array(column).to_pylist() == expected
    chunked = pa.chunked_array([column, pa.array(values, kind)], kind)
    assert safe_array(chunked).to_pylist() == expected + [safe_cell(v) for v in values]
    starts = [isinstance(v, str) and v.startswith(TRIGGERS) for v in column.to_pylist()]
    assert may_be_risky(column) == any(starts)


def test_a_frame_keeps_numeric_columns_numeric_and_neutralises_names():
    frame = pd.DataFrame({"=name": ["=cmd|' /C calc'!A0", "Li"], "score": [-1.5, 2.0]})
    safe = safe_frame(frame)
    assert list(safe.columns) == ["'=name", "score"]
    assert safe["score"].dtype == float and safe["score"].tolist() == [-1.5, 2.0]
    assert safe["'=name"].tolist() == ["'=cmd|' /C calc'!A0", "Li"]

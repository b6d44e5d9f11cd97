"""Spreadsheet-safe cells: text that a spreadsheet would run as a formula is made inert (CSV injection).

A cell whose text starts with `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with an
apostrophe, as OWASP recommends, so Excel, LibreOffice and Google Sheets show it as text. Numbers
stay numbers: numeric values pass through untouched, and so does text that is a plain number
such as `-5` or `+1.5e3` (a spreadsheet reads it as that number, never as a formula).
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
PREFIX = "'"
_TRIGGER_PATTERN = r"^[=+\-@\t\r]"
_NUMBER_PATTERN = r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$"
_NUMBER = re.compile(_NUMBER_PATTERN)
_TRIGGER_BYTES = np.frombuffer("".join(TRIGGERS).encode("ascii"), dtype=np.uint8)


def is_risky(text: str) -> bool:
    """Whether a spreadsheet could read this text as a formula (and it is not a plain number)."""
    return text.startswith(TRIGGERS) and not _NUMBER.match(text)


def safe_cell(value: Any) -> Any:
    """One cell made safe: risky text gets an apostrophe in front; anything else is unchanged."""
    if isinstance(value, str) and is_risky(value):
        return PREFIX + value
    return value


def _first_bytes(values: pa.Array) -> np.ndarray:
    """The first byte of every cell (0 for an empty one), read straight from Arrow's buffers."""
    _, offsets, data = values.buffers()[:3]
    if data is None or not len(values):
        return np.zeros(len(values), dtype=np.uint8)
    width = np.int64 if pa.types.is_large_string(values.type) else np.int32
    ends: np.ndarray = np.frombuffer(offsets, dtype=width)[values.offset : values.offset + len(values) + 1]
    starts, filled = ends[:-1], ends[1:] > ends[:-1]
    first = np.zeros(len(values), dtype=np.uint8)
    first[filled] = np.frombuffer(data, dtype=np.uint8)[starts[filled]]
    return first


def may_be_risky(values: pa.Array | pa.ChunkedArray) -> bool:
    """Whether any cell of a text column starts with a trigger (every trigger is one ASCII byte)."""
    chunks = values.chunks if isinstance(values, pa.ChunkedArray) else [values]
    return any(np.isin(_first_bytes(chunk), _TRIGGER_BYTES).any() for chunk in chunks)


def safe_array(values: pa.Array | pa.ChunkedArray) -> pa.Array | pa.ChunkedArray:
    """A whole Arrow column made safe at once (vectorised: a million cells in milliseconds)."""
    if not (pa.types.is_string(values.type) or pa.types.is_large_string(values.type)):
        return values
    if not may_be_risky(values):
        return values  # the usual case, decided by one cheap pass over the first bytes
    risky = pc.and_(
        pc.match_substring_regex(values, _TRIGGER_PATTERN),
        pc.invert(pc.match_substring_regex(values, _NUMBER_PATTERN)),
    )
    text = values.type  # string or large_string: the apostrophe is joined on as the same type
    prefixed = pc.binary_join_element_wise(pa.scalar(PREFIX, text), values, pa.scalar("", text))
    return pc.if_else(pc.fill_null(risky, fill_value=False), prefixed, values)


def safe_series(values: pd.Series) -> pd.Series:
    """A DataFrame column made safe: text cells checked one by one, numeric columns untouched."""
    if pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
        return values
    return values.map(safe_cell)


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Every column (and the column names) of a frame made safe, ready for CSV or a spreadsheet."""
    safe = frame.apply(safe_series)
    safe.columns = [safe_cell(str(name)) for name in frame.columns]
    return safe

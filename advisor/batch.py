"""Batch scoring of a CSV of founders: every row comes out, in order, scored or with its error."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import IO

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from advisor.engine import Columns, code, score_encoded, with_derived
from advisor.errors import BatchFileError
from advisor.i18n import DEFAULT_LANG, Lang, t
from advisor.profile import (
    FIELD_SPECS,
    PROFILE_FIELDS,
    REQUIRED_FIELDS,
    FieldSpec,
    ProfileError,
    parse_profile,
)
from advisor.rules import RuleBase, load_rules

OUTPUT_COLUMNS = (
    "score_ecommerce",
    "score_wechat",
    "score_mix",
    "recommendation",
    "margin",
    "flags",
    "error",
)
CHUNK_ROWS = 100_000
_WRITE = pa_csv.WriteOptions(batch_size=65_536)
# Strings that certainly parse the same in pydantic and numpy; anything else takes the slow path.
_INT = r"^[+-]?\d{1,15}(\.0+)?$"
_FLOAT = r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d{1,3})?$"
_TRUE = pa.array(["true", "1", "yes", "y", "on", "t"])
_FALSE = pa.array(["false", "0", "no", "n", "off", "f"])
_NUMERIC = re.compile(r"^(score_|margin$)").match  # output columns that hold numbers
Chunk = tuple[dict[str, pa.Array], int, np.ndarray]  # text columns, row count, shape errors


@dataclass(frozen=True)
class BatchSummary:
    """How many rows a batch read, scored and rejected."""

    rows: int
    scored: int
    errors: int

    def line(self, lang: Lang = DEFAULT_LANG) -> str:
        """The summary line the CLI prints."""
        return t("batch.summary", lang, rows=self.rows, scored=self.scored, errors=self.errors)


def _parse_column(spec: FieldSpec, raw: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """Parse one text column the fast way: engine codes (NaN = blank), and cells to look at closer."""
    text = pc.utf8_trim_whitespace(raw)
    blank = pc.equal(text, "")
    if spec.kind == "choice":
        found = pc.index_in(text, value_set=pa.array(spec.choices))
        ok = pc.or_(pc.is_valid(found), blank)
        codes = found.cast(pa.float64()).to_numpy(zero_copy_only=False)
    elif spec.kind == "bool":
        lowered = pc.utf8_lower(text)
        is_true, is_false = pc.is_in(lowered, value_set=_TRUE), pc.is_in(lowered, value_set=_FALSE)
        ok = pc.or_(pc.or_(is_true, is_false), blank)
        codes = pc.if_else(is_true, 1.0, pc.if_else(is_false, 0.0, None)).to_numpy(zero_copy_only=False)
    else:
        shaped = pc.match_substring_regex(text, _INT if spec.kind == "int" else _FLOAT)
        numbers = pc.cast(pc.if_else(shaped, text, None), pa.float64())
        in_range = pc.and_(pc.greater_equal(numbers, spec.ge), pc.less_equal(numbers, spec.le))
        ok = pc.or_(pc.fill_null(in_range, False), blank)
        codes = numbers.to_numpy(zero_copy_only=False)
    codes = np.array(codes, dtype=np.float64)  # a writable copy
    bad = ~ok.to_numpy(zero_copy_only=False)
    if spec.required:
        bad |= blank.to_numpy(zero_copy_only=False)
    codes[bad] = np.nan
    return codes, bad


def _fast_parse(columns: Mapping[str, pa.Array], rows: int) -> tuple[Columns, np.ndarray]:
    """Engine columns for every row, and which rows the fast path could not vouch for."""
    cols: Columns = {}
    suspect = np.zeros(rows, dtype=bool)
    for name in PROFILE_FIELDS:
        if name in columns:
            cols[name], bad = _parse_column(FIELD_SPECS[name], columns[name])
            suspect |= bad
        else:
            cols[name] = np.full(rows, np.nan)
    suspect |= cols["unit_cost"] > cols["retail_price"]
    return cols, suspect


def _slow_parse(
    columns: Mapping[str, pa.Array], cols: Columns, suspect: np.ndarray, lang: Lang
) -> np.ndarray:
    """Validate suspect rows with the Profile model itself: fix their codes or record their error."""
    errors = np.full(len(suspect), None, dtype=object)
    positions = np.flatnonzero(suspect)
    if not len(positions):
        return errors
    picked = {name: columns[name].take(pa.array(positions)).to_pylist() for name in columns}
    present = [name for name in PROFILE_FIELDS if name in columns]
    for i, position in enumerate(positions):
        try:
            profile = parse_profile({name: picked[name][i] for name in present}, lang)
        except ProfileError as error:
            errors[position] = str(error)
            continue
        for name in present:
            value = getattr(profile, name)
            cols[name][position] = np.nan if value is None else code(FIELD_SPECS[name], value)
    return errors


def score_text_columns(
    columns: Mapping[str, pa.Array],
    rows: int,
    rules: RuleBase | None = None,
    weights: Mapping[str, float] | None = None,
    lang: Lang = DEFAULT_LANG,
) -> dict[str, np.ndarray]:
    """Score columns of CSV text: output arrays, scores NaN and `error` set for rows that failed."""
    rules = rules or load_rules()
    cols, suspect = _fast_parse(columns, rows)
    errors = _slow_parse(columns, cols, suspect, lang)
    out = score_encoded(with_derived(cols), rules, weights)
    out["error"] = errors
    _blank_results(out, errors != None)  # noqa: E711 - elementwise test on an object array
    return out


def _blank_results(out: dict[str, np.ndarray], rows: np.ndarray) -> None:
    """Clear every result but the error for rows that could not be scored."""
    for name, values in out.items():
        if name != "error":
            values[rows] = np.nan if values.dtype == np.float64 else None


def _as_text(values: pd.Series) -> pa.Array:
    """A column of answers as CSV-like text: unknown (None/NaN) becomes blank, numbers their repr."""
    cells = [("" if pd.isna(v) else str(v)) if not isinstance(v, str) else v for v in values.tolist()]
    return pa.array(cells, pa.string())


def score_frame(
    frame: pd.DataFrame,
    rules: RuleBase | None = None,
    weights: Mapping[str, float] | None = None,
    lang: Lang = DEFAULT_LANG,
) -> pd.DataFrame:
    """Score a DataFrame of answers, one founder per row: the DataFrame path of the engine.

    Columns are named as the profile fields (others are ignored). Every row is validated like a
    Profile; a row that is not valid gets empty scores and an `error` naming the field and what
    it accepts, so nothing is scored silently on bad data.
    """
    columns = {name: _as_text(frame[name]) for name in frame if name in FIELD_SPECS}
    return pd.DataFrame(score_text_columns(columns, len(frame), rules, weights, lang), index=frame.index)


def _open_text(path: Path) -> IO[str]:
    """Open a CSV as UTF-8 text (a BOM from spreadsheet exports is accepted)."""
    try:
        return path.open("r", encoding="utf-8-sig", newline="")
    except OSError as error:
        raise BatchFileError(t("batch.cannot_read", DEFAULT_LANG, path=path, reason=error.strerror)) from None


def _header(reader: Iterator[list[str]], path: Path, lang: Lang) -> list[str]:
    """Read and check the header: it must exist and name every required field."""
    try:
        header = [name.strip() for name in next(reader)]
    except StopIteration:
        header = []
    if not any(header):
        raise BatchFileError(t("batch.empty", lang, path=path))
    if not all(header):
        raise BatchFileError(t("batch.empty_column", lang, path=path, position=header.index("") + 1))
    missing = [f for f in REQUIRED_FIELDS if f not in header]
    if missing:
        raise BatchFileError(
            t(
                "batch.missing_columns",
                lang,
                path=path,
                missing=", ".join(missing),
                required=", ".join(REQUIRED_FIELDS),
            )
        )
    duplicated = sorted({h for h in header if header.count(h) > 1})
    if duplicated:
        raise BatchFileError(t("batch.duplicate_columns", lang, path=path, columns=", ".join(duplicated)))
    return header


def _chunk_columns(rows: list[list[str]], header: list[str], lang: Lang) -> Chunk:
    """Arrow text columns for a chunk of rows; rows with the wrong number of fields are marked."""
    width = len(header)
    shape_errors = np.full(len(rows), None, dtype=object)
    for i, row in enumerate(rows):
        if len(row) != width:
            shape_errors[i] = t("batch.bad_width", lang, found=len(row), expected=width)
            rows[i] = (row + [""] * width)[:width]
    texts = list(zip(*rows, strict=True))
    columns = {name: pa.array(texts[j], pa.string()) for j, name in enumerate(header)}
    return columns, len(rows), shape_errors


def _rows(handle: IO[str], path: Path) -> Iterator[list[str]]:
    """CSV rows, turning decoding and parsing failures into a BatchFileError naming the file."""
    csv.field_size_limit(2**31 - 1)  # a long cell is data, not a reason to refuse the file
    reader = csv.reader(handle)
    try:
        yield from reader
    except UnicodeDecodeError:
        raise BatchFileError(t("batch.not_text", DEFAULT_LANG, path=path)) from None
    except csv.Error as error:
        raise BatchFileError(t("batch.not_csv", DEFAULT_LANG, path=path, reason=error)) from None


def _read_header(source: Path, lang: Lang) -> list[str]:
    """The checked header of a CSV file."""
    with _open_text(source) as handle:
        header = _header(_rows(handle, source), source, lang)
    reserved = [c for c in OUTPUT_COLUMNS if c in header]
    if reserved:
        raise BatchFileError(t("batch.reserved_columns", lang, path=source, columns=", ".join(reserved)))
    return header


def _arrow_chunks(source: Path, header: list[str]) -> Iterator[Chunk]:
    """Fast reader (Arrow, every cell as text); raises pyarrow.ArrowInvalid on a ragged or bad file."""
    reader = pa_csv.open_csv(
        source,
        read_options=pa_csv.ReadOptions(block_size=16 << 20, column_names=header, skip_rows=1),
        parse_options=pa_csv.ParseOptions(newlines_in_values=True),
        convert_options=pa_csv.ConvertOptions(
            column_types={name: pa.string() for name in header},
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
        ),
    )
    for batch in reader:
        columns = dict(zip(header, batch.columns, strict=True))
        yield columns, batch.num_rows, np.full(batch.num_rows, None, dtype=object)


def _python_chunks(source: Path, header: list[str], lang: Lang, chunk_rows: int) -> Iterator[Chunk]:
    """Careful reader (Python's csv): keeps rows with the wrong number of fields, marked."""
    with _open_text(source) as handle:
        rows = (row for row in _rows(handle, source) if row)  # blank lines are skipped, as Arrow does
        next(rows)
        while chunk := list(islice(rows, chunk_rows)):
            yield _chunk_columns(chunk, header, lang)


def _output_table(columns: Mapping[str, pa.Array], out: Mapping[str, np.ndarray]) -> pa.Table:
    """Input text columns followed by the results; missing results become empty cells."""
    table = dict(columns)
    for name in OUTPUT_COLUMNS:
        values = out[name]
        if values.dtype == np.float64:
            table[name] = pa.array(np.round(values, 2), pa.float64(), from_pandas=True)
        else:
            table[name] = pa.array(values, pa.string(), from_pandas=True)
    return pa.table(table)


def _score_chunks(
    chunks: Iterator[Chunk],
    rules: RuleBase,
    weights: Mapping[str, float] | None,
    lang: Lang,
    sink: IO[bytes],
    header: list[str],
) -> tuple[int, int]:
    """Score and write chunk after chunk; returns (rows, rows with errors)."""
    total = errors = 0
    writer = None
    for columns, rows, shape_errors in chunks:
        out = score_text_columns(columns, rows, rules, weights, lang)
        bad_shape = shape_errors != None  # noqa: E711 - elementwise test on an object array
        _blank_results(out, bad_shape)
        out["error"][bad_shape] = shape_errors[bad_shape]
        table = _output_table(columns, out)
        writer = writer or pa_csv.CSVWriter(sink, table.schema, write_options=_WRITE)
        writer.write_table(table)
        errors += int((out["error"] != None).sum())  # noqa: E711
        total += rows
    if writer is None:  # no rows: still write the header, the same way
        empty = {
            name: np.array([], dtype=np.float64 if _NUMERIC(name) else object) for name in OUTPUT_COLUMNS
        }
        pa_csv.write_csv(_output_table({name: pa.array([], pa.string()) for name in header}, empty), sink)
    return total, errors


def run_batch(
    in_path: str | Path,
    out_path: str | Path,
    rules: RuleBase | None = None,
    weights: Mapping[str, float] | None = None,
    lang: Lang = DEFAULT_LANG,
    chunk_rows: int = CHUNK_ROWS,
) -> BatchSummary:
    """Score a CSV file chunk by chunk (bounded memory) and write every row with its result.

    Well-formed files take Arrow's fast reader; a file with ragged rows is read again with
    Python's csv module so those rows come out too, marked with what is wrong.
    """
    rules = rules or load_rules()
    source, target = Path(in_path), Path(out_path)
    header = _read_header(source, lang)
    if target.exists() and target.resolve() == source.resolve():
        raise BatchFileError(t("batch.same_file", lang, path=source))
    partial = target.with_name(f".{target.name}.partial")
    try:
        try:
            with _open_output(partial, target, lang) as sink:
                total, errors = _score_chunks(
                    _arrow_chunks(source, header), rules, weights, lang, sink, header
                )
        except pa.ArrowInvalid:
            with _open_output(partial, target, lang) as sink:
                chunks = _python_chunks(source, header, lang, chunk_rows)
                total, errors = _score_chunks(chunks, rules, weights, lang, sink, header)
        try:
            partial.replace(target)
        except OSError as error:
            raise BatchFileError(t("batch.cannot_write", lang, path=target, reason=error.strerror)) from None
    finally:
        partial.unlink(missing_ok=True)
    return BatchSummary(rows=total, scored=total - errors, errors=errors)


def _open_output(partial: Path, target: Path, lang: Lang) -> IO[bytes]:
    """Open the file results are written to (renamed over the target only once complete)."""
    try:
        return partial.open("wb")
    except OSError as error:
        raise BatchFileError(t("batch.cannot_write", lang, path=target, reason=error.strerror)) from None

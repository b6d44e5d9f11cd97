"""A scored cohort as tables and files: results with codes or labels, problems, notes, CSV and .xlsx.

Every cell leaving here goes through `advisor.cells`, so a founder's name such as
`=HYPERLINK(...)` reaches a spreadsheet as text. CSV is written as UTF-8 with a BOM, which is
what makes Excel show Chinese correctly; .xlsx is written with xlsxwriter, text as text.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO, Any

import numpy as np
import pyarrow as pa
import pyarrow.csv as pa_csv

from advisor.batch import CohortResult, score_cohort
from advisor.cells import safe_array, safe_cell
from advisor.chunks import ordered_map
from advisor.cohort_io import RESULT_COLUMNS, CohortFile, CohortFileError, read_cohort, shorten
from advisor.i18n import DEFAULT_LANG, Lang, has_key, t
from advisor.rules import RuleBase, load_rules
from advisor.safe_output import resolve_target, safe_output

BOM = b"\xef\xbb\xbf"
CSV_CHUNK_ROWS = 50_000  # rows turned into CSV text at a time, per thread
XLSX_MAX_ROWS = 1_048_575  # Excel's sheet limit, less the header row
NUMBERS = ("source_row", "score_ecommerce", "score_wechat", "score_mix", "margin", "robust_share")
CODE_COLUMNS = ("recommendation", "clear_lead", "top_reason", "flags")
LABELLED = CODE_COLUMNS


def _rounded(name: str, values: np.ndarray) -> np.ndarray:
    digits = 0 if name == "source_row" else 3 if name == "robust_share" else 2
    return np.round(values, digits)


def column_title(name: str, lang: Lang, *, labels: bool) -> str:
    """A result column's header: its machine name, or its label in the language."""
    return t(f"cohort.col.{name}", lang) if labels else name


def label_values(name: str, values: np.ndarray, rules: RuleBase, lang: Lang) -> list[Any]:
    """Codes of one result column as words in a language (channel names, yes/no, rule texts)."""
    if name == "recommendation":
        return [None if v is None else t(f"channel.{v}", lang) for v in values]
    if name == "clear_lead":
        return [
            None if np.isnan(v) else t("choice.bool.yes" if v else "choice.bool.no", lang) for v in values
        ]
    if name == "top_reason":
        texts = {r.id: f"{r.section} {r.rationale.get(lang)}" for r in rules.rules}
        return [None if v is None else texts.get(v, "") for v in values]
    flags = {f.id: f.message.get(lang) for f in rules.flags}
    sep = t("cohort.list_sep", lang)
    return [None if v is None else sep.join(flags.get(i, i) for i in v.split(";") if i) for v in values]


def _code_text(name: str, values: np.ndarray) -> pa.Array:
    """Codes as text: clear_lead as true/false (blank if unscored), the others as they are."""
    if name == "clear_lead":
        return pa.array(values > 0, mask=np.isnan(values)).cast(pa.string())
    return pa.array(values, pa.string())


def result_columns(
    result: CohortResult,
    rules: RuleBase,
    lang: Lang,
    *,
    labels: bool = False,
    start: int = 0,
    stop: int | None = None,
) -> dict[str, pa.Array]:
    """The output table's columns for rows [start, stop): input columns, then the results (safe cells)."""
    stop = result.rows if stop is None else stop
    table: dict[str, pa.Array] = {
        name: safe_array(column.slice(start, stop - start)) for name, column in result.file.columns.items()
    }
    for name in result_names(result):
        values = result.values[name][start:stop]
        title = column_title(name, lang, labels=labels)
        if name in NUMBERS:
            table[title] = pa.array(_rounded(name, values), pa.float64(), from_pandas=True)
        elif labels and name in LABELLED:
            table[title] = pa.array(label_values(name, values, rules, lang), pa.string())
        else:
            table[title] = safe_array(_code_text(name, values))
    if labels:
        for name in CODE_COLUMNS:
            table[f"{name}_code"] = _code_text(name, result.values[name][start:stop])
    return table


def result_names(result: CohortResult) -> list[str]:
    """Result columns in output order; robust_share only when it was computed."""
    return [n for n in RESULT_COLUMNS if n != "robust_share" or result.robust]


def write_csv(
    result: CohortResult, sink: IO[bytes], rules: RuleBase, lang: Lang, *, labels: bool = False
) -> None:
    """The results as CSV, UTF-8 with BOM: chunks turned into CSV text on every core, written in order."""

    def csv_chunk(start: int) -> pa.Buffer:
        stop = min(start + CSV_CHUNK_ROWS, result.rows)
        table = pa.table(result_columns(result, rules, lang, labels=labels, start=start, stop=stop))
        try:  # cells are quoted only if one needs it (a delimiter, quote or line break): 1/5 less to write
            return _csv_bytes(table, header=start == 0, quoting="none")
        except pa.ArrowInvalid:
            return _csv_bytes(table, header=start == 0, quoting="needed")

    sink.write(BOM)
    for chunk in ordered_map(csv_chunk, range(0, max(result.rows, 1), CSV_CHUNK_ROWS)):
        sink.write(chunk)


def _csv_bytes(table: pa.Table, *, header: bool, quoting: str) -> pa.Buffer:
    out = pa.BufferOutputStream()
    options = pa_csv.WriteOptions(include_header=header, batch_size=65_536, quoting_style=quoting)
    pa_csv.write_csv(table, out, options)
    return out.getvalue()


def problem_rows(result: CohortResult, lang: Lang) -> list[dict[str, Any]]:
    """One row per unreadable row: where it is in the file, which field, and the message."""
    rows = []
    messages, sources = result.values["error"], result.file.source_rows
    for i in np.flatnonzero(messages != None):  # noqa: E711 - elementwise
        fields = [f for f, _ in result.codes[i] if f]
        rows.append(
            {
                "row": int(sources[i]),
                "fields": t("cohort.list_sep", lang).join(
                    t(f"field.{f}.label", lang) if has_key(f"field.{f}.label", lang) else f for f in fields
                ),
                "problem": shorten(messages[i], 400),
            }
        )
    return rows


def problem_groups(result: CohortResult, lang: Lang) -> list[tuple[str, list[int]]]:
    """Unreadable rows grouped by problem (field and kind), largest group first, with their rows."""
    groups: dict[tuple[str, str], list[int]] = {}
    for i in np.flatnonzero(result.values["error"] != None):  # noqa: E711
        for key in result.codes[i] or (("", "invalid"),):
            groups.setdefault(key, []).append(int(result.file.source_rows[i]))
    ordered = sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))
    return [(group_label(field, kind, lang), rows) for (field, kind), rows in ordered]


def group_label(field: str, kind: str, lang: Lang) -> str:
    """A problem group's name: 'Team size: missing', or a row-level problem."""
    if not field:
        return t(f"cohort.kind.{kind}", lang)
    return t(
        "cohort.kind.field", lang, field=t(f"field.{field}.label", lang), kind=t(f"cohort.kind.{kind}", lang)
    )


def file_notes(cohort: CohortFile, lang: Lang) -> list[str]:
    """What the reader noticed and did: sheet, encoding, look-alikes, blank rows, ignored columns."""
    notes = []
    if cohort.sheet is not None:
        notes.append(
            t("cohort.note.sheet", lang, sheet=cohort.sheet, skipped=", ".join(cohort.skipped_sheets) or "—")
        )
    if cohort.encoding is not None:
        delimiter = t(f"cohort.delimiter.{_DELIMITER_KEYS[cohort.delimiter or ',']}", lang)
        encoding = _ENCODING_NAMES.get(cohort.encoding, cohort.encoding)
        notes.append(t("cohort.note.text", lang, encoding=encoding, delimiter=delimiter))
    for look in cohort.lookalikes:
        notes.append(
            t(
                "cohort.note.lookalike",
                lang,
                column=shorten(look.column),
                field=t(f"field.{look.field}.label", lang),
                name=look.field,
            )
        )
    if cohort.blank_rows:
        shown = ", ".join(map(str, cohort.blank_rows[:20])) + (" …" if len(cohort.blank_rows) > 20 else "")
        notes.append(t("cohort.note.blank_rows", lang, count=len(cohort.blank_rows), rows=shown))
    if cohort.ignored_columns:
        notes.append(t("cohort.note.ignored", lang, columns=", ".join(cohort.ignored_columns)))
    return notes


_DELIMITER_KEYS = {",": "comma", ";": "semicolon", "\t": "tab"}
_ENCODING_NAMES = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8 (BOM)", "utf-16": "UTF-16", "gb18030": "GB18030"}


def write_xlsx(
    result: CohortResult, sink: IO[bytes], rules: RuleBase, lang: Lang, *, labels: bool = True
) -> None:
    """The results and problems as an .xlsx workbook: text written as text, numbers as numbers."""
    import xlsxwriter

    if result.rows > XLSX_MAX_ROWS:
        raise CohortFileError(
            t("cohort.out.too_many_rows", lang, rows=f"{result.rows:,}", limit=f"{XLSX_MAX_ROWS:,}")
        )
    book = xlsxwriter.Workbook(
        sink,
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    bold = book.add_format({"bold": True})
    _sheet(book, t("cohort.sheet.results", lang), result_columns(result, rules, lang, labels=labels), bold)
    problems = problem_rows(result, lang)
    _sheet(
        book,
        t("cohort.sheet.problems", lang),
        {
            t("cohort.col.row", lang): pa.array([p["row"] for p in problems], pa.int64()),
            t("cohort.col.fields", lang): pa.array([p["fields"] for p in problems], pa.string()),
            t("cohort.col.problem", lang): pa.array([p["problem"] for p in problems], pa.string()),
        },
        bold,
    )
    notes = file_notes(result.file, lang)
    if notes:
        _sheet(book, t("cohort.sheet.notes", lang), {t("cohort.col.note", lang): pa.array(notes)}, bold)
    book.close()


def _sheet(book: Any, name: str, columns: dict[str, pa.Array], bold: Any) -> None:
    """One sheet: a bold header, then the columns cell by cell (text as text, numbers as numbers)."""
    sheet = book.add_worksheet(name[:31])
    for j, title in enumerate(columns):
        sheet.write_string(0, j, safe_cell(str(title)), bold)
    lists = [column.to_pylist() for column in columns.values()]
    for i, row in enumerate(zip(*lists, strict=True), start=1):
        for j, value in enumerate(row):
            _cell(sheet, i, j, value)
    if columns:
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, max(len(lists[0]), 1), len(columns) - 1)


def _cell(sheet: Any, row: int, col: int, value: Any) -> None:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        sheet.write_number(row, col, value)
    elif value != "":
        sheet.write_string(row, col, str(value))


def channel_counts(values: Sequence[Any]) -> Counter[str]:
    """How many rows recommend each channel (unscored rows not counted)."""
    return Counter(v for v in values if v is not None)


def output_kind(target: str | Path, lang: Lang = DEFAULT_LANG) -> str:
    """The format an output name asks for: .csv or .xlsx (anything else is refused by name)."""
    suffix = Path(target).suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise CohortFileError(t("cohort.out.extension", lang, path=target))
    return suffix[1:]


def run_batch(
    in_path: str | Path,
    out_path: str | Path,
    rules: RuleBase | None = None,
    weights: Mapping[str, float] | None = None,
    lang: Lang = DEFAULT_LANG,
    *,
    robust: bool = False,
    labels: bool = False,
    encoding: str | None = None,
) -> CohortResult:
    """Read, score and write a cohort file; the output replaces its target only once complete."""
    rules = rules or load_rules()
    source = Path(in_path)
    resolve_target(out_path, source, lang)  # refuse a bad target before the work, not after
    kind = output_kind(out_path, lang)
    result = score_cohort(read_cohort(source, lang, encoding), rules, weights, lang, robust=robust)
    with safe_output(out_path, source, lang) as sink:
        if kind == "xlsx":
            write_xlsx(result, sink, rules, lang, labels=labels)
        else:
            write_csv(result, sink, rules, lang, labels=labels)
    return result

"""Reading cohort files: .xlsx, .csv and .tsv as founders keep them, every cell as text, every row kept.

One reader for the CLI's `batch` and the app's Cohort page. It finds the encoding (BOM, then
UTF-8, then strict GB18030; charset-normalizer only names a guess in the error), sniffs the
delimiter (`,` `;` tab), picks the first sheet whose header names the required fields, maps
headers written in any of the three languages to fields, and reports what it could not use:
look-alike headers with the closest field, unreadable rows with their line number. Nothing is
dropped silently; blank rows are skipped and named.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from advisor.errors import BatchFileError, Problem
from advisor.i18n import DEFAULT_LANG, LANGS, Lang, format_number, has_key, t
from advisor.profile import FIELD_SPECS, PROFILE_FIELDS, REQUIRED_FIELDS, FieldSpec

Kind = Literal["csv", "xlsx"]
EXTENSIONS = (".xlsx", ".csv", ".tsv", ".txt")
MAX_UPLOAD_MB = 50  # the app refuses larger uploads, naming this limit
HEADER_SEARCH_ROWS = 20  # a title or group row above the header is allowed, this far down
SHORT_CELL = 40  # a cell quoted in a message is cut to this many characters
LOOKALIKE_CUTOFF = 0.75
DELIMITERS = (",", ";", "\t")
RESULT_COLUMNS = (
    "source_row",
    "score_ecommerce",
    "score_wechat",
    "score_mix",
    "recommendation",
    "margin",
    "clear_lead",
    "robust_share",
    "top_reason",
    "flags",
    "error",
)
_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
_TRUE_WORDS = ("true", "1", "yes", "y", "on", "t", "是", "对", "對")
_FALSE_WORDS = ("false", "0", "no", "n", "off", "f", "否", "不")


class CohortFileError(BatchFileError):
    """A cohort file that cannot be read at all: the message names the file and what is accepted."""


@dataclass(frozen=True)
class Lookalike:
    """A column whose name resembles a field but matches none (reported, never silently dropped)."""

    column: str
    field: str


@dataclass
class CohortFile:
    """A cohort file read as text columns, with where each row came from and what was noticed."""

    name: str
    kind: Kind
    columns: dict[str, pa.Array]  # every kept column as written, in the file's order (unique names)
    field_columns: dict[str, pa.Array]  # field -> its column, labels turned into the values accepted
    fields: tuple[str, ...]  # the profile fields the file provides
    passthrough: tuple[str, ...]  # other columns, kept as they are (name, id, notes ...)
    source_rows: np.ndarray  # line (CSV) or sheet row (xlsx) of each data row, 1-based
    row_problems: np.ndarray  # object array: None, or why the row could not be read as a row
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    skipped_sheets: tuple[str, ...] = ()
    lookalikes: tuple[Lookalike, ...] = ()
    blank_rows: tuple[int, ...] = ()
    ignored_columns: tuple[str, ...] = ()  # earlier result columns of a re-uploaded file
    renamed: dict[str, str] = field(default_factory=dict)  # header as written -> field, when not exact

    @property
    def rows(self) -> int:
        """How many data rows the file holds (blank rows not counted)."""
        return len(self.source_rows)


# ---------------------------------------------------------------- text helpers


def shorten(text: Any, limit: int = SHORT_CELL) -> str:
    """A cell as quoted in a message: at most `limit` characters, saying how long it really was."""
    text = str(text)
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({format_number(len(text))})"


def normalise(text: str) -> str:
    """How headers and labels are compared: width-folded, case-folded, spaces/hyphens as `_`."""
    folded = unicodedata.normalize("NFKC", str(text)).strip().casefold()
    return re.sub(r"[\s\-_]+", "_", folded)


def _without_unit(text: str) -> str:
    """A label without its bracketed unit: 'Monthly budget (CNY)' -> 'monthly_budget'."""
    return re.sub(r"_?\([^)]*\)$", "", text).strip("_")


def field_aliases() -> dict[str, str]:
    """Every accepted header spelling -> field: the name and each language's label, with or without unit."""
    aliases: dict[str, str] = {}
    for name in PROFILE_FIELDS:
        names = [name] + [t(f"field.{name}.label", lang) for lang in LANGS]
        for written in names:
            key = normalise(written)
            aliases.setdefault(key, name)
            aliases.setdefault(_without_unit(key), name)
    return aliases


def value_labels(spec: FieldSpec, value: str, lang: Lang) -> str:
    """The catalogue label of one choice value in a language (the code itself if it has none)."""
    for key in (f"choice.{spec.name}.{value}", f"choice.level.{value}"):
        if has_key(key, lang):
            return t(key, lang)
    return value


def value_aliases(spec: FieldSpec) -> dict[str, str]:
    """Accepted spellings of a choice or yes/no field's values -> the value the model accepts."""
    if spec.kind == "bool":
        words = {w: "true" for w in _TRUE_WORDS} | {w: "false" for w in _FALSE_WORDS}
        for lang in LANGS:
            words.setdefault(normalise(t("choice.bool.yes", lang)), "true")
            words.setdefault(normalise(t("choice.bool.no", lang)), "false")
        return words
    aliases: dict[str, str] = {}
    for value in spec.choices:
        aliases[normalise(value)] = value
        for lang in LANGS:
            aliases.setdefault(normalise(value_labels(spec, value, lang)), value)
    return aliases


def canonical_values(spec: FieldSpec, texts: pa.Array) -> pa.Array:
    """Labels and yes/no words replaced by the values the model accepts; anything else left as is."""
    if spec.kind not in ("choice", "bool"):
        return texts
    exact = pa.array(["true", "false"] if spec.kind == "bool" else list(spec.choices))
    encoded = pc.dictionary_encode(texts)  # a column holds few distinct words: translate each once
    words = encoded.dictionary
    odd = pc.and_(pc.is_null(pc.index_in(words, value_set=exact)), pc.not_equal(words, ""))
    if not pc.any(odd).as_py():
        return texts  # already the values the model accepts: nothing to translate
    aliases = value_aliases(spec)
    keys = pa.array(list(aliases))
    folded = pc.utf8_lower(pc.utf8_trim_whitespace(pc.utf8_normalize(words, "NFKC")))
    folded = pc.replace_substring_regex(folded, r"[\s\-_]+", "_")
    found = pc.index_in(folded, value_set=keys)
    return pc.take(pc.coalesce(pc.take(pa.array(list(aliases.values())), found), words), encoded.indices)


# ---------------------------------------------------------------- headers


@dataclass(frozen=True)
class Header:
    """Which column holds which field, what is passed through, and what looked like a field."""

    fields: dict[str, int]
    passthrough: dict[str, int]
    lookalikes: tuple[Lookalike, ...]
    ignored: tuple[str, ...]
    renamed: dict[str, str]


def _closest_field(key: str, aliases: dict[str, str]) -> str | None:
    """The field a header most resembles, if it resembles one closely enough."""
    match = difflib.get_close_matches(key, list(aliases), n=1, cutoff=LOOKALIKE_CUTOFF)
    return aliases[match[0]] if match else None


def _unique(name: str, taken: set[str]) -> str:
    """A passthrough column name not used yet: 'name', then 'name_2', 'name_3' ..."""
    candidate, n = name, 1
    while candidate in taken:
        n += 1
        candidate = f"{name}_{n}"
    return candidate


def map_header(names: Sequence[str], filled: Sequence[bool], path: str, lang: Lang) -> Header:
    """Map header cells to fields; unnamed columns with data are kept as 'column_N'.

    `filled[i]` says whether column i holds any data; unnamed empty columns (Excel writes them
    after the last column) are ignored.
    """
    aliases = field_aliases()
    fields: dict[str, int] = {}
    passthrough: dict[str, int] = {}
    lookalikes: list[Lookalike] = []
    ignored: list[str] = []
    renamed: dict[str, str] = {}
    for i, raw in enumerate(names):
        written = str(raw).strip()
        if not written:
            if filled[i]:
                passthrough[_unique(f"column_{i + 1}", set(passthrough) | set(fields))] = i
            continue
        key = normalise(written)
        name = aliases.get(key) or aliases.get(_without_unit(key))
        if name is not None:
            if name in fields:
                raise CohortFileError(
                    t(
                        "cohort.file.duplicate_field",
                        lang,
                        path=path,
                        field=_label(name, lang),
                        column=written,
                    )
                )
            fields[name] = i
            if written != name:
                renamed[written] = name
        elif key in RESULT_COLUMNS:
            ignored.append(written)
        else:
            close = _closest_field(key, aliases)
            if close is not None:
                lookalikes.append(Lookalike(written, close))
            passthrough[_unique(written, set(passthrough) | set(fields))] = i
    return Header(fields, passthrough, tuple(lookalikes), tuple(ignored), renamed)


def _label(name: str, lang: Lang) -> str:
    return f"{t(f'field.{name}.label', lang)} ({name})"


def _is_header(cells: Sequence[Any]) -> bool:
    """Whether a row names every required field (in any language)."""
    aliases = field_aliases()
    found = {aliases.get(normalise(c)) or aliases.get(_without_unit(normalise(c))) for c in map(str, cells)}
    return all(name in found for name in REQUIRED_FIELDS)


def _missing_message(cells: Sequence[Any], path: str, lang: Lang) -> str:
    """Why no header was found: the required fields the first row lacks, and any look-alikes."""
    aliases = field_aliases()
    written = [str(c).strip() for c in cells if str(c).strip()]
    found = {aliases.get(normalise(c)) or aliases.get(_without_unit(normalise(c))) for c in written}
    missing = [_label(name, lang) for name in REQUIRED_FIELDS if name not in found]
    message = t(
        "cohort.file.missing_columns",
        lang,
        path=path,
        missing=t("cohort.list_sep", lang).join(missing),
        required=", ".join(REQUIRED_FIELDS),
    )
    hints = [
        t("cohort.file.lookalike", lang, column=shorten(c), field=_label(close, lang))
        for c in written
        if normalise(c) not in aliases and (close := _closest_field(normalise(c), aliases))
    ]
    return " ".join([message, *hints])


# ---------------------------------------------------------------- encodings and delimiters


def decode_detected(data: bytes, path: str, lang: Lang) -> tuple[str, str]:
    """The encoding and the text: BOM first, then strict UTF-8, then strict GB18030 (decoded once);
    otherwise say what is accepted."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding, decode(data, encoding, path, lang)
    for encoding in ("utf-8", "gb18030"):
        try:
            return encoding, data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise CohortFileError(t("cohort.file.encoding", lang, path=path, guess=_guess(data)))


def _guess(data: bytes) -> str:
    """charset-normalizer's best guess, only to help the user (never used to decode)."""
    from charset_normalizer import from_bytes

    best = from_bytes(data[:65_536]).best()
    return best.encoding if best is not None else "?"


def decode(data: bytes, encoding: str, path: str, lang: Lang) -> str:
    """The file's text in the given encoding (forced or detected), strictly."""
    try:
        return data.decode(encoding)
    except LookupError:
        raise CohortFileError(t("cohort.file.unknown_encoding", lang, path=path, encoding=encoding)) from None
    except UnicodeDecodeError as error:
        raise CohortFileError(
            t("cohort.file.bad_encoding", lang, path=path, encoding=encoding, position=error.start)
        ) from None


def _has_delimiter(line: str) -> bool:
    """Whether a line has a delimiter outside quotes (notes above a header are often one quoted cell)."""
    bare = re.sub(r'"[^"]*"', "", line)
    return any(d in bare for d in DELIMITERS)


def sniff_delimiter(line: str, suffix: str) -> str:
    """The delimiter of a header line: the most frequent of `,` `;` tab outside quotes."""
    bare = re.sub(r'"[^"]*"', "", line)
    counts = {d: bare.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    if counts[best] == 0:
        return "\t" if suffix == ".tsv" else ","
    return best


# ---------------------------------------------------------------- CSV records


@dataclass
class Records:
    """Parsed CSV records with the line each starts on, and rows that could not be parsed."""

    rows: list[list[str]]
    lines: list[int]
    problems: list[str | None]


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def _line_starts(text: str) -> list[str]:
    """The text's lines with their endings, broken only where CSV breaks them (CR, LF, CRLF).

    Not str.splitlines(): that also breaks at form feeds, U+2028 and other characters a cell
    may hold, which would cut a founder's row in two.
    """
    return _LINE.findall(text)


def _lines(text: str) -> list[str]:
    """The text's lines without their endings (CSV line breaks only, as _line_starts)."""
    return [line.rstrip("\r\n") for line in _line_starts(text)]


def parse_records(text: str, delimiter: str, lang: Lang) -> Records:
    """Every record with its first line; a broken quote spoils only its own line, never later rows.

    Python's csv module in strict mode tells where quoting goes wrong; the record is then kept
    as one row with its problem (naming the line) and reading resumes on the next line.
    """
    lines = _line_starts(text)
    out = Records([], [], [])
    start = 0
    while start < len(lines):
        reader = csv.reader(iter(lines[start:]), delimiter=delimiter, strict=True)
        consumed = 0
        try:
            for record in reader:
                out.rows.append(record)
                out.lines.append(start + consumed + 1)
                out.problems.append(None)
                consumed = reader.line_num
            start = len(lines)
        except csv.Error as error:
            line = start + consumed + 1
            key = "cohort.row.unterminated_quote" if "end of data" in str(error) else "cohort.row.bad_quote"
            raw = lines[line - 1].rstrip("\r\n")
            out.rows.append(next(csv.reader([raw], delimiter=delimiter, quoting=csv.QUOTE_NONE)))
            out.lines.append(line)
            out.problems.append(t(key, lang, line=line))
            start = line
    return out


def _blank(row: Sequence[Any]) -> bool:
    return all(str(c).strip() == "" for c in row)


def _find_header(rows: Sequence[Sequence[Any]], path: str, lang: Lang) -> int:
    """Index of the header row: the first of the first rows that names every required field."""
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if _is_header(row):
            return i
    first = next((row for row in rows if not _blank(row)), None)
    if first is None:
        raise CohortFileError(t("cohort.file.empty", lang, path=path))
    raise CohortFileError(_missing_message(first, path, lang))


def _text_columns(rows: list[list[str]], width: int) -> list[pa.Array]:
    """Rows (already padded to `width`) as one Arrow text column per position."""
    if not rows:
        return [pa.array([], pa.string()) for _ in range(width)]
    return [pa.array(column, pa.string()) for column in zip(*rows, strict=True)]


def _assemble(
    name: str,
    kind: Kind,
    header_cells: Sequence[str],
    columns: list[pa.Array],
    source_rows: np.ndarray,
    problems: np.ndarray,
    lang: Lang,
    **extra: Any,
) -> CohortFile:
    """Map the header, canonicalise values and bundle everything as a CohortFile."""
    filled = [
        bool(str(cell).strip()) or _has_data(col) for cell, col in zip(header_cells, columns, strict=False)
    ]
    header = map_header(header_cells, filled, name, lang)
    by_index = {i: n for n, i in header.passthrough.items()}
    by_index.update(
        {i: _unique(str(header_cells[i]).strip(), set(by_index.values())) for i in header.fields.values()}
    )
    return CohortFile(
        name=name,
        kind=kind,
        columns={by_index[i]: columns[i] for i in sorted(by_index)},
        field_columns={f: canonical_values(FIELD_SPECS[f], columns[i]) for f, i in header.fields.items()},
        fields=tuple(f for f in PROFILE_FIELDS if f in header.fields),
        passthrough=tuple(header.passthrough),
        source_rows=source_rows,
        row_problems=problems,
        lookalikes=header.lookalikes,
        ignored_columns=header.ignored,
        renamed=header.renamed,
        **extra,
    )


def _has_data(column: pa.Array) -> bool:
    """Whether any cell of a column holds more than spaces."""
    return bool(len(column)) and bool(pc.any(pc.not_equal(pc.utf8_trim_whitespace(column), "")).as_py())


def _careful_csv(text: str, name: str, delimiter: str, lang: Lang, **extra: Any) -> CohortFile:
    """Python's csv, record by record: ragged, blank and badly quoted rows are all accounted for."""
    records = parse_records(text, delimiter, lang)
    top = _find_header(records.rows, name, lang)
    header_cells = records.rows[top]
    width = len(header_cells)
    named = max((i + 1 for i, c in enumerate(header_cells) if c.strip()), default=0)
    rows, lines, problems, blank = [], [], [], []
    for row, line, problem in zip(
        records.rows[top + 1 :], records.lines[top + 1 :], records.problems[top + 1 :], strict=True
    ):
        if problem is None and _blank(row):
            blank.append(line)
            continue
        if problem is None and len(row) > width and _blank(row[width:]):
            row = row[:width]  # trailing empty cells past the header: not data
        if problem is None and named <= len(row) < width:
            row = row + [""] * (width - len(row))  # only unnamed trailing columns are missing
        if problem is None and len(row) != width:
            problem = t("cohort.row.bad_width", lang, line=line, found=len(row), expected=width)
        rows.append((row + [""] * width)[:width])
        lines.append(line)
        problems.append(problem)
    return _assemble(
        name,
        "csv",
        header_cells,
        _text_columns(rows, width),
        np.array(lines, dtype=np.int64),
        np.array(problems, dtype=object),
        lang,
        delimiter=delimiter,
        blank_rows=tuple(blank),
        **extra,
    )


def _fast_csv(
    data: bytes, header_line: int, header_cells: list[str], delimiter: str
) -> tuple[list[pa.Array], np.ndarray] | None:
    """Arrow's multi-threaded reader for well-formed UTF-8 files; None when the file needs care."""
    names = [f"c{i}" for i in range(len(header_cells))]
    try:
        table = pa_csv.read_csv(
            pa.BufferReader(data),
            read_options=pa_csv.ReadOptions(block_size=16 << 20, column_names=names, skip_rows=header_line),
            parse_options=pa_csv.ParseOptions(
                delimiter=delimiter, newlines_in_values=False, ignore_empty_lines=False
            ),
            convert_options=pa_csv.ConvertOptions(
                column_types={n: pa.string() for n in names},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    columns = [table.column(n).combine_chunks() for n in names]
    rows = np.arange(table.num_rows, dtype=np.int64) + header_line + 1
    return columns, rows


def _all_blank(columns: list[pa.Array]) -> np.ndarray:
    """Rows whose every cell is blank (Excel's `,,,,` lines)."""
    if not columns or not len(columns[0]):
        return np.zeros(len(columns[0]) if columns else 0, dtype=bool)
    blank = pc.equal(pc.utf8_trim_whitespace(columns[0]), "").to_numpy(zero_copy_only=False)
    for column in columns[1:]:
        if not blank.any():
            break  # the usual case: the first column alone rules every row out
        blank &= pc.equal(pc.utf8_trim_whitespace(column), "").to_numpy(zero_copy_only=False)
    return blank


def read_csv_bytes(
    data: bytes, name: str, lang: Lang = DEFAULT_LANG, encoding: str | None = None
) -> CohortFile:
    """A CSV or TSV file's bytes as a CohortFile (encoding detected unless forced)."""
    if encoding:
        chosen, text = encoding, decode(data, encoding, name, lang)
    else:
        chosen, text = decode_detected(data, name, lang)
    if text.startswith("\ufeff"):
        text = text[1:]
    head = text[:65_536]
    first = next((line for line in _lines(head) if _has_delimiter(line)), "")
    delimiter = sniff_delimiter(first, Path(name).suffix.lower())
    head_records = parse_records("\n".join(_lines(head)[: HEADER_SEARCH_ROWS * 2]), delimiter, lang)
    top = _find_header(head_records.rows, name, lang)
    header_line = head_records.lines[top]
    extra = {"encoding": chosen, "delimiter": delimiter}
    clean_head = all(p is None for p in head_records.problems[: top + 1])
    if clean_head and '"' not in text:
        fast = _fast_csv(
            text.encode("utf-8") if chosen not in ("utf-8", "utf-8-sig") else _strip_bom(data),
            header_line,
            head_records.rows[top],
            delimiter,
        )
        if fast is not None and not _all_blank(fast[0]).any():
            columns, rows = fast
            return _assemble(
                name,
                "csv",
                head_records.rows[top],
                columns,
                rows,
                np.full(len(rows), None, dtype=object),
                lang,
                **extra,
            )
    return _careful_csv(text, name, delimiter, lang, encoding=chosen)


def _strip_bom(data: bytes) -> bytes:
    return data[3:] if data.startswith(b"\xef\xbb\xbf") else data


# ---------------------------------------------------------------- xlsx


def cell_text(value: Any) -> str:
    """An Excel cell as the text a CSV would hold: 800.0 -> '800', True -> 'true', blank -> ''."""
    if type(value) is str:  # the usual case first: a workbook is mostly text
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    return str(value)


def column_text(values: Sequence[Any]) -> list[str]:
    """A sheet column as text, like cell_text per cell but without a call per cell for text columns."""
    kinds = set(map(type, values))
    if kinds <= {str}:
        return list(values)
    return [cell_text(v) for v in values]


def _fill_merged(rows: list[list[Any]], merged: Sequence[tuple[tuple[int, int], tuple[int, int]]]) -> None:
    """Give every cell of a merged block spanning rows its top-left value (headers merged down)."""
    for (r0, c0), (r1, c1) in merged:
        if r1 == r0 or r0 >= len(rows):
            continue
        value = rows[r0][c0]
        for r in range(r0 + 1, min(r1, len(rows) - 1) + 1):
            for c in range(c0, min(c1, len(rows[r]) - 1) + 1):
                if rows[r][c] in ("", None):
                    rows[r][c] = value


def read_xlsx_bytes(data: bytes, name: str, lang: Lang = DEFAULT_LANG) -> CohortFile:
    """The first sheet of a workbook that has the required columns, as a CohortFile."""
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except (CalamineError, ValueError, OSError) as error:
        raise CohortFileError(
            t("cohort.file.not_xlsx", lang, path=name, reason=shorten(error, 120))
        ) from None
    skipped: list[str] = []
    for sheet_name in book.sheet_names:
        sheet = book.get_sheet_by_name(sheet_name)
        rows = sheet.to_python(skip_empty_area=False)
        _fill_merged(rows, sheet.merged_cell_ranges or [])
        texts = [[cell_text(v) for v in row] for row in rows[:HEADER_SEARCH_ROWS]]
        top = next((i for i, row in enumerate(texts) if _is_header(row)), None)
        if top is None:
            skipped.append(sheet_name)
            continue
        return _sheet_file(rows, top, name, sheet_name, tuple(skipped), lang)
    raise CohortFileError(
        t(
            "cohort.file.no_sheet",
            lang,
            path=name,
            sheets=", ".join(book.sheet_names) or "—",
            required=", ".join(REQUIRED_FIELDS),
        )
    )


def _sheet_file(
    rows: list[list[Any]], top: int, name: str, sheet: str, skipped: tuple[str, ...], lang: Lang
) -> CohortFile:
    """One sheet's rows below its header as text columns; blank rows skipped and named."""
    header_cells = [cell_text(v) for v in rows[top]]
    width = max((len(r) for r in rows), default=0)
    header_cells += [""] * (width - len(header_cells))
    below = [r if len(r) == width else [*r, *[""] * (width - len(r))] for r in rows[top + 1 :]]
    texts = [column_text(column) for column in zip(*below, strict=True)] if below else []
    keep = [i for i in range(len(below)) if any(column[i].strip() for column in texts)]
    numbers = [top + 2 + i for i in keep]
    blank = sorted(set(range(top + 2, top + 2 + len(below))) - set(numbers))
    body = [[column[i] for column in texts] for i in keep] if len(keep) < len(below) else None
    return _assemble(
        name,
        "xlsx",
        header_cells,
        [pa.array(c, pa.string()) for c in texts] if body is None else _text_columns(body, width),
        np.array(numbers, dtype=np.int64),
        np.full(len(numbers), None, dtype=object),
        lang,
        sheet=sheet,
        skipped_sheets=skipped,
        blank_rows=_trailing_trimmed(blank, numbers),
    )


def _trailing_trimmed(blank: list[int], data_rows: list[int]) -> tuple[int, ...]:
    """Blank rows worth naming: those between data rows (not the empty tail of a sheet)."""
    last = max(data_rows, default=0)
    return tuple(r for r in blank if r < last)


# ---------------------------------------------------------------- entry points


def kind_of(name: str, lang: Lang = DEFAULT_LANG) -> Kind:
    """The reader a file name calls for, by its extension; anything else is refused by name."""
    suffix = Path(name).suffix.lower()
    if suffix == ".xlsx":
        return "xlsx"
    if suffix in (".csv", ".tsv", ".txt"):
        return "csv"
    raise CohortFileError(t("cohort.file.extension", lang, path=name, accepted=", ".join(EXTENSIONS)))


def read_cohort_bytes(
    data: bytes, name: str, lang: Lang = DEFAULT_LANG, encoding: str | None = None
) -> CohortFile:
    """A cohort file's bytes, read by its extension (.xlsx, .csv, .tsv, .txt)."""
    if not data[:65_536].strip() and not data.strip():
        raise CohortFileError(t("cohort.file.empty", lang, path=name))
    if kind_of(name, lang) == "xlsx":
        return read_xlsx_bytes(data, name, lang)
    return read_csv_bytes(data, name, lang, encoding)


def read_cohort(path: str | Path, lang: Lang = DEFAULT_LANG, encoding: str | None = None) -> CohortFile:
    """A cohort file from disk (opened read-only: the input is never modified)."""
    path = Path(path)
    kind_of(path.name, lang)
    if path.is_dir():
        raise CohortFileError(t("cohort.file.is_directory", lang, path=path))
    if path.exists() and not path.is_file():  # a FIFO or a device would block or never end
        raise CohortFileError(Problem("file", "not_regular_file", where=str(path)), lang=lang)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise CohortFileError(t("cohort.file.cannot_read", lang, path=path, reason=error.strerror)) from None
    return read_cohort_bytes(data, str(path), lang, encoding)


def check_upload_size(size: int, name: str, lang: Lang = DEFAULT_LANG, limit_mb: int | None = None) -> None:
    """Refuse an upload above the stated limit, naming the limit and the file's size."""
    limit_mb = MAX_UPLOAD_MB if limit_mb is None else limit_mb
    if size > limit_mb * 1024 * 1024:
        raise CohortFileError(
            t("cohort.file.too_large", lang, path=name, size=f"{size / 1024 / 1024:,.1f}", limit=limit_mb)
        )

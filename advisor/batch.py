"""Scoring a cohort: every row comes out, in order, scored or with its problem.

The same code serves the CLI's `batch` and the app's Cohort page. Rows are validated like a
Profile (a fast vectorised path, and the pydantic model itself for any row the fast path cannot
vouch for), scored through the engine's one code path, and given the columns an advisor needs:
clear lead, top reason, and on request the share of plausible re-weightings the answer survives.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from advisor.analysis.robustness import SAMPLES, sample_weights
from advisor.chunks import ordered_map
from advisor.cohort_io import RESULT_COLUMNS, CohortFile, read_cohort, shorten
from advisor.engine import (
    BLOCK_ROWS,
    Columns,
    channel_caps,
    code,
    compile_rules,
    decide,
    finish_scores,
    flag_labels,
    flag_matrix,
    lead_threshold,
    rule_points,
    score_columns,
    weight_vector,
    with_derived,
)
from advisor.errors import BatchFileError, ProfileError
from advisor.i18n import DEFAULT_LANG, Lang, t, tn
from advisor.profile import FIELD_SPECS, PROFILE_FIELDS, FieldSpec, parse_profile
from advisor.rules import CHANNELS, RuleBase, load_rules

OUTPUT_COLUMNS = RESULT_COLUMNS
__all__ = ["OUTPUT_COLUMNS", "BatchFileError", "CohortResult", "score_cohort", "score_frame", "summary_line"]
CHUNK_ROWS = BLOCK_ROWS  # one engine block per chunk: the chunks run on every core, blocks need not
ROBUST_BLOCK = 256  # rows scored under all sampled weightings at once (about 12 MB per array)
LONG_CELL = 200  # no valid answer is this long: such a cell is shortened before it is quoted
# Strings that certainly parse the same in pydantic and numpy; anything else takes the slow path.
_INT = r"^[+-]?\d{1,15}(\.0+)?$"
_FLOAT = r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d{1,3})?$"
_TRUE = pa.array(["true", "1", "yes", "y", "on", "t"])
_FALSE = pa.array(["false", "0", "no", "n", "off", "f"])
Progress = Callable[[int, int], None]


# ---------------------------------------------------------------- parsing answers


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
        ok = pc.or_(pc.fill_null(in_range, fill_value=False), blank)
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


def _shortened(value: object) -> object:
    """A cell too long to be any valid answer, cut so that the message quoting it stays readable."""
    return shorten(value) if isinstance(value, str) and len(value) > LONG_CELL else value


@dataclass
class RowProblems:
    """Per row: the message (None if fine) and the (field, kind) codes it is grouped by."""

    messages: np.ndarray
    codes: list[tuple[tuple[str, str], ...]]


def _slow_parse(
    columns: Mapping[str, pa.Array], cols: Columns, suspect: np.ndarray, lang: Lang
) -> RowProblems:
    """Validate suspect rows with the Profile model itself: fix their codes or record their problem."""
    problems = RowProblems(np.full(len(suspect), None, dtype=object), [()] * len(suspect))
    positions = np.flatnonzero(suspect)
    if not len(positions):
        return problems
    present = [name for name in PROFILE_FIELDS if name in columns]
    picked = {name: columns[name].take(pa.array(positions)).to_pylist() for name in present}
    for i, position in enumerate(positions):
        answers = {name: _shortened(picked[name][i]) for name in present}
        try:
            profile = parse_profile(answers, lang)
        except ProfileError as error:
            problems.messages[position] = str(error)
            problems.codes[position] = tuple((p.field, p.code) for p in error.problems)
            continue
        for name in present:
            value = getattr(profile, name)
            cols[name][position] = np.nan if value is None else code(FIELD_SPECS[name], value)
    return problems


# ---------------------------------------------------------------- scoring


def _runner_up(scores: np.ndarray, winner: np.ndarray) -> np.ndarray:
    """The runner-up per row, chosen exactly as recommend() does (stable order of the scores)."""
    order = np.argsort(-scores, axis=1, kind="stable")
    return np.where(order[:, 0] == winner, order[:, 1], order[:, 0])


def top_reason_ids(
    degrees: np.ndarray, points: np.ndarray, winner: np.ndarray, runner: np.ndarray, ids: Sequence[str]
) -> np.ndarray:
    """Per row, the rule that most favours the winner over the runner-up ('' if none does).

    The same arithmetic as Recommendation.net_reasons(): net = degree x points(winner) -
    degree x points(runner-up); ties go to the smallest rule id. Rules are visited in id order,
    one contiguous column of degrees at a time, keeping the best so far.
    """
    by_rule = degrees.T  # rule-major, as the engine stores it
    best = np.zeros(len(winner), dtype=np.float64)
    choice = np.full(len(winner), -1, dtype=np.intp)
    for j in sorted(range(len(ids)), key=lambda k: ids[k]):
        d = by_rule[j]
        net = d * points[j][winner] - d * points[j][runner]
        better = net > best
        best = np.where(better, net, best)
        choice = np.where(better, j, choice)
    names = np.array([*ids, ""], dtype=object)
    return names[choice]


def robust_shares(
    degrees: np.ndarray, winner: np.ndarray, rules: RuleBase, weights: Mapping[str, float] | None
) -> np.ndarray:
    """Per row, the share of sampled plausible weightings under which its channel still wins.

    The same samples and method as the single-founder robustness check (SAMPLES weightings,
    seed 0, each weight x U(0.5, 1.5)), for many rows at once.
    """
    compiled = compile_rules(rules)
    count = SAMPLES
    samples = sample_weights(weight_vector(rules, weights), count, 0)
    points = rule_points(compiled, samples)  # (samples, rules, 3)
    flat = np.ascontiguousarray(points.transpose(1, 0, 2).reshape(points.shape[1], -1))
    n_rules = points.shape[1]
    shares = np.empty(len(winner), dtype=np.float64)
    for start in range(0, len(winner), ROBUST_BLOCK):
        block = slice(start, start + ROBUST_BLOCK)
        raw = (np.ascontiguousarray(degrees[block, :n_rules]) @ flat).reshape(-1, count, len(CHANNELS))
        caps = channel_caps(compiled, degrees[block])[:, None, :]  # each row's ceilings, for every sample
        scores = finish_scores(raw, rules, caps)
        winners, _ = decide(scores)
        shares[block] = (winners == winner[block, None]).mean(axis=1)
    return shares


@dataclass
class Scored:
    """Results for a set of rows, aligned with them: arrays of codes and numbers, never labels."""

    values: dict[str, np.ndarray]
    codes: list[tuple[tuple[str, str], ...]] = field(default_factory=list)


def score_columns_text(
    columns: Mapping[str, pa.Array],
    rows: int,
    rules: RuleBase,
    weights: Mapping[str, float] | None = None,
    lang: Lang = DEFAULT_LANG,
    *,
    robust: bool = False,
) -> Scored:
    """Score text columns: scores, channel, margin, clear lead, top reason, flags, problems."""
    cols, suspect = _fast_parse(columns, rows)
    problems = _slow_parse(columns, cols, suspect, lang)
    cols = with_derived(cols)
    result = score_columns(cols, rules, weights, keep_degrees=True)
    assert result.degrees is not None
    winner = result.winner
    runner = _runner_up(result.scores, winner)
    fired = flag_matrix(compile_rules(rules), cols, winner)
    threshold = lead_threshold(rules, weight_vector(rules, weights))  # as recommend() decides a clear lead
    values: dict[str, np.ndarray] = {
        "score_ecommerce": result.scores[:, 0].copy(),
        "score_wechat": result.scores[:, 1].copy(),
        "score_mix": result.scores[:, 2].copy(),
        "recommendation": np.array(CHANNELS, dtype=object)[winner],
        "margin": result.margin.copy(),
        "clear_lead": (result.margin >= threshold).astype(np.float64),
        "robust_share": (
            robust_shares(result.degrees, winner, rules, weights) if robust else np.full(rows, np.nan)
        ),
        "top_reason": top_reason_ids(
            result.degrees, result.points, winner, runner, [r.id for r in rules.rules]
        ),
        "flags": flag_labels(fired, [f.id for f in rules.flags]),
        "error": problems.messages,
    }
    blank_results(values, problems.messages != None)  # noqa: E711 - elementwise test on an object array
    return Scored(values, problems.codes)


def blank_results(values: dict[str, np.ndarray], rows: np.ndarray) -> None:
    """Clear every result but the error for rows that could not be scored."""
    for name, column in values.items():
        if name != "error":
            column[rows] = np.nan if column.dtype == np.float64 else None


def score_text_columns(
    columns: Mapping[str, pa.Array],
    rows: int,
    rules: RuleBase | None = None,
    weights: Mapping[str, float] | None = None,
    lang: Lang = DEFAULT_LANG,
) -> dict[str, np.ndarray]:
    """Score columns of CSV text: output arrays, scores NaN and `error` set for rows that failed."""
    return score_columns_text(columns, rows, rules or load_rules(), weights, lang).values


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


# ---------------------------------------------------------------- a whole cohort


@dataclass
class CohortResult:
    """A scored cohort: the file as read, and one result per data row, in the file's order."""

    file: CohortFile
    values: dict[str, np.ndarray]
    codes: list[tuple[tuple[str, str], ...]]
    robust: bool

    @property
    def rows(self) -> int:
        """Data rows, every one of them in the output."""
        return self.file.rows

    @property
    def errors(self) -> int:
        """Rows that could not be scored."""
        return int((self.values["error"] != None).sum())  # noqa: E711

    @property
    def scored(self) -> int:
        """Rows scored."""
        return self.rows - self.errors


def score_cohort(
    cohort: CohortFile,
    rules: RuleBase | None = None,
    weights: Mapping[str, float] | None = None,
    lang: Lang = DEFAULT_LANG,
    *,
    robust: bool = False,
    chunk_rows: int = CHUNK_ROWS,
    progress: Progress | None = None,
) -> CohortResult:
    """Score every row of a cohort file in chunks on every core; unreadable rows keep their problem."""
    rules = rules or load_rules()
    fields = cohort.field_columns

    def score_chunk(start: int) -> Scored:
        rows = min(chunk_rows, cohort.rows - start)
        chunk = {name: column.slice(start, rows) for name, column in fields.items()}
        return score_columns_text(chunk, rows, rules, weights, lang, robust=robust)

    parts: list[Scored] = []
    done = 0
    for part in ordered_map(score_chunk, range(0, cohort.rows, chunk_rows)):
        parts.append(part)
        done += len(part.codes)
        if progress is not None:
            progress(done, cohort.rows)
    if parts:
        values = {name: np.concatenate([p.values[name] for p in parts]) for name in parts[0].values}
        codes = [c for p in parts for c in p.codes]
    else:
        values = score_columns_text({}, 0, rules, weights, lang, robust=robust).values
        codes = []
    unreadable = cohort.row_problems != None  # noqa: E711
    blank_results(values, unreadable)
    values["error"][unreadable] = cohort.row_problems[unreadable]
    for i in np.flatnonzero(unreadable):
        codes[i] = (("", "unreadable_row"),)
    values["source_row"] = cohort.source_rows.astype(np.float64)
    return CohortResult(cohort, values, codes, robust)


def score_file(
    path: str | Path,
    rules: RuleBase | None = None,
    weights: Mapping[str, float] | None = None,
    lang: Lang = DEFAULT_LANG,
    *,
    robust: bool = False,
    encoding: str | None = None,
) -> CohortResult:
    """Read and score a cohort file from disk."""
    return score_cohort(read_cohort(path, lang, encoding), rules, weights, lang, robust=robust)


def summary_line(result: CohortResult, lang: Lang = DEFAULT_LANG) -> str:
    """The one-line summary the CLI prints, with plurals right in every language."""
    return t(
        "cohort.summary",
        lang,
        rows=tn("cohort.rows", result.rows, lang),
        scored=tn("cohort.scored", result.scored, lang),
        errors=tn("cohort.errors", result.errors, lang),
    )

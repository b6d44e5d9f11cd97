"""Scenarios: saved recommendations compared side by side, answer by answer and score by score."""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import pandas as pd

from advisor.errors import DocumentError, Problem, ProfileError, ScenarioError
from advisor.files import read_bounded
from advisor.i18n import DEFAULT_LANG, Lang, t
from advisor.profile import PROFILE_FIELDS, is_number, parse_profile
from advisor.report import SCHEMA
from advisor.rules import CHANNELS, DIMENSIONS
from advisor.weights import weight_problems

REQUIRED_KEYS = ("recommendation", "scores", "margin", "profile")
MIN_SCENARIOS, MAX_SCENARIOS = 2, 4
DIFFERS = "differs"
SCORE_ROWS = tuple(f"score.{c}" for c in CHANNELS)
WEIGHT_ROWS = tuple(f"weight.{d}" for d in DIMENSIONS)
ROWS = (*PROFILE_FIELDS, *SCORE_ROWS, "margin", "recommendation", *WEIGHT_ROWS, "rules_version")


MAX_JSON_DIGITS = 40  # a longer number in a document is not a score, a weight or an answer
SCORE_TOLERANCE = 0.011  # saved scores and lead are rounded to 2 decimals


def _is_unicode(text: str) -> bool:
    """Whether text can be written as UTF-8: JSON allows lone surrogates ("\\ud800"), Unicode does not."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _children(path: str, value: Any) -> list[tuple[str, Any]]:
    """The (path, value) pairs one level inside a JSON value; keys count as values of their container."""
    if isinstance(value, Mapping):
        pairs = [(path or "document", key) for key in value]
        return pairs + [(f"{path}.{key}" if path else str(key), child) for key, child in value.items()]
    if isinstance(value, list):
        return [(f"{path}.{index}", child) for index, child in enumerate(value)]
    return []


def surrogate_problem(doc: Mapping[str, Any], where: str) -> Problem | None:
    """The first key or string of a document holding a lone surrogate, named by its path (no recursion)."""
    stack: list[tuple[str, Any]] = [("", doc)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str) and not _is_unicode(value):
            return Problem(path, "doc_surrogate", value, params={"item": path}, where=where)
        stack.extend(reversed(_children(path, value)))
    return None


def _document_problems(doc: Mapping[str, Any], where: str) -> list[Problem]:
    """What a comparison cannot read in a document with the required keys."""
    weights = doc.get("weights", {})
    checks = (
        ("recommendation", doc["recommendation"] in CHANNELS),
        (
            "scores",
            isinstance(doc["scores"], Mapping) and all(is_number(doc["scores"].get(c)) for c in CHANNELS),
        ),
        ("margin", is_number(doc["margin"])),
        ("profile", isinstance(doc["profile"], Mapping)),
        ("weights", isinstance(weights, Mapping)),
        ("rules_version", isinstance(doc.get("rules_version"), str | None)),
    )
    problems = [
        Problem(key, "doc_bad_value", doc.get(key), params={"item": key}, where=where)
        for key, ok in checks
        if not ok
    ]
    if isinstance(weights, Mapping):
        problems += [replace(p, where=where) for p in weight_problems(weights)]
    return problems


def contradiction(doc: Mapping[str, Any], where: str) -> Problem | None:
    """A recommendation that is not the top score, or a lead that is not top minus runner-up."""
    scores = sorted((float(doc["scores"][c]) for c in CHANNELS), reverse=True)
    chosen = float(doc["scores"][doc["recommendation"]])
    lead = scores[0] - scores[1]
    if chosen >= scores[0] - SCORE_TOLERANCE and abs(float(doc["margin"]) - lead) <= 2 * SCORE_TOLERANCE:
        return None
    params = {"best": scores[0]}
    return Problem("recommendation", "contradiction", doc["recommendation"], (), params, where)


def check_document(doc: Any, where: str, lang: Lang = DEFAULT_LANG) -> dict[str, Any]:
    """Check a document a comparison reads; its answers come back validated (typed as the model types).

    Raises DocumentError naming the document and every problem found.
    """
    if not isinstance(doc, Mapping):
        raise DocumentError(Problem("document", "doc_not_object", where=where), lang=lang)
    broken = surrogate_problem(doc, where)
    if broken is not None:
        raise DocumentError(broken, lang=lang)
    missing = [key for key in REQUIRED_KEYS if key not in doc]
    if missing:
        params = {"keys": ", ".join(missing)}
        raise DocumentError(Problem("document", "doc_missing_keys", params=params, where=where), lang=lang)
    problems = _document_problems(doc, where)
    if problems:
        raise DocumentError(*problems, lang=lang)
    contradicted = contradiction(doc, where)
    if contradicted is not None:
        raise DocumentError(contradicted, lang=lang)
    try:
        profile = parse_profile(dict(doc["profile"]), lang)
    except ProfileError as error:
        raise DocumentError(*(replace(p, where=where) for p in error.problems), lang=lang) from None
    return {**doc, "profile": profile.answers()}


def _file_problem(path: Path, code: str, lang: Lang, **params: Any) -> DocumentError:
    """A DocumentError about a whole file."""
    return DocumentError(Problem("file", code, params=params, where=str(path)), lang=lang)


def _bounded_int(text: str) -> int | float:
    """json's integer hook: a number of at most MAX_JSON_DIGITS digits, else NaN (refused later)."""
    return int(text) if len(text) <= MAX_JSON_DIGITS else math.nan


def parse_json(text: str) -> Any:
    """JSON without the traps: no 5000-digit integers, no NaN/Infinity constants (both read as NaN)."""
    return json.loads(text, parse_int=_bounded_int, parse_constant=lambda _: math.nan)


def load_document(
    path: str | Path, lang: Lang = DEFAULT_LANG, limit: int = 16 * 1024 * 1024
) -> dict[str, Any]:
    """Read a saved JSON recommendation; DocumentError if missing, not JSON or not Channel-fit's.

    A regular file of at most `limit` bytes, UTF-8 with or without a byte-order mark.
    """
    file = Path(path)
    data, problem = read_bounded(file, limit)
    if problem is not None or data is None:
        raise DocumentError(problem or Problem("file", "file_not_found", where=str(file)), lang=lang)
    try:
        doc = parse_json(data.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise _file_problem(file, "file_unreadable", lang, reason=error.reason) from None
    except json.JSONDecodeError as error:
        raise _file_problem(file, "not_json", lang, reason=error) from None
    except RecursionError:
        raise _file_problem(file, "too_deep", lang, limit=sys.getrecursionlimit()) from None
    schema = doc.get("schema") if isinstance(doc, dict) else None
    if schema != SCHEMA:
        raise DocumentError(
            Problem("schema", "wrong_schema", schema, params={"expected": SCHEMA}, where=str(file)), lang=lang
        )
    return check_document(doc, str(file), lang)


def file_names(paths: Sequence[Path]) -> list[str]:
    """Column names for files: their stems, with as many parent folders as it takes to tell them apart."""
    for depth in range(1, max((len(p.parts) for p in paths), default=1) + 1):
        names = ["/".join([*p.parent.parts[len(p.parent.parts) - depth + 1 :], p.stem]) for p in paths]
        if len(set(names)) == len(names):
            return names
    return [str(p) for p in paths]


def scenario_names(docs: Sequence[Mapping[str, Any]], lang: Lang = DEFAULT_LANG) -> list[str]:
    """Column names: each document's `name` if it has one, else A, B, C, D by position."""
    names = []
    for index, doc in enumerate(docs):
        name = doc.get("name") if isinstance(doc, Mapping) else None
        names.append(name.strip() if isinstance(name, str) and name.strip() else "ABCD"[index])
    for name in names:
        if name == DIFFERS:
            raise ScenarioError(Problem("name", "reserved_name", name), lang=lang)
        if names.count(name) > 1:
            raise ScenarioError(Problem("name", "duplicate_name", name), lang=lang)
    return names


def document_rows(doc: Mapping[str, Any]) -> dict[str, Any]:
    """One checked document as row -> value: answers (None if unanswered), scores, lead, weights."""
    weights = doc.get("weights") or {}
    return {
        **{name: doc["profile"].get(name) for name in PROFILE_FIELDS},
        **{f"score.{c}": doc["scores"][c] for c in CHANNELS},
        "margin": doc["margin"],
        "recommendation": doc["recommendation"],
        **{f"weight.{d}": weights.get(d) for d in DIMENSIONS},
        "rules_version": doc.get("rules_version"),
    }


def _key(value: Any) -> Any:
    """A comparable form of a cell: unknowns (None, NaN) alike, 5000 equal to 5000.0, True not 1."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, bool):
        return ("bool", value)
    return float(value) if is_number(value) else value


def _same(values: Sequence[Any]) -> bool:
    """Whether every scenario holds the same value for a row."""
    return len({_key(v) for v in values}) == 1


def compare_documents(docs: Sequence[Mapping[str, Any]], lang: Lang = DEFAULT_LANG) -> pd.DataFrame:
    """Two to four saved recommendations side by side: one column per scenario, one row per item.

    Rows: every answer field, score.ecommerce / score.wechat / score.mix, margin, recommendation,
    weight.<dimension> and rules_version; the boolean column `differs` marks rows that are not the
    same in every scenario.
    """
    if not MIN_SCENARIOS <= len(docs) <= MAX_SCENARIOS:
        params = {"kind": "int", "low": MIN_SCENARIOS, "high": MAX_SCENARIOS}
        raise ScenarioError(Problem("documents", "invalid", len(docs), (), params), lang=lang)
    names = scenario_names(docs, lang)
    checked = [check_document(doc, name, lang) for doc, name in zip(docs, names, strict=True)]
    columns = {name: document_rows(doc) for name, doc in zip(names, checked, strict=True)}
    frame = pd.DataFrame(
        {
            name: pd.Series([rows[r] for r in ROWS], index=list(ROWS), dtype=object)
            for name, rows in columns.items()
        }
    )
    frame[DIFFERS] = [not _same([columns[name][row] for name in names]) for row in ROWS]
    frame.index.name = "item"
    return frame


def row_label(row: str, lang: Lang = DEFAULT_LANG) -> str:
    """A readable label for a comparison row (field labels, channel and dimension names)."""
    if row in PROFILE_FIELDS:
        return t(f"field.{row}.label", lang)
    kind, _, name = row.partition(".")
    if kind == "score":
        return t("analysis.scenario.score", lang, channel=t(f"channel.{name}", lang))
    if kind == "weight":
        return t("analysis.scenario.weight", lang, dimension=t(f"dimension.{name}", lang))
    return t(f"analysis.scenario.{row}", lang)

"""Scenarios: saved recommendations compared side by side, answer by answer and score by score."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import pandas as pd

from advisor.errors import DocumentError, Problem, ProfileError, ScenarioError
from advisor.i18n import DEFAULT_LANG, Lang, t
from advisor.profile import PROFILE_FIELDS, is_number, parse_profile
from advisor.report import SCHEMA
from advisor.rules import CHANNELS, DIMENSIONS

REQUIRED_KEYS = ("recommendation", "scores", "margin", "profile")
MIN_SCENARIOS, MAX_SCENARIOS = 2, 4
DIFFERS = "differs"
SCORE_ROWS = tuple(f"score.{c}" for c in CHANNELS)
WEIGHT_ROWS = tuple(f"weight.{d}" for d in DIMENSIONS)
ROWS = (*PROFILE_FIELDS, *SCORE_ROWS, "margin", "recommendation", *WEIGHT_ROWS, "rules_version")


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
        ("weights", isinstance(weights, Mapping) and all(is_number(w) for w in weights.values())),
    )
    return [
        Problem(key, "doc_bad_value", doc.get(key), params={"item": key}, where=where)
        for key, ok in checks
        if not ok
    ]


def check_document(doc: Any, where: str, lang: Lang = DEFAULT_LANG) -> dict[str, Any]:
    """Check that an object has what a comparison reads; raise DocumentError naming the problem."""
    if not isinstance(doc, Mapping):
        raise DocumentError(Problem("document", "doc_not_object", where=where), lang=lang)
    missing = [key for key in REQUIRED_KEYS if key not in doc]
    if missing:
        params = {"keys": ", ".join(missing)}
        raise DocumentError(Problem("document", "doc_missing_keys", params=params, where=where), lang=lang)
    problems = _document_problems(doc, where)
    if problems:
        raise DocumentError(*problems, lang=lang)
    try:
        parse_profile(dict(doc["profile"]), lang)
    except ProfileError as error:
        raise DocumentError(*(replace(p, where=where) for p in error.problems), lang=lang) from None
    return dict(doc)


def _file_problem(path: Path, code: str, lang: Lang, **params: Any) -> DocumentError:
    """A DocumentError about a whole file."""
    return DocumentError(Problem("file", code, params=params, where=str(path)), lang=lang)


def load_document(path: str | Path, lang: Lang = DEFAULT_LANG) -> dict[str, Any]:
    """Read a saved JSON recommendation; DocumentError if missing, not JSON or not Channel-fit's."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise _file_problem(file, "file_not_found", lang) from None
    except (OSError, UnicodeDecodeError) as error:
        raise _file_problem(file, "file_unreadable", lang, reason=error) from None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as error:
        raise _file_problem(file, "not_json", lang, reason=error) from None
    schema = doc.get("schema") if isinstance(doc, dict) else None
    if schema != SCHEMA:
        raise DocumentError(
            Problem("schema", "wrong_schema", schema, params={"expected": SCHEMA}, where=str(file)), lang=lang
        )
    return check_document(doc, str(file), lang)


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

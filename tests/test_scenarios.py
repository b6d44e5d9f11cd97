"""Comparing saved recommendations: round trips, names, differences and clear errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from documents import document_of
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from personas import ELECTRONICS_SHOP

from advisor import Profile, load_rules, recommend
from advisor.errors import ChannelFitError
from advisor.i18n import LANGS, has_key
from advisor.profile import PROFILE_FIELDS
from advisor.report import SCHEMA, to_json
from advisor.rules import CHANNELS, DIMENSIONS
from advisor.scenarios import (
    DIFFERS,
    ROWS,
    DocumentError,
    ScenarioError,
    compare_documents,
    load_document,
    row_label,
)

RULES = load_rules()
SHOP = ELECTRONICS_SHOP
CIRCLE = {
    "category": "fmcg",
    "monthly_budget": 8000,
    "team_size": 2,
    "part_time": True,
    "social_reach": 1500,
    "sku_count": 10,
    "retail_price": 99,
    "unit_cost": 40,
    "purchase_frequency": "high",
    "self_media": True,
}


def doc_of(answers: dict[str, Any], weights: dict[str, float] | None = None, lang: str = "en") -> dict:
    return document_of(recommend(Profile.model_validate(answers), RULES, weights=weights), lang)


def check_column(frame: pd.DataFrame, name: str, doc: dict) -> None:
    """A scenario column holds the document's answers, scores, lead, channel and weights."""
    column = frame[name]
    for field in PROFILE_FIELDS:
        assert column[field] == doc["profile"].get(field)
    for channel in CHANNELS:
        assert column[f"score.{channel}"] == doc["scores"][channel]
    assert column["margin"] == doc["margin"]
    assert column["recommendation"] == doc["recommendation"]
    for dimension in DIMENSIONS:
        assert column[f"weight.{dimension}"] == doc["weights"][dimension]
    assert column["rules_version"] == doc["rules_version"]


def test_round_trip_of_two_documents() -> None:
    docs = [doc_of(SHOP), doc_of(CIRCLE)]
    frame = compare_documents(docs)
    assert list(frame.columns) == ["A", "B", DIFFERS]
    assert list(frame.index) == list(ROWS)
    for name, doc in zip("AB", docs, strict=True):
        check_column(frame, name, doc)
    assert frame.loc["recommendation", DIFFERS]
    assert frame.loc["category", DIFFERS]
    assert not frame.loc["risk_tolerance", DIFFERS]
    assert not frame.loc["weight.team", DIFFERS]
    assert frame[DIFFERS].dtype == bool


def test_names_are_used_and_weights_compared() -> None:
    docs = [
        {**doc_of(SHOP), "name": "Today"},
        {**doc_of(SHOP, weights={"team": 2.5}), "name": "Team first"},
        doc_of(CIRCLE),
    ]
    frame = compare_documents(docs)
    assert list(frame.columns) == ["Today", "Team first", "C", DIFFERS]
    assert frame.loc["weight.team", DIFFERS]
    assert frame.loc["weight.team", "Team first"] == 2.5
    assert not frame.loc["weight.platform", DIFFERS]


def test_identical_documents_differ_nowhere() -> None:
    frame = compare_documents([doc_of(CIRCLE), doc_of(CIRCLE)])
    assert not frame[DIFFERS].any()


def test_whole_and_decimal_numbers_compare_equal() -> None:
    first, second = doc_of(SHOP), doc_of(SHOP)
    second["profile"] = {**second["profile"], "monthly_budget": 60000}
    first["profile"] = {**first["profile"], "monthly_budget": 60000.0}
    assert not compare_documents([first, second]).loc["monthly_budget", DIFFERS]


def test_survives_json_files(tmp_path: Path) -> None:
    docs = [
        doc_of(SHOP),
        doc_of(CIRCLE),
        doc_of(CIRCLE, weights={"price": 0.5}),
        doc_of(SHOP, lang="zh-Hans"),
    ]
    paths = []
    for index, doc in enumerate(docs):
        path = tmp_path / f"s{index}.json"
        path.write_text(to_json(doc), encoding="utf-8")
        paths.append(path)
    loaded = [load_document(path) for path in paths]
    assert loaded == docs
    pd.testing.assert_frame_equal(compare_documents(loaded), compare_documents(docs))


@pytest.mark.parametrize("count", [0, 1, 5])
def test_needs_two_to_four(count: int) -> None:
    with pytest.raises(ScenarioError, match="a whole number from 2 to 4") as caught:
        compare_documents([doc_of(SHOP)] * count)
    assert caught.value.problems[0].value == count


@pytest.mark.parametrize("key", ["recommendation", "scores", "margin", "profile"])
def test_missing_key_is_named(key: str) -> None:
    broken = {k: v for k, v in doc_of(CIRCLE).items() if k != key}
    with pytest.raises(DocumentError, match=f"B: .*missing {key}"):
        compare_documents([doc_of(SHOP), broken])


def test_bad_values_and_fields_are_named() -> None:
    with pytest.raises(DocumentError, match="'recommendation'"):
        compare_documents([doc_of(SHOP), {**doc_of(SHOP), "recommendation": "shop"}])
    with pytest.raises(DocumentError, match="'scores'"):
        compare_documents([doc_of(SHOP), {**doc_of(SHOP), "scores": {"ecommerce": 1}}])
    with pytest.raises(DocumentError, match="unknown field 'colour'"):
        compare_documents([doc_of(SHOP), {**doc_of(SHOP), "profile": {**SHOP, "colour": "red"}}])
    with pytest.raises(DocumentError, match=r"B: Product category: '\['fmcg'\]' is not allowed") as caught:
        compare_documents([doc_of(SHOP), {**doc_of(SHOP), "profile": {**SHOP, "category": ["fmcg"]}}])
    assert [(p.where, p.field, p.code) for p in caught.value.problems] == [("B", "category", "invalid")]
    with pytest.raises(DocumentError, match=r"B: Weight of Team: '\[1\]' is not allowed"):
        compare_documents([doc_of(SHOP), {**doc_of(SHOP), "weights": {"team": [1]}}])
    with pytest.raises(DocumentError, match="JSON object"):
        compare_documents([doc_of(SHOP), ["not", "a", "document"]])  # type: ignore[list-item]


def test_clashing_names_are_refused() -> None:
    with pytest.raises(ScenarioError, match="Plan"):
        compare_documents([{**doc_of(SHOP), "name": "Plan"}, {**doc_of(CIRCLE), "name": "Plan"}])
    with pytest.raises(ScenarioError, match=DIFFERS):
        compare_documents([{**doc_of(SHOP), "name": DIFFERS}, doc_of(CIRCLE)])


def test_load_document_errors(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="not found"):
        load_document(tmp_path / "missing.json")
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(DocumentError, match="not valid JSON"):
        load_document(broken)
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"schema": "someone-else@1", "recommendation": "wechat"}), encoding="utf-8")
    with pytest.raises(DocumentError, match=f"expected '{SCHEMA}'"):
        load_document(other)
    listing = tmp_path / "list.json"
    listing.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(DocumentError, match="not a Channel-fit recommendation") as caught:
        load_document(listing)
    assert caught.value.problems[0].where == str(listing)
    partial = tmp_path / "partial.json"
    partial.write_text(json.dumps({"schema": SCHEMA, "recommendation": "wechat"}), encoding="utf-8")
    with pytest.raises(DocumentError, match="missing scores, margin, profile"):
        load_document(partial)


def test_errors_share_the_root() -> None:
    assert issubclass(DocumentError, ChannelFitError) and issubclass(ScenarioError, ChannelFitError)
    assert issubclass(ChannelFitError, ValueError)


@pytest.mark.parametrize("lang", LANGS)
def test_every_row_has_a_label(lang: str) -> None:
    if not all(has_key(k, lang) for k in ("channel.mix", "field.category.label", "dimension.price")):
        pytest.skip(f"core catalogue for {lang} not there yet")
    labels = [row_label(row, lang) for row in ROWS]
    assert all(labels) and len(set(labels)) == len(labels)


answers = st.fixed_dictionaries(
    {
        "category": st.sampled_from(["fmcg", "apparel", "electronics", "knowledge", "handmade"]),
        "monthly_budget": st.floats(0, 200_000),
        "team_size": st.integers(1, 20),
        "part_time": st.booleans(),
    },
    optional={
        "social_reach": st.integers(0, 100_000),
        "sku_count": st.integers(1, 500),
        "data_skills": st.booleans(),
        "self_media": st.booleans(),
        "after_sales": st.sampled_from(["low", "medium", "high"]),
    },
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(answers, min_size=2, max_size=4))
def test_round_trip_for_any_answers(many: list[dict[str, Any]]) -> None:
    docs = [json.loads(to_json(doc_of(a))) for a in many]
    frame = compare_documents(docs)
    names = list("ABCD"[: len(docs)])
    for name, doc in zip(names, docs, strict=True):
        check_column(frame, name, doc)
    for row in ROWS:
        values = {json.dumps(frame.loc[row, name]) for name in names}
        assert frame.loc[row, DIFFERS] == (len(values) > 1)


@pytest.mark.parametrize("version", [[], {"a": 1}, 7, True])
def test_a_rules_version_that_is_not_text_is_named(version: object) -> None:
    with pytest.raises(DocumentError) as caught:
        compare_documents([{**doc_of(SHOP), "rules_version": version}, doc_of(CIRCLE)])
    assert [(p.code, p.field) for p in caught.value.problems] == [("doc_bad_value", "rules_version")]


@pytest.mark.parametrize(
    ("doc", "item"),
    [
        ({**doc_of(SHOP), "name": "\ud800"}, "name"),
        ({**doc_of(SHOP), "profile": {**doc_of(SHOP)["profile"], "\udfff": 1}}, "profile"),
        ({**doc_of(SHOP), "flags": [{"text": "x\udbff"}]}, "flags.0.text"),
    ],
)
def test_a_lone_surrogate_is_refused_by_its_path(doc: dict, item: str) -> None:
    with pytest.raises(DocumentError) as caught:
        compare_documents([doc, doc_of(CIRCLE)])
    assert [(p.code, p.field) for p in caught.value.problems] == [("doc_surrogate", item)]

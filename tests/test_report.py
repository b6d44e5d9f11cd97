"""Reports: the JSON document, Markdown and text say the same thing, in the chosen language."""

from __future__ import annotations

import json

import pytest
from personas import KNIFE_EDGE as CLOSE
from personas import persona_answers

from advisor.decision import recommend
from advisor.profile import parse_profile
from advisor.report import document, summary, to_json, to_markdown, to_text

WECHAT = persona_answers("part-time cosmetics seller with a circle of friends")
MIX = persona_answers("handmade jewellery maker with a personal brand")


@pytest.fixture(scope="module")
def wechat_doc(rules):
    return document(recommend(parse_profile(WECHAT), rules), "en")


def test_the_document_is_json_and_round_trips(wechat_doc):
    assert json.loads(to_json(wechat_doc)) == wechat_doc


def test_the_document_explains_itself(wechat_doc, rules):
    assert wechat_doc["recommendation"] == "wechat"
    assert wechat_doc["summary"].startswith("WeChat distribution leads")
    assert wechat_doc["top_reasons"][0]["section"] in {s.id for s in rules.sections}
    assert all(c["rationale"] for c in wechat_doc["contributions"])
    flag = next(f for f in wechat_doc["flags"] if f["id"] == "pyramid-selling")
    assert flag["outside_knowledge"] and flag["severity"] == "danger"
    assert wechat_doc["actions"][0]["id"].startswith("wechat")


def test_a_close_call_is_not_presented_as_a_verdict(rules):
    doc = document(recommend(parse_profile(CLOSE), rules), "en")
    assert not doc["robust"]
    assert doc["summary"].startswith("No clear winner")


def test_a_mix_gives_its_own_rationale(rules):
    rec = recommend(parse_profile(MIX), rules)
    doc = document(rec, "zh-Hant")
    assert doc["recommendation"] == "mix"
    assert doc["mix_rationale"]["sections"] == ["S2.b.4", "S10", "S7"]
    assert "S2.b.4" in doc["mix_rationale"]["text"]
    assert summary(rec, "zh-Hant", robust=True).startswith("兩條渠道都可行")


@pytest.mark.parametrize(
    ("lang", "words"), [("en", "Action plan"), ("zh-Hans", "行动计划"), ("zh-Hant", "行動計畫")]
)
def test_markdown_and_text_carry_the_same_content(rules, lang, words):
    doc = document(recommend(parse_profile(WECHAT), rules), lang)
    for rendered in (to_markdown(doc), to_text(doc)):
        assert words in rendered
        assert doc["recommendation_label"] in rendered
        assert doc["flags"][0]["message"] in rendered
        assert doc["rules_version"] in rendered
    markdown = to_markdown(doc)
    assert markdown.startswith("# ") and "| " in markdown


def test_figures_in_reports_are_labelled_as_the_articles_claims(wechat_doc):
    assert "the article's claims" in to_markdown(wechat_doc)

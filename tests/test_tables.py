"""The tables layer: one translated frame per section, read from the report document."""

from __future__ import annotations

import re

import pandas as pd
import pytest
import strategies
from documents import document_of
from hypothesis import HealthCheck, given, settings
from personas import ECOMMERCE, KNIFE_EDGE, WECHAT, persona_answers

from advisor import parse_profile, recommend, report, tables
from advisor.analysis import analyse
from advisor.i18n import LANGS, catalogue, format_percent
from advisor.profile import FIELD_SPECS
from advisor.rules import CHANNELS, DIMENSIONS

MIX = persona_answers("handmade jewellery maker with a personal brand")
FOUNDERS = {"wechat": WECHAT, "ecommerce": ECOMMERCE, "knife_edge": KNIFE_EDGE, "mix": MIX}
CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef]")


def _codes() -> set[str]:
    """Every language-free code a document holds: none may reach a table cell as it is. (Rule and
    section ids are citations, shown as they are in every language.)"""
    choices = {c for spec in FIELD_SPECS.values() for c in spec.choices}
    severities = {"info", "warning", "danger"}
    return {*CHANNELS, *DIMENSIONS, *FIELD_SPECS, *choices, *severities} | {
        "True",
        "False",
        "None",
        "nan",
        "NaN",
        "above",
        "below",
        "switch",
        "any",
    }


CODES = _codes()


@pytest.fixture(scope="module")
def docs():
    return {
        (name, lang): document_of(recommend(parse_profile(answers)), lang)
        for name, answers in FOUNDERS.items()
        for lang in LANGS
    }


def _translated(frame: pd.DataFrame, lang: str) -> None:
    """Headers are catalogue texts of the language; no cell is a raw id, a bool or a float."""
    values = set(catalogue(lang).values())
    for header in frame.columns:
        assert (isinstance(header, str) and header in values) or _filled(header, lang), header
        if lang != "en":
            assert CJK.search(header), header
    for row in frame.itertuples(index=False):
        for cell in row:
            assert isinstance(cell, str), (cell, type(cell))
            assert cell not in CODES, cell


def _filled(header: str, lang: str) -> bool:
    """A header made from a catalogue template with a number filled in ("At −20%", "Won (of 2,000)")."""
    for text in catalogue(lang).values():
        pattern = re.escape(text)
        pattern = re.sub(r"\\\{\w+\\\}", r"[\\d,.%]+", pattern)
        if "{" in text and re.fullmatch(pattern, header):
            return True
    return False


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("section", sorted(tables.SECTIONS))
def test_every_section_frame_is_translated(docs, section, lang):
    build = tables.SECTIONS[section]
    seen_rows = 0
    for name in FOUNDERS:
        frame = build(docs[name, lang])
        _translated(frame, lang)
        seen_rows += len(frame)
    assert seen_rows > 0, f"no founder exercises the {section} table"


@pytest.mark.parametrize("lang", LANGS)
def test_tables_carry_the_documents_values_formatted_one_way(docs, lang):
    doc = docs["knife_edge", lang]
    scores = tables.scores(doc)
    assert list(scores.iloc[:, 1]) == [f"{doc['scores'][c]:.1f}" for c in CHANNELS]
    marked = [i for i, mark in enumerate(scores.iloc[:, 2]) if mark]
    assert marked == [CHANNELS.index(doc["recommendation"])]
    shares = tables.shares(doc)
    assert list(shares.iloc[:, 1]) == [format_percent(doc["robustness"][c], lang, 1) for c in CHANNELS]
    assert sum(int(w.replace(",", "")) for w in shares.iloc[:, 2]) == doc["robustness"]["samples"]
    contributions = tables.contributions(doc)
    assert len(contributions) == len(doc["contributions"])
    assert all(re.fullmatch(r"[+-]\d+\.\d\d", p) for p in contributions.iloc[:, 4])
    reasons = tables.reasons(doc)
    assert list(reasons.iloc[:, 0]) == [r["section"] for r in doc["top_reasons"]]
    assert all(p.startswith("+") for p in reasons.iloc[:, 3])
    answers = tables.answers(doc)
    assert len(answers) == len(FIELD_SPECS)
    assert "9,000" in set(answers.iloc[:, 1])  # the monthly budget, grouped


def test_flags_and_actions_keep_the_documents_order(docs):
    doc = docs["wechat", "zh-Hant"]
    flags = tables.flags(doc)
    assert list(flags.iloc[:, 2]) == [f["message"] for f in doc["flags"]]
    assert flags.iloc[0, 0] == catalogue("zh-Hant")["severity.danger"]
    actions = tables.actions(doc)
    assert list(actions.iloc[:, 0]) == [str(i) for i in range(1, len(doc["actions"]) + 1)]
    assert list(actions.iloc[:, 1]) == [a["text"] for a in doc["actions"]]


# Under the issue 7 model, a founder with a weight that flips the answer when cut (product) and
# one that flips it when raised (team).
SEVERAL = {"category": "fmcg", "monthly_budget": 3000, "team_size": 3, "part_time": False}
SEVERAL |= {"social_reach": 500}


def test_sensitivity_and_flip_points_say_what_flips_and_where(docs):
    several = document_of(recommend(parse_profile(SEVERAL)), "en")
    table = tables.sensitivity(several)
    product = table[table["Dimension"] == "Product"].iloc[0]
    row = next(r for r in several["sensitivity"] if r["dimension"] == "product")
    assert product["Smallest cut that flips"] == f"{format_percent(row['flip_down'], 'en', 1)} → Mix"
    team = table[table["Dimension"] == "Team"].iloc[0]
    raise_ = next(r for r in several["sensitivity"] if r["dimension"] == "team")["flip_up"]
    assert team["Smallest raise that flips"] == f"+{format_percent(raise_, 'en', 1)} → Mix"
    doc = docs["knife_edge", "en"]
    flips = tables.flip_points(doc)
    assert len(flips) == len(doc["flip_points"])
    budget = flips[flips["Question"] == "Monthly marketing budget (CNY)"].iloc[0]
    assert budget["Your answer"] == "¥9,000" and budget["Changes at"].startswith("¥")


def test_weights_mark_only_the_changed_ones():
    rec = recommend(parse_profile(KNIFE_EDGE), weights={"platform": 1.5, "team": 0.0})
    table = tables.weights(document_of(rec, "en"))
    changed = dict(zip(table["Dimension"], table["Changed"], strict=True))
    assert changed["Platform"] == changed["Team"] == "Yes"
    assert {v for k, v in changed.items() if k not in {"Platform", "Team"}} == {""}
    assert dict(zip(table["Dimension"], table["Weight"], strict=True))["Platform"] == "1.5"


@pytest.fixture(scope="module")
def two_scenarios():
    first = recommend(parse_profile(KNIFE_EDGE))
    second = recommend(parse_profile({**KNIFE_EDGE, "monthly_budget": 30000}), weights={"platform": 1.5})
    return [
        {**document_of(first, "zh-Hans"), "name": "Knife edge"},
        {**document_of(second, "zh-Hans"), "name": "Bigger | budget"},
    ]


def test_comparison_formats_values_and_marks_differences(two_scenarios):
    table = tables.comparison(two_scenarios, "zh-Hans")
    text = catalogue("zh-Hans")
    item, differs = text["analysis.scenario.item"], text["analysis.scenario.differs"]
    assert list(table.columns) == [item, "Knife edge", "Bigger | budget", differs]
    rows = dict(zip(table[item], table.itertuples(index=False), strict=True))
    budget = rows[text["field.monthly_budget.label"]]
    assert tuple(budget)[1:] == ("9,000", "30,000", text["app.compare.differs_mark"])
    platform = rows[text["analysis.scenario.weight"].format(dimension=text["dimension.platform"])]
    assert tuple(platform)[1:3] == ("1", "1.5")
    category = rows[text["field.category.label"]]
    assert tuple(category)[1:] == (text["choice.category.fmcg"],) * 2 + ("",)
    score = rows[text["analysis.scenario.score"].format(channel=text["channel.mix"])]
    assert re.fullmatch(r"\d+\.\d", score[1])  # one decimal, the same as the report's scores
    assert tables.differing_rows(table) == [bool(m) for m in table[differs]]
    _translated(table.drop(columns=["Knife edge", "Bigger | budget"]), "zh-Hans")


def test_a_comparison_compares_the_validated_answers_not_their_spelling(two_scenarios):
    """A saved answer spelled as text ("false", "4") reads as the answer it stands for."""
    first, second = two_scenarios
    spelled = {**second, "profile": {**second["profile"], "part_time": "false", "team_size": "4"}}
    table = tables.comparison([first, spelled], "en")
    rows = dict(zip(table["Item"], table.itertuples(index=False), strict=True))
    assert tuple(rows["Part-time"])[1:] == ("No", "No", "")
    assert tuple(rows["Team size"])[1:] == ("4", "4", "")


def _quick_doc(rec):
    """A document with a cheap analysis (50 samples): enough for the scores table."""
    return report.document(rec, "en", analyse(rec.profile, rec.rules, rec.weights, samples=50))


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answers=strategies.answers())
def test_the_scores_table_marks_the_highest_score_for_any_founder(answers):
    rec = recommend(parse_profile(answers))
    table = tables.scores(_quick_doc(rec))
    mark = [c for c, m in zip(CHANNELS, table["Recommended"], strict=True) if m]
    assert mark == [rec.channel]
    assert float(table["Score"][CHANNELS.index(rec.channel)]) == max(map(float, table["Score"]))

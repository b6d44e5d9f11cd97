"""The report templates: Markdown and text over the document, and escaping for each medium."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from documents import document_of
from hypothesis import example, given
from hypothesis import strategies as st
from personas import KNIFE_EDGE, WECHAT

from advisor import parse_profile, recommend, tables
from advisor.export import markdown
from advisor.export.templating import Md, html_fill, md, md_block, md_fill, md_table, plain
from advisor.i18n import LANGS, format_percent, t

HOSTILE = "<img src=x onerror=alert(1)> | **bold** [link](http://evil.example) `code` # head"


@pytest.fixture(scope="module")
def knife_doc():
    return document_of(recommend(parse_profile(KNIFE_EDGE)), "en")


def _hostile(doc: dict) -> dict:
    """A document whose free texts (a rule file's, a scenario's) try to inject markup."""
    return {
        **doc,
        "summary": "# " + HOSTILE,
        "verdict": "1. " + HOSTILE,
        "flags": [{**f, "message": HOSTILE} for f in doc["flags"]],
        "actions": [{**a, "text": "- " + HOSTILE} for a in doc["actions"]],
        "top_reasons": [{**r, "rationale": HOSTILE, "section_title": "| x |"} for r in doc["top_reasons"]],
        "contributions": [{**c, "rationale": HOSTILE} for c in doc["contributions"]],
    }


# ------------------------------------------------------------------ Markdown


@pytest.mark.parametrize(
    ("lang", "words"), [("en", "Action plan"), ("zh-Hans", "行动计划"), ("zh-Hant", "行動計畫")]
)
def test_markdown_and_text_carry_the_same_content(lang, words):
    doc = document_of(recommend(parse_profile(WECHAT)), lang)
    for rendered in (markdown.report_markdown(doc), markdown.report_text(doc)):
        assert words in rendered
        assert doc["recommendation_label"] in rendered
        assert doc["flags"][0]["message"][:30] in rendered
        assert doc["rules_version"] in rendered
        for action in doc["actions"]:
            assert action["text"][:10] in rendered
    text = markdown.report_markdown(doc)
    assert text.startswith("# ") and "\n| " in text


def test_markdown_records_the_weights_robustness_and_flip_points():
    rec = recommend(parse_profile(KNIFE_EDGE), weights={"platform": 1.5})
    doc = document_of(rec, "en")
    text = markdown.report_markdown(doc)
    assert "| Platform | 1.5 | 1 | Yes |" in text and "| Team | 1 | 1 |  |" in text
    assert f"| WeChat distribution | {format_percent(doc['robustness']['wechat'], 'en', 1)} |" in text
    assert "2,000 weightings" in text and "seed 0" in text
    for flip in doc["flip_points"]:
        assert f"- {md(flip['text'])}" in text
    assert f"## {t('app.sure.title', 'en')}" in text and f"## {t('app.weights.used', 'en')}" in text


def test_every_section_table_appears_in_the_markdown_report(knife_doc):
    text = markdown.report_markdown(knife_doc)
    for name in ("scores", "contributions", "answers", "shares", "sensitivity", "weights"):
        assert md_table(tables.SECTIONS[name](knife_doc)) in text, name


def test_markdown_cannot_be_injected_by_the_documents_texts(knife_doc):
    text = markdown.report_markdown(_hostile(knife_doc))
    assert not re.search(r"(?<!\\)<img|(?<!\\)\]\(http|(?<!\\)`code", text)
    assert "\\<img src=x onerror=alert(1)\\>" in text
    assert "\n# " + HOSTILE not in text and "\n\\# " in text  # the summary is no heading
    assert "\n1\\. " in text  # the verdict is no list item
    assert not re.search(r"^#+ \\", text, re.MULTILINE)
    for line in text.splitlines():
        if line.startswith("| platform-social-ties"):  # contributions: six cells, pipes escaped
            assert len(re.findall(r"(?<!\\)\|", line)) == 7


def test_markdown_comparison_escapes_header_and_body_cells(knife_doc):
    other = document_of(recommend(parse_profile({**KNIFE_EDGE, "team_size": 5})), "en")
    docs = [{**knife_doc, "name": "a | b"}, {**other, "name": "**c**<br>"}]
    text = markdown.comparison_markdown(docs, "en")
    header = text.splitlines()[0]
    assert header == "| Item | a \\| b | \\*\\*c\\*\\*\\<br\\> |"
    assert "| **Team size** | 4 | 5 |" in text  # a row that differs, in bold
    assert "| Product category |" in text  # a row that does not


def test_comparison_text_aligns_the_scenarios_in_words():
    other = document_of(recommend(parse_profile({**KNIFE_EDGE, "team_size": 5})), "zh-Hant")
    zh = document_of(recommend(parse_profile(KNIFE_EDGE)), "zh-Hant")
    text = markdown.comparison_text([{**zh, "name": "A\x1b[31m"}, {**other, "name": "B"}], "zh-Hant")
    assert "快速消費品" in text and "True" not in text and "\x1b" not in text
    assert t("app.compare.differs_mark", "zh-Hant") in text


MARKDOWN_PUNCTUATION = st.sampled_from("|\\\n\r*_`[]<>#-+ ")
MARKDOWN_TEXT = st.text(
    alphabet=st.one_of(MARKDOWN_PUNCTUATION, st.characters(exclude_categories=("Cs",))), max_size=40
)  # lone surrogates cannot be encoded, so no text the app holds has one


@given(MARKDOWN_TEXT)
@example("b")  # once the fixed second column's name, which made two columns of one name
def test_a_markdown_table_cell_is_always_one_cell_on_one_line(text):
    other = text + "b"  # longer than the drawn text, so never the same column name
    table = md_table(pd.DataFrame([[text, "x"]], columns=[text, other]))
    lines = table.split("\n")
    assert len(lines) == 3
    for line in (lines[0], lines[2]):
        unescaped = re.findall(r"(?<!\\)(?:\\\\)*\|", line)
        assert len(unescaped) == 3, line


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("# title", "\\# title"),
        ("- item", "\\- item"),
        ("+ item", "\\+ item"),
        ("12. item", "12\\. item"),
        ("3) item", "3\\) item"),
        ("plain 1. text", "plain 1. text"),
    ],
)
def test_a_value_starting_a_line_cannot_start_a_block(value, expected):
    assert md_block(value) == expected


def test_md_fill_escapes_the_sentence_and_the_parts_but_not_marked_markdown():
    sentence = md_fill("app.answer.action", "en", text="*not bold*", section=Md("**S1**"))
    assert sentence == "\\*not bold\\* (**S1**)"


# ------------------------------------------------------------------ HTML and text helpers


def test_html_fill_escapes_the_sentence_and_unsafe_parts():
    html = html_fill("app.answer.action", "en", text="<b>&", section="S1")
    assert html == "&lt;b&gt;&amp; (S1)"


def test_plain_text_drops_terminal_escape_sequences():
    assert plain("red\x1b[31m\x07bell\ttab\nline") == "red\ufffd[31m\ufffdbell\ttab\nline"


@pytest.mark.parametrize("lang", LANGS)
def test_text_report_has_no_markdown_markup(lang):
    doc = document_of(recommend(parse_profile(WECHAT)), lang)
    text = markdown.report_text(doc)
    assert "**" not in text and "\\" not in text and "| " not in text
    assert t("severity.danger", lang) in text


# ------------------------------------------------------------------ the model, rendered honestly

LIMITED = {"category": "electronics", "monthly_budget": 500, "team_size": 1, "part_time": True}


def _why(report: str, lang: str) -> str:
    """The 'why' part of a Markdown or text report: from its heading to the next section's."""
    start = report.index(t("report.why", lang))
    rest = report[start + 1 :]
    ends = [rest.index(t(k, lang)) for k in ("report.flags", "report.flip_points") if t(k, lang) in rest]
    return rest[: min(ends)]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("render", [markdown.report_markdown, markdown.report_text])
def test_limit_lines_are_their_own_lines_in_the_why_part_binding_first(lang, render) -> None:
    doc = document_of(recommend(parse_profile(LIMITED)), lang)
    assert doc["limits"] and doc["limits"][0]["binding"]
    lines = [line.strip().removeprefix("- ") for line in _why(render(doc), lang).splitlines()]
    where = [lines.index(x["text"]) for x in doc["limits"]]
    assert where == sorted(where), "in the document's order: binding limits first"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("render", [markdown.report_markdown, markdown.report_text])
def test_a_mix_that_is_not_an_option_is_said_so_and_a_viable_one_is_not(lang, render) -> None:
    limited = document_of(recommend(parse_profile(LIMITED)), lang)
    assert not limited["mix"]["viable"]
    assert limited["mix"]["text"] in _why(render(limited), lang)
    viable = document_of(recommend(parse_profile(KNIFE_EDGE)), lang)
    assert viable["mix"]["viable"]
    not_options = {t(f"advice.mix_status.{s}", lang) for s in ("limited", "weak_channel", "no_grounds")}
    assert not any(text in render(viable) for text in not_options)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("render", [markdown.report_markdown, markdown.report_text])
def test_reason_points_are_labelled_as_the_gap_over_the_runner_up(lang, render) -> None:
    doc = document_of(recommend(parse_profile(WECHAT)), lang)
    report = render(doc)
    assert doc["top_reasons"]
    for r in doc["top_reasons"]:
        assert r["points_text"] in report
        bare = t("app.answer.points", lang, points=tables.points_text(r["net_points"]))
        assert f"({bare})" not in report and f"（{bare}）" not in report

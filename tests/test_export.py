"""Downloads, called directly: the app's buttons serve exactly these bytes, the CLI prints the same."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from documents import document_of
from personas import ECOMMERCE as ECOMMERCE_TEAM
from personas import KNIFE_EDGE, WECHAT
from python_calamine import CalamineWorkbook

from advisor import parse_profile, recommend, scenarios, tables
from advisor.export import files, html, markdown, svg
from advisor.i18n import LANGS, t
from advisor.profile import FIELD_SPECS
from advisor.report import to_json
from advisor.ui import common

ROOT = Path(__file__).resolve().parents[1]
ECOMMERCE = {**ECOMMERCE_TEAM, "retail_price": 100, "unit_cost": 70, "after_sales": "high"}
DAY = date(2026, 11, 25)
NAMESPACES = {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}


@pytest.fixture(scope="module")
def rec():
    return recommend(parse_profile(WECHAT))


@pytest.fixture(scope="module")
def rec_ecommerce():
    return recommend(parse_profile(ECOMMERCE))


def _html(rec, lang, comparison=()):
    return html.report_bytes(
        rec, document_of(rec, lang), day=DAY, font_dirs=svg.CJK_FONT_DIRS, comparison=comparison
    ).decode("utf-8")


@pytest.fixture(scope="module")
def html_zh(rec_ecommerce):
    return _html(rec_ecommerce, "zh-Hans")


# ------------------------------------------------------------------ names


def test_file_names_say_what_and_when():
    doc = {"recommendation": "wechat", "profile": {"category": "fmcg"}}
    assert (
        files.file_name("json", files.report_subject(doc), DAY) == "channel-fit-wechat-fmcg-2026-11-25.json"
    )
    assert files.file_name("markdown", ["mix"], date(2027, 1, 2)) == "channel-fit-mix-2027-01-02.md"
    docs = [{"name": "Plan A: 2 people"}, {"name": "大預算/團隊"}]
    name = files.file_name("csv", files.comparison_subject(docs, "zh-Hant"), DAY)
    assert name == "channel-fit-方案比較-plan-a-2-people-大預算-團隊-2026-11-25.csv"
    assert files.file_name("html", ["../../etc", "", "  "], DAY) == "channel-fit-etc-2026-11-25.html"


@pytest.mark.parametrize("text", ["a" * 100, "x/" * 60, "..", "\x00\n\t", "名" * 80])
def test_a_slug_is_short_and_safe_in_a_path(text):
    piece = files.slug(text)
    assert len(piece) <= files.MAX_SLUG and "/" not in piece and not piece.startswith(("-", "."))
    assert all(ch.isalnum() or ch == "-" for ch in piece)


# ------------------------------------------------------------------ JSON and Markdown = CLI


def _cli_args(answers: dict) -> list[str]:
    args = []
    for name, value in answers.items():
        option = "--" + name.replace("_", "-")
        if FIELD_SPECS[name].kind == "bool":
            args.append(option if value else "--no-" + name.replace("_", "-"))
        else:
            args += [option, str(value)]
    return args


def _cli(*args: str) -> bytes:
    command = [sys.executable, "-m", "advisor", *args]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr.decode()
    return result.stdout


@pytest.mark.parametrize(
    ("answers", "lang", "fmt"), [(WECHAT, "en", "json"), (ECOMMERCE, "zh-Hant", "markdown")]
)
def test_downloads_equal_what_the_cli_prints_for_the_same_answers(answers, lang, fmt):
    out = _cli("recommend", *_cli_args(answers), "--format", fmt, "--lang", lang)
    doc = document_of(recommend(parse_profile(answers)), lang)
    expected = files.json_bytes(doc) if fmt == "json" else markdown.report_markdown_bytes(doc)
    assert expected == out


@pytest.mark.parametrize("lang", ["en", "zh-Hans"])
def test_json_with_weights_equals_what_the_cli_prints(lang):
    weights = {"platform": 1.5, "team": 0.0, "marketing": 2.3}
    args = [arg for d, v in weights.items() for arg in ("--weight", f"{d}={v}")]
    out = _cli("recommend", *_cli_args(KNIFE_EDGE), "--format", "json", *args, "--lang", lang)
    # The app passes every dimension's weight (the sliders' values); the CLI only the changed ones.
    app_weights = {**recommend(parse_profile(KNIFE_EDGE)).weights, **weights}
    rec = common.recommendation(parse_profile(KNIFE_EDGE), app_weights)
    assert files.json_bytes(common.document(rec, lang)) == out
    doc = json.loads(out)
    assert doc["weights"] == app_weights
    assert {"robustness", "flip_points", "sensitivity"} <= set(doc)


# ------------------------------------------------------------------ CSV and Excel, spreadsheet-safe


def test_contributions_csv_has_the_columns_and_every_contribution(rec_ecommerce):
    doc = document_of(rec_ecommerce, "zh-Hant")
    data = files.contributions_csv(doc)
    assert data.startswith(b"\xef\xbb\xbf")  # BOM, so spreadsheet programs read the Chinese right
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert tuple(rows[0].keys()) == files.CONTRIBUTION_COLUMNS
    assert len(rows) == len(rec_ecommerce.contributions)
    for row, c in zip(rows, doc["contributions"], strict=True):
        assert float(row["points"]) == c["points"] and row["rule_id"] == c["rule_id"]
    assert {r["channel_label"] for r in rows} <= {
        t(f"channel.{c}", "zh-Hant") for c in ("ecommerce", "wechat", "mix")
    }
    assert rows[0]["rationale"] == rec_ecommerce.rules.rule(rows[0]["rule_id"]).rationale.get("zh-Hant")


HOSTILE_CELLS = ['=HYPERLINK("http://x","y")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\tx", "\rx"]


@pytest.fixture(scope="module")
def hostile_doc(rec_ecommerce):
    """A document whose texts (rule file, scenario names) start like spreadsheet formulas."""
    doc = document_of(rec_ecommerce, "en")
    contributions = [
        {**c, "rationale": HOSTILE_CELLS[i % len(HOSTILE_CELLS)]} for i, c in enumerate(doc["contributions"])
    ]
    return {**doc, "contributions": contributions}


def test_csv_cells_that_start_a_formula_are_quoted_and_numbers_stay_numbers(hostile_doc):
    rows = list(csv.DictReader(io.StringIO(files.contributions_csv(hostile_doc).decode("utf-8-sig"))))
    for row, c in zip(rows, hostile_doc["contributions"], strict=True):
        assert row["rationale"] == "'" + c["rationale"]
        assert row["points"] == repr(float(c["points"]))  # a negative number is still a number
    assert any(float(r["points"]) < 0 for r in rows)


def test_xlsx_holds_text_as_text_and_numbers_as_numbers(hostile_doc, tmp_path):
    data = files.report_xlsx(hostile_doc)
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    rows = book.get_sheet_by_name(t("report.contributions", "en")).to_python()
    assert tuple(rows[0]) == files.CONTRIBUTION_COLUMNS
    for row, c in zip(rows[1:], hostile_doc["contributions"], strict=True):
        record = dict(zip(rows[0], row, strict=True))
        assert record["rationale"] == "'" + c["rationale"]
        assert isinstance(record["points"], float) and record["points"] == c["points"]
    assert len(book.sheet_names) == 10
    path = tmp_path / "report.xlsx"
    path.write_bytes(data)
    for sheet in openpyxl.load_workbook(path).worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)


@pytest.fixture(scope="module")
def scenario_docs():
    first = recommend(parse_profile(KNIFE_EDGE))
    second = recommend(parse_profile({**KNIFE_EDGE, "monthly_budget": 30000}), weights={"platform": 1.5})
    return [
        {**document_of(first, "en"), "name": "Knife edge"},
        {**document_of(second, "en"), "name": "Bigger | budget"},
    ]


def test_comparison_csv_is_what_the_cli_compare_writes(scenario_docs, tmp_path):
    paths = []
    for doc in scenario_docs:
        path = tmp_path / f"{doc['name']}.json"
        path.write_text(to_json({k: v for k, v in doc.items() if k != "name"}), encoding="utf-8")
        paths.append(str(path))
    out = _cli("compare", *paths, "--format", "csv", "--lang", "zh-Hant")
    docs = [
        {**scenarios.load_document(p, "zh-Hant"), "name": d["name"]}
        for p, d in zip(paths, scenario_docs, strict=True)
    ]
    data = files.comparison_csv(docs, "zh-Hant")
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig") == out.decode("utf-8")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["item", "Knife edge", "Bigger | budget", "differs"]
    assert [r[0] for r in rows[1:]] == list(scenarios.ROWS)
    by_item = {r[0]: r for r in rows}
    assert by_item["monthly_budget"][1:] == ["9000.0", "30000.0", "True"]
    assert by_item["weight.platform"][1:] == ["1.0", "1.5", "True"]
    assert by_item["category"][1:] == ["fmcg", "fmcg", "False"]


def test_comparison_csv_quotes_scenario_names_that_start_a_formula(scenario_docs):
    docs = [{**scenario_docs[0], "name": "=cmd|' /C calc'!A0"}, {**scenario_docs[1], "name": "@B"}]
    header = next(csv.reader(io.StringIO(files.comparison_csv(docs, "en").decode("utf-8-sig"))))
    assert header == ["item", "'=cmd|' /C calc'!A0", "'@B", "differs"]


# ------------------------------------------------------------------ the HTML report


def test_html_is_self_contained(html_zh):
    lowered = html_zh.lower()
    assert "<script" not in lowered
    assert not re.search(r"""(src|href|action)\s*=\s*["']?\s*(https?:)?//""", lowered)
    assert "@import" not in lowered
    assert set(re.findall(r"url\((.)", lowered)) <= {"#"}  # only references inside the page
    assert "<link" not in lowered and "<iframe" not in lowered
    # The only URLs left are XML namespace names inside the inline SVG, which nothing fetches.
    assert set(re.findall(r"https?://[^\s\"'<>]+", html_zh)) <= NAMESPACES


def test_html_carries_the_charts_inline_and_the_chinese_text(html_zh, rec_ecommerce):
    assert html_zh.startswith("<!DOCTYPE html>")
    assert '<html lang="zh-Hans">' in html_zh
    doc = document_of(rec_ecommerce, "zh-Hans")
    # scores, why, robustness, two what-ifs, and the flip-point chart when there are flip points
    assert html_zh.count("<svg") == 5 + bool(doc["flip_points"])
    assert doc["recommendation_label"] in html_zh
    assert doc["summary"].split("（")[0] in html_zh
    assert t("report.why", "zh-Hans") in html_zh
    assert t("dimension.marketing", "zh-Hans") in html_zh  # inside the why chart's SVG text
    assert f">{t('channel_short.ecommerce', 'zh-Hans')}<" in html_zh  # an SVG axis label
    for flag in doc["flags"]:
        assert flag["message"][:20] in html_zh
    for action in doc["actions"]:
        assert action["text"][:12] in html_zh
    assert doc["verdict"] in html_zh and doc["sensitivity_summary"] in html_zh
    assert t("report.flip_points", "zh-Hans") in html_zh
    assert "Noto Sans CJK SC" in html_zh
    assert "2026-11-25" in html_zh


def test_html_is_the_same_bytes_for_the_same_input(rec, rec_ecommerce):
    doc = document_of(rec, "en")
    first = html.report_bytes(rec, doc, day=DAY, font_dirs=svg.CJK_FONT_DIRS)
    _html(rec_ecommerce, "zh-Hant")  # vl-convert counts its ids up across calls; the page must not
    assert html.report_bytes(rec, doc, day=DAY, font_dirs=svg.CJK_FONT_DIRS) == first
    assert html.report_bytes(rec, doc, day=date(2026, 11, 26), font_dirs=()) != first


def test_svg_ids_are_unique_across_the_page(html_zh):
    ids = re.findall(r'\bid="([^"]+)"', html_zh)
    assert len(ids) == len(set(ids))
    for ref in re.findall(r"url\(#([^)]+)\)", html_zh):
        assert ref in ids


def test_html_of_a_mix_gives_the_mix_rationale():
    mix = {"category": "fmcg", "monthly_budget": 60000, "team_size": 4, "part_time": False}
    rec = recommend(parse_profile({**mix, "social_reach": 3000, "self_media": True}))
    assert rec.channel == "mix"
    page = _html(rec, "zh-Hant")
    assert rec.rules.mix.rationale.get("zh-Hant") in page
    assert "<strong>S2.b.4、S10、S7</strong>" in page  # the mix sections of the issue 7 model


@pytest.fixture(scope="module")
def html_compared(scenario_docs):
    return _html(recommend(parse_profile(KNIFE_EDGE)), "en", comparison=scenario_docs)


def test_html_has_how_sure_flip_points_and_the_weights(html_compared):
    doc = document_of(recommend(parse_profile(KNIFE_EDGE)), "en")
    assert '<section id="robustness">' in html_compared and '<section id="flip-points">' in html_compared
    assert doc["verdict"] in html_compared
    assert f"<strong>{t('app.answer.close', 'en')}</strong>" in html_compared  # not "Clear lead"
    assert t("app.answer.clear", "en") not in html_compared
    assert (
        t("app.sure.chart_title", "en") in html_compared and t("app.flip.chart_title", "en") in html_compared
    )
    for flip in doc["flip_points"]:
        assert flip["text"].replace("“", "&#34;")[:20].split("“")[0] in html_compared
    assert t("app.weights.used", "en") in html_compared
    assert "<td>Platform</td><td>1</td><td>1</td><td></td>" in html_compared
    assert ">60% needed for a clear answer<" in html_compared  # inside the robustness chart's SVG


def test_html_includes_the_scenario_comparison(html_compared, scenario_docs):
    assert '<section id="scenarios">' in html_compared
    assert html_compared.count("<svg") == 7  # 4 answer charts + robustness + flip points + comparison
    assert "<th>Knife edge</th><th>Bigger | budget</th>" in html_compared
    assert ">Bigger | budget<" in html_compared.split('<section id="scenarios">')[1]  # a chart label
    scenarios_part = html_compared.split('<section id="scenarios">')[1].split("</table>")[0]
    differing = tables.differing_rows(tables.comparison(scenario_docs, "en"))
    assert scenarios_part.count('<tr class="differs">') == sum(differing) > 0
    ids = re.findall(r'\bid="([^"]+)"', html_compared)
    assert len(ids) == len(set(ids))


def test_html_escapes_every_text_a_document_or_a_scenario_brings(scenario_docs):
    rec = recommend(parse_profile(KNIFE_EDGE))
    evil = '<script>alert(1)</script><img src=x onerror="alert(2)">'
    doc = document_of(rec, "en")
    doc = {
        **doc,
        "summary": evil,
        "flags": [{**f, "message": evil} for f in doc["flags"]],
        "actions": [{**a, "text": evil} for a in doc["actions"]],
        "contributions": [{**c, "rationale": evil} for c in doc["contributions"]],
    }
    docs = [{**scenario_docs[0], "name": evil}, {**scenario_docs[1], "name": "B"}]
    page = html.report_html(doc, html.figures(rec, doc, docs), day=DAY, comparison=docs)
    lowered = page.lower()
    assert "<script" not in lowered and "<img" not in lowered and 'onerror="' not in lowered
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert page.count("&lt;img src=x onerror=") >= 3


def test_html_without_saved_scenarios_has_no_comparison(rec):
    assert '<section id="scenarios">' not in _html(rec, "en")
    one = [{**document_of(rec, "en"), "name": "Only"}]
    assert '<section id="scenarios">' not in _html(rec, "en", comparison=one)


# ------------------------------------------------------------------ fonts and clocks come from the edge


def test_importing_export_registers_no_fonts_and_reads_no_clock():
    code = (
        "import datetime, vl_convert\n"
        "calls = []\n"
        "vl_convert.register_font_directory = lambda d: calls.append(d)\n"
        "from advisor.export import files, html, markdown, svg\n"
        "from advisor import charts, tables\n"
        "assert calls == [] and svg._registered == set(), calls\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, timeout=120)


def test_fonts_are_registered_from_the_folders_given(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(svg.vl_convert, "register_font_directory", calls.append)
    monkeypatch.setattr(svg, "_registered", set())
    svg.use_fonts([tmp_path, tmp_path / "missing", tmp_path])
    assert calls == [str(tmp_path.resolve())]


def test_the_report_date_is_an_argument(rec):
    doc = document_of(rec, "en")
    with pytest.raises(TypeError):
        html.report_html(doc, {})  # type: ignore[call-arg]
    page = html.report_html(doc, html.figures(rec, doc), day=date(2030, 1, 2))
    assert t("app.export.generated", "en", date="2030-01-02") in page


@pytest.mark.parametrize("lang", LANGS)
def test_every_download_is_built_from_the_one_document(rec, lang):
    doc = document_of(rec, lang)
    assert json.loads(files.json_bytes(doc)) == doc
    md_text = markdown.report_markdown(doc)
    page = html.report_html(doc, html.figures(rec, doc), day=DAY)
    for sentence in (doc["verdict"], doc["sensitivity_summary"], doc["recommendation_label"]):
        assert sentence in md_text and sentence in page


# ------------------------------------------------------------------ the model in the HTML report

LIMITED = {"category": "electronics", "monthly_budget": 500, "team_size": 1, "part_time": True}


@pytest.mark.parametrize("lang", LANGS)
def test_html_shows_limits_binding_first_a_mix_that_is_no_option_and_labelled_points(lang):
    from html import escape

    rec = recommend(parse_profile(LIMITED))
    doc = document_of(rec, lang)
    page = _html(rec, lang)
    start = page.index(f"<h2>{escape(t('report.why', lang))}</h2>")
    why = page[start : page.index('<section id="robustness">')]
    items = re.findall(r"<li>(.*?)</li>", why, flags=re.S)
    where = [items.index(escape(x["text"])) for x in doc["limits"]]
    assert doc["limits"][0]["binding"] and where == sorted(where)
    assert not doc["mix"]["viable"] and escape(doc["mix"]["text"]) in why
    for r in doc["top_reasons"]:
        assert escape(r["points_text"]) in why
        bare = t("app.answer.points", lang, points=tables.points_text(r["net_points"]))
        assert escape(bare) + ")" not in why and escape(bare) + "）" not in why

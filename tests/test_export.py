"""Export builders, called directly: the app's download buttons serve exactly these bytes."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from personas import ECOMMERCE as ECOMMERCE_TEAM
from personas import KNIFE_EDGE, WECHAT

from advisor import export, parse_profile, recommend, report, scenarios
from advisor.i18n import LANGS, t
from advisor.profile import FIELD_SPECS
from advisor.ui import common

ROOT = Path(__file__).resolve().parents[1]
ECOMMERCE = {**ECOMMERCE_TEAM, "retail_price": 100, "unit_cost": 70, "after_sales": "high"}


@pytest.fixture(scope="module")
def rec():
    return recommend(parse_profile(WECHAT))


@pytest.fixture(scope="module")
def rec_ecommerce():
    return recommend(parse_profile(ECOMMERCE))


@pytest.fixture(scope="module")
def html_zh(rec_ecommerce):
    return export.html_report(rec_ecommerce, "zh-Hans", day=date(2026, 11, 25))


def test_file_names_carry_the_date():
    day = date(2026, 11, 25)
    assert export.file_name("json", day) == "channel-fit-2026-11-25.json"
    assert export.file_name("markdown", day) == "channel-fit-2026-11-25.md"
    assert export.file_name("csv", day) == "channel-fit-2026-11-25.csv"
    assert export.file_name("html", day) == "channel-fit-2026-11-25.html"
    assert export.file_name("json").endswith(f"{date.today().isoformat()}.json")


@pytest.mark.parametrize("lang", LANGS)
def test_json_is_the_report_document_exactly(rec, lang):
    data = export.json_bytes(rec, lang)
    assert data == report.to_json(report.document(rec, lang)).encode("utf-8")
    doc = json.loads(data)
    assert doc["recommendation"] == "wechat"
    assert doc["lang"] == lang
    assert doc["profile"] == rec.profile.answers()


def _cli_args(answers: dict) -> list[str]:
    args = []
    for name, value in answers.items():
        option = "--" + name.replace("_", "-")
        if FIELD_SPECS[name].kind == "bool":
            args.append(option if value else "--no-" + name.replace("_", "-"))
        else:
            args += [option, str(value)]
    return args


@pytest.mark.parametrize(("answers", "lang"), [(WECHAT, "en"), (ECOMMERCE, "zh-Hant")])
def test_json_equals_what_the_cli_prints_for_the_same_answers(answers, lang):
    command = [sys.executable, "-m", "advisor", "recommend", *_cli_args(answers), "--format", "json"]
    result = subprocess.run(
        [*command, "--lang", lang], cwd=ROOT, capture_output=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr.decode()
    assert export.json_bytes(recommend(parse_profile(answers)), lang) == result.stdout


def test_markdown_is_the_report_plus_how_sure_and_the_weights(rec):
    text = export.markdown_bytes(rec, "zh-Hans").decode("utf-8")
    doc = report.document(rec, "zh-Hans")
    base = report.to_markdown(doc)
    footer = t("report.footer", "zh-Hans", version=doc["rules_version"])
    assert text.startswith(base.split(footer)[0]) and text.endswith(footer + "\n")
    assert t("report.title", "zh-Hans") in text
    assert f"## {t('app.sure.title', 'zh-Hans')}" in text and f"## {t('app.weights.used', 'zh-Hans')}" in text
    assert doc["verdict"] in text


def test_markdown_records_the_weights_robustness_and_flip_points():
    rec = recommend(parse_profile(KNIFE_EDGE), weights={"platform": 1.5})
    doc = report.document(rec, "en")
    text = export.markdown_text(rec, "en")
    assert "| Platform | 1.5 | 1 | Yes |" in text and "| Team | 1 | 1 |  |" in text
    assert "| WeChat distribution | " + f"{doc['robustness']['wechat']:.1%} |" in text
    assert "2,000 weightings" in text and "seed 0" in text
    for flip in doc["flip_points"]:
        assert f"- {flip['text']}" in text
    for line in report.sensitivity_lines(doc):
        assert f"- {line}" in text
    assert export.markdown_text(rec, "en", doc) == text


def test_contributions_csv_has_the_columns_and_every_contribution(rec_ecommerce):
    data = export.contributions_csv(rec_ecommerce, "zh-Hant")
    assert data.startswith(b"\xef\xbb\xbf")  # BOM, so spreadsheet programs read the Chinese right
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert (
        tuple(rows[0].keys())
        == export.CSV_COLUMNS
        == (
            "rule_id",
            "section",
            "dimension",
            "dimension_label",
            "channel",
            "channel_label",
            "points",
            "degree",
            "rationale",
        )
    )
    assert len(rows) == len(rec_ecommerce.contributions)
    total = sum(float(r["points"]) for r in rows if r["channel"] == "ecommerce")
    expected = sum(c.points for c in rec_ecommerce.contributions if c.channel == "ecommerce")
    assert total == pytest.approx(expected, abs=1e-3)
    assert {r["channel_label"] for r in rows} <= {
        t(f"channel.{c}", "zh-Hant") for c in ("ecommerce", "wechat", "mix")
    }
    first = rec_ecommerce.rules.rule(rows[0]["rule_id"])
    assert rows[0]["rationale"] == first.rationale.get("zh-Hant")


def test_html_is_self_contained(html_zh):
    lowered = html_zh.lower()
    assert "<script" not in lowered
    assert not re.search(r"""(src|href|action)\s*=\s*["']?\s*(https?:)?//""", lowered)
    assert "@import" not in lowered
    assert set(re.findall(r"url\((.)", lowered)) <= {"#"}  # only references inside the page
    assert "<link" not in lowered and "<iframe" not in lowered
    # The only URLs left are XML namespace names inside the inline SVG, which nothing fetches.
    assert set(re.findall(r"https?://[^\s\"'<>]+", html_zh)) <= {
        "http://www.w3.org/2000/svg",
        "http://www.w3.org/1999/xlink",
    }


def test_html_carries_the_charts_inline_and_the_chinese_text(html_zh, rec_ecommerce):
    assert html_zh.startswith("<!DOCTYPE html>")
    assert '<html lang="zh-Hans">' in html_zh
    doc = report.document(rec_ecommerce, "zh-Hans")
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


def test_svg_ids_are_unique_across_the_page(html_zh):
    ids = re.findall(r'\bid="([^"]+)"', html_zh)
    assert len(ids) == len(set(ids))
    for ref in re.findall(r"url\(#([^)]+)\)", html_zh):
        assert ref in ids


def test_html_of_a_mix_gives_the_mix_rationale():
    mix = {"category": "fmcg", "monthly_budget": 60000, "team_size": 4, "part_time": False}
    rec = recommend(parse_profile({**mix, "social_reach": 3000, "self_media": True}))
    assert rec.channel == "mix"
    html = export.html_report(rec, "zh-Hant")
    assert export._e(rec.rules.mix.rationale.get("zh-Hant")) in html


def test_html_bytes_are_utf8(rec):
    data = export.html_bytes(rec, "zh-Hant", day=date(2026, 1, 2))
    text = data.decode("utf-8")
    assert t("channel.wechat", "zh-Hant") in text


def test_html_escapes_every_text(rec):
    html = export.fill_html("app.answer.action", "en", text=export._e("<b>&"), section="S1")
    assert html == "&lt;b&gt;&amp; (S1)"


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("category", "fmcg", "choice.category.fmcg"),
        ("after_sales", "high", "choice.level.high"),
        ("price_strategy", "tailored", "choice.price_strategy.tailored"),
        ("data_skills", True, "choice.bool.yes"),
        ("part_time", False, "choice.bool.no"),
        ("self_media", None, "choice.bool.unknown"),
    ],
)
def test_value_labels_come_from_the_catalogue(field, value, expected):
    for lang in LANGS:
        assert export.value_label(field, value, lang) == t(expected, lang)


def test_value_labels_group_numbers():
    assert export.value_label("monthly_budget", 60000.0, "en") == "60,000"
    assert export.value_label("retail_price", 12.5, "en") == "12.50"


# ------------------------------------------------------------------ weights, how sure, flip points, scenarios


@pytest.mark.parametrize("lang", ["en", "zh-Hans"])
def test_json_with_weights_equals_what_the_cli_prints(lang):
    weights = {"platform": 1.5, "team": 0.0, "marketing": 2.3}
    command = [sys.executable, "-m", "advisor", "recommend", *_cli_args(KNIFE_EDGE), "--format", "json"]
    command += [arg for d, v in weights.items() for arg in ("--weight", f"{d}={v}")]
    result = subprocess.run(
        [*command, "--lang", lang], cwd=ROOT, capture_output=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr.decode()
    # The app passes every dimension's weight (the sliders' values); the CLI only the changed ones.
    app_weights = {**recommend(parse_profile(KNIFE_EDGE)).weights, **weights}
    rec = common.recommendation(parse_profile(KNIFE_EDGE), app_weights)
    assert export.json_bytes(rec, lang) == result.stdout
    assert export.json_bytes(rec, lang, common.document(rec, lang)) == result.stdout
    doc = json.loads(result.stdout)
    assert doc["weights"] == app_weights
    assert {"robustness", "flip_points", "sensitivity"} <= set(doc)


@pytest.fixture(scope="module")
def scenario_docs():
    first = recommend(parse_profile(KNIFE_EDGE))
    second = recommend(parse_profile({**KNIFE_EDGE, "monthly_budget": 30000}), weights={"platform": 1.5})
    return [
        {**report.document(first, "en"), "name": "Knife edge"},
        {**report.document(second, "en"), "name": "Bigger | budget"},
    ]


@pytest.fixture(scope="module")
def html_compared(scenario_docs):
    rec = recommend(parse_profile(KNIFE_EDGE))
    return export.html_report(rec, "en", day=date(2026, 11, 25), comparison=scenario_docs)


def test_html_has_how_sure_flip_points_and_the_weights(html_compared):
    rec = recommend(parse_profile(KNIFE_EDGE))
    doc = report.document(rec, "en")
    assert '<section id="robustness">' in html_compared and '<section id="flip-points">' in html_compared
    assert export._e(doc["verdict"]) in html_compared
    assert f"<strong>{t('app.answer.close', 'en')}</strong>" in html_compared  # not "Clear lead"
    assert t("app.answer.clear", "en") not in html_compared
    assert (
        t("app.sure.chart_title", "en") in html_compared and t("app.flip.chart_title", "en") in html_compared
    )
    for flip in doc["flip_points"]:
        assert export._e(flip["text"]) in html_compared
    assert t("app.weights.used", "en") in html_compared
    assert "<td>Platform</td><td>1</td><td>1</td><td></td>" in html_compared
    assert ">60% needed for a clear answer<" in html_compared  # inside the robustness chart's SVG


def test_html_includes_the_scenario_comparison(html_compared, scenario_docs):
    assert '<section id="scenarios">' in html_compared
    assert html_compared.count("<svg") == 7  # 4 answer charts + robustness + flip points + comparison
    frame = export.comparison_frame(scenario_docs, "en")
    assert html_compared.count('<tr class="differs">') == int(frame["differs"].sum())
    assert "<th>Knife edge</th><th>Bigger | budget</th>" in html_compared
    assert ">Bigger | budget<" in html_compared.split('<section id="scenarios">')[1]  # a chart label
    lowered = html_compared.lower()
    assert "<script" not in lowered
    assert not re.search(r"""(src|href|action)\s*=\s*["']?\s*(https?:)?//""", lowered)
    assert set(re.findall(r"https?://[^\s\"'<>]+", html_compared)) <= {
        "http://www.w3.org/2000/svg",
        "http://www.w3.org/1999/xlink",
    }
    ids = re.findall(r'\bid="([^"]+)"', html_compared)
    assert len(ids) == len(set(ids))


def test_html_without_saved_scenarios_has_no_comparison(rec):
    assert '<section id="scenarios">' not in export.html_report(rec, "en")
    one = [{**report.document(rec, "en"), "name": "Only"}]
    assert '<section id="scenarios">' not in export.html_report(rec, "en", comparison=one)


def test_comparison_csv_is_what_the_cli_compare_writes(scenario_docs, tmp_path):
    paths = []
    for doc in scenario_docs:
        path = tmp_path / f"{doc['name']}.json"
        path.write_text(report.to_json({k: v for k, v in doc.items() if k != "name"}), encoding="utf-8")
        paths.append(str(path))
    command = [sys.executable, "-m", "advisor", "compare", *paths, "--format", "csv", "--lang", "zh-Hant"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr.decode()
    docs = [
        {**scenarios.load_document(p, "zh-Hant"), "name": d["name"]}
        for p, d in zip(paths, scenario_docs, strict=True)
    ]
    data = export.comparison_csv(docs, "zh-Hant")
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig") == result.stdout.decode("utf-8")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["item", "Knife edge", "Bigger | budget", "differs"]
    assert [r[0] for r in rows[1:]] == list(scenarios.ROWS)
    by_item = {r[0]: r for r in rows}
    assert by_item["monthly_budget"][1:] == ["9000.0", "30000.0", "True"]
    assert by_item["weight.platform"][1:] == ["1.0", "1.5", "True"]
    assert by_item["category"][1:] == ["fmcg", "fmcg", "False"]


def test_comparison_table_formats_values_and_marks_differences(scenario_docs):
    frame = export.comparison_frame(scenario_docs, "zh-Hans")
    table = export.comparison_table(frame, "zh-Hans")
    item, differs = t("analysis.scenario.item", "zh-Hans"), t("analysis.scenario.differs", "zh-Hans")
    assert list(table.columns) == [item, "Knife edge", "Bigger | budget", differs]
    rows = dict(zip(table[item], table.itertuples(index=False), strict=True))
    budget = rows[t("field.monthly_budget.label", "zh-Hans")]
    assert tuple(budget)[1:] == ("9,000", "30,000", t("app.compare.differs_mark", "zh-Hans"))
    platform = rows[t("analysis.scenario.weight", "zh-Hans", dimension=t("dimension.platform", "zh-Hans"))]
    assert tuple(platform)[1:3] == ("1", "1.5")
    category = rows[t("field.category.label", "zh-Hans")]
    assert tuple(category)[1:] == (t("choice.category.fmcg", "zh-Hans"),) * 2 + ("",)

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

from advisor import export, parse_profile, recommend, report
from advisor.i18n import LANGS, t
from advisor.profile import FIELD_SPECS

ROOT = Path(__file__).resolve().parents[1]
WECHAT = {"category": "fmcg", "monthly_budget": 800, "team_size": 1, "part_time": True, "social_reach": 3000}
ECOMMERCE = {
    "category": "electronics",
    "monthly_budget": 60000,
    "team_size": 6,
    "part_time": False,
    "data_skills": True,
    "retail_price": 100,
    "unit_cost": 70,
    "after_sales": "high",
}


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


def test_markdown_is_the_report_in_the_language(rec):
    data = export.markdown_bytes(rec, "zh-Hans")
    assert data == report.to_markdown(report.document(rec, "zh-Hans")).encode("utf-8")
    assert t("report.title", "zh-Hans") in data.decode("utf-8")


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
    assert html_zh.count("<svg") == 4
    doc = report.document(rec_ecommerce, "zh-Hans")
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

"""The command line as a user runs it: recommend, batch, rules check, errors and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from documents import document_of

from advisor.cli import main
from advisor.decision import recommend
from advisor.i18n import LANGS, t
from advisor.messages import safe_text
from advisor.profile import parse_profile
from advisor.report import to_json

ROOT = Path(__file__).resolve().parents[1]
BASE = ["recommend", "--category", "fmcg", "--monthly-budget", "2000", "--team-size", "1", "--part-time"]


def _json(capsys, *extra: str) -> dict:
    assert main([*BASE, "--format", "json", *extra]) == 0
    return json.loads(capsys.readouterr().out)


def test_recommend_json_has_the_documented_keys(capsys, rules):
    doc = _json(capsys)
    assert doc["recommendation"] in ("ecommerce", "wechat", "mix")
    assert set(doc["scores"]) == {"ecommerce", "wechat", "mix"}
    for key in (
        "margin",
        "contributions",
        "flags",
        "profile",
        "rules_version",
        "weights",
        "robustness",
        "flip_points",
    ):
        assert key in doc
    assert doc["rules_version"] == rules.version
    assert doc["profile"] == {"category": "fmcg", "monthly_budget": 2000.0, "team_size": 1, "part_time": True}
    contribution = doc["contributions"][0]
    assert {"rule_id", "section", "channel", "points"} <= set(contribution)
    shares = doc["robustness"]
    assert shares["ecommerce"] + shares["wechat"] + shares["mix"] == pytest.approx(1)


def test_recommend_json_equals_the_library_document(capsys):
    printed = capsys and _json(capsys, "--social-reach", "3000", "--no-self-media", "--lang", "zh-Hans")
    answers = {
        "category": "fmcg",
        "monthly_budget": 2000,
        "team_size": 1,
        "part_time": True,
        "social_reach": 3000,
        "self_media": False,
    }
    assert printed == json.loads(to_json(document_of(recommend(parse_profile(answers)), "zh-Hans")))


def test_optional_flags_reach_the_profile(capsys):
    doc = _json(
        capsys,
        "--social-reach",
        "500",
        "--sku-count",
        "3",
        "--retail-price",
        "99",
        "--unit-cost",
        "20",
        "--after-sales",
        "high",
        "--price-strategy",
        "tailored",
        "--purchase-frequency",
        "high",
        "--data-skills",
        "--self-media",
        "--risk-tolerance",
        "low",
    )
    assert doc["profile"]["after_sales"] == "high" and doc["profile"]["data_skills"] is True
    assert "buyer-protection" in {f["id"] for f in doc["flags"]} or doc["recommendation"] == "ecommerce"


@pytest.mark.parametrize("fmt", ["text", "markdown"])
@pytest.mark.parametrize(
    ("lang", "word"), [("en", "Action plan"), ("zh-Hans", "行动计划"), ("zh-Hant", "行動計畫")]
)
def test_text_and_markdown_reports_in_three_languages(capsys, fmt, lang, word):
    assert main([*BASE, "--format", fmt, "--lang", lang]) == 0
    out = capsys.readouterr().out
    assert word in out and "S7" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--monthly-budget", "-5"],
            "Monthly marketing budget (CNY) (monthly_budget): '-5' is not allowed; allowed: a number from 0",
        ),
        (["--team-size", "0"], "Team size (team_size): '0' is not allowed; allowed: a whole number from 1"),
        (["--team-size", "1.5"], "Team size (team_size): '1.5' is not a whole number"),
        (
            ["--category", "toys"],
            "allowed: fmcg (Fast-moving goods (food, cosmetics, personal care, health)) / ",
        ),
        (
            ["--retail-price", "10", "--unit-cost", "20"],
            "Cost per unit (CNY) (unit_cost) must not be higher than Retail price per unit (CNY); got 20 and",
        ),
        (["--weight", "luck=2"], "unknown dimension 'luck'"),
        (["--weight", "team"], "--weight expects DIMENSION=NUMBER"),
        (["--weight", "team=9"], "a number from 0 to 5"),
    ],
)
def test_bad_input_exits_2_with_a_clear_message(capsys, args, message):
    assert main([*BASE, *args]) == 2
    captured = capsys.readouterr()
    assert message in captured.err and captured.out == ""


def test_a_weight_changes_the_scores_and_is_recorded(capsys):
    doc = _json(capsys, "--weight", "team=2", "--weight", "outcomes=0")
    assert doc["weights"]["team"] == 2.0 and doc["weights"]["outcomes"] == 0.0


def test_batch_command_writes_every_row_and_a_summary(tmp_path, capsys):
    source, target = tmp_path / "in.csv", tmp_path / "out.csv"
    source.write_text("category,monthly_budget,team_size,part_time\nfmcg,800,1,true\nfmcg,x,1,true\n")
    assert main(["batch", str(source), "-o", str(target)]) == 0
    assert capsys.readouterr().out.strip() == "2 rows: 1 scored, 1 with a problem"
    assert len(target.read_text().strip().splitlines()) == 3


def test_batch_command_reports_a_malformed_file(tmp_path, capsys):
    source = tmp_path / "in.csv"
    source.write_text("name,budget\na,1\n")
    assert main(["batch", str(source), "-o", str(tmp_path / "out.csv")]) == 2
    assert "Team size (team_size)" in capsys.readouterr().err


def test_rules_check_accepts_the_bundled_file(capsys):
    assert main(["rules", "check", str(ROOT / "rules" / "channel_fit.toml")]) == 0
    assert "OK" in capsys.readouterr().out


def test_rules_check_lists_every_problem(tmp_path, capsys, rule_text):
    broken = rule_text.replace('id = "platform-no-network"', 'id = "platform-social-ties"').replace(
        'section = "S3"', 'section = "S99"', 1
    )
    path = tmp_path / "broken.toml"
    path.write_text(broken, encoding="utf-8")
    assert main(["rules", "check", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}: rule 'platform-social-ties': duplicate id" in err
    assert "section 'S99' is not in SECTIONS.md" in err


def test_help_is_translated():
    out = subprocess.run(
        [sys.executable, "-m", "advisor", "--lang", "zh-Hant", "--help"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    ).stdout
    assert "推薦電商" in out


def test_the_module_runs_as_a_program():
    result = subprocess.run(
        [sys.executable, "-m", "advisor", *BASE, "--format", "json"], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 0 and json.loads(result.stdout)["recommendation"] == "wechat"


def _saved(tmp_path: Path, name: str, *extra: str) -> Path:
    path = tmp_path / f"{name}.json"
    out = subprocess.run(
        [sys.executable, "-m", "advisor", *BASE, *extra, "--format", "json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    ).stdout
    path.write_text(out, encoding="utf-8")
    return path


def test_compare_shows_saved_scenarios_side_by_side(tmp_path, capsys):
    a = _saved(tmp_path, "solo")
    b = _saved(tmp_path, "bigger", "--team-size", "4", "--no-part-time")
    assert main(["compare", str(a), str(b), "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "item,solo,bigger,differs"
    assert "team_size,1,4,True" in out
    assert main(["compare", str(a), str(b), "--format", "markdown", "--lang", "zh-Hans"]) == 0
    assert "| **团队人数** | 1 | 4 |" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("content", "message"),
    [("not json", "not valid JSON"), ('{"schema": "other"}', "not a Channel-fit recommendation")],
)
def test_compare_refuses_files_that_are_not_recommendations(tmp_path, capsys, content, message):
    a = _saved(tmp_path, "solo")
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    assert main(["compare", str(a), str(bad)]) == 2
    assert message in capsys.readouterr().err


def test_compare_reads_in_words_and_names_an_unwritable_output(tmp_path, capsys):
    a, b = _saved(tmp_path, "solo"), _saved(tmp_path, "bigger", "--team-size", "4")
    assert main(["compare", str(a), str(b), "--lang", "zh-Hant"]) == 0
    out = capsys.readouterr().out
    assert "快速消費品" in out and "微信分銷" in out and "True" not in out
    assert main(["compare", str(a), str(b), "-o", str(tmp_path / "no" / "x.md")]) == 2
    assert "cannot be written" in capsys.readouterr().err


def test_compare_needs_two_to_four(tmp_path, capsys):
    a = _saved(tmp_path, "solo")
    assert main(["compare", str(a)]) == 2
    assert (
        "Number of scenarios: '1' is not allowed; allowed: a whole number from 2 to 4"
        in capsys.readouterr().err
    )


SURROGATES = {  # where a lone surrogate (valid JSON, not valid Unicode) goes: item named, text shown
    "name": ("name", "plan \ud800"),
    "string": ("rules_version", "v\udc00"),
    "answer": ("profile.category", "\udbff"),
    "key": ("weights", "\ud800x"),
}


def _with_surrogate(doc: dict, place: str) -> dict:
    """A saved document with the lone surrogate of SURROGATES[place] put in its place."""
    doc = json.loads(json.dumps(doc))
    text = SURROGATES[place][1]
    if place == "name":
        doc["name"] = text
    elif place == "string":
        doc["rules_version"] = text
    elif place == "answer":
        doc["profile"]["category"] = text
    else:
        doc["weights"][text] = 1.0
    return doc


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("place", sorted(SURROGATES))
def test_compare_refuses_a_lone_surrogate_in_its_language(tmp_path, capsys, lang, place):
    good = tmp_path / "solo.json"
    good.write_text(
        to_json(
            document_of(
                recommend(
                    parse_profile(
                        {"category": "fmcg", "monthly_budget": 2000, "team_size": 1, "part_time": True}
                    )
                ),
                "en",
            )
        ),
        encoding="utf-8",
    )
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(_with_surrogate(json.loads(good.read_text()), place)), encoding="ascii")
    fmt = {"en": "text", "zh-Hans": "csv", "zh-Hant": "markdown"}[lang]
    assert main(["compare", str(good), str(bad), "--format", fmt, "--lang", lang]) == 2
    item, text = SURROGATES[place]
    sentence = t("problem.doc_surrogate", lang, item=item, value=safe_text(text))
    expected = t("problem.where", lang, where=str(bad), message=sentence)
    assert capsys.readouterr().err == t("cli.error", lang, message=expected) + "\n"

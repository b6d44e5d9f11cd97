"""Rule cases as data: every founder case and law in rules/cases.toml, and how failures are named."""

from __future__ import annotations

from pathlib import Path

import pytest

from advisor.cases import case_problems, check_law, load_cases, random_founders, run_checks
from advisor.cli import main
from advisor.profile import FIELD_SPECS, parse_profile
from advisor.rules import RuleFileError, load_rules

ROOT = Path(__file__).resolve().parents[1]
CASES_PATH = ROOT / "rules" / "cases.toml"
CASES = load_cases(CASES_PATH)
RULES = load_rules()
SAMPLE = random_founders(CASES.sample.founders, CASES.sample.seed)


@pytest.mark.parametrize("case", CASES.cases, ids=[c.id for c in CASES.cases])
def test_each_founder_gets_what_the_article_supports(case):
    assert case_problems(RULES, case) == [], case.why


@pytest.mark.parametrize("law", CASES.laws, ids=[law.id for law in CASES.laws])
def test_each_law_holds_for_every_random_founder(law):
    result = check_law(RULES, law, SAMPLE)
    assert result.checks >= CASES.sample.founders and result.violations == 0, result.example


def test_there_are_enough_cases_across_every_category():
    assert len(CASES.cases) >= 25
    categories = {parse_profile(c.answers).category for c in CASES.cases}
    assert categories == set(FIELD_SPECS["category"].choices)
    assert all(c.why.strip() for c in CASES.cases)


def test_the_random_founders_are_valid_and_varied():
    for name, spec in FIELD_SPECS.items():
        values = SAMPLE[name]
        known = values[values == values]
        if spec.kind in ("int", "float"):
            assert known.min() >= spec.ge and known.max() <= spec.le, name
        assert len(set(known.tolist())) > 1, name
    both = (SAMPLE["unit_cost"] == SAMPLE["unit_cost"]) & (SAMPLE["retail_price"] == SAMPLE["retail_price"])
    assert both.sum() > 100 and (SAMPLE["unit_cost"][both] <= SAMPLE["retail_price"][both]).all()


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "cases.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_case_the_model_gets_wrong_is_named_with_its_scores(tmp_path):
    text = CASES_PATH.read_text(encoding="utf-8").replace(
        'id = "fmcg-livestreamer"\nwhy', 'id = "fmcg-livestreamer"\nwhy', 1
    )
    start = text.index('id = "fmcg-livestreamer"')
    broken = text[:start] + text[start:].replace('channels = ["wechat"]', 'channels = ["ecommerce"]', 1)
    report = run_checks(RULES, load_cases(_write(tmp_path, broken)))
    assert not report.ok
    (where, problem), *_ = report.failures
    assert (
        where == "case 'fmcg-livestreamer'"
        and "recommends wechat" in problem
        and "supports ecommerce" in problem
    )


def test_a_law_the_model_breaks_is_counted_with_an_example(tmp_path):
    broken = CASES_PATH.read_text(encoding="utf-8") + (
        '\n[[laws]]\nid = "reach-lowers-wechat"\nfield = "social_reach"\n'
        'channels = { wechat = "never_rises" }\nsection = "S1.b"\nwhy = "A deliberately false law."\n'
    )
    report = run_checks(RULES, load_cases(_write(tmp_path, broken)))
    failures = dict(report.failures)
    assert "law 'reach-lowers-wechat'" in failures
    assert "checks fail, e.g. wechat" in failures["law 'reach-lowers-wechat'"]


def test_a_tighter_influence_bound_is_reported(tmp_path):
    broken = CASES_PATH.read_text(encoding="utf-8").replace("max_points = 12.0", "max_points = 10.0")
    report = run_checks(RULES, load_cases(_write(tmp_path, broken)))
    assert ("influence", "'social_reach' can move wechat by 12 points, more than 10") in report.failures


@pytest.mark.parametrize(
    ("old", "new", "where", "problem"),
    [
        (
            "monthly_budget = 800, team_size = 1",
            "monthly_budget = -5, team_size = 1",
            "case 'fmcg-part-time-circle'",
            "monthly_budget",
        ),
        (
            'channels = ["wechat"]\nsections = ["S7", "S3"]',
            'channels = ["tiktok"]\nsections = ["S7", "S3"]',
            "case 'fmcg-part-time-circle'",
            "channels",
        ),
        (
            'field = "after_sales"\norder = ["low", "medium", "high"]',
            'field = "after_sales"',
            "law 'after-sales-favours-the-shop'",
            "needs 'order'",
        ),
        ('field = "part_time"', 'field = "luck"', "law 'part-time-never-helps'", "unknown field 'luck'"),
    ],
)
def test_a_broken_cases_file_names_the_case_or_law(tmp_path, old, new, where, problem):
    text = CASES_PATH.read_text(encoding="utf-8")
    assert old in text, "the mutation no longer matches the cases file"
    with pytest.raises(RuleFileError) as caught:
        load_cases(_write(tmp_path, text.replace(old, new, 1)))
    assert any(w == where and problem in p for w, p in caught.value.problems), caught.value.problems


def test_rules_check_runs_the_cases_beside_the_rule_file(capsys):
    assert main(["rules", "check", str(ROOT / "rules" / "channel_fit.toml")]) == 0
    out = capsys.readouterr().out
    assert f"{len(CASES.cases)} founder cases checked; {len(CASES.laws)} laws checked on 3000" in out
    assert "random founders: e-commerce" in out


def test_rules_check_fails_with_exit_1_and_names_a_failing_case(tmp_path, capsys):
    text = CASES_PATH.read_text(encoding="utf-8")
    start = text.index('id = "fmcg-livestreamer"')
    broken = _write(
        tmp_path, text[:start] + text[start:].replace('channels = ["wechat"]', 'channels = ["mix"]', 1)
    )
    assert main(["rules", "check", str(ROOT / "rules" / "channel_fit.toml"), "--cases", str(broken)]) == 1
    err = capsys.readouterr().err
    assert "1 check(s) failed:" in err and "case 'fmcg-livestreamer': recommends wechat" in err


def test_rules_check_says_when_there_are_no_cases(tmp_path, capsys, rule_text):
    path = tmp_path / "rules.toml"
    path.write_text(rule_text, encoding="utf-8")
    assert main(["rules", "check", str(path)]) == 0
    assert f"No cases.toml beside {path}" in capsys.readouterr().out

"""Hostile inputs to the command line: each gets one clear line in the chosen language and exit 2."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from advisor import cli
from advisor.cli import bench_rows, main
from advisor.decision import recommend
from advisor.errors import InputError, WeightError
from advisor.i18n import t
from advisor.profile import parse_profile
from advisor.report import to_json
from advisor.rules import DIMENSIONS
from advisor.weights import check_weights
from tests.documents import document_of

BASE = ["recommend", "--category", "fmcg", "--monthly-budget", "2000", "--team-size", "1", "--part-time"]
ALL_ZERO = [part for d in DIMENSIONS for part in ("--weight", f"{d}=0")]
CJK = re.compile(r"[\u4e00-\u9fff]")
SHOP = {"category": "electronics", "monthly_budget": 60000, "team_size": 6, "part_time": False}
CIRCLE = {"category": "fmcg", "monthly_budget": 800, "team_size": 1, "part_time": True, "social_reach": 3000}


def _err(capsys, argv: list[str], code: int = 2) -> str:
    assert main(argv) == code
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err and "\x1b" not in captured.err
    return captured.err


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (ALL_ZERO, "every weight is 0"),
        (["--weight", "team=nan"], "--weight expects DIMENSION=NUMBER"),
        (["--weight", "team=inf"], "--weight expects DIMENSION=NUMBER"),
        (["--weight", "team=1e400"], "--weight expects DIMENSION=NUMBER"),
        (["--category", "\x1b[2J\x1b[31mtoys"], "'\\x1b[2J\\x1b[31mtoys' is not allowed"),
        (["--team-size", "9" * 5000], "Team size (team_size): '99999"),
        (["--team-size", "true"], "'true' is not allowed"),
        (["--format", "xml"], "--format: 'xml' is not allowed"),
        (["--surprise"], "unrecognized argument(s): --surprise"),
        (["--part-time=yes"], "takes no value"),
    ],
)
def test_hostile_recommend_values(capsys, argv, expected):
    err = _err(capsys, [*BASE, *argv])
    assert expected in err and err.count("\n") == 1


def test_format_choice_message_names_the_option(capsys):
    err = _err(capsys, [*BASE, "--format", "xml"])
    assert "'xml' is not allowed; allowed: 'text', 'json', 'markdown'" in err


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant"])
@pytest.mark.parametrize(
    "argv",
    [
        ["--format", "xml"],
        ["--surprise"],
        ["--team-size", "0"],
        ["--weight", "luck=1"],
        ["--weight", "team"],
        ["--monthly-budget"],
    ],
)
def test_errors_come_in_the_language_asked_for(capsys, lang, argv):
    err = _err(capsys, [*BASE, *argv, "--lang", lang])
    assert CJK.search(err), err


def test_a_missing_command_is_a_usage_problem_in_chinese(capsys):
    err = _err(capsys, ["--lang", "zh-Hant"])
    assert "缺少必填選項" in err


def test_digits_of_any_script_are_one_rule_for_answers_and_weights(capsys):
    assert main([*BASE, "--monthly-budget", "２０００", "--weight", "platform=٢", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["weights"]["platform"] == 2.0 and doc["profile"]["monthly_budget"] == 2000.0


@pytest.mark.parametrize("value", [None, True, "lots", float("nan"), 10**400, [1]])
def test_api_weights_that_are_not_numbers_raise_the_root_error(rules, value):
    with pytest.raises(WeightError) as caught:
        recommend(parse_profile(SHOP), rules, {"platform": value})
    [problem] = caught.value.problems
    assert (problem.field, problem.code) == ("weight.platform", "weight_range")


def test_text_weights_follow_the_digit_rule(rules):
    assert check_weights({"team": "２"}, rules.weights)["team"] == 2.0


@pytest.mark.parametrize("text", ["1e12", "0", "-5", "1.5", "many", "1" * 100])
def test_bench_rows_are_bounded(text):
    with pytest.raises(InputError) as caught:
        bench_rows(text, "en")
    assert caught.value.problems[0].params["high"] == cli.MAX_BENCH_ROWS


@pytest.mark.parametrize(("text", "rows"), [("1000", 1000), ("1e6", 1_000_000), ("１０", 10)])
def test_bench_rows_accept_plain_counts(text, rows):
    assert bench_rows(text, "en") == rows


def test_bench_refuses_a_trillion_rows_before_allocating(capsys):
    assert "a whole number from 1 to 10,000,000" in _err(capsys, ["bench", "--rows", "1e12"])


def test_ctrl_c_is_one_line_and_exit_130(capsys, monkeypatch):
    def interrupted(_args):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "_recommend", interrupted)
    err = _err(capsys, [*BASE, "--lang", "zh-Hans"], code=130)
    assert err.strip() == t("cli.error", "zh-Hans", message=t("problem.interrupted", "zh-Hans"))


def test_help_exits_0(capsys):
    assert main(["--help"]) == 0
    assert "recommend" in capsys.readouterr().out


# ---------------------------------------------------------------- rule files


def _rule_file(tmp_path: Path, rule_text: str, old: str, new: str) -> Path:
    assert old in rule_text
    path = tmp_path / "rules.toml"
    path.write_text(rule_text.replace(old, new, 1), encoding="utf-8")
    return path


EFFECT = "effect = { wechat = 4.0 }"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (EFFECT, "effect = { wechat = 1.7e308 }", "the number 1.7e+308 is out of bounds"),
        (EFFECT, "effect = { wechat = -1.7e308 }", "is out of bounds"),
        (EFFECT, "effect = { wechat = " + "9" * 400 + " }", "the number 10^399+ is out of bounds"),
        (EFFECT, "effect = { wechat = 101.0 }", "effect 101 is out of bounds (at most 100 points"),
        (EFFECT, "effect = { wechat = inf }", "finite number"),
        (EFFECT, "effect = { wechat = nan }", "finite number"),
        (EFFECT, EFFECT + "\nx = " + "[" * 250 + "]" * 250, "nested more than 32 levels deep"),
        ("low = 300.0, high = 3000.0", "low = 300.0, high = 300.0000000000001", "is too narrow"),
        ("low = 300.0, high = 3000.0", "low = 0.0, high = 1e-320", "is too narrow"),
    ],
)
@pytest.mark.parametrize("command", [["rules", "check"], ["recommend"]])
def test_a_rule_file_out_of_bounds_is_refused(tmp_path, capsys, rule_text, old, new, expected, command):
    path = _rule_file(tmp_path, rule_text, old, new)
    argv = ["rules", "check", str(path)] if command == ["rules", "check"] else [*BASE, "--rules", str(path)]
    err = _err(capsys, argv)
    assert (str(path) in err and "platform-social-ties" in err) or "nested" in err
    assert expected in err


def test_too_many_rules_are_refused(tmp_path, capsys, rule_text):
    first = rule_text.index("[[rules]]")
    block = rule_text[first : rule_text.index("[[rules]]", first + 5)]
    copies = "".join(block.replace('"platform-social-ties"', f'"copy-{i}"') for i in range(2100))
    path = tmp_path / "many.toml"
    path.write_text(rule_text + copies, encoding="utf-8")
    assert "rules: 2,1" in _err(capsys, ["rules", "check", str(path)])


def test_a_fifo_a_device_and_a_folder_are_not_rule_files(tmp_path, capsys):
    fifo = tmp_path / "rules.fifo"
    os.mkfifo(fifo)
    for path in (fifo, Path("/dev/zero"), tmp_path):
        err = _err(capsys, ["rules", "check", str(path)])
        assert "not a regular file" in err


def test_largest_allowed_effects_keep_every_score_finite(tmp_path, capsys, rule_text):
    loud = re.sub(r"effect = \{ (\w+) = -?[0-9.]+ \}", r"effect = { \1 = 100.0 }", rule_text)
    path = tmp_path / "loud.toml"
    path.write_text(loud, encoding="utf-8")
    assert main([*BASE, "--rules", str(path), "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)  # strict JSON: NaN would not parse back as a number
    assert all(0 <= score <= 100 for score in doc["scores"].values())


# ---------------------------------------------------------------- compare


def _doc(answers: dict, rules) -> dict:
    return json.loads(to_json(document_of(recommend(parse_profile(answers), rules), "en")))


def _write(path: Path, doc: object, prefix: str = "") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(prefix + json.dumps(doc), encoding="utf-8")
    return path


@pytest.fixture
def pair(tmp_path, rules) -> tuple[Path, Path]:
    return _write(tmp_path / "shop.json", _doc(SHOP, rules)), _write(
        tmp_path / "circle.json", _doc(CIRCLE, rules)
    )


def test_a_byte_order_mark_is_accepted(tmp_path, rules, pair):
    bom = _write(tmp_path / "bom.json", _doc(SHOP, rules), prefix="\ufeff")
    assert main(["compare", str(bom), str(pair[1])]) == 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[" * 100_000 + "]" * 100_000, "nested more than"),
        ('{"schema": ' + "9" * 5000 + "}", "not a Channel-fit recommendation"),
        ("\x00\xff", "not valid JSON"),
    ],
)
def test_hostile_json_is_refused(tmp_path, capsys, pair, text, expected):
    bad = tmp_path / "bad.json"
    bad.write_text(text, encoding="utf-8")
    err = _err(capsys, ["compare", str(pair[0]), str(bad)])
    assert str(bad) in err and expected in err


def test_a_huge_number_inside_a_document_is_refused(tmp_path, capsys, rules, pair):
    doc = json.dumps(_doc(SHOP, rules)).replace('"margin": ', '"margin": ' + "9" * 5000 + ', "x": ', 1)
    bad = tmp_path / "huge.json"
    bad.write_text(doc, encoding="utf-8")
    assert "'margin' does not hold a valid value" in _err(capsys, ["compare", str(pair[0]), str(bad)])


def test_output_never_overwrites_an_input(capsys, pair):
    before = pair[0].read_bytes()
    assert "would overwrite an input" in _err(capsys, ["compare", *map(str, pair), "-o", str(pair[0])])
    assert pair[0].read_bytes() == before


def test_output_is_replaced_whole(tmp_path, pair):
    out = tmp_path / "out" / "table.md"
    out.parent.mkdir()
    out.write_text("old", encoding="utf-8")
    assert main(["compare", *map(str, pair), "--format", "markdown", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("|") and os.listdir(out.parent) == ["table.md"]


def test_an_unwritable_output_is_one_line(tmp_path, capsys, pair):
    err = _err(capsys, ["compare", *map(str, pair), "-o", str(tmp_path / "missing" / "x.csv")])
    assert "cannot be written" in err


def test_string_typed_answers_are_compared_as_validated(tmp_path, capsys, rules):
    shop = _doc(SHOP, rules)
    typed = {**shop, "profile": {**shop["profile"], "part_time": "false", "team_size": "6"}}
    a, b = _write(tmp_path / "a.json", shop), _write(tmp_path / "b.json", typed)
    assert main(["compare", str(a), str(b), "--format", "csv"]) == 0
    rows = {line.split(",")[0]: line for line in capsys.readouterr().out.splitlines()}
    assert rows["part_time"] == "part_time,False,False,False" and rows["team_size"] == "team_size,6,6,False"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"weights": {"team": 9}}, "Weight of Team: '9' is not allowed"),
        ({"weights": {"luck": 1}}, "unknown dimension 'luck'"),
        ({"recommendation": "mix"}, "contradicts the document's own scores"),
        ({"margin": 99.0}, "contradicts the document's own scores"),
    ],
)
def test_a_document_that_contradicts_itself_or_the_ranges_is_refused(
    tmp_path, capsys, rules, pair, change, expected
):
    shop = _doc(SHOP, rules)
    bad = _write(
        tmp_path / "bad.json", {**shop, **change, "weights": {**shop["weights"], **change.get("weights", {})}}
    )
    assert expected in _err(capsys, ["compare", str(pair[0]), str(bad)])


def test_two_files_with_the_same_stem_are_named_apart(tmp_path, capsys, rules):
    a = _write(tmp_path / "q1" / "plan.json", _doc(SHOP, rules))
    b = _write(tmp_path / "q2" / "plan.json", _doc(CIRCLE, rules))
    assert main(["compare", str(a), str(b), "--format", "csv"]) == 0
    header = capsys.readouterr().out.splitlines()[0]
    assert header == "item,q1/plan,q2/plan,differs"

"""The rule base: the bundled file is complete and cited; broken files name file, rule and problem."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from advisor.rules import DIMENSIONS, RuleFileError, load_rules, load_sections

SHARED_SECTIONS = Path(__file__).resolve().parents[2] / "shared" / "source" / "SECTIONS.md"


def test_the_bundled_rule_base_is_big_enough_and_cites_every_section(rules):
    assert len(rules.rules) >= 30
    cited = {rule.section.split(".")[0] for rule in rules.rules}
    assert {f"S{i}" for i in range(1, 11)} <= cited
    known = {s.id for s in rules.sections}
    assert all(rule.section in known for rule in rules.rules)
    assert set(rules.weights) == set(DIMENSIONS)


def test_every_rule_has_a_rationale_in_three_languages(rules):
    for rule in rules.rules:
        for lang in ("en", "zh-Hans", "zh-Hant"):
            assert rule.rationale.get(lang).strip(), (rule.id, lang)
        assert rule.rationale.zh_hans != rule.rationale.zh_hant, f"{rule.id}: zh-Hant copies zh-Hans"


def test_rationales_do_not_copy_the_article(rules):
    article = Path(__file__).resolve().parents[2] / "shared" / "source" / "channel-article.zh-Hant.txt"
    if not article.exists():
        pytest.skip("the shared article is not beside the repository")
    text = article.read_text(encoding="utf-8")
    for rule in rules.rules:
        rationale = rule.rationale.zh_hant
        for start in range(0, max(len(rationale) - 20, 1)):
            assert rationale[start : start + 20] not in text, rule.id


def test_figures_from_the_article_are_labelled_as_its_claims(rules):
    for rule in rules.rules:
        if re.search(r"\d+%", rule.rationale.en):
            assert "article" in rule.rationale.en, rule.id
            assert "文章" in rule.rationale.zh_hans and "文章" in rule.rationale.zh_hant, rule.id


def test_sections_match_the_shared_summary():
    if not SHARED_SECTIONS.exists():
        pytest.skip("../shared/source/SECTIONS.md is not beside the repository")
    listed = re.findall(r"^\| (S[\d.a-z]+) \|", SHARED_SECTIONS.read_text(encoding="utf-8"), re.M)
    assert [s.id for s in load_sections()] == listed


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "rules.toml"
    path.write_text(text, encoding="utf-8")
    return path


FIRST_RULE = 'id = "platform-social-ties"'


@pytest.mark.parametrize(
    ("old", "new", "where", "problem"),
    [
        (
            'field = "social_reach", op = "ramp_up", low = 300.0',
            'field = "reach", op = "ramp_up", low = 300.0',
            "rule 'platform-social-ties'",
            "unknown field 'reach'",
        ),
        ('op = "ramp_up", low = 300.0', 'op = "approx", low = 300.0', "rule 'platform-social-ties'", "op"),
        (
            "low = 300.0, high = 3000.0",
            "low = 3000.0, high = 300.0",
            "rule 'platform-social-ties'",
            "must be below 'high'",
        ),
        (
            'section = "S1.b"\ndimension = "platform"\nwhen = { field = "social_reach", op = "ramp_up"',
            'section = "S11"\ndimension = "platform"\nwhen = { field = "social_reach", op = "ramp_up"',
            "rule 'platform-social-ties'",
            "section 'S11' is not in SECTIONS.md",
        ),
        (
            'dimension = "platform"\nwhen = { field = "social_reach", op = "ramp_up"',
            'dimension = "luck"\nwhen = { field = "social_reach", op = "ramp_up"',
            "rule 'platform-social-ties'",
            "dimension",
        ),
        (
            "effect = { wechat = 4.0 }",
            'effect = { wechat = "lots" }',
            "rule 'platform-social-ties'",
            "effect",
        ),
        ("effect = { wechat = 4.0 }", "effect = { tiktok = 4.0 }", "rule 'platform-social-ties'", "effect"),
        (
            'id = "platform-no-network"',
            'id = "platform-social-ties"',
            "rule 'platform-social-ties'",
            "duplicate id",
        ),
        (
            '{ field = "category", op = "in", value = ["electronics", "home_goods", "apparel"] }',
            '{ field = "category", op = "in", value = ["electronics", "toys"] }',
            "rule 'platform-sight-unseen'",
            "'toys'",
        ),
        (
            '{ field = "part_time", op = "eq", value = true }\neffect = { ecommerce = -7.0',
            '{ field = "part_time", op = "eq", value = "yes" }\neffect = { ecommerce = -7.0',
            "rule 'team-part-time'",
            "yes/no field",
        ),
        (
            '{ field = "category", op = "in", value = ["electronics", "home_goods", "apparel"] }',
            '{ field = "category", op = "__import__", value = "os" }',
            "rule 'platform-sight-unseen'",
            "op",
        ),
        ("platform = 1.0", "platform = -1.0", "weights", "'platform' needs a number from 0 to 5.0"),
        ("[scoring]\nbase = 50.0", "[scoring]\nbase = 500.0", "scoring", "base"),
    ],
)
def test_a_broken_rule_file_names_file_rule_and_problem(tmp_path, rule_text, old, new, where, problem):
    assert old in rule_text, "the mutation no longer matches the rule file"
    path = _write(tmp_path, rule_text.replace(old, new, 1))
    with pytest.raises(RuleFileError) as caught:
        load_rules(path)
    message = str(caught.value)
    assert str(path) in message
    assert any(w == where and problem in p for w, p in caught.value.pairs), message


def test_a_missing_translation_is_an_error(tmp_path, rule_text):
    start = rule_text.index(FIRST_RULE)
    block_end = rule_text.index("[[rules]]", start)
    block = rule_text[start:block_end]
    broken = block.replace(re.search(r"rationale\.zh-Hant = .*\n", block).group(0), "")
    path = _write(tmp_path, rule_text[:start] + broken + rule_text[block_end:])
    with pytest.raises(RuleFileError, match=r"rule 'platform-social-ties': rationale.zh-Hant"):
        load_rules(path)


def test_a_rule_base_that_leaves_a_section_uncited_is_refused(tmp_path, rule_text):
    path = _write(tmp_path, rule_text.replace('section = "S3"', 'section = "S4"'))
    with pytest.raises(RuleFileError, match="no rule cites section S3"):
        load_rules(path)


@pytest.mark.parametrize(
    ("content", "problem"),
    [(b"[[rules]\nid=", "not valid TOML"), (b"\xff\xfe\x00bad", "not valid TOML")],
)
def test_a_file_that_is_not_toml_is_refused(tmp_path, content, problem):
    path = tmp_path / "bad.toml"
    path.write_bytes(content)
    with pytest.raises(RuleFileError, match=problem):
        load_rules(path)


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(RuleFileError, match=r"nowhere\.toml: file: not found"):
        load_rules(tmp_path / "nowhere.toml")


def test_the_version_is_a_hash_of_the_file(tmp_path, rule_text, rules):
    same = _write(tmp_path, rule_text)
    assert load_rules(same).version == rules.version
    changed = tmp_path / "changed.toml"
    changed.write_text(rule_text + "\n# a comment\n", encoding="utf-8")
    assert load_rules(changed).version != rules.version


def test_adding_a_rule_needs_no_code(tmp_path, rule_text):
    extra = """
[[rules]]
id = "price-high-ticket"
section = "S3"
dimension = "price"
when = { field = "retail_price", op = "ge", value = 5000 }
effect = { ecommerce = 3.0 }
rationale.en = "Expensive items are compared carefully, which marketplaces make easy."
rationale.zh-Hans = "贵的商品买家会仔细比较，电商平台方便比较。"
rationale.zh-Hant = "貴的商品買家會仔細比較，電商平台方便比較。"
"""
    path = _write(tmp_path, rule_text + extra)
    extended = load_rules(path)
    assert extended.rule("price-high-ticket").effect == {"ecommerce": 3.0}


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        ("effect = { wechat = 4.0 }", "effect = { wechat = nan }", "finite number"),
        ("low = 300.0, high = 3000.0", "low = 300.0, high = inf", "finite number"),
        ('id = "platform-social-ties"', 'id = ["platform-social-ties"]', "no usable id"),
        (
            'when = { field = "social_reach", op = "ramp_up", low = 300.0, high = 3000.0 }',
            "when = [1, 2]",
            "when: Input should be a valid dictionary",
        ),
    ],
)
def test_odd_values_in_a_rule_are_named_not_crashed_on(tmp_path, rule_text, old, new, problem):
    path = _write(tmp_path, rule_text.replace(old, new, 1))
    with pytest.raises(RuleFileError) as caught:
        load_rules(path)
    assert problem in str(caught.value)
    assert "instance of" not in str(caught.value)


def test_a_missing_table_is_named(tmp_path, rule_text):
    start = rule_text.index("[mix]")
    end = rule_text.index("# ----", start)
    path = _write(tmp_path, rule_text[:start] + rule_text[end:])
    with pytest.raises(RuleFileError, match=r"mix: missing \[mix\] table"):
        load_rules(path)


def test_a_byte_order_mark_is_accepted(tmp_path, rule_text):
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + rule_text.encode("utf-8"))
    assert len(load_rules(path).rules) >= 30

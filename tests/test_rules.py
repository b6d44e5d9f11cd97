"""The rule base: the bundled file is complete and cited; broken files name file, rule and problem."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from advisor.rules import DIMENSIONS, RuleFileError, load_rules, load_sections
from tests.article_runs import RUN, SHARED_ARTICLE, load_runs, runs_file_text, shared_run

SOURCE = Path(__file__).resolve().parents[1] / "rules" / "source"
ARTICLE_RUNS = load_runs()


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


def _paraphrases(rules) -> list[tuple[str, str]]:
    """Every text the tool writes about the article: (where, zh-Hant text)."""
    items = [(f"rule {r.id}", r.rationale.zh_hant) for r in rules.rules]
    items += [(f"limit {x.id}", x.rationale.zh_hant) for x in rules.limits]
    items += [(f"flag {f.id}", f.message.zh_hant) for f in rules.flags]
    items += [(f"action {a.id}", a.text.zh_hant) for a in rules.actions]
    items += [("mix", rules.mix.rationale.zh_hant)]
    return items + [(f"section {s.id}", s.summary.zh_hant) for s in rules.sections]


def test_no_rationale_or_summary_shares_eight_characters_with_the_article(rules):
    copied = [(where, run) for where, text in _paraphrases(rules) if (run := shared_run(text, ARTICLE_RUNS))]
    assert copied == []


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("文章說推廣預算成本很可能超過", "推廣預算成本很可能"),
        ("推廣預算成本很", None),
        ("推廣預算成本很多可能", None),
    ],
)
def test_the_copy_check_finds_a_run_of_exactly_eight(text, found):
    assert shared_run(text, ARTICLE_RUNS) == (found[:RUN] if found else None)


MAINLAND_TERMS = (
    "渠道",
    "互聯網",
    "質量",
    "數據",
    "軟件",
    "網絡",
    "信息",
    "視頻",
    "營銷",
    "運營",
    "平台",
    "快消品",
)


def test_traditional_texts_use_taiwan_terms_and_one_term_per_concept(rules):
    texts = _paraphrases(rules) + [(f"title {s.id}", s.title.zh_hant) for s in rules.sections]
    texts += [(f"limit title {x.id}", x.title.zh_hant) for x in rules.limits]
    found = [(where, term) for where, text in texts for term in MAINLAND_TERMS if term in text]
    assert found == []


PROPER_NAMES = {"Alipay", "Xianyu", "WeChat"}  # texts that may read the same in every language


def test_no_chinese_text_is_left_in_english(rules):
    pairs = [(r.id, r.rationale) for r in rules.rules] + [(x.id, x.rationale) for x in rules.limits]
    pairs += [(x.id, x.title) for x in rules.limits] + [(f.id, f.message) for f in rules.flags]
    pairs += [(a.id, a.text) for a in rules.actions] + [(s.id, s.summary) for s in rules.sections]
    same = [i for i, t in pairs if t.en not in PROPER_NAMES and t.en in (t.zh_hans, t.zh_hant)]
    assert same == []


def test_figures_from_the_article_are_labelled_as_its_claims(rules):
    for rule in rules.rules:
        if re.search(r"\d+%", rule.rationale.en):
            assert "article" in rule.rationale.en, rule.id
            assert "文章" in rule.rationale.zh_hans and "文章" in rule.rationale.zh_hant, rule.id


def test_the_stored_fingerprints_are_the_articles():
    """rules/source/article-runs.txt is made from the article in ../shared (CI has it beside the clone)."""
    if not SHARED_ARTICLE.exists():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{SHARED_ARTICLE} is missing: CI checks the fingerprints against it")
        pytest.skip(f"{SHARED_ARTICLE} is not beside this clone")
    article = SHARED_ARTICLE.read_text(encoding="utf-8")
    assert (SOURCE / "article-runs.txt").read_text(encoding="utf-8") == runs_file_text(article)


def test_sections_match_the_shared_summary():
    listed = re.findall(r"^\| (S[\d.a-z]+) \|", (SOURCE / "SECTIONS.md").read_text(encoding="utf-8"), re.M)
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
            "effect = { wechat = 2.5 }",
            'effect = { wechat = "lots" }',
            "rule 'platform-social-ties'",
            "effect",
        ),
        ("effect = { wechat = 2.5 }", "effect = { tiktok = 4.0 }", "rule 'platform-social-ties'", "effect"),
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
            '{ field = "part_time", op = "eq", value = true }\ncap',
            '{ field = "part_time", op = "eq", value = "yes" }\ncap',
            "limit 'limit-part-time'",
            "yes/no field",
        ),
        (
            '{ field = "category", op = "in", value = ["electronics", "home_goods", "apparel"] }',
            '{ field = "category", op = "__import__", value = "os" }',
            "rule 'platform-sight-unseen'",
            "op",
        ),
        ("platform = 1.0", "platform = -1.0", "weights", "'platform' needs a number from 0 to 5"),
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
when = { field = "retail_price", op = "ramp_up", low = 2000.0, high = 5000.0 }
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
        ("effect = { wechat = 2.5 }", "effect = { wechat = nan }", "finite number"),
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


LIMIT = '[[limits]]\nid = "limit-part-time"'


@pytest.mark.parametrize(
    ("old", "new", "where", "problem"),
    [
        (
            "cap = { ecommerce = 30.0, mix = 30.0 }",
            "cap = { ecommerce = 130.0 }",
            "limit 'limit-part-time'",
            "cap",
        ),
        ("cap = { ecommerce = 30.0, mix = 30.0 }", "cap = { shop = 30.0 }", "limit 'limit-part-time'", "cap"),
        (
            "cap = { ecommerce = 30.0, mix = 30.0 }",
            "cap = {}",
            "limit 'limit-part-time'",
            "at least one channel",
        ),
        (
            'id = "limit-part-time"\nsection = "S7"',
            'id = "limit-part-time"\nsection = "S77"',
            "limit 'limit-part-time'",
            "S77",
        ),
        ('title.zh-Hant = "兼職"\n', "", "limit 'limit-part-time'", "title.zh-Hant"),
        ('id = "limit-part-time"', 'id = "team-solo"', "limit 'team-solo'", "also a rule's id"),
        (
            'when = { field = "monthly_budget", op = "ramp_down", low = 1000.0, high = 8000.0 }',
            'when = { field = "monthly_budget", op = "lt", value = 8000 }',
            "limit 'limit-no-capital'",
            "use 'ramp_up' or 'ramp_down'",
        ),
        (
            'when = { field = "social_reach", op = "ramp_up", low = 300.0, high = 3000.0 }',
            'when = { field = "social_reach", op = "ge", value = 300 }',
            "rule 'platform-social-ties'",
            "would make the score jump",
        ),
        (
            '{ field = "team_size", op = "ramp_down", low = 1.0, high = 3.0 }',
            '{ field = "team_size", op = "le", value = 2 }',
            "rule 'team-solo'",
            "field 'team_size' is numeric",
        ),
    ],
)
def test_a_broken_limit_or_a_jumping_rule_is_named(tmp_path, rule_text, old, new, where, problem):
    assert old in rule_text, "the mutation no longer matches the rule file"
    path = _write(tmp_path, rule_text.replace(old, new, 1))
    with pytest.raises(RuleFileError) as caught:
        load_rules(path)
    assert any(w == where and problem in p for w, p in caught.value.pairs), str(caught.value)


def test_a_threshold_on_a_yes_no_or_choice_answer_is_still_allowed(rules):
    limit = rules.limit("limit-part-time")
    assert limit.when.field == "part_time" and limit.when.op == "eq"


def test_adding_a_limit_needs_no_code(tmp_path, rule_text):
    extra = """
[[limits]]
id = "limit-no-skills"
section = "S4"
when = { field = "data_skills", op = "eq", value = false }
cap = { ecommerce = 60.0 }
title.en = "no data skills"
title.zh-Hans = "不会数据运营"
title.zh-Hant = "不會資料營運"
rationale.en = "Without data skills a shop cannot be run scientifically."
rationale.zh-Hans = "不会看数据，店铺就无法科学经营。"
rationale.zh-Hant = "不會看資料，店鋪就無法科學化經營。"
"""
    extended = load_rules(_write(tmp_path, rule_text + extra))
    assert extended.limit("limit-no-skills").cap == {"ecommerce": 60.0}
    assert len(extended.limits) == 4

"""The rule loader's problems in the language asked for: pydantic's error types, the loader's own
checks and the models' validators all as catalogue codes; lines still 'FILE: rule 'ID': where: problem'."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import advisor.cases as cases_module
import advisor.rules as rules_module
from advisor.cli import main
from advisor.i18n import LANGS, has_key, t
from advisor.messages import describe, field_label
from advisor.profile import ProfileError, parse_profile
from advisor.rules import _PYDANTIC_CODES

RULE = "rule 'platform-social-ties'"
LIMIT = "limit 'limit-part-time'"
ENGLISH = re.compile(r"Input should|Field required|Extra inputs|not permitted|valid (number|string)")

DIMENSION_LIST = "platform sales_model price marketing feedback payment team product outcomes self_media"
ID_PATTERN = "^[a-z0-9][a-z0-9._-]*$"
# (old text, new text, where, path inside the rule or table, code, parameters of the sentence)
MUTATIONS = [
    ('section = "S1.b"', "section = 7", RULE, "section", "rule_not_text", {}),
    (
        'dimension = "platform"',
        'dimension = "nope"',
        RULE,
        "dimension",
        "rule_not_allowed",
        {"value": "nope"},
    ),
    (
        "effect = { wechat = 2.5 }",
        'effect = { wechat = "lots" }',
        RULE,
        "effect.wechat",
        "rule_not_number",
        {},
    ),
    ("effect = { wechat = 2.5 }", "effect = { wechat = 2.5 }\ncolour = 1", RULE, "colour", "rule_extra", {}),
    ('dimension = "platform"\n', "", RULE, "dimension", "rule_missing", {}),
    (
        'id = "platform-social-ties"',
        'id = "Ties"',
        "rule 'Ties'",
        "id",
        "rule_bad_id",
        {"pattern": ID_PATTERN},
    ),
    (
        "cap = { ecommerce = 30.0, mix = 30.0 }",
        "cap = { ecommerce = 130.0 }",
        LIMIT,
        "cap.ecommerce",
        "rule_lt",
        {"limit": "100"},
    ),
    (
        "cap = { ecommerce = 30.0, mix = 30.0 }",
        "cap = { ecommerce = -1.0 }",
        LIMIT,
        "cap.ecommerce",
        "rule_ge",
        {"limit": "0"},
    ),
    ("[scoring]\nbase = 50.0", "[scoring]\nbase = 500.0", "scoring", "base", "rule_le", {"limit": "100"}),
    ("[scoring]\nbase = 50.0", '[scoring]\nbase = "x"', "scoring", "base", "rule_not_number", {}),
]


def _check(tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, lang: str) -> list[str]:
    """`rules check` on the text: exit 2, the lines after the count line."""
    path = tmp_path / "rules.toml"
    path.write_text(text, encoding="utf-8")
    assert main(["rules", "check", str(path), "--lang", lang]) == 2
    return capsys.readouterr().err.splitlines()[1:]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("old", "new", "where", "path", "code", "params"), MUTATIONS)
def test_a_rule_file_problem_is_in_the_language_asked_for(
    tmp_path, capsys, rule_text, lang, old, new, where, path, code, params
):
    assert old in rule_text, "the mutation no longer matches the rule file"
    lines = _check(tmp_path, capsys, rule_text.replace(old, new, 1), lang)
    allowed = t("problem.allowed.sep", lang).join(DIMENSION_LIST.split()) if "value" in params else ""
    label = field_label(where, lang)
    message = t(
        f"problem.{code}", lang, label=label, at=t("problem.at", lang, path=path), allowed=allowed, **params
    )
    assert t("problem.where", lang, where=str(tmp_path / "rules.toml"), message=message) in lines
    if lang != "en":
        assert not any(ENGLISH.search(line) for line in lines), lines


@pytest.mark.parametrize("lang", LANGS)
def test_every_mapped_pydantic_error_has_a_sentence_in_every_language(lang):
    for code in set(_PYDANTIC_CODES.values()):
        assert has_key(f"problem.{code}", lang), code


FIELDS = (
    "category / monthly_budget / team_size / part_time / social_reach / sku_count / retail_price / unit_cost"
    " / after_sales / price_strategy / purchase_frequency / data_skills / self_media / risk_tolerance / role"
    " / gross_margin"
)
SECTIONS = " / ".join(
    [
        "S0",
        "S1.a",
        "S1.b",
        "S2.a",
        "S2.b",
        "S2.b.1",
        "S2.b.2",
        "S2.b.3",
        "S2.b.4",
        *(f"S{i}" for i in range(3, 11)),
    ]
)
CATEGORIES = "fmcg / apparel / electronics / home_goods / knowledge / handmade / other"
SOCIAL = 'when = { field = "social_reach", op = "ramp_up", low = 300.0, high = 3000.0 }'
SIGHT = 'op = "in", value = ["electronics", "home_goods", "apparel"]'
PART_TIME = 'when = { field = "part_time", op = "eq", value = true }'
META = '[meta]\ntitle = "Channel-fit rule base"\nsource = "channel-article.zh-Hant.txt"\n'
WEIGHTS = "[weights]              # dimension weights; users may re-weight them in the app or CLI\n"
SOCIAL_ZH = ("规则“platform-social-ties”：", "規則「platform-social-ties」：")
SIGHT_ZH = ("规则“platform-sight-unseen”：", "規則「platform-sight-unseen」：")
LIMIT_ZH = ("限制“limit-part-time”：", "限制「limit-part-time」：")


def _zh(items: str, lang: str) -> str:
    """A ' / '-separated list as the Chinese catalogues separate it (／)."""
    return items.replace(" / ", "／") if lang != "en" else items


# (replacements (old, new, count; -1 = all), the line after 'FILE: ' in en, zh-Hans, zh-Hant)
LOADER_CASES = [
    pytest.param(
        [('id = "platform-no-network"', 'id = "platform-social-ties"', 1)],
        "rule 'platform-social-ties': duplicate id",
        "规则“platform-social-ties”：id 重复",
        "規則「platform-social-ties」：id 重複",
        id="duplicate-id",
    ),
    pytest.param(
        [(META, "", 1)],
        "meta: missing [meta] table",
        "meta：缺少 [meta] 表",
        "meta：缺少 [meta] 表格",
        id="missing-table",
    ),
    pytest.param(
        [(META, "meta = 5\n", 1)],
        "meta: Input should be a valid dictionary (a table)",
        "meta：应为表（键值对）",
        "meta：應為表格（鍵值對）",
        id="table-not-a-table",
    ),
    pytest.param(
        [("[meta]", "[colour]\nx = 1\n\n[meta]", 1)],
        "file: unknown table 'colour'",
        "文件：未知的表“colour”",
        "檔案：未知的表格「colour」",
        id="unknown-table",
    ),
    pytest.param(
        [(WEIGHTS, "weights = 3\n[other]\n", 1)],
        "weights: missing [weights] table",
        "weights：缺少 [weights] 表",
        "weights：缺少 [weights] 表格",
        id="weights-missing",
    ),
    pytest.param(
        [("platform = 1.0\n", "platform = 1.0\nluck = 2.0\n", 1)],
        f"weights: unknown dimension 'luck' (dimensions: {DIMENSION_LIST.replace(' ', ' / ')})",
        f"weights：未知维度“luck”（维度：{DIMENSION_LIST.replace(' ', '／')}）",
        f"weights：未知維度「luck」（維度：{DIMENSION_LIST.replace(' ', '／')}）",
        id="weights-unknown",
    ),
    pytest.param(
        [("platform = 1.0\n", "platform = 9.0\n", 1)],
        "weights: 'platform' needs a number from 0 to 5",
        "weights：“platform”需要 0 到 5 之间的数字",
        "weights：「platform」需要 0 到 5 之間的數字",
        id="weights-range",
    ),
    pytest.param(
        [("[[actions]]", "[[unused]]", -1), ("[meta]", "actions = 1\n[meta]", 1)],
        "actions: 'actions' must be an array of tables ([[actions]])",
        "actions：“actions”必须是表数组（[[actions]]）",
        "actions：「actions」必須是表格陣列（[[actions]]）",
        id="not-an-array",
    ),
    pytest.param(
        [('section = "S10"', 'section = "S9"', -1)],
        "rules: no rule cites section S10",
        "rules：没有任何规则引用章节 S10",
        "rules：沒有任何規則引用章節 S10",
        id="section-uncited",
    ),
    pytest.param(
        [("[meta]", "[meta\n", 1)],
        "file: not valid TOML at line 15, column 6",
        "文件：不是有效的 TOML（第 15 行，第 6 列）",
        "檔案：不是有效的 TOML（第 15 行，第 6 欄）",
        id="not-toml",
    ),
    pytest.param(
        [('id = "platform-social-ties"', 'id = "limit-part-time"', 1)],
        "limit 'limit-part-time': id is also a rule's id",
        "限制“limit-part-time”：这个 id 已被一条规则使用",
        "限制「limit-part-time」：這個 id 已被一條規則使用",
        id="id-clash",
    ),
    pytest.param(
        [('section = "S1.b"', 'section = "S11"', 1)],
        f"rule 'platform-social-ties': section 'S11' is not in SECTIONS.md (known: {SECTIONS})",
        f"{SOCIAL_ZH[0]}章节“S11”不在 SECTIONS.md 中（已知：{_zh(SECTIONS, 'zh')}）",
        f"{SOCIAL_ZH[1]}章節「S11」不在 SECTIONS.md 中（已知：{_zh(SECTIONS, 'zh')}）",
        id="unknown-section",
    ),
    pytest.param(
        [(SOCIAL, 'when = { field = "social_reach", op = "ge", value = 300 }', 1)],
        "rule 'platform-social-ties': field 'social_reach' is numeric: use 'ramp_up' or 'ramp_down'"
        " (a 'ge' threshold would make the score jump)",
        f"{SOCIAL_ZH[0]}字段“social_reach”是数值字段：请用 ramp_up 或 ramp_down"
        "（用“ge”做门槛会让分数突然跳变）",
        f"{SOCIAL_ZH[1]}欄位「social_reach」是數值欄位：請用 ramp_up 或 ramp_down"
        "（用「ge」當門檻會讓分數突然跳動）",
        id="numeric-needs-ramp",
    ),
    pytest.param(
        [(SOCIAL, 'when = { field = "social_reach", op = "ramp_up", low = 300.0 }', 1)],
        "rule 'platform-social-ties': when: field 'social_reach': operator 'ramp_up' takes 'low' and 'high',"
        " not 'value'",
        f"{SOCIAL_ZH[0]}when：字段“social_reach”：运算符“ramp_up”要用 low 和 high 两个值，不能用 value",
        f"{SOCIAL_ZH[1]}when：欄位「social_reach」：運算子「ramp_up」要用 low 和 high 兩個值，不能用 value",
        id="ramp-bounds",
    ),
    pytest.param(
        [(SOCIAL, SOCIAL.replace("social_reach", "reach"), 1)],
        f"rule 'platform-social-ties': when: unknown field 'reach' (known: {FIELDS})",
        f"{SOCIAL_ZH[0]}when：未知字段“reach”（已知：{_zh(FIELDS, 'zh')}）",
        f"{SOCIAL_ZH[1]}when：未知欄位「reach」（已知：{_zh(FIELDS, 'zh')}）",
        id="unknown-field",
    ),
    pytest.param(
        [(SOCIAL, SOCIAL.replace("low = 300.0, high = 3000.0", "low = 3000.0, high = 300.0"), 1)],
        "rule 'platform-social-ties': when: field 'social_reach': 'low' (3,000) must be below 'high' (300)",
        f"{SOCIAL_ZH[0]}when：字段“social_reach”：low（3,000）必须小于 high（300）",
        f"{SOCIAL_ZH[1]}when：欄位「social_reach」：low（3,000）必須小於 high（300）",
        id="low-above-high",
    ),
    pytest.param(
        [(SOCIAL, SOCIAL.replace("social_reach", "category"), 1)],
        "rule 'platform-social-ties': when: field 'category': operator 'ramp_up' needs a numeric field,"
        " and 'category' is not numeric",
        f"{SOCIAL_ZH[0]}when：字段“category”：运算符“ramp_up”只能用于数值字段，而“category”不是数值字段",
        f"{SOCIAL_ZH[1]}when：欄位「category」：運算子「ramp_up」只能用於數值欄位，而「category」不是數值欄位",
        id="ramp-on-choice",
    ),
    pytest.param(
        [(SOCIAL, 'when = { field = "social_reach", op = "in", value = [1] }', 1)],
        "rule 'platform-social-ties': when: field 'social_reach': operator 'in' is for choice fields",
        f"{SOCIAL_ZH[0]}when：字段“social_reach”：运算符“in”只能用于选项字段",
        f"{SOCIAL_ZH[1]}when：欄位「social_reach」：運算子「in」只能用於選項欄位",
        id="in-on-number",
    ),
    pytest.param(
        [(SOCIAL, 'when = { field = "social_reach", op = "ge", value = "many" }', 1)],
        "rule 'platform-social-ties': when: field 'social_reach': operator 'ge' needs a number as 'value',"
        " got 'many'",
        f"{SOCIAL_ZH[0]}when：字段“social_reach”：运算符“ge”的 value 需要是数字，收到的是 'many'",
        f"{SOCIAL_ZH[1]}when：欄位「social_reach」：運算子「ge」的 value 需要是數字，收到的是 'many'",
        id="needs-number",
    ),
    pytest.param(
        [(SOCIAL, 'when = { field = "social_reach", op = "ge", value = 1, low = 1.0 }', 1)],
        "rule 'platform-social-ties': when: field 'social_reach': operator 'ge' takes 'value',"
        " not 'low'/'high'",
        f"{SOCIAL_ZH[0]}when：字段“social_reach”：运算符“ge”要用 value，不能用 low/high",
        f"{SOCIAL_ZH[1]}when：欄位「social_reach」：運算子「ge」要用 value，不能用 low/high",
        id="value-not-bounds",
    ),
    pytest.param(
        [(SIGHT, 'op = "in", value = ["electronics", "toys"]', 1)],
        f"rule 'platform-sight-unseen': when: field 'category': value ['toys'] is not among {CATEGORIES}",
        f"{SIGHT_ZH[0]}when：字段“category”：值 ['toys'] 不在可选项中（可选：{_zh(CATEGORIES, 'zh')}）",
        f"{SIGHT_ZH[1]}when：欄位「category」：值 ['toys'] 不在可選項目中（可選：{_zh(CATEGORIES, 'zh')}）",
        id="choice-value",
    ),
    pytest.param(
        [(SIGHT, 'op = "lt", value = "x"', 1)],
        "rule 'platform-sight-unseen': when: field 'category': a choice field takes 'eq'/'ne' with one value"
        " or 'in'/'not_in' with a list",
        f"{SIGHT_ZH[0]}when：字段“category”：选项字段只能用 eq/ne 配一个值，或 in/not_in 配一个列表",
        f"{SIGHT_ZH[1]}when：欄位「category」：選項欄位只能用 eq/ne 配一個值，或 in/not_in 配一個清單",
        id="choice-ops",
    ),
    pytest.param(
        [(PART_TIME, PART_TIME.replace("true", '"yes"'), 1)],
        "limit 'limit-part-time': when: field 'part_time': a yes/no field takes op 'eq' or 'ne' with value"
        " true or false",
        f"{LIMIT_ZH[0]}when：字段“part_time”：是/否字段只能用 eq 或 ne，值为 true 或 false",
        f"{LIMIT_ZH[1]}when：欄位「part_time」：是／否欄位只能用 eq 或 ne，值為 true 或 false",
        id="bool-ops",
    ),
    pytest.param(
        [("effect = { wechat = 2.5 }", "effect = { wechat = 0.0 }", 1)],
        "rule 'platform-social-ties': effect must move at least one channel",
        f"{SOCIAL_ZH[0]}effect 至少要让一个渠道的分数变化",
        f"{SOCIAL_ZH[1]}effect 至少要讓一個通路的分數變動",
        id="effect-zero",
    ),
    pytest.param(
        [("cap = { ecommerce = 30.0, mix = 30.0 }", "cap = {}", 1)],
        "limit 'limit-part-time': cap must name at least one channel",
        f"{LIMIT_ZH[0]}cap 至少要指定一个渠道",
        f"{LIMIT_ZH[1]}cap 至少要指定一個通路",
        id="cap-empty",
    ),
    pytest.param(
        [("effect = { wechat = 2.5 }", "effect = { wechat = 250.0 }", 1)],
        "rule 'platform-social-ties': effect 250 is out of bounds (at most 100 points either way)",
        f"{SOCIAL_ZH[0]}效果 250 超出范围（正负最多 100 分）",
        f"{SOCIAL_ZH[1]}效果 250 超出範圍（正負最多 100 分）",
        id="bounds-entry-named",
    ),
    pytest.param(
        [('id = "platform-social-ties"', 'id = ["platform-social-ties"]', 1)],
        "rule #1 (no usable id): id: Input should be a valid string",
        "第 1 条规则（没有可用的 id）：id：应为文本",
        "第 1 條規則（沒有可用的 id）：id：應為文字",
        id="no-usable-id",
    ),
]
DENY = re.compile(r"\b(is|not|must|takes|missing|unknown|duplicate|table|section|rule)\b", re.IGNORECASE)


def _mutate(text: str, steps: list[tuple[str, str, int]]) -> str:
    """The rule file with each replacement made (a step that no longer matches fails the test)."""
    for old, new, count in steps:
        assert old in text, f"the mutation no longer matches the rule file: {old!r}"
        text = text.replace(old, new, count)
    return text


def _line(path: Path, lang: str, en: str, hans: str, hant: str) -> str:
    """The exact line expected for the file in a language."""
    return {"en": f"{path}: {en}", "zh-Hans": f"{path}：{hans}", "zh-Hant": f"{path}：{hant}"}[lang]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("steps", "en", "hans", "hant"), LOADER_CASES)
def test_the_loaders_own_problems_are_in_the_language_asked_for(
    tmp_path, capsys, rule_text, lang, steps, en, hans, hant
):
    lines = _check(tmp_path, capsys, _mutate(rule_text, steps), lang)
    assert _line(tmp_path / "rules.toml", lang, en, hans, hant) in lines, lines
    if lang != "en":
        assert not [line for line in lines if DENY.search(line)], lines


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("steps", "en", "hans", "hant"), LOADER_CASES[:4])
def test_recommend_with_a_bad_rule_file_speaks_the_same_language(
    tmp_path, capsys, rule_text, lang, steps, en, hans, hant
):
    path = tmp_path / "rules.toml"
    path.write_text(_mutate(rule_text, steps), encoding="utf-8")
    founder = ["--category", "fmcg", "--monthly-budget", "2000", "--team-size", "1", "--part-time"]
    assert main(["recommend", *founder, "--rules", str(path), "--lang", lang]) == 2
    assert _line(path, lang, en, hans, hant) in capsys.readouterr().err.splitlines()


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("en", ": file: not found"), ("zh-Hans", "：文件：找不到文件"), ("zh-Hant", "：檔案：找不到檔案")],
)
def test_a_missing_rule_file_is_named_in_the_language_asked_for(tmp_path, capsys, lang, expected):
    path = tmp_path / "absent.toml"
    assert main(["rules", "check", str(path), "--lang", lang]) == 2
    assert f"{path}{expected}" in capsys.readouterr().err.splitlines()


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    ("content", "en", "hans", "hant"),
    [
        pytest.param(
            b"\xff\xfe[meta]\n",
            "file: not valid TOML: not UTF-8 text (byte 0)",
            "文件：不是有效的 TOML：不是 UTF-8 文本（第 0 个字节）",
            "檔案：不是有效的 TOML：不是 UTF-8 文字（第 0 個位元組）",
            id="not-utf8",
        ),
        pytest.param(
            b"[meta]\ntitle = ",
            "file: not valid TOML (it ends before a key, value or table is complete)",
            "文件：不是有效的 TOML（文件在键、值或表写完之前就结束了）",
            "檔案：不是有效的 TOML（檔案在鍵、值或表格寫完之前就結束了）",
            id="cut-short",
        ),
    ],
)
def test_a_rule_file_that_is_not_toml_is_named_in_the_language_asked_for(
    tmp_path, capsys, lang, content, en, hans, hant
):
    path = tmp_path / "rules.toml"
    path.write_bytes(content)
    assert main(["rules", "check", str(path), "--lang", lang]) == 2
    assert capsys.readouterr().err.splitlines()[1:] == [_line(path, lang, en, hans, hant)]


LAW = 'field = "part_time"\nchannels'
ANSWERS = FIELDS.removesuffix(" / gross_margin")  # a law tests answers, not derived fields
LAW_ZH = ("规律“part-time-never-helps”：", "規律「part-time-never-helps」：")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    ("old", "new", "en", "hans", "hant"),
    [
        pytest.param(
            LAW,
            'field = "reach"\nchannels',
            f"law 'part-time-never-helps': unknown field 'reach' (known: {ANSWERS})",
            f"{LAW_ZH[0]}未知字段“reach”（已知：{_zh(ANSWERS, 'zh')}）",
            f"{LAW_ZH[1]}未知欄位「reach」（已知：{_zh(ANSWERS, 'zh')}）",
            id="law-unknown-field",
        ),
        pytest.param(
            LAW,
            'field = "part_time"\norder = ["a", "b"]\nchannels',
            "law 'part-time-never-helps': 'order' is only for choice fields",
            f"{LAW_ZH[0]}order 只能用于选项字段",
            f"{LAW_ZH[1]}order 只能用於選項欄位",
            id="law-order",
        ),
        pytest.param(
            'id = "part-time-never-helps"\n',
            "",
            "law #1 (no usable id): id: Field required",
            "第 1 条规律（没有可用的 id）：id：缺少必填项",
            "第 1 條規律（沒有可用的 id）：id：缺少必填項目",
            id="law-without-id",
        ),
    ],
)
def test_a_cases_file_problem_is_in_the_language_asked_for(tmp_path, capsys, lang, old, new, en, hans, hant):
    text = (rules_module.ROOT / "rules" / "cases.toml").read_text(encoding="utf-8")
    path = tmp_path / "cases.toml"
    path.write_text(_mutate(text, [(old, new, 1)]), encoding="utf-8")
    argv = ["rules", "check", str(rules_module.DEFAULT_RULES_PATH), "--cases", str(path), "--lang", lang]
    assert main(argv) == 2
    lines = capsys.readouterr().err.splitlines()
    assert _line(path, lang, en, hans, hant) in lines, lines
    if lang != "en":
        assert not [line for line in lines if DENY.search(line)], lines


@pytest.mark.parametrize(
    ("lang", "prefix"),
    [
        ("en", "case 'fmcg-part-time-circle': answers: "),
        ("zh-Hans", "案例“fmcg-part-time-circle”：answers 中的回答无效："),
        ("zh-Hant", "案例「fmcg-part-time-circle」：answers 中的回答無效："),
    ],
)
def test_a_cases_answer_problem_is_in_the_language_asked_for(tmp_path, capsys, lang, prefix):
    text = (rules_module.ROOT / "rules" / "cases.toml").read_text(encoding="utf-8")
    old = 'answers = { category = "fmcg", monthly_budget = 800,'
    path = tmp_path / "cases.toml"
    path.write_text(_mutate(text, [(old, old.replace("fmcg", "toys"), 1)]), encoding="utf-8")
    argv = ["rules", "check", str(rules_module.DEFAULT_RULES_PATH), "--cases", str(path), "--lang", lang]
    assert main(argv) == 2
    with pytest.raises(ProfileError) as caught:
        parse_profile({"category": "toys", "monthly_budget": 800, "team_size": 1, "part_time": True})
    inner = describe(caught.value.problems[0], lang, codes=True)  # the answer's sentence, codes shown
    assert "fmcg" in inner and "toys" in inner
    assert (
        _line(path, lang, prefix + inner, prefix + inner, prefix + inner)
        in capsys.readouterr().err.splitlines()
    )


@pytest.mark.parametrize("lang", LANGS)
def test_every_loader_code_has_a_sentence_in_every_language(lang):
    source = "".join(Path(m.__file__).read_text(encoding="utf-8") for m in (rules_module, cases_module))
    codes = set(re.findall(r'"(rule_[a-z0-9_]+)"', source))
    assert len(codes) > 20
    for code in codes:
        assert has_key(f"problem.{code}", lang), code

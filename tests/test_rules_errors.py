"""The rule loader's validation problems in the language asked for: pydantic's error types mapped to
catalogue codes, each line still 'FILE: rule 'ID': where: problem'."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from advisor.cli import main
from advisor.i18n import LANGS, has_key, t
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
    message = t(f"problem.{code}", lang, label=where, path=path, allowed=allowed, **params)
    assert t("problem.where", lang, where=str(tmp_path / "rules.toml"), message=message) in lines
    if lang != "en":
        assert not any(ENGLISH.search(line) for line in lines), lines


@pytest.mark.parametrize("lang", LANGS)
def test_every_mapped_pydantic_error_has_a_sentence_in_every_language(lang):
    for code in set(_PYDANTIC_CODES.values()):
        assert has_key(f"problem.{code}", lang), code

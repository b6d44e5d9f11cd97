"""Translation catalogues: three languages in step, and every key the code uses exists."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from advisor.i18n import (
    LANGS,
    PLURAL_FORMS,
    catalogue,
    catalogue_files,
    format_money,
    format_number,
    format_percent,
    normalize_lang,
    significant,
    t,
    tn,
)
from advisor.profile import FIELD_SPECS
from advisor.rules import CHANNELS, DIMENSIONS
from tests.test_rules import MAINLAND_TERMS

PACKAGE = Path(__file__).resolve().parents[1] / "advisor"
CALL = re.compile(r"""\bt\(\s*(f?)(["'])(.+?)\2""")


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _counted_phrases() -> set[str]:
    """Keys of counted phrases: English gives them a `.one` and an `.other` form."""
    english = catalogue("en")
    return {k.removesuffix(".one") for k in english if k.endswith(".one") and k[:-4] + ".other" in english}


def _without_plural_forms(keys: set[str]) -> set[str]:
    """Keys with a counted phrase's forms (.one, .other) folded into the phrase's own key."""
    phrases = _counted_phrases()
    return {k.rsplit(".", 1)[0] if k.rsplit(".", 1)[0] in phrases else k for k in keys}


def test_every_language_has_the_same_files_and_keys():
    names = {lang: [p.name for p in catalogue_files(lang)] for lang in LANGS}
    assert names["en"] and names["en"] == names["zh-Hans"] == names["zh-Hant"]
    keys = {lang: _without_plural_forms(set(catalogue(lang))) for lang in LANGS}
    assert keys["en"] == keys["zh-Hans"] == keys["zh-Hant"]


@pytest.mark.parametrize("lang", LANGS)
def test_every_counted_phrase_has_exactly_the_languages_plural_forms(lang):
    keys = set(catalogue(lang))
    phrases = _counted_phrases()
    assert phrases
    for phrase in phrases:
        assert {k.removeprefix(f"{phrase}.") for k in keys if k.startswith(f"{phrase}.")} == set(
            PLURAL_FORMS[lang]
        ), phrase


@pytest.mark.parametrize("lang", LANGS[1:])
def test_translations_keep_the_placeholders(lang):
    english = catalogue("en")
    for key, text in catalogue(lang).items():
        source = english.get(key) or english[key.rsplit(".", 1)[0] + ".other"]
        assert _placeholders(text) == _placeholders(source), key
        assert text.strip(), key


def _used_keys() -> list[tuple[str, bool, str]]:
    """(key or f-string key, is_fstring, file) for every t(...) call in the package."""
    found = []
    for path in PACKAGE.rglob("*.py"):
        for is_f, _, key in CALL.findall(path.read_text(encoding="utf-8")):
            found.append((key, bool(is_f), path.name))
    return found


def test_every_key_the_code_uses_exists():
    keys = set(catalogue("en"))
    used = _used_keys()
    assert len(used) > 50
    for key, is_f, where in used:
        if not is_f:
            assert key in keys, f"{where}: t({key!r}) has no catalogue entry"
        else:
            pattern = re.escape(re.sub(r"\{[^}]*\}", "\0", key)).replace("\0", r"[\w.-]+")
            assert any(re.fullmatch(pattern, k) for k in keys), f"{where}: t(f{key!r}) matches no key"


@pytest.mark.parametrize("lang", LANGS)
def test_dynamic_keys_exist_for_every_value(lang):
    for channel in CHANNELS:
        assert t(f"channel.{channel}", lang)
    for dimension in DIMENSIONS:
        assert t(f"dimension.{dimension}", lang)
    for name in FIELD_SPECS:
        assert t(f"field.{name}.label", lang) and t(f"field.{name}.help", lang)


@pytest.mark.parametrize(
    ("locale", "lang"),
    [
        (None, "en"),
        ("", "en"),
        ("en-US", "en"),
        ("fr", "en"),
        ("zh", "zh-Hans"),
        ("zh-CN", "zh-Hans"),
        ("zh_SG", "zh-Hans"),
        ("zh-Hans", "zh-Hans"),
        ("zh-TW", "zh-Hant"),
        ("zh-HK", "zh-Hant"),
        ("zh-Hant-HK", "zh-Hant"),
        ("zh-MO", "zh-Hant"),
    ],
)
def test_browser_locales_map_to_a_catalogue(locale, lang):
    assert normalize_lang(locale) == lang


def test_simplified_and_traditional_are_really_different():
    hans, hant = catalogue("zh-Hans"), catalogue("zh-Hant")
    differing = sum(hans[k] != hant[k] for k in hans)
    assert differing > len(hans) / 2


@pytest.mark.parametrize(
    ("lang", "count", "expected"),
    [
        ("en", 1, "The rule file has 1 problem:"),
        ("en", 2, "The rule file has 2 problems:"),
        ("en", 0, "The rule file has 0 problems:"),
        ("en", 1200, "The rule file has 1,200 problems:"),
        ("zh-Hans", 1, "规则文件有 1 个问题："),
        ("zh-Hant", 3, "規則檔有 3 個問題："),
    ],
)
def test_counted_phrases_follow_the_languages_plural_rule(lang, count, expected):
    assert tn("cli.rules_problems", count, lang) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (2000, "2,000"),
        (2000.0, "2,000"),
        (1234.5, "1,234.50"),
        (-0.25, "-0.25"),
        (float("inf"), "∞"),
        (float("-inf"), "-∞"),
        (float("nan"), "NaN"),
        (1e300, "1e+300"),
        pytest.param(10**5000, "10^4999+", id="5000-digit"),
    ],
)
@pytest.mark.parametrize("lang", LANGS)
def test_numbers_are_grouped_and_never_raise(value, expected, lang):
    assert format_number(value, lang) == expected


@pytest.mark.parametrize(
    ("value", "lang", "figures", "expected"),
    [
        (2000, "en", None, "¥2,000"),
        (12.5, "zh-Hans", None, "¥12.50"),
        (123_456, "en", 3, "¥123,000"),
        (123_456, "zh-Hans", 3, "¥12.3万"),
        (123_456, "zh-Hant", 3, "¥12.3萬"),
        (100_000, "zh-Hans", 3, "¥10万"),
        (2.5e9, "zh-Hant", 2, "¥25億"),
        (9_999, "zh-Hans", 2, "¥1万"),
    ],
)
def test_money_in_yuan_rounded_to_meaningful_figures(value, lang, figures, expected):
    assert format_money(value, lang, figures) == expected


@pytest.mark.parametrize(
    ("share", "digits", "expected"), [(0.734, 0, "73%"), (0.7345, 1, "73.5%"), (1, 0, "100%")]
)
def test_percent(share, digits, expected):
    assert format_percent(share, "zh-Hans", digits) == expected


@pytest.mark.parametrize(
    ("value", "expected"), [(123_456, 123_000), (0.012345, 0.0123), (0, 0), (-987, -987)]
)
def test_significant_figures(value, expected):
    assert significant(value) == pytest.approx(expected)


def test_traditional_catalogue_uses_taiwan_terms():
    """Every zh-Hant string the app controls says 通路, 平臺, 行銷 ..., never the mainland term."""
    texts = catalogue("zh-Hant").items()
    found = [(key, term) for key, text in texts for term in MAINLAND_TERMS if term in text]
    assert found == []


# Values a Chinese catalogue may keep exactly as English has them, and why.
SAME_AS_ENGLISH = {
    "app.lang_name.en": "each language is named in its own words",
    "app.lang_name.zh-Hans": "each language is named in its own words",
    "app.lang_name.zh-Hant": "each language is named in its own words",
    "app.lang_short.en": "each language is named in its own words",
    "app.lang_short.zh-Hans": "each language is named in its own words",
    "app.lang_short.zh-Hant": "each language is named in its own words",
    "app.answer.download_json": "the name of a file format",
}
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@pytest.mark.parametrize("lang", LANGS[1:])
def test_no_english_is_left_untranslated_in_a_chinese_catalogue(lang):
    """A value with words in it is a Chinese sentence (brand names such as WeChat may sit in one);
    only the values listed above may be the English text itself."""
    english = catalogue("en")
    for key, text in catalogue(lang).items():
        if key in SAME_AS_ENGLISH:
            continue
        words = re.findall(r"[A-Za-z]{2,}", re.sub(r"\{[^}]*\}", "", text))
        assert not words or CJK.search(text), f"{lang} {key}: {text!r} reads as untranslated"
        source = english.get(key) or english.get(key.rsplit(".", 1)[0] + ".other", "")
        assert not words or text != source, f"{lang} {key}: {text!r} is the English text"

"""Translation catalogues: three languages in step, and every key the code uses exists."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from advisor.i18n import LANGS, catalogue, catalogue_files, normalize_lang, t
from advisor.profile import FIELD_SPECS
from advisor.rules import CHANNELS, DIMENSIONS

PACKAGE = Path(__file__).resolve().parents[1] / "advisor"
CALL = re.compile(r"""\bt\(\s*(f?)(["'])(.+?)\2""")


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_language_has_the_same_files_and_keys():
    names = {lang: [p.name for p in catalogue_files(lang)] for lang in LANGS}
    assert names["en"] and names["en"] == names["zh-Hans"] == names["zh-Hant"]
    keys = {lang: set(catalogue(lang)) for lang in LANGS}
    assert keys["en"] == keys["zh-Hans"] == keys["zh-Hant"]


@pytest.mark.parametrize("lang", LANGS[1:])
def test_translations_keep_the_placeholders(lang):
    english = catalogue("en")
    for key, text in catalogue(lang).items():
        assert _placeholders(text) == _placeholders(english[key]), key
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

"""Translation catalogues: every user-facing string is looked up here by key and language."""

from __future__ import annotations

import math
import tomllib
from functools import cache
from pathlib import Path
from typing import Any, Literal

Lang = Literal["en", "zh-Hans", "zh-Hant"]
LANGS: tuple[Lang, ...] = ("en", "zh-Hans", "zh-Hant")
DEFAULT_LANG: Lang = "en"
LOCALES_DIR = Path(__file__).with_name("locales")

_TRADITIONAL_REGIONS = ("tw", "hk", "mo")


def _flatten(table: dict[str, Any], prefix: str = "") -> dict[str, str]:
    """Turn nested TOML tables into dotted keys: {"a": {"b": "x"}} -> {"a.b": "x"}."""
    flat: dict[str, str] = {}
    for key, value in table.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{dotted}."))
        else:
            flat[dotted] = str(value)
    return flat


def catalogue_files(lang: Lang) -> list[Path]:
    """A language's catalogue files: one per part of the product (core, app, analysis, ...)."""
    return sorted((LOCALES_DIR / lang).glob("*.toml"))


@cache
def catalogue(lang: Lang) -> dict[str, str]:
    """The flat key -> text catalogue of one language, merged from its files (read once)."""
    merged: dict[str, str] = {}
    for path in catalogue_files(lang):
        with path.open("rb") as handle:
            entries = _flatten(tomllib.load(handle))
        clash = merged.keys() & entries.keys()
        if clash:
            raise ValueError(f"{path}: keys defined in another catalogue file: {sorted(clash)}")
        merged.update(entries)
    return merged


def t(key: str, lang: Lang = DEFAULT_LANG, **params: Any) -> str:
    """Translate a key, filling {placeholders}; a missing key is a bug, so it raises."""
    text = catalogue(lang)[key]
    return text.format(**params) if params else text


# Plural forms per language (CLDR cardinal rules): English has one/other, Chinese one form only.
PLURAL_FORMS: dict[Lang, tuple[str, ...]] = {
    "en": ("one", "other"),
    "zh-Hans": ("other",),
    "zh-Hant": ("other",),
}


def plural_form(count: float, lang: Lang) -> str:
    """The CLDR plural category of a count in a language: 'one' only for English exactly 1."""
    return "one" if "one" in PLURAL_FORMS[lang] and count == 1 else "other"


def tn(key: str, count: float, lang: Lang = DEFAULT_LANG, **params: Any) -> str:
    """Translate a counted phrase: picks `key.one` or `key.other`; {count} is filled, grouped."""
    text = catalogue(lang)[f"{key}.{plural_form(count, lang)}"]
    return text.format(count=format_number(count, lang), **params)


def has_key(key: str, lang: Lang = DEFAULT_LANG) -> bool:
    """Whether a catalogue holds a key (for optional texts such as per-value labels)."""
    return key in catalogue(lang)


def format_number(value: float, lang: Lang = DEFAULT_LANG, digits: int = 2) -> str:
    """1,234 for whole numbers, 1,234.50 otherwise; non-finite values as ∞ / -∞ / NaN, never raising.

    All three catalogues group thousands with a comma and use a point for decimals (as
    mainland China and Taiwan do); `lang` is taken so that a new language can differ here alone.
    """
    del lang  # the same digits in every supported language (see docstring)
    if isinstance(value, int) and value.bit_length() > 1000:  # beyond float: say its size only
        sign = "-" if value < 0 else ""
        return f"{sign}10^{int((value.bit_length() - 1) * math.log10(2))}+"
    number = float(value)
    if not math.isfinite(number):
        return "NaN" if math.isnan(number) else ("∞" if number > 0 else "-∞")
    if number.is_integer() and abs(number) < 1e18:
        return f"{int(number):,}"
    if abs(number) >= 1e18:
        return f"{number:.3g}"
    return f"{number:,.{digits}f}"


def significant(value: float, figures: int = 3) -> float:
    """Round to a number of significant figures (123,456 -> 123,000): what a reader can use."""
    number = float(value)
    if number == 0 or not math.isfinite(number):
        return number
    return round(number, figures - 1 - math.floor(math.log10(abs(number))))


_TEN_THOUSANDS: dict[Lang, tuple[str, str]] = {"zh-Hans": ("万", "亿"), "zh-Hant": ("萬", "億")}


def format_money(value: float, lang: Lang = DEFAULT_LANG, figures: int | None = None) -> str:
    """A yuan amount: ¥2,000 exactly, or rounded to `figures` significant figures for reading.

    Rounded amounts of 10,000 and more are said the Chinese way in Chinese (¥12.3万 / ¥12.3萬);
    English keeps the digits (¥123,000).
    """
    number = significant(value, figures) if figures else float(value)
    units = _TEN_THOUSANDS.get(lang)
    if figures and units and abs(number) >= 1e4:
        unit, scale = (units[1], 1e8) if abs(number) >= 1e8 else (units[0], 1e4)
        shown = format_number(significant(number / scale, figures), lang, figures)
        return f"¥{shown.rstrip('0').rstrip('.') if '.' in shown else shown}{unit}"
    return f"¥{format_number(number, lang)}"


def format_percent(share: float, lang: Lang = DEFAULT_LANG, digits: int = 0) -> str:
    """A share of 1 as a percent: 0.734 -> 73%; the same sign in every supported language."""
    return f"{format_number(round(float(share) * 100, digits), lang, digits)}%"


def normalize_lang(locale: str | None) -> Lang:
    """Map a browser or user locale (zh-CN, zh-TW, zh-Hant-HK, en-GB, ...) to a catalogue."""
    if not locale:
        return DEFAULT_LANG
    parts = locale.replace("_", "-").lower().split("-")
    if parts[0] != "zh":
        return DEFAULT_LANG
    if "hant" in parts or any(region in parts for region in _TRADITIONAL_REGIONS):
        return "zh-Hant"
    return "zh-Hans"


def is_lang(value: object) -> bool:
    """Whether a value names one of the supported catalogues exactly."""
    return value in LANGS

"""Translation catalogues: every user-facing string is looked up here by key and language."""

from __future__ import annotations

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


def has_key(key: str, lang: Lang = DEFAULT_LANG) -> bool:
    """Whether a catalogue holds a key (for optional texts such as per-value labels)."""
    return key in catalogue(lang)


def format_number(value: float) -> str:
    """1,234 for whole numbers, 1,234.50 otherwise (how every answer and bound is shown)."""
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,.2f}"


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

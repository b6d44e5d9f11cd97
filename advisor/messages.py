"""Problems rendered as sentences: the field by its label, allowed values by theirs, values made safe.

The one place an error becomes words. Values are shown as typed but neutralised (control
characters, terminal escapes and bidi overrides made visible) and shortened, so no input can
repaint a terminal, forge a line in a log or swamp a page.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from advisor.errors import ChannelFitError, Problem
from advisor.i18n import DEFAULT_LANG, Lang, format_number, has_key, t

MAX_SHOWN = 40  # characters of a value shown in a message before it is cut
MAX_PARAM = 2000  # characters of a parameter (a path, a rule-file detail) before it is cut
_BIDI = {0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)}
_CHOICE_GROUPS = ("level",)  # catalogue groups shared by several fields (choice.level.*)
_ENTRY = re.compile(r"(rule|limit|flag|action|case|law) '(.+)'", re.DOTALL)  # a rule-file entry by id
_ENTRY_AT = re.compile(r"(rules|limits|flags|actions|cases|laws)\[(\d+)\]")  # ... by position


def _visible(char: str) -> str:
    """A control, format or bidi character as a visible escape; any other character as itself."""
    point = ord(char)
    if unicodedata.category(char) in ("Cc", "Cs") or point in _BIDI:
        return f"\\x{point:02x}" if point < 0x100 else f"\\u{point:04x}"
    return char


def safe_text(text: str, limit: int = MAX_SHOWN) -> str:
    """Text fit for any terminal or page: escapes visible, at most `limit` characters and an ellipsis."""
    if len(text) > limit * 4:  # never escape megabytes only to cut them
        text = text[: limit * 4]
        cut = True
    else:
        cut = False
    shown = "".join(map(_visible, text))
    if len(shown) > limit or cut:
        return shown[: limit - 1] + "…"
    return shown


def shown_value(value: Any, lang: Lang = DEFAULT_LANG) -> str:
    """A value as typed, made safe: text as is, numbers grouped, huge integers by their size."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and math.isfinite(value) and not value.is_integer():
        return format(value, ",.15g")  # as typed: 2.5, not 2.50
    if isinstance(value, (int, float)):
        return format_number(value, lang)
    return safe_text(str(value))


def field_label(name: str, lang: Lang = DEFAULT_LANG) -> str:
    """A field's catalogue label (profile field, weight.<dimension>); anything else shown safely."""
    if has_key(f"field.{name}.label", lang):
        return t(f"field.{name}.label", lang)
    kind, _, rest = name.partition(".")
    if kind == "weight" and has_key(f"dimension.{rest}", lang):
        return t("problem.label.weight", lang, dimension=t(f"dimension.{rest}", lang))
    if has_key(f"problem.label.{name}", lang):
        return t(f"problem.label.{name}", lang)
    return entry_label(name, lang) or safe_text(name)


def entry_label(name: str, lang: Lang = DEFAULT_LANG) -> str | None:
    """A rule-file entry (rule 'ID', limits[3]) named in the language, or None if `name` is none."""
    if found := _ENTRY.fullmatch(name):
        return t(f"problem.label.entry.{found[1]}", lang, id=safe_text(found[2], limit=MAX_PARAM))
    if found := _ENTRY_AT.fullmatch(name):
        return t(f"problem.label.entry.{found[1]}", lang, number=int(found[2]) + 1)
    return None


def value_label(name: str, value: Any, lang: Lang = DEFAULT_LANG) -> str:
    """An allowed value's catalogue label (choice.<field>.<value>, choice.level.<value>, yes/no)."""
    if isinstance(value, bool):
        return t("choice.bool.yes" if value else "choice.bool.no", lang)
    for group in (name, *_CHOICE_GROUPS):
        if has_key(f"choice.{group}.{value}", lang):
            return t(f"choice.{group}.{value}", lang)
    return shown_value(value, lang)


def _join(items: Iterable[str], lang: Lang) -> str:
    """Allowed values in a list, separated as the language separates them (/ or ／)."""
    return t("problem.allowed.sep", lang).join(items)


def allowed_words(problem: Problem, lang: Lang = DEFAULT_LANG, *, codes: bool = False) -> str:
    """What the field accepts, in words: choice labels, a range, or yes/no."""
    params = problem.params
    if problem.allowed:
        if problem.code.startswith(("unknown", "rule_")):  # the person typed a code: list the codes
            return _join(map(safe_text, map(str, problem.allowed)), lang)
        labels = [value_label(problem.field, v, lang) for v in problem.allowed]
        if codes:
            labels = [
                label if label == str(v) else t("problem.allowed.choice_code", lang, code=v, label=label)
                for v, label in zip(problem.allowed, labels, strict=True)
            ]
        return _join(labels, lang)
    kind = params.get("kind")
    if kind == "bool":
        return t("problem.allowed.bool", lang)
    if kind in ("int", "float") and "low" in params:
        low, high = format_number(params["low"], lang), format_number(params["high"], lang)
        return t(f"problem.allowed.{kind}", lang, low=low, high=high)
    return ""


def _param(value: Any, lang: Lang) -> str:
    """A template parameter: numbers formatted for the language, text made safe."""
    if isinstance(value, ChannelFitError):  # problems inside a problem (a case's answers), in `lang` too
        return join_problems(describe_error(value, lang, codes=True), lang)  # the file holds codes
    if isinstance(value, float) and math.isfinite(value) and not value.is_integer():
        return format(value, ",.15g")  # 300.0000000000001 and 1e-06 as they are
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return format_number(value, lang)
    return safe_text(str(value), limit=MAX_PARAM)


def describe(problem: Problem, lang: Lang = DEFAULT_LANG, *, codes: bool = False) -> str:
    """One problem as a sentence in `lang`; `codes` adds the codes a command line must type."""
    label = field_label(problem.field, lang)
    if codes and has_key(f"field.{problem.field}.label", lang):  # an answer's code, as typed in JSON or CSV
        label = t("problem.allowed.field_code", lang, label=label, code=safe_text(problem.field))
    params = {k: _param(v, lang) for k, v in problem.params.items()}
    if isinstance(item := problem.params.get("item"), str):  # a rule-file entry named in a bounds problem
        params["item"] = entry_label(item, lang) or params["item"]
    params["at"] = t("problem.at", lang, path=params["path"]) if problem.params.get("path") else ""
    if "other_field" in problem.params:
        params["other_label"] = field_label(str(problem.params["other_field"]), lang)
    message = t(
        f"problem.{problem.code}",
        lang,
        label=label,
        value=shown_value(problem.value, lang),
        allowed=allowed_words(problem, lang, codes=codes),
        **params,
    )
    if problem.where:
        return t("problem.where", lang, where=safe_text(problem.where, limit=MAX_PARAM), message=message)
    return message


def describe_error(error: ChannelFitError, lang: Lang = DEFAULT_LANG, *, codes: bool = False) -> list[str]:
    """Every problem of an error as a sentence in `lang`, in the order found."""
    return [describe(problem, lang, codes=codes) for problem in error.problems]


def join_problems(sentences: Iterable[str], lang: Lang = DEFAULT_LANG) -> str:
    """Several problem sentences on one line, separated the way the language does it."""
    return t("problem.join", lang).join(sentences)

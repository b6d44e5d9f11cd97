"""The three Jinja2 environments the reports are drawn with, each escaping for its medium.

HTML autoescapes; Markdown escapes every value it prints (the `finalize` hook), so a scenario
name or a rule's text can add no link, emphasis, table cell or HTML; plain text drops control
characters so nothing printed to a terminal can move its cursor. A catalogue sentence that holds
markup of the medium (a bold severity inside a flag) is filled by `fill`, which escapes the
sentence's own words and every part not already marked safe.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import cache
from string import Formatter
from typing import Any

import jinja2
import pandas as pd
from markupsafe import Markup, escape

from advisor import tables
from advisor.i18n import Lang, catalogue, t

TEMPLATES = jinja2.PackageLoader("advisor.export", "templates")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~&$!])")
_MD_LINE_START = re.compile(r"^([-+=]|\d+(?=[.)]))")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


class Md(str):
    """Markdown that is already escaped (or written by the template): printed as it is."""

    __slots__ = ()


def md(value: Any) -> Md:
    """Escape a value for inline Markdown: punctuation that could start markup, and line breaks."""
    if isinstance(value, Md):
        return value
    text = re.sub(r"\s*[\r\n]+\s*", " ", str(value))
    return Md(_MD_SPECIAL.sub(r"\\\1", text))


def md_block(value: Any) -> Md:
    """Escape a value that starts a line, so it cannot become a list item or a heading."""
    text = md(value)
    match = _MD_LINE_START.match(text)
    if match and match.group(1)[0] in "-+=":
        return Md("\\" + text)
    if match:
        end = match.end()
        return Md(text[:end] + "\\" + text[end:])
    return text


def md_fill(key: str, lang: Lang, **parts: Any) -> Md:
    """A catalogue sentence in Markdown: its words escaped, parts escaped unless already `Md`."""
    out = []
    for literal, field, _spec, _conversion in Formatter().parse(catalogue(lang)[key]):
        out.append(md(literal))
        if field is not None:
            out.append(md(parts[field]))
    return Md("".join(out))


def html_fill(key: str, lang: Lang, **parts: Any) -> Markup:
    """A catalogue sentence in HTML: its words escaped, parts escaped unless already `Markup`."""
    return escape(catalogue(lang)[key]).format(**parts)


def md_bold(value: Any) -> Md:
    """Strong emphasis around an escaped value."""
    return Md(f"**{md(value)}**")


def md_table(frame: pd.DataFrame, strong: Sequence[bool] = ()) -> Md:
    """A Markdown table of a frame: every header and body cell escaped (pipes included); the
    first cell of the rows marked in `strong` in bold."""
    marks = list(strong) or [False] * len(frame)
    body = [
        [md_bold(row[0]) if mark else md(row[0]), *map(md, row[1:])]
        for row, mark in zip(frame.itertuples(index=False), marks, strict=True)
    ]
    lines = [
        "| " + " | ".join(md(c) for c in frame.columns) + " |",
        "|" + "---|" * len(frame.columns),
        *("| " + " | ".join(cells) + " |" for cells in body),
    ]
    return Md("\n".join(lines))


def html_bold(value: Any) -> Markup:
    """<strong> around an escaped value."""
    return Markup("<strong>{}</strong>").format(value)


def cell(value: Any) -> str:
    """A chart table's cell: numbers grouped, at most two decimals; text as it is."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    return f"{value:,.2f}".rstrip("0").rstrip(".") if value % 1 else f"{value:,.0f}"


def plain(value: Any) -> str:
    """A value for a terminal: control characters (escape sequences) shown as a replacement mark."""
    return _CONTROL.sub("\ufffd", "" if value is None else str(value))


def _finalize_md(value: Any) -> Md:
    return md("" if value is None else value)


def _globals() -> dict[str, Callable[..., Any]]:
    return {
        "t": t,
        "score": tables.score_text,
        "points": tables.points_text,
        "percent": tables.percent_text,
        "count": tables.count_text,
    }


def _environment(*, autoescape: bool, finalize: Callable[[Any], Any] | None) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=TEMPLATES,
        autoescape=autoescape,
        finalize=finalize,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(_globals())
    return env


@cache
def html_env() -> jinja2.Environment:
    """HTML: autoescape on; `fill` for catalogue sentences holding markup."""
    env = _environment(autoescape=True, finalize=None)
    env.globals.update(fill=html_fill, bold=html_bold)
    env.filters["cell"] = cell
    return env


@cache
def markdown_env() -> jinja2.Environment:
    """Markdown: every printed value escaped; `block` for values that start a line."""
    env = _environment(autoescape=False, finalize=_finalize_md)
    env.filters["block"] = md_block
    env.globals.update(fill=md_fill, bold=md_bold, table=md_table)
    return env


@cache
def text_env() -> jinja2.Environment:
    """Plain text for a terminal: control characters replaced."""
    env = _environment(autoescape=False, finalize=plain)
    env.globals.update(fill=t, bold=plain)
    return env


def render(env: jinja2.Environment, name: str, **context: Any) -> str:
    """Render one template with its context."""
    return env.get_template(name).render(**context)

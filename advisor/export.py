"""Downloads as pure functions: JSON, Markdown, contributions CSV and a self-contained HTML report.

Each builder takes a Recommendation and a language and returns bytes, so the app only wires
them to buttons and tests can check them directly. The HTML report draws its charts offline
with vl-convert as inline SVG: no script, no CDN, nothing fetched when it is opened.
"""

from __future__ import annotations

import csv
import html
import io
import re
import threading
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import vl_convert

from advisor import charts, report
from advisor.decision import Recommendation
from advisor.i18n import Lang, has_key, t
from advisor.profile import FIELD_SPECS
from advisor.rules import CHANNELS

APP_NAME = "channel-fit"
EXTENSIONS = {"json": "json", "markdown": "md", "csv": "csv", "html": "html"}
MIME_TYPES = {
    "json": "application/json",
    "markdown": "text/markdown",
    "csv": "text/csv",
    "html": "text/html",
}
CSV_COLUMNS = (
    "rule_id",
    "section",
    "dimension",
    "dimension_label",
    "channel",
    "channel_label",
    "points",
    "degree",
    "rationale",
)
# CJK fonts for measuring text when vl-convert lays out a chart (Debian's fonts-noto-cjk).
CJK_FONT_DIRS = (Path("/usr/share/fonts/opentype/noto"), Path("/usr/share/fonts/truetype/noto"))
FONT_STACKS: dict[str, str] = {
    "en": "'Noto Sans', 'Helvetica Neue', Arial, 'Noto Sans CJK SC', sans-serif",
    "zh-Hans": "'Noto Sans CJK SC', 'Noto Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif",
    "zh-Hant": "'Noto Sans CJK TC', 'Noto Sans TC', 'PingFang TC', 'Microsoft JhengHei', sans-serif",
}
_fonts_lock = threading.Lock()
_fonts_registered = False


def file_name(kind: str, day: date | None = None) -> str:
    """The download's file name, carrying the date: channel-fit-2026-11-25.json."""
    return f"{APP_NAME}-{(day or date.today()).isoformat()}.{EXTENSIONS[kind]}"


def json_text(rec: Recommendation, lang: Lang) -> str:
    """The recommendation document, serialised exactly as the CLI prints it."""
    return report.to_json(report.document(rec, lang))


def json_bytes(rec: Recommendation, lang: Lang) -> bytes:
    """JSON download: report.to_json(report.document(rec, lang)) as UTF-8."""
    return json_text(rec, lang).encode("utf-8")


def markdown_bytes(rec: Recommendation, lang: Lang) -> bytes:
    """Markdown report download, UTF-8."""
    return report.to_markdown(report.document(rec, lang)).encode("utf-8")


def contributions_rows(rec: Recommendation, lang: Lang) -> list[dict[str, Any]]:
    """Every (rule, channel) contribution with its labels and rationale in the language."""
    return [
        {
            "rule_id": c.rule_id,
            "section": c.section,
            "dimension": c.dimension,
            "dimension_label": t(f"dimension.{c.dimension}", lang),
            "channel": c.channel,
            "channel_label": t(f"channel.{c.channel}", lang),
            "points": round(c.points, 4),
            "degree": round(c.degree, 4),
            "rationale": rec.rules.rule(c.rule_id).rationale.get(lang),
        }
        for c in rec.contributions
    ]


def contributions_csv(rec: Recommendation, lang: Lang) -> bytes:
    """Contributions as CSV (UTF-8 with BOM so spreadsheet programs read Chinese correctly)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(contributions_rows(rec, lang))
    return buffer.getvalue().encode("utf-8-sig")


def value_label(field: str, value: Any, lang: Lang) -> str:
    """An answer as the founder would read it: choice and yes/no labels, grouped numbers."""
    if value is None:
        return t("choice.bool.unknown", lang)
    spec = FIELD_SPECS[field]
    if spec.kind == "bool":
        return t("choice.bool.yes" if value else "choice.bool.no", lang)
    if spec.kind == "choice":
        for key in (f"choice.{field}.{value}", f"choice.level.{value}"):
            if has_key(key, lang):
                return t(key, lang)
        return str(value)
    number = float(value)
    return f"{int(number):,}" if number.is_integer() else f"{number:,.2f}"


def _register_fonts() -> None:
    """Let vl-convert measure CJK text: register the system's Noto CJK folder once."""
    global _fonts_registered
    with _fonts_lock:
        if _fonts_registered:
            return
        for folder in CJK_FONT_DIRS:
            if folder.is_dir():
                vl_convert.register_font_directory(str(folder))
        _fonts_registered = True


def _unique_ids(svg: str, prefix: str) -> str:
    """Prefix every id in an SVG (and the references to it) so several can share one page."""
    for ident in set(re.findall(r'\bid="([^"]+)"', svg)):
        svg = svg.replace(f'id="{ident}"', f'id="{prefix}{ident}"')
        svg = svg.replace(f"url(#{ident})", f"url(#{prefix}{ident})")
        svg = svg.replace(f'href="#{ident}"', f'href="#{prefix}{ident}"')
    return svg


def chart_svg(figure: charts.Figure, lang: Lang, width: int = 620, id_prefix: str = "") -> str:
    """Render a figure to standalone SVG offline with vl-convert, text kept as text."""
    _register_fonts()
    spec = figure.with_width(width)
    spec.setdefault("config", {})["font"] = FONT_STACKS[lang]
    svg = vl_convert.vegalite_to_svg(spec)
    if id_prefix:
        svg = _unique_ids(svg, id_prefix)
    label = html.escape(figure.description, quote=True)
    return svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _html_table(frame: Any) -> str:
    head = "".join(f"<th>{_e(c)}</th>" for c in frame.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{_e(_cell(v))}</td>" for v in row) + "</tr>"
        for row in frame.itertuples(index=False)
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{int(value):,}" if value.is_integer() and abs(value) >= 1000 else f"{value:g}"
    return str(value)


def _figure_html(key: str, title: str | None, figure: charts.Figure, lang: Lang) -> str:
    caption = f"<figcaption>{_e(title)}</figcaption>" if title else ""
    return (
        f"<figure>{caption}{chart_svg(figure, lang, id_prefix=f'{key}-')}"
        f"<details><summary>{_e(t('app.answer.data_table', lang))}</summary>"
        f"{_html_table(figure.table)}</details></figure>"
    )


_CSS = """
body{font-family:FONTS;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#1f2328;line-height:1.55}
h1{font-size:1.7rem;margin-bottom:.2rem} h2{font-size:1.25rem;margin-top:2rem;border-bottom:1px solid #ddd}
.meta{color:#57606a;font-size:.9rem} .card{border:1px solid #d0d7de;border-radius:.6rem;padding:1rem 1.2rem}
.card .channel{font-size:1.5rem;font-weight:700}
.flag{border-left:4px solid;padding:.5rem .8rem;margin:.6rem 0}
.flag.danger{border-color:#cf222e;background:#ffebe9} .flag.warning{border-color:#bf8700;background:#fff8c5}
.flag.info{border-color:#0969da;background:#ddf4ff} figure{margin:1rem 0} figcaption{font-weight:600}
svg{max-width:100%;height:auto} table{border-collapse:collapse;margin:.5rem 0;font-size:.9rem}
th,td{border:1px solid #d0d7de;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa} footer{margin-top:2rem;color:#57606a;font-size:.85rem}
"""


def fill_html(key: str, lang: Lang, **parts: str) -> str:
    """A catalogue text as HTML: its own words escaped, the parts (already HTML) put in place."""
    tokens = {name: f"\x00{i}\x00" for i, name in enumerate(parts)}
    text = _e(t(key, lang, **tokens))
    for name, token in tokens.items():
        text = text.replace(token, parts[name])
    return text


def _reason_html(rec: Recommendation, reason: dict[str, Any], titles: dict[str, str], lang: Lang) -> str:
    section = reason["section"]
    heading = f"<strong>{_e(section)} · {_e(titles.get(section, ''))}</strong>"
    return (
        "<li>"
        + fill_html(
            "app.answer.reason",
            lang,
            heading=heading,
            rationale=_e(rec.rules.rule(reason["rule_id"]).rationale.get(lang)),
            points=_e(t("app.answer.points", lang, points=f"+{reason['net_points']:.1f}")),
        )
        + "</li>"
    )


def _flag_html(flag: dict[str, Any], lang: Lang) -> str:
    severity = flag["severity"]
    text = fill_html(
        "app.answer.flag",
        lang,
        severity=f"<strong>{_e(t(f'severity.{severity}', lang))}</strong>",
        sections=_e(t("app.list_sep", lang).join(flag["sections"])),
        message=_e(flag["message"]),
    )
    return f'<div class="flag {_e(severity)}">{text}</div>'


def _action_html(action: dict[str, Any], lang: Lang) -> str:
    return (
        "<li>"
        + fill_html("app.answer.action", lang, text=_e(action["text"]), section=_e(action["section"]))
        + "</li>"
    )


def html_report(rec: Recommendation, lang: Lang, day: date | None = None) -> str:
    """A self-contained HTML report: headline, flags, charts as inline SVG, reasons, plan, tables."""
    doc = report.document(rec, lang)
    figures = charts.all_figures(rec, lang)
    rules = rec.rules
    section_title = {s.id: s.title.get(lang) for s in rules.sections}
    reasons = "".join(_reason_html(rec, r, section_title, lang) for r in doc["top_reasons"]) or (
        f"<li>{_e(t('report.no_reasons', lang))}</li>"
    )
    flags = "".join(_flag_html(f, lang) for f in doc["flags"])
    actions = "".join(_action_html(a, lang) for a in doc["actions"])
    answers = [
        (t(f"field.{name}.label", lang), value_label(name, getattr(rec.profile, name), lang))
        for name in FIELD_SPECS
    ]
    answers_table = (
        f"<table><thead><tr><th>{_e(t('report.col.field', lang))}</th>"
        f"<th>{_e(t('report.col.value', lang))}</th></tr></thead><tbody>"
        + "".join(f"<tr><td>{_e(k)}</td><td>{_e(v)}</td></tr>" for k, v in answers)
        + "</tbody></table>"
    )
    contributions = pd.DataFrame(contributions_rows(rec, lang))
    contributions_table = _html_table(
        contributions[
            ["rule_id", "section", "dimension_label", "channel_label", "points", "rationale"]
        ].rename(
            columns={
                "rule_id": t("report.col.rule", lang),
                "section": t("report.col.section", lang),
                "dimension_label": t("report.col.dimension", lang),
                "channel_label": t("report.col.channel", lang),
                "points": t("report.col.points", lang),
                "rationale": t("app.table.rationale", lang),
            }
        )
        if len(contributions)
        else pd.DataFrame()
    )
    runner = t(f"channel.{rec.runner_up}", lang)
    lead = t("app.answer.lead", lang, runner=runner, margin=f"{rec.margin:.1f}")
    clarity = t("app.answer.clear" if doc["robust"] else "app.answer.close", lang)
    flips = "".join(f"<li>{_e(f['text'])}</li>" for f in doc["flip_points"])
    flips_html = f"<ul>{flips}</ul>" if flips else f"<p>{_e(t('report.no_flip_points', lang))}</p>"
    scores = t("app.list_sep", lang).join(f"{t(f'channel.{c}', lang)} {rec.scores[c]:.1f}" for c in CHANNELS)
    mix = doc["mix_rationale"]
    mix_html = (
        "<p>"
        + fill_html(
            "app.answer.mix_reason",
            lang,
            sections=f"<strong>{_e(t('app.list_sep', lang).join(mix['sections']))}</strong>",
            text=_e(mix["text"]),
        )
        + "</p>"
        if mix
        else ""
    )
    body = f"""
<header><h1>{_e(t("report.title", lang))}</h1>
<p class="meta">{_e(t("app.export.generated", lang, date=(day or date.today()).isoformat()))}</p></header>
<section class="card" aria-label="{_e(t("report.recommendation", lang))}">
<div>{_e(t("report.recommendation", lang))}</div>
<div class="channel">{_e(doc["recommendation_label"])}</div>
<div>{_e(lead)} · {_e(clarity)}</div>
<p>{_e(doc["summary"])}</p>
<p class="meta">{_e(doc["verdict"])}</p>
<p class="meta">{_e(scores)}</p></section>
{f"<h2>{_e(t('report.flags', lang))}</h2>{flags}" if flags else ""}
<h2>{_e(t("report.scores", lang))}</h2>
{_figure_html("scores", None, figures["scores"], lang)}
<h2>{_e(t("report.why", lang))}</h2>
{_figure_html("why", t("app.answer.why_chart", lang), figures["why"], lang)}
<h3>{_e(t("app.answer.top_reasons", lang))}</h3><ol>{reasons}</ol>{mix_html}
<h2>{_e(t("app.answer.what_if", lang))}</h2>
<p>{_e(t("app.answer.what_if_caption", lang))}</p>
{_figure_html("budget", t("app.answer.what_if_monthly_budget", lang), figures["monthly_budget"], lang)}
{_figure_html("team", t("app.answer.what_if_team_size", lang), figures["team_size"], lang)}
<h3>{_e(t("report.flip_points", lang))}</h3>{flips_html}
<p class="meta">{_e(doc["sensitivity_summary"])}</p>
<h2>{_e(t("report.actions", lang))}</h2><ol>{actions}</ol>
<h2>{_e(t("report.answers", lang))}</h2>{answers_table}
<h2>{_e(t("report.contributions", lang))}</h2>{contributions_table}
<footer>{_e(t("report.footer", lang, version=rules.version))}</footer>
"""
    css = _CSS.replace("FONTS", FONT_STACKS[lang])
    return (
        f'<!DOCTYPE html>\n<html lang="{_e(lang)}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(t('report.title', lang))} — {_e(doc['recommendation_label'])}</title>\n"
        f"<style>{css}</style>\n</head>\n<body>{body}</body>\n</html>\n"
    )


def html_bytes(rec: Recommendation, lang: Lang, day: date | None = None) -> bytes:
    """HTML report download, UTF-8."""
    return html_report(rec, lang, day).encode("utf-8")

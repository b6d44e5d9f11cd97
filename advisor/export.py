"""Downloads as pure functions: JSON, Markdown, contributions CSV and a self-contained HTML report.

Each builder takes a Recommendation and a language and returns bytes, so the app only wires
them to buttons and tests can check them directly. The HTML report draws its charts offline
with vl-convert as inline SVG: no script, no CDN, nothing fetched when it is opened.
"""

from __future__ import annotations

import csv
import html
import io
import math
import re
import threading
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import vl_convert

from advisor import charts, report
from advisor.decision import Recommendation
from advisor.i18n import Lang, t
from advisor.profile import FIELD_SPECS
from advisor.rules import CHANNELS
from advisor.scenarios import DIFFERS, compare_documents, row_label

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


Doc = dict[str, Any]


def json_text(rec: Recommendation, lang: Lang, doc: Doc | None = None) -> str:
    """The recommendation document (weights, robustness and flip points included), serialised
    exactly as the CLI prints it. `doc` is report.document(rec, lang) when already at hand."""
    return report.to_json(doc if doc is not None else report.document(rec, lang))


def json_bytes(rec: Recommendation, lang: Lang, doc: Doc | None = None) -> bytes:
    """JSON download: report.to_json(report.document(rec, lang)) as UTF-8."""
    return json_text(rec, lang, doc).encode("utf-8")


# ------------------------------------------------------------------ trust tables


def _percent(share: float) -> str:
    return f"{share * 100:.0f}%"


def _change(change: float | None, channel: str | None, lang: Lang) -> str:
    if change is None or channel is None:
        return t("app.sure.no_flip", lang)
    return t(
        "app.sure.change", lang, change=f"{change * 100:+.1f}%", channel=t(f"channel_short.{channel}", lang)
    )


def sensitivity_table(doc: Doc, lang: Lang) -> pd.DataFrame:
    """One weight at a time: each dimension's weight, the result at -step and +step, and the
    smallest change of that weight that would flip the recommendation."""
    rows = doc["sensitivity"]
    step = _percent(rows[0]["step"]) if rows else _percent(0.2)
    short = {c: t(f"channel_short.{c}", lang) for c in CHANNELS}
    return pd.DataFrame(
        {
            t("report.col.dimension", lang): [t(f"dimension.{r['dimension']}", lang) for r in rows],
            t("app.sure.col_weight", lang): [f"{r['weight']:g}" for r in rows],
            t("app.sure.col_down", lang, step=step): [short[r["down"]] for r in rows],
            t("app.sure.col_up", lang, step=step): [short[r["up"]] for r in rows],
            t("app.sure.col_flip_down", lang): [
                _change(r["flip_down"], r["flip_down_channel"], lang) for r in rows
            ],
            t("app.sure.col_flip_up", lang): [
                _change(r["flip_up"], r["flip_up_channel"], lang) for r in rows
            ],
        }
    )


def weights_table(doc: Doc, lang: Lang) -> pd.DataFrame:
    """The weights used next to the rule file's defaults, changed ones marked."""
    header, rows = report.weights_rows(doc, lang)
    return pd.DataFrame(rows, columns=header)


def shares_table(doc: Doc, lang: Lang) -> pd.DataFrame:
    """The share of plausible weightings each channel wins."""
    header, rows = report.shares_rows(doc, lang)
    return pd.DataFrame(rows, columns=header)


def markdown_text(rec: Recommendation, lang: Lang, doc: Doc | None = None) -> str:
    """The Markdown report (the same as `python -m advisor recommend --format markdown`)."""
    return report.to_markdown(doc if doc is not None else report.document(rec, lang))


def markdown_bytes(rec: Recommendation, lang: Lang, doc: Doc | None = None) -> bytes:
    """Markdown report download, UTF-8."""
    return markdown_text(rec, lang, doc).encode("utf-8")


# ------------------------------------------------------------------ scenario comparison


def comparison_frame(docs: Sequence[Doc], lang: Lang) -> pd.DataFrame:
    """scenarios.compare_documents of named documents (one column per scenario, `differs`)."""
    return compare_documents(docs, lang)


def comparison_cell(row: str, value: Any, lang: Lang) -> str:
    """One comparison value as a reader sees it."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return value_label(row, None, lang) if row in FIELD_SPECS else ""
    if row in FIELD_SPECS:
        return value_label(row, value, lang)
    if row.startswith("score.") or row == "margin":
        return f"{float(value):.1f}"
    if row == "recommendation":
        return t(f"channel.{value}", lang)
    if row.startswith("weight."):
        return f"{float(value):g}"
    return str(value)


def comparison_table(frame: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    """A comparison frame for reading: row labels, formatted values and a "differs" marker column."""
    names = [c for c in frame.columns if c != DIFFERS]
    table = pd.DataFrame(
        {
            t("analysis.scenario.item", lang): [row_label(row, lang) for row in frame.index],
            **{
                str(name): [comparison_cell(row, frame.at[row, name], lang) for row in frame.index]
                for name in names
            },
            t("analysis.scenario.differs", lang): [
                t("app.compare.differs_mark", lang) if d else "" for d in frame[DIFFERS]
            ],
        }
    )
    return table


def comparison_csv(docs: Sequence[Doc], lang: Lang) -> bytes:
    """The comparison as CSV for a spreadsheet (row keys and raw values, an `item` and a
    `differs` column): what `python -m advisor compare ... --format csv` writes for the same
    documents, with a BOM so spreadsheet programs read Chinese names correctly."""
    return compare_documents(docs, lang).to_csv(index_label="item").encode("utf-8-sig")


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
    return report.answer_label(field, value, lang)


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
tr.differs td{background:#fff8c5;font-weight:600} .verdict{font-weight:600}
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


def _trust_html(rec: Recommendation, doc: Doc, lang: Lang) -> str:
    """How sure the answer is: verdict, shares chart, one weight at a time, the weights used."""
    robustness = doc["robustness"]
    figure = charts.robustness_chart(doc, lang, rec.rules.scoring.robust_share)
    lines = "".join(f"<li>{_e(line)}</li>" for line in report.sensitivity_lines(doc))
    sensitivity = f"<ul>{lines}</ul>" if lines else f"<p>{_e(t('app.sure.no_weight_flips', lang))}</p>"
    method = t("app.sure.method", lang, samples=f"{robustness['samples']:,}", seed=robustness["seed"])
    return (
        f'<section id="robustness"><h2>{_e(t("app.sure.title", lang))}</h2>'
        f'<p class="verdict">{_e(doc["verdict"])}</p><p class="meta">{_e(method)}</p>'
        f"{_figure_html('robustness', t('app.sure.chart_title', lang), figure, lang)}"
        f"<h3>{_e(t('app.sure.sensitivity_title', lang))}</h3>"
        f"<p>{_e(doc['sensitivity_summary'])}</p>{sensitivity}"
        f"<details><summary>{_e(t('app.sure.sensitivity_table', lang))}</summary>"
        f"{_html_table(sensitivity_table(doc, lang))}</details>"
        f'<h3 id="weights">{_e(t("app.weights.used", lang))}</h3>'
        f"{_html_table(weights_table(doc, lang))}</section>"
    )


def _flips_html(doc: Doc, lang: Lang) -> str:
    """What would change the answer: the sentences and the dot-and-arrow chart."""
    flips = "".join(f"<li>{_e(f['text'])}</li>" for f in doc["flip_points"])
    listed = f"<ul>{flips}</ul>" if flips else f"<p>{_e(t('report.no_flip_points', lang))}</p>"
    figure = charts.flip_chart(doc, lang)
    chart = _figure_html("flips", t("app.flip.chart_title", lang), figure, lang) if figure else ""
    return (
        f'<section id="flip-points"><h2>{_e(t("report.flip_points", lang))}</h2>'
        f'<p class="meta">{_e(t("app.flip.caption", lang))}</p>{listed}{chart}</section>'
    )


def _comparison_html(docs: Sequence[Doc], lang: Lang) -> str:
    """Saved scenarios side by side: the table with differing rows marked, and the grouped chart."""
    frame = comparison_frame(docs, lang)
    table = comparison_table(frame, lang)
    head = "".join(f"<th>{_e(c)}</th>" for c in table.columns)
    body = "".join(
        ('<tr class="differs">' if differs else "<tr>") + "".join(f"<td>{_e(v)}</td>" for v in row) + "</tr>"
        for row, differs in zip(table.itertuples(index=False), frame[DIFFERS], strict=True)
    )
    figure = charts.comparison_chart(docs, lang)
    return (
        f'<section id="scenarios"><h2>{_e(t("app.compare.title", lang))}</h2>'
        f'<p class="meta">{_e(t("app.compare.intro", lang))}</p>'
        f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
        f"{_figure_html('comparison', t('app.compare.chart_title', lang), figure, lang)}</section>"
    )


def html_report(
    rec: Recommendation,
    lang: Lang,
    day: date | None = None,
    doc: Doc | None = None,
    comparison: Sequence[Doc] | None = None,
) -> str:
    """A self-contained HTML report: headline, flags, charts as inline SVG, reasons, how sure the
    answer is, what would change it, the plan and the tables; with `comparison` (two to four
    named documents of saved scenarios) also the scenarios side by side."""
    doc = doc if doc is not None else report.document(rec, lang)
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
    clarity = badge_text(doc, lang)
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
    compared = _comparison_html(comparison, lang) if comparison and len(comparison) >= 2 else ""
    body = f"""
<header><h1>{_e(t("report.title", lang))}</h1>
<p class="meta">{_e(t("app.export.generated", lang, date=(day or date.today()).isoformat()))}</p></header>
<section class="card" aria-label="{_e(t("report.recommendation", lang))}">
<div>{_e(t("report.recommendation", lang))}</div>
<div class="channel">{_e(doc["recommendation_label"])}</div>
<div>{_e(lead)} · <strong>{_e(clarity)}</strong></div>
<p>{_e(doc["summary"])}</p>
<p class="meta">{_e(doc["verdict"])}</p>
<p class="meta">{_e(scores)}</p></section>
{f"<h2>{_e(t('report.flags', lang))}</h2>{flags}" if flags else ""}
<h2>{_e(t("report.scores", lang))}</h2>
{_figure_html("scores", None, figures["scores"], lang)}
<h2>{_e(t("report.why", lang))}</h2>
{_figure_html("why", t("app.answer.why_chart", lang), figures["why"], lang)}
<h3>{_e(t("app.answer.top_reasons", lang))}</h3><ol>{reasons}</ol>{mix_html}
{_trust_html(rec, doc, lang)}
<h2>{_e(t("app.answer.what_if", lang))}</h2>
<p>{_e(t("app.answer.what_if_caption", lang))}</p>
{_figure_html("budget", t("app.answer.what_if_monthly_budget", lang), figures["monthly_budget"], lang)}
{_figure_html("team", t("app.answer.what_if_team_size", lang), figures["team_size"], lang)}
{_flips_html(doc, lang)}
<h2>{_e(t("report.actions", lang))}</h2><ol>{actions}</ol>
{compared}
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


def html_bytes(
    rec: Recommendation,
    lang: Lang,
    day: date | None = None,
    doc: Doc | None = None,
    comparison: Sequence[Doc] | None = None,
) -> bytes:
    """HTML report download, UTF-8."""
    return html_report(rec, lang, day, doc, comparison).encode("utf-8")


def badge_text(doc: Doc, lang: Lang) -> str:
    """How clear the lead is, in words: a clear lead, or no clear winner (never both)."""
    if doc["robust"]:
        return t("app.answer.clear", lang)
    return t("app.answer.close_mix" if doc["recommendation"] == "mix" else "app.answer.close", lang)

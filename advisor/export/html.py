"""The self-contained HTML report: a Jinja2 template (autoescape on) over the report document,
its charts drawn offline as inline SVG. No script, no outside URL, nothing fetched when opened;
the same document, figures and day give the same bytes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path

from advisor import charts, report, tables
from advisor.charts import Figure
from advisor.decision import Recommendation
from advisor.export import svg
from advisor.export.markdown import Doc
from advisor.export.templating import html_env, render
from advisor.i18n import Lang, t
from advisor.rules import CHANNELS


def figures(rec: Recommendation, doc: Doc, comparison: Sequence[Doc] = ()) -> dict[str, Figure]:
    """The report's charts, keyed: scores, why, robustness, the two what-ifs, flips (when an
    answer can flip the result) and comparison (when two or more scenarios are given)."""
    lang: Lang = doc["lang"]
    out = {
        "scores": charts.scores_chart(rec, lang),
        "why": charts.contributions_chart(rec, lang),
        "robustness": charts.robustness_chart(doc, lang, doc["robust_share"]),
        **charts.what_if_charts(rec.profile, lang, rec.rules, rec.weights),
    }
    flips = charts.flip_chart(doc, lang)
    if flips is not None:
        out["flips"] = flips
    if len(comparison) >= 2:
        out["comparison"] = charts.comparison_chart(comparison, lang)
    return out


def report_html(doc: Doc, figures: Mapping[str, Figure], *, day: date, comparison: Sequence[Doc] = ()) -> str:
    """The HTML report of a document and its figures, dated `day`; with two to four named
    scenario documents in `comparison`, also the scenarios side by side."""
    lang: Lang = doc["lang"]
    compared = tables.comparison(comparison, lang) if len(comparison) >= 2 else None
    return render(
        html_env(),
        "report.html.j2",
        doc=doc,
        lang=lang,
        day=day,
        fonts=svg.FONT_STACKS[lang],
        figures=figures,
        svgs=svg.chart_svgs(figures, lang),
        lead=t(
            "app.answer.lead",
            lang,
            runner=t(f"channel.{doc['runner_up']}", lang),
            margin=tables.score_text(doc["margin"]),
        ),
        badge=report.badge(doc),
        score_line=t("app.list_sep", lang).join(
            f"{report.channel_label(c, lang)} {tables.score_text(doc['scores'][c])}" for c in CHANNELS
        ),
        list_sep=t("app.list_sep", lang),
        sensitivity_lines=report.sensitivity_lines(doc),
        comparison=compared,
        differs=tables.differing_rows(compared) if compared is not None else [],
        footer=report.footer(doc),
        **{name: build(doc) for name, build in tables.SECTIONS.items()},
    )


def report_bytes(
    rec: Recommendation,
    doc: Doc,
    *,
    day: date,
    font_dirs: Iterable[Path],
    comparison: Sequence[Doc] = (),
) -> bytes:
    """The HTML download in one call, UTF-8: fonts from `font_dirs`, dated `day` (both from the edge)."""
    svg.use_fonts(font_dirs)
    return report_html(doc, figures(rec, doc, comparison), day=day, comparison=comparison).encode("utf-8")

"""The Markdown report and the Markdown comparison, drawn by Jinja2 templates over the document."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from advisor import report, tables
from advisor.export.templating import Md, markdown_env, md_block, md_bold, md_fill, render, text_env
from advisor.i18n import Lang, t

Doc = Mapping[str, Any]


def flag_sentences(doc: Doc) -> list[tuple[str, Md]]:
    """Each flag as (severity id, Markdown sentence): the severity in bold, sections, message."""
    lang: Lang = doc["lang"]
    separator = t("app.list_sep", lang)
    return [
        (
            f["severity"],
            md_fill(
                "app.answer.flag",
                lang,
                severity=md_bold(t(f"severity.{f['severity']}", lang)),
                sections=separator.join(f["sections"]),
                message=f["message"],
            ),
        )
        for f in doc["flags"]
    ]


def reason_items(doc: Doc) -> list[Md]:
    """The main reasons as Markdown list items: section and its title in bold, why, points."""
    lang: Lang = doc["lang"]
    return [
        md_fill(
            "app.answer.reason",
            lang,
            heading=md_bold(f"{r['section']} · {r['section_title']}"),
            rationale=r["rationale"],
            points=r["points_text"],  # the gap over the runner-up, labelled as such
        )
        for r in doc["top_reasons"]
    ]


def limit_lines(doc: Doc) -> list[str]:
    """The article's hard limits that hold, binding ones first (the document's order), one line each."""
    return [x["text"] for x in doc["limits"]]


def mix_unavailable(doc: Doc) -> str | None:
    """Why a mix is not an option, when it is not (the model's mix status sentence)."""
    return None if doc["mix"]["viable"] else doc["mix"]["text"]


def mix_sentence(doc: Doc) -> Md | None:
    """Why a mix, when the recommendation is one: its sections in bold and the rationale."""
    mix = doc["mix_rationale"]
    if not mix:
        return None
    lang: Lang = doc["lang"]
    sections = md_bold(t("app.list_sep", lang).join(mix["sections"]))
    return md_block(md_fill("app.answer.mix_reason", lang, sections=sections, text=mix["text"]))


def action_items(doc: Doc) -> list[Md]:
    """The action plan as Markdown list items: what to do and its section."""
    lang: Lang = doc["lang"]
    return [md_fill("app.answer.action", lang, text=a["text"], section=a["section"]) for a in doc["actions"]]


def numbered(items: list[Md]) -> Md:
    """Markdown list items as one numbered list."""
    return Md("\n".join(f"{i}. {item}" for i, item in enumerate(items, 1)))


def _context(doc: Doc) -> dict[str, Any]:
    """What the report templates read: the document, its section tables and its sentences."""
    lang: Lang = doc["lang"]
    return {
        "doc": doc,
        "lang": lang,
        "headline": report.headline(doc),
        "footer": report.footer(doc),
        "list_sep": t("app.list_sep", lang),
        "sensitivity_lines": report.sensitivity_lines(doc),
        "flag_sentences": [sentence for _, sentence in flag_sentences(doc)],
        "reason_items": reason_items(doc),
        "mix_sentence": mix_sentence(doc),
        "limit_lines": limit_lines(doc),
        "mix_unavailable": mix_unavailable(doc),
        "action_items": action_items(doc),
        **{name: build(doc) for name, build in tables.SECTIONS.items()},
    }


def report_markdown(doc: Doc) -> str:
    """A Markdown report to share: answer, scores, reasons, flags, plan, every rule, how sure."""
    return render(markdown_env(), "report.md.j2", **_context(doc))


def report_markdown_bytes(doc: Doc) -> bytes:
    """The Markdown report download, UTF-8."""
    return report_markdown(doc).encode("utf-8")


def report_text(doc: Doc) -> str:
    """A plain-text report for the terminal."""
    return render(text_env(), "report.txt.j2", **_context(doc))


def comparison_markdown(docs: Sequence[Doc], lang: Lang) -> str:
    """Saved scenarios side by side as a Markdown table; the items that differ in bold."""
    table = tables.comparison(docs, lang)
    return render(
        markdown_env(), "comparison.md.j2", frame=table.iloc[:, :-1], strong=tables.differing_rows(table)
    )


def comparison_text(docs: Sequence[Doc], lang: Lang) -> str:
    """Saved scenarios side by side as an aligned plain-text table for the terminal."""
    table = tables.comparison(docs, lang).map(lambda cell: cell.replace("\n", " "))
    return render(text_env(), "comparison.txt.j2", text=table.to_string(index=False))

"""Files to download or write: JSON, CSV and Excel with spreadsheet-safe cells, and their names.

Every builder is a pure function of report documents; nothing here reads a clock or a setting.
CSV and Excel cells that a spreadsheet would run as a formula are quoted (`advisor.cells`),
numbers stay numbers.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import pandas as pd

from advisor import report, tables
from advisor.cells import safe_frame
from advisor.i18n import Lang, t
from advisor.scenarios import compare_documents

Doc = Mapping[str, Any]
APP_NAME = "channel-fit"
EXTENSIONS = {"json": "json", "markdown": "md", "csv": "csv", "xlsx": "xlsx", "html": "html", "text": "txt"}
MIME_TYPES = {
    "json": "application/json",
    "markdown": "text/markdown",
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "html": "text/html",
    "text": "text/plain",
}
CONTRIBUTION_COLUMNS = (
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
MAX_SLUG = 40
# RFC 4180 line ends; the csv writer then also quotes a cell holding a lone CR or LF.
CSV_LINE_END = "\r\n"


# ------------------------------------------------------------------ names


def slug(text: str) -> str:
    """A piece of a file name: letters and digits of any script kept, the rest one hyphen."""
    normal = unicodedata.normalize("NFKC", str(text)).lower()
    kept = "".join(ch if ch.isalnum() else "-" for ch in normal)
    return re.sub(r"-+", "-", kept).strip("-")[:MAX_SLUG].strip("-")


def file_name(kind: str, subject: Sequence[str], day: date) -> str:
    """channel-fit-<subject>-<date>.<ext>: what the file is about and the day it was made."""
    parts = [APP_NAME, *(s for s in map(slug, subject) if s), day.isoformat()]
    return "-".join(parts) + "." + EXTENSIONS[kind]


def report_subject(doc: Doc) -> list[str]:
    """A report is about its recommendation and the founder's category: ["wechat", "fmcg"]."""
    return [doc["recommendation"], str(doc["profile"].get("category") or "")]


def comparison_subject(docs: Sequence[Doc], lang: Lang) -> list[str]:
    """A comparison is about the scenarios it compares: ["comparison", "plan-a", "plan-b"]."""
    return [t("export.file.compare", lang), *(str(d.get("name") or "") for d in docs)]


# ------------------------------------------------------------------ JSON


def json_bytes(doc: Doc) -> bytes:
    """The document as the CLI prints it (`report.to_json`), UTF-8."""
    return report.to_json(dict(doc)).encode("utf-8")


# ------------------------------------------------------------------ tables as CSV and Excel


def contributions_frame(doc: Doc) -> pd.DataFrame:
    """Every (rule, channel) contribution, language-free ids next to their labels: data columns."""
    lang: Lang = doc["lang"]
    rows = doc["contributions"]
    return pd.DataFrame(
        {
            "rule_id": [c["rule_id"] for c in rows],
            "section": [c["section"] for c in rows],
            "dimension": [c["dimension"] for c in rows],
            "dimension_label": [t(f"dimension.{c['dimension']}", lang) for c in rows],
            "channel": [c["channel"] for c in rows],
            "channel_label": [report.channel_label(c["channel"], lang) for c in rows],
            "points": pd.Series([float(c["points"]) for c in rows], dtype="float64"),
            "degree": pd.Series([float(c["degree"]) for c in rows], dtype="float64"),
            "rationale": [c["rationale"] for c in rows],
        },
        columns=list(CONTRIBUTION_COLUMNS),
    )


def comparison_frame(docs: Sequence[Doc], lang: Lang) -> pd.DataFrame:
    """Scenarios side by side as data: row keys, the validated values, a boolean `differs` column."""
    return compare_documents(tables.validated(docs, lang), lang)


def csv_text(frame: pd.DataFrame, index_label: str | None = None) -> str:
    """A frame as CSV text with every cell safe for a spreadsheet (numbers stay numbers)."""
    safe = safe_frame(frame)
    if index_label is None:
        return safe.to_csv(index=False, lineterminator=CSV_LINE_END)
    return safe.to_csv(index_label=index_label, lineterminator=CSV_LINE_END)


def csv_bytes(frame: pd.DataFrame, index_label: str | None = None) -> bytes:
    """CSV download: UTF-8 with a BOM, so spreadsheet programs read Chinese right."""
    return csv_text(frame, index_label).encode("utf-8-sig")


def xlsx_bytes(sheets: Mapping[str, pd.DataFrame]) -> bytes:
    """An Excel workbook, one sheet per frame; text is never read as a formula, cells made safe."""
    buffer = io.BytesIO()
    options = {"strings_to_formulas": False, "strings_to_urls": False}
    with pd.ExcelWriter(buffer, engine="xlsxwriter", engine_kwargs={"options": options}) as writer:
        for name, frame in sheets.items():
            safe_frame(frame).to_excel(writer, sheet_name=name[:31], index=False)
    return buffer.getvalue()


def contributions_csv(doc: Doc) -> bytes:
    """Every contribution as CSV (UTF-8 with BOM)."""
    return csv_bytes(contributions_frame(doc))


def comparison_csv_text(docs: Sequence[Doc], lang: Lang) -> str:
    """The comparison as CSV text: what `python -m advisor compare --format csv` prints."""
    return csv_text(comparison_frame(docs, lang), index_label="item")


def comparison_csv(docs: Sequence[Doc], lang: Lang) -> bytes:
    """The comparison CSV download (the CLI's text, with a BOM)."""
    return comparison_csv_text(docs, lang).encode("utf-8-sig")


def report_xlsx(doc: Doc) -> bytes:
    """The report's tables in one workbook: scores, reasons, flags, plan, contributions, answers,
    how sure, weights and flip points, each a sheet named in the document's language."""
    lang: Lang = doc["lang"]
    sheets = {
        t("report.scores", lang): tables.scores(doc),
        t("report.why", lang): tables.reasons(doc),
        t("report.flags", lang): tables.flags(doc),
        t("report.actions", lang): tables.actions(doc),
        t("report.contributions", lang): contributions_frame(doc),
        t("report.answers", lang): tables.answers(doc),
        t("app.sure.title", lang): tables.shares(doc),
        t("app.sure.sensitivity_title", lang): tables.sensitivity(doc),
        t("app.weights.used", lang): tables.weights(doc),
        t("report.flip_points", lang): tables.flip_points(doc),
    }
    return xlsx_bytes({_sheet_name(name): frame for name, frame in sheets.items()})


def _sheet_name(name: str) -> str:
    """Excel sheet names: at most 31 characters, none of []:*?/\\."""
    return re.sub(r"[\[\]:*?/\\]", " ", name)[:31]

"""What the Cohort page shows, as pure functions: templates, the founders table, summary, charts, zip.

Nothing here touches Streamlit, so tests call each function directly and the page only lays
out what they return. Charts are Altair; every text comes from the catalogues.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import altair as alt
import numpy as np
import pandas as pd

from advisor.batch import CohortResult
from advisor.cells import safe_frame
from advisor.charts import CHANNEL_COLORS
from advisor.cohort_io import normalise, value_labels
from advisor.cohort_out import BOM, label_values
from advisor.i18n import Lang, format_number, t
from advisor.profile import FIELD_SPECS, PROFILE_FIELDS, Profile, parse_profile
from advisor.rules import CHANNELS, RuleBase

NAME_HINTS = (
    "name",
    "id",
    "founder",
    "company",
    "姓名",
    "名字",
    "名称",
    "名稱",
    "编号",
    "編號",
    "创业者",
    "創業者",
)
MAX_ZIP_REPORTS = 50  # HTML reports per .zip: each takes a moment to draw its charts
EXAMPLES: tuple[dict[str, Any], ...] = (
    {"category": "fmcg", "monthly_budget": 2000, "team_size": 1, "part_time": True, "social_reach": 3000},
    {
        "category": "electronics",
        "monthly_budget": 60000,
        "team_size": 6,
        "part_time": False,
        "data_skills": True,
    },
)


# ---------------------------------------------------------------- templates


def _example_cell(name: str, value: Any, lang: Lang) -> str:
    spec = FIELD_SPECS[name]
    if value is None:
        return ""
    if spec.kind == "bool":
        return t("choice.bool.yes" if value else "choice.bool.no", lang)
    if spec.kind == "choice":
        return value_labels(spec, value, lang)
    return str(value)


def template_frame(lang: Lang) -> pd.DataFrame:
    """The template's founders: a name column, one column per question (labels), two examples."""
    columns = [t("cohort.page.name_column", lang), *(t(f"field.{n}.label", lang) for n in PROFILE_FIELDS)]
    rows = [
        [
            t("cohort.page.example_name", lang, n=i),
            *(_example_cell(n, ex.get(n), lang) for n in PROFILE_FIELDS),
        ]
        for i, ex in enumerate(EXAMPLES, start=1)
    ]
    return pd.DataFrame(rows, columns=columns)


def allowed_frame(lang: Lang) -> pd.DataFrame:
    """One row per question: its label, code, whether required, and the values it accepts."""
    rows = []
    for name in PROFILE_FIELDS:
        spec = FIELD_SPECS[name]
        if spec.kind == "choice":
            allowed = t("cohort.page.choice_sep", lang).join(
                value_labels(spec, v, lang) for v in spec.choices
            )
        elif spec.kind == "bool":
            allowed = t("cohort.page.choice_sep", lang).join(
                t(f"choice.bool.{v}", lang) for v in ("yes", "no")
            )
        else:
            allowed = t(
                "cohort.page.range", lang, low=format_number(spec.ge or 0), high=format_number(spec.le or 0)
            )
        rows.append(
            {
                t("cohort.page.col_question", lang): t(f"field.{name}.label", lang),
                t("cohort.page.col_code", lang): name,
                t("cohort.page.col_required", lang): t(
                    "choice.bool.yes" if spec.required else "choice.bool.no", lang
                ),
                t("cohort.page.col_allowed", lang): allowed,
            }
        )
    return pd.DataFrame(rows)


def template_xlsx(lang: Lang) -> bytes:
    """The .xlsx template: founders sheet with examples, and a sheet listing every allowed value."""
    out = io.BytesIO()
    with pd.ExcelWriter(out, engine="xlsxwriter") as writer:
        safe_frame(template_frame(lang)).to_excel(
            writer, sheet_name=t("cohort.page.sheet_founders", lang), index=False
        )
        safe_frame(allowed_frame(lang)).to_excel(
            writer, sheet_name=t("cohort.page.sheet_allowed", lang), index=False
        )
    return out.getvalue()


def template_csv(lang: Lang) -> bytes:
    """The .csv template (UTF-8 with BOM): allowed values as quoted notes above the header, then examples."""
    notes = [f"{row.iloc[0]} ({row.iloc[1]}): {row.iloc[3]}" for _, row in allowed_frame(lang).iterrows()]
    head = "".join('"' + note.replace('"', '""') + '"\n' for note in notes)
    body = safe_frame(template_frame(lang)).to_csv(index=False)
    return BOM + (head + body).encode("utf-8")


# ---------------------------------------------------------------- the founders


def name_column(result: CohortResult) -> str | None:
    """The column that names founders: one called like name/id (any language), else the first text column."""
    passthrough = list(result.file.passthrough)
    for column in passthrough:
        if normalise(column) in NAME_HINTS:
            return column
    return passthrough[0] if passthrough else None


def founder_names(result: CohortResult, lang: Lang) -> list[str]:
    """A readable name per row: its name/id cell, or 'Row N' when there is none."""
    column = name_column(result)
    rows = result.file.source_rows
    cells = result.file.columns[column].to_pylist() if column else [""] * result.rows
    return [
        str(c).strip() or t("cohort.page.row_n", lang, n=int(r)) for c, r in zip(cells, rows, strict=True)
    ]


def founder_answers(result: CohortResult, index: int) -> dict[str, Any]:
    """One row's answers as the reader understood them (labels already turned into values)."""
    return {name: column[index].as_py() for name, column in result.file.field_columns.items()}


def founder_profile(result: CohortResult, index: int, lang: Lang) -> Profile:
    """One scored row's Profile, validated exactly as the batch validated it."""
    return parse_profile(founder_answers(result, index), lang)


def table(result: CohortResult, rules: RuleBase, lang: Lang) -> pd.DataFrame:
    """The founders table: name/id columns kept, then answers and results in words, in file order."""
    values = result.values
    frame = pd.DataFrame(
        {c: col.to_pylist() for c, col in result.file.columns.items() if c in result.file.passthrough}
    )
    frame[t("cohort.col.source_row", lang)] = result.file.source_rows
    if "category" in result.file.field_columns:
        spec = FIELD_SPECS["category"]
        codes = result.file.field_columns["category"].to_pylist()
        frame[t("field.category.label", lang)] = [
            value_labels(spec, c, lang) if c in spec.choices else c for c in codes
        ]
    frame[t("cohort.col.recommendation", lang)] = label_values(
        "recommendation", values["recommendation"], rules, lang
    )
    for channel in CHANNELS:
        frame[t(f"cohort.col.score_{channel}", lang)] = np.round(values[f"score_{channel}"], 1)
    frame[t("cohort.col.margin", lang)] = np.round(values["margin"], 1)
    frame[t("cohort.col.clear_lead", lang)] = label_values("clear_lead", values["clear_lead"], rules, lang)
    if result.robust:
        frame[t("cohort.col.robust_share", lang)] = np.round(values["robust_share"] * 100, 0)
    frame[t("cohort.col.top_reason", lang)] = label_values("top_reason", values["top_reason"], rules, lang)
    frame[t("cohort.col.flags", lang)] = label_values("flags", values["flags"], rules, lang)
    frame[t("cohort.col.error", lang)] = values["error"]
    text = frame.select_dtypes(include=["object", "str"]).columns
    frame[text] = frame[text].fillna("")  # a row without a result shows an empty cell, not "None"
    return safe_frame(frame)


# ---------------------------------------------------------------- summary


@dataclass(frozen=True)
class Summary:
    """The cohort in numbers."""

    founders: int
    scored: int
    problems: int
    channels: dict[str, int]
    close_races: int
    sensitive: int | None  # None until robustness was computed
    flags: list[tuple[str, int]]


def summarise(result: CohortResult, rules: RuleBase) -> Summary:
    """Counts per channel, close races, weight-sensitive answers and the most frequent flags."""
    values = result.values
    scored = values["error"] == None  # noqa: E711 - elementwise
    channels = Counter(values["recommendation"][scored])
    close = int((values["clear_lead"][scored] == 0).sum())
    sensitive = None
    if result.robust:
        sensitive = int((values["robust_share"][scored] < rules.scoring.robust_share).sum())
    flags: Counter[str] = Counter()
    for cell, count in Counter(values["flags"][scored]).items():
        for flag in str(cell).split(";"):
            if flag:
                flags[flag] += count
    return Summary(
        founders=result.rows,
        scored=int(scored.sum()),
        problems=result.errors,
        channels={c: channels.get(c, 0) for c in CHANNELS},
        close_races=close,
        sensitive=sensitive,
        flags=flags.most_common(),
    )


def channel_rows(result: CohortResult, lang: Lang) -> pd.DataFrame:
    """Share of each channel, overall and per category: the data of both cohort charts."""
    values = result.values
    scored = values["error"] == None  # noqa: E711
    category = (
        result.file.field_columns["category"].to_pylist() if "category" in result.file.field_columns else []
    )
    spec = FIELD_SPECS["category"]
    frame = pd.DataFrame(
        {
            "channel": values["recommendation"][scored],
            "category": [value_labels(spec, c, lang) for c, ok in zip(category, scored, strict=True) if ok],
        }
    )
    frame["channel_label"] = [t(f"channel_short.{c}", lang) for c in frame["channel"]]
    return frame


def _color(lang: Lang) -> alt.Color:
    labels = [t(f"channel_short.{c}", lang) for c in CHANNELS]
    return alt.Color(
        "channel_label:N",
        title=t("cohort.col.recommendation", lang),
        scale=alt.Scale(domain=labels, range=[CHANNEL_COLORS[c] for c in CHANNELS]),
    )


def overall_chart(result: CohortResult, lang: Lang) -> alt.Chart:
    """How many founders each channel is recommended for, with its share."""
    frame = channel_rows(result, lang)
    counts = frame.groupby("channel_label", as_index=False).size().rename(columns={"size": "founders"})
    counts["share"] = counts["founders"] / max(int(counts["founders"].sum()), 1)
    return (
        alt.Chart(counts, title=t("cohort.page.chart_overall", lang))
        .mark_bar()
        .encode(
            x=alt.X(
                "founders:Q",
                title=t("cohort.page.founders_axis", lang),
                axis=alt.Axis(format="d", tickMinStep=1),
            ),
            y=alt.Y("channel_label:N", title=None, sort=[t(f"channel_short.{c}", lang) for c in CHANNELS]),
            color=_color(lang),
            tooltip=[
                alt.Tooltip("channel_label:N", title=t("cohort.col.recommendation", lang)),
                alt.Tooltip("founders:Q", title=t("cohort.page.founders_axis", lang)),
                alt.Tooltip("share:Q", title=t("cohort.page.share_axis", lang), format=".0%"),
            ],
        )
    )


def category_chart(result: CohortResult, lang: Lang) -> alt.Chart:
    """The share of each channel within each product category (stacked to 100%)."""
    frame = channel_rows(result, lang)
    counts = (
        frame.groupby(["category", "channel_label"], as_index=False)
        .size()
        .rename(columns={"size": "founders"})
    )
    return (
        alt.Chart(counts, title=t("cohort.page.chart_category", lang))
        .mark_bar()
        .encode(
            x=alt.X(
                "founders:Q",
                stack="normalize",
                title=t("cohort.page.share_axis", lang),
                axis=alt.Axis(format="%"),
            ),
            y=alt.Y("category:N", title=None),
            color=_color(lang),
            tooltip=[
                alt.Tooltip("category:N", title=t("field.category.label", lang)),
                alt.Tooltip("channel_label:N", title=t("cohort.col.recommendation", lang)),
                alt.Tooltip("founders:Q", title=t("cohort.page.founders_axis", lang)),
            ],
        )
    )


def flags_frame(summary: Summary, rules: RuleBase, lang: Lang) -> pd.DataFrame:
    """Flags by how many founders they fire for, most frequent first."""
    messages = {f.id: f.message.get(lang) for f in rules.flags}
    severities = {f.id: t(f"severity.{f.severity}", lang) for f in rules.flags}
    return pd.DataFrame(
        {
            t("cohort.page.col_flag", lang): [messages.get(f, f) for f, _ in summary.flags],
            t("cohort.page.col_severity", lang): [severities.get(f, "") for f, _ in summary.flags],
            t("cohort.page.founders_axis", lang): [n for _, n in summary.flags],
        }
    )


# ---------------------------------------------------------------- reports


def report_file_name(name: str, row: int, taken: set[str]) -> str:
    """A safe, unique file name for a founder's report: their id/name, else their row."""
    stem = re.sub(r"[^\w\-. ]+", "_", name, flags=re.UNICODE).strip(" ._")[:60] or f"row-{row}"
    candidate, n = f"{stem}.html", 1
    while candidate in taken:
        n += 1
        candidate = f"{stem}-{n}.html"
    taken.add(candidate)
    return candidate


def reports_zip(
    result: CohortResult,
    indices: Sequence[int],
    report: Callable[[Profile], bytes],
    lang: Lang,
    progress: Callable[[int, int], None] | None = None,
) -> bytes:
    """A .zip of HTML reports, one per scored founder among `indices` (at most MAX_ZIP_REPORTS)."""
    names = founder_names(result, lang)
    scored = [i for i in indices if result.values["error"][i] is None][:MAX_ZIP_REPORTS]
    out, taken = io.BytesIO(), set[str]()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for done, i in enumerate(scored, start=1):
            file_name = report_file_name(names[i], int(result.file.source_rows[i]), taken)
            archive.writestr(file_name, report(founder_profile(result, i, lang)))
            if progress is not None:
                progress(done, len(scored))
    return out.getvalue()


def weights_changed(weights: Mapping[str, float], rules: RuleBase) -> dict[str, float]:
    """The weights that differ from the rule file's, for the page to say what the cohort uses."""
    return {d: w for d, w in weights.items() if abs(w - rules.weights[d]) > 1e-9}

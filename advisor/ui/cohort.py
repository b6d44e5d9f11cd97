"""The Cohort page: upload the class, see it whole, open any founder, download the results.

The page lays out what `advisor.cohort_view` computes; reading and scoring are the batch
command's own code (`cohort_io`, `batch`, `cohort_out`), so the app and the CLI cannot disagree.
The cohort is scored with the weights in use on the Adjust-weights panel.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import pandas as pd
import streamlit as st

from advisor import cohort_view
from advisor.batch import CohortResult, score_cohort
from advisor.cohort_io import MAX_UPLOAD_MB, CohortFileError, check_upload_size, read_cohort_bytes
from advisor.cohort_out import file_notes, problem_groups, write_csv, write_xlsx
from advisor.i18n import Lang, t
from advisor.profile import Profile
from advisor.rules import DIMENSIONS, RuleBase, load_rules
from advisor.ui import common, nav, session

UPLOAD_KEY = "cohort_upload"
RESULT_KEY = "_cohort_result"  # (cache key, CohortResult) of the last scored upload
ROBUST_KEY = "_cohort_robust"  # the cache keys whose robustness was asked for
PICK_KEY = "cohort_pick"
TABLE_KEY = "cohort_table"
ZIP_KEY = "_cohort_zip"
PROGRESS_STEP = 2_000  # rows per progress update


def _weights(rules: RuleBase) -> dict[str, float]:
    """The weights in use on the Adjust-weights panel, or the rule file's when none were set."""
    current = st.session_state.get(session.WEIGHTS_KEY) or {}
    return {d: float(current.get(d, rules.weights[d])) for d in DIMENSIONS}


def _templates(lang: Lang) -> None:
    with st.expander(t("cohort.page.template_title", lang), icon=":material/description:"):
        st.markdown(t("cohort.page.template_help", lang))
        left, right = st.columns(2)
        left.download_button(
            t("cohort.page.template_xlsx", lang),
            cohort_view.template_xlsx(lang),
            file_name=t("cohort.page.template_file", lang) + ".xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            key="cohort_template_xlsx",
            icon=":material/download:",
        )
        right.download_button(
            t("cohort.page.template_csv", lang),
            cohort_view.template_csv(lang),
            file_name=t("cohort.page.template_file", lang) + ".csv",
            mime="text/csv",
            key="cohort_template_csv",
            icon=":material/download:",
        )
        st.dataframe(cohort_view.allowed_frame(lang), hide_index=True, width="stretch")


def _score(data: bytes, name: str, weights: Mapping[str, float], lang: Lang, *, robust: bool) -> CohortResult:
    """Read and score with a progress bar (the same code as the batch command)."""
    bar = st.progress(0.0, text=t("cohort.page.reading", lang, name=name))
    cohort = read_cohort_bytes(data, name, lang)

    def progress(done: int, total: int) -> None:
        bar.progress(
            done / max(total, 1), text=t("cohort.page.scoring", lang, done=f"{done:,}", total=f"{total:,}")
        )

    result = score_cohort(
        cohort, common.rules(), weights, lang, robust=robust, chunk_rows=PROGRESS_STEP, progress=progress
    )
    bar.empty()
    return result


def _result(upload: Any, weights: Mapping[str, float], lang: Lang) -> CohortResult | None:
    """The scored cohort for this upload, weights and language (scored again only when one changes)."""
    data = upload.getvalue()
    try:
        check_upload_size(len(data), upload.name, lang)
    except CohortFileError as error:
        st.error(common.escape_md(str(error)), icon=":material/error:")
        return None
    digest = hashlib.sha256(data).hexdigest()
    key = (digest, tuple(sorted(weights.items())), lang)
    robust = (digest, tuple(sorted(weights.items()))) in st.session_state.get(ROBUST_KEY, set())
    cached = st.session_state.get(RESULT_KEY)
    if cached is not None and cached[0] == (key, robust):
        return cached[1]
    try:
        result = _score(data, upload.name, weights, lang, robust=robust)
    except CohortFileError as error:
        st.error(common.escape_md(str(error)), icon=":material/error:")
        return None
    st.session_state[RESULT_KEY] = ((key, robust), result)
    st.session_state[ZIP_KEY] = None
    return result


def _ask_robust(digest_weights: tuple[Any, ...]) -> None:
    """Callback: compute how sensitive each answer is to the weights on the next run."""
    st.session_state.setdefault(ROBUST_KEY, set()).add(digest_weights)


def _summary(result: CohortResult, rules: RuleBase, lang: Lang, weights: Mapping[str, float]) -> None:
    summary = cohort_view.summarise(result, rules)
    founders, problems, close, sensitive = st.columns(4)
    founders.metric(t("cohort.page.metric_founders", lang), f"{summary.founders:,}")
    problems.metric(t("cohort.page.metric_problems", lang), f"{summary.problems:,}")
    close.metric(t("cohort.page.metric_close", lang), f"{summary.close_races:,}")
    if summary.sensitive is None:
        sensitive.metric(t("cohort.page.metric_sensitive", lang), "—")
        data = st.session_state[RESULT_KEY][0][0]
        sensitive.button(
            t("cohort.page.robust_button", lang),
            key="cohort_robust",
            on_click=_ask_robust,
            args=((data[0], data[1]),),
            help=t("cohort.page.robust_help", lang),
        )
    else:
        sensitive.metric(t("cohort.page.metric_sensitive", lang), f"{summary.sensitive:,}")
    changed = cohort_view.weights_changed(weights, rules)
    if changed:
        listed = t("cohort.list_sep", lang).join(
            f"{t(f'dimension.{d}', lang)} {w:g}" for d, w in changed.items()
        )
        st.caption(t("cohort.page.weights_changed", lang, weights=listed))
    else:
        st.caption(t("cohort.page.weights_default", lang))
    for note in file_notes(result.file, lang):
        st.caption(common.escape_md(note))
    if result.file.lookalikes:
        names = ", ".join(common.escape_md(x.column) for x in result.file.lookalikes)
        st.warning(t("cohort.page.lookalikes", lang, columns=names), icon=":material/spellcheck:")
    _problems(result, lang)
    if summary.scored:
        left, right = st.columns(2)
        left.altair_chart(cohort_view.overall_chart(result, lang), width="stretch")
        right.altair_chart(cohort_view.category_chart(result, lang), width="stretch")
    if summary.flags:
        st.markdown(f"**{t('cohort.page.flags_title', lang)}**")
        st.dataframe(cohort_view.flags_frame(summary, rules, lang), hide_index=True, width="stretch")


def _problems(result: CohortResult, lang: Lang) -> None:
    groups = problem_groups(result, lang)
    if not groups:
        return
    with st.expander(
        t("cohort.page.problems_title", lang, count=f"{result.errors:,}"), icon=":material/error:"
    ):
        for label, rows in groups:
            shown = ", ".join(map(str, rows[:50])) + (" …" if len(rows) > 50 else "")
            st.markdown(
                t(
                    "cohort.page.problem_group",
                    lang,
                    problem=common.escape_md(label),
                    count=len(rows),
                    rows=shown,
                )
            )


def _filtered(frame: pd.DataFrame, result: CohortResult, lang: Lang) -> pd.DataFrame:
    """Apply the page's filters: channels, close races only, problems only, a name search."""
    left, middle, right = st.columns([2, 2, 3])
    labels = {c: t(f"channel.{c}", lang) for c in ("ecommerce", "wechat", "mix")}
    chosen = left.multiselect(
        t("cohort.page.filter_channel", lang),
        list(labels),
        format_func=lambda c: labels[c],
        placeholder=t("cohort.page.filter_any", lang),
        key="cohort_filter_channel",
    )
    close_only = middle.toggle(t("cohort.page.filter_close", lang), key="cohort_filter_close")
    problems_only = middle.toggle(t("cohort.page.filter_problems", lang), key="cohort_filter_problems")
    search = right.text_input(t("cohort.page.filter_search", lang), key="cohort_filter_search")
    values = result.values
    keep = pd.Series(data=True, index=frame.index)
    if chosen:
        keep &= pd.Series(pd.Series(values["recommendation"]).isin(chosen).to_numpy(), index=frame.index)
    if close_only:
        keep &= pd.Series(values["clear_lead"] == 0, index=frame.index)
    if problems_only:
        keep &= pd.Series(values["error"] != None, index=frame.index)  # noqa: E711
    if search.strip():
        names = pd.Series(cohort_view.founder_names(result, lang), index=frame.index)
        keep &= names.str.contains(search.strip(), case=False, regex=False)
    return frame[keep]


def _founders(result: CohortResult, rules: RuleBase, lang: Lang, weights: Mapping[str, float]) -> None:
    st.subheader(t("cohort.page.table_title", lang))
    frame = _filtered(cohort_view.table(result, rules, lang), result, lang)
    st.caption(t("cohort.page.table_caption", lang, shown=f"{len(frame):,}", total=f"{result.rows:,}"))
    event = st.dataframe(
        frame, hide_index=True, width="stretch", on_select="rerun", selection_mode="single-row", key=TABLE_KEY
    )
    selected = [int(frame.index[i]) for i in event.selection.rows] if event and event.selection.rows else []
    scored = [int(i) for i in frame.index if result.values["error"][i] is None]
    names = cohort_view.founder_names(result, lang)
    if not scored:
        return
    if selected and selected[0] in scored:
        st.session_state[PICK_KEY] = selected[0]
    elif st.session_state.get(PICK_KEY) not in scored:
        st.session_state.pop(PICK_KEY, None)  # filtered out: fall back to the first founder shown
    pick, button = st.columns([4, 1], vertical_alignment="bottom")
    index = pick.selectbox(
        t("cohort.page.pick", lang),
        scored,
        format_func=lambda i: (
            f"{names[i]} · {t('cohort.page.row_n', lang, n=int(result.file.source_rows[i]))}"
        ),
        key=PICK_KEY,
    )
    if button.button(
        t("cohort.page.open", lang), key="cohort_open", icon=":material/open_in_new:", type="primary"
    ):
        _open(result, index, names[index], weights, lang)
    _downloads(result, rules, lang, weights, [int(i) for i in frame.index])


def _open(result: CohortResult, index: int, name: str, weights: Mapping[str, float], lang: Lang) -> None:
    """Open the app's full answer view for one founder, with the cohort's weights and a way back."""
    nav.open_answer(cohort_view.founder_profile(result, index, lang), dict(weights), back="cohort", who=name)


def _report(profile: Profile, weights: Mapping[str, float], lang: Lang) -> bytes:
    """One founder's HTML report, the same file the answer page downloads."""
    from advisor.export import html, svg

    rec = common.recommendation(profile, weights)
    day = datetime.now().astimezone().date()
    return html.report_bytes(rec, common.document(rec, lang), day=day, font_dirs=svg.CJK_FONT_DIRS)


def _downloads(
    result: CohortResult, rules: RuleBase, lang: Lang, weights: Mapping[str, float], shown: list[int]
) -> None:
    st.subheader(t("cohort.page.downloads", lang))
    stem = t("cohort.page.results_file", lang)
    xlsx, csv_col, zip_col = st.columns(3)
    xlsx.download_button(
        t("cohort.page.download_xlsx", lang),
        data=lambda: _bytes(write_xlsx, result, rules, lang),
        file_name=f"{stem}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="cohort_download_xlsx",
        icon=":material/download:",
        on_click="ignore",
    )
    csv_col.download_button(
        t("cohort.page.download_csv", lang),
        data=lambda: _bytes(write_csv, result, rules, lang),
        file_name=f"{stem}.csv",
        mime="text/csv",
        key="cohort_download_csv",
        icon=":material/download:",
        on_click="ignore",
    )
    count = min(len([i for i in shown if result.values["error"][i] is None]), cohort_view.MAX_ZIP_REPORTS)
    zipped = st.session_state.get(ZIP_KEY)
    if zipped is None:
        if zip_col.button(
            t("cohort.page.prepare_zip", lang, count=count), key="cohort_prepare_zip", disabled=not count
        ):
            bar = st.progress(0.0)

            def progress(done: int, total: int) -> None:
                bar.progress(done / total, text=f"{done}/{total}")

            st.session_state[ZIP_KEY] = cohort_view.reports_zip(
                result, shown, lambda p: _report(p, weights, lang), lang, progress
            )
            st.rerun()
        zip_col.caption(t("cohort.page.zip_help", lang, limit=cohort_view.MAX_ZIP_REPORTS))
    else:
        zip_col.download_button(
            t("cohort.page.download_zip", lang),
            zipped,
            file_name=t("cohort.page.reports_file", lang) + ".zip",
            mime="application/zip",
            key="cohort_download_zip",
            icon=":material/folder_zip:",
        )


def _bytes(writer: Any, result: CohortResult, rules: RuleBase, lang: Lang) -> bytes:
    """A results file in memory (CSV: UTF-8 with BOM; .xlsx: results, problems and notes sheets)."""
    import io

    out = io.BytesIO()
    writer(result, out, rules, lang, labels=True)
    return out.getvalue()


def render(lang: Lang) -> None:
    """The Cohort page body: upload or template, summary, founders table, one founder, downloads."""
    rules = load_rules()
    st.caption(t("cohort.page.intro", lang, limit=MAX_UPLOAD_MB))
    _templates(lang)
    upload = st.file_uploader(
        t("cohort.page.upload", lang),
        type=["xlsx", "csv", "tsv", "txt"],
        key=UPLOAD_KEY,
        help=t("cohort.page.upload_help", lang, limit=MAX_UPLOAD_MB),
    )
    if upload is None:
        st.info(t("cohort.page.prompt", lang), icon=":material/upload_file:")
        return
    weights = _weights(rules)
    result = _result(upload, weights, lang)
    if result is None:
        return
    _summary(result, rules, lang, weights)
    _founders(result, rules, lang, weights)

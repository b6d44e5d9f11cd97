"""The answer: headline card, flags, scores, why, what-if, action plan, downloads and share link."""

from __future__ import annotations

from functools import partial

import streamlit as st

from advisor import charts, export, report
from advisor.decision import Recommendation
from advisor.i18n import Lang, t
from advisor.ui import common
from advisor.ui.link import link_params, share_url

FLAG_BOXES = {
    "danger": (st.error, ":material/dangerous:"),
    "warning": (st.warning, ":material/warning:"),
    "info": (st.info, ":material/info:"),
}


def _figure(figure: charts.Figure, lang: Lang, key: str) -> None:
    """A chart with its data one click away as a table (what a screen reader gets)."""
    st.vega_lite_chart(spec={**figure.spec}, width="stretch", key=f"chart_{key}")
    with st.expander(t("app.answer.data_table", lang)):
        st.caption(figure.description)
        st.dataframe(figure.table, hide_index=True, width="stretch", key=f"table_{key}")


def _headline(rec: Recommendation, doc: dict, lang: Lang) -> None:
    with st.container(border=True, key="headline"):
        left, right = st.columns([3, 2])
        left.metric(t("report.recommendation", lang), doc["recommendation_label"])
        runner = t(f"channel.{rec.runner_up}", lang)
        right.metric(
            t("app.answer.lead_label", lang, runner=runner),
            t("app.answer.points", lang, points=f"{rec.margin:.1f}"),
        )
        if doc["robust"]:
            st.badge(t("app.answer.clear", lang), icon=":material/check_circle:", color="green")
        else:
            st.badge(t("app.answer.close", lang), icon=":material/balance:", color="orange")
        st.markdown(common.escape_md(doc["summary"]))
        st.caption(common.escape_md(doc["verdict"]))


def _flags(doc: dict, lang: Lang) -> None:
    for flag in doc["flags"]:
        box, icon = FLAG_BOXES[flag["severity"]]
        title = t(f"severity.{flag['severity']}", lang)
        sections = t("app.list_sep", lang).join(flag["sections"])
        text = t(
            "app.answer.flag",
            lang,
            severity=f"**{title}**",
            sections=sections,
            message=common.escape_md(flag["message"]),
        )
        box(text, icon=icon)


def _reasons(rec: Recommendation, doc: dict, lang: Lang) -> None:
    st.markdown(f"**{t('app.answer.top_reasons', lang)}**")
    lines = []
    for i, reason in enumerate(doc["top_reasons"], 1):
        section = rec.rules.section(reason["section"])
        rationale = rec.rules.rule(reason["rule_id"]).rationale.get(lang)
        points = t("app.answer.points", lang, points=f"+{reason['net_points']:.1f}")
        heading = f"**{reason['section']} · {common.escape_md(section.title.get(lang))}**"
        line = t(
            "app.answer.reason", lang, heading=heading, rationale=common.escape_md(rationale), points=points
        )
        lines.append(f"{i}. {line}")
    st.markdown("\n".join(lines) if lines else t("report.no_reasons", lang))
    if doc["mix_rationale"]:
        mix = doc["mix_rationale"]
        sections = t("app.list_sep", lang).join(mix["sections"])
        text = t(
            "app.answer.mix_reason", lang, sections=f"**{sections}**", text=common.escape_md(mix["text"])
        )
        st.info(text, icon=":material/merge:")


def _flip_points(doc: dict, lang: Lang) -> None:
    """What single change of answer, or of a dimension's weight, would change the recommendation."""
    st.markdown(f"**{t('report.flip_points', lang)}**")
    lines = [f"- {common.escape_md(f['text'])}" for f in doc["flip_points"]]
    st.markdown("\n".join(lines) if lines else t("report.no_flip_points", lang))
    st.caption(common.escape_md(doc["sensitivity_summary"]))


def _downloads(rec: Recommendation, lang: Lang) -> None:
    st.subheader(t("app.answer.downloads", lang))
    cols = [col for _ in range(2) for col in st.columns(2)]  # two rows: labels stay whole
    # Each file is built only when its button is clicked, so answering stays fast.
    buttons = [
        ("json", partial(export.json_bytes, rec, lang)),
        ("markdown", partial(export.markdown_bytes, rec, lang)),
        ("csv", partial(export.contributions_csv, rec, lang)),
        ("html", partial(export.html_bytes, rec, lang)),
    ]
    for col, (kind, data) in zip(cols, buttons, strict=True):
        col.download_button(
            t(f"app.answer.download_{kind}", lang),
            data=data,
            file_name=export.file_name(kind),
            mime=export.MIME_TYPES[kind],
            key=f"download_{kind}",
            on_click="ignore",
            icon=":material/download:",
            width="stretch",
        )


def _share(rec: Recommendation, lang: Lang) -> None:
    st.subheader(t("app.answer.share", lang))
    st.caption(t("app.answer.share_help", lang))
    st.code(share_url(st.context.url, link_params(rec.profile, lang)), language=None, wrap_lines=True)


def render(rec: Recommendation, lang: Lang) -> None:
    """Everything about one recommendation, in the chosen language."""
    doc = report.document(rec, lang)
    _headline(rec, doc, lang)
    _flags(doc, lang)

    st.subheader(t("report.scores", lang))
    st.caption(t("app.answer.scores_caption", lang))
    _figure(charts.scores_chart(rec, lang), lang, "scores")

    st.subheader(t("report.why", lang))
    st.caption(t("app.answer.why_caption", lang))
    _figure(charts.contributions_chart(rec, lang), lang, "why")
    _reasons(rec, doc, lang)

    st.subheader(t("app.answer.what_if", lang))
    st.caption(t("app.answer.what_if_caption", lang))
    frame = common.what_if_frame(rec.profile)
    for field in charts.WHAT_IF_FIELDS:
        st.markdown(f"**{t(f'app.answer.what_if_{field}', lang)}**")
        _figure(charts.what_if_chart(frame, field, lang), lang, field)
    _flip_points(doc, lang)

    st.subheader(t("report.actions", lang))
    st.markdown(
        "\n".join(
            f"{i}. " + t("app.answer.action", lang, text=common.escape_md(a["text"]), section=a["section"])
            for i, a in enumerate(doc["actions"], 1)
        )
    )
    _downloads(rec, lang)
    _share(rec, lang)

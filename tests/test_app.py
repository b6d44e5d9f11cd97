"""The Streamlit app through AppTest: the form, share links, languages, downloads, rule browser.

Also the pure link helpers and the catalogues the app reads its words from.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import personas
import pyarrow
import pytest
import strategies
from documents import document_of
from hypothesis import given, settings
from hypothesis import strategies as hs
from streamlit.testing.v1 import AppTest

from advisor import parse_profile, recommend, report, tables
from advisor.charts import WHAT_IF_FIELDS, scores_chart
from advisor.export import files
from advisor.i18n import LANGS, catalogue, t
from advisor.profile import FIELD_SPECS, OPTIONAL_FIELDS, PROFILE_FIELDS, REQUIRED_FIELDS
from advisor.rules import CHANNELS, DIMENSIONS, MAX_WEIGHT, load_rules
from advisor.scenarios import MAX_SCENARIOS, load_document
from advisor.ui import answer, app, common, form, nav, painted, session
from advisor.ui import weights as weights_panel
from advisor.ui.link import (
    DEFAULT_ANSWERS,
    MAX_SCENARIO_CHARS,
    MAX_UNKNOWN_WEIGHTS,
    MAX_VALUE_CHARS,
    Scenario,
    link_params,
    parse_weight,
    read_link,
    read_query,
    read_scenarios,
    read_weights,
    share_url,
    too_long_script,
)

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app_script.py")
TIMEOUT = 60
# The shared personas, with budgets as floats the way st.number_input holds them.
WECHAT = {**personas.WECHAT, "monthly_budget": 800.0}
ECOMMERCE = {**personas.ECOMMERCE, "monthly_budget": 60000.0}
KNIFE_EDGE = {**personas.KNIFE_EDGE, "monthly_budget": 9000.0}


def new_app(*, drawn: bool = True, **params: str) -> AppTest:
    """The app with a link's parameters; `drawn`: as if the browser had already reported drawing
    a first answer (advisor.ui.painted), a report AppTest has no browser to send."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    if drawn:
        at.session_state[painted.KEY] = True
    for key, value in params.items():
        at.query_params[key] = value
    return at


def fill(at: AppTest, answers: dict) -> AppTest:
    """Open the questions if they are folded, set the widgets (keyed by field name), press the button."""
    if any(b.key == "change_answers" for b in at.button):
        at.button(key="change_answers").click().run()
    if any(name in OPTIONAL_FIELDS for name in answers):
        open_more(at)
    for name, value in answers.items():
        kind = FIELD_SPECS[name].kind
        if kind == "choice":
            at.selectbox(key=name).set_value(value)
        elif kind == "bool":
            at.radio(key=name).set_value(value)
        else:
            at.number_input(key=name).set_value(float(value) if isinstance(value, (int, float)) else value)
    at.button(key="submit").click()
    return at.run()


def open_more(at: AppTest) -> AppTest:
    """Open "More about your business": its optional questions are drawn only while it is open."""
    at.session_state[session.MORE_OPEN_KEY] = True
    return at.run()


def open_page(at: AppTest, page: str) -> AppTest:
    """Open one of the app's pages (its script under advisor/ui/pages) the way its URL would."""
    return at.switch_page(f"advisor/ui/pages/{page}.py").run()


def on_page(at: AppTest) -> str:
    """Which page is showing: the name of the page script that ran last."""
    pages = at._registered_pages  # AppTest keeps what st.navigation registered, and the page run last
    return Path(pages[at._finished_page_script_hash]["script_path"]).stem


def open_weights(at: AppTest) -> AppTest:
    """Open the "Adjust weights" panel: its sliders are drawn only while it is open."""
    at.session_state[weights_panel.OPEN_KEY] = True
    return at.run()


def open_sections(at: AppTest, *names: str) -> AppTest:
    """Open the answer's deeper sections (all when none named): they are drawn only when open."""
    for name in names or [name for name, _ in answer.DEEP_SECTIONS]:
        at.session_state[answer.section_key(name)] = True
    return at.run()


def share_link(at: AppTest) -> str:
    """The share link under "Share this result": a Markdown link whose text is the URL itself."""
    shown = next(m.value for m in at.markdown if m.value.startswith("[") and "](<" in m.value)
    return shown[shown.index("](<") + 3 : -2]


def headline(at: AppTest) -> str:
    return at.metric[0].value


def assert_clean(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


# ------------------------------------------------------------------ the form


def test_first_visit_shows_the_form_and_a_prompt():
    at = new_app().run()
    assert_clean(at)
    assert at.info[0].value == t("app.form.prompt", "en")
    assert len(at.metric) == 0
    assert at.selectbox(key="category").value == "fmcg"
    assert at.number_input(key="monthly_budget").value == 2000.0
    assert at.query_params["lang"] == ["en"] or at.query_params["lang"] == "en"
    labels = {e.label for e in at.expander}
    assert t("app.form.more", "en") in labels


@pytest.mark.parametrize(("answers", "channel"), [(WECHAT, "wechat"), (ECOMMERCE, "ecommerce")])
def test_filling_the_form_gives_the_engines_recommendation(answers, channel):
    at = fill(new_app().run(), answers)
    assert_clean(at)
    assert headline(at) == t(f"channel.{channel}", "en")
    rec = recommend(parse_profile(answers))
    assert rec.channel == channel
    assert at.metric[1].value == t("app.answer.points", "en", points=f"{rec.margin:.1f}")
    summaries = [m.value for m in at.markdown]
    assert any(report.summary(rec, "en").split(":")[0] in s.replace("\\", "") for s in summaries)
    # The answers are now in the share link, named as the profile fields.
    params = {k: at.query_params[k] for k in at.query_params}
    flat = {k: v[0] if isinstance(v, list) else v for k, v in params.items()}
    assert flat == link_params(rec.profile, "en")


def test_the_answer_has_charts_tables_flags_and_the_plan():
    at = fill(new_app().run(), WECHAT)
    # First paint: the headline, the scores chart and the reasons; the deeper sections are folded.
    assert len(at.get("vega_lite_chart")) == 1
    assert [e.label for e in at.expander if e.label in deep_titles("en")] == deep_titles("en")
    at = open_sections(at)
    charts = at.get("vega_lite_chart")
    assert len(charts) == 5  # scores, why, robustness, two what-ifs (no answer here flips it)
    for chart in charts:
        assert chart.proto.datasets, "every chart carries its data"
    assert len(at.dataframe) == 1  # the one-weight-at-a-time table
    # Each chart's data is one click away as a plain table, drawn only once opened.
    keys = ["scores", "why", "robustness", *WHAT_IF_FIELDS]
    assert [e.label for e in at.expander].count(t("app.answer.data_table", "en")) == len(keys)
    assert not at.table
    for key in keys:
        at.session_state[common.table_key(key)] = True
    at.run()
    assert len(at.table) == len(keys)
    shown = at.table[0].value
    assert list(shown.columns) == list(scores_chart(recommend(parse_profile(WECHAT)), "en").table.columns)
    rec = recommend(parse_profile(WECHAT))
    assert rec.flags == ("pyramid-selling",)
    assert at.error[0].value.startswith(f"**{t('severity.danger', 'en')}**")
    doc = document_of(rec, "en")
    texts = " ".join(m.value for m in at.markdown).replace("\\", "")
    assert doc["sensitivity_summary"] in texts and t("report.no_flip_points", "en") in texts
    assert doc["verdict"] in " ".join(s.value for s in at.success).replace("\\", "")  # robust: green
    headers = [h.value for h in at.header]  # h2 under the page's h1: no heading level skipped
    for key in ("report.scores", "report.actions", "app.answer.more", "app.answer.downloads"):
        assert t(key, "en") in headers


def deep_titles(lang: str) -> list[str]:
    return [t(title, lang) for _, title in answer.DEEP_SECTIONS]


def test_a_mix_recommendation_explains_why_both():
    mix = {"category": "handmade", "monthly_budget": 30000.0, "team_size": 5, "part_time": False}
    mix |= {"social_reach": 20000, "self_media": True, "data_skills": True, "price_strategy": "tailored"}
    rec = recommend(parse_profile(mix))
    assert rec.channel == "mix" and rec.clear_lead
    at = fill(new_app().run(), mix)
    assert headline(at) == t("channel.mix", "en")
    infos = " ".join(i.value for i in at.info).replace("\\", "")
    assert rec.rules.mix.rationale.get("en") in infos


def test_the_download_buttons_exist():
    at = fill(new_app().run(), WECHAT)
    buttons = at.get("download_button")
    labels = [b.proto.label for b in buttons]
    assert labels == [t(f"app.answer.download_{k}", "en") for k in ("json", "markdown", "csv", "html")]


def test_an_invalid_answer_is_explained_and_changes_nothing():
    at = fill(new_app().run(), WECHAT)
    before = {k: at.query_params[k] for k in at.query_params}
    at = fill(at, {"team_size": 0})
    assert_clean(at)
    message = at.error[0].value
    assert message.startswith(t("app.form.invalid", "en"))
    assert t("field.team_size.label", "en") in message and "100,000" in message
    assert headline(at) == t("channel.wechat", "en")
    assert {k: at.query_params[k] for k in at.query_params} == before
    at = fill(at, {"retail_price": 10.0, "unit_cost": 20.0, "team_size": 1})
    assert "Cost per unit" in at.error[0].value
    assert headline(at) == t("channel.wechat", "en")


def test_optional_answers_have_an_explicit_not_sure_option():
    at = open_more(new_app().run())
    assert at.selectbox(key="after_sales").value == "not_sure"
    assert at.radio(key="data_skills").value == "not_sure"
    assert at.selectbox(key="after_sales").format_func("not_sure") == t("choice.bool.unknown", "en")
    at = fill(at, {**WECHAT, "after_sales": "high", "data_skills": False})
    assert at.query_params["after_sales"] in ("high", ["high"])
    at = fill(at, {"after_sales": "not_sure", "data_skills": "not_sure"})
    assert "after_sales" not in at.query_params and "data_skills" not in at.query_params
    assert headline(at) == t("channel.wechat", "en")


def test_optional_questions_are_drawn_only_while_their_section_is_open():
    at = new_app().run()
    assert not at.session_state[session.MORE_OPEN_KEY]
    drawn = {w.key for w in (*at.selectbox, *at.radio, *at.number_input)}
    assert drawn == set(REQUIRED_FIELDS)
    at = open_more(at)
    drawn = {w.key for w in (*at.selectbox, *at.radio, *at.number_input)}
    assert drawn == set(PROFILE_FIELDS)


def test_optional_answers_are_kept_while_their_section_is_closed():
    at = fill(new_app().run(), {**WECHAT, "after_sales": "high", "social_reach": 3000})
    at.button(key="change_answers").click().run()
    assert at.session_state[session.MORE_OPEN_KEY]  # answers were given: it opens by itself
    at.session_state[session.MORE_OPEN_KEY] = False
    at.run()
    assert not any(w.key == "after_sales" for w in at.selectbox)
    assert not any(b.key == "submit_stale" for b in at.button)  # closing it edits nothing
    at.number_input(key="monthly_budget").set_value(900.0)
    at.button(key="submit").click().run()
    assert_clean(at)
    kept = at.session_state["answers"]
    assert kept["after_sales"] == "high" and kept["social_reach"] == 3000 and kept["monthly_budget"] == 900


def test_a_link_with_optional_answers_opens_their_section():
    params = link_params(parse_profile({**WECHAT, "data_skills": True}), "en")
    at = new_app(**params).run()
    at.button(key="change_answers").click().run()
    assert at.radio(key="data_skills").value is True


def test_a_rejected_optional_answer_opens_its_section():
    at = fill(new_app().run(), {**WECHAT, "retail_price": 10.0, "unit_cost": 20.0})
    assert "Cost per unit" in at.error[0].value
    at.session_state[session.MORE_OPEN_KEY] = False
    at.run()
    at.button(key="submit").click().run()
    assert at.session_state[session.MORE_OPEN_KEY]
    assert at.number_input(key="unit_cost").value == 20.0


# ------------------------------------------------------------------ share links


def test_a_share_link_reproduces_the_result():
    params = link_params(parse_profile(ECOMMERCE), "en")
    at = new_app(**params).run()
    assert_clean(at)
    assert headline(at) == t("channel.ecommerce", "en")
    assert not at.warning
    # Answer first: the questions are folded into one line, and open on "Change answers".
    assert "monthly_budget" not in [n.key for n in at.number_input]
    summary = form.summary(at.session_state["answers"], 0, "en")
    assert summary in " ".join(m.value for m in at.markdown).replace("\\", "")
    at.button(key="change_answers").click().run()
    assert at.session_state["monthly_budget"] == 60000.0
    assert at.radio(key="data_skills").value is True


@pytest.mark.parametrize(
    "params",
    [
        {"category": "caviar", "monthly_budget": "-5", "team_size": "abc", "lang": "xx"},
        {"category": "fmcg", "monthly_budget": "1e400", "part_time": "maybe", "social_reach": "9" * 100_000},
        {"team_size": "<script>alert(1)</script>", "after_sales": "[click](http://evil.example)"},
        {"monthly_budget": "nan", "retail_price": "10", "unit_cost": "20", "lang": "zh"},
    ],
)
def test_a_broken_link_warns_and_falls_back_to_defaults(params):
    at = new_app(**params).run()
    assert_clean(at)
    warnings = " ".join(w.value for w in at.warning).replace("\\", "")
    assert warnings
    for name in PROFILE_FIELDS:
        if name in params and name in {"category", "monthly_budget", "team_size", "part_time"}:
            if name == "category" and params[name] == "fmcg":
                continue
            assert at.session_state[name] == DEFAULT_ANSWERS[name]
    for name in ("monthly_budget", "team_size", "part_time", "after_sales", "social_reach", "unit_cost"):
        if name in params and name != "category":
            assert t(f"field.{name}.label", "en") in warnings
    raw = " ".join(w.value for w in at.warning)
    assert "http://evil" not in warnings or "\\(http" in raw  # a link in a value is not a link
    assert len(warnings) < 5000  # a huge value is not echoed back
    if params.get("lang") == "xx":
        assert "xx" in warnings
    assert len(at.metric) == 2  # the defaults still give an answer
    for key in at.query_params:
        assert key in (*PROFILE_FIELDS, "lang")  # the URL now holds only usable answers


def test_a_link_can_choose_the_language():
    at = new_app(**link_params(parse_profile(WECHAT), "zh-Hant")).run()
    assert_clean(at)
    assert headline(at) == t("channel.wechat", "zh-Hant")
    assert at.title[0].value == t("app.title", "zh-Hant")


# ------------------------------------------------------------------ language


def test_switching_language_changes_the_headline_and_the_link():
    at = fill(new_app().run(), WECHAT)
    assert headline(at) == t("channel.wechat", "en")
    at.segmented_control(key="lang").set_value("zh-Hans").run()
    assert_clean(at)
    assert headline(at) == t("channel.wechat", "zh-Hans")
    assert at.metric[0].label == t("report.recommendation", "zh-Hans")
    assert at.query_params["lang"] in ("zh-Hans", ["zh-Hans"])
    assert at.session_state["monthly_budget"] == 800.0  # the answers survive the switch
    at.segmented_control(key="lang").set_value("zh-Hant").run()
    assert headline(at) == t("channel.wechat", "zh-Hant")


# ------------------------------------------------------------------ rule browser


def test_the_rule_browser_filters_by_section_dimension_and_channel():
    base = load_rules()
    at = new_app().run()
    open_page(at, "rules")
    assert_clean(at)
    count = t("app.rules.count", "en", shown=len(base.rules), total=len(base.rules))
    assert count in [c.value for c in at.caption]
    at.multiselect(key="rules_sections").set_value(["S7"]).run()
    s7 = [r for r in base.rules if r.section.startswith("S7")]
    text = " ".join(m.value for m in at.markdown).replace("\\", "")
    for rule in s7:
        assert rule.id in text
        assert rule.rationale.get("en") in text
    assert base.section("S7").title.get("en") in text
    assert all(r.id not in text for r in base.rules if r not in s7)
    at.multiselect(key="rules_sections").set_value([]).run()
    at.multiselect(key="rules_dimensions").set_value(["payment"]).run()
    at.multiselect(key="rules_channels").set_value(["wechat"]).run()
    expected = [r for r in base.rules if r.dimension == "payment" and r.effect.get("wechat")]
    assert expected
    count = t("app.rules.count", "en", shown=len(expected), total=len(base.rules))
    assert count in [c.value for c in at.caption]
    open_page(at, "recommendation")
    assert_clean(at)
    assert at.selectbox(key="category").value == "fmcg"


# ------------------------------------------------------------------ weights


def flat_params(at: AppTest) -> dict:
    return {k: at.query_params[k] for k in at.query_params}


def scores_shown(at: AppTest) -> dict[str, float]:
    """The three scores as the scores chart draws them."""
    return {row["channel"]: row["score"] for row in chart_rows(at, "scores")}


def chart_rows(at: AppTest, name: str) -> list[dict]:
    """The rows of the named dataset of whichever chart carries it (Arrow IPC in the proto)."""
    for chart in at.get("vega_lite_chart"):
        for dataset in chart.proto.datasets:
            if dataset.name == name:
                table = pyarrow.ipc.open_stream(dataset.data.data).read_all()
                return table.to_pylist()
    raise AssertionError(f"no chart carries a dataset named {name!r}")


def test_moving_a_weight_slider_changes_the_scores_and_the_link():
    at = open_weights(fill(new_app().run(), KNIFE_EDGE))
    before = scores_shown(at)
    assert before == {c: round(v, 2) for c, v in recommend(parse_profile(KNIFE_EDGE)).scores.items()}
    at.slider(key="weight_platform").set_value(2.0).run()
    assert_clean(at)
    weights = {**load_rules().weights, "platform": 2.0}
    rec = recommend(parse_profile(KNIFE_EDGE), weights=weights)
    assert scores_shown(at) == {c: round(v, 2) for c, v in rec.scores.items()} != before
    assert at.session_state["weights"] == weights
    assert flat_params(at)["w.platform"] == "2"
    # Everything on the page, and so every download, is the document for these weights.
    doc = document_of(rec, "en")
    assert doc["weights"]["platform"] == 2.0
    open_sections(at, "sure")
    shares = {row["channel"]: row["share"] for row in chart_rows(at, "shares")}
    assert shares == {c: doc["robustness"][c] for c in CHANNELS}
    assert files.json_bytes(doc) == files.json_bytes(
        document_of(common.recommendation(rec.profile, weights), "en")
    )
    captions = " ".join(c.value for c in at.caption).replace("\\", "")
    assert t("app.weights.changed", "en", changes="Platform 2.0 (default 1.0)") in captions
    assert "w.platform=2" in share_link(at)  # the share link


def test_reset_restores_the_default_weights():
    at = open_weights(fill(new_app().run(), KNIFE_EDGE))
    before = scores_shown(at)
    assert at.button(key="weights_reset").disabled
    at.slider(key="weight_team").set_value(0.0).run()
    at.slider(key="weight_product").set_value(3.5).run()
    assert scores_shown(at) != before and not at.button(key="weights_reset").disabled
    at.button(key="weights_reset").click().run()
    assert_clean(at)
    assert scores_shown(at) == before
    assert at.session_state["weights"] == load_rules().weights
    assert at.slider(key="weight_team").value == 1.0 and at.slider(key="weight_product").value == 1.0
    assert not any(k.startswith("w.") for k in flat_params(at))


def test_every_slider_marks_its_default_and_stays_within_the_engines_limits():
    at = open_weights(new_app().run())
    defaults = load_rules().weights
    for d in DIMENSIONS:
        slider = at.slider(key=f"weight_{d}")
        assert slider.label == t(f"dimension.{d}", "en")
        assert slider.min == 0.0 and slider.max == MAX_WEIGHT and slider.value == defaults[d]
        assert slider.help == t("app.weights.default_help", "en", default=f"{defaults[d]:.1f}")


def test_weights_from_a_link_are_applied_and_bad_ones_warn():
    params = {**link_params(parse_profile(KNIFE_EDGE), "en"), "w.platform": "1.5", "w.team": "0"}
    params |= {"w.price": "abc", "w.marketing": "9", "w.bogus": "2", "w.feedback": "nan"}
    at = new_app(**params).run()
    assert_clean(at)
    assert at.slider(key="weight_platform").value == 1.5 and at.slider(key="weight_team").value == 0.0
    assert at.slider(key="weight_price").value == 1.0 and at.slider(key="weight_marketing").value == 1.0
    rec = recommend(parse_profile(KNIFE_EDGE), weights={"platform": 1.5, "team": 0.0})
    assert scores_shown(at) == {c: round(v, 2) for c, v in rec.scores.items()}
    warnings = " ".join(w.value for w in at.warning).replace("\\", "")
    for dimension in ("price", "marketing", "feedback"):
        label = t("app.link.weight_label", "en", dimension=t(f"dimension.{dimension}", "en"))
        assert label in warnings
    assert "bogus" in warnings
    kept = {k: v for k, v in flat_params(at).items() if k.startswith("w.")}
    assert kept == {"w.platform": "1.5", "w.team": "0"}  # the URL keeps only the usable weights


# ------------------------------------------------------------------ how sure, flip points


def test_a_knife_edge_profile_says_no_clear_winner_once():
    rec = recommend(parse_profile(KNIFE_EDGE))
    doc = document_of(rec, "en")
    assert rec.margin < rec.rules.scoring.clear_lead and not doc["robust"]
    at = fill(new_app().run(), KNIFE_EDGE)
    assert_clean(at)
    # One message in one place: the headline says "slightly ahead", never "Recommended" beside it.
    assert at.metric[0].label == t("app.answer.ahead", "en")
    assert t("report.recommendation", "en") not in [m.label for m in at.metric]
    texts = " ".join(m.value for m in at.markdown).replace("\\", "")
    assert t("app.answer.close", "en") not in texts and t("app.answer.clear", "en") not in texts
    assert doc["summary"] in texts
    assert doc["summary"].startswith("No clear winner" if doc["weight_sensitive"] else "A close race")
    runner = t(f"channel_inline.{rec.runner_up}", "en")
    assert at.metric[1].label == t("app.answer.lead_label", "en", runner=runner)
    assert not re.search(r"\b(over|than) A\b", at.metric[1].label)  # no capital mid-sentence
    at = open_sections(at)
    texts = " ".join(m.value for m in at.markdown).replace("\\", "")
    every = " ".join(
        e.value for kind in ("markdown", "caption", "warning", "success", "info") for e in at.get(kind)
    )
    assert every.replace("\\", "").count(doc["verdict"]) == 1  # the verdict is said once
    warnings = " ".join(w.value for w in at.warning).replace("\\", "")
    assert doc["verdict"] in warnings
    assert doc["mix"]["viable"] == (t("analysis.verdict.mix_option", "en") in warnings)
    # The flip points: in words, and as a chart with its data.
    for flip in doc["flip_points"]:
        assert flip["text"] in texts
    rows = chart_rows(at, "flips")
    numeric = [f for f in doc["flip_points"] if f["direction"] in ("above", "below")]
    assert [(r["field"], r["value"]) for r in rows] == [(f["field"], f["value"]) for f in numeric]
    # One weight at a time: the dimensions whose smallest change flips it, nearest first.
    for line in report.sensitivity_lines(doc):
        assert line in texts


@pytest.mark.parametrize("lang", LANGS)
def test_the_lead_names_the_runner_up_inside_a_sentence(lang):
    mix_second = {"category": "fmcg", "monthly_budget": 60000.0, "team_size": 4, "part_time": False}
    for answers in (WECHAT, ECOMMERCE, KNIFE_EDGE, mix_second):
        rec = recommend(parse_profile(answers))
        at = new_app(**link_params(rec.profile, lang)).run()
        assert at.metric[1].label == t(
            "app.answer.lead_label", lang, runner=t(f"channel_inline.{rec.runner_up}", lang)
        )


# ------------------------------------------------------------------ scenarios


def save(at: AppTest, name: str) -> AppTest:
    """Save the answer shown under a name (the section is opened first: its form is drawn only then)."""
    at.session_state[answer.SAVE_SECTION_KEY] = True
    at.run()
    at.text_input(key="scenario_name").input(name)
    at.button(key="save_scenario").click()
    return at.run()


def two_scenarios() -> AppTest:
    at = fill(new_app().run(), KNIFE_EDGE)
    save(at, "Knife edge")
    assert at.success[-1].value.replace("\\", "") == t("app.scenario.saved", "en", name="Knife edge")
    fill(at, {"monthly_budget": 30000.0, "part_time": True})
    open_weights(at).slider(key="weight_platform").set_value(1.5).run()
    return save(at, "Bigger budget, 副业")


def test_saving_two_scenarios_and_comparing_them():
    at = two_scenarios()
    assert_clean(at)
    saved = at.session_state["scenarios"]
    assert [s.name for s in saved] == ["Knife edge", "Bigger budget, 副业"]
    assert saved[1].weights["platform"] == 1.5 and saved[1].answers["monthly_budget"] == 30000.0
    open_page(at, "compare")
    assert_clean(at)
    table = at.dataframe[0].value
    item, differs = t("analysis.scenario.item", "en"), t("analysis.scenario.differs", "en")
    assert list(table.columns) == [item, "Knife edge", "Bigger budget, 副业", differs]
    marked = dict(zip(table[item], table[differs], strict=True))
    assert marked[t("field.monthly_budget.label", "en")] == t("app.compare.differs_mark", "en")
    assert marked[t("field.category.label", "en")] == ""
    rows = chart_rows(at, "comparison")
    assert [(r["scenario"], r["channel"]) for r in rows] == [
        (name, c) for name in ("Knife edge", "Bigger budget, 副业") for c in CHANNELS
    ]
    docs = [document_of(recommend(s.profile(), weights=s.weights), "en") for s in saved]
    assert [r["score"] for r in rows] == [round(d["scores"][c], 2) for d in docs for c in CHANNELS]
    labels = [b.proto.label for b in at.get("download_button")]
    assert t("app.compare.download_csv", "en") in labels


def test_scenario_names_are_checked():
    at = fill(new_app().run(), KNIFE_EDGE)
    save(at, "Plan A")
    reserved = ("differs", "Item", "项目", "有差異", "ＩＴＥＭ")  # the comparison table's own labels
    for name, key in (("  ", "name_empty"), *((r, "name_reserved") for r in reserved)):
        save(at, name)
        expected = t(f"app.scenario.problem.{key}", "en", name=name.strip())
        assert at.error[-1].value.replace("\\", "") == expected
    for name in ('=HYPERLINK("http://x.example","open")', "+1 plan", "-cheap", "@home"):
        save(at, name)
        expected = t("app.scenario.problem.name_formula", "en", first=name[0])
        assert at.error[-1].value.replace("\\", "") == expected
    assert at.text_input(key="scenario_name").max_chars == 40
    assert [s.name for s in at.session_state["scenarios"]] == ["Plan A"]
    for name in ("B", "C", "D"):
        save(at, name)
    assert at.text_input(key="scenario_name").disabled  # four is the most that can be compared
    assert len(at.session_state["scenarios"]) == MAX_SCENARIOS


@pytest.mark.parametrize("twin", ["Plan A", "plan a", "Ｐｌａｎ Ａ", " PLAN a "])
def test_saving_over_an_existing_scenario_asks_first(twin):
    at = fill(new_app().run(), KNIFE_EDGE)
    save(at, "Plan A")
    at = fill(at, {"monthly_budget": 30000.0})
    save(at, twin)
    assert_clean(at)
    question = t("app.scenario.replace_question", "en", name="Plan A")
    assert question in [w.value.replace("\\", "") for w in at.warning]
    assert at.session_state["scenarios"][0].answers["monthly_budget"] == 9000.0  # not replaced yet
    at.button(key="keep_scenario").click().run()
    assert not any(b.key == "replace_scenario" for b in at.button)
    assert [s.answers["monthly_budget"] for s in at.session_state["scenarios"]] == [9000.0]
    save(at, twin)
    at.button(key="replace_scenario").click().run()
    assert_clean(at)
    saved = at.session_state["scenarios"]
    assert [(s.name, s.answers["monthly_budget"]) for s in saved] == [(twin.strip(), 30000.0)]
    replaced = t("app.scenario.replaced", "en", name=twin.strip())
    assert replaced in [m.value.replace("\\", "") for m in at.success]


def test_scenarios_survive_a_round_trip_through_the_url():
    at = two_scenarios()
    params = flat_params(at)
    assert isinstance(params["s"], list) and len(params["s"]) == 2
    fresh = new_app(**params).run()
    assert_clean(fresh)
    assert not fresh.warning
    assert fresh.session_state["scenarios"] == at.session_state["scenarios"]
    assert fresh.session_state["weights"] == at.session_state["weights"]
    assert headline(fresh) == headline(at)


def test_scenarios_survive_a_round_trip_through_json(tmp_path):
    at = two_scenarios()
    saved = at.session_state["scenarios"]
    docs = []
    for scenario in saved:
        rec = common.recommendation(scenario.profile(), scenario.weights)
        path = tmp_path / f"{scenario.name}.json"
        path.write_bytes(files.json_bytes(document_of(rec, "en")))
        docs.append({**load_document(path), "name": scenario.name})
    open_page(at, "compare")
    shown = at.dataframe[0].value
    expected = tables.comparison(docs, "en")
    pd.testing.assert_frame_equal(shown.reset_index(drop=True), expected)


def test_restore_loads_a_scenarios_answers_and_weights():
    at = two_scenarios()
    open_page(at, "compare")
    at.button(key="restore_Knife edge").click().run()
    assert_clean(at)
    assert on_page(at) == "recommendation"  # restoring opens the answer's own page
    assert at.session_state["monthly_budget"] == 9000.0
    assert at.session_state["part_time"] is False
    assert at.session_state["weight_platform"] == 1.0  # the slider's value when its panel opens
    assert scores_shown(at) == {
        c: round(v, 2) for c, v in recommend(parse_profile(KNIFE_EDGE)).scores.items()
    }
    assert flat_params(at)["monthly_budget"] == "9000" and "w.platform" not in flat_params(at)
    open_page(at, "compare")
    at.button(key="remove_Knife edge").click().run()
    assert [s.name for s in at.session_state["scenarios"]] == ["Bigger budget, 副业"]
    assert t("app.compare.need_two", "en") in [i.value for i in at.info]


GOOD = "category:fmcg,monthly_budget:800,team_size:1,part_time:true"


@pytest.mark.parametrize(
    ("values", "kept"),
    [
        (["no tilde at all"], 0),
        ([f"~{GOOD}"], 0),  # no name
        ([f"A~{GOOD.replace('fmcg', 'caviar')}"], 0),
        ([f"A~{GOOD},x:1"], 0),
        ([f"A~{GOOD},team_size:2"], 0),
        ([f"A~{GOOD},w.price:abc"], 0),
        ([f"A~{GOOD},w.price:7"], 0),
        ([f"A~{GOOD},retail_price:10,unit_cost:20"], 0),
        (["A~category:fmcg"], 0),  # required answers missing
        ([f"differs~{GOOD}"], 0),
        ([f"{'N' * 41}~{GOOD}"], 0),
        ([f"A\x00B~{GOOD}"], 0),
        ([f"A~{GOOD}", f"a~{GOOD}"], 1),  # the same name twice
        ([f"<script>alert(1)</script>~{GOOD}", f"[x](http://evil.example)~{GOOD}"], 2),
        ([f"{n}~{GOOD}" for n in "ABCDE"], 4),
        ([f"A~{GOOD},{'9' * 5000}"], 0),
    ],
)
def test_hostile_scenario_links_warn_and_are_left_out(values, kept):
    at = new_app(**link_params(parse_profile(WECHAT), "en"), s=values).run()
    assert_clean(at)
    assert len(at.session_state["scenarios"]) == kept
    warnings = " ".join(w.value for w in at.warning)
    assert bool(warnings) == (len(values) != kept)
    assert len(warnings) < 5000
    assert "](http" not in warnings
    assert headline(at) == t("channel.wechat", "en")  # the answers themselves still work
    s_params = at.query_params.get("s", [])
    assert len(s_params if isinstance(s_params, list) else [s_params]) == kept


# ------------------------------------------------------------------ link helpers


def test_read_link_accepts_a_good_link():
    link = read_link(
        {"category": "apparel", "monthly_budget": "2500", "team_size": "3", "part_time": "false"}, "en"
    )
    assert not link.problems and link.has_answers
    assert link.answers["monthly_budget"] == 2500.0 and link.answers["part_time"] is False


def test_read_link_names_the_field_and_what_is_allowed():
    link = read_link(
        {"team_size": "abc", "data_skills": "", "unit_cost": "9" * (MAX_VALUE_CHARS + 5)}, "zh-Hans"
    )
    fields = {p.field: p.message for p in link.problems}
    assert set(fields) == {"team_size", "unit_cost"}  # blank optional answers are simply unknown
    assert t("field.team_size.label", "zh-Hans") in fields["team_size"] and "100,000" in fields["team_size"]
    assert len(fields["unit_cost"]) < 200
    assert link.answers["team_size"] == 1


def test_share_url_round_trips():
    profile = parse_profile({**ECOMMERCE, "retail_price": 12.5})
    url = share_url("http://localhost:8501/", link_params(profile, "zh-Hant"))
    assert url.startswith("http://localhost:8501/?category=electronics&monthly_budget=60000")
    query = dict(pair.split("=") for pair in url.split("?")[1].split("&"))
    link = read_link(query, "en")
    assert link.lang == "zh-Hant" and parse_profile(link.answers) == profile


def test_read_weights_rounds_to_the_slider_step_and_names_bad_values():
    weights, problems = read_weights({"w.price": "1.26", "w.team": "5", "w.platform": "5.01", "w.x": "1"})
    assert weights["price"] == 1.3 and weights["team"] == 5.0 and weights["platform"] == 1.0
    assert [(p.name, p.known) for p in problems] == [("platform", True), ("x", False)]
    for bad in ("", "-1", "1e2", "inf", "nan", "1_0", " 1", "0x1", "1.5.5", "9" * 50):
        assert parse_weight(bad) is None, bad


_NAME_CHARS = hs.characters(blacklist_categories=("Cc", "Cf", "Cs", "Co", "Cn"))
# Names the app accepts: a name that starts like a spreadsheet formula is refused.
names = hs.text(_NAME_CHARS, min_size=1, max_size=40).filter(
    lambda n: n.strip() and n.strip() != "differs" and not n.strip().startswith(("=", "+", "-", "@"))
)
weight_values = hs.integers(0, int(MAX_WEIGHT * 10)).map(lambda k: round(k / 10, 1))


@settings(max_examples=60, deadline=None)
@given(
    name=names,
    answers=strategies.answers(),
    changed=hs.dictionaries(hs.sampled_from(DIMENSIONS), weight_values),
)
def test_a_scenario_survives_a_round_trip_through_a_url(name, answers, changed):
    defaults = load_rules().weights
    weights = {**defaults, **changed}
    scenario = Scenario(name.strip(), parse_profile(answers).answers(), weights)
    url = share_url("http://x/", link_params(None, "en", weights, [scenario]))
    query = parse_qs(urlsplit(url).query, keep_blank_values=True)
    assert len(query["s"][0]) <= MAX_SCENARIO_CHARS
    found, problems = read_scenarios(query["s"], "en")
    assert not problems
    assert found == [scenario]
    assert parse_profile(found[0].answers) == parse_profile(answers)
    read, weight_problems = read_weights({k: v[0] for k, v in query.items()})
    assert read == weights and not weight_problems


# ------------------------------------------------------------------ catalogues


def _app_keys(lang: str) -> set[str]:
    with (ROOT / "advisor" / "locales" / lang / "app.toml").open("rb") as handle:
        data = tomllib.load(handle)
    assert set(data) == {"app"}, "every app text lives under [app]"
    return {k for k in catalogue(lang) if k.startswith("app.")}


def test_the_app_catalogues_have_the_same_keys():
    keys = {lang: _app_keys(lang) for lang in LANGS}
    assert keys["en"] == keys["zh-Hans"] == keys["zh-Hant"]
    for lang in LANGS:
        for key in keys[lang]:
            placeholders = set(re.findall(r"{(\w+)}", catalogue(lang)[key]))
            assert placeholders == set(re.findall(r"{(\w+)}", catalogue("en")[key])), (lang, key)


def test_every_key_the_app_uses_exists():
    sources = [ROOT / "app_script.py", ROOT / "advisor" / "tables.py"]
    sources += sorted((ROOT / "advisor" / "charts").glob("*.py"))
    sources += sorted((ROOT / "advisor" / "export").glob("*.py"))
    sources += sorted((ROOT / "advisor" / "export" / "templates").glob("*.j2"))
    sources += sorted((ROOT / "advisor" / "ui").glob("*.py"))
    used = set()
    for path in sources:
        used |= set(re.findall(r"""\bt\(\s*["']([a-z_]+(?:\.[A-Za-z0-9_-]+)+)["']""", path.read_text()))
    dynamic = {f"app.lang_name.{lang}" for lang in LANGS}
    dynamic |= {f"app.view.{v}" for v in ("advisor", "compare", "cohort", "rules")}
    dynamic |= {f"app.flip.direction.{d}" for d in ("above", "below", "switch", "any")}
    dynamic |= {f"app.answer.download_{k}" for k in ("json", "markdown", "csv", "html")}
    dynamic |= {f"app.answer.what_if_{f}" for f in ("monthly_budget", "team_size")}
    dynamic |= {f"app.rules.op.{op}" for op in ("eq", "ne", "in", "not_in", "lt", "le", "gt", "ge")}
    dynamic |= {f"app.rules.op.{op}" for op in ("between", "ramp_up", "ramp_down")}
    dynamic |= {f"channel.{c}" for c in CHANNELS} | {f"channel_short.{c}" for c in CHANNELS}
    dynamic |= {f"dimension.{d}" for d in DIMENSIONS} | {
        f"severity.{s}" for s in ("info", "warning", "danger")
    }
    dynamic |= {f"field.{f}.{part}" for f in PROFILE_FIELDS for part in ("label", "help")}
    assert len(used) > 40
    for lang in LANGS:
        missing = sorted(k for k in used | dynamic if k not in catalogue(lang))
        assert not missing, (lang, missing)


# ------------------------------------------------------------------ pages and navigation


def test_each_view_is_a_page_with_its_own_url():
    at = new_app().run()
    paths = {Path(info["script_path"]).stem: info["url_pathname"] for info in at._registered_pages.values()}
    expected = {"recommendation": "", "compare": "compare", "cohort": "cohort", "rules": "rules"}
    assert paths == expected  # the answer is the default page, at the app's root URL
    for page, header in (("compare", "app.compare.title"), ("rules", "app.rules.title")):
        open_page(at, page)
        assert_clean(at)
        assert on_page(at) == page
        assert [h.value for h in at.header][:1] == [t(header, "en")]


def fake_cohort(monkeypatch: pytest.MonkeyPatch) -> None:
    """A Cohort page whose one founder opens in the answer view (stands in for the real page's table)."""

    def render(_lang: str) -> None:
        import streamlit as st

        st.header("Cohort")
        if st.button("Open founder", key="open_founder"):
            nav.open_answer(
                parse_profile(ECOMMERCE), {**load_rules().weights, "platform": 2.0}, "cohort", "F-7"
            )

    monkeypatch.setitem(app.VIEWS, "cohort", render)


def test_another_page_opens_a_founders_answer_with_a_way_back(monkeypatch):
    fake_cohort(monkeypatch)
    at = fill(new_app().run(), WECHAT)
    open_page(at, "cohort")
    assert on_page(at) == "cohort"
    at.button(key="open_founder").click().run()
    assert_clean(at)
    assert on_page(at) == "recommendation"
    assert headline(at) == t("channel.ecommerce", "en")
    assert at.session_state["monthly_budget"] == 60000.0
    assert at.session_state["weight_platform"] == 2.0  # the slider's value when its panel opens
    assert "F-7" in " ".join(m.value for m in at.markdown).replace("\\", "")
    at.button(key="nav_back").click().run()
    assert_clean(at)
    assert on_page(at) == "cohort"
    open_page(at, "recommendation")
    assert headline(at) == t("channel.wechat", "en")  # the visitor's own answers are back
    assert at.session_state["monthly_budget"] == 800.0
    assert at.session_state["weight_platform"] == load_rules().weights["platform"]
    assert not at.get("button") or "nav_back" not in [b.key for b in at.button]


# ------------------------------------------------------------------ answer first, stale answers


def test_an_edit_not_yet_submitted_marks_the_answer_out_of_date_and_holds_its_files_back():
    at = fill(new_app().run(), WECHAT)
    assert not any(b.key == "submit" for b in at.button)  # a valid answer folds the questions away
    assert "monthly_budget=800" in share_link(at)
    at.button(key="change_answers").click().run()
    assert not at.warning  # opening the questions alone changes nothing
    assert len(at.get("download_button")) == 4
    at.number_input(key="monthly_budget").set_value(60000.0).run()
    assert_clean(at)
    assert t("app.stale.answer", "en") in [w.value for w in at.warning]
    assert t("app.stale.rest", "en") in [i.value for i in at.info]
    assert headline(at) == t("channel.wechat", "en")  # not applied yet
    assert not at.get("download_button") and not any("](<" in m.value for m in at.markdown)
    assert t("app.answer.more", "en") not in [h.value for h in at.header]
    at.button(key="submit_stale").click().run()  # the button beside the warning updates it
    assert_clean(at)
    assert not at.warning
    assert "monthly_budget=60000" in share_link(at)
    assert at.session_state["answers"]["monthly_budget"] == 60000.0


def test_changing_an_answer_back_clears_the_out_of_date_mark():
    at = fill(new_app().run(), WECHAT)
    at.button(key="change_answers").click().run()
    at.number_input(key="team_size").set_value(3.0).run()
    assert t("app.stale.answer", "en") in [w.value for w in at.warning]
    at.number_input(key="team_size").set_value(1.0).run()
    assert not at.warning


@pytest.mark.parametrize("lang", LANGS)
def test_a_fractional_team_size_is_refused_not_cut(lang):
    at = new_app(lang=lang).run()
    at = fill(at, {**WECHAT, "team_size": 2.5})
    assert_clean(at)
    assert len(at.metric) == 0  # nothing shown for an answer that cannot be used
    message = at.error[0].value.replace("\\", "")
    assert message.startswith(t("app.form.invalid", lang)) and "2.5" in message


def test_the_folded_answers_read_as_one_line_in_each_language():
    answers = {**DEFAULT_ANSWERS, **parse_profile(WECHAT).answers(), "social_reach": 3000}
    assert (
        form.summary(answers, 0, "en") == "Fast-moving goods · ¥800 a month · team of 1 · part-time · +1 more"
    )
    assert form.summary(answers, 2, "zh-Hans").endswith("已调整 2 项权重")
    assert "（" not in form.summary(answers, 0, "zh-Hant")


# ------------------------------------------------------------------ links that cannot hurt


def test_read_query_reads_known_weights_before_capping_unknown_ones():
    junk = [(f"w.junk{i}", "1") for i in range(20)]
    query = read_query([*junk, ("w.platform", "3"), ("category", "apparel")])
    assert query.params["w.platform"] == "3" and query.params["category"] == "apparel"
    assert sum(k.startswith("w.junk") for k in query.params) == MAX_UNKNOWN_WEIGHTS
    assert query.unknown_weights_skipped == 20 - MAX_UNKNOWN_WEIGHTS
    assert read_weights(query.params)[0]["platform"] == 3.0


def test_read_query_counts_repeated_parameters_and_keeps_the_last():
    query = read_query(
        [("category", "fmcg"), ("category", "apparel"), ("lang", "en"), ("s", "a~"), ("s", "b~")]
    )
    assert query.params["category"] == "apparel"
    assert query.repeated == {"category": 2}  # scenarios repeat by design
    assert query.scenarios == ["a~", "b~"]


def test_a_link_with_a_repeated_answer_says_which_value_was_used():
    at = new_app()
    at.query_params["category"] = ["fmcg", "apparel"]
    at.query_params.update({"monthly_budget": "800", "team_size": "1", "part_time": "true"})
    at.run()
    assert_clean(at)
    warnings = " ".join(w.value for w in at.warning).replace("\\", "")
    assert t("app.link.repeated", "en", label=t("field.category.label", "en"), count=2) in warnings
    assert at.session_state["answers"]["category"] == "apparel"


def test_a_valid_weight_after_many_junk_weights_is_applied():
    params = {**link_params(parse_profile(KNIFE_EDGE), "en"), **{f"w.junk{i}": "1" for i in range(20)}}
    at = new_app(**params, **{"w.platform": "3"}).run()
    assert_clean(at)
    assert at.session_state["weights"]["platform"] == 3.0
    warnings = " ".join(w.value for w in at.warning).replace("\\", "")
    assert t("app.link.more_unknown", "en", count=20 - MAX_UNKNOWN_WEIGHTS) in warnings


@pytest.mark.parametrize("lang", LANGS)
def test_an_invisible_character_is_named_not_hidden(lang):
    at = new_app(**{**link_params(parse_profile(WECHAT), lang), "risk_tolerance": "low\u200b"}).run()
    assert_clean(at)
    warnings = " ".join(w.value for w in at.warning).replace("\\", "")
    assert "U+200B" in warnings and t("field.risk_tolerance.label", lang) in warnings
    assert at.session_state["answers"]["risk_tolerance"] is None


def test_a_link_too_long_for_streamlit_is_reported_not_silently_dropped():
    at = new_app(link="too_long").run()
    assert_clean(at)
    expected = t("app.link.too_long", "en", fields="1,000", size="512")
    assert expected in [w.value for w in at.warning]
    assert len(at.metric) == 0  # no answers: the form first
    script = too_long_script()
    assert "1000" in script and str(512 * 1024) in script and "link=too_long" in script


@pytest.mark.parametrize(("first", "second"), [("A", "Ａ"), ("Plan", "PLAN"), ("ﬁx", "fix")])
def test_scenario_names_equal_after_nfkc_and_casefold_cannot_both_come_in(first, second):
    good = "category:fmcg,monthly_budget:800,team_size:1,part_time:true"
    at = new_app(s=[f"{first}~{good}", f"{second}~{good}"], lang="en").run()
    assert_clean(at)
    assert [s.name for s in at.session_state["scenarios"]] == [first]
    open_page(at, "compare")
    assert_clean(at)
    warnings = " ".join(w.value for w in at.warning).replace("\\", "")
    assert t("app.scenario.problem.name_taken", "en", name=first) in warnings


# ------------------------------------------------------------------ human words


@pytest.mark.parametrize("lang", LANGS)
def test_form_errors_name_the_question_by_its_label_never_a_code(lang):
    at = fill(new_app(lang=lang).run(), {**WECHAT, "monthly_budget": -100.0})
    message = at.error[-1].value.replace("\\", "")
    assert t("field.monthly_budget.label", lang) in message and "-100" in message
    at = fill(at, {"monthly_budget": 800.0, "retail_price": 10.0, "unit_cost": 20.0})
    message = at.error[-1].value.replace("\\", "")
    assert t("field.unit_cost.label", lang) in message and t("field.retail_price.label", lang) in message
    for code in ("monthly_budget", "unit_cost", "retail_price"):
        assert code not in message


@pytest.mark.parametrize(
    "answers",
    [
        {"category": "fmcg", "monthly_budget": 300.0, "team_size": 1, "part_time": False},
        {**KNIFE_EDGE, "retail_price": 37.5, "unit_cost": 12.3},
    ],
)
def test_flip_points_show_money_to_meaningful_figures(answers):
    at = open_sections(fill(new_app().run(), answers), "flips")
    assert_clean(at)
    texts = " ".join(m.value for m in at.markdown).replace("\\", "")
    assert "¥" in texts
    assert not re.findall(r"¥[\d,]+\.\d+", texts)  # ¥14,300, never ¥14,250.01
    names = {d.name for chart in at.get("vega_lite_chart") for d in chart.proto.datasets}
    labels = [row["value_text"] for row in chart_rows(at, "flips")] if "flips" in names else []
    assert not [label for label in labels if re.search(r"¥[\d,]+\.\d+", label)]


def test_the_rule_browser_shows_the_influence_table_at_the_weights_in_use():
    at = new_app().run()
    open_page(at, "rules")
    assert_clean(at)
    assert t("advice.influence.title", "en") in [h.value for h in at.subheader]
    answer, wechat = t("advice.influence.answer", "en"), t("channel_short.wechat", "en")
    table = _frame_with(at, wechat)
    reach = table[table[answer] == t("field.social_reach.label", "en")]
    assert reach[wechat].tolist() == ["12"]
    limits = _frame_with(at, t("advice.influence.cap", "en"))
    assert len(limits) == len(load_rules().limits)
    at2 = new_app(**{"w.platform": "2"}).run()
    open_page(at2, "rules")
    table2 = _frame_with(at2, wechat)
    assert table2[table2[answer] == t("field.social_reach.label", "en")][wechat].tolist() == ["16.5"]


def _frame_with(at: AppTest, column: str):
    """The first dataframe on the page that has this column."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


TINY_PART_TIMER = {"category": "apparel", "monthly_budget": 1500, "team_size": 1, "part_time": True}


@pytest.mark.parametrize("lang", LANGS)
def test_a_capped_channel_says_which_limit_and_a_mix_that_is_no_option_says_so(lang):
    """The article's hard limits have their own lines under the reasons, and the mix bar is
    explained as no real option, in the chosen language."""
    doc = document_of(recommend(parse_profile(TINY_PART_TIMER)), lang)
    assert doc["limits"] and not doc["mix"]["viable"]
    at = fill(new_app(lang=lang).run(), TINY_PART_TIMER)
    assert_clean(at)
    texts = " ".join(m.value for m in at.markdown).replace("\\", "")
    assert t("app.answer.limits_title", lang) in texts
    assert all(limit["text"] in texts for limit in doc["limits"])
    captions = " ".join(c.value for c in at.caption).replace("\\", "")
    assert doc["mix"]["text"] in captions


def test_a_viable_mix_gets_no_not_an_option_caption():
    answers = dict(personas.KNIFE_EDGE)  # both channels work on their own: a real mix, no limit
    doc = document_of(recommend(parse_profile(answers)), "en")
    assert doc["mix"]["viable"] and not doc["limits"]
    at = fill(new_app().run(), answers)
    captions = " ".join(c.value for c in at.caption).replace("\\", "")
    assert doc["mix"]["text"] not in captions
    assert t("app.answer.limits_title", "en") not in " ".join(m.value for m in at.markdown)


@pytest.mark.parametrize("lang", LANGS)
def test_a_bug_in_a_page_shows_a_sentence_and_a_way_back_not_a_traceback(monkeypatch, lang):
    def broken(_lang: str) -> None:
        raise RuntimeError("/srv/secret/path.py exploded")

    monkeypatch.setitem(app.VIEWS, "rules", broken)
    at = new_app(lang=lang).run()
    open_page(at, "rules")
    assert not at.exception
    assert at.error[-1].value == t("app.crash.message", lang)
    page = " ".join(str(e.proto) for e in at.get("page_link"))
    assert t("app.crash.back", lang) in page
    assert "secret" not in " ".join(str(e.value) for kind in ("error", "markdown") for e in at.get(kind))

"""The Streamlit app through AppTest: the form, share links, languages, downloads, rule browser.

Also the pure link helpers and the catalogues the app reads its words from.
"""

from __future__ import annotations

import re
import statistics
import tomllib
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from advisor import parse_profile, recommend, report
from advisor.i18n import LANGS, catalogue, t
from advisor.profile import FIELD_SPECS, PROFILE_FIELDS
from advisor.rules import CHANNELS, DIMENSIONS, load_rules
from advisor.ui.link import DEFAULT_ANSWERS, MAX_VALUE_CHARS, link_params, read_link, share_url

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "streamlit_app.py")
TIMEOUT = 60
WECHAT = {
    "category": "fmcg",
    "monthly_budget": 800.0,
    "team_size": 1,
    "part_time": True,
    "social_reach": 3000,
}
ECOMMERCE = {
    "category": "electronics",
    "monthly_budget": 60000.0,
    "team_size": 6,
    "part_time": False,
    "data_skills": True,
}


def new_app(**params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for key, value in params.items():
        at.query_params[key] = value
    return at


def fill(at: AppTest, answers: dict) -> AppTest:
    """Set the widgets (keyed by field name) and press the submit button."""
    for name, value in answers.items():
        kind = FIELD_SPECS[name].kind
        if kind == "choice":
            at.selectbox(key=name).set_value(value)
        elif kind == "bool":
            at.radio(key=name).set_value(value)
        else:
            at.number_input(key=name).set_value(value)
    at.button(key="submit").click()
    return at.run()


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
    charts = at.get("vega_lite_chart")
    assert len(charts) == 4
    for chart in charts:
        assert chart.proto.datasets, "every chart carries its data"
    assert len(at.dataframe) == 4  # each chart's data as a table
    assert {e.label for e in at.expander} >= {t("app.answer.data_table", "en")}
    rec = recommend(parse_profile(WECHAT))
    assert rec.flags == ("pyramid-selling",)
    assert at.error[0].value.startswith(f"**{t('severity.danger', 'en')}**")
    doc = report.document(rec, "en")
    captions = " ".join(c.value for c in at.caption).replace("\\", "")
    assert doc["verdict"] in captions and doc["sensitivity_summary"] in captions
    assert t("report.flip_points", "en") in " ".join(m.value for m in at.markdown)
    subheaders = [h.value for h in at.subheader]
    for key in ("report.scores", "report.why", "app.answer.what_if", "report.actions"):
        assert t(key, "en") in subheaders


def test_a_mix_recommendation_explains_why_both():
    mix = {"category": "fmcg", "monthly_budget": 60000.0, "team_size": 4, "part_time": False}
    mix |= {"social_reach": 3000, "self_media": True}
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
    assert "team\\_size" in message and "100,000" in message
    assert headline(at) == t("channel.wechat", "en")
    assert {k: at.query_params[k] for k in at.query_params} == before
    at = fill(at, {"retail_price": 10.0, "unit_cost": 20.0, "team_size": 1})
    assert "unit\\_cost" in at.error[0].value
    assert headline(at) == t("channel.wechat", "en")


def test_optional_answers_have_an_explicit_not_sure_option():
    at = new_app().run()
    assert at.selectbox(key="after_sales").value == "not_sure"
    assert at.radio(key="data_skills").value == "not_sure"
    assert at.selectbox(key="after_sales").format_func("not_sure") == t("choice.bool.unknown", "en")
    at = fill(at, {**WECHAT, "after_sales": "high", "data_skills": False})
    assert at.query_params["after_sales"] in ("high", ["high"])
    at = fill(at, {"after_sales": "not_sure", "data_skills": "not_sure"})
    assert "after_sales" not in at.query_params and "data_skills" not in at.query_params
    assert headline(at) == t("channel.wechat", "en")


# ------------------------------------------------------------------ share links


def test_a_share_link_reproduces_the_result():
    params = link_params(parse_profile(ECOMMERCE), "en")
    at = new_app(**params).run()
    assert_clean(at)
    assert headline(at) == t("channel.ecommerce", "en")
    assert at.number_input(key="monthly_budget").value == 60000.0
    assert at.radio(key="data_skills").value is True
    assert not at.warning


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
    warnings = " ".join(w.value for w in at.warning)
    assert warnings
    for name in PROFILE_FIELDS:
        if name in params and name in {"category", "monthly_budget", "team_size", "part_time"}:
            if name == "category" and params[name] == "fmcg":
                continue
            assert at.session_state[name] == DEFAULT_ANSWERS[name]
    for name in ("monthly_budget", "team_size", "part_time", "after_sales", "social_reach", "unit_cost"):
        if name in params and name != "category":
            assert t(f"field.{name}.label", "en") in warnings
    assert "http://evil" not in warnings.replace("\\", "") or "\\(http" in warnings
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
    at.selectbox(key="lang").set_value("zh-Hans").run()
    assert_clean(at)
    assert headline(at) == t("channel.wechat", "zh-Hans")
    assert at.metric[0].label == t("report.recommendation", "zh-Hans")
    assert at.query_params["lang"] in ("zh-Hans", ["zh-Hans"])
    assert at.number_input(key="monthly_budget").value == 800.0  # the answers survive the switch
    at.selectbox(key="lang").set_value("zh-Hant").run()
    assert headline(at) == t("channel.wechat", "zh-Hant")


# ------------------------------------------------------------------ rule browser


def test_the_rule_browser_filters_by_section_dimension_and_channel():
    base = load_rules()
    at = new_app().run()
    at.segmented_control(key="view").set_value("rules").run()
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
    at.segmented_control(key="view").set_value("advisor").run()
    assert_clean(at)
    assert at.selectbox(key="category").value == "fmcg"


# ------------------------------------------------------------------ speed


def test_a_rerun_after_one_answer_changes_is_fast(tmp_path):
    script = tmp_path / "timed_app.py"
    script.write_text(
        "import time\nimport streamlit as st\nfrom advisor.ui.app import main\n"
        "start = time.perf_counter()\nmain()\n"
        "st.session_state['_seconds'] = time.perf_counter() - start\n"
    )
    at = AppTest.from_file(str(script), default_timeout=TIMEOUT)
    fill(at.run(), WECHAT)
    times = []
    for i in range(15):
        fill(at, {"monthly_budget": 900.0 + 50 * i})
        times.append(at.session_state["_seconds"])
    median = statistics.median(times)
    print(f"\nserver-side rerun after one answer changed: median {median * 1000:.0f} ms")
    assert median <= 0.150


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
    assert "team_size" in fields["team_size"] and "100,000" in fields["team_size"]
    assert len(fields["unit_cost"]) < 200
    assert link.answers["team_size"] == 1


def test_share_url_round_trips():
    profile = parse_profile({**ECOMMERCE, "retail_price": 12.5})
    url = share_url("http://localhost:8501/", link_params(profile, "zh-Hant"))
    assert url.startswith("http://localhost:8501/?category=electronics&monthly_budget=60000")
    query = dict(pair.split("=") for pair in url.split("?")[1].split("&"))
    link = read_link(query, "en")
    assert link.lang == "zh-Hant" and parse_profile(link.answers) == profile


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
    sources = [ROOT / "streamlit_app.py", ROOT / "advisor" / "charts.py", ROOT / "advisor" / "export.py"]
    sources += sorted((ROOT / "advisor" / "ui").glob("*.py"))
    used = set()
    for path in sources:
        used |= set(re.findall(r"""\bt\(\s*["']([a-z_]+(?:\.[A-Za-z0-9_-]+)+)["']""", path.read_text()))
    dynamic = {f"app.lang_name.{lang}" for lang in LANGS}
    dynamic |= {f"app.view.{v}" for v in ("advisor", "rules")}
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

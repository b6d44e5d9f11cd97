"""The Cohort page in AppTest: upload each fixture, summary, table, one founder, downloads."""

from __future__ import annotations

import io
import zipfile

import numpy as np
import pytest
from cohort_fixtures import write_fixtures
from streamlit.testing.v1 import AppTest

from advisor import cohort_view
from advisor.batch import score_cohort
from advisor.cohort_io import read_cohort
from advisor.decision import recommend
from advisor.i18n import LANGS, t
from advisor.profile import parse_profile
from advisor.rules import load_rules
from advisor.ui import cohort as page

MIME = {".xlsx": "application/vnd.ms-excel", ".csv": "text/csv", ".txt": "text/plain"}


def _script() -> None:
    import streamlit as st

    from advisor.ui.cohort import render

    render(st.session_state.get("lang", "en"))


@pytest.fixture(scope="module")
def fixtures(tmp_path_factory):
    return write_fixtures(tmp_path_factory.mktemp("app_fixtures"))


def _app(lang: str = "en", weights: dict | None = None) -> AppTest:
    app = AppTest.from_function(_script, default_timeout=120)
    app.session_state["lang"] = lang
    if weights is not None:
        app.session_state["weights"] = weights
    return app.run()


def _upload(app: AppTest, path) -> AppTest:
    app.file_uploader(key=page.UPLOAD_KEY).set_value((path.name, path.read_bytes(), MIME[path.suffix]))
    return app.run()


def _result(app: AppTest):
    return app.session_state[page.RESULT_KEY][1]


@pytest.mark.parametrize("lang", LANGS)
def test_before_an_upload_the_page_offers_templates_and_a_prompt(lang):
    app = _app(lang)
    assert not app.exception
    assert app.info[0].value == t("cohort.page.prompt", lang)
    labels = [b.label for b in app.get("download_button")]
    assert labels == [t("cohort.page.template_xlsx", lang), t("cohort.page.template_csv", lang)]


@pytest.mark.parametrize(
    "fixture", ["gb18030_csv", "utf16_tsv", "semicolon_csv", "formula_csv", "ragged_csv", "two_sheet_xlsx"]
)
def test_each_fixture_uploads_and_agrees_with_the_batch(fixtures, fixture):
    fx = fixtures[fixture]
    app = _upload(_app(), fx.path)
    assert not app.exception and not app.error
    result = _result(app)
    batch = score_cohort(read_cohort(fx.path))
    for name in ("score_ecommerce", "score_wechat", "score_mix", "margin", "source_row"):
        assert np.array_equal(result.values[name], batch.values[name], equal_nan=True)
    assert list(result.values["recommendation"]) == list(batch.values["recommendation"])
    metrics = {m.label: m.value for m in app.metric}
    assert metrics[t("cohort.page.metric_founders", "en")] == str(len(fx.rows))
    assert metrics[t("cohort.page.metric_problems", "en")] == str(batch.errors)
    table = app.dataframe[-1].value
    assert len(table) == len(fx.rows)
    if fx.lookalikes:
        assert "social\\_rech" in app.warning[0].value
    if batch.errors:
        assert any(t("cohort.page.problems_title", "en", count=batch.errors) in e.label for e in app.expander)


def test_the_summary_has_altair_charts_of_channel_shares(fixtures):
    app = _upload(_app(), fixtures["gb18030_csv"].path)
    charts = app.get("vega_lite_chart")
    assert len(charts) == 2
    overall = cohort_view.overall_chart(_result(app), "en").data
    assert int(overall["founders"].sum()) == 5


def test_formula_names_are_shown_and_downloaded_as_text(fixtures):
    app = _upload(_app(), fixtures["formula_csv"].path)
    names = app.dataframe[-1].value["name"].tolist()
    assert all(n.startswith("'") for n in names)


def test_the_cohort_follows_the_adjust_weights_panel(fixtures):
    rules = load_rules()
    weights = {**rules.weights, "team": 3.0, "marketing": 0.5}
    app = _upload(_app(weights=weights), fixtures["two_sheet_xlsx"].path)
    expected = score_cohort(read_cohort(fixtures["two_sheet_xlsx"].path), rules, weights)
    assert np.array_equal(_result(app).values["score_wechat"], expected.values["score_wechat"])
    captions = " ".join(c.value for c in app.caption)
    assert f"{t('dimension.team', 'en')} 3" in captions
    assert f"{t('dimension.marketing', 'en')} 0.5" in captions


def test_opening_a_founder_shows_the_full_answer_and_the_way_back(fixtures):
    """Through the real app: the Cohort page opens the answer page for one founder, then goes back."""
    app = AppTest.from_file("../app_script.py", default_timeout=120).run()
    app.switch_page("advisor/ui/pages/cohort.py").run()
    path = fixtures["semicolon_csv"].path
    app.file_uploader(key=page.UPLOAD_KEY).set_value((path.name, path.read_bytes(), "text/csv")).run()
    app.selectbox(key=page.PICK_KEY).set_value(2).run()
    app.button(key="cohort_open").click().run()
    assert not app.exception
    rec = recommend(parse_profile(fixtures["semicolon_csv"].rows[2].answers))
    metrics = {m.label: m.value for m in app.metric}
    assert t(f"channel.{rec.channel}", "en") in metrics.values()
    assert any("王芳 Shop" in m.value for m in app.markdown)
    app.button(key="nav_back").click().run()
    assert not app.exception
    assert app.file_uploader(key=page.UPLOAD_KEY) is not None and app.dataframe


def test_weight_sensitivity_is_computed_when_asked(fixtures):
    app = _upload(_app(), fixtures["gb18030_csv"].path)
    label = t("cohort.page.metric_sensitive", "en")
    assert {m.label: m.value for m in app.metric}[label] == "—"
    app.button(key="cohort_robust").click().run()
    result = _result(app)
    assert result.robust
    expected = int((result.values["robust_share"] < load_rules().scoring.robust_share).sum())
    assert {m.label: m.value for m in app.metric}[label] == str(expected)


def test_filters_narrow_the_table(fixtures):
    app = _upload(_app(), fixtures["ragged_csv"].path)
    app.toggle(key="cohort_filter_problems").set_value(True).run()
    assert len(app.dataframe[-1].value) == _result(app).errors
    app.toggle(key="cohort_filter_problems").set_value(False).run()
    app.text_input(key="cohort_filter_search").set_value("zhao").run()
    assert len(app.dataframe[-1].value) == 0
    app.text_input(key="cohort_filter_search").set_value("li na").run()
    assert len(app.dataframe[-1].value) == 1


def test_an_unreadable_upload_is_one_message_in_the_language(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("name,budget\na,1\n")
    app = _upload(_app("zh-Hant"), bad)
    assert not app.exception
    assert "bad\\.csv" in app.error[0].value and t("field.team_size.label", "zh-Hant") in app.error[0].value


def test_an_upload_above_the_limit_is_refused_naming_it(fixtures, monkeypatch):
    import advisor.cohort_io as cohort_io

    monkeypatch.setattr(cohort_io, "MAX_UPLOAD_MB", 0)
    app = _upload(_app(), fixtures["formula_csv"].path)
    assert "0 MB" in app.error[0].value and not app.metric


def test_the_downloads_are_offered_and_their_contents_are_right(fixtures):
    import openpyxl

    from advisor.cohort_out import write_xlsx

    app = _upload(_app("zh-Hans"), fixtures["gb18030_csv"].path)
    labels = [b.label for b in app.get("download_button")]
    assert (
        t("cohort.page.download_xlsx", "zh-Hans") in labels
        and t("cohort.page.download_csv", "zh-Hans") in labels
    )
    result = _result(app)
    out = io.BytesIO()
    write_xlsx(result, out, load_rules(), "zh-Hans")
    book = openpyxl.load_workbook(io.BytesIO(out.getvalue()))
    assert book.sheetnames[:2] == ["结果", "问题"]
    sheet = book["结果"]
    header = [c.value for c in sheet[1]]
    column = header.index(t("cohort.col.recommendation", "zh-Hans"))
    assert sheet.cell(row=2, column=column + 1).value == t(
        f"channel.{result.values['recommendation'][0]}", "zh-Hans"
    )
    code = header.index("recommendation_code")
    assert sheet.cell(row=2, column=code + 1).value == result.values["recommendation"][0]


def test_the_reports_zip_names_each_file_after_the_founder(fixtures):
    result = score_cohort(read_cohort(fixtures["gb18030_csv"].path))
    data = cohort_view.reports_zip(result, [0, 1, 1], lambda p: p.category.encode(), "en")
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert names == ["张伟.html", "Li Na.html", "Li Na-2.html"]


@pytest.mark.parametrize("lang", LANGS)
def test_templates_round_trip_through_the_reader(lang):
    from advisor.cohort_io import read_cohort_bytes

    for name, data in (
        ("t.csv", cohort_view.template_csv(lang)),
        ("t.xlsx", cohort_view.template_xlsx(lang)),
    ):
        result = score_cohort(read_cohort_bytes(data, name, lang))
        assert result.rows == 2 and result.errors == 0
        assert data[:3] == b"\xef\xbb\xbf" or name.endswith(".xlsx")


def test_the_reports_zip_holds_each_founders_real_html_report(fixtures):
    from advisor.ui.cohort import _report

    result = score_cohort(read_cohort(fixtures["two_sheet_xlsx"].path))
    weights = dict(load_rules().weights)
    data = cohort_view.reports_zip(result, [1], lambda p: _report(p, weights, "zh-Hant"), "zh-Hant")
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert archive.namelist() == ["Li Na.html"]
    page = archive.read("Li Na.html").decode("utf-8")
    assert (
        page.lstrip().lower().startswith("<!doctype html")
        and t(f"channel.{result.values['recommendation'][1]}", "zh-Hant") in page
    )


def test_a_chosen_founder_filtered_out_falls_back_to_one_shown(fixtures):
    app = _upload(_app(), fixtures["ragged_csv"].path)
    app.selectbox(key=page.PICK_KEY).set_value(5).run()
    app.text_input(key="cohort_filter_search").set_value("张").run()
    assert not app.exception
    assert app.selectbox(key=page.PICK_KEY).value == 0


def test_rows_without_a_result_show_empty_cells_not_none(fixtures):
    """A row that could not be scored has empty result cells and its problem; never the word None."""
    result = score_cohort(read_cohort(fixtures["ragged_csv"].path))
    frame = cohort_view.table(result, load_rules(), "en")
    error = frame[t("cohort.col.error", "en")]
    assert (error != "").any() and (error == "").any()  # both kinds of row are in the fixture
    text = frame.select_dtypes(include=["object", "str"])
    assert not text.isna().any().any()
    assert not (text.astype(str) == "None").any().any()

"""The founder's first minute in a real browser: Playwright driving Debian's Chromium against
`streamlit run`.

A phone opened from a Chinese share link, a desktop journey (form first, answer first, stale
answers, error wording, downloads, Tab stops), axe-core on every page in all three languages,
weights and scenarios across pages, a hostile link; and throughout, no request leaving 127.0.0.1
and no warning in the server log. Screenshots go to artifacts/screenshots/ (gitignored).
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import PHONE, Server, open_context
from documents import document_of
from personas import ECOMMERCE, KNIFE_EDGE, WECHAT
from playwright.sync_api import Browser, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from advisor import parse_profile, recommend, report
from advisor.export import files
from advisor.i18n import LANGS, t
from advisor.ui import answer
from advisor.ui.link import Scenario, encode_scenario, link_params

pytestmark = pytest.mark.browser

CHART = '[data-testid="stVegaLiteChart"] svg.marks'
WAIT_MS = 60_000
MAX_TABS_TO_DOWNLOAD = 10  # Tab stops from the top of the page to the first download button


def url_for(server: Server, params: dict, path: str = "") -> str:
    return f"{server.url}/{path}?{urlencode(params, doseq=True, safe=':,~')}"


def wait_for_answer(page: Page, channel_label: str, charts: int = 1) -> None:
    """The headline names the channel and the first-paint charts have drawn their marks."""
    expect(page.get_by_test_id("stMetricValue").first).to_have_text(channel_label, timeout=WAIT_MS)
    expect(page.locator(CHART)).to_have_count(charts, timeout=WAIT_MS)
    expect(page.get_by_test_id("stException")).to_have_count(0)


def settle(page: Page) -> None:
    """Wait until Streamlit has finished running the script (no 'running' status widget)."""
    page.wait_for_timeout(300)
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=WAIT_MS)


def switch_language(page: Page, current: str, wanted: str) -> None:
    """Press the button of another language (the buttons name each language in its own words)."""
    group = page.get_by_role("radiogroup", name=t("app.language", current), exact=True)
    group.get_by_role("radio", name=t(f"app.lang_short.{wanted}", current), exact=True).click()


def choose(page: Page, label: str, option: str) -> None:
    """Pick an option of a Streamlit selectbox by its visible (or accessible) label."""
    box = page.get_by_role("combobox", name=label, exact=True)
    choice = page.get_by_role("option", name=option, exact=True)
    for _ in range(3):
        box.click()
        try:
            choice.wait_for(state="visible", timeout=3000)
            break
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    choice.click()


def number(page: Page, field: str, value: float | str) -> None:
    """Type into the number input of a profile field (found by its key) and leave it."""
    box = page.locator(f".st-key-{field} input")
    box.fill(str(value))
    box.press("Tab")


def open_sections(page: Page, lang: str) -> None:
    """Open the answer's deeper sections one by one (each is drawn when opened)."""
    for _, title in answer.DEEP_SECTIONS:
        page.get_by_text(t(title, lang), exact=True).click()
        settle(page)


def snap(page: Page, path: Path, *, full: bool = True) -> None:
    """Screenshot the app; `full`: Streamlit scrolls inside the page, so grow the viewport to fit."""
    if not full:
        page.screenshot(path=path)
        return
    size = page.viewport_size or {"width": 1400, "height": 1000}
    height = page.evaluate(
        "() => Math.max(...Array.from(document.querySelectorAll('section, div')).map(e => e.scrollHeight))"
    )
    page.set_viewport_size({"width": size["width"], "height": min(max(height + 40, size["height"]), 8000)})
    page.wait_for_timeout(800)  # let the charts re-fit
    page.screenshot(path=path, full_page=True)
    page.set_viewport_size(size)


def params_of(url: str) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlparse(url).query).items()}


def serious(page: Page) -> list[tuple[str, str, int]]:
    """axe-core's serious and critical violations on the page: (rule, impact, nodes)."""
    violations = Axe().run(page).response["violations"]
    return [
        (v["id"], v["impact"], len(v["nodes"])) for v in violations if v["impact"] in ("serious", "critical")
    ]


# ------------------------------------------------------------------ first paint, phone


def test_startup_to_first_result(server, browser: Browser, screenshots: Path):
    """Time from `streamlit run` to a shared link's answer on screen (recorded, not asserted:
    `python -m advisor.bench_browser` compares it with a bare app)."""
    context = open_context(browser, server)
    page = context.new_page()
    page.goto(url_for(server, link_params(parse_profile(WECHAT), "en")))
    wait_for_answer(page, t("channel.wechat", "en"))
    server.record("streamlit_run_to_first_result_s", time.perf_counter() - server.started)
    settle(page)
    snap(page, screenshots / "00-en-desktop-answer-first.png", full=False)
    context.close()


@pytest.mark.parametrize("lang", ["zh-Hans", "en"])
def test_a_phone_opened_from_a_share_link_shows_the_headline_first(
    server, browser: Browser, screenshots, lang
):
    context = open_context(browser, server, **PHONE, locale="zh-CN")
    page = context.new_page()
    page.goto(url_for(server, link_params(parse_profile(WECHAT), lang)))
    wait_for_answer(page, t("channel.wechat", lang))
    settle(page)
    card = page.locator(".st-key-headline").bounding_box()
    assert card is not None and card["y"] + card["height"] <= 844, card  # the whole card, no scrolling
    expect(page.get_by_text(t("app.summary.change", lang))).to_be_visible()  # the answers, folded
    title = page.get_by_role("heading", level=1).bounding_box()
    picker = page.get_by_role("radiogroup", name=t("app.language", lang)).bounding_box()
    assert title and picker and picker["y"] < title["y"] + title["height"]  # one row, not two
    assert picker["x"] + picker["width"] <= 390  # and on the screen
    assert page.evaluate("document.documentElement.lang") == lang
    snap(page, screenshots / f"01-{lang}-phone-share-link.png", full=False)
    context.close()


# ------------------------------------------------------------------ the desktop journey


def test_desktop_journey(server, browser: Browser, screenshots: Path):
    context = open_context(browser, server)
    page = context.new_page()
    page.goto(server.url)
    # No answers yet: the questions come first.
    submit = page.locator(".st-key-submit button")
    expect(submit).to_have_text(t("app.form.submit", "en"), timeout=WAIT_MS)
    expect(page.get_by_test_id("stMetricValue")).to_have_count(0)
    expect(page.get_by_text("Press Enter")).to_have_count(0)
    snap(page, screenshots / "02-en-form-first.png")

    choose(page, t("field.category.label", "en"), t("choice.category.fmcg", "en"))
    number(page, "monthly_budget", 800)
    number(page, "team_size", 1)
    page.get_by_role("radiogroup", name=t("field.part_time.label", "en")).get_by_text(
        t("choice.bool.yes", "en"), exact=True
    ).click()
    page.get_by_text(t("app.form.more", "en"), exact=True).click()
    number(page, "social_reach", 3000)
    settle(page)
    submit.click()
    wait_for_answer(page, t("channel.wechat", "en"))
    expect(page.locator(".st-key-answers_summary")).to_contain_text(t("app.summary.part_time", "en"))
    expect(page).to_have_url(re.compile(r"monthly_budget=800"), timeout=WAIT_MS)
    assert params_of(page.url) == link_params(parse_profile(WECHAT), "en")
    settle(page)

    # The main actions are a handful of Tab stops away (no chart toolbars in the way).
    page.reload()  # a fresh page on the same link: Tab starts from the top
    wait_for_answer(page, t("channel.wechat", "en"))
    settle(page)
    on_download = "!!document.activeElement.closest('[data-testid=\"stDownloadButton\"]')"
    stops = 0
    while stops < 60 and not page.evaluate(on_download):
        page.keyboard.press("Tab")
        stops += 1
    assert stops <= MAX_TABS_TO_DOWNLOAD, stops
    server.record("tab_stops_to_first_download", stops)

    # Downloads are named for what they hold; the JSON is the CLI's document.
    day = r"\d{4}-\d{2}-\d{2}"
    expected = report.to_json(document_of(recommend(parse_profile(WECHAT)), "en"))
    for kind in ("json", "html", "csv"):
        with page.expect_download() as download:
            page.get_by_test_id("stDownloadButton").filter(
                has_text=t(f"app.answer.download_{kind}", "en")
            ).click()
        name = download.value.suggested_filename
        assert re.fullmatch(rf"channel-fit-wechat-fmcg-{day}\.{files.EXTENSIONS[kind]}", name), name
        if kind == "json":
            assert Path(download.value.path()).read_text(encoding="utf-8") == expected
    snap(page, screenshots / "03-en-answer.png")

    # Edited but not submitted: the answer says it is out of date, its files and link wait.
    page.get_by_role("button", name=t("app.summary.change", "en")).click()
    number(page, "monthly_budget", 60000)
    settle(page)
    expect(page.get_by_text(t("app.stale.answer", "en"))).to_be_visible(timeout=WAIT_MS)
    expect(page.get_by_text(t("app.stale.rest", "en"))).to_be_visible()
    expect(page.get_by_test_id("stDownloadButton")).to_have_count(0)
    expect(page.get_by_test_id("stMetricValue").first).to_have_text(t("channel.wechat", "en"))
    snap(page, screenshots / "04-en-stale-answer.png")

    # A bad budget is explained with the question's label and what is allowed, never a code word.
    number(page, "monthly_budget", -100)
    settle(page)
    submit.click()
    error = page.locator(".st-key-form_errors")
    expect(error).to_contain_text(t("app.form.invalid", "en"), timeout=WAIT_MS)
    expect(error).to_contain_text(t("field.monthly_budget.label", "en"))
    assert "monthly_budget" not in error.inner_text()
    snap(page, screenshots / "05-en-bad-budget.png")

    # The budget put back as it was: nothing is out of date, the files and the link are back.
    number(page, "monthly_budget", 800)
    settle(page)
    expect(page.get_by_text(t("app.stale.answer", "en"))).to_have_count(0, timeout=WAIT_MS)
    expect(page.get_by_test_id("stDownloadButton")).to_have_count(4, timeout=WAIT_MS)

    # Another language: the answer, the labels and the URL follow; the answers stay.
    switch_language(page, "en", "zh-Hans")
    expect(page.get_by_test_id("stMetricValue").first).to_have_text(
        t("channel.wechat", "zh-Hans"), timeout=WAIT_MS
    )
    expect(page).to_have_url(re.compile(r"lang=zh-Hans"), timeout=WAIT_MS)
    assert page.evaluate("document.documentElement.lang") == "zh-Hans"
    settle(page)
    snap(page, screenshots / "06-zh-Hans-answer.png")

    # The HTML report (built only when clicked) carries the Chinese text and no script.
    with page.expect_download() as download:
        page.get_by_test_id("stDownloadButton").filter(
            has_text=t("app.answer.download_html", "zh-Hans")
        ).click()
    body = Path(download.value.path()).read_text(encoding="utf-8")
    assert t("channel.wechat", "zh-Hans") in body and "<script" not in body.lower()
    context.close()


# ------------------------------------------------------------------ accessibility, every page


def scenarios_link(lang: str) -> dict:
    """A link with an answer and two saved scenarios, so Compare has something to show."""
    knife, wechat = parse_profile(KNIFE_EDGE), parse_profile(ECOMMERCE)
    saved = [Scenario("Knife edge", knife.answers()), Scenario("Bigger", wechat.answers())]
    params = link_params(knife, lang)
    params["s"] = [encode_scenario(s) for s in saved]
    return params


@pytest.mark.parametrize("lang", LANGS)
def test_no_serious_accessibility_problem_on_any_page(server, browser: Browser, screenshots, lang):
    context = open_context(browser, server)
    page = context.new_page()
    found: dict[str, list] = {}

    page.goto(url_for(server, {"lang": lang}))  # the form, first visit
    expect(page.locator(".st-key-submit button")).to_be_visible(timeout=WAIT_MS)
    settle(page)
    found["form"] = serious(page)

    page.goto(url_for(server, scenarios_link(lang)))  # the answer, every section open
    wait_for_answer(page, t("channel.wechat", lang))
    open_sections(page, lang)
    expect(page.locator(CHART)).to_have_count(6, timeout=WAIT_MS)
    found["answer"] = serious(page)
    assert page.evaluate("document.documentElement.lang") == lang
    snap(page, screenshots / f"07-{lang}-answer-all-sections.png")

    for path, heading in (("compare", "app.compare.title"), ("rules", "app.rules.title")):
        page.get_by_role("link", name=t(f"app.view.{path}", lang)).click()
        expect(page.get_by_role("heading", name=t(heading, lang))).to_be_visible(timeout=WAIT_MS)
        expect(page).to_have_url(re.compile(rf"/{path}\?"), timeout=WAIT_MS)
        settle(page)
        found[path] = serious(page)
        snap(page, screenshots / f"08-{lang}-{path}.png")
    page.get_by_role("link", name=t("app.view.cohort", lang)).click()  # the Cohort page, before an upload
    expect(page.get_by_test_id("stFileUploader")).to_be_visible(timeout=WAIT_MS)
    settle(page)
    found["cohort"] = serious(page)
    server.record(f"axe_serious_{lang}", sum(n for v in found.values() for *_, n in v))
    assert found == {name: [] for name in found}
    context.close()


# ------------------------------------------------------------------ weights and scenarios, across pages


def save_scenario(page: Page, name: str, lang: str = "en") -> None:
    """Open "Save as a scenario" if it is folded (its form is drawn only when open), then save."""
    field = page.get_by_label(t("app.scenario.name", lang), exact=True)
    if not field.is_visible():
        page.get_by_text(t("app.scenario.title", lang), exact=True).click()
    field.fill(name)
    page.get_by_role("button", name=t("app.scenario.save", lang)).click()
    expect(page.get_by_test_id("stAlertContentSuccess").last).to_contain_text(name, timeout=WAIT_MS)


def test_weights_and_scenarios(server, browser: Browser, screenshots: Path):
    """Move one weight; save two scenarios, compare them on their page, restore one in Chinese."""
    context = open_context(browser, server)
    page = context.new_page()
    page.goto(url_for(server, link_params(parse_profile(KNIFE_EDGE), "en")))
    wait_for_answer(page, t("channel.wechat", "en"))
    default = recommend(parse_profile(KNIFE_EDGE))
    expect(page.get_by_test_id("stMetricLabel").first).to_have_text(t("app.answer.ahead", "en"))
    save_scenario(page, "Knife edge")

    page.get_by_text(t("app.weights.title", "en"), exact=True).click()
    slider = page.get_by_role("slider", name=t("dimension.platform", "en"))
    slider.focus()
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    weighted = recommend(parse_profile(KNIFE_EDGE), weights={"platform": 1.5})
    points = t("app.answer.points", "en", points=f"{weighted.margin:.1f}")
    expect(page.get_by_test_id("stMetricValue").nth(1)).to_have_text(points, timeout=WAIT_MS)
    expect(page).to_have_url(re.compile(r"w\.platform=1\.5"), timeout=WAIT_MS)
    save_scenario(page, "More platform")
    settle(page)

    page.get_by_role("link", name=t("app.view.compare", "en")).click()
    expect(page).to_have_url(re.compile(r"/compare\?"), timeout=WAIT_MS)
    expect(page.locator(CHART)).to_have_count(1, timeout=WAIT_MS)
    table = page.get_by_test_id("stDataFrame").first
    expect(table).to_contain_text("Knife edge", timeout=WAIT_MS)
    with page.expect_download() as download:
        page.get_by_test_id("stDownloadButton").filter(has_text=t("app.compare.download_csv", "en")).click()
    name = download.value.suggested_filename
    assert re.fullmatch(r"channel-fit-comparison-knife-edge-more-platform-\d{4}-\d{2}-\d{2}\.csv", name), name
    docs = [
        {**document_of(default, "en"), "name": "Knife edge"},
        {**document_of(weighted, "en"), "name": "More platform"},
    ]
    assert Path(download.value.path()).read_bytes() == files.comparison_csv(docs, "en")
    settle(page)
    snap(page, screenshots / "09-en-compare.png")

    switch_language(page, "en", "zh-Hans")
    expect(page.get_by_role("heading", name=t("app.compare.title", "zh-Hans"))).to_be_visible(timeout=WAIT_MS)
    page.get_by_role("button", name=t("app.compare.restore", "zh-Hans")).first.click()
    expect(page.get_by_test_id("stMetricValue").first).to_have_text(
        t("channel.wechat", "zh-Hans"), timeout=WAIT_MS
    )
    points = t("app.answer.points", "zh-Hans", points=f"{default.margin:.1f}")
    expect(page.get_by_test_id("stMetricValue").nth(1)).to_have_text(points, timeout=WAIT_MS)
    expect(page).not_to_have_url(re.compile(r"w\.platform="), timeout=WAIT_MS)
    settle(page)
    snap(page, screenshots / "10-zh-Hans-restored.png")
    context.close()


def test_a_hostile_link_warns_by_label_without_a_traceback(server, browser: Browser, screenshots: Path):
    context = open_context(browser, server)
    page = context.new_page()
    page.goto(
        f"{server.url}/?category=caviar&monthly_budget=-5&team_size=abc&lang=xx"
        f"&after_sales=%3Cimg%20src%3Dx%3E&social_reach={'9' * 3000}&risk_tolerance=low%E2%80%8B"
        f"&category=fmcg2"
    )
    expect(page.get_by_test_id("stAlertContentWarning").first).to_be_visible(timeout=WAIT_MS)
    text = " ".join(page.get_by_test_id("stAlertContentWarning").all_inner_texts())
    for field in ("category", "monthly_budget", "team_size", "after_sales", "social_reach", "risk_tolerance"):
        assert t(f"field.{field}.label", "en") in text
    assert "xx" in text and "U+200B" in text and len(text) < 5000
    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(page.locator("img[src=x]")).to_have_count(0)
    wait_for_answer(page, t("channel.wechat", "en"))  # the defaults still give an answer
    settle(page)
    snap(page, screenshots / "11-en-hostile-link.png")
    context.close()


def test_a_link_streamlit_cannot_read_is_reported(server, browser: Browser):
    context = open_context(browser, server)
    page = context.new_page()
    page.goto(f"{server.url}/?" + "&".join(f"x{i}=1" for i in range(1001)) + "&category=apparel")
    expected = t("app.link.too_long", "en", fields="1,000", size="512")
    expect(page.get_by_text(expected)).to_be_visible(timeout=WAIT_MS)
    expect(page).to_have_url(re.compile(r"\?link=too_long|lang=en"), timeout=WAIT_MS)
    context.close()


# ------------------------------------------------------------------ after everything above


def test_zz_nothing_left_the_machine_and_the_server_log_is_clean(server):
    """Runs last (pytest keeps file order): every context's requests, and the whole server log."""
    assert server.outside == []
    problems = [line for line in server.log_problems() if "Ignoring query string with" not in line]
    assert problems == []
    (server.log.parent / "browser-summary.json").write_text(
        json.dumps({"outside_requests": len(server.outside), "log_problems": len(problems)}) + "\n"
    )

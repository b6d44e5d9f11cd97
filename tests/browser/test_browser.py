"""The founder's journey in a real browser: Playwright driving Debian's Chromium against `streamlit run`.

Screenshots go to artifacts/screenshots/ (gitignored); look at them after a change to the layout.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from documents import document_of
from personas import ECOMMERCE, KNIFE_EDGE, WECHAT
from playwright.sync_api import Browser, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from advisor import parse_profile, recommend, report
from advisor.export import files
from advisor.i18n import t
from advisor.ui.link import link_params

pytestmark = pytest.mark.browser

CHART = '[data-testid="stVegaLiteChart"] svg.marks'
WAIT_MS = 60_000


def wait_for_answer(page: Page, channel_label: str, charts: int = 5) -> None:
    """The headline names the channel and all the charts have drawn their marks (scores, why,
    robustness, two what-ifs; and the flip points when an answer can flip the result)."""
    expect(page.get_by_test_id("stMetricValue").first).to_have_text(channel_label, timeout=WAIT_MS)
    expect(page.locator(CHART)).to_have_count(charts, timeout=WAIT_MS)
    expect(page.get_by_test_id("stException")).to_have_count(0)


def settle(page: Page) -> None:
    """Wait until Streamlit has finished running the script (no 'running' status widget)."""
    page.wait_for_timeout(300)
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=WAIT_MS)


def choose(page: Page, label: str, option: str) -> None:
    """Pick an option of a Streamlit selectbox by its visible label."""
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


def number(page: Page, label: str, value: float) -> None:
    field = page.get_by_label(label, exact=True)
    field.fill(str(value))
    field.press("Tab")


def radio(page: Page, label: str, option: str) -> None:
    group = page.get_by_role("radiogroup", name=label)
    group.get_by_text(option, exact=True).click()


def snap(page: Page, path: Path) -> None:
    """Screenshot the whole app: Streamlit scrolls inside the page, so grow the viewport to fit."""
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


def test_startup_to_first_result(server, browser: Browser, screenshots: Path):
    """Time from `streamlit run` to a shared link's recommendation on screen (charts drawn)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    query = "&".join(f"{k}={v}" for k, v in link_params(parse_profile(WECHAT), "en").items())
    page.goto(f"{server.url}/?{query}")
    wait_for_answer(page, t("channel.wechat", "en"))
    seconds = time.perf_counter() - server.started
    server.record("streamlit_run_to_first_result_s", seconds)
    print(f"\nstreamlit run -> first result on screen: {seconds:.2f} s")
    snap(page, screenshots / "00-first-result.png")
    context.close()


def test_fill_the_form_download_share_and_switch_language(server, page: Page, screenshots: Path):
    page.goto(server.url)
    expect(page.get_by_test_id("stFormSubmitButton")).to_be_visible(timeout=WAIT_MS)
    expect(page.get_by_text(t("app.form.prompt", "en"))).to_be_visible()
    snap(page, screenshots / "01-en-empty-form.png")

    # The four core questions, then one optional answer in "More about your business".
    choose(page, t("field.category.label", "en"), t("choice.category.fmcg", "en"))
    number(page, t("field.monthly_budget.label", "en"), 800)
    number(page, t("field.team_size.label", "en"), 1)
    radio(page, t("field.part_time.label", "en"), t("choice.bool.yes", "en"))
    page.get_by_text(t("app.form.more", "en"), exact=True).click()
    number(page, t("field.social_reach.label", "en"), 3000)
    started = time.perf_counter()
    page.get_by_test_id("stFormSubmitButton").locator("button").click()
    wait_for_answer(page, t("channel.wechat", "en"))
    print(f"\nsubmit -> answer on screen: {time.perf_counter() - started:.2f} s")
    expect(page.get_by_test_id("stAlertContentError").first).to_contain_text(t("severity.danger", "en"))
    settle(page)
    snap(page, screenshots / "02-en-answer.png")

    # The JSON download is the CLI's document for the same answers.
    expected = report.to_json(document_of(recommend(parse_profile(WECHAT)), "en"))
    with page.expect_download() as download:
        page.get_by_test_id("stDownloadButton").filter(has_text=t("app.answer.download_json", "en")).click()
    assert re.fullmatch(r"channel-fit-wechat-fmcg-\d{4}-\d{2}-\d{2}\.json", download.value.suggested_filename)
    body = Path(download.value.path()).read_text(encoding="utf-8")
    assert body == expected
    assert json.loads(body)["recommendation"] == "wechat"

    # The URL now holds the answers; a fresh page opened on it shows the same result.
    expect(page).to_have_url(re.compile(r"monthly_budget=800"), timeout=WAIT_MS)
    shared = page.url
    assert params_of(shared) == link_params(parse_profile(WECHAT), "en")
    fresh = page.context.browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    fresh.goto(shared)
    wait_for_answer(fresh, t("channel.wechat", "en"))
    expect(fresh.get_by_label(t("field.monthly_budget.label", "en"), exact=True)).to_have_value("800")
    fresh.context.close()

    # Switch language: the headline, the labels and the URL follow.
    choose(page, t("app.language", "en"), t("app.lang_name.zh-Hans", "en"))
    wait_for_answer(page, t("channel.wechat", "zh-Hans"))
    expect(page.get_by_text(t("app.form.submit", "zh-Hans"))).to_be_visible()
    # The answers keep their values and show them in the new language.
    category = page.get_by_role("combobox", name=t("field.category.label", "zh-Hans"), exact=True)
    expect(category).to_have_value(t("choice.category.fmcg", "zh-Hans"), timeout=WAIT_MS)
    part_time = page.get_by_role("radiogroup", name=t("field.part_time.label", "zh-Hans"))
    expect(part_time.get_by_role("radio").first).to_be_checked()
    skills = page.get_by_role("radiogroup", name=t("field.data_skills.label", "zh-Hans"))
    expect(skills.get_by_role("radio").first).to_be_checked()  # "not sure" is a real, chosen option
    expect(page).to_have_url(re.compile(r"lang=zh-Hans"), timeout=WAIT_MS)
    settle(page)
    snap(page, screenshots / "03-zh-Hans-answer.png")

    # The HTML report (built only when clicked) carries the Chinese text and no script.
    with page.expect_download() as download:
        page.get_by_test_id("stDownloadButton").filter(
            has_text=t("app.answer.download_html", "zh-Hans")
        ).click()
    html = Path(download.value.path()).read_text(encoding="utf-8")
    assert download.value.suggested_filename.endswith(".html")
    assert t("channel.wechat", "zh-Hans") in html and "<script" not in html.lower()
    assert html.count("<svg") == 5


def test_browser_locale_chooses_the_language_and_rules_can_be_browsed(
    server, browser: Browser, screenshots: Path
):
    context = browser.new_context(locale="zh-TW", viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    query = "&".join(
        f"{k}={v}" for k, v in link_params(parse_profile(ECOMMERCE), "en").items() if k != "lang"
    )
    page.goto(f"{server.url}/?{query}")
    wait_for_answer(page, t("channel.ecommerce", "zh-Hant"))
    settle(page)
    snap(page, screenshots / "04-zh-Hant-locale-answer.png")

    page.get_by_test_id("stButtonGroup").get_by_text(t("app.view.rules", "zh-Hant"), exact=True).click()
    expect(page.get_by_text(t("app.rules.title", "zh-Hant"), exact=True)).to_be_visible(timeout=WAIT_MS)
    settle(page)
    snap(page, screenshots / "05-zh-Hant-rules.png")
    context.close()


def test_a_hostile_link_warns_without_a_traceback(server, page: Page, screenshots: Path):
    page.goto(
        f"{server.url}/?category=caviar&monthly_budget=-5&team_size=abc&lang=xx"
        f"&after_sales=%3Cimg%20src%3Dx%3E&social_reach={'9' * 3000}"
    )
    expect(page.get_by_test_id("stAlertContentWarning").first).to_be_visible(timeout=WAIT_MS)
    warnings = page.get_by_test_id("stAlertContentWarning").all_inner_texts()
    text = " ".join(warnings)
    for field in ("category", "monthly_budget", "team_size", "after_sales", "social_reach"):
        assert field in text
    assert "xx" in text and len(text) < 4000
    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(page.locator("img[src=x]")).to_have_count(0)
    wait_for_answer(page, t("channel.wechat", "en"))  # the defaults still give an answer
    settle(page)
    snap(page, screenshots / "06-en-broken-link.png")


def lead(page: Page) -> str:
    return page.get_by_test_id("stMetricValue").nth(1).inner_text()


def save_scenario(page: Page, name: str, lang: str = "en") -> None:
    page.get_by_label(t("app.scenario.name", lang), exact=True).fill(name)
    page.get_by_role("button", name=t("app.scenario.save", lang)).click()
    expect(page.get_by_test_id("stAlertContentSuccess").last).to_contain_text(name, timeout=WAIT_MS)


def test_weights_and_scenarios(server, page: Page, screenshots: Path):
    """Move one weight and see the scores change; save two scenarios, compare them, restore one."""
    query = "&".join(f"{k}={v}" for k, v in link_params(parse_profile(KNIFE_EDGE), "en").items())
    page.goto(f"{server.url}/?{query}")
    wait_for_answer(page, t("channel.wechat", "en"), charts=6)
    default = recommend(parse_profile(KNIFE_EDGE))
    points = t("app.answer.points", "en", points=f"{default.margin:.1f}")
    expect(page.get_by_test_id("stMetricValue").nth(1)).to_have_text(points)
    expect(page.get_by_text(t("app.answer.close", "en")).first).to_be_visible()  # the badge: no clear winner
    save_scenario(page, "Knife edge")

    # One weight up by 0.5 (five steps of the slider's keyboard control): the scores follow.
    page.get_by_text(t("app.weights.title", "en"), exact=True).click()
    slider = page.get_by_role("slider", name=t("dimension.platform", "en"))
    slider.focus()
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    weighted = recommend(parse_profile(KNIFE_EDGE), weights={"platform": 1.5})
    points = t("app.answer.points", "en", points=f"{weighted.margin:.1f}")
    expect(page.get_by_test_id("stMetricValue").nth(1)).to_have_text(points, timeout=WAIT_MS)
    assert weighted.margin != default.margin
    expect(page).to_have_url(re.compile(r"w\.platform=1\.5"), timeout=WAIT_MS)
    save_scenario(page, "More platform")
    settle(page)
    snap(page, screenshots / "07-en-weights.png")

    # Compare: both scenarios side by side, the chart drawn, the CSV the comparison of both.
    page.get_by_test_id("stButtonGroup").get_by_text(t("app.view.compare", "en"), exact=True).click()
    expect(page.locator(CHART)).to_have_count(1, timeout=WAIT_MS)
    table = page.get_by_test_id("stDataFrame").first
    expect(table).to_contain_text("Knife edge", timeout=WAIT_MS)
    expect(table).to_contain_text("More platform")
    with page.expect_download() as download:
        page.get_by_test_id("stDownloadButton").filter(has_text=t("app.compare.download_csv", "en")).click()
    docs = [
        {**document_of(default, "en"), "name": "Knife edge"},
        {**document_of(weighted, "en"), "name": "More platform"},
    ]
    assert Path(download.value.path()).read_bytes() == files.comparison_csv(docs, "en")
    settle(page)
    snap(page, screenshots / "08-en-compare.png")

    # The scenarios are in the URL: a fresh page opened on it has both.
    fresh = page.context.browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    fresh.goto(page.url)
    wait_for_answer(fresh, t("channel.wechat", "en"), charts=6)
    fresh.get_by_test_id("stButtonGroup").get_by_text(t("app.view.compare", "en"), exact=True).click()
    expect(fresh.get_by_test_id("stDataFrame").first).to_contain_text("More platform", timeout=WAIT_MS)
    fresh.context.close()

    # In Chinese, then restore the first scenario: its answers and default weights come back.
    choose(page, t("app.language", "en"), t("app.lang_name.zh-Hans", "en"))
    heading = page.get_by_role("heading", name=t("app.compare.title", "zh-Hans"))
    expect(heading).to_be_visible(timeout=WAIT_MS)
    expect(page.locator(CHART)).to_have_count(1, timeout=WAIT_MS)
    settle(page)
    snap(page, screenshots / "09-zh-Hans-compare.png")
    page.get_by_role("button", name=t("app.compare.restore", "zh-Hans")).first.click()
    wait_for_answer(page, t("channel.wechat", "zh-Hans"), charts=6)
    points = t("app.answer.points", "zh-Hans", points=f"{default.margin:.1f}")
    expect(page.get_by_test_id("stMetricValue").nth(1)).to_have_text(points, timeout=WAIT_MS)
    expect(page).not_to_have_url(re.compile(r"w\.platform="), timeout=WAIT_MS)
    settle(page)
    snap(page, screenshots / "10-zh-Hans-restored.png")

"""Browser timings of the app's first minute: `python -m advisor.bench_browser [--rounds N]`.

Measured in Debian's Chromium through Playwright, against real `streamlit run` processes:

- **first chart**: from starting `streamlit run streamlit_app.py` to the first chart drawn
  (`svg.marks`) for a visitor opening a share link, against a bare Streamlit app with one Altair
  chart started the same way in the same round (target ≤ 1.2×). The two alternate; the verdict
  takes each round's app/bare ratio and their median, because a shared machine's speed drifts
  from minute to minute and a round's two starts see the same speed. The ratio of the two
  medians is printed beside it;
- **warm visit**: the same, for a new visitor on a server already running;
- **submit → headline**: pressing "Update my answer" after an edit, until the headline shows the
  new lead (target ≤ 250 ms).

Targets are reported, not asserted: this machine is shared and timings swing.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
CHART = '[data-testid="stVegaLiteChart"] svg.marks'
FIRST_CHART_TARGET = 1.2
SUBMIT_TARGET_MS = 250.0
BARE_APP = """
import altair as alt
import pandas as pd
import streamlit as st

st.title("Bare")
frame = pd.DataFrame({"channel": ["a", "b", "c"], "score": [35.0, 59.0, 32.0]})
st.altair_chart(alt.Chart(frame).mark_bar().encode(x="score", y="channel"))
"""
# A share link (WeChat-leaning founder) and an edit that changes the lead.
LINK = "?category=fmcg&monthly_budget=800&team_size=1&part_time=true&lang=en"
EDIT_BUDGET = "60000"


def free_port() -> int:
    """A free TCP port on the loopback address."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def healthy(url: str, timeout: float = 2.0) -> bool:
    """Whether a Streamlit server at `url` answers its health check."""
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=timeout) as response:
            return response.status == 200
    except OSError:
        return False


@dataclass
class Server:
    """A `streamlit run` process, its URL and when it was started."""

    url: str
    started: float
    process: subprocess.Popen


@contextmanager
def serve(script: Path) -> Iterator[Server]:
    """Start `streamlit run script` on a free loopback port in its own process group."""
    port = free_port()
    command = [
        sys.executable, "-m", "streamlit", "run", str(script), "--server.headless", "true",
        "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    url = f"http://127.0.0.1:{port}"
    try:
        while not healthy(url, timeout=1.0):
            if process.poll() is not None or time.perf_counter() - started > 120:
                raise RuntimeError(f"streamlit run {script.name} did not start")
            time.sleep(0.05)
        yield Server(url, started, process)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)


def _first_chart(browser, server: Server, query: str) -> tuple[float, float]:
    """Seconds from the server's start, and from opening the page, to the first chart drawn."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    opened = time.perf_counter()
    page.goto(server.url + query)
    page.wait_for_selector(CHART, timeout=120_000)
    done = time.perf_counter()
    context.close()
    return done - server.started, done - opened


def _submit_to_headline(browser, server: Server) -> float:
    """Milliseconds from pressing "Update my answer" to the headline showing the new lead."""
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(server.url + LINK)
    lead = page.get_by_test_id("stMetricValue").nth(1)
    expect(lead).to_be_visible(timeout=120_000)
    before = lead.inner_text()
    page.locator(".st-key-change_answers button").click()
    budget = page.locator(".st-key-monthly_budget input")
    budget.fill(EDIT_BUDGET)
    budget.press("Tab")
    page.locator(".st-key-submit_stale").wait_for(timeout=60_000)
    page.wait_for_timeout(300)
    # Time inside the page: from the click to the first frame where the lead's text has changed.
    elapsed = page.evaluate(
        """([selector, before]) => new Promise(resolve => {
            const start = performance.now();
            const check = () => {
                const node = document.querySelectorAll('[data-testid="stMetricValue"]')[1];
                if (node && node.innerText !== before) resolve(performance.now() - start);
                else requestAnimationFrame(check);
            };
            document.querySelector(selector).click();
            requestAnimationFrame(check);
        })""",
        [".st-key-submit button", before],
    )
    context.close()
    return float(elapsed)


def run(rounds: int) -> dict[str, float]:
    """Alternate the app and the bare app `rounds` times; return the medians and ratios."""
    from playwright.sync_api import sync_playwright

    app_cold, bare_cold, app_warm, bare_warm, submits = [], [], [], [], []
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as p:
        bare = Path(folder) / "bare_app.py"
        bare.write_text(BARE_APP, encoding="utf-8")
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for _ in range(rounds):
            with serve(ROOT / "streamlit_app.py") as server:
                app_cold.append(_first_chart(browser, server, LINK)[0])
                app_warm.append(_first_chart(browser, server, LINK)[1])
                submits.append(_submit_to_headline(browser, server))
            with serve(bare) as server:
                bare_cold.append(_first_chart(browser, server, "")[0])
                bare_warm.append(_first_chart(browser, server, "")[1])
        browser.close()
    return summarise(app_cold, bare_cold, app_warm, bare_warm, submits)


def summarise(
    app_cold: list[float],
    bare_cold: list[float],
    app_warm: list[float],
    bare_warm: list[float],
    submits: list[float],
) -> dict[str, float]:
    """Medians of each timing, ratios of the medians, and the median of each round's ratio."""
    med = statistics.median
    return {
        "app_first_chart_s": med(app_cold),
        "bare_first_chart_s": med(bare_cold),
        "first_chart_ratio": med(app_cold) / med(bare_cold),
        "first_chart_paired_ratio": med(a / b for a, b in zip(app_cold, bare_cold, strict=True)),
        "app_warm_visit_s": med(app_warm),
        "bare_warm_visit_s": med(bare_warm),
        "warm_visit_ratio": med(app_warm) / med(bare_warm),
        "submit_to_headline_ms": med(submits),
    }


def report(figures: dict[str, float], rounds: int) -> str:
    """The figures in words, each against its target."""

    def verdict(*, ok: bool) -> str:
        return "meets the target" if ok else "MISSES the target"

    paired, submit = figures["first_chart_paired_ratio"], figures["submit_to_headline_ms"]
    return "\n".join(
        [
            f"Browser timings, medians of {rounds} alternating rounds (Chromium, streamlit run):",
            f"  first chart after `streamlit run`: app {figures['app_first_chart_s']:.2f} s, "
            f"bare one-chart app {figures['bare_first_chart_s']:.2f} s "
            f"(ratio of the medians {figures['first_chart_ratio']:.2f}x); "
            f"median of the rounds' ratios {paired:.2f}x "
            f"({verdict(ok=paired <= FIRST_CHART_TARGET)} of <= {FIRST_CHART_TARGET}x)",
            f"  new visitor on a warm server: app {figures['app_warm_visit_s']:.2f} s, "
            f"bare {figures['bare_warm_visit_s']:.2f} s -> {figures['warm_visit_ratio']:.2f}x",
            f"  submit -> headline updated: {submit:.0f} ms "
            f"({verdict(ok=submit <= SUBMIT_TARGET_MS)} of <= {SUBMIT_TARGET_MS:.0f} ms)",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    """Command line: run the rounds and print the figures."""
    parser = argparse.ArgumentParser(
        prog="python -m advisor.bench_browser", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds (default 3)")
    args = parser.parse_args(argv)
    rounds = max(1, min(args.rounds, 20))
    print(report(run(rounds), rounds))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

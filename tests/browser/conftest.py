"""Real-browser fixtures: Debian's Chromium for pytest-playwright, and `streamlit run` on a free port.

The server starts in its own process group and is stopped by that group; its log is kept in
artifacts/ and must hold no warning or traceback. Every browser context made through
`open_context` records requests to hosts other than 127.0.0.1. Without /usr/bin/chromium the
browser tests skip, unless CI=true, where they fail.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser, BrowserContext

from advisor.bench_browser import CHROMIUM as CHROMIUM_PATH
from advisor.bench_browser import CHROMIUM_ARGS, free_port, healthy

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(CHROMIUM_PATH)
ARTIFACTS = ROOT / "artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
STARTUP_TIMEOUT = 90.0
LOG_PROBLEM = re.compile(r"WARNING|ERROR|Traceback|Exception", re.IGNORECASE)
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    message = f"{CHROMIUM} is missing (apt-get install chromium fonts-noto-cjk)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """Launch Debian's Chromium (playwright cannot download its own browser here)."""
    _require_chromium()
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    return {**browser_context_args, "viewport": {"width": 1400, "height": 1000}, "accept_downloads": True}


@dataclass
class Server:
    """A running `streamlit run streamlit_app.py`, and when it was started."""

    url: str
    started: float
    process: subprocess.Popen
    log: Path
    timings: dict[str, float] = field(default_factory=dict)
    outside: list[str] = field(default_factory=list)  # requests to any host but the app's

    def log_problems(self) -> list[str]:
        """Lines of the server log that are warnings, errors or tracebacks."""
        text = self.log.read_text(encoding="utf-8", errors="replace")
        return [line for line in text.splitlines() if LOG_PROBLEM.search(line)]

    def record(self, name: str, seconds: float) -> None:
        self.timings[name] = round(seconds, 3)
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / "browser-timings.json").write_text(json.dumps(self.timings, indent=2) + "\n")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=15)
    except ProcessLookupError:
        pass


@pytest.fixture(scope="session")
def server() -> Iterator[Server]:
    """Start the app the way a user would, on a free loopback port, and stop it afterwards."""
    _require_chromium()
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    ARTIFACTS.mkdir(exist_ok=True)
    log = ARTIFACTS / "streamlit-server.log"
    command = [
        sys.executable, "-m", "streamlit", "run", "streamlit_app.py",
        "--server.headless", "true", "--server.port", str(port), "--server.address", "127.0.0.1",
        "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    with open(log, "wb") as output:
        started = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=ROOT, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        deadline = started + STARTUP_TIMEOUT
        while not healthy(url):
            if process.poll() is not None:
                pytest.fail(f"streamlit run exited with {process.returncode}; see {log}")
            if time.perf_counter() > deadline:
                pytest.fail(f"streamlit run not healthy after {STARTUP_TIMEOUT:.0f} s; see {log}")
            time.sleep(0.1)
        running = Server(url=url, started=started, process=process, log=log)
        running.record("health_ok_s", time.perf_counter() - started)
        yield running
    finally:
        _stop(process)


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


def open_context(browser: Browser, server: Server, **options: Any) -> BrowserContext:
    """A browser context (desktop unless told) that records every request leaving 127.0.0.1."""
    settings = {"viewport": {"width": 1400, "height": 1000}, "accept_downloads": True, **options}
    context = browser.new_context(**settings)

    def check(request: Any) -> None:
        host = urlparse(request.url).hostname
        if request.url.startswith(("http:", "https:", "ws:", "wss:")) and host != "127.0.0.1":
            server.outside.append(request.url)

    context.on("request", check)
    return context

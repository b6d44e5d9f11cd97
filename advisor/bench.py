"""Benchmarks: single recommendation latency, batch scoring throughput, CSV end to end."""

from __future__ import annotations

import math
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from advisor import report, tables
from advisor.analysis import analyse
from advisor.decision import recommend
from advisor.engine import encode_frame, score_encoded
from advisor.export import html, markdown, svg
from advisor.i18n import DEFAULT_LANG, Lang, t
from advisor.profile import FIELD_SPECS, parse_profile
from advisor.rules import load_rules

SAMPLE_ANSWERS: dict[str, str | int | bool] = {
    "category": "fmcg",
    "monthly_budget": 2000,
    "team_size": 1,
    "part_time": True,
}


def synthetic_answers(rows: int, seed: int = 0) -> pd.DataFrame:
    """Random but valid answers for every field, about a fifth of optional ones left unknown."""
    rng = np.random.default_rng(seed)
    data: dict[str, pd.Series] = {}
    for name, spec in FIELD_SPECS.items():
        low = spec.ge if spec.ge is not None else 0.0
        high = min(spec.le if spec.le is not None else math.inf, 100_000.0)
        column: np.ndarray
        if spec.kind == "choice":
            column = rng.choice(np.array(spec.choices, dtype=object), rows)
        elif spec.kind == "bool":
            column = rng.random(rows) < 0.5
        elif spec.kind == "int":
            column = rng.integers(int(low), int(high) + 1, rows)
        else:
            column = np.round(rng.uniform(low, high, rows), 2)
        data[name] = pd.Series(column)
        if not spec.required:
            data[name] = data[name].where(rng.random(rows) > 0.2)
    frame = pd.DataFrame(data)
    price, cost = frame["retail_price"], frame["unit_cost"]
    frame["unit_cost"] = np.where(cost > price, price * 0.5, cost).round(2)
    frame.loc[price.isna(), "unit_cost"] = np.nan
    return frame


def _median_seconds(call: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_recommend(repeats: int = 2000) -> float:
    """Median seconds for one validate + recommend() call."""
    rules = load_rules()
    recommend(parse_profile(SAMPLE_ANSWERS), rules)  # warm the compile cache
    return _median_seconds(lambda: recommend(parse_profile(SAMPLE_ANSWERS), rules), repeats)


def bench_scoring(rows: int) -> float:
    """Profiles per second for batch scoring itself: scores, channel, margin and flags per row."""
    rules = load_rules()
    cols = encode_frame(synthetic_answers(rows))
    score_encoded({k: v[:10] for k, v in cols.items()}, rules)
    seconds = _median_seconds(lambda: score_encoded(cols, rules), 5)
    return rows / seconds


def bench_analysis(repeats: int = 30) -> float:
    """Median seconds for robustness (2,000 weightings), exact flip points and one-at-a-time
    sensitivity together (`analyse`), for one profile."""
    rules = load_rules()
    profile = parse_profile({**SAMPLE_ANSWERS, "social_reach": 4000, "monthly_budget": 9000, "team_size": 3})

    def run() -> None:
        analyse(profile, rules, samples=2000)

    run()
    return _median_seconds(run, repeats)


def bench_reports(repeats: int = 5) -> tuple[float, float]:
    """Median seconds for every section table plus the Markdown report, and for the HTML report
    with its charts drawn as SVG, for one answer in Chinese (the fonts registered first)."""
    rec = recommend(
        parse_profile({**SAMPLE_ANSWERS, "social_reach": 4000, "monthly_budget": 9000, "team_size": 3})
    )
    doc = report.document(rec, "zh-Hans", analyse(rec.profile, rec.rules, rec.weights))
    svg.use_fonts(svg.CJK_FONT_DIRS)

    def text() -> None:
        for build in tables.SECTIONS.values():
            build(doc)
        markdown.report_markdown(doc)

    def page() -> None:
        html.report_bytes(rec, doc, day=date(2026, 1, 1), font_dirs=())

    page()
    return _median_seconds(text, repeats * 4), _median_seconds(page, repeats)


_TIMED_APP = """
import time
import streamlit as st
from advisor.ui.app import main
start = time.perf_counter()
main()
st.session_state["_bench_seconds"] = time.perf_counter() - start
"""


def bench_rerun(repeats: int = 15) -> float:
    """Median server-side seconds of one app rerun after an answer changes (Streamlit's AppTest)."""
    from streamlit.logger import set_log_level
    from streamlit.testing.v1 import AppTest

    set_log_level("error")  # AppTest's bare-mode notices are noise in a benchmark
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "timed_app.py"
        script.write_text(_TIMED_APP, encoding="utf-8")
        app = AppTest.from_file(str(script), default_timeout=60).run()
        for name, value in SAMPLE_ANSWERS.items():
            if isinstance(value, bool):
                app.radio(key=name).set_value(value)
            elif isinstance(value, str):
                app.selectbox(key=name).set_value(value)
            else:
                app.number_input(key=name).set_value(value)
        app.button(key="submit").click().run()
        times = []
        for i in range(repeats):
            app.button(key="change_answers").click().run()  # an answer shown folds the questions away
            app.number_input(key="monthly_budget").set_value(1000.0 + 50 * i)
            app.button(key="submit").click().run()
            times.append(app.session_state["_bench_seconds"])
    return statistics.median(times)


def bench_csv(rows: int) -> tuple[float, float]:
    """Median seconds and peak memory (MB) of `python -m advisor batch` on a generated CSV."""
    with tempfile.TemporaryDirectory() as folder:
        source, target = Path(folder) / "in.csv", Path(folder) / "out.csv"
        synthetic_answers(rows, seed=1).to_csv(source, index=False)
        seconds, _, peak_mb = bench_cohort_batch(source, target)
    return seconds, peak_mb


def run_benchmarks(rows: int = 1_000_000, lang: Lang = DEFAULT_LANG) -> dict[str, float]:
    """Run every benchmark, print one line each with its target, and return the figures."""
    figures: dict[str, float] = {"recommend_ms": bench_recommend() * 1000}
    print(t("bench.recommend", lang, ms=f"{figures['recommend_ms']:.3f}"), flush=True)
    figures["scoring_per_s"] = bench_scoring(rows)
    print(t("bench.scoring", lang, rate=f"{figures['scoring_per_s']:,.0f}", rows=f"{rows:,}"), flush=True)
    figures["analysis_ms"] = bench_analysis() * 1000
    print(t("bench.analysis", lang, ms=f"{figures['analysis_ms']:.1f}"), flush=True)
    figures["tables_markdown_ms"], figures["html_ms"] = (1000 * x for x in bench_reports())
    print(
        t(
            "bench.reports",
            lang,
            text=f"{figures['tables_markdown_ms']:.0f}",
            html=f"{figures['html_ms']:,.0f}",
        ),
        flush=True,
    )
    figures["rerun_ms"] = bench_rerun() * 1000
    print(t("bench.rerun", lang, ms=f"{figures['rerun_ms']:.0f}"), flush=True)
    figures["csv_seconds"], figures["csv_peak_mb"] = bench_csv(rows)
    print(
        t(
            "bench.csv",
            lang,
            rows=f"{rows:,}",
            seconds=f"{figures['csv_seconds']:.2f}",
            mb=f"{figures['csv_peak_mb']:,.0f}",
        ),
        flush=True,
    )
    figures.update(run_cohort_benchmarks(rows, lang))
    return figures


# ---------------------------------------------------------------- cohort files (issue 10)

_CHILD = """
import resource, runpy, sys, time
start = time.perf_counter()
sys.argv = ["advisor", *sys.argv[1:]]
try:
    runpy.run_module("advisor", run_name="__main__", alter_sys=True)  # exactly `python -m advisor`
except SystemExit as stop:
    code = stop.code
use = resource.getrusage(resource.RUSAGE_SELF)
# VmHWM is this program's own peak; ru_maxrss would start from the parent's size at fork.
peak = next(line.split()[1] for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(time.perf_counter() - start, use.ru_utime + use.ru_stime, peak, code, file=sys.stderr)
"""
BATCH_RUNS = 3  # fresh processes per file; the median is reported (one run can meet a busy moment)


def cohort_frame(rows: int, seed: int = 0) -> pd.DataFrame:
    """A cohort as advisors keep it: a name column, then every question (about a fifth left blank)."""
    frame = synthetic_answers(rows, seed)
    frame.insert(0, "name", [f"founder-{i}" for i in range(rows)])
    return frame


def _xlsx_bytes(frame: pd.DataFrame) -> bytes:
    import io

    out = io.BytesIO()
    frame.to_excel(out, index=False, engine="xlsxwriter")
    return out.getvalue()


def bench_cohort_app(rows: int = 10_000, repeats: int = 3) -> float:
    """Median seconds of the Cohort page's server work on an .xlsx upload: read, score, summarise, charts."""
    from advisor import cohort_view
    from advisor.batch import score_cohort
    from advisor.cohort_io import read_cohort_bytes

    rules, data = load_rules(), _xlsx_bytes(cohort_frame(rows, seed=4))

    def run() -> None:
        result = score_cohort(read_cohort_bytes(data, "cohort.xlsx"), rules)
        cohort_view.summarise(result, rules)
        cohort_view.table(result, rules, "en")
        cohort_view.overall_chart(result, "en").to_dict()
        cohort_view.category_chart(result, "en").to_dict()

    return _median_seconds(run, repeats)


def bench_cohort_batch(source: Path, target: Path, runs: int = BATCH_RUNS) -> tuple[float, float, float]:
    """Median wall and CPU seconds, and the highest peak memory (MB), of `python -m advisor batch`."""
    walls, cpus, peaks = [], [], []
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, "-c", _CHILD, "batch", str(source), "-o", str(target)],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        wall, cpu, peak_kb, code = done.stderr.strip().splitlines()[-1].split()
        if code != "0":
            raise RuntimeError(done.stderr)
        walls.append(float(wall))
        cpus.append(float(cpu))
        peaks.append(float(peak_kb) / 1024)
    return statistics.median(walls), statistics.median(cpus), max(peaks)


def run_cohort_benchmarks(rows: int = 1_000_000, lang: Lang = DEFAULT_LANG) -> dict[str, float]:
    """Cohort targets: 10,000-founder upload <= 3 s; CSV batch <= 6 s, 1 GB; 100,000-row .xlsx <= 15 s."""
    figures = {"cohort_app_s": bench_cohort_app()}
    print(t("cohort.bench.app", lang, seconds=f"{figures['cohort_app_s']:.2f}"), flush=True)
    with tempfile.TemporaryDirectory() as folder:
        source, target = Path(folder) / "cohort.csv", Path(folder) / "out.csv"
        cohort_frame(rows, seed=5).to_csv(source, index=False)
        wall, cpu, mb = bench_cohort_batch(source, target)
        figures.update(cohort_csv_s=wall, cohort_csv_cpu_s=cpu, cohort_csv_mb=mb)
        line = t(
            "cohort.bench.csv",
            lang,
            rows=f"{rows:,}",
            seconds=f"{wall:.2f}",
            cpu=f"{cpu:.2f}",
            mb=f"{mb:,.0f}",
        )
        print(line, flush=True)
        xlsx = Path(folder) / "cohort.xlsx"
        xlsx.write_bytes(_xlsx_bytes(cohort_frame(100_000, seed=6)))
        wall, cpu, mb = bench_cohort_batch(xlsx, target)
        figures.update(cohort_xlsx_s=wall, cohort_xlsx_cpu_s=cpu, cohort_xlsx_mb=mb)
        print(
            t("cohort.bench.xlsx", lang, seconds=f"{wall:.2f}", cpu=f"{cpu:.2f}", mb=f"{mb:,.0f}"), flush=True
        )
    return figures

"""The benchmark code runs and measures (on small sizes; no timing is asserted in tests)."""

from __future__ import annotations

from advisor.bench import (
    bench_analysis,
    bench_csv,
    bench_recommend,
    bench_reports,
    bench_rerun,
    bench_scoring,
    synthetic_answers,
)
from advisor.profile import parse_profile


def test_synthetic_answers_are_valid_profiles():
    frame = synthetic_answers(200, seed=3)
    for row in frame.to_dict("records"):
        parse_profile({k: v for k, v in row.items() if v == v})  # NaN (unknown) dropped


def test_each_benchmark_returns_a_positive_figure():
    assert bench_recommend(repeats=5) > 0
    assert bench_scoring(1_000) > 0
    assert bench_analysis(repeats=2) > 0
    assert bench_rerun(repeats=2) > 0
    seconds, peak_mb = bench_csv(500)
    assert seconds > 0 and peak_mb > 0


def test_the_report_benchmark_times_the_tables_and_the_html():
    text_seconds, html_seconds = bench_reports(repeats=1)
    assert 0 < text_seconds < html_seconds

"""The browser benchmark's arithmetic and wording (`python -m advisor.bench_browser` takes the timings)."""

from __future__ import annotations

import pytest

from advisor.bench_browser import FIRST_CHART_TARGET, SUBMIT_TARGET_MS, report, summarise


def _figures(app_cold, bare_cold, submits=(200.0,)):
    return summarise(list(app_cold), list(bare_cold), [2.0, 2.2], [2.0, 2.0], list(submits))


def test_each_rounds_ratio_is_taken_before_the_median():
    """A machine that slows down between rounds: each round's pair sees the same speed."""
    figures = _figures([4.4, 6.6, 8.8], [4.0, 6.0, 8.0])
    assert figures["first_chart_paired_ratio"] == pytest.approx(1.1)
    assert figures["first_chart_ratio"] == pytest.approx(6.6 / 6.0)
    figures = _figures([4.0, 9.0, 5.0], [4.0, 5.0, 9.0])  # rounds out of step: 1.0, 1.8, 0.56
    assert figures["first_chart_paired_ratio"] == pytest.approx(1.0)
    assert figures["first_chart_ratio"] == pytest.approx(1.0)


def test_rounds_must_pair_up():
    with pytest.raises(ValueError, match="shorter"):
        _figures([4.0, 5.0], [4.0])


@pytest.mark.parametrize(
    ("app_cold", "submit", "chart_ok", "submit_ok"),
    [
        ([4.4], 240.0, True, True),
        ([4.9], 240.0, False, True),
        ([4.4], 260.0, True, False),
    ],
)
def test_the_report_says_whether_each_target_is_met(app_cold, submit, chart_ok, submit_ok):
    text = report(_figures(app_cold, [4.0], [submit]), rounds=1)
    lines = text.splitlines()
    chart_line = next(line for line in lines if "first chart" in line)
    submit_line = next(line for line in lines if "submit" in line)
    assert ("meets the target" in chart_line) is chart_ok and f"{FIRST_CHART_TARGET}x" in chart_line
    assert ("meets the target" in submit_line) is submit_ok and f"{SUBMIT_TARGET_MS:.0f} ms" in submit_line

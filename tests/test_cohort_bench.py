"""The cohort benchmarks run and measure on small sizes (no timing is asserted in tests)."""

from __future__ import annotations

import pytest

from advisor.batch import score_cohort
from advisor.bench import _xlsx_bytes, bench_cohort_app, bench_cohort_batch, cohort_frame
from advisor.cohort_io import read_cohort


def test_the_benchmark_cohort_is_all_valid_founders():
    result = score_cohort(read_cohort(_write_csv(cohort_frame(300, seed=1))))
    assert result.rows == 300 and result.errors == 0


def _write_csv(frame, folder=None):
    import tempfile
    from pathlib import Path

    path = Path(folder or tempfile.mkdtemp()) / "cohort.csv"
    frame.to_csv(path, index=False)
    return path


def test_the_app_benchmark_returns_a_positive_figure():
    assert bench_cohort_app(rows=200, repeats=1) > 0


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_the_batch_benchmark_measures_a_real_run(tmp_path, suffix):
    source = tmp_path / f"cohort{suffix}"
    frame = cohort_frame(400, seed=2)
    if suffix == ".csv":
        frame.to_csv(source, index=False)
    else:
        source.write_bytes(_xlsx_bytes(frame))
    wall, cpu, mb = bench_cohort_batch(source, tmp_path / "out.csv")
    assert wall > 0 and cpu > 0 and mb > 10
    assert len((tmp_path / "out.csv").read_text(encoding="utf-8-sig").splitlines()) == 401

"""Batch: every fixture round-trips through the CLI; scores agree with recommend(); output is safe."""

from __future__ import annotations

import csv
import io
import os
import signal
import tempfile
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from cohort_fixtures import FORMULAS, write_fixtures
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import answers, weightings

from advisor.analysis import robustness
from advisor.batch import score_cohort, score_frame, summary_line
from advisor.cells import safe_cell
from advisor.cli import main
from advisor.cohort_io import read_cohort, read_cohort_bytes
from advisor.cohort_out import run_batch, write_csv
from advisor.decision import recommend
from advisor.i18n import LANGS, t
from advisor.profile import FIELD_SPECS, ProfileError, parse_profile
from advisor.rules import load_rules

ROOT = Path(__file__).resolve().parents[1]
HEADER = "name,category,monthly_budget,team_size,part_time,social_reach\n"


@pytest.fixture(scope="module")
def fixtures(tmp_path_factory):
    return write_fixtures(tmp_path_factory.mktemp("batch_fixtures"))


def _csv_rows(path: Path) -> list[dict[str, str]]:
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf"), "CSV output must start with a UTF-8 BOM for Excel"
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def _run(tmp_path: Path, text: str | bytes, name: str = "in.csv", **kwargs) -> tuple[list[dict], object]:
    source, target = tmp_path / name, tmp_path / "out.csv"
    source.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    result = run_batch(source, target, **kwargs)
    return _csv_rows(target), result


@pytest.mark.parametrize(
    "fixture", ["gb18030_csv", "utf16_tsv", "semicolon_csv", "formula_csv", "ragged_csv", "two_sheet_xlsx"]
)
def test_every_fixture_round_trips_through_the_cli(fixtures, fixture, tmp_path, capsys):
    fx = fixtures[fixture]
    before = fx.path.read_bytes()
    target = tmp_path / "out.csv"
    assert main(["batch", str(fx.path), "-o", str(target)]) == 0
    assert fx.path.read_bytes() == before  # the input is never modified
    rows = _csv_rows(target)
    assert [int(r["source_row"]) for r in rows] == [e.source_row for e in fx.rows]
    first = next(iter(rows[0]))
    for row, expected in zip(rows, fx.rows, strict=True):
        if expected.answers is None:
            assert row["error"] and row["score_wechat"] == "" and row["recommendation"] == ""
            continue
        rec = recommend(parse_profile(expected.answers))
        assert row["error"] == ""
        assert row["recommendation"] == rec.channel
        for channel in ("ecommerce", "wechat", "mix"):
            assert float(row[f"score_{channel}"]) == round(rec.scores[channel], 2)
        assert row["clear_lead"] == str(rec.clear_lead).lower()
        assert row["flags"] == ";".join(rec.flags)
        assert row[first].lstrip("'") == expected.name.lstrip("'")
    out = capsys.readouterr()
    assert out.out.strip() == summary_line(score_cohort(read_cohort(fx.path)))
    for lookalike in fx.lookalikes:
        assert lookalike in out.err and "social_reach" in out.err


def test_formula_cells_come_out_as_text_in_csv_and_xlsx(fixtures, tmp_path):
    source = fixtures["formula_csv"].path
    main(["batch", str(source), "-o", str(tmp_path / "out.csv")])
    assert [r["name"] for r in _csv_rows(tmp_path / "out.csv")] == ["'" + f for f in FORMULAS]
    main(["batch", str(source), "-o", str(tmp_path / "out.xlsx")])
    sheet = openpyxl.load_workbook(tmp_path / "out.xlsx").worksheets[0]
    names = [sheet.cell(row=r, column=1) for r in range(2, 2 + len(FORMULAS))]
    assert [c.value for c in names] == ["'" + f for f in FORMULAS]
    assert all(c.data_type == "s" for c in names)


@pytest.mark.parametrize("fixture", ["gb18030_csv", "two_sheet_xlsx", "ragged_csv"])
def test_batch_and_single_recommend_agree_on_every_founder(fixtures, fixture):
    rules = load_rules()
    result = score_cohort(read_cohort(fixtures[fixture].path), rules, robust=True)
    for i, expected in enumerate(fixtures[fixture].rows):
        if expected.answers is None:
            assert np.isnan(result.values["score_wechat"][i])
            continue
        rec = recommend(parse_profile(expected.answers), rules)
        got = [result.values[f"score_{c}"][i] for c in ("ecommerce", "wechat", "mix")]
        assert got == pytest.approx([rec.scores[c] for c in ("ecommerce", "wechat", "mix")], abs=1e-9)
        assert result.values["margin"][i] == pytest.approx(rec.margin, abs=1e-9)
        reasons = [r for r, points in rec.net_reasons() if points > 0]
        assert result.values["top_reason"][i] == (reasons[0] if reasons else "")
        share = robustness(rec.profile, rules).share
        assert result.values["robust_share"][i] == pytest.approx(share, abs=2 / 2000)


def test_weights_change_the_cohort_as_they_change_one_founder(fixtures):
    rules, weights = load_rules(), {"team": 3.0, "marketing": 0.2}
    result = score_cohort(read_cohort(fixtures["semicolon_csv"].path), rules, weights)
    for i, expected in enumerate(fixtures["semicolon_csv"].rows):
        rec = recommend(parse_profile(expected.answers), rules, weights)
        assert result.values["score_ecommerce"][i] == pytest.approx(rec.scores["ecommerce"], abs=1e-9)


def test_good_and_bad_rows_all_come_out_in_order(tmp_path):
    text = HEADER + (
        "a,fmcg,800,1,true,3000\n"
        "b,toys,100,0,maybe,x\n"
        "c,electronics,60000,6,no,\n"
        "d,fmcg,1_000,2.0,yes,5\n"
        "e,fmcg\n"
        "f,knowledge,1500,1,1,30000\n"
    )
    rows, result = _run(tmp_path, text)
    assert [r["name"] for r in rows] == list("abcdef")
    assert (result.rows, result.scored, result.errors) == (6, 4, 2)
    assert summary_line(result) == "6 rows: 4 scored, 2 with problems"
    assert "Product category: 'toys' is not allowed" in rows[1]["error"]
    assert "line 6: 2 cells but the header has 6" in rows[4]["error"]


@pytest.mark.parametrize(
    ("rows", "lang", "line"),
    [
        (1, "en", "1 row: 1 scored, 0 with problems"),
        (2, "en", "2 rows: 2 scored, 0 with problems"),
        (1, "zh-Hans", "共 1 行：1 行已评分，0 行有问题"),
        (2, "zh-Hant", "共 2 列：2 列已評分，0 列有問題"),
    ],
)
def test_the_summary_line_has_correct_plurals(tmp_path, rows, lang, line):
    _, result = _run(tmp_path, HEADER + "a,fmcg,800,1,true,3000\n" * rows, lang=lang)
    assert summary_line(result, lang) == line


def test_one_bad_row_is_singular(tmp_path):
    _, result = _run(tmp_path, HEADER + "a,fmcg,800,0,true,3000\n")
    assert summary_line(result) == "1 row: 0 scored, 1 with a problem"


@pytest.mark.parametrize("lang", LANGS)
def test_row_errors_and_notes_come_in_the_chosen_language(tmp_path, lang):
    rows, _ = _run(tmp_path, HEADER + "a,fmcg,800,0,true,3000\nb,fmcg\n", lang=lang)
    assert rows[1]["error"] == t("cohort.row.bad_width", lang, line=3, found=2, expected=6)
    if lang != "en":
        assert "invalid" not in rows[0]["error"]


def test_cost_above_price_is_refused_not_scored(tmp_path):
    text = "category,monthly_budget,team_size,part_time,retail_price,unit_cost\nfmcg,800,1,yes,10,12\n"
    rows, _ = _run(tmp_path, text)
    assert rows[0]["score_wechat"] == "" and t("field.unit_cost.label", "en") in rows[0]["error"]


def test_a_huge_bad_cell_is_shortened_in_the_error_but_kept_in_its_column(tmp_path):
    huge = "x" * 100_000
    rows, _ = _run(tmp_path, HEADER + f"a,{huge},800,1,true,3000\n")
    assert len(rows[0]["error"]) < 400 and "x" * 100 not in rows[0]["error"] and "xxx…" in rows[0]["error"]
    assert rows[0]["category"] == huge


def test_labels_translate_values_and_headers_and_keep_codes(fixtures, tmp_path):
    target = tmp_path / "out.csv"
    assert (
        main(["batch", str(fixtures["gb18030_csv"].path), "-o", str(target), "--labels", "--lang", "zh-Hans"])
        == 0
    )
    rows = _csv_rows(target)
    rec = recommend(parse_profile(fixtures["gb18030_csv"].rows[0].answers))
    column = t("cohort.col.recommendation", "zh-Hans")
    assert rows[0][column] == t(f"channel.{rec.channel}", "zh-Hans")
    assert rows[0]["recommendation_code"] == rec.channel
    assert rows[0][t("cohort.col.clear_lead", "zh-Hans")] in ("是", "否")


def test_the_labelled_xlsx_output_reads_back_as_the_same_cohort(fixtures, tmp_path):
    target = tmp_path / "out.xlsx"
    main(["batch", str(fixtures["two_sheet_xlsx"].path), "-o", str(target), "--labels", "--lang", "zh-Hant"])
    book = openpyxl.load_workbook(target)
    assert book.sheetnames[:2] == ["結果", "問題"]
    again = score_cohort(read_cohort(target))
    first = score_cohort(read_cohort(fixtures["two_sheet_xlsx"].path))
    assert list(again.values["score_mix"]) == list(first.values["score_mix"])


def test_robust_share_is_written_only_when_asked(fixtures, tmp_path):
    source = fixtures["formula_csv"].path
    main(["batch", str(source), "-o", str(tmp_path / "a.csv")])
    main(["batch", str(source), "-o", str(tmp_path / "b.csv"), "--robust"])
    assert "robust_share" not in _csv_rows(tmp_path / "a.csv")[0]
    assert 0 <= float(_csv_rows(tmp_path / "b.csv")[0]["robust_share"]) <= 1


def test_the_encoding_option_forces_a_decoding(fixtures, tmp_path, capsys):
    source = fixtures["gb18030_csv"].path
    assert main(["batch", str(source), "-o", str(tmp_path / "o.csv"), "--encoding", "utf-8"]) == 2
    assert "utf-8" in capsys.readouterr().err
    assert main(["batch", str(source), "-o", str(tmp_path / "o.csv"), "--encoding", "gb18030"]) == 0


# ---------------------------------------------------------------- writing safely


def _source(tmp_path: Path) -> Path:
    source = tmp_path / "in.csv"
    source.write_text(HEADER + "a,fmcg,800,1,true,3000\n", encoding="utf-8")
    return source


@pytest.mark.parametrize(
    ("target", "words"),
    [
        ("", "empty"),
        (".", "folder"),
        ("/", "folder"),
        ("sub/", "folder"),
        ("no-such-dir/o.csv", "does not exist"),
        ("out.txt", ".csv or .xlsx"),
    ],
)
def test_bad_targets_are_clear_one_line_errors(tmp_path, capsys, monkeypatch, target, words):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sub").mkdir()
    code = main(["batch", str(_source(tmp_path)), "-o", target])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert code == 2 and words in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("device", ["/dev/null", "/dev/full"])
def test_a_device_is_never_replaced(tmp_path, capsys, device):
    link = tmp_path / "out.csv"
    link.symlink_to(device)
    assert main(["batch", str(_source(tmp_path)), "-o", str(link)]) == 2
    assert "not a regular file" in capsys.readouterr().err
    assert Path(device).is_char_device()


def test_a_fifo_is_refused(tmp_path, capsys):
    fifo = tmp_path / "out.csv"
    os.mkfifo(fifo)
    assert main(["batch", str(_source(tmp_path)), "-o", str(fifo)]) == 2
    assert "not a regular file" in capsys.readouterr().err and fifo.is_fifo()


def test_a_symlink_is_followed_to_its_target(tmp_path):
    real = tmp_path / "real.csv"
    real.write_text("old")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    assert main(["batch", str(_source(tmp_path)), "-o", str(link)]) == 0
    assert link.is_symlink() and _csv_rows(real)[0]["name"] == "a"


def test_the_output_may_not_overwrite_the_input(tmp_path, capsys):
    source = _source(tmp_path)
    assert main(["batch", str(source), "-o", str(source)]) == 2
    assert "overwrite the input" in capsys.readouterr().err
    assert source.read_text().startswith("name,")


def test_a_full_disk_is_a_clear_message_and_leaves_nothing_behind(tmp_path, capsys, monkeypatch):
    import errno

    def full(_fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    target = tmp_path / "out.csv"
    target.write_text("previous")
    monkeypatch.setattr(os, "fsync", full)
    assert main(["batch", str(_source(tmp_path)), "-o", str(target), "--lang", "zh-Hans"]) == 2
    assert "磁盘已满" in capsys.readouterr().err
    assert target.read_text() == "previous" and not list(tmp_path.glob(".*partial"))


def test_ctrl_c_leaves_no_temporary_file_and_says_interrupted(tmp_path, capsys, monkeypatch):
    import advisor.cohort_out as cohort_out

    def interrupted(*_args, **_kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(cohort_out, "write_csv", interrupted)
    assert main(["batch", str(_source(tmp_path)), "-o", str(tmp_path / "out.csv")]) == 130
    err = capsys.readouterr().err
    assert err.strip() == t("cohort.interrupted", "en")
    assert not (tmp_path / "out.csv").exists() and not list(tmp_path.glob(".*partial"))


def _terminated_at(module: object, name: str):
    """The function `name` of `module`, which sends this process SIGTERM as soon as it has run."""
    real = getattr(module, name)

    def then_sigterm(*args, **kwargs):
        result = real(*args, **kwargs)
        os.kill(os.getpid(), signal.SIGTERM)  # the handler runs at once, inside this function
        return result

    return then_sigterm


@pytest.mark.parametrize(
    ("module", "name"),
    [
        (tempfile, "mkstemp"),  # the temporary file exists, its name not yet held by anyone
        (io, "FileIO"),  # the temporary file is opened for writing
        (os, "fsync"),  # the output is written whole, not yet renamed over the target
    ],
)
def test_sigterm_at_any_step_of_a_write_removes_the_temporary_file(
    tmp_path, capsys, monkeypatch, module, name
):
    """A real SIGTERM at each step where a temporary file exists: exit 130, no output, nothing left."""
    monkeypatch.setattr(module, name, _terminated_at(module, name))
    target = tmp_path / "out.csv"
    assert main(["batch", str(_source(tmp_path)), "-o", str(target)]) == 130
    assert capsys.readouterr().err.strip() == t("cohort.interrupted", "en")
    assert not target.exists() and not list(tmp_path.glob(".*partial"))
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL  # the handler is put back


def test_two_runs_on_one_target_never_share_a_temporary_file(tmp_path):
    from advisor.safe_output import safe_output

    target = tmp_path / "out.csv"
    with safe_output(target) as first, safe_output(target) as second:
        assert first.name != second.name
        first.write(b"first")
        second.write(b"second")
    assert target.read_bytes() in (b"first", b"second")
    assert not list(tmp_path.glob(".*partial"))


# ---------------------------------------------------------------- the DataFrame path


def _cell() -> st.SearchStrategy[str]:
    """Text a spreadsheet might hold: numbers in many spellings, words, blanks."""
    numbers = st.one_of(
        st.integers(-10, 10**9).map(str),
        st.floats(-10, 1e9).map(str),
        st.sampled_from(
            ["1_000", "2.0", "5.", ".5", "1e3", "+7", " 12 ", "0x10", "１２", "nan", "inf", "-0"]
        ),
    )
    words = st.sampled_from(
        ["fmcg", "FMCG", "apparel", "low", "high", "compete", "tailored", "true", "No", "maybe", "", " "]
    )
    return st.one_of(numbers, words, st.text(max_size=5))


@settings(max_examples=150, deadline=None)
@given(
    st.one_of(
        answers().map(lambda a: {k: str(v) for k, v in a.items()}),
        st.fixed_dictionaries({name: _cell() for name in FIELD_SPECS}),
    )
)
def test_the_fast_path_agrees_with_the_profile_model(row):
    """Whatever the text, the batch accepts exactly what Profile accepts, with the same scores."""
    frame = pd.DataFrame([{name: row.get(name, "") for name in FIELD_SPECS}])
    out = score_frame(frame).iloc[0]
    try:
        rec = recommend(parse_profile(row))
    except ProfileError as error:
        refused = str(error)
    else:
        refused = None
    if refused is not None:
        assert out["error"] == refused
        assert pd.isna(out["score_ecommerce"])
        return
    assert pd.isna(out["error"])
    assert out["recommendation"] == rec.channel or rec.margin < 1e-9
    assert out["score_mix"] == pytest.approx(rec.scores["mix"], abs=1e-9)


@settings(max_examples=60, deadline=None)
@given(st.lists(answers(), min_size=1, max_size=8), st.none() | weightings())
def test_any_cohort_file_scores_as_each_founder_alone(founders, weights):
    """Property: a CSV of random founders gives each exactly recommend()'s answer, in order.

    Scores, channel, clear lead and the top reason (the rule that most favours the winner over
    the runner-up, the smallest id on a tie), at any weights, in chunks scored on several threads.
    """
    frame = pd.DataFrame(founders)
    for name in frame:
        if FIELD_SPECS[name].kind == "bool":
            frame[name] = frame[name].map({True: "是", False: "否"}, na_action="ignore")
    cohort = read_cohort_bytes(frame.to_csv(index=False).encode("gb18030"), "x.csv")
    rules = load_rules()
    result = score_cohort(cohort, rules, weights, chunk_rows=3)
    for i, founder in enumerate(founders):
        rec = recommend(parse_profile(founder), rules, weights)
        assert result.values["score_ecommerce"][i] == pytest.approx(rec.scores["ecommerce"], abs=1e-9)
        assert result.values["score_mix"][i] == pytest.approx(rec.scores["mix"], abs=1e-9)
        assert result.values["recommendation"][i] == rec.channel
        assert bool(result.values["clear_lead"][i]) == rec.clear_lead
        reasons = [r for r, points in rec.net_reasons() if points > 0]
        assert result.values["top_reason"][i] == (reasons[0] if reasons else "")


@pytest.mark.parametrize("lang", LANGS)
def test_a_missing_input_is_one_line_in_the_language(tmp_path, capsys, lang):
    import errno

    missing = tmp_path / "nope.xlsx"
    assert main(["batch", str(missing), "-o", str(tmp_path / "o.csv"), "--lang", lang]) == 2
    err = capsys.readouterr().err.strip()
    expected = t("cohort.file.cannot_read", lang, path=missing, reason=os.strerror(errno.ENOENT))
    assert len(err.splitlines()) == 1 and expected in err


@settings(max_examples=80, deadline=None)
@given(st.lists(st.text(st.characters(exclude_categories=["Cs"]), max_size=12), min_size=1, max_size=6))
def test_every_name_comes_back_from_the_csv_as_written(names):
    """Names with commas, quotes, line breaks or formula triggers: each comes back, made safe, in order."""
    source = io.StringIO(newline="")
    writer = csv.writer(source)  # quotes a cell with a comma, quote, CR or LF, as Excel does
    writer.writerow(["name", "category", "monthly_budget", "team_size", "part_time"])
    writer.writerows([name, "fmcg", 800, 1, "false"] for name in names)
    cohort = read_cohort_bytes(source.getvalue().encode("utf-8"), "names.csv")
    assert cohort.rows == len(names)
    rules = load_rules()
    out = io.BytesIO()
    write_csv(score_cohort(cohort, rules), out, rules, "en")
    rows = list(csv.DictReader(io.StringIO(out.getvalue().decode("utf-8-sig"), newline="")))
    assert [r["name"] for r in rows] == [safe_cell(n) for n in cohort.columns["name"].to_pylist()]


def test_a_large_output_goes_to_disk_as_it_is_written(tmp_path, monkeypatch):
    """Every SYNC_BYTES the data is put on disk, so the closing fsync waits for the last part only."""
    from advisor import safe_output as module

    synced: list[int] = []
    real = os.fdatasync
    monkeypatch.setattr(module, "SYNC_BYTES", 1000)
    monkeypatch.setattr(os, "fdatasync", lambda fd: synced.append(os.fstat(fd).st_size) or real(fd))
    target = tmp_path / "out.csv"
    with module.safe_output(target) as sink:
        for i in range(5):
            sink.write(bytes([65 + i]) * 600)
    assert synced == [1200, 2400]  # after the 2nd and the 4th write, with all of it on disk
    assert target.read_bytes() == b"".join(bytes([65 + i]) * 600 for i in range(5))

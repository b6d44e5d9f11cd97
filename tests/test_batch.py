"""Batch CSV: every row comes out in order, scored or with its error; broken files are named."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import answers

from advisor.batch import OUTPUT_COLUMNS, BatchFileError, run_batch, score_frame
from advisor.decision import recommend
from advisor.profile import FIELD_SPECS, ProfileError, parse_profile

HEADER = "name,category,monthly_budget,team_size,part_time,social_reach\n"


def _run(tmp_path: Path, text: str | bytes, **kwargs) -> tuple[list[dict], object]:
    source, target = tmp_path / "in.csv", tmp_path / "out.csv"
    if isinstance(text, bytes):
        source.write_bytes(text)
    else:
        source.write_text(text, encoding="utf-8")
    summary = run_batch(source, target, **kwargs)
    with target.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle)), summary


def test_good_and_bad_rows_all_come_out_in_order(tmp_path):
    text = HEADER + (
        "a,fmcg,800,1,true,3000\n"
        "b,toys,100,0,maybe,x\n"
        "c,electronics,60000,6,no,\n"
        "d,fmcg,1_000,2.0,yes,5\n"
        "e,fmcg\n"
        "f,knowledge,1500,1,1,30000\n"
    )
    rows, summary = _run(tmp_path, text)
    assert [r["name"] for r in rows] == list("abcdef")
    assert (summary.rows, summary.scored, summary.errors) == (6, 4, 2)
    assert summary.line() == "6 rows: 4 scored, 2 with errors"
    assert rows[0]["recommendation"] == "wechat" and rows[0]["error"] == ""
    assert "Product category: 'toys' is not allowed" in rows[1]["error"]
    assert "Team size" in rows[1]["error"] and "Part-time" in rows[1]["error"]
    assert rows[1]["score_ecommerce"] == "" and rows[1]["recommendation"] == ""
    assert rows[3]["error"] == "" and rows[3]["recommendation"]
    assert "row has 2 fields but the header has 6" in rows[4]["error"]
    assert rows[5]["recommendation"] == "wechat"


def test_scores_equal_the_single_profile_path(tmp_path):
    text = HEADER + "a,fmcg,800,1,true,3000\nc,electronics,60000,6,no,\n"
    rows, _ = _run(tmp_path, text)
    for row in rows:
        answers = {
            k: row[k] for k in ("category", "monthly_budget", "team_size", "part_time", "social_reach")
        }
        rec = recommend(parse_profile(answers))
        assert float(row["score_wechat"]) == pytest.approx(round(rec.scores["wechat"], 2))
        assert row["recommendation"] == rec.channel
        assert row["flags"] == ";".join(rec.flags)


def test_extra_columns_and_a_bom_are_kept(tmp_path):
    rows, _ = _run(tmp_path, ("\ufeff" + HEADER + "a,fmcg,800,1,true,3000\n").encode("utf-8"))
    assert rows[0]["name"] == "a" and rows[0]["recommendation"] == "wechat"


def test_errors_come_in_the_chosen_language(tmp_path):
    rows, summary = _run(tmp_path, HEADER + "a,fmcg,800,0,true,3000\n", lang="zh-Hant")
    assert "之間的整數" in rows[0]["error"]
    assert summary.line("zh-Hant") == "共 1 列：0 列已評分，1 列有錯誤"


def test_a_header_only_file_gives_an_empty_result(tmp_path):
    rows, summary = _run(tmp_path, HEADER)
    assert rows == [] and summary.rows == 0
    with (tmp_path / "out.csv").open(newline="") as handle:
        assert next(csv.reader(handle))[:2] == ["name", "category"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "the file is empty"),
        ("name,category,monthly_budget\na,fmcg,1\n", "missing required column(s): team_size, part_time"),
        ("category,category,monthly_budget,team_size,part_time\n", "named more than once: category"),
        ("category,monthly_budget,team_size,part_time,error\n", "already has output column(s): error"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe", "not a UTF-8 text CSV file"),
    ],
)
def test_a_malformed_file_is_a_clear_error(tmp_path, content, message):
    with pytest.raises(BatchFileError) as caught:
        _run(tmp_path, content)
    assert message in str(caught.value) and "in.csv" in str(caught.value)


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(BatchFileError, match="cannot be read"):
        run_batch(tmp_path / "nope.csv", tmp_path / "out.csv")


def test_quoted_fields_with_commas_and_newlines_survive(tmp_path):
    text = HEADER + '"Li, Wei\nShop",fmcg,800,1,true,3000\n'
    rows, _ = _run(tmp_path, text)
    assert rows[0]["name"] == "Li, Wei\nShop" and rows[0]["recommendation"] == "wechat"


def test_output_columns_follow_the_input_columns(tmp_path):
    _run(tmp_path, HEADER + "a,fmcg,800,1,true,3000\n")
    with (tmp_path / "out.csv").open(newline="") as handle:
        header = next(csv.reader(handle))
    assert header == HEADER.strip().split(",") + list(OUTPUT_COLUMNS)


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
def test_the_fast_csv_path_agrees_with_the_profile_model(row):
    """Whatever the text, the batch accepts exactly what Profile accepts, with the same scores."""
    frame = pd.DataFrame([{name: row.get(name, "") for name in FIELD_SPECS}])
    out = score_frame(frame).iloc[0]
    try:
        rec = recommend(parse_profile(row))
    except ProfileError as error:
        assert out["error"] == str(error)
        assert pd.isna(out["score_ecommerce"])
        return
    assert pd.isna(out["error"])
    assert out["recommendation"] == rec.channel or rec.margin < 1e-9
    assert out["score_mix"] == pytest.approx(rec.scores["mix"], abs=1e-9)


def test_the_output_may_not_overwrite_the_input(tmp_path):
    source = tmp_path / "in.csv"
    source.write_text(HEADER + "a,fmcg,800,1,true,3000\n")
    with pytest.raises(BatchFileError, match="would overwrite the input"):
        run_batch(source, source)
    assert source.read_text().startswith("name,")


@pytest.mark.parametrize("target", ["missing-folder/out.csv", "."])
def test_an_unwritable_output_is_a_clear_error(tmp_path, target):
    source = tmp_path / "in.csv"
    source.write_text(HEADER + "a,fmcg,800,1,true,3000\n")
    with pytest.raises(BatchFileError, match="cannot be written"):
        run_batch(source, tmp_path / target)
    assert not list(tmp_path.glob(".*.partial"))


def test_blank_lines_and_long_cells_are_handled_alike_on_both_readers(tmp_path):
    long_name = "x" * 200_000
    text = HEADER + f"{long_name},fmcg,800,1,true,3000\n\nb,fmcg\n\nc,fmcg,800,1,true,3000\n"
    rows, summary = _run(tmp_path, text)
    assert [r["name"] for r in rows] == [long_name, "b", "c"] and summary.rows == 3


def test_a_header_with_an_unnamed_column_is_refused(tmp_path):
    with pytest.raises(BatchFileError, match="column 2 of the header has no name"):
        _run(tmp_path, "category,,monthly_budget,team_size,part_time\n")


def test_a_blank_first_line_is_not_a_header(tmp_path):
    with pytest.raises(BatchFileError, match="first line must name the columns"):
        _run(tmp_path, "\n" + HEADER)


def test_padding_around_answers_never_decides_validity(tmp_path):
    rows, _ = _run(tmp_path, HEADER + " a , fmcg ,2_000, 1 , yes ,3000\n")
    assert rows[0]["error"] == "" and rows[0]["recommendation"] == "wechat"


def test_the_dataframe_path_marks_invalid_rows_instead_of_scoring_them():
    frame = pd.DataFrame(
        [
            {"category": "fmcg", "monthly_budget": 800, "team_size": 1, "part_time": True},
            {"category": "FMCG", "monthly_budget": 800, "team_size": 1, "part_time": True},
            {"category": "fmcg", "monthly_budget": 800, "team_size": 0, "part_time": True},
            {"category": "fmcg", "monthly_budget": None, "team_size": 1, "part_time": True},
        ]
    )
    out = score_frame(frame)
    assert out.loc[0, "recommendation"] == "wechat" and pd.isna(out.loc[0, "error"])
    assert "Product category: 'FMCG' is not allowed" in out.loc[1, "error"]
    assert "Team size" in out.loc[2, "error"] and pd.isna(out.loc[2, "score_wechat"])
    assert "Monthly marketing budget (CNY) is required" in out.loc[3, "error"]

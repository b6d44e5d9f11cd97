"""Reading cohort files: encodings, delimiters, sheets, merged headers, forgiving but never silent headers."""

from __future__ import annotations

from pathlib import Path

import pytest
from cohort_fixtures import FOUNDERS, write_fixtures

from advisor.cohort_io import (
    CohortFileError,
    check_upload_size,
    normalise,
    read_cohort,
    read_cohort_bytes,
    shorten,
    sniff_delimiter,
)
from advisor.i18n import LANGS, t
from advisor.profile import PROFILE_FIELDS, REQUIRED_FIELDS

MINIMAL = "name,category,monthly_budget,team_size,part_time\n"


@pytest.fixture(scope="module")
def fixtures(tmp_path_factory):
    return write_fixtures(tmp_path_factory.mktemp("cohort_fixtures"))


@pytest.mark.parametrize(
    ("fixture", "encoding", "delimiter", "sheet"),
    [
        ("gb18030_csv", "gb18030", ",", None),
        ("utf16_tsv", "utf-16", "\t", None),
        ("semicolon_csv", "utf-8-sig", ";", None),
        ("formula_csv", "utf-8", ",", None),
        ("two_sheet_xlsx", None, None, "Founders"),
    ],
)
def test_each_fixture_is_read_with_every_field_and_row(fixtures, fixture, encoding, delimiter, sheet):
    cohort = read_cohort(fixtures[fixture].path)
    assert (cohort.encoding, cohort.delimiter, cohort.sheet) == (encoding, delimiter, sheet)
    assert cohort.fields == PROFILE_FIELDS
    assert list(cohort.source_rows) == [e.source_row for e in fixtures[fixture].rows]
    assert [c.as_py() for c in cohort.field_columns["category"]] == [f["category"] for f in FOUNDERS]
    assert [c.as_py() for c in cohort.field_columns["part_time"]] == [
        str(f["part_time"]).lower() for f in FOUNDERS
    ]


def test_the_workbook_skips_the_notes_sheet_and_says_so(fixtures):
    cohort = read_cohort(fixtures["two_sheet_xlsx"].path)
    assert cohort.skipped_sheets == ("Notes",)
    assert next(iter(cohort.columns)) == "name"
    assert cohort.passthrough == ("name",)


def test_a_lookalike_header_is_reported_with_its_closest_field(fixtures):
    cohort = read_cohort(fixtures["semicolon_csv"].path)
    assert [(x.column, x.field) for x in cohort.lookalikes] == [("social_rech", "social_reach")]
    assert "social_rech" in cohort.passthrough


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Social_Reach", "social_reach"),
        ("self-media", "self_media"),
        ("retail price", "retail_price"),
        ("  TEAM SIZE ", "team_size"),
        ("产品品类", "category"),
        ("每月营销预算", "monthly_budget"),
        ("每月营销预算（元）", "monthly_budget"),
        ("每月行銷預算（元）", "monthly_budget"),
        ("Monthly marketing budget (CNY)", "monthly_budget"),
        ("Monthly marketing budget", "monthly_budget"),
    ],
)
def test_headers_map_by_case_spacing_hyphens_and_labels(header, field):
    names = MINIMAL.strip().split(",")
    names = [header if n == field else n for n in names] + ([] if field in names else [header])
    text = ",".join(names) + "\nA,fmcg,800,1,true" + ("" if field in REQUIRED_FIELDS else ",1") + "\n"
    cohort = read_cohort_bytes(text.encode(), "in.csv")
    assert field in cohort.fields and not cohort.lookalikes


@pytest.mark.parametrize("lang", LANGS)
def test_every_label_of_every_choice_and_yes_no_is_accepted(lang):
    from advisor.cohort_io import value_aliases, value_labels
    from advisor.profile import FIELD_SPECS

    for spec in FIELD_SPECS.values():
        if spec.kind == "choice":
            aliases = value_aliases(spec)
            for value in spec.choices:
                assert aliases[normalise(value_labels(spec, value, lang))] == value
        elif spec.kind == "bool":
            aliases = value_aliases(spec)
            assert aliases[normalise(t("choice.bool.yes", lang))] == "true"
            assert aliases[normalise(t("choice.bool.no", lang))] == "false"


@pytest.mark.parametrize(
    ("content", "key"),
    [
        (b"", "cohort.file.empty"),
        (b"\n\n", "cohort.file.empty"),
        (b"name,budget\na,1\n", "missing"),
        (b"category,category,monthly_budget,team_size,part_time\n", "duplicate"),
        ("产品品类,预算\n".encode("gb18030"), "missing"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe\x81\x81", "encoding"),
    ],
)
@pytest.mark.parametrize("lang", LANGS)
def test_an_unreadable_file_is_one_clear_message_in_the_language(content, key, lang):
    with pytest.raises(CohortFileError) as caught:
        read_cohort_bytes(content, "founders.csv", lang)
    message = str(caught.value)
    assert "founders.csv" in message
    if key == "missing":
        assert t("field.team_size.label", lang) in message
    if lang != "en":
        assert not any(word in message for word in ("missing", "empty", "neither"))


def test_a_semicolon_file_is_not_reported_as_missing_columns():
    cohort = read_cohort_bytes(b"category;monthly_budget;team_size;part_time\nfmcg;800;1;yes\n", "x.csv")
    assert cohort.rows == 1 and cohort.delimiter == ";"


@pytest.mark.parametrize(
    ("line", "suffix", "expected"),
    [
        ("a,b;c,d", ".csv", ","),
        ("a;b;c", ".csv", ";"),
        ("a\tb\tc,d", ".csv", "\t"),
        ("a", ".tsv", "\t"),
        ('"x;y",b', ".csv", ","),
    ],
)
def test_the_delimiter_is_sniffed_outside_quotes(line, suffix, expected):
    assert sniff_delimiter(line, suffix) == expected


def test_gb18030_is_tried_before_a_guess_and_a_forced_encoding_wins():
    text = MINIMAL + "李,fmcg,800,1,是\n"
    cohort = read_cohort_bytes(text.encode("gb18030"), "x.csv")
    assert cohort.encoding == "gb18030" and cohort.columns["name"][0].as_py() == "李"
    with pytest.raises(CohortFileError, match="utf-8"):
        read_cohort_bytes(text.encode("gb18030"), "x.csv", encoding="utf-8")
    with pytest.raises(CohortFileError, match="not-a-codec"):
        read_cohort_bytes(text.encode(), "x.csv", encoding="not-a-codec")


def test_an_unterminated_quote_keeps_every_later_row():
    text = MINIMAL + '"a,fmcg,800,1,true\nb,fmcg,800,1,true\nc,fmcg,900,2,no\n'
    cohort = read_cohort_bytes(text.encode(), "x.csv")
    assert list(cohort.source_rows) == [2, 3, 4]
    assert "line 2" in cohort.row_problems[0] and cohort.row_problems[1] is None
    assert [c.as_py() for c in cohort.columns["name"]] == ['"a', "b", "c"]


def test_a_quote_inside_a_cell_is_named_with_its_line():
    text = MINIMAL + 'a,fmcg,800,1,true\nb"x"y,fmcg,800,1,true\nc,fmcg,900,2,no\n'
    cohort = read_cohort_bytes(text.encode(), "x.csv")
    assert cohort.rows == 3 and cohort.row_problems[0] is None and cohort.row_problems[2] is None


def test_quoted_newlines_and_commas_survive():
    text = MINIMAL + '"Li, Wei\nShop",fmcg,800,1,true\nb,fmcg,800,1,true\n'
    cohort = read_cohort_bytes(text.encode(), "x.csv")
    assert [c.as_py() for c in cohort.columns["name"]] == ["Li, Wei\nShop", "b"]
    assert list(cohort.source_rows) == [2, 4]


def test_blank_rows_are_skipped_and_named_trailing_empty_columns_ignored():
    text = MINIMAL.strip() + ",,\na,fmcg,800,1,true,,\n\n,,,,,,\nb,fmcg,800,1,true\n"
    cohort = read_cohort_bytes(text.encode(), "x.csv")
    assert cohort.rows == 2 and cohort.blank_rows == (3, 4)
    assert list(cohort.columns) == ["name", "category", "monthly_budget", "team_size", "part_time"]
    assert all(p is None for p in cohort.row_problems)


def test_an_unnamed_column_with_data_is_kept_not_lost():
    cohort = read_cohort_bytes(
        b"category,,monthly_budget,team_size,part_time\nfmcg,note,800,1,true\n", "x.csv"
    )
    assert cohort.columns["column_2"][0].as_py() == "note"


def test_result_columns_of_an_earlier_run_are_ignored_and_said():
    text = "category,monthly_budget,team_size,part_time,score_wechat,error\nfmcg,800,1,true,1,\n"
    cohort = read_cohort_bytes(text.encode(), "x.csv")
    assert cohort.ignored_columns == ("score_wechat", "error") and "error" not in cohort.columns


def test_a_long_cell_is_shortened_in_messages():
    assert len(shorten("x" * 100_000)) < 60 and "100,000" in shorten("x" * 100_000)
    assert shorten("short") == "short"


@pytest.mark.parametrize("lang", LANGS)
def test_an_upload_above_the_limit_is_refused_naming_the_limit(lang):
    check_upload_size(50 * 1024 * 1024, "ok.xlsx", lang)
    with pytest.raises(CohortFileError, match=r"\b50 MB") as caught:
        check_upload_size(50 * 1024 * 1024 + 1, "big.xlsx", lang)
    assert "big.xlsx" in str(caught.value)


def test_an_unsupported_extension_and_a_folder_are_named(tmp_path):
    with pytest.raises(CohortFileError, match=r"\.xlsx, \.csv"):
        read_cohort(tmp_path / "founders.pdf")
    folder = tmp_path / "dir.csv"
    folder.mkdir()
    with pytest.raises(CohortFileError, match="folder"):
        read_cohort(folder)


def test_a_corrupt_workbook_is_a_clear_error():
    with pytest.raises(CohortFileError, match=r"not a readable \.xlsx"):
        read_cohort_bytes(b"PK\x03\x04 not really a zip", "x.xlsx")


def test_the_input_file_is_never_modified(fixtures):
    before = {k: Path(f.path).read_bytes() for k, f in fixtures.items()}
    for fixture in fixtures.values():
        read_cohort(fixture.path)
    assert before == {k: Path(f.path).read_bytes() for k, f in fixtures.items()}


def test_a_fifo_as_input_is_refused_without_blocking(tmp_path):
    import os

    fifo = tmp_path / "founders.csv"
    os.mkfifo(fifo)
    with pytest.raises(CohortFileError, match=r"founders\.csv"):
        read_cohort(fifo)


def test_a_blank_row_inside_a_sheet_is_named_and_ragged_sheet_rows_are_padded(tmp_path):
    import xlsxwriter

    path = tmp_path / "gaps.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("S")
    sheet.write_row(0, 0, ["name", "category", "monthly_budget", "team_size", "part_time", "note"])
    sheet.write_row(1, 0, ["a", "fmcg", 800, 1, True, "x"])
    sheet.write_row(3, 0, ["b", "apparel", 900.5, 2, False])  # row 3 blank, no note
    sheet.write_row(9, 5, ["   "])  # far below: only spaces
    book.close()
    cohort = read_cohort(path)
    assert list(cohort.source_rows) == [2, 4] and cohort.blank_rows == (3,)
    assert [c.as_py() for c in cohort.columns["note"]] == ["x", ""]
    assert [c.as_py() for c in cohort.field_columns["monthly_budget"]] == ["800", "900.5"]


@pytest.mark.parametrize("odd", ["\x0c", "\x0b", "\u2028", "\u2029", "\x85", "\x1e"])
@pytest.mark.parametrize("quote", ["", '"'])
def test_only_cr_and_lf_end_a_row(odd, quote):
    """A form feed or Unicode line separator inside a cell keeps the row whole, quoted or not."""
    text = (
        "name,category,monthly_budget,team_size,part_time\n"
        f"{quote}A{odd}B{quote},fmcg,800,1,false\n"
        "C,toys,900,2,true\n"
    )
    cohort = read_cohort_bytes(text.encode("utf-8"), "odd.csv")
    assert cohort.rows == 2
    assert cohort.columns["name"].to_pylist() == [f"A{odd}B", "C"]
    assert list(cohort.source_rows) == [2, 3]

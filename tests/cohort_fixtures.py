"""Real-shaped cohort files made by the tests themselves, with what each row should come out as.

Each fixture is written the way a founder's spreadsheet really arrives: Chinese Excel's GB18030
CSV with Chinese headers and labels, Excel's "Unicode text" (UTF-16, tabs), a workbook with a
notes sheet and merged header cells, a semicolon CSV, a formula in a name cell, and a file with
blank, ragged and badly quoted rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import xlsxwriter

from advisor.i18n import Lang, t
from advisor.profile import PROFILE_FIELDS

FOUNDERS: list[dict[str, Any]] = [
    {"category": "fmcg", "monthly_budget": 800, "team_size": 1, "part_time": True, "social_reach": 3000},
    {
        "category": "electronics",
        "monthly_budget": 60000,
        "team_size": 6,
        "part_time": False,
        "data_skills": True,
    },
    {
        "category": "apparel",
        "monthly_budget": 5000,
        "team_size": 3,
        "part_time": False,
        "retail_price": 199.0,
        "unit_cost": 60.5,
        "after_sales": "medium",
        "price_strategy": "tailored",
    },
    {"category": "knowledge", "monthly_budget": 1500, "team_size": 1, "part_time": True, "self_media": True},
    {
        "category": "home_goods",
        "monthly_budget": 20000,
        "team_size": 4,
        "part_time": False,
        "sku_count": 120,
        "purchase_frequency": "low",
        "risk_tolerance": "high",
    },
]
NAMES = ["张伟", "Li Na", "王芳 Shop", "陳小明", "Zhao & Sons"]


@dataclass(frozen=True)
class Expected:
    """One data row: its name cell, the answers it should score as (None: a problem), its file row."""

    name: str
    answers: dict[str, Any] | None
    source_row: int


@dataclass(frozen=True)
class Fixture:
    """A fixture file and what its rows should become."""

    path: Path
    rows: list[Expected]
    lookalikes: tuple[str, ...] = ()


def _label(field: str, lang: Lang) -> str:
    return t(f"field.{field}.label", lang)


def _value_label(field: str, value: Any, lang: Lang) -> str:
    """A value as a Chinese (or English) spreadsheet would hold it: labels for choices and yes/no."""
    if isinstance(value, bool):
        return t("choice.bool.yes" if value else "choice.bool.no", lang)
    if isinstance(value, str):
        key = (
            f"choice.{field}.{value}" if field in ("category", "price_strategy") else f"choice.level.{value}"
        )
        return t(key, lang)
    return str(value)


def _rows(lang: Lang | None) -> list[list[str]]:
    """Header and one row per founder; lang None writes field names and codes, else labels."""
    header = ["name", *[(_label(f, lang) if lang else f) for f in PROFILE_FIELDS]]
    body = []
    for name, answers in zip(NAMES, FOUNDERS, strict=True):
        cells = [name]
        for f in PROFILE_FIELDS:
            value = answers.get(f)
            if value is None:
                cells.append("")
            elif lang:
                cells.append(_value_label(f, value, lang))
            else:
                cells.append(str(value).lower() if isinstance(value, bool) else str(value))
        body.append(cells)
    return [header, *body]


def _expected(first_row: int) -> list[Expected]:
    return [Expected(n, a, first_row + i) for i, (n, a) in enumerate(zip(NAMES, FOUNDERS, strict=True))]


def gb18030_csv(folder: Path) -> Fixture:
    """Chinese Excel's 'CSV' save: GB18030, CRLF, simplified-Chinese headers and value labels."""
    text = "\r\n".join(",".join(row) for row in _rows("zh-Hans")) + "\r\n"
    path = folder / "chinese_excel.csv"
    path.write_bytes(text.encode("gb18030"))
    return Fixture(path, _expected(2))


def utf16_tsv(folder: Path) -> Fixture:
    """Excel's 'Unicode text' save: UTF-16 with BOM, tab-separated, English labels."""
    text = "\r\n".join("\t".join(row) for row in _rows("en")) + "\r\n"
    path = folder / "unicode_text.txt"
    path.write_bytes(text.encode("utf-16"))
    return Fixture(path, _expected(2))


def semicolon_csv(folder: Path) -> Fixture:
    """A European-locale export: `;`-separated, headers in odd case and spacing, a look-alike column."""
    rows = _rows(None)
    header = [
        h.replace("_", " ").title() if i % 2 else h.upper().replace("_", "-") for i, h in enumerate(rows[0])
    ]
    rows = [[*header, "social_rech"], *[[*r, "5"] for r in rows[1:]]]
    path = folder / "semicolon.csv"
    path.write_text("\n".join(";".join(r) for r in rows) + "\n", encoding="utf-8-sig")
    return Fixture(path, _expected(2), lookalikes=("social_rech",))


FORMULAS = ['=HYPERLINK("http://x.example","open")', "+cmd|' /C calc'!A0", "@SUM(1+1)", "-2+3", "\tTab"]


def formula_csv(folder: Path) -> Fixture:
    """Name cells that a spreadsheet would run as formulas (CSV injection)."""
    rows = _rows(None)
    lines = [",".join(rows[0])]
    for formula, row in zip(FORMULAS, rows[1:], strict=True):
        quoted = '"' + formula.replace('"', '""') + '"'
        lines.append(",".join([quoted, *row[1:]]))
    path = folder / "formula.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    rows_expected = [Expected(f, a, 2 + i) for i, (f, a) in enumerate(zip(FORMULAS, FOUNDERS, strict=True))]
    return Fixture(path, rows_expected)


def ragged_csv(folder: Path) -> Fixture:
    """Blank lines, Excel's `,,,` blank rows, trailing unnamed columns, short/long rows, a bad quote."""
    rows = _rows(None)
    width = len(rows[0])
    pad = ",,"  # Excel's trailing unnamed empty columns
    lines = [",".join(rows[0]) + pad]
    lines.append(",".join(rows[1]) + pad)  # line 2: fine
    lines.append("")  # line 3: blank
    lines.append("," * (width + 1))  # line 4: Excel's blank row
    lines.append(",".join(rows[2]))  # line 5: fine without the trailing empty cells
    lines.append("short,fmcg,800")  # line 6: too few cells
    lines.append(",".join(rows[3]) + ",,,extra")  # line 7: more cells than even the padded header
    lines.append('"unterminated,fmcg,800,1,true')  # line 8: a quote that never closes
    lines.append(",".join(rows[4]))  # line 9: fine, must not be swallowed by line 8
    path = folder / "ragged.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    expected = [
        Expected(NAMES[0], FOUNDERS[0], 2),
        Expected(NAMES[1], FOUNDERS[1], 5),
        Expected("short", None, 6),
        Expected(NAMES[2], None, 7),
        Expected('"unterminated', None, 8),
        Expected(NAMES[3], FOUNDERS[3], 9),
    ]
    return Fixture(path, expected)


def two_sheet_xlsx(folder: Path) -> Fixture:
    """A workbook: a notes sheet first, then the founders under a merged title and merged headers."""
    path = folder / "cohort.xlsx"
    book = xlsxwriter.Workbook(path)
    notes = book.add_worksheet("Notes")
    notes.write(0, 0, "Spring cohort: founders are on the next sheet")
    sheet = book.add_worksheet("Founders")
    rows = _rows("zh-Hant")
    width = len(rows[0])
    sheet.merge_range(0, 0, 0, width - 1, "2026 春季班")  # a merged title row
    sheet.merge_range(1, 0, 2, 0, rows[0][0])  # 'name' merged down over two header rows
    sheet.merge_range(1, 1, 1, 4, "必填")  # a merged group label above the required fields
    for j, title in enumerate(rows[0][1:], start=1):
        sheet.write_string(2, j, title)
    for i, answers in enumerate(FOUNDERS, start=3):
        sheet.write_string(i, 0, NAMES[i - 3])
        for j, f in enumerate(PROFILE_FIELDS, start=1):
            value = answers.get(f)
            if isinstance(value, bool):
                sheet.write_boolean(i, j, value)
            elif isinstance(value, (int, float)):
                sheet.write_number(i, j, value)
            elif value is not None:
                sheet.write_string(i, j, _value_label(f, value, "zh-Hant"))
    book.close()
    return Fixture(path, _expected(4))


def write_fixtures(folder: Path) -> dict[str, Fixture]:
    """Every fixture file, written into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    makers = (gb18030_csv, utf16_tsv, semicolon_csv, formula_csv, ragged_csv, two_sheet_xlsx)
    return {maker.__name__: maker(folder) for maker in makers}

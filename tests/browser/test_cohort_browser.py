"""The Cohort page in a real browser: upload a GB18030 file, download the scored .xlsx, open one founder."""

from __future__ import annotations

import openpyxl
import pytest
from cohort_fixtures import write_fixtures

from advisor.decision import recommend
from advisor.i18n import t
from advisor.profile import parse_profile

pytestmark = pytest.mark.browser
LANG = "zh-Hans"
TIMEOUT = 90_000
UPLOAD = '[data-testid="stFileUploader"] input[type=file]'


def _upload(page, server, path) -> None:
    page.goto(f"{server.url}/cohort?lang={LANG}")
    page.wait_for_selector(UPLOAD, state="attached", timeout=TIMEOUT)
    page.set_input_files(UPLOAD, str(path))
    page.wait_for_selector('[data-testid="stVegaLiteChart"] svg.marks', timeout=TIMEOUT)


def test_upload_download_the_xlsx_and_open_one_founder(page, server, tmp_path):
    fixture = write_fixtures(tmp_path / "in")["gb18030_csv"]
    _upload(page, server, fixture.path)
    assert page.locator('[data-testid="stException"]').count() == 0

    with page.expect_download(timeout=TIMEOUT) as download:
        page.get_by_role("button", name=t("cohort.page.download_xlsx", LANG)).click()
    saved = tmp_path / "out.xlsx"
    download.value.save_as(saved)
    sheet = openpyxl.load_workbook(saved)[t("cohort.sheet.results", LANG)]
    header = [cell.value for cell in sheet[1]]
    channel = header.index(t("cohort.col.recommendation", LANG)) + 1
    wechat = header.index(t("cohort.col.score_wechat", LANG)) + 1
    for row, expected in enumerate(fixture.rows, start=2):
        rec = recommend(parse_profile(expected.answers))
        assert sheet.cell(row=row, column=1).value == expected.name
        assert sheet.cell(row=row, column=channel).value == t(f"channel.{rec.channel}", LANG)
        assert sheet.cell(row=row, column=wechat).value == round(rec.scores["wechat"], 2)

    page.get_by_role("button", name=t("cohort.page.open", LANG)).click()
    page.wait_for_selector('[data-testid="stMetricValue"]', timeout=TIMEOUT)
    first = recommend(parse_profile(fixture.rows[0].answers))
    page.get_by_text(t(f"channel.{first.channel}", LANG)).first.wait_for(timeout=TIMEOUT)
    assert fixture.rows[0].name in page.content()
    assert page.locator('[data-testid="stException"]').count() == 0

"""tables.xlsx and review.xlsx are byte-identical between reruns with the same run.json created (tester B8 #10)."""
from __future__ import annotations

import time
import zipfile
from pathlib import Path

from nlp_varmland.report.review import write_review
from nlp_varmland.report.tables import write_excel


def test_workbooks_take_their_dates_from_the_run_not_the_clock(fake_analysis, tmp_path: Path) -> None:
    fake_analysis.run["created"] = "2023-11-14T22:13:20+00:00"       # SOURCE_DATE_EPOCH=1700000000
    first = [write_excel(fake_analysis, tmp_path / "a" / "tables.xlsx"),
             write_review(fake_analysis, tmp_path / "a" / "review.xlsx")]
    time.sleep(2.1)                                                  # the clock moves on; zip has 2 s steps
    second = [write_excel(fake_analysis, tmp_path / "b" / "tables.xlsx"),
              write_review(fake_analysis, tmp_path / "b" / "review.xlsx")]
    for a, b in zip(first, second):
        assert a.read_bytes() == b.read_bytes(), a.name
        with zipfile.ZipFile(a) as z:
            core = z.read("docProps/core.xml").decode()
            assert {i.date_time for i in z.infolist()} == {(2023, 11, 14, 22, 13, 20)}
        assert core.count("2023-11-14T22:13:20Z") == 2, core            # dcterms:created and modified


def test_a_run_without_created_still_writes_a_readable_workbook(fake_analysis, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    fake_analysis.run.pop("created", None)
    path = write_review(fake_analysis, tmp_path / "review.xlsx")
    assert load_workbook(path).sheetnames[0]

"""Every row of a table file between its header and its last non-empty row is an input row.

Tester B9 #12: the blank ``;;;`` rows of an Excel CSV export were left out of notes.csv, so the
rows an analyst counted in Excel did not add up. A blank row is now a row with ``text == ""``
(status ``empty`` after cleaning), its own ``source_row``, and the meeting, date and table of
the block it sits in: the previous non-blank row's, else the next one's (a blank row right
below the header). Blank rows after the last data row (Excel's used range) are not rows.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from nlp_varmland.io import read_contributions
from nlp_varmland.preprocessing import clean


def write_csv(path: Path, rows: list[list[str]], *, delimiter: str = ";", encoding: str = "cp1252",
              tail: str = "") -> Path:
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_bytes((buf.getvalue() + tail).encode(encoding))
    return path


def write_xlsx(path: Path, sheets: dict[str, list[list[object]]], *, title: str | None = None,
               used_range_rows: int = 0) -> Path:
    """Blank rows (``[]``) stay rows of the sheet; ``used_range_rows`` formatted empty rows follow the data."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r, row in enumerate(rows, 1):
            for c, value in enumerate(row, 1):
                ws.cell(row=r, column=c, value=value)
        for k in range(used_range_rows):  # formatted, never typed in: Excel's used range grows
            ws.cell(row=len(rows) + 1 + k, column=1).font = Font(bold=True)
    wb.properties.title = title
    wb.save(path)
    return path


def by_row(df: pd.DataFrame, cols: tuple[str, ...] = ("meeting", "date", "table", "text")) -> dict[int, tuple]:
    return {int(r["source_row"]): tuple(r[c] for c in cols) for r in df.to_dict("records")}


def test_blank_semicolon_rows_of_a_cp1252_export_are_rows_of_their_block(tmp_path):
    path = write_csv(tmp_path / "arbetsmöte.csv", [
        ["Möte", "Datum", "Bord", "Anteckning"],
        ["", "", "", ""],                                              # 1: right below the header -> next row's
        ["Arbetsmöte mars", "2026-03-04", "1", "Brist på bostäder för unga i Årjäng"],
        ["", "", "", ""],                                              # 3: between two rows of one block
        ["Arbetsmöte mars", "2026-03-04", "2", "Bussen går för sällan"],
        ["", "", "", ""],                                              # 5: between two meetings -> previous
        ["", "", "", ""],                                              # 6
        ["Arbetsmöte april", "2026-04-08", "3", "Fler platser på VUX"],
        ["", "", "", ""],                                              # trailing: not rows
        ["", "", "", ""],
    ], tail=";;;\r\n\r\n")
    df = read_contributions(path)
    assert df["source_row"].tolist() == [1, 2, 3, 4, 5, 6, 7]
    got = by_row(df)
    assert got[1] == ("Arbetsmöte mars", "2026-03-04", "1", "")
    assert got[3] == ("Arbetsmöte mars", "2026-03-04", "1", "")  # the previous row's block
    assert got[5] == got[6] == ("Arbetsmöte mars", "2026-03-04", "2", "")
    assert set(df["meeting"]) == {"Arbetsmöte mars", "Arbetsmöte april"}  # never the file's name
    assert df.attrs["inputs"][0]["rows"] == 7
    notes = clean(df)
    assert notes.loc[notes["text"] == "", "status"].tolist() == ["empty"] * 4
    assert (notes.loc[notes["text"] != "", "status"] == "kept").all()


def test_blank_rows_in_a_csv_with_a_meeting_column_and_no_date(tmp_path):
    path = write_csv(tmp_path / "export.csv", [
        ["meeting", "table", "text"],
        ["Möte A", "Bord 1", "Bredbandet når inte ut till byarna"],
        ["", "", ""],
        ["Möte B", "Bord 2", "Elnätet räcker inte till industrin"],
    ], delimiter=",", encoding="utf-8")
    df = read_contributions(path)
    assert by_row(df, ("meeting", "table", "text")) == {
        1: ("Möte A", "Bord 1", "Bredbandet når inte ut till byarna"),
        2: ("Möte A", "Bord 1", ""),
        3: ("Möte B", "Bord 2", "Elnätet räcker inte till industrin"),
    }


def test_a_blank_row_keeps_the_meeting_argument_and_a_csv_without_meeting_column_its_file_name(tmp_path):
    rows = [["Bord", "Anteckning"], ["1", "Brist på lärare i Torsby"], ["", ""], ["2", "Fiber saknas"]]
    path = write_csv(tmp_path / "maj.csv", rows)
    assert set(read_contributions(path)["meeting"]) == {"maj"}
    df = read_contributions(path, meeting="Arbetsmöte maj")
    assert set(df["meeting"]) == {"Arbetsmöte maj"} and len(df) == 3


def test_multi_sheet_xlsx_blank_rows_take_their_sheet_and_block(tmp_path):
    path = write_xlsx(tmp_path / "konferens.xlsx", {
        "Bord 1": [["Anteckning", "Deltagare"], ["Kompetensbrist i vården", "Sara"], [],
                   ["Hyrpersonal kostar mycket", "Ali"]],
        "Bord 2": [["Anteckning"], [], ["Unga flyttar från länet"]],
        "Bord 3": [["Möte", "Anteckning"], ["Höstmöte", "Laddstolpar saknas"], [], ["Vårmöte", "Fler cykelvägar"]],
    }, title="Konferens 9 oktober 2025", used_range_rows=5)
    df = read_contributions(path)
    src = df["source"].str.rsplit("#", n=1).str[1]
    got = {(s, int(r)): (m, t, x)
           for s, r, m, t, x in zip(src, df["source_row"], df["meeting"], df["table"], df["text"])}
    assert got == {
        ("Bord 1", 1): ("Konferens 9 oktober 2025", "Bord 1", "Kompetensbrist i vården"),
        ("Bord 1", 2): ("Konferens 9 oktober 2025", "Bord 1", ""),
        ("Bord 1", 3): ("Konferens 9 oktober 2025", "Bord 1", "Hyrpersonal kostar mycket"),
        ("Bord 2", 1): ("Konferens 9 oktober 2025", "Bord 2", ""),
        ("Bord 2", 2): ("Konferens 9 oktober 2025", "Bord 2", "Unga flyttar från länet"),
        ("Bord 3", 1): ("Höstmöte", "Bord 3", "Laddstolpar saknas"),
        ("Bord 3", 2): ("Höstmöte", "Bord 3", ""),   # the previous row's meeting, not the workbook's title
        ("Bord 3", 3): ("Vårmöte", "Bord 3", "Fler cykelvägar"),
    }
    assert set(df["date"]) == {"2025-10-09"}


def test_a_header_and_trailing_blank_rows_only_is_still_no_notes(tmp_path):
    import pytest

    from nlp_varmland.errors import InputError

    path = write_csv(tmp_path / "tom.csv", [["Möte", "Anteckning"], ["", ""], ["", ""]])
    with pytest.raises(InputError, match="only a header or blank lines"):
        read_contributions(path)


def test_blank_rows_reach_notes_csv_only_as_empty_statements(tmp_path):
    """notes.csv and run.json count them; no embedding, theme, goal, review.xlsx row or phantom meeting."""
    import json

    import openpyxl

    import nlp_varmland as nv
    from nlp_varmland.store import Store

    notes = ["Bussen går för sällan på landsbygden", "Vi behöver fler bussar på kvällen",
             "Kollektivtrafiken till Torsby är dålig", "Det saknas lägenheter för unga",
             "Bostadsbristen gör det svårt att flytta hit", "Hyrorna är för höga i Karlstad",
             "Skolan behöver fler lärare", "Ungdomar hoppar av gymnasiet"]
    rows = [["Möte", "Bord", "Anteckning"], ["", "", ""]]
    for k, text in enumerate(notes):
        rows.append(["Möte A" if k < 4 else "Möte B", str(k % 2 + 1), text])
        if k in (1, 3):
            rows.append(["", "", ""])
    path = write_csv(tmp_path / "export.csv", rows + [["", "", ""]] * 3)
    a = nv.analyze(str(path), embedder="tfidf", progress=False, db=str(tmp_path / "store.sqlite"))
    a.save(tmp_path / "out")
    n = a.notes
    assert len(n) == 11 and (n["text"] == "").sum() == 3
    blank = n[n["text"] == ""]
    assert (blank["status"] == "empty").all() and (blank["theme_id"] == -1).all()
    assert (blank["goal_id"] == "").all() and not blank["is_challenge"].any()
    assert blank["meeting"].tolist() == ["Möte A", "Möte A", "Möte A"]  # first one: the next row's
    assert blank["x"].isna().all()
    counts = json.loads((tmp_path / "out" / "run.json").read_text(encoding="utf-8"))["counts"]
    assert (counts["rows"], counts["kept"], counts["empty"], counts["meetings"]) == (11, 8, 3, 2)
    ws = openpyxl.load_workbook(tmp_path / "out" / "review.xlsx").worksheets[0]
    assert ws.max_row - 1 == 8
    with Store.open(tmp_path / "store.sqlite") as store:
        stored = store.meetings()
    assert sorted(stored["name"]) == ["Möte A", "Möte B"]
    assert stored["n_kept"].sum() == 8

"""Tests for nlp_varmland.io: every format, column detection, dates, errors, the sample corpora."""
from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import io
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nlp_varmland.errors import InputError
from nlp_varmland.io import (
    COLUMNS,
    SUPPORTED_EXTENSIONS,
    _to_iso_date,
    describe_inputs,
    file_sha256,
    read_contributions,
)
from nlp_varmland.io.columns import _map_columns

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT / "corpora"


# --------------------------------------------------------------------------- helpers

def write_csv(path: Path, rows: list[list[str]], *, delimiter: str = ";", encoding: str = "cp1252") -> Path:
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def write_xlsx(path: Path, sheets: dict[str, list[list[object]]], *, title: str | None = None) -> Path:
    """``title`` is the workbook's title property (File > Info > Title in Excel)."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.properties.title = title
    wb.save(path)
    return path


def write_docx(path: Path, items: list[tuple[str, str]]) -> Path:
    """items: (kind, text) with kind title/h1/h2/h3/bullet/number/para/empty."""
    import docx

    document = docx.Document()
    for kind, text in items:
        if kind == "title":
            document.add_heading(text, level=0)
        elif kind.startswith("h"):
            document.add_heading(text, level=int(kind[1]))
        elif kind == "bullet":
            document.add_paragraph(text, style="List Bullet")
        elif kind == "number":
            document.add_paragraph(text, style="List Number")
        else:
            document.add_paragraph(text)
    document.save(path)
    return path


def texts(df: pd.DataFrame) -> list[str]:
    return df["text"].tolist()


# --------------------------------------------------------------------------- CSV / TSV

def test_cp1252_semicolon_csv_with_swedish_letters(tmp_path):
    path = write_csv(tmp_path / "möte.csv", [
        ["Möte", "Datum", "Bord", "Anteckning", "Organisation"],
        ["Arbetsmöte 13 januari", "13/1/2025", "1", "Brist på undersköterskor i Årjäng", "Region Värmland"],
        ["", "", "", "", ""],
        ["Arbetsmöte 13 januari", "", "2", "- Bussen går för sällan\n- Ingen kvällstrafik", ""],
        ["Arbetsmöte 13 januari", "2025-01-13", "3", "   ", "Säffle kommun"],
    ])
    df = read_contributions(path)
    assert list(df.columns) == COLUMNS
    assert texts(df) == ["Brist på undersköterskor i Årjäng", "", "- Bussen går för sällan\n- Ingen kvällstrafik", ""]
    assert df["source_row"].tolist() == [1, 2, 3, 4]  # the blank ;;;; line is a row too (status empty later)
    assert df["meeting"].unique().tolist() == ["Arbetsmöte 13 januari"]
    assert df["date"].tolist() == ["2025-01-13", "2025-01-13", "", "2025-01-13"]  # blank: its block's
    assert df["table"].tolist() == ["1", "1", "2", "3"]
    assert df["organisation"].tolist() == ["Region Värmland", "", "", "Säffle kommun"]
    assert df["source"].unique().tolist() == [path.as_posix()]
    assert df["source_row"].dtype.kind == "i"
    assert all(df[c].map(type).eq(str).all() for c in COLUMNS if c != "source_row")


def test_utf8_sig_comma_csv_and_date_from_file_name(tmp_path):
    path = write_csv(tmp_path / "arbetsmote_2025-05-20.csv",
                     [["Kommentar", "Namn", "Titel"], ["Elnätet räcker inte, ingen kapacitet", "Åsa Öberg", "vd"]],
                     delimiter=",", encoding="utf-8-sig")
    df = read_contributions(path)
    assert df.loc[0, ["text", "speaker", "role", "date", "meeting"]].tolist() == [
        "Elnätet räcker inte, ingen kapacitet", "Åsa Öberg", "vd", "2025-05-20", "arbetsmote_2025-05-20"]


def test_tsv_and_excel_sep_line(tmp_path):
    tsv = write_csv(tmp_path / "a.tsv", [["Bord", "Anteckning"], ["4", "Kapitalförsörjning, svårt; få banker"]],
                    delimiter="\t", encoding="utf-8")
    assert texts(read_contributions(tsv)) == ["Kapitalförsörjning, svårt; få banker"]
    sep = tmp_path / "b.csv"
    sep.write_bytes("sep=;\r\nBord;Synpunkt\r\n2;Bostäder, för få\r\n".encode("cp1252"))
    df = read_contributions(sep)
    assert df.loc[0, ["table", "text", "source_row"]].tolist() == ["2", "Bostäder, för få", 1]


def test_delimiter_sniffing_when_notes_contain_commas(tmp_path):
    rows = [["Bord", "Anteckning", "Organisation"]] + [[str(i), f"a, b, c, d, e {i}", "X, Y"] for i in range(5)]
    path = write_csv(tmp_path / "s.csv", rows, delimiter=";", encoding="utf-8")
    assert read_contributions(path)["text"].tolist()[0] == "a, b, c, d, e 0"


def test_title_row_above_header_is_skipped(tmp_path):
    path = write_csv(tmp_path / "t.csv", [["Arbetsmöte 20 maj 2025", "", ""], ["", "", ""],
                                          ["Bord", "Anteckning", "Roll"],
                                          ["1", "Psykisk ohälsa bland unga", "kurator"]])
    df = read_contributions(path)
    assert df.loc[0, ["text", "source_row", "date", "role"]].tolist() == [
        "Psykisk ohälsa bland unga", 1, "2025-05-20", "kurator"]


def test_one_column_file_uses_its_column(tmp_path):
    path = tmp_path / "svar.csv"
    path.write_text("Vad tar du med dig hem?\nNya kontakter\nKlimatfrågan\n", encoding="utf-8")
    assert texts(read_contributions(path)) == ["Nya kontakter", "Klimatfrågan"]


@settings(max_examples=15, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(list("abcåäöÅÄÖ é,;\"'\n-–")), max_size=30), min_size=1, max_size=8))
def test_csv_round_trip_keeps_every_row(tmp_path_factory, notes):
    path = tmp_path_factory.mktemp("rt") / "rt.csv"
    write_csv(path, [["Bord", "Anteckning"]] + [["1", n] for n in notes])
    df = read_contributions(path)
    assert texts(df) == [n.strip() for n in notes]
    assert df["source_row"].tolist() == list(range(1, len(notes) + 1))


# --------------------------------------------------------------------------- column detection

@pytest.mark.parametrize(("header", "field"), [
    ("Anteckning", "text"), ("anteckningar", "text"), (" KOMMENTAR ", "text"), ("Citat", "text"),
    ("Note", "text"), ("notes", "text"), ("Synpunkt", "text"), ("Text", "text"),
    ("Möte", "meeting"), ("MÖTE", "meeting"), ("meeting", "meeting"),
    ("Bord", "table"), ("Grupp", "table"), ("Table", "table"), ("Bord nr", "table"),
    ("Datum", "date"), ("Date", "date"),
    ("Deltagare", "speaker"), ("Namn", "speaker"), ("Name", "speaker"), ("Speaker", "speaker"),
    ("Roll", "role"), ("Titel", "role"), ("Role", "role"),
    ("Organisation", "organisation"), ("Organization", "organisation"), ("Org", "organisation"),
])
def test_column_detection_swedish_and_english(tmp_path, header, field):
    value = "2025-01-13" if field == "date" else "värde"
    cols = ["Anteckning", header] if field != "text" else [header, "Övrigt"]
    row = ["en anteckning", value] if field != "text" else [value, "x"]
    df = read_contributions(write_csv(tmp_path / "c.csv", [cols, row]))
    assert df.loc[0, field] == value


def _column_names() -> list[tuple[str, str]]:
    import yaml

    data = yaml.safe_load((ROOT / "nlp_varmland" / "data" / "column_names.yaml").read_text(encoding="utf-8"))
    return [(name, field) for field, names in data.items() for name in names]


@pytest.mark.parametrize(("header", "field"), _column_names())
def test_every_name_in_column_names_yaml_is_detected(header, field):
    other = "Anteckning" if field != "text" else "Övrigt"
    mapping = _map_columns([other, header.upper()], None)
    assert mapping is not None and mapping[field] == 1


def test_text_column_override_and_missing(tmp_path):
    path = write_csv(tmp_path / "o.csv", [["Fråga", "Svar från bordet", "Kommentar"], ["q", "det här", "inte detta"]])
    assert texts(read_contributions(path, text_column="svar fran BORDET")) == ["det här"]
    with pytest.raises(InputError, match=r"text column 'Nope' not found.*'Fråga', 'Svar från bordet'"):
        read_contributions(path, text_column="Nope")


def test_meeting_precedence(tmp_path):
    with_col = write_csv(tmp_path / "a-2025-01-13.csv", [["Möte", "Anteckning"], ["Konferens", "x"], ["", "y"]])
    df = read_contributions(with_col, meeting="Argumentet")
    assert df["meeting"].tolist() == ["Konferens", "Argumentet"]
    assert df["date"].tolist() == ["2025-01-13", "2025-01-13"]
    no_col = write_csv(tmp_path / "b.csv", [["Anteckning"], ["x"]])
    assert read_contributions(no_col)["meeting"].tolist() == ["b"]
    md = tmp_path / "c.md"
    md.write_text("# Arbetsmöte 13 januari 2025\n- x\n", encoding="utf-8")
    assert read_contributions(md)["meeting"].tolist() == ["Arbetsmöte 13 januari 2025"]
    assert read_contributions(md, meeting="M")["meeting"].tolist() == ["M"]


@pytest.mark.parametrize(("value", "iso"), [
    ("2025-01-13", "2025-01-13"), ("2025-1-3", "2025-01-03"), ("13/1/2025", "2025-01-13"),
    ("13.01.2025", "2025-01-13"), ("20250113", "2025-01-13"), ("13 januari 2025", "2025-01-13"),
    ("den 8 okt. 2025", "2025-10-08"), ("January 13, 2025", "2025-01-13"), ("20 mai 2025", "2025-05-20"),
    ("45670", "2025-01-13"), ("13/1/25", "2025-01-13"), ("2025-01-13 09:30", "2025-01-13"),
    ("vecka 3", ""), ("2025-13-45", ""), ("", ""),
])
def test_date_normalisation(value, iso):
    assert _to_iso_date(value) == iso


# --------------------------------------------------------------------------- XLSX

def test_multi_sheet_xlsx(tmp_path):
    path = write_xlsx(tmp_path / "arbetsmöte.xlsx", {
        "Bord 1": [["Anteckning", "Deltagare", "Roll"], ["Bostadsbrist för unga", "Anna", "planerare"],
                   [None, "Bo", None], ["Elnätet", None, None]],
        "Bord 2": [["Arbetsmöte 20 maj 2025"], [], ["Datum", "Anteckningar "], [dt.datetime(2025, 5, 20), "Bussen"]],
        "Tom": [],
        "Instruktioner": [["Skriv en anteckning per rad"], ["Tack!"]],
    })
    df = read_contributions(path)
    base = path.as_posix()
    assert df["source"].tolist() == [f"{base}#Bord 1"] * 3 + [f"{base}#Bord 2"]
    assert df["table"].tolist() == ["Bord 1", "Bord 1", "Bord 1", "Bord 2"]
    assert texts(df) == ["Bostadsbrist för unga", "", "Elnätet", "Bussen"]
    assert df["source_row"].tolist() == [1, 2, 3, 1]
    assert df["speaker"].tolist() == ["Anna", "Bo", "", ""]
    assert df["date"].tolist() == ["", "", "", "2025-05-20"]
    assert df.attrs["inputs"][0]["rows"] == 4 and df.attrs["inputs"][0]["path"] == base


def test_single_default_sheet_xlsx_has_plain_source_and_no_table(tmp_path):
    path = write_xlsx(tmp_path / "x.xlsx", {"Blad1": [["Note", "Group"], ["Hello", 3], ["Hej", 4.0]]})
    df = read_contributions(path)
    assert df["source"].unique().tolist() == [path.as_posix()]
    assert df["table"].tolist() == ["3", "4"]
    path2 = write_xlsx(tmp_path / "y.xlsx", {"Sheet1": [["Note"], ["Hello"]]})
    assert read_contributions(path2)["table"].tolist() == [""]


@pytest.mark.parametrize(("title", "header", "row", "meeting", "expected"), [
    ("Arbetsmöte 20 maj 2025", ["Anteckning"], ["x"], None, ("Arbetsmöte 20 maj 2025", "2025-05-20")),
    ("  Arbetsmöte i Torsby  ", ["Anteckning"], ["x"], None, ("Arbetsmöte i Torsby", "")),
    ("Arbetsmöte 20 maj 2025", ["Anteckning"], ["x"], "Argumentet", ("Argumentet", "")),
    ("Arbetsmöte 20 maj 2025", ["Möte", "Anteckning"], ["Kolumnen", "x"], "Argumentet", ("Kolumnen", "")),
    (None, ["Anteckning"], ["x"], None, ("bok", "")),
    ("   ", ["Anteckning"], ["x"], None, ("bok", "")),
])
def test_xlsx_meeting_from_workbook_title(tmp_path, title, header, row, meeting, expected):
    """Meeting: column, then meeting=, then the workbook's title property, then the file stem."""
    path = write_xlsx(tmp_path / "bok.xlsx", {"Blad1": [header, row]}, title=title)
    df = read_contributions(path, meeting=meeting)
    assert (df.loc[0, "meeting"], df.loc[0, "date"]) == expected


# --------------------------------------------------------------------------- DOCX

def test_docx_headings_bullets_and_paragraph_numbers(tmp_path):
    path = write_docx(tmp_path / "minnesanteckningar.docx", [
        ("title", "Minnesanteckningar"),                     # 1: generic title, ignored
        ("h1", "Konferens 8 oktober 2025"),                  # 2
        ("para", "Ca 200 deltagare deltog i Karlstad."),     # 3: intro prose
        ("para", "Närvarande: se lista"),                   # 4: metadata
        ("h2", "Bord 1 – Kompetens"),                        # 5
        ("para", "Bordsvärd: Karin"),                        # 6: metadata
        ("bullet", "Brist på sjuksköterskor"),               # 7
        ("empty", ""),                                       # 8
        ("bullet", "VUX fylls inte"),                        # 9
        ("h3", "Bord 2"),                                    # 10
        ("para", "Bussarna går för sällan."),                # 11: plain paragraph under a table
        ("number", "Bostäder saknas"),                       # 12
    ])
    df = read_contributions(path)
    assert texts(df) == ["Brist på sjuksköterskor", "VUX fylls inte", "Bussarna går för sällan.", "Bostäder saknas"]
    assert df["source_row"].tolist() == [7, 9, 11, 12]
    assert df["table"].tolist() == ["Bord 1 – Kompetens"] * 2 + ["Bord 2"] * 2
    assert set(df["meeting"]) == {"Konferens 8 oktober 2025"} and set(df["date"]) == {"2025-10-08"}


def test_docx_without_table_headings_keeps_plain_paragraphs(tmp_path):
    path = write_docx(tmp_path / "anteckningar-20250113.docx", [("para", "Elpriserna är höga"), ("bullet", "Elnätet")])
    df = read_contributions(path)
    assert texts(df) == ["Elpriserna är höga", "Elnätet"]
    assert df["meeting"].tolist() == ["anteckningar-20250113"] * 2 and df["date"].tolist() == ["2025-01-13"] * 2


@pytest.mark.parametrize("top", ["title", "h1"])
def test_docx_title_or_heading_1_is_the_meeting_and_bord_headings_are_tables(tmp_path, top):
    """Title + Heading 1 "Bord N" (blind test B4) and Heading 1 + Heading 2 "Bord N" read alike."""
    table = "h1" if top == "title" else "h2"
    items = [(top, "Arbetsmöte Värmlandsstrategin 22 september 2027"), ("para", "Ca 60 deltagare.")]
    for n in range(1, 4):
        items += [(table, f"Bord {n}"), ("bullet", f"Anteckning {n}a"), ("bullet", f"Anteckning {n}b")]
    df = read_contributions(write_docx(tmp_path / "sept.docx", items))
    assert set(df["meeting"]) == {"Arbetsmöte Värmlandsstrategin 22 september 2027"}
    assert set(df["date"]) == {"2027-09-22"}
    assert df["table"].tolist() == ["Bord 1", "Bord 1", "Bord 2", "Bord 2", "Bord 3", "Bord 3"]
    assert texts(df)[:2] == ["Anteckning 1a", "Anteckning 1b"]


def test_docx_title_with_topic_headings_1_and_title_over_meeting_headings(tmp_path):
    # Title + Heading 1 topics, no level 2: the topics are the tables of the titled meeting.
    df = read_contributions(write_docx(tmp_path / "a.docx", [
        ("title", "Dialogmöte Arvika 3 oktober 2025"), ("h1", "Kompetens"), ("bullet", "Brist på lärare"),
        ("h1", "Bostäder"), ("bullet", "Hyrorna är höga")]))
    assert df[["meeting", "table"]].values.tolist() == [
        ["Dialogmöte Arvika 3 oktober 2025", "Kompetens"], ["Dialogmöte Arvika 3 oktober 2025", "Bostäder"]]
    # Title + Heading 1 meetings + Heading 2 tables: Heading 1 still names the meeting.
    df = read_contributions(write_docx(tmp_path / "b.docx", [
        ("title", "Dialogmöten hösten 2025"), ("h1", "Arvika 3 oktober 2025"), ("h2", "Bord 1"),
        ("bullet", "Brist på lärare"), ("h1", "Torsby 10 oktober 2025"), ("h2", "Bord 1"), ("bullet", "Vägarna")]))
    assert df[["meeting", "table", "date"]].values.tolist() == [
        ["Arvika 3 oktober 2025", "Bord 1", "2025-10-03"], ["Torsby 10 oktober 2025", "Bord 1", "2025-10-10"]]


def test_markdown_bord_headings_at_level_1_are_tables(tmp_path):
    path = tmp_path / "m.md"
    path.write_text("---\ntitle: Arbetsmöte 13 januari 2025\n---\n# Bord 1\n- Bussar\n# Bord 2\n- Vård\n",
                    encoding="utf-8")
    df = read_contributions(path)
    assert df[["meeting", "table"]].values.tolist() == [
        ["Arbetsmöte 13 januari 2025", "Bord 1"], ["Arbetsmöte 13 januari 2025", "Bord 2"]]
    path.write_text("# Bord 1\n- Bussar\n# Bord 2\n- Vård\n", encoding="utf-8")
    df = read_contributions(path)
    assert df[["meeting", "table"]].values.tolist() == [["m", "Bord 1"], ["m", "Bord 2"]]


# --------------------------------------------------------------------------- Markdown / TXT

MD = """# Arbetsmöte 13 januari 2025

Intro: vi samlades i Karlstad.
Närvarande: 120 deltagare

## Bord 1
- Brist på undersköterskor
* Bussarna går för sällan
1. Bostäder för unga
• Elnätet räcker inte

**Bord 2**
Psykisk ohälsa bland unga

Jan Ohlsson, utbildningssamordnare på Hammarö kommun

– Jag är skolmänniska.
- efter citatet
"""


def test_markdown_headings_bullets_lines_and_attribution(tmp_path):
    path = tmp_path / "m.md"
    path.write_text(MD, encoding="utf-8")
    df = read_contributions(path)
    assert texts(df) == ["Brist på undersköterskor", "Bussarna går för sällan", "Bostäder för unga",
                         "Elnätet räcker inte", "Psykisk ohälsa bland unga", "– Jag är skolmänniska.", "efter citatet"]
    assert df["source_row"].tolist() == [7, 8, 9, 10, 13, 17, 18]
    assert df["table"].tolist() == ["Bord 1"] * 4 + ["Bord 2"] * 3
    assert df.loc[5, ["speaker", "role", "organisation"]].tolist() == [
        "Jan Ohlsson", "utbildningssamordnare", "Hammarö kommun"]
    assert df.loc[6, "speaker"] == ""
    assert set(df["date"]) == {"2025-01-13"}


def test_txt_every_nonblank_line_is_a_note(tmp_path):
    path = tmp_path / "bord3.txt"
    path.write_bytes("Vården saknar folk\n\n   \nSFI funkar i Arvika\n".encode("cp1252"))
    df = read_contributions(path)
    assert texts(df) == ["Vården saknar folk", "SFI funkar i Arvika"]
    assert df["source_row"].tolist() == [1, 4]
    assert df["meeting"].tolist() == ["bord3", "bord3"] and df["table"].tolist() == ["", ""]


# --------------------------------------------------------------------------- JSONL / DataFrame

def test_jsonl(tmp_path):
    path = tmp_path / "n.jsonl"
    lines = [json.dumps({"anteckning": "Elnät", "bord": 2, "datum": "20250113"}, ensure_ascii=False), "",
             json.dumps({"anteckning": None, "bord": 3}), json.dumps("bara text")]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    df = read_contributions(path)
    assert texts(df) == ["Elnät", "", "bara text"]
    assert df["source_row"].tolist() == [1, 3, 4]
    assert df["table"].tolist() == ["2", "3", ""] and df.loc[0, "date"] == "2025-01-13"


@pytest.mark.parametrize(("line", "match"), [("{not json", "line 2 is not valid JSON"),
                                             ("[1, 2]", "line 2 is a JSON list")])
def test_jsonl_bad_line_names_the_line(tmp_path, line, match):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "ok"}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=match):
        read_contributions(path)


def test_dataframe_input_only_maps_columns():
    frame = pd.DataFrame({"Anteckning": ["a", None, "  "], "Bord": [1, 2, None], "Möte": ["M", "M", ""]})
    df = read_contributions(frame, meeting="X")
    assert texts(df) == ["a", "", ""] and df["table"].tolist() == ["1", "2", ""]
    assert df["meeting"].tolist() == ["M", "M", "X"] and df["source_row"].tolist() == [1, 2, 3]


# --------------------------------------------------------------------------- folders and metadata

def test_folder_is_recursive_sorted_and_skips_hidden_and_lock_files(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / "b.txt").write_text("B\n", encoding="utf-8")
    (tmp_path / "sub" / "a.md").write_text("- A\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("A0\n", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("no\n", encoding="utf-8")
    (tmp_path / ".git" / "x.txt").write_text("no\n", encoding="utf-8")
    (tmp_path / "~$lock.docx").write_bytes(b"junk")
    (tmp_path / "README.md").write_text("no\n", encoding="utf-8")
    (tmp_path / "bild.png").write_bytes(b"\x89PNG")
    df = read_contributions(str(tmp_path))
    assert texts(df) == ["A0", "B", "A"]
    inputs = df.attrs["inputs"]
    assert [Path(i["path"]).name for i in inputs] == ["a.txt", "b.txt", "a.md"]
    assert inputs[0]["sha256"] == file_sha256(tmp_path / "a.txt") and inputs[0]["rows"] == 1
    assert describe_inputs(str(tmp_path)) == inputs


def test_same_file_twice_is_read_once(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("x\n", encoding="utf-8")
    assert len(read_contributions([path, tmp_path])) == 1


# --------------------------------------------------------------------------- errors

def test_missing_path(tmp_path):
    with pytest.raises(InputError, match="input not found: .*nope.csv; check the path"):
        read_contributions(tmp_path / "nope.csv")


def test_folder_without_supported_files_names_extensions(tmp_path):
    (tmp_path / "bild.png").write_bytes(b"x")
    with pytest.raises(InputError, match=r"no supported files in folder .*\.csv, .*\.docx"):
        read_contributions(tmp_path)


@pytest.mark.parametrize(("name", "hint"), [("a.xls", "save it as .xlsx"), ("a.doc", "save it as .docx"),
                                             ("a.pdf", ".txt or .docx"), ("a.foo", "use one of .csv")])
def test_unsupported_extension(tmp_path, name, hint):
    (tmp_path / name).write_bytes(b"x")
    with pytest.raises(InputError, match=f"unsupported file type .*{hint}"):
        read_contributions(tmp_path / name)


@pytest.mark.parametrize("name", ["trasig.xlsx", "trasig.docx"])
def test_corrupt_office_files(tmp_path, name):
    (tmp_path / name).write_bytes(b"PK\x03\x04 this is not a zip")
    with pytest.raises(InputError, match=r"cannot open .*trasig.*re-save it"):
        read_contributions(tmp_path / name)


def test_csv_without_text_column_names_columns_and_option(tmp_path):
    path = write_csv(tmp_path / "n.csv", [["Fråga", "Poäng"], ["q", "3"]])
    with pytest.raises(InputError) as info:
        read_contributions(path)
    message = str(info.value)
    assert "'Fråga', 'Poäng'" in message and "--text-column NAME" in message and "\n" not in message


def test_undecodable_file(tmp_path):
    path = tmp_path / "binär.csv"
    path.write_bytes(bytes(range(256)) * 20)
    with pytest.raises(InputError, match="cannot decode .*binär.csv"):
        read_contributions(path)


def test_all_error_messages_are_one_line(tmp_path):
    (tmp_path / "a.xls").write_bytes(b"x")
    for bad in [tmp_path / "missing", tmp_path / "a.xls"]:
        with pytest.raises(InputError) as info:
            read_contributions(bad)
        assert "\n" not in str(info.value)


# --------------------------------------------------------------------------- module and corpora

def test_import_does_not_load_office_libraries():
    code = "import sys, nlp_varmland.io; assert not {'openpyxl', 'docx'} & set(sys.modules)"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
    assert ".csv" in SUPPORTED_EXTENSIONS and ".docx" in SUPPORTED_EXTENSIONS


def test_sample_meetings_read_as_expected():
    df = read_contributions(CORPORA / "meetings")
    assert len(df) >= 200
    per_file = {Path(i["path"]).name: i["rows"] for i in df.attrs["inputs"]}
    assert per_file == {"arbetsmote-2025-01-13.csv": 68, "arbetsmote-2025-05-20.xlsx": 61,
                        "konferens-2024-10-09.md": 41, "konferens-2025-10-08.docx": 50}
    assert set(df["meeting"]) == {"Arbetsmöte 13 januari 2025", "Arbetsmöte 20 maj 2025",
                                  "Värmlandsstrategins konferens 9 oktober 2024",
                                  "Värmlandsstrategins konferens 8 oktober 2025"}
    assert sorted(df["date"].unique()) == ["2024-10-09", "2025-01-13", "2025-05-20", "2025-10-08"]
    assert (df["text"] == "").sum() == 4  # empty notes are kept as rows
    assert df["text"].str.contains("19850709-1232").any() and df["text"].str.contains("Eidskog").sum() == 1
    assert df["text"].duplicated().any()


def test_quotes_file_has_four_attributed_quotes():
    df = read_contributions(CORPORA / "quotes")
    assert df["speaker"].tolist() == ["Jan Ohlsson", "Klara Perhamre", "Caroline Blomstrand", "Mattias Säfström"]
    assert df["text"].str.startswith("– ").all() and set(df["date"]) == {"2025-01-13"}


def test_generated_corpora_match_the_script(tmp_path):
    spec = importlib.util.spec_from_file_location("make_corpora", CORPORA / "make_corpora.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.write_csv(tmp_path / "a.csv")
    module.write_xlsx(tmp_path / "b.xlsx")
    module.normalise_zip(tmp_path / "b.xlsx")
    meetings = CORPORA / "meetings"
    assert (tmp_path / "a.csv").read_bytes() == (meetings / "arbetsmote-2025-01-13.csv").read_bytes()
    assert file_sha256(tmp_path / "b.xlsx") == file_sha256(meetings / "arbetsmote-2025-05-20.xlsx")


@pytest.mark.parametrize(("line", "is_table"), [
    ("Bord 3", True), ("Bord 3 – Kompetens", True), ("**Bord 4**", True), ("Grupp 2:", True),
    ("Bord 2 tyckte att bussarna går för sällan", False), ("Bordet var överens.", False),
])
def test_table_lines_in_documents(tmp_path, line, is_table):
    path = tmp_path / "d.md"
    path.write_text(f"## Bord 1\n{line}\n- en anteckning\n", encoding="utf-8")
    df = read_contributions(path)
    assert (df["table"].iloc[-1] != "Bord 1") is is_table
    assert (line in df["text"].tolist()) is not is_table


# --------------------------------------------------------------------------- hostile and careless input
# (issue 13 items 3 and 4, issue 15 items 1, 6, 7, 9, 10, 11, 14, 15)

def quality(df: pd.DataFrame) -> list[str]:
    return df["quality"].tolist()


def test_one_field_header_keeps_the_whole_line(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("Anteckning\nBrist på undersköterskor, sjuksköterskor och läkare i hela länet\n", encoding="utf-8")
    df = read_contributions(path)
    assert texts(df) == ["Brist på undersköterskor, sjuksköterskor och läkare i hela länet"]
    assert quality(df) == [""]


def test_unquoted_delimiter_in_the_text_is_joined_back_and_flagged(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("Bord;Anteckning\n1;Bussen går för sällan; särskilt på kvällar\n2;Tåget är bra\n3;Ok;\n",
                    encoding="utf-8")
    df = read_contributions(path)
    assert texts(df) == ["Bussen går för sällan; särskilt på kvällar", "Tåget är bra", "Ok"]
    assert quality(df) == ["extra_fields_joined", "", ""]  # a trailing delimiter is not text


def test_extra_fields_join_into_a_text_column_in_the_middle(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("Anteckning;Bord\nBrist på bostäder;lokaler;2\nBussar;3\n", encoding="utf-8")
    df = read_contributions(path)
    assert texts(df) == ["Brist på bostäder;lokaler", "Bussar"] and df["table"].tolist() == ["2", "3"]


def test_mixed_utf8_and_cp1252_lines_are_decoded_per_line(tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes("Bord;Anteckning\n1;Bristen på lärare är stor i Säffle\n".encode()
                     + "2;Tåget till Göteborg går för sällan\n".encode("cp1252")
                     + "3;Behöver fler bostäder för unga\n".encode())
    df = read_contributions(path)
    assert texts(df) == ["Bristen på lärare är stor i Säffle", "Tåget till Göteborg går för sällan",
                         "Behöver fler bostäder för unga"]
    assert quality(df) == ["", "mojibake_repaired", ""]


def test_utf8_read_once_as_cp1252_is_repaired(tmp_path):
    path = tmp_path / "a.csv"
    broken = "Behöver fler bostäder".encode().decode("cp1252")
    path.write_text(f"Bord;Anteckning\n1;{broken}\n2;Tåget går bra\n", encoding="utf-8")
    df = read_contributions(path)
    assert texts(df) == ["Behöver fler bostäder", "Tåget går bra"]
    assert quality(df) == ["mojibake_repaired", ""]


def test_unclosed_quote_does_not_swallow_the_rows_after_it(tmp_path):
    path = tmp_path / "a.csv"
    rows = "".join(f"{i};Anteckning nummer {i} om bussarna\n" for i in range(3, 8))
    path.write_text('Bord;Anteckning\n1;Första\n2;"Andra raden har ett citattecken\n' + rows, encoding="utf-8")
    df = read_contributions(path)
    assert len(df) == 7
    assert texts(df)[1] == "Andra raden har ett citattecken"
    assert texts(df)[2:] == [f"Anteckning nummer {i} om bussarna" for i in range(3, 8)]
    assert df["table"].tolist() == [str(i) for i in range(1, 8)]
    assert quality(df) == [""] + ["quote_unclosed"] * 6


def test_quoted_multiline_note_is_still_one_row(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text('Bord;Anteckning\n1;"Brist på:\n- bostäder\n- bussar"\n2;Tåget\n', encoding="utf-8")
    df = read_contributions(path)
    assert texts(df) == ["Brist på:\n- bostäder\n- bussar", "Tåget"] and quality(df) == ["", ""]


def test_quoted_note_whose_lines_hold_the_delimiter_is_not_taken_for_swallowed_rows(tmp_path):
    path = write_csv(tmp_path / "a.csv", [["Bord", "Anteckning"], ["1", "\n;\n;"], ["2", "x;\ny;\nz"]],
                     encoding="utf-8")
    df = read_contributions(path)
    assert texts(df) == [";\n;", "x;\ny;\nz"] and quality(df) == ["", ""]


def test_nul_bytes_are_removed_and_flagged(tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes(b"Bord;Anteckning\n1;Bus\x00sen g\xc3\xa5r s\xc3\xa4llan\n2;T\xc3\xa5get\n")
    df = read_contributions(path)
    assert texts(df) == ["Bussen går sällan", "Tåget"] and quality(df) == ["nul_removed", ""]
    assert not df["text"].str.contains("\x00").any()


def test_long_note_is_cut_and_flagged(tmp_path):
    from nlp_varmland.io import Limits

    path = tmp_path / "a.csv"
    path.write_text("Bord;Anteckning\n1;" + "bussar " * 100 + "\n2;kort\n", encoding="utf-8")
    df = read_contributions(path, limits=Limits(max_note_chars=50))
    assert len(df.loc[0, "text"]) == 50 and quality(df) == ["truncated", ""]


def test_huge_csv_field_is_one_line_not_a_csv_error(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text('Bord;Anteckning\n1;"' + "x" * 1_200_000 + '"\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"line 2 is longer than 1,000,000 characters") as info:
        read_contributions(path)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(("limit", "content", "message"), [
    ("max_rows", "Anteckning\n" + "rad\n" * 20, "more than 10 rows"),
    ("max_columns", "Anteckning;" + ";".join(f"k{i}" for i in range(30)) + "\nx\n", "columns, more than"),
    ("max_file_bytes", "Anteckning\n" + "en rad\n" * 10, "larger than 10 bytes"),
    ("max_line_chars", "Anteckning\n" + "y" * 50 + "\n", "longer than 10 characters"),
])
def test_limits_each_give_one_clear_line(tmp_path, limit, content, message):
    from nlp_varmland.io import Limits

    path = tmp_path / "a.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message) as info:
        read_contributions(path, limits=Limits(**{limit: 10}))
    assert limit in str(info.value) and "\n" not in str(info.value)


def test_limits_must_be_positive():
    from nlp_varmland.io import Limits

    with pytest.raises(InputError, match="max_rows must be a positive integer"):
        Limits(max_rows=0).validate()


def test_a_million_empty_cells_read_fast_and_every_row_counted(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("Bord;Anteckning\n" + "1;\n" * 50_000, encoding="utf-8")
    df = read_contributions(path)
    assert len(df) == 50_000 and (df["text"] == "").all()  # timing: benchmarks/fuzz.py --million


@pytest.mark.parametrize("content", ["Bord;Anteckning\n", "", "\n\n"])
def test_header_only_or_empty_csv_is_one_line(tmp_path, content):
    path = tmp_path / "a.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match="no notes found in"):
        read_contributions(path)


def test_header_only_xlsx_is_one_line(tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx", {"Blad1": [["Bord", "Anteckning"]]})
    with pytest.raises(InputError, match="no notes found in"):
        read_contributions(path)


def test_markdown_comments_html_and_fenced_code_are_not_notes(tmp_path):
    path = tmp_path / "m.md"
    path.write_text("# Möte 3 maj 2025\n## Bord 1\n<!-- Internt: ring Anna Svensson om lokalen -->\n"
                    "- Bussen går för sällan\n<!--\nflera rader\n-->\n<div>\nett html-block\n</div>\n\n"
                    "```\n# inte ett möte\nkod\n```\n- Tåget är bra <!-- inline -->\n", encoding="utf-8")
    df = read_contributions(path)
    assert texts(df) == ["Bussen går för sällan", "Tåget är bra"]
    assert set(df["meeting"]) == {"Möte 3 maj 2025"}
    assert not df["text"].str.contains("Anna|-->|kod|html").any()


def _zip_with(path: Path, replace: dict[str, bytes]) -> Path:
    """A copy of the zip at ``path`` with some parts replaced or added."""
    import zipfile

    src = zipfile.ZipFile(path)
    parts = {i.filename: src.read(i) for i in src.infolist()}
    src.close()
    parts.update(replace)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return path


def test_xlsx_archive_bomb_is_refused_before_any_xml_is_parsed(tmp_path, monkeypatch):
    # Refused from the zip directory alone, so it takes no time (docs/fuzz.md: < 1 s); the
    # workbook parser must never be reached.
    import openpyxl

    path = write_xlsx(tmp_path / "bomb.xlsx", {"Blad1": [["Anteckning"], ["x"]]})
    _zip_with(path, {"xl/worksheets/sheet2.xml": b" " * (40 * 1024 * 1024)})  # 40 MB of blanks, ~40 KB zipped

    def parse(*args, **kwargs):
        raise AssertionError("the workbook was parsed")

    monkeypatch.setattr(openpyxl, "load_workbook", parse)
    with pytest.raises(InputError, match="archive bomb") as info:
        read_contributions(path)
    assert "Word" not in str(info.value) and "\n" not in str(info.value)


def test_docx_archive_bomb_is_not_told_to_resave_from_word(tmp_path):
    path = write_docx(tmp_path / "bomb.docx", [("para", "x")])
    _zip_with(path, {"word/media/big.xml": b"<a>" + b"a" * (600 * 1024 * 1024 // 16) * 16 + b"</a>"})
    with pytest.raises(InputError, match="archive bomb") as info:
        read_contributions(path)
    assert "re-save it" not in str(info.value)


XXE = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>')


def test_xlsx_external_entity_is_refused_and_never_read(tmp_path, monkeypatch):
    import zipfile

    path = write_xlsx(tmp_path / "x.xlsx", {"Blad1": [["Anteckning"], ["PLACEHOLDER"]]})
    sheet = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml")
    body = sheet.split(b"?>", 1)[1] if sheet.startswith(b"<?xml") else sheet
    evil = XXE + body.replace(b'<c r="A2" t="inlineStr"><is><t>PLACEHOLDER</t></is></c>',
                              b'<c r="A2" t="inlineStr"><is><t>&e;</t></is></c>')
    _zip_with(path, {"xl/worksheets/sheet1.xml": evil})
    _assert_entity_refused_and_never_read(path, monkeypatch)


def test_docx_external_entity_is_refused_and_never_read(tmp_path, monkeypatch):
    import zipfile

    path = write_docx(tmp_path / "x.docx", [("para", "PLACEHOLDER")])
    doc = zipfile.ZipFile(path).read("word/document.xml")
    body = doc.split(b"?>", 1)[1] if doc.startswith(b"<?xml") else doc
    _zip_with(path, {"word/document.xml": XXE + body.replace(b"PLACEHOLDER", b"&e;")})
    _assert_entity_refused_and_never_read(path, monkeypatch)


def test_deeply_nested_jsonl_is_one_line(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text('{"text": "ok"}\n' + '{"a": ' * 5000 + "1" + "}" * 5000 + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="line 2 nests deeper than 100 levels"):
        read_contributions(path)


def test_jsonl_object_with_empty_text_is_still_a_row(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text('{"text": "Bussar"}\n{"text": ""}\n{"text": "Tåg"}\n', encoding="utf-8")
    df = read_contributions(path)
    assert texts(df) == ["Bussar", "", "Tåg"] and df["source_row"].tolist() == [1, 2, 3]


# --------------------------------------------------------------------------- special files

def test_fifo_is_refused_not_read(tmp_path):
    import os

    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="FIFO"):
        read_contributions(fifo)
    (tmp_path / "a.csv").write_text("Anteckning\nBussar går sällan\n", encoding="utf-8")
    assert texts(read_contributions(tmp_path)) == ["Bussar går sällan"]  # in a folder: skipped


def test_symlink_to_dev_zero_is_refused(tmp_path):
    link = tmp_path / "zero.csv"
    link.symlink_to("/dev/zero")
    with pytest.raises(InputError, match="a device, not a regular file"):
        read_contributions(link)


def test_build_report_scan_skips_special_files(tmp_path):
    import os

    from nlp_varmland.pipeline import _is_meeting_unit

    os.mkfifo(tmp_path / "pipe.csv")
    (tmp_path / "zero.csv").symlink_to("/dev/zero")
    (tmp_path / "ok.csv").write_text("Anteckning\nx\n", encoding="utf-8")
    units = [p.name for p in sorted(tmp_path.iterdir()) if _is_meeting_unit(p, set(SUPPORTED_EXTENSIONS))]
    assert units == ["ok.csv"]


def test_symlink_loop_and_broken_link_say_what_they_are(tmp_path):
    loop = tmp_path / "loop.csv"
    loop.symlink_to(loop)
    with pytest.raises(InputError, match="symlink loop"):
        read_contributions(loop)
    broken = tmp_path / "broken.csv"
    broken.symlink_to(tmp_path / "gone.csv")
    with pytest.raises(InputError, match="broken symlink"):
        read_contributions(broken)


# --------------------------------------------------------------------------- goal files as hostile input

def _goal_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "g.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_goal_file_python_tag_is_one_line(tmp_path):
    from nlp_varmland.errors import GoalFileError
    from nlp_varmland.goals import load_goals, validate_goals_file

    path = _goal_file(tmp_path, "name: x\ngoals:\n  - id: a\n    name: !!python/object/apply:os.system ['echo pwned']\n"
                                "    description: d\n")
    with pytest.raises(GoalFileError, match=r"g.yaml:4: YAML tag not allowed") as info:
        load_goals(path)
    assert "\n" not in str(info.value)
    assert validate_goals_file(path) == [f"{path}:4: YAML tag not allowed (!!python/object/apply:os.system); "
                                         "a goal file holds only text, lists and mappings"]


def test_goal_file_nested_2000_levels_is_one_line(tmp_path):
    from nlp_varmland.errors import GoalFileError
    from nlp_varmland.goals import load_goals

    path = _goal_file(tmp_path, "name: x\ngoals: " + "[" * 2000 + "]" * 2000 + "\n")
    with pytest.raises(GoalFileError, match="nested deeper than 100 levels"):
        load_goals(path)
    path = _goal_file(tmp_path, "name: x\ngoals:\n" + "".join("  " * i + f"- k{i}:\n" for i in range(1200)))
    with pytest.raises(GoalFileError):
        load_goals(path)


def test_goal_show_and_validate_strip_terminal_escapes(tmp_path):
    from nlp_varmland.goals import format_tree, load_goals, validate_goals_file

    esc = "\\e]0;pwned\\a\\e[2J"  # YAML escapes for ESC and BEL inside double quotes
    path = _goal_file(tmp_path, f'name: "x{esc}"\ngoals:\n  - id: a\n    name: "Bostäder{esc}"\n'
                                f'    description: d\n  - id: b\n    name: n\n    description: d\n    "bad{esc}": 1\n')
    problems = validate_goals_file(path)
    assert problems and not any("\x1b" in p or "\x07" in p for p in problems)
    path = _goal_file(tmp_path, f'name: "x{esc}"\ngoals:\n  - id: a\n    name: "Bostäder{esc}"\n    description: d\n')
    tree = format_tree(load_goals(path))
    assert "Bostäder" in tree and "\x1b" not in tree and "\x07" not in tree


def test_goal_file_problem_with_a_line_break_in_a_value_is_still_one_line(tmp_path):
    from nlp_varmland.goals import validate_goals_file

    path = _goal_file(tmp_path, "goals:\n- id: '0\n\n    0'\nname: ''\n")  # found by benchmarks/fuzz.py
    problems = validate_goals_file(path)
    assert any("bad id '0 0'" in p for p in problems) and all("\n" not in p for p in problems)


def test_goal_file_fifo_is_one_line(tmp_path):
    import os

    from nlp_varmland.errors import GoalFileError
    from nlp_varmland.goals import load_goals

    os.mkfifo(tmp_path / "g.yaml")
    with pytest.raises(GoalFileError, match="not a regular file"):
        load_goals(tmp_path / "g.yaml")


# --------------------------------------------------------------------------- challenges: long notes

def test_find_cues_on_a_long_note_matches_the_short_note_repeated():
    from nlp_varmland.challenges import find_cues, load_cues

    cues = load_cues()
    one = "Det är inte svårt att hitta personal, men det är brist på bostäder. Vi borde bygga mer. "
    short = [(m.text, m.score, m.negated) for m in find_cues(one, cues)]
    long = [(m.text, m.score, m.negated) for m in find_cues(one * 3000, cues)]
    assert len(short) >= 2 and long == short * 3000


# --------------------------------------------------------------------------- end to end

def test_repaired_rows_reach_notes_csv_and_the_report(tmp_path):
    from click.testing import CliRunner

    from nlp_varmland.cli import main

    path = tmp_path / "a.csv"
    path.write_text("Bord;Anteckning\n1;Bussen går för sällan; särskilt på kvällar\n"
                    "2;Det saknas bostäder för unga i Säffle\n3;\"Brist på undersköterskor i hela länet\n"
                    "4;Vården saknar folk på landsbygden\n5;Elnätet räcker inte till industrin\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["analyze", str(path), "--out", str(out), "-q", "--embedder", "tfidf"])
    assert result.exit_code == 0, result.output
    notes = pd.read_csv(out / "notes.csv", keep_default_na=False)
    by_row = notes.groupby("source_row")["quality"].first().to_dict()
    assert by_row == {1: "extra_fields_joined", 2: "", 3: "quote_unclosed", 4: "quote_unclosed", 5: "quote_unclosed"}
    assert set(notes["status"]) <= {"kept", "duplicate", "empty", "too_short", "not_swedish"}
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "avgränsare i texten" in html and "ostängt citattecken" in html


@pytest.mark.parametrize(("args", "message"), [
    (["analyze", "{fifo}", "--out", "{out}"], "FIFO"),
    (["analyze", "{loop}", "--out", "{out}"], "symlink loop"),
    (["analyze", "{empty}", "--out", "{out}"], "no notes found"),
    (["goals", "validate", "{tagged}"], "YAML tag not allowed"),
    (["goals", "show", "{tagged}"], "YAML tag not allowed"),
])
def test_cli_hostile_inputs_are_one_line_and_exit_1(tmp_path, args, message):
    import os

    from click.testing import CliRunner

    from nlp_varmland.cli import main

    os.mkfifo(tmp_path / "pipe.csv")
    (tmp_path / "loop.csv").symlink_to(tmp_path / "loop.csv")
    (tmp_path / "empty.csv").write_text("Bord;Anteckning\n", encoding="utf-8")
    (tmp_path / "g.yaml").write_text("name: x\ngoals:\n  - id: a\n    name: !!python/object/apply:os.system ['true']\n"
                                     "    description: d\n", encoding="utf-8")
    names = {"fifo": tmp_path / "pipe.csv", "loop": tmp_path / "loop.csv", "empty": tmp_path / "empty.csv",
             "tagged": tmp_path / "g.yaml", "out": tmp_path / "out"}
    result = CliRunner().invoke(main, [a.format(**names) for a in args])
    assert result.exit_code == 1 and message in result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) <= 2


def _assert_entity_refused_and_never_read(path, monkeypatch):
    """The archive check refuses the DTD; without it, the parser itself (defusedxml) must refuse
    the entity, so /etc/passwd ("root:") never reaches a note or a message."""
    from nlp_varmland.io import archive

    with pytest.raises(InputError, match="DTD"):
        read_contributions(path)
    monkeypatch.setattr(archive, "check_archive", lambda *a, **k: None)
    try:
        df = read_contributions(path)
    except InputError as exc:
        assert "root:" not in str(exc)
    else:
        assert not df["text"].str.contains("root:").any()

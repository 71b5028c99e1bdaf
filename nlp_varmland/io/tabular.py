"""Tabular inputs: csv/tsv (delimiter sniffed), xlsx (every sheet) and jsonl, into RAW rows.

A title row above the header is allowed; the header is the first row with a text column
(names in ``data/column_names.yaml``). A one-column file is all text.

>>> rows = _tabular_rows([["Bord", "Anteckning"], ["2", "Bussen går för sällan"]],
...                      label="a.csv", stem="a", text_column=None, meeting=None)
>>> rows[0]["table"], rows[0]["text"], rows[0]["meeting"]
('2', 'Bussen går för sällan', 'a')
"""
from __future__ import annotations

import csv
import datetime as _dt
import io as _stdio
import json
import re
from pathlib import Path
from typing import Any

from nlp_varmland.errors import InputError
from nlp_varmland.io.columns import _map_columns
from nlp_varmland.io.dates import _find_date, _to_iso_date


def _csv_records(text: str, *, tab: bool = False) -> list[list[str]]:
    lines = text.splitlines(keepends=True)
    delimiter = None
    if lines and re.match(r"^\s*sep=(.)\s*$", lines[0], re.I):  # Excel's "sep=;" first line
        delimiter = re.match(r"^\s*sep=(.)", lines[0], re.I).group(1)  # type: ignore[union-attr]
        text = "".join(lines[1:])
    if delimiter is None:
        delimiter = _sniff_delimiter(text, prefer_tab=tab)
    reader = csv.reader(_stdio.StringIO(text, newline=""), delimiter=delimiter)
    return [[c.replace("\r\n", "\n").replace("\r", "\n") for c in rec] for rec in reader]


def _sniff_delimiter(text: str, *, prefer_tab: bool = False) -> str:
    """csv.Sniffer first; if its answer is not consistent with the header, count candidates."""
    sample = text[:65536]
    candidates = ["\t", ";", ",", "|"] if prefer_tab else [";", "\t", ",", "|"]

    def consistency(delim: str) -> tuple[float, int]:
        recs = [r for r in csv.reader(_stdio.StringIO(sample, newline=""), delimiter=delim) if r][:50]
        if not recs or len(recs[0]) < 2:
            return (0.0, 0)
        width = len(recs[0])
        body = recs[1:-1] or recs[1:] or recs  # the last record may be cut by the sample
        return (sum(len(r) == width for r in body) / len(body), width)

    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters="".join(candidates)).delimiter
        if consistency(sniffed)[0] >= 0.8:
            return sniffed
    except csv.Error:
        pass
    scored = [(consistency(d), -i, d) for i, d in enumerate(candidates)]
    best = max(scored)
    return best[2] if best[0][1] >= 2 else ","


def _read_xlsx(path: Path, label: str, *, text_column: str | None, meeting: str | None) -> list[dict[str, Any]]:
    """Every sheet of a workbook; the workbook's title property names the meeting when
    there is no meeting column and no ``meeting=`` (before the file stem)."""
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # zipfile.BadZipFile, InvalidFileException, KeyError, ...
        raise InputError(f"cannot open {label} as an Excel workbook ({type(exc).__name__}); "
                         "re-save it as .xlsx without a password") from None
    try:
        meeting = meeting or str(wb.properties.title or "").strip() or None
        sheets = []
        for ws in wb.worksheets:
            records = [[_cell(v) for v in row] for row in ws.iter_rows(values_only=True)]
            while records and not any(records[-1]):
                records.pop()
            if records:
                sheets.append((ws.title, records))
    finally:
        wb.close()
    # A sheet without a text column (e.g. "Instruktioner") is skipped when other sheets have one;
    # a one-column sheet counts as notes only when no sheet has a named text column.
    for one_column in (False, True):
        rows: list[dict[str, Any]] = []
        first_error: InputError | None = None
        for title, records in sheets:
            sheet_label = f"{label}#{title}" if len(sheets) > 1 else label
            default_table = "" if re.match(r"^(sheet|blad|ark|tabelle|feuil)\s*\d*$", title, re.I) else title
            try:
                rows.extend(_tabular_rows(records, label=sheet_label, stem=path.stem, text_column=text_column,
                                          meeting=meeting, default_table=default_table, one_column=one_column))
            except InputError as exc:
                first_error = first_error or exc
        if rows or not sheets:
            return rows
    assert first_error is not None
    raise first_error


def _read_jsonl(text: str, label: str, stem: str, *, text_column: str | None, meeting: str | None) -> list[dict[str, Any]]:
    objs: list[tuple[int, Any]] = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{label} line {n} is not valid JSON ({exc.msg}); write one JSON object per line") from None
        if not isinstance(obj, (dict, str)):
            raise InputError(f"{label} line {n} is a JSON {type(obj).__name__}, not an object; write one object per line")
        objs.append((n, obj))
    keys = list(dict.fromkeys(k for _, o in objs if isinstance(o, dict) for k in o))
    found = _map_columns(keys, text_column) if keys else None
    text_key = keys[found["text"]] if found else (text_column or "text")
    if text_key not in keys:
        keys.append(text_key)
    # A bare JSON string on a line is the text of that row.
    records = [keys] + [[_cell(o.get(k)) if isinstance(o, dict) else (o if k == text_key else "") for k in keys]
                        for _, o in objs]
    rows = _tabular_rows(records, label=label, stem=stem, text_column=text_column, meeting=meeting,
                         header_search=1)
    for row, (n, _) in zip(rows, objs):
        row["source_row"] = n
    return rows


def _tabular_rows(
    records: list[list[str]], *, label: str, stem: str, text_column: str | None, meeting: str | None,
    default_table: str = "", header_search: int = 10, keep_blank: bool = False, one_column: bool = True,
) -> list[dict[str, Any]]:
    """Header detection (a title row above the header is allowed), column mapping, one row per record."""
    nonempty = [i for i, r in enumerate(records) if any(c.strip() for c in r)]
    if not nonempty:
        return []
    if keep_blank:
        nonempty = [0]
    header_idx, mapping = nonempty[0], None
    for i in nonempty[:header_search]:
        mapping = _map_columns(records[i], text_column)
        if mapping is not None:
            header_idx = i
            break
    header = records[header_idx]
    if mapping is None and one_column and text_column is None and all(sum(1 for c in r if c.strip()) <= 1 for r in records):
        mapping = {"text": next(j for j, c in enumerate(header) if c.strip())}  # one column: it is the text
    if mapping is None:
        cols = ", ".join(repr(c.strip()) for c in header if c.strip()) or "(none)"
        if text_column:
            raise InputError(f"{label}: text column {text_column!r} not found; columns are {cols}")
        raise InputError(f"{label}: no text column found (columns: {cols}); "
                         f"name it with --text-column NAME (text_column= in Python)")
    title_date = next((d for i in nonempty if i < header_idx for d in map(_find_date, records[i]) if d), "")
    fallback_date = title_date or _find_date(meeting or "") or _find_date(stem)
    rows = []
    for i in range(header_idx + 1, len(records)):
        rec = records[i]
        if not keep_blank and not any(c.strip() for c in rec):
            continue  # a fully blank line is layout, not a contribution; numbering still counts it

        def get(field: str) -> str:
            j = mapping.get(field)
            return rec[j].strip() if j is not None and j < len(rec) else ""

        row_meeting = get("meeting")
        date = _to_iso_date(get("date")) or _find_date(row_meeting) or fallback_date
        rows.append({
            "source": label, "source_row": i - header_idx,
            "meeting": row_meeting or meeting or stem, "date": date,
            "table": get("table") or default_table, "speaker": get("speaker"), "role": get("role"),
            "organisation": get("organisation"), "text": get("text"),
        })
    return rows


def _cell(value: Any) -> str:
    """A spreadsheet/JSON value as text: None -> "", 3.0 -> "3", datetime -> ISO."""
    if value is None:
        return ""
    if isinstance(value, float) and value != value:  # NaN
        return ""
    if isinstance(value, _dt.datetime):
        return value.date().isoformat() if value.time() == _dt.time(0) else value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (list, tuple)):
        return "; ".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value).replace("\r\n", "\n").replace("\r", "\n")

"""Tabular inputs: csv/tsv (delimiter sniffed), xlsx (every sheet) and jsonl, into RAW rows.

A title row above the header is allowed; the header is the first row with a text column
(names in ``data/column_names.yaml``). A one-column file is all text. Every row between the
header and the last non-empty row is a row, a fully blank one (``;;;``) too: its text is ""
(status ``empty`` after cleaning) and it takes the meeting, date and table of the previous
non-blank row, else of the next one. Blank rows after the last data row are not rows.

>>> rows = _tabular_rows([["Bord", "Anteckning"], ["2", "Bussen går för sällan"]],
...                      label="a.csv", stem="a", text_column=None, meeting=None)
>>> rows[0]["table"], rows[0]["text"], rows[0]["meeting"]
('2', 'Bussen går för sällan', 'a')
"""
from __future__ import annotations

import bisect
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
from nlp_varmland.io.limits import DEFAULT_LIMITS, QUALITY_FLAGS, Limits


def _csv_records(
    lines: list[str], flags: dict[int, set[str]] | None = None, *, tab: bool = False, label: str = "input",
    limits: Limits = DEFAULT_LIMITS,
) -> tuple[list[list[str]], dict[int, set[str]], str]:
    """CSV lines (ending in ``\\n``) -> (records, {record index: quality flags}, the delimiter).

    The delimiter is sniffed (Excel's ``sep=;`` first line wins); a file whose lines have no
    delimiter is one column, whole lines. A quote that is never closed would swallow the rows
    after it: such a record is re-read line by line and flagged ``quote_unclosed``.

    >>> recs, fl, d = _csv_records(["Bord;Anteckning\\n", '1;"Bussen går\\n', "2;Tåget\\n"])
    >>> recs, fl, d
    ([['Bord', 'Anteckning'], ['1', 'Bussen går'], ['2', 'Tåget']], {1: {'quote_unclosed'}, 2: {'quote_unclosed'}}, ';')
    """
    flags = flags or {}
    max_line = limits.max_line_chars
    if any(len(line) > max_line for line in lines):
        n = next(i for i, line in enumerate(lines, 1) if len(line) > max_line)
        raise InputError(f"{label} line {n} is longer than {max_line:,} characters (the "
                         "max_line_chars limit); split the text or raise the limit")
    delimiter = None
    offset = 0
    if lines and re.match(r"^\s*sep=(.)\s*$", lines[0], re.I):  # Excel's "sep=;" first line
        delimiter = re.match(r"^\s*sep=(.)", lines[0], re.I).group(1)  # type: ignore[union-attr]
        offset = 1
    if delimiter is None:
        delimiter = _sniff_delimiter("".join(lines[:2000])[:65536], prefer_tab=tab)
    records: list[list[str]] = []
    spans: dict[int, tuple[int, int]] = {}  # multi-line records only: first and last line (0-based)
    old_limit = csv.field_size_limit()
    csv.field_size_limit(max(max_line, 1))
    reader = csv.reader(iter(lines[offset:] if offset else lines), delimiter=delimiter)
    prev = offset
    max_records = limits.max_rows + 10
    try:
        for rec in reader:
            last = reader.line_num - 1 + offset
            if last > prev:
                spans[len(records)] = (prev, last)
            records.append(rec)
            prev = last + 1
            if len(records) > max_records:
                raise InputError(f"{label} has more than {limits.max_rows:,} rows (the max_rows limit); "
                                 "split it or raise the limit")
    except csv.Error as exc:
        raise InputError(f"{label} line {reader.line_num + offset}: cannot read it as CSV ({exc}); "
                         "check the quotes on that line or raise the max_line_chars limit") from None
    finally:
        csv.field_size_limit(old_limit)
    widest = max(map(len, records), default=0)
    if widest > limits.max_columns:
        k = next(i for i, r in enumerate(records) if len(r) == widest)
        raise InputError(f"{label} line {spans.get(k, (k + offset,))[0] + 1} has {widest:,} columns, more than the "
                         f"max_columns limit ({limits.max_columns:,}); check the delimiter or raise the limit")
    # line of each record = its index + offset + the extra lines of the multi-line records before it
    rec_flags: dict[int, set[str]] = {}
    if not spans:
        for line_idx, fl in flags.items():
            if line_idx >= offset:
                rec_flags[line_idx - offset] = set(fl)
        return records, rec_flags, delimiter
    width = _usual_width(records, spans)
    out: list[list[str]] = []
    line = offset
    for k, rec in enumerate(records):
        first, last = spans.get(k, (line, line))
        if last > first and _swallowed(lines[first:last + 1], delimiter, width, at_end=k == len(records) - 1):
            for j in range(first, last + 1):  # an unclosed quote: re-read the region without quoting
                rec_flags[len(out)] = set(flags.get(j, ())) | {"quote_unclosed"}
                out.append(_unquoted(lines[j], delimiter))
        else:
            fl = set().union(*(flags.get(j, ()) for j in range(first, last + 1))) if flags else set()
            if fl:
                rec_flags[len(out)] = fl
            out.append(rec)
        line = last + 1
    return out, rec_flags, delimiter


def _usual_width(records: list[list[str]], spans: dict[int, tuple[int, int]]) -> int:
    """The most common field count of one-line records (the header's width in a sane file)."""
    from collections import Counter

    widths = Counter(len(r) for k, r in enumerate(records[:5000]) if k not in spans and r)
    if widths:
        return widths.most_common(1)[0][0]
    return len(records[0]) if records else 0


def _swallowed(span: list[str], delimiter: str, width: int, *, at_end: bool) -> bool:
    """A multi-line record that is really an unclosed quote followed by whole rows."""
    text = "".join(span)
    if at_end and text.count('"') % 2 == 1:
        return True  # the quote is still open at the end of the file
    if width < 2 or len(span) < 3:
        return False
    # A swallowed line looks like a row: the file's width, and a first cell like the record's own
    # ("3" after "2", "Möte A" after "Möte A"), never empty.
    shape = _shape(_unquoted(span[0], delimiter)[0])
    if shape == "empty":
        return False
    rows = 0
    for line in span[1:]:
        cells = _unquoted(line, delimiter)
        rows += len(cells) == width and _shape(cells[0]) == shape
    return rows >= max(2, (len(span) - 1) / 2)


def _shape(cell: str) -> str:
    cell = cell.strip()
    return "empty" if not cell else "number" if cell.isdigit() else "text"


def _unquoted(line: str, delimiter: str) -> list[str]:
    """One line split at the delimiter with quotes as plain characters (a lone quote is dropped)."""
    fields = line.rstrip("\n").split(delimiter)
    return [f[1:] if f.startswith('"') and f.count('"') % 2 else f for f in fields]


def _sniff_delimiter(text: str, *, prefer_tab: bool = False) -> str:
    """csv.Sniffer first; if its answer is not consistent with the header, count candidates.

    The header (the first line) decides when some candidate splits it; only when none does may
    a title row stand above the header. A file whose lines have none of the candidates is one
    column: the answer is then a character that does not occur, so each line is kept whole
    ("Brist på x, y och z").
    """
    sample = text[:65536]
    candidates = ["\t", ";", ",", "|"] if prefer_tab else [";", "\t", ",", "|"]

    def consistency(delim: str, title_row: bool) -> tuple[float, int]:
        recs = [r for r in csv.reader(_stdio.StringIO(sample, newline=""), delimiter=delim) if r][:50]
        if title_row and recs and len(recs[0]) < 2:
            recs = recs[1:]
        if not recs or len(recs[0]) < 2:
            return (0.0, 0)
        width = len(recs[0])
        body = recs[1:-1] or recs[1:] or recs  # the last record may be cut by the sample
        return (sum(len(r) == width for r in body) / len(body), width)

    old_limit = csv.field_size_limit()
    csv.field_size_limit(max(old_limit, len(sample) + 1))
    try:
        for title_row in (False, True):
            try:
                sniffed = csv.Sniffer().sniff(sample, delimiters="".join(candidates)).delimiter
                if consistency(sniffed, title_row)[0] >= 0.8:
                    return sniffed
            except csv.Error:
                pass
            scored = [(consistency(d, title_row), -i, d) for i, d in enumerate(candidates)]
            best = max(scored)
            if best[0][1] >= 2:
                return best[2]
    finally:
        csv.field_size_limit(old_limit)
    return next(ch for ch in ("\x1f", "\x1e", "\x1d", "\x1c", "\x07") if ch not in text)


def _read_xlsx(path: Path, label: str, *, text_column: str | None, meeting: str | None,
               limits: Limits = DEFAULT_LIMITS) -> list[dict[str, Any]]:
    """Every sheet of a workbook; the workbook's title property names the meeting when
    there is no meeting column and no ``meeting=`` (before the file stem).

    The archive is checked first (``archive.check_archive``: zip bombs, DTDs); the sheet XML
    is parsed by openpyxl through defusedxml.
    """
    import openpyxl

    from nlp_varmland.io.archive import check_archive

    check_archive(path, label, limits)
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # zipfile.BadZipFile, InvalidFileException, KeyError, ...
        raise InputError(f"cannot open {label} as an Excel workbook ({type(exc).__name__}); "
                         "re-save it as .xlsx without a password") from None
    try:
        meeting = meeting or str(wb.properties.title or "").strip() or None
        sheets = []
        n_rows = 0
        for ws in wb.worksheets:
            if hasattr(ws, "reset_dimensions"):
                ws.reset_dimensions()  # a forged <dimension ref="A1:XFD1048576"> must not pad every row
            records: list[list[str]] = []
            for row in ws.iter_rows(values_only=True):
                n_rows += 1
                if n_rows > limits.max_rows:
                    raise InputError(f"{label} has more than {limits.max_rows:,} rows (the max_rows limit); "
                                     "split it or raise the limit")
                if len(row) > limits.max_columns:
                    raise InputError(f"{label}#{ws.title} row {len(records) + 1} has {len(row):,} columns, more "
                                     f"than the max_columns limit ({limits.max_columns:,})")
                records.append([_cell(v) for v in row])
            while records and not any(records[-1]):
                records.pop()
            if records:
                sheets.append((ws.title, records))
    except InputError:
        raise
    except Exception as exc:  # ParseError, defusedxml's EntitiesForbidden, ValueError from a bad cell, ...
        raise InputError(f"cannot read {label}: its sheet XML is malformed or unsafe ({type(exc).__name__}); "
                         "re-save it from Excel as .xlsx") from None
    finally:
        wb.close()
    # A sheet without a text column (e.g. "Instruktioner") is skipped when other sheets have one;
    # a one-column sheet counts as notes only when no sheet has a named text column.
    first_error: InputError | None = None
    for one_column in (False, True):
        rows: list[dict[str, Any]] = []
        found_header = False
        for title, records in sheets:
            sheet_label = f"{label}#{title}" if len(sheets) > 1 else label
            default_table = "" if re.match(r"^(sheet|blad|ark|tabelle|feuil)\s*\d*$", title, re.I) else title
            try:
                rows.extend(_tabular_rows(records, label=sheet_label, stem=path.stem, text_column=text_column,
                                          meeting=meeting, default_table=default_table, one_column=one_column,
                                          limits=limits))
                found_header = True
            except InputError as exc:
                first_error = first_error or exc
        if rows or not sheets or found_header:
            return rows  # a header-only sheet: no rows, and read_contributions says so
    if first_error is not None:
        raise first_error
    return []


def _read_jsonl(text: str, label: str, stem: str, *, text_column: str | None, meeting: str | None,
                flags: dict[int, set[str]] | None = None, limits: Limits = DEFAULT_LIMITS) -> list[dict[str, Any]]:
    objs: list[tuple[int, Any]] = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        if len(line) > limits.max_line_chars:
            raise InputError(f"{label} line {n} is longer than {limits.max_line_chars:,} characters (the "
                             "max_line_chars limit); split the text or raise the limit")
        if _depth(line) > limits.max_depth:
            raise InputError(f"{label} line {n} nests deeper than {limits.max_depth} levels (the max_depth "
                             "limit); write one flat JSON object per line")
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{label} line {n} is not valid JSON ({exc.msg}); "
                             "write one JSON object per line") from None
        except RecursionError:
            raise InputError(f"{label} line {n} nests too deeply; write one flat JSON object per line") from None
        if not isinstance(obj, (dict, str)):
            raise InputError(f"{label} line {n} is a JSON {type(obj).__name__}, not an object; "
                             "write one object per line")
        objs.append((n, obj))
        if len(objs) > limits.max_rows:
            raise InputError(f"{label} has more than {limits.max_rows:,} rows (the max_rows limit); "
                             "split it or raise the limit")
    keys = list(dict.fromkeys(str(k) for _, o in objs if isinstance(o, dict) for k in o))
    if len(keys) > limits.max_columns:
        raise InputError(f"{label} has {len(keys):,} different keys, more than the max_columns limit "
                         f"({limits.max_columns:,}); write the same few keys on every line")
    found = _map_columns(keys, text_column) if keys else None
    text_key = keys[found["text"]] if found else (text_column or "text")
    if text_key not in keys:
        keys.append(text_key)
    # A bare JSON string on a line is the text of that row.
    records = [keys] + [[_cell(o.get(k)) if isinstance(o, dict) else (o if k == text_key else "") for k in keys]
                        for _, o in objs]
    flags = flags or {}
    rec_flags = {k: flags[n - 1] for k, (n, _) in enumerate(objs, 1) if n - 1 in flags}
    rows = _tabular_rows(records, label=label, stem=stem, text_column=text_column, meeting=meeting,
                         header_search=1, keep_blank=True, flags=rec_flags, limits=limits)
    for row, (n, _) in zip(rows, objs):
        row["source_row"] = n
    return rows


def _depth(line: str) -> int:
    """The deepest bracket nesting of a JSON line, outside strings (linear, no recursion)."""
    if line.count("[") + line.count("{") <= 8:
        return line.count("[") + line.count("{")
    depth = best = 0
    in_str = esc = False
    for ch in line:
        if in_str:
            if esc:
                esc = False
            elif ch == "\\":
                esc = True
            elif ch == '"':
                in_str = False
        elif ch == '"':
            in_str = True
        elif ch in "[{":
            depth += 1
            best = max(best, depth)
        elif ch in "]}":
            depth -= 1
    return best


def _tabular_rows(
    records: list[list[str]], *, label: str, stem: str, text_column: str | None, meeting: str | None,
    default_table: str = "", header_search: int = 10, keep_blank: bool = False, one_column: bool = True,
    joiner: str | None = None, flags: dict[int, set[str]] | None = None, limits: Limits = DEFAULT_LIMITS,
) -> list[dict[str, Any]]:
    """Header detection (a title row above the header is allowed), column mapping, one row per record.

    With ``joiner`` (the CSV delimiter), a row with more fields than the header had an unquoted
    delimiter in its text: the extra fields are joined back into the text and the row is flagged
    ``extra_fields_joined``; with a one-field header the whole line is the text. ``flags`` are
    the quality flags by record index; every row gets a ``quality`` value (``;``-joined flags).
    """
    nonempty: list[int] = []  # the first few non-blank records: the header is among them
    for i, r in enumerate(records):
        if "".join(r).strip():
            nonempty.append(i)
            if len(nonempty) >= max(header_search, 1):
                break
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
    if (mapping is None and one_column and text_column is None
            and all(sum(1 for c in r if c.strip()) <= 1 for r in records)):
        mapping = {"text": next(j for j, c in enumerate(header) if c.strip())}  # one column: it is the text
    if mapping is None:
        cols = ", ".join(repr(c.strip()) for c in header if c.strip()) or "(none)"
        if text_column:
            raise InputError(f"{label}: text column {text_column!r} not found; columns are {cols}")
        raise InputError(f"{label}: no text column found (columns: {cols}); "
                         f"name it with --text-column NAME (text_column= in Python)")
    title_date = next((d for i in nonempty if i < header_idx for d in map(_find_date, records[i]) if d), "")
    fallback_date = title_date or _find_date(meeting or "") or _find_date(stem)
    rows: list[dict[str, Any]] = []
    width = len(header)
    while width > 1 and not header[width - 1].strip():
        width -= 1  # trailing empty header cells (a trailing delimiter) are not columns
    flags = flags or {}
    jt, jm, jd, jtab = mapping["text"], mapping.get("meeting"), mapping.get("date"), mapping.get("table")
    jsp, jr, jo = mapping.get("speaker"), mapping.get("role"), mapping.get("organisation")
    max_note = limits.max_note_chars
    default_meeting = meeting or stem
    end = len(records)
    if not keep_blank:
        while end > header_idx + 1 and not "".join(records[end - 1]).strip():
            end -= 1  # blank rows after the last data row (Excel's used range) are no rows
    blanks: list[int] = []  # indices in ``rows`` of fully blank records
    for i in range(header_idx + 1, end):
        rec = records[i]
        if not keep_blank and not "".join(rec).strip():
            blanks.append(len(rows))  # a row of the table with nothing in it: status ``empty`` later
            rows.append({"source": label, "source_row": i - header_idx, "meeting": "", "date": "", "table": "",
                         "speaker": "", "role": "", "organisation": "", "text": "", "quality": ""})
            continue
        fl = flags.get(i)
        quality = set(fl) if fl else None
        n = len(rec)
        if joiner is not None and n > width and jt < width:
            while n > width and not rec[n - 1].strip():
                n -= 1  # trailing delimiters are not text
            if n > width:
                extra = n - width
                rec = rec[:jt] + [joiner.join(rec[jt:jt + extra + 1])] + rec[jt + extra + 1:]
                n = len(rec)
                if width > 1:
                    quality = (quality or set()) | {"extra_fields_joined"}
        text = rec[jt].strip() if jt < n else ""
        if "\x00" in text:  # a JSON "\u0000" or a DataFrame cell: NULs never reach the notes
            text = text.replace("\x00", "").strip()
            quality = (quality or set()) | {"nul_removed"}
        if len(text) > max_note:
            text = text[:max_note]
            quality = (quality or set()) | {"truncated"}
        row_meeting = rec[jm].strip() if jm is not None and jm < n else ""
        raw_date = rec[jd].strip() if jd is not None and jd < n else ""
        date = ((_to_iso_date(raw_date) if raw_date else "") or (_find_date(row_meeting) if row_meeting else "")
                or fallback_date)
        rows.append({
            "source": label, "source_row": i - header_idx,
            "meeting": row_meeting or default_meeting, "date": date,
            "table": (rec[jtab].strip() if jtab is not None and jtab < n else "") or default_table,
            "speaker": rec[jsp].strip() if jsp is not None and jsp < n else "",
            "role": rec[jr].strip() if jr is not None and jr < n else "",
            "organisation": rec[jo].strip() if jo is not None and jo < n else "",
            "text": text, "quality": _quality(quality) if quality else "",
        })
    _fill_blank_rows(rows, blanks)
    return rows


def _fill_blank_rows(rows: list[dict[str, Any]], blanks: list[int]) -> None:
    """A blank row sits in the block around it: the meeting, date and table of the previous
    non-blank row, else (blank rows right below the header) of the next one.

    >>> rows = [{"meeting": "", "date": "", "table": ""}, {"meeting": "A", "date": "2026-03-04", "table": "1"},
    ...         {"meeting": "", "date": "", "table": ""}, {"meeting": "B", "date": "", "table": "2"}]
    >>> _fill_blank_rows(rows, [0, 2]); [r["meeting"] + r["table"] for r in rows]
    ['A1', 'A1', 'A1', 'B2']
    """
    if not blanks:
        return
    blank = set(blanks)
    filled = [k for k in range(len(rows)) if k not in blank]
    for k in blanks:
        j = bisect.bisect_left(filled, k)
        source = rows[filled[j - 1]] if j > 0 else rows[filled[j]]
        for key in ("meeting", "date", "table"):
            rows[k][key] = source[key]


def _cap(text: str, limits: Limits, quality: set[str]) -> str:
    """A note cut to ``limits.max_note_chars`` (flagged ``truncated``)."""
    if len(text) > limits.max_note_chars:
        quality.add("truncated")
        return text[:limits.max_note_chars]
    return text


def _quality(flags: set[str] | None) -> str:
    """Flags in the fixed order of ``QUALITY_FLAGS`` joined by ``;``."""
    return ";".join(f for f in QUALITY_FLAGS if f in flags) if flags else ""


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

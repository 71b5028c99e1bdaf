"""Read workshop notes from csv/tsv/xlsx/docx/md/txt/jsonl files and folders into one RAW DataFrame.

>>> from nlp_varmland.io import read_contributions
>>> raw = read_contributions("corpora/meetings")                      # doctest: +SKIP
>>> raw[["meeting", "date", "table", "text"]].head()                 # doctest: +SKIP

One row per input row, in input order, never dropped: an empty cell gives ``text == ""``.
Per-file provenance for run.json is in ``raw.attrs["inputs"]`` (``[{path, sha256, rows}]``);
``describe_inputs`` returns the same list on its own.

Documents (docx, md, txt) follow one rule set, see ``_document_rows``:
headings give meeting (level 1 / Title) and table (level 2-3, or a short line such as "Bord 3");
bullets are always notes; ``Key: value`` lines such as "Närvarande: ..." or "Datum: ..." are
metadata, never notes; plain paragraphs before the first table heading are intro prose and not
notes when the document has table headings (when it has none, every plain line is a note); a line
"Förnamn Efternamn, roll på Organisation" followed by "– citat" lines is an attribution: it is not
a note and fills speaker/role/organisation of the quotes that follow.
"""
from __future__ import annotations

import csv
import datetime as _dt
import hashlib
import io as _stdio
import json
import os
import re
import unicodedata
from pathlib import Path, PurePath
from typing import Any, Iterable, Iterator, Sequence, Union

import pandas as pd

from nlp_varmland.errors import InputError

__all__ = ["read_contributions", "describe_inputs", "file_sha256", "SUPPORTED_EXTENSIONS", "COLUMNS"]

SUPPORTED_EXTENSIONS: tuple[str, ...] = (
    ".csv", ".tsv", ".tab", ".xlsx", ".xlsm", ".docx", ".md", ".markdown", ".txt", ".jsonl", ".ndjson",
)
COLUMNS: list[str] = ["source", "source_row", "meeting", "date", "table", "speaker", "role",
                      "organisation", "text"]

PathLike = Union[str, "os.PathLike[str]"]
Inputs = Union[PathLike, Sequence[PathLike], pd.DataFrame]

# Header names per field, compared after lowercasing and removing diacritics and punctuation.
# Order matters: the first alias found wins when a file has several candidate columns.
_ALIASES: dict[str, tuple[str, ...]] = {
    "text": ("text", "anteckning", "anteckningar", "kommentar", "kommentarer", "citat", "note",
             "notes", "synpunkt", "synpunkter", "inspel", "svar", "fritext", "comment", "comments",
             "statement", "utsaga"),
    "meeting": ("meeting", "mote", "motesnamn", "workshop", "tillfalle"),
    "table": ("table", "bord", "bordsnummer", "bordnr", "grupp", "group", "gruppnummer"),
    "date": ("date", "datum", "motesdatum"),
    "speaker": ("speaker", "deltagare", "namn", "name", "talare", "person"),
    "role": ("role", "roll", "titel", "title", "befattning", "yrkesroll"),
    "organisation": ("organisation", "organization", "org", "organisationer", "arbetsgivare",
                     "foretag"),
}
_UNSUPPORTED_HINTS = {
    ".xls": "save it as .xlsx in Excel", ".doc": "save it as .docx in Word",
    ".ods": "save it as .xlsx", ".odt": "save it as .docx", ".pdf": "copy the text into a .txt or .docx file",
    ".json": "write one JSON object per line as .jsonl", ".rtf": "save it as .docx",
}
_SKIP_IN_FOLDERS = re.compile(r"^(readme|license|licence|changelog)(\.|$)", re.I)

_MONTHS = {
    "januari": 1, "january": 1, "jan": 1, "februari": 2, "february": 2, "feb": 2, "mars": 3,
    "march": 3, "mar": 3, "april": 4, "apr": 4, "maj": 5, "may": 5, "mai": 5, "juni": 6, "june": 6,
    "jun": 6, "juli": 7, "july": 7, "jul": 7, "augusti": 8, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "oktober": 10, "october": 10, "okt": 10, "oct": 10, "november": 11,
    "nov": 11, "december": 12, "desember": 12, "dec": 12, "des": 12,
}
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"(?<!\d)(\d{4})[-/._](\d{1,2})[-/._](\d{1,2})(?!\d)"), "ymd"),
    (re.compile(r"(?<!\d)(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?!\d)"), "dmy"),
    (re.compile(rf"(?<!\d)(\d{{1,2}})(?::[ae]|\.)?[\s_-]+({_MONTH_RE})\.?[\s_-]+(\d{{4}})(?!\d)", re.I), "dMy"),
    (re.compile(rf"\b({_MONTH_RE})\.?\s+(\d{{1,2}}),?\s+(\d{{4}})(?!\d)", re.I), "Mdy"),
    (re.compile(r"(?<!\d)((?:19|20)\d{2})(\d{2})(\d{2})(?!\d)"), "ymd"),
]
_SHORT_DMY = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{2})$")
_EXCEL_SERIAL = re.compile(r"^\d{5}(\.\d+)?$")

_META_LINE = re.compile(
    r"^(närvarande|deltagare|datum|tid|plats|lokal|antecknat av|antecknare|sekreterare|"
    r"moderator|bordsvärd|bordsvärdar|facilitator|dokumenterat av|mötesledare|ansvarig|källa|källor|"
    r"fråga|frågeställning|tema|syfte|source)\s*:", re.I)
_PSEUDO_TABLE = re.compile(r"^(bord|grupp|group|table)\s*(nr\.?\s*)?\d+\s*([:–—-]\s*[^.!?]{0,40})?$", re.I)
_GENERIC_TITLE = re.compile(r"^(minnesanteckningar|anteckningar|protokoll|dokumentation|"
                            r"sammanställning)\W*$", re.I)
_BULLET = re.compile(r"^\s*(?:[-*+•▪◦]|\d{1,3}[.)])\s+")
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_RULE = re.compile(r"^\s*([=\-_*])\1{2,}\s*$")
_DASH_QUOTE = re.compile(r"^[–—]\s*\S")
_ATTRIBUTION = re.compile(
    r"^(?P<name>[A-ZÅÄÖÉÜ][\w'’-]+(?:[ -][A-ZÅÄÖÉÜ][\w'’-]+){1,3}),\s*(?P<rest>[^.!?]{2,160})$")
_ROLE_SPLIT = re.compile(r"\s+(?:på|i|vid|hos|at)\s+|,\s*")


# --------------------------------------------------------------------------- public API

def read_contributions(
    inputs: Inputs,
    *,
    text_column: str | None = None,
    meeting: str | None = None,
) -> pd.DataFrame:
    """Read files, folders or a DataFrame into the RAW table (see docs/ARCHITECTURE.md).

    ``text_column`` names the column that holds the note (any case/diacritics);
    ``meeting`` is used when a row has no meeting column value. Per-file metadata for
    run.json is in ``df.attrs["inputs"]`` as ``[{"path", "sha256", "rows"}]``.

    >>> raw = read_contributions(["corpora/meetings"], meeting=None)   # doctest: +SKIP
    >>> list(raw.columns)                                              # doctest: +SKIP
    ['source', 'source_row', 'meeting', 'date', 'table', 'speaker', 'role', 'organisation', 'text']
    """
    if isinstance(inputs, pd.DataFrame):
        return _from_frame(inputs, text_column=text_column, meeting=meeting)
    rows: list[dict[str, Any]] = []
    described: list[dict[str, Any]] = []
    for path, label in _expand(inputs):
        file_rows = _read_file(path, label, text_column=text_column, meeting=meeting)
        rows.extend(file_rows)
        described.append({"path": label, "sha256": file_sha256(path), "rows": len(file_rows)})
    df = _frame(rows)
    df.attrs["inputs"] = described
    return df


def _from_frame(frame: pd.DataFrame, *, text_column: str | None, meeting: str | None) -> pd.DataFrame:
    """A DataFrame in: only column mapping; ``source``/``source_row`` columns are kept when present."""
    header = [str(c) for c in frame.columns]
    records = [[_cell(v) for v in row] for row in frame.itertuples(index=False, name=None)]
    rows = _tabular_rows([header] + records, label="dataframe", stem="dataframe", text_column=text_column,
                         meeting=meeting, header_search=1, keep_blank=True)
    keys = [_norm(c) for c in header]
    for i, (row, rec) in enumerate(zip(rows, records), 1):
        row["source"] = rec[keys.index("source")] if "source" in keys else "dataframe"
        given = rec[keys.index("sourcerow")] if "sourcerow" in keys else ""
        row["source_row"] = int(given) if given.strip().isdigit() else i
    df = _frame(rows)
    df.attrs["inputs"] = []
    return df


def describe_inputs(paths: PathLike | Sequence[PathLike], *, text_column: str | None = None) -> list[dict[str, Any]]:
    """Per-file ``{"path", "sha256", "rows"}`` for run.json (reads the files once).

    >>> describe_inputs("corpora/meetings")[0]["rows"]                 # doctest: +SKIP
    68
    """
    return read_contributions(paths, text_column=text_column).attrs["inputs"]


def file_sha256(path: PathLike) -> str:
    """Hex SHA-256 of a file's bytes.

    >>> len(file_sha256("corpora/meetings/konferens-2024-10-09.md"))   # doctest: +SKIP
    64
    """
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


# --------------------------------------------------------------------------- files and folders

def _expand(inputs: PathLike | Sequence[PathLike]) -> Iterator[tuple[Path, str]]:
    """Yield (path, label) for every supported file; folders recursively and sorted."""
    items = [inputs] if isinstance(inputs, (str, os.PathLike)) else list(inputs)
    if not items:
        raise InputError("no input given; pass a file or folder (csv, xlsx, docx, md, txt, jsonl)")
    seen: set[Path] = set()
    for item in items:
        path = Path(item)
        label = PurePath(os.fspath(item)).as_posix()
        if not path.exists():
            raise InputError(f"input not found: {label}; check the path (quote names that contain spaces)")
        if path.is_dir():
            found = [p for p in sorted(path.rglob("*")) if p.is_file() and _wanted(p.relative_to(path))]
            if not found:
                raise InputError(f"no supported files in folder {label}; expected one of "
                                 f"{', '.join(SUPPORTED_EXTENSIONS)}")
            pairs = [(p, f"{label.rstrip('/')}/{p.relative_to(path).as_posix()}") for p in found]
        else:
            _check_extension(path, label)
            pairs = [(path, label)]
        for p, lab in pairs:
            key = p.resolve()
            if key not in seen:
                seen.add(key)
                yield p, lab


def _wanted(rel: PurePath) -> bool:
    if any(part.startswith(".") for part in rel.parts) or rel.name.startswith("~$"):
        return False
    return rel.suffix.lower() in SUPPORTED_EXTENSIONS and not _SKIP_IN_FOLDERS.match(rel.name)


def _check_extension(path: Path, label: str) -> None:
    ext = path.suffix.lower()
    if ext not in SUPPORTED_EXTENSIONS:
        hint = _UNSUPPORTED_HINTS.get(ext, f"use one of {', '.join(SUPPORTED_EXTENSIONS)}")
        raise InputError(f"unsupported file type {ext or '(none)'!r} for {label}; {hint}")


def _read_file(path: Path, label: str, *, text_column: str | None, meeting: str | None) -> list[dict[str, Any]]:
    ext = path.suffix.lower()
    stem = path.stem
    if ext in (".xlsx", ".xlsm"):
        return _read_xlsx(path, label, text_column=text_column, meeting=meeting)
    if ext == ".docx":
        return _document_rows(_docx_items(path, label), label=label, stem=stem, meeting=meeting)
    text = _decode(path.read_bytes(), label)
    if ext in (".md", ".markdown", ".txt"):
        return _document_rows(_text_items(text), label=label, stem=stem, meeting=meeting)
    if ext in (".jsonl", ".ndjson"):
        return _read_jsonl(text, label, stem, text_column=text_column, meeting=meeting)
    records = _csv_records(text, tab=ext in (".tsv", ".tab"))
    return _tabular_rows(records, label=label, stem=stem, text_column=text_column, meeting=meeting)


def _decode(data: bytes, label: str) -> str:
    """Bytes -> str: BOMs, then UTF-8, then cp1252 (Swedish Excel), then charset-normalizer."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    text: str | None = None
    try:
        text = data.decode("utf-8")
        if not data.isascii() and b"\x00" not in data:
            # Short cp1252 text can happen to be valid UTF-8 ("Ä–" -> "Ė"): keep the more Nordic reading.
            try:
                alt = data.decode("cp1252")
                if _nordic_share(alt) > _nordic_share(text):
                    text = alt
            except UnicodeDecodeError:
                pass
    except UnicodeDecodeError:
        if b"\x00" not in data:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                from charset_normalizer import from_bytes

                best = from_bytes(data).best()
                text = str(best) if best is not None else None
    if text is None or _looks_binary(text):
        raise InputError(f"cannot decode {label} as text; save it as UTF-8 (or as .xlsx/.docx if it is an Office file)")
    return text


_NORDIC = set("åäöÅÄÖéÉüÜæøÆØèàáíóú–—‘’“”•…§€½«»°")


def _nordic_share(text: str) -> float:
    """Share of non-ASCII characters that are ordinary in Swedish/Norwegian text."""
    other = [ch for ch in text if ord(ch) > 127]
    return sum(ch in _NORDIC for ch in other) / len(other) if other else 1.0


def _looks_binary(text: str) -> bool:
    sample = text[:20000]
    bad = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f")
    return bad > max(2, len(sample) // 200)


# --------------------------------------------------------------------------- tabular formats

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
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # zipfile.BadZipFile, InvalidFileException, KeyError, ...
        raise InputError(f"cannot open {label} as an Excel workbook ({type(exc).__name__}); "
                         "re-save it as .xlsx without a password") from None
    try:
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


def _map_columns(header: list[str], text_column: str | None) -> dict[str, int] | None:
    """field -> column index, or None when no text column is found in this header."""
    keys = [_norm(h) for h in header]
    firsts = [re.split(r"[^a-z0-9]+", _ascii(h).lower().strip())[0] if h.strip() else "" for h in header]
    mapping: dict[str, int] = {}
    used: set[int] = set()
    if text_column is not None:
        want = _norm(text_column)
        if want not in keys:
            return None
        mapping["text"] = keys.index(want)
        used.add(mapping["text"])
    for field, aliases in _ALIASES.items():
        if field in mapping:
            continue
        for candidates in (keys, firsts):
            j = next((candidates.index(a) for a in aliases if a in candidates and candidates.index(a) not in used), None)
            if j is not None:
                mapping[field] = j
                used.add(j)
                break
    return mapping if "text" in mapping else None


# --------------------------------------------------------------------------- documents

# An item is (source_row, kind, level, text); kind is "heading", "bullet" or "para".
_Item = tuple[int, str, int, str]


def _text_items(text: str) -> list[_Item]:
    items: list[_Item] = []
    lines = text.splitlines()
    start = 0
    if lines and lines[0].strip() == "---":  # YAML front matter: metadata, never notes
        end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
        if end is not None:
            for i in range(1, end):
                key, _, value = lines[i].partition(":")
                if _norm(key) in ("title", "meeting", "mote"):
                    items.append((i + 1, "heading", 1, value.strip().strip("\"'")))
                elif _norm(key) in ("date", "datum"):
                    items.append((i + 1, "para", 0, f"Datum: {value.strip()}"))
            start = end + 1
    for n in range(start, len(lines)):
        line = lines[n].rstrip()
        if not line.strip() or line.lstrip().startswith("<!--"):
            continue
        if _RULE.match(line):
            if line.strip()[0] in "=-" and items and items[-1][0] == n and items[-1][1] == "para":
                prev = items.pop()  # setext heading: the line above is the heading
                items.append((prev[0], "heading", 1 if line.strip()[0] == "=" else 2, prev[3]))
            continue
        m = _MD_HEADING.match(line)
        if m:
            items.append((n + 1, "heading", len(m.group(1)), m.group(2).strip()))
            continue
        stripped = line.strip()
        if stripped.startswith(">"):
            stripped = stripped.lstrip("> ").strip()
        b = _BULLET.match(stripped)
        if b:
            items.append((n + 1, "bullet", 0, stripped[b.end():].strip()))
        else:
            items.append((n + 1, "para", 0, stripped))
    return items


def _docx_items(path: Path, label: str) -> list[_Item]:
    import docx

    try:
        document = docx.Document(str(path))
    except Exception as exc:  # PackageNotFoundError, BadZipFile, KeyError, ...
        raise InputError(f"cannot open {label} as a Word document ({type(exc).__name__}); "
                         "re-save it as .docx from Word") from None
    items: list[_Item] = []
    for n, par in enumerate(document.paragraphs, 1):
        text = par.text.strip()
        if not text:
            continue
        style = (par.style.name if par.style is not None else "") or ""
        low = style.lower()
        m = re.match(r"^(heading|rubrik)\s*(\d)", low)
        if m:
            items.append((n, "heading", int(m.group(2)), text))
        elif low in ("title", "rubrik"):
            items.append((n, "heading", 1, text))
        elif low in ("subtitle", "underrubrik"):
            items.append((n, "para", 0, f"Datum: {text}" if _find_date(text) else f"Underrubrik: {text}"))
        elif "list" in low or "lista" in low or "punkt" in low or par._p.pPr is not None and par._p.pPr.numPr is not None:
            items.append((n, "bullet", 0, _BULLET.sub("", text, count=1)))
        else:
            b = _BULLET.match(text)  # bullets typed by hand ("- ", "• ")
            items.append((n, "bullet", 0, text[b.end():]) if b else (n, "para", 0, text))
    return items


def _document_rows(items: list[_Item], *, label: str, stem: str, meeting: str | None) -> list[dict[str, Any]]:
    """Turn headings, bullets and paragraphs into note rows (rules in the module docstring)."""

    def is_table_heading(it: _Item) -> bool:
        return (it[1] == "heading" and it[2] >= 2) or (it[1] == "para" and bool(_PSEUDO_TABLE.match(_plain(it[3]))))

    has_tables = any(is_table_heading(it) for it in items)
    doc_date = next((_find_date(it[3]) for it in items
                     if (it[1] == "heading" or _META_LINE.match(it[3])) and _find_date(it[3])), "")
    fallback_date = _find_date(meeting or "") or doc_date or _find_date(stem)
    cur_meeting, cur_date, table = "", "", ""
    who = ("", "", "")
    rows: list[dict[str, Any]] = []
    for k, (n, kind, level, text) in enumerate(items):
        text = text if kind != "heading" and not _PSEUDO_TABLE.match(_plain(text)) else _plain(text)
        if kind == "heading" and level <= 1:
            if not _GENERIC_TITLE.match(text):
                cur_meeting, cur_date, table = text, _find_date(text), ""
            who = ("", "", "")
            continue
        if is_table_heading(items[k]):
            table, who = text.rstrip(":").strip(), ("", "", "")
            continue
        if kind == "para" and _META_LINE.match(text):
            if text.lower().startswith("datum") and _find_date(text):
                cur_date = cur_date or _find_date(text)
            continue
        nxt = items[k + 1] if k + 1 < len(items) else None
        if kind == "para" and nxt is not None and _DASH_QUOTE.match(nxt[3]) and _ATTRIBUTION.match(text):
            who = _split_attribution(text)
            continue
        if not _DASH_QUOTE.match(text):
            who = ("", "", "")
        if kind == "para" and has_tables and not table and not _DASH_QUOTE.match(text):
            continue  # intro prose before the first table heading
        rows.append({
            "source": label, "source_row": n, "meeting": meeting or cur_meeting or stem,
            "date": cur_date or fallback_date, "table": table, "speaker": who[0], "role": who[1],
            "organisation": who[2], "text": text,
        })
    return rows


def _split_attribution(line: str) -> tuple[str, str, str]:
    """"Jan Ohlsson, utbildningssamordnare på Hammarö kommun" -> (name, role, organisation)."""
    m = _ATTRIBUTION.match(line)
    assert m is not None
    rest = m.group("rest").strip()
    parts = _ROLE_SPLIT.split(rest, maxsplit=1)
    role, org = (parts[0].strip(), parts[1].strip()) if len(parts) == 2 else (rest, "")
    return m.group("name"), role, org


# --------------------------------------------------------------------------- small helpers

def _frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=COLUMNS)
    for col in COLUMNS:
        if col != "source_row":
            df[col] = df[col].fillna("").astype(str)
    df["source_row"] = df["source_row"].astype(int)
    return df.reset_index(drop=True)


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


def _plain(text: str) -> str:
    """Markdown emphasis removed ("**Bord 3**" -> "Bord 3")."""
    return re.sub(r"(\*\*|__|\*|_)(.+?)\1", r"\2", text).strip()


def _ascii(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def _norm(name: str) -> str:
    """Header key: lowercase ASCII letters and digits only ("  Möte " -> "mote")."""
    return re.sub(r"[^a-z0-9]", "", _ascii(str(name)).lower())


def _valid(y: int, m: int, d: int) -> str:
    try:
        return _dt.date(y, m, d).isoformat() if 1900 <= y <= 2100 else ""
    except ValueError:
        return ""


def _find_date(text: str) -> str:
    """First date written anywhere in ``text`` as ISO, else "" ("13 januari 2025" -> "2025-01-13")."""
    if not text:
        return ""
    for pattern, order in _DATE_PATTERNS:
        for m in pattern.finditer(text):
            a, b, c = m.groups()
            if order == "ymd":
                iso = _valid(int(a), int(b), int(c))
            elif order == "dmy":
                iso = _valid(int(c), int(b), int(a)) or _valid(int(c), int(a), int(b))
            elif order == "dMy":
                iso = _valid(int(c), _MONTHS[b.lower()], int(a))
            else:
                iso = _valid(int(c), _MONTHS[a.lower()], int(b))
            if iso:
                return iso
    return ""


def _to_iso_date(value: str) -> str:
    """A date cell as ISO: everything ``_find_date`` knows plus Excel serials and d/m/yy."""
    value = value.strip()
    if not value:
        return ""
    if _EXCEL_SERIAL.match(value) and 20000 <= float(value) <= 80000:
        return (_dt.date(1899, 12, 30) + _dt.timedelta(days=int(float(value)))).isoformat()
    m = _SHORT_DMY.match(value)
    if m:
        return _valid(2000 + int(m.group(3)), int(m.group(2)), int(m.group(1)))
    return _find_date(value)

"""Flat tables for CSV and Excel: contract column order, joined lists, no formula injection,
no personal data outside ``notes.csv``'s ``text``.

Privacy: everything shared shows redacted text only. :func:`shareable_notes` gives the notes
as they may be shown (``text`` is ``text_clean``, speaker names are ``[NAMN]``, names in roles
are redacted); report.html, review.xlsx and tables.xlsx use it. ``notes.csv`` keeps ``text``
as the analyst's source of record, and ``raw=False`` (``--no-raw``) blanks it.

Spreadsheets: every CSV field is quoted (a comma CSV opened by Swedish Excel, which splits on
``;``, then never cuts a cell in two), and text that starts with ``= + - @`` (also full-width
``＝ ＋ － ＠``, or after a zero-width space or BOM), a tab or a CR gets a leading ``'``, in the
CSVs and in tables.xlsx alike.

>>> from nlp_varmland.report.tables import neutralise
>>> neutralise("=HYPERLINK(\\"http://x\\")")
'\\'=HYPERLINK("http://x")'
>>> neutralise("Bussen går för sällan")
'Bussen går för sällan'
"""
from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from nlp_varmland.preprocessing.shareable import redact_people, shareable_notes
from nlp_varmland.schema import OUTPUT_TABLES

if TYPE_CHECKING:
    from nlp_varmland.schema import AnalysisTables as Analysis

# Required columns from DESIGN.md (nlp_varmland.schema), in order; any other column follows them.
REQUIRED: dict[str, list[str]] = {name: list(OUTPUT_TABLES[name].required)
                                  for name in ("notes", "themes", "goals", "recurring")}
# How list cells are joined when written (ARCHITECTURE.md); other lists use "; ".
JOINERS = {"keywords": ", ", "meetings": "; ", "examples": " | "}
# Columns that hold ids and are written as empty strings when missing.
ID_COLUMNS = {"goal_id", "area_id", "parent_id", "theme_label", "label"}
DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
# Invisible characters a spreadsheet may skip before it looks for a formula sign.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"
TABLES = tuple(REQUIRED)
#: tables.xlsx lists at most this many ``empty`` statements one by one; more are one summary row.
MAX_EMPTY_ROWS = 1000


def neutralise(value: Any) -> Any:
    """Prefix a text cell that a spreadsheet would read as a formula with ``'``.

    Only strings are touched: a numeric ``theme_id`` of -1 stays the number -1.

    >>> neutralise("+46 54 70 10 00"), neutralise("@SUM(A1)"), neutralise(-1)
    ("'+46 54 70 10 00", "'@SUM(A1)", -1)
    >>> neutralise("\uff1d1+1"), neutralise("\u200b=1+1")
    ("'＝1+1", "'\u200b=1+1")
    """
    if isinstance(value, str) and value and value.lstrip(_INVISIBLE).startswith(DANGEROUS_PREFIXES):
        return "'" + value
    return value


def _neutralise_series(values: pd.Series) -> pd.Series:
    """:func:`neutralise` on each distinct value once (a million rows hold few distinct cells)."""
    import numpy as np  # noqa: PLC0415

    codes, found = pd.factorize(values, use_na_sentinel=True)
    uniques = np.asarray(found, dtype=object).tolist()  # a plain list: iterating an array is slow
    fixed = [neutralise(u) for u in uniques]
    if all(a is b for a, b in zip(fixed, uniques)):
        return values
    out = np.empty(len(fixed), dtype=object)
    out[:] = fixed
    result = out[np.where(codes < 0, 0, codes)] if len(fixed) else values.to_numpy(dtype=object)
    if (codes < 0).any():
        result = np.where(codes < 0, values.to_numpy(dtype=object), result)
    return pd.Series(result, index=values.index, name=values.name, dtype=object)


def _neutralise_frame(df: pd.DataFrame) -> pd.DataFrame:
    """:func:`neutralise` on every text column (numbers and bools are left alone)."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col].dtype):
            out[col] = _neutralise_series(out[col])
    return out


def _join(column: str, value: Any) -> Any:
    if isinstance(value, (list, tuple, set)) or (hasattr(value, "tolist") and not isinstance(value, str)
                                                and getattr(value, "ndim", 0) == 1):
        items = list(value.tolist() if hasattr(value, "tolist") else value)
        return JOINERS.get(column, "; ").join("" if v is None else str(v) for v in items)
    return value


def _is_missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return value is pd.NA or value is pd.NaT


def _list_types() -> frozenset[type]:
    import numpy as np  # noqa: PLC0415

    return frozenset({list, tuple, set, np.ndarray})


_LIST_TYPES = _list_types()


def flat_table(analysis: Analysis, name: str) -> pd.DataFrame:
    """Return table ``name`` (notes, themes, goals, recurring) ready to write.

    Required columns come first in contract order (created empty when the analysis lacks one),
    list cells are joined, ``theme_id`` is an int (-1 when missing), missing ids are ``""``.
    Cells are *not* neutralised here; the writers do that.

    >>> flat_table(analysis, "themes").columns[:3].tolist()      # doctest: +SKIP
    ['theme_id', 'label', 'keywords']
    """
    if name not in REQUIRED:
        raise ValueError(f"unknown table {name!r}; expected one of {', '.join(TABLES)}")
    df = getattr(analysis, name)
    df = pd.DataFrame() if df is None else df.copy()
    required = REQUIRED[name]
    for col in required:
        if col not in df.columns:
            df[col] = OUTPUT_TABLES[name].default(col) if OUTPUT_TABLES[name].dtype(col) != "list" else ""
    df = df[required + [c for c in df.columns if c not in required]]
    for col in df.columns:
        # Only columns that hold lists are joined cell by cell (type() over a column is C speed).
        if df[col].dtype == object and not _LIST_TYPES.isdisjoint(map(type, df[col].tolist())):
            df[col] = df[col].map(lambda v, c=col: _join(c, v))
    if "theme_id" in df.columns:
        df["theme_id"] = pd.to_numeric(df["theme_id"], errors="coerce").fillna(-1).astype(int)
    for col in ID_COLUMNS & set(df.columns):
        values = df[col].astype(object)
        df[col] = values.where(values.notna(), "").astype(str)
    return df.reset_index(drop=True)


def write_tables(analysis: Analysis, out_dir: str | Path, *, raw: bool = True) -> dict[str, Path]:
    """Write notes.csv, themes.csv, goals.csv and recurring.csv (UTF-8, comma, header).

    Returns ``{"notes.csv": Path, ...}``. Every field is quoted, and text cells that start with
    ``= + - @`` (or a look-alike, tab, CR) get a leading ``'`` so that Excel or LibreOffice never
    evaluate them. ``notes.csv`` keeps the original ``text`` (the analyst's source of record)
    unless ``raw=False``; speaker names are ``[NAMN]`` in every case.

    >>> paths = write_tables(analysis, "out")        # doctest: +SKIP
    >>> sorted(paths)                                # doctest: +SKIP
    ['goals.csv', 'notes.csv', 'recurring.csv', 'themes.csv']
    """
    import csv  # noqa: PLC0415

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    for name in TABLES:
        df = flat_table(analysis, name)
        if name == "notes":
            df = redact_people(df)
            if not raw and "text" in df.columns:
                df["text"] = ""
        df = _neutralise_frame(df) if len(df) else df
        path = out / f"{name}.csv"
        df.to_csv(path, index=False, encoding="utf-8", lineterminator="\n", quoting=csv.QUOTE_ALL)
        written[path.name] = path
    return written


def _cell_value(value: Any) -> Any:
    """Turn a DataFrame value into something openpyxl writes as a plain value."""
    if _is_missing(value):
        return None
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalar
        value = value.item()
    if isinstance(value, bool):
        return value
    if isinstance(value, float) and math.isinf(value):
        return str(value)
    if isinstance(value, (int, float)):
        return value
    return str(value)


def _excel_notes(df: pd.DataFrame) -> pd.DataFrame:
    """The notes sheet: shareable text, and empty statements summarised when there are many."""
    df = shareable_notes(df)
    if "status" not in df.columns:
        return df
    empty = df["status"] == "empty"
    n_empty = int(empty.sum())
    if n_empty <= MAX_EMPTY_ROWS:
        return df
    summary: dict[Any, Any] = {c: "" for c in df.columns}
    summary.update({"status": "empty", "theme_id": -1,
                    "text": f"{n_empty} tomma rader visas inte här; var och en finns i notes.csv"})
    if "source" in df.columns:
        sources = df.loc[empty, "source"].astype(str).unique().tolist()
        summary["source"] = "; ".join(sources[:5]) + (f" (+{len(sources) - 5})" if len(sources) > 5 else "")
    return pd.concat([df[~empty], pd.DataFrame([summary], columns=df.columns)], ignore_index=True)


def _widths(df: pd.DataFrame, sample: int = 2000) -> list[int]:
    """Column widths from the header and the first ``sample`` rows (text capped at 80)."""
    head = df.head(sample)
    widths = []
    for col in df.columns:
        lengths = [len(str(v)) for v in head[col].tolist() if not _is_missing(v)]
        widths.append(max([len(str(col))] + [min(n, 80) for n in lengths]))
    return widths


def write_excel(analysis: Analysis, path: str | Path) -> Path:
    """Write tables.xlsx: one sheet per table, bold frozen header, autofilter, fitted widths.

    Written in openpyxl's write-only mode (rows stream to disk, memory stays flat). The notes
    sheet shows shareable text only (:func:`shareable_notes`) and summarises ``empty``
    statements in one row when there are more than :data:`MAX_EMPTY_ROWS`. Text cells that
    start with ``= + - @`` get a leading ``'`` as in the CSVs, and no cell is ever a formula.

    >>> write_excel(analysis, "out/tables.xlsx")      # doctest: +SKIP
    PosixPath('out/tables.xlsx')
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = Workbook(write_only=True)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="E8EEF4")
    wrap = Alignment(wrap_text=True, vertical="top")
    for name in TABLES:
        df = flat_table(analysis, name)
        if name == "notes":
            df = _excel_notes(df)
        ws = wb.create_sheet(title=name)
        widths = _widths(df)
        wrapped = set()
        for i, w in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = max(8, min(w + 2, 60))
            if w > 58:
                wrapped.add(i - 1)
        ws.freeze_panes = "A2"
        header = []
        for col in df.columns:
            cell = WriteOnlyCell(ws, value=str(col))
            cell.font = bold
            cell.fill = fill
            header.append(cell)
        ws.append(header)
        n = 1
        for row in df.itertuples(index=False, name=None):
            values: list[Any] = []
            for i, v in enumerate(row):
                v = _cell_value(v)
                if isinstance(v, str):
                    # Excel cells hold at most 32,767 characters; control characters are invalid.
                    v = neutralise(ILLEGAL_CHARACTERS_RE.sub("", v)[:32766])
                    if i in wrapped:
                        cell = WriteOnlyCell(ws, value=v)
                        cell.alignment = wrap
                        v = cell
                values.append(v)
            ws.append(values)
            n += 1
        if len(df.columns):
            ws.auto_filter.ref = f"A1:{get_column_letter(len(df.columns))}{n}"
    save_workbook(wb, path, analysis.run.get("created"))
    return path


def save_workbook(wb: Any, path: str | Path, created: Any = None) -> Path:
    """Save an openpyxl workbook so that two runs give the same bytes.

    openpyxl stamps ``docProps/core.xml`` (``dcterms:created``/``modified``) and every zip entry
    with the clock; both are set to ``created`` (run.json's ``created``: ``SOURCE_DATE_EPOCH``
    when set) instead, so a rerun with ``SOURCE_DATE_EPOCH`` gives a byte-identical file.

    >>> from openpyxl import Workbook
    >>> import tempfile, pathlib, zipfile
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "t.xlsx"
    >>> _ = save_workbook(Workbook(), p, "2023-11-14T22:13:20+00:00")
    >>> b"2023-11-14T22:13:20Z" in zipfile.ZipFile(p).read("docProps/core.xml")
    True
    """
    import datetime as dt
    import re
    import zipfile

    path = Path(path)
    try:
        when = dt.datetime.fromisoformat(str(created)).astimezone(dt.timezone.utc)
    except ValueError:
        when = dt.datetime.now(dt.timezone.utc)
    when = max(when.replace(microsecond=0), dt.datetime(1980, 1, 1, tzinfo=dt.timezone.utc))  # zip's epoch
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    wb.save(path)
    with zipfile.ZipFile(path) as zin:
        entries = [(info, zin.read(info)) for info in zin.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info, data in entries:
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", lambda m: m.group(1) + stamp, data)
            fixed = zipfile.ZipInfo(info.filename, date_time=when.timetuple()[:6])
            fixed.compress_type, fixed.external_attr = zipfile.ZIP_DEFLATED, info.external_attr
            zout.writestr(fixed, data)
    return path

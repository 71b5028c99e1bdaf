"""Flat tables for CSV and Excel: contract column order, joined lists, no formula injection.

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

from nlp_varmland.schema import OUTPUT_TABLES

if TYPE_CHECKING:
    from nlp_varmland.pipeline import Analysis

# Required columns from DESIGN.md (nlp_varmland.schema), in order; any other column follows them.
REQUIRED: dict[str, list[str]] = {name: list(OUTPUT_TABLES[name].required)
                                  for name in ("notes", "themes", "goals", "recurring")}
# How list cells are joined when written (ARCHITECTURE.md); other lists use "; ".
JOINERS = {"keywords": ", ", "meetings": "; ", "examples": " | "}
# Columns that hold ids and are written as empty strings when missing.
ID_COLUMNS = {"goal_id", "area_id", "parent_id", "theme_label", "label"}
DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
TABLES = tuple(REQUIRED)


def neutralise(value: Any) -> Any:
    """Prefix a text cell that a spreadsheet would read as a formula with ``'``.

    Only strings are touched: a numeric ``theme_id`` of -1 stays the number -1.

    >>> neutralise("+46 54 70 10 00"), neutralise("@SUM(A1)"), neutralise(-1)
    ("'+46 54 70 10 00", "'@SUM(A1)", -1)
    """
    if isinstance(value, str) and value.startswith(DANGEROUS_PREFIXES):
        return "'" + value
    return value


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
        if df[col].dtype == object:
            df[col] = df[col].map(lambda v, c=col: _join(c, v))
    if "theme_id" in df.columns:
        df["theme_id"] = pd.to_numeric(df["theme_id"], errors="coerce").fillna(-1).astype(int)
    for col in ID_COLUMNS & set(df.columns):
        df[col] = df[col].map(lambda v: "" if _is_missing(v) else str(v))
    return df.reset_index(drop=True)


def write_tables(analysis: Analysis, out_dir: str | Path) -> dict[str, Path]:
    """Write notes.csv, themes.csv, goals.csv and recurring.csv (UTF-8, comma, header).

    Returns ``{"notes.csv": Path, ...}``. Text cells that start with ``= + - @`` (or tab/CR)
    get a leading ``'`` so that Excel or LibreOffice never evaluate them.

    >>> paths = write_tables(analysis, "out")        # doctest: +SKIP
    >>> sorted(paths)                                # doctest: +SKIP
    ['goals.csv', 'notes.csv', 'recurring.csv', 'themes.csv']
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    for name in TABLES:
        df = flat_table(analysis, name)
        df = df.apply(lambda s: s.map(neutralise)) if len(df) else df
        path = out / f"{name}.csv"
        df.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
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


def write_excel(analysis: Analysis, path: str | Path) -> Path:
    """Write tables.xlsx: one sheet per table, bold frozen header, autofilter, fitted widths.

    Every text cell is stored as a string (never a formula), so ``=HYPERLINK(...)`` in a note
    stays inert text.

    >>> write_excel(analysis, "out/tables.xlsx")      # doctest: +SKIP
    PosixPath('out/tables.xlsx')
    """
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = Workbook()
    wb.remove(wb.active)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="E8EEF4")
    for name in TABLES:
        df = flat_table(analysis, name)
        ws = wb.create_sheet(title=name)
        widths = [len(str(c)) for c in df.columns]
        ws.append([str(c) for c in df.columns])
        for cell in ws[1]:
            cell.font = bold
            cell.fill = fill
            cell.data_type = "s"
        r = ws.max_row  # the header; counted here because max_row scans every cell (O(n) a call)
        for row in df.itertuples(index=False, name=None):
            r += 1
            values = [_cell_value(v) for v in row]
            for i, v in enumerate(values):
                if isinstance(v, str):
                    # Excel cells hold at most 32,767 characters; control characters are invalid.
                    values[i] = ILLEGAL_CHARACTERS_RE.sub("", v)[:32767]
                    widths[i] = max(widths[i], min(len(values[i]), 80))
                elif v is not None:
                    widths[i] = max(widths[i], len(str(v)))
            for i, v in enumerate(values, start=1):
                if v is None:
                    continue
                cell = ws.cell(row=r, column=i)
                cell.value = v
                if isinstance(v, str):
                    cell.data_type = "s"  # openpyxl would turn a leading "=" into a formula
        for i, w in enumerate(widths, start=1):
            letter = get_column_letter(i)
            ws.column_dimensions[letter].width = max(8, min(w + 2, 60))
            if w > 58:
                for cell in ws[letter][1:]:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.freeze_panes = "A2"
        if len(df.columns):
            ws.auto_filter.ref = f"A1:{get_column_letter(len(df.columns))}{max(ws.max_row, 1)}"
    wb.save(path)
    return path

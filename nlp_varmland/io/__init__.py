"""Read workshop notes from csv/tsv/xlsx/docx/md/txt/jsonl files and folders into one RAW DataFrame.

>>> from nlp_varmland.io import read_contributions
>>> raw = read_contributions("corpora/meetings")                      # doctest: +SKIP
>>> raw[["meeting", "date", "table", "text"]].head()                 # doctest: +SKIP

One row per input row, in input order, never dropped: an empty cell gives ``text == ""``.
Per-file provenance for run.json is in ``raw.attrs["inputs"]`` (``[{path, sha256, rows}]``);
``describe_inputs`` returns the same list on its own.

A folder is read recursively and sorted; hidden entries, README/LICENSE files and special
files (FIFOs, devices) are left out, but a broken symlink, a symlink loop, a file or a
sub-folder that cannot be read is refused in one line naming it (``io.paths.check_inputs``
checks a whole folder without reading it; build-report calls it before recording anything).

The meeting of a row comes from, in this order: a ``meeting``/``möte`` column; the ``meeting=``
argument; for an xlsx, the workbook's title property (File > Info > Title in Excel); for a
docx/md/txt, the top heading; else the file stem. A meeting name that holds a date (such as
"Arbetsmöte 20 maj 2025") also gives the date when no date column or heading has one.

Modules: ``paths`` (which files), ``decode`` (encodings), ``tabular`` (csv/tsv/xlsx/jsonl),
``documents`` (docx/md/txt, with the document rules), ``columns`` (header names, from
``data/column_names.yaml``) and ``dates`` (dates to ISO).
"""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, Union

import pandas as pd

from nlp_varmland.errors import InputError
from nlp_varmland.io.columns import _norm
from nlp_varmland.io.dates import _to_iso_date  # noqa: F401  (re-exported for tests and callers)
from nlp_varmland.io.decode import _decode_lines
from nlp_varmland.io.documents import _document_rows, _docx_items, _markdown_items, _text_items
from nlp_varmland.io.filetype import check_file_kind
from nlp_varmland.io.limits import DEFAULT_LIMITS, QUALITY_FLAGS, Limits
from nlp_varmland.io.paths import (
    SUPPORTED_EXTENSIONS,
    PathLike,
    _expand,
    check_regular_file,
    file_sha256,
    is_regular_file,
    read_bytes,
    resolve_sources,
)
from nlp_varmland.io.tabular import _cell, _csv_records, _read_jsonl, _read_xlsx, _tabular_rows
from nlp_varmland.schema import RAW_COLUMNS

__all__ = ["read_contributions", "describe_inputs", "file_sha256", "SUPPORTED_EXTENSIONS", "COLUMNS", "Limits",
           "DEFAULT_LIMITS", "QUALITY_FLAGS", "is_regular_file", "check_regular_file"]

# ``quality``: the row's data-quality flags (see ``io.limits.QUALITY_FLAGS``), ";"-joined, "" when clean.
COLUMNS: list[str] = list(RAW_COLUMNS)  # the RAW table of nlp_varmland.schema
_EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"  # sha256 of a 0-byte file

Inputs = Union[PathLike, Sequence[PathLike], pd.DataFrame]  # noqa: UP007  (a runtime alias with a forward ref)


def read_contributions(
    inputs: Inputs,
    *,
    text_column: str | None = None,
    meeting: str | None = None,
    limits: Limits | None = None,
) -> pd.DataFrame:
    """Read files, folders or a DataFrame into the RAW table (see docs/ARCHITECTURE.md).

    ``text_column`` names the column that holds the note (any case/diacritics);
    ``meeting`` is used when a row has no meeting column value (the full order is in the
    module docstring). Per-file metadata for run.json is in ``df.attrs["inputs"]`` as
    ``[{"path", "sha256", "rows"}]``. ``limits`` bounds file size, rows, line length, columns
    and note length (``io.Limits``, defaults in the README section "Limits"); only regular files
    are read (a FIFO or a link to a device is refused in one line).

    >>> raw = read_contributions(["corpora/meetings"], meeting=None)   # doctest: +SKIP
    >>> list(raw.columns)                                              # doctest: +SKIP
    ['source', 'source_row', 'meeting', 'date', 'table', 'speaker', 'role', 'organisation', 'text']
    """
    limits = (limits or DEFAULT_LIMITS).validate()
    if isinstance(inputs, pd.DataFrame):
        return _from_frame(inputs, text_column=text_column, meeting=meeting, limits=limits)
    rows: list[dict[str, Any]] = []
    described: list[dict[str, Any]] = []
    for path, label in _expand(inputs):
        file_rows = resolve_sources(_read_file(path, label, text_column=text_column, meeting=meeting, limits=limits),
                                    path, label)  # ids from the resolved path, not from how it was typed
        rows.extend(file_rows)
        described.append({"path": label, "sha256": file_sha256(path), "rows": len(file_rows)})
        if len(rows) > limits.max_rows:
            raise InputError(f"the inputs have more than {limits.max_rows:,} rows together (the max_rows limit); "
                             "analyse them in parts or raise the limit")
    if not rows:
        names = ", ".join(d["path"] for d in described[:3]) + (" ..." if len(described) > 3 else "")
        if all(d["sha256"] == _EMPTY_SHA256 for d in described):
            raise InputError(f"no notes found in {names}: the file is empty (0 bytes); save the notes in it, or "
                             "leave it out of the input")
        raise InputError(f"no notes found in {names}: only a header or blank lines; add notes below the header")
    df = _frame(rows)
    df.attrs["inputs"] = described
    return df


def _from_frame(frame: pd.DataFrame, *, text_column: str | None, meeting: str | None,
                limits: Limits = DEFAULT_LIMITS) -> pd.DataFrame:
    """A DataFrame in: only column mapping; ``source``/``source_row`` columns are kept when present."""
    header = [str(c) for c in frame.columns]
    records = [[_cell(v) for v in row] for row in frame.itertuples(index=False, name=None)]
    rows = _tabular_rows([header] + records, label="dataframe", stem="dataframe", text_column=text_column,
                         meeting=meeting, header_search=1, keep_blank=True, limits=limits)
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


def _read_file(path: Path, label: str, *, text_column: str | None, meeting: str | None,
               limits: Limits = DEFAULT_LIMITS) -> list[dict[str, Any]]:
    """The RAW rows of one file, by its extension (regular files only, within ``limits``)."""
    ext = path.suffix.lower()
    stem = path.stem
    check_regular_file(path, label)
    check_file_kind(path, label)  # a PNG named .csv, a PDF named .docx: said in one line
    if ext in (".xlsx", ".xlsm", ".docx"):
        size = path.stat().st_size
        if size > limits.max_file_bytes:
            read_bytes(path, label, limits.max_file_bytes)  # raises the one-line size message
        if ext == ".docx":
            return _document_rows(_docx_items(path, label, limits), label=label, stem=stem, meeting=meeting,
                                  limits=limits)
        return _read_xlsx(path, label, text_column=text_column, meeting=meeting, limits=limits)
    lines, flags = _decode_lines(read_bytes(path, label, limits.max_file_bytes), label)
    if ext in (".md", ".markdown", ".txt"):
        for n, line in enumerate(lines, 1):
            if len(line) > limits.max_line_chars:
                raise InputError(f"{label} line {n} is longer than {limits.max_line_chars:,} characters (the "
                                 "max_line_chars limit); split the text or raise the limit")
        text = "".join(lines)
        items = _text_items(text) if ext == ".txt" else _markdown_items(text)
        return _document_rows(items, label=label, stem=stem, meeting=meeting, line_flags=flags, limits=limits)
    if ext in (".jsonl", ".ndjson"):
        return _read_jsonl("".join(lines), label, stem, text_column=text_column, meeting=meeting, flags=flags,
                           limits=limits)
    records, rec_flags, delimiter = _csv_records(lines, flags, tab=ext in (".tsv", ".tab"), label=label,
                                                 limits=limits)
    return _tabular_rows(records, label=label, stem=stem, text_column=text_column, meeting=meeting,
                         joiner=delimiter, flags=rec_flags, limits=limits)


def _frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """RAW rows as a DataFrame with the RAW columns: every column str, ``source_row`` int."""
    df = pd.DataFrame(rows, columns=COLUMNS)
    for col in COLUMNS:
        if col != "source_row":
            df[col] = df[col].fillna("").astype(str)
    df["source_row"] = df["source_row"].astype(int)
    return df.reset_index(drop=True)

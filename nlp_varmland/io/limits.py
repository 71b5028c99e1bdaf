"""Limits that keep reading bounded: file size, rows, line length, columns, note length, archives.

Every limit has a documented default (README, section "Limits") and one clear message when it is
passed. ``Limits`` is passed to ``read_contributions(limits=...)``; ``None`` means the defaults.

>>> Limits().max_note_chars
100000
>>> Limits(max_rows=10).validate().max_rows
10
"""
from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

from nlp_varmland.errors import InputError

__all__ = ["Limits", "DEFAULT_LIMITS", "QUALITY_FLAGS", "quality_counts"]

# The per-row data-quality flags in the ``quality`` column (``;``-joined, empty for a clean row).
QUALITY_FLAGS: tuple[str, ...] = (
    "extra_fields_joined",   # an unquoted delimiter inside the text: the extra fields were joined back
    "quote_unclosed",        # an unclosed quote swallowed the rows after it: they were re-read line by line
    "mojibake_repaired",     # a line in another encoding (cp1252 among UTF-8, or UTF-8 read as cp1252)
    "nul_removed",           # NUL bytes were removed
    "truncated",             # the note was longer than max_note_chars and was cut
)


@dataclass(frozen=True)
class Limits:
    """Upper bounds for one run's input; each passed limit is one ``InputError`` line.

    ``max_note_chars`` is the exception: a longer note is cut and flagged ``truncated``,
    not refused. ``max_zip_ratio`` applies only to archives that unpack to over 10 MB.
    """

    max_file_bytes: int = 256 * 1024 * 1024      # one input file on disk
    max_rows: int = 2_000_000                     # rows over all inputs of a run
    max_line_chars: int = 1_000_000               # one line, cell or CSV field
    max_columns: int = 1_000                      # columns of a CSV/xlsx row
    max_note_chars: int = 100_000                 # longer notes are cut and flagged
    max_unzipped_bytes: int = 512 * 1024 * 1024   # xlsx/docx: all parts, unpacked
    max_zip_ratio: int = 200                      # xlsx/docx: unpacked size / file size
    max_depth: int = 100                          # nesting of JSON and YAML

    def validate(self) -> Limits:
        """Raise ``InputError`` for a limit that is not a positive integer."""
        for f in fields(self):
            v = getattr(self, f.name)
            if isinstance(v, bool) or not isinstance(v, int) or v < 1:
                raise InputError(f"limit {f.name} must be a positive integer, got {v!r}")
        return self

    def with_(self, **changes: Any) -> Limits:
        """A copy with some limits changed (``None`` values are ignored)."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None}).validate()


DEFAULT_LIMITS = Limits()


def _human(n: int) -> str:
    """Bytes as a short human size: 268435456 -> '256 MB'."""
    for unit, size in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if n >= size:
            return f"{n / size:.0f} {unit}"
    return f"{n} bytes"


def quality_counts(notes: Any) -> dict[str, int]:
    """Input rows per data-quality flag, in ``QUALITY_FLAGS`` order (only flags that occur).

    A row split into several statements counts once. ``notes`` is a RAW or NOTES DataFrame.

    >>> import pandas as pd
    >>> quality_counts(pd.DataFrame({"source": ["a", "a", "a"], "source_row": [1, 1, 2],
    ...                              "quality": ["truncated", "truncated", "nul_removed;truncated"]}))
    {'nul_removed': 1, 'truncated': 2}
    """
    from collections import Counter

    if "quality" not in getattr(notes, "columns", ()):
        return {}
    rows = notes
    if "source" in notes.columns and "source_row" in notes.columns:
        rows = notes.drop_duplicates(["source", "source_row"])
    counts = Counter(f for q in rows["quality"].fillna("").astype(str) if q for f in q.split(";") if f)
    return {f: counts[f] for f in QUALITY_FLAGS if counts.get(f)}

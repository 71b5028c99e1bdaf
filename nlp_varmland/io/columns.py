"""Column detection: which header holds the text, meeting, table, date, speaker, role, organisation.

The Swedish and English names per field are language data in ``data/column_names.yaml``,
read once per process.

>>> _map_columns(["Bord", "Anteckning", "Organisation"], None)
{'text': 1, 'table': 0, 'organisation': 2}
"""
from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path

COLUMN_NAMES_FILE = Path(__file__).resolve().parents[1] / "data" / "column_names.yaml"


@cache
def column_aliases() -> dict[str, tuple[str, ...]]:
    """Normalised header names per RAW field, in file order (the first alias found wins).

    >>> column_aliases()["meeting"][:2]
    ('meeting', 'mote')
    """
    import yaml

    with COLUMN_NAMES_FILE.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    return {str(field): tuple(dict.fromkeys(_norm(n) for n in names)) for field, names in data.items()}


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
    for field, aliases in column_aliases().items():
        if field in mapping:
            continue
        for candidates in (keys, firsts):
            j = next((candidates.index(a) for a in aliases
                      if a in candidates and candidates.index(a) not in used), None)
            if j is not None:
                mapping[field] = j
                used.add(j)
                break
    return mapping if "text" in mapping else None


def _ascii(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def _norm(name: str) -> str:
    """Header key: lowercase ASCII letters and digits only ("  Möte " -> "mote")."""
    return re.sub(r"[^a-z0-9]", "", _ascii(str(name)).lower())

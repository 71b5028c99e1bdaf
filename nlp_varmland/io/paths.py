"""Input paths: which files to read (folders recursively, sorted), unsupported types, file hashes.

>>> [label for _, label in _expand("corpora/quotes")]              # doctest: +SKIP
['corpora/quotes/citat-2025-01-13.md']
"""
from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path, PurePath
from typing import Iterator, Sequence, Union

from nlp_varmland.errors import InputError

__all__ = ["SUPPORTED_EXTENSIONS", "PathLike", "file_sha256"]


SUPPORTED_EXTENSIONS: tuple[str, ...] = (
    ".csv", ".tsv", ".tab", ".xlsx", ".xlsm", ".docx", ".md", ".markdown", ".txt", ".jsonl", ".ndjson",
)

PathLike = Union[str, "os.PathLike[str]"]

_UNSUPPORTED_HINTS = {
    ".xls": "save it as .xlsx in Excel", ".doc": "save it as .docx in Word",
    ".ods": "save it as .xlsx", ".odt": "save it as .docx", ".pdf": "copy the text into a .txt or .docx file",
    ".json": "write one JSON object per line as .jsonl", ".rtf": "save it as .docx",
}
_SKIP_IN_FOLDERS = re.compile(r"^(readme|license|licence|changelog)(\.|$)", re.I)


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

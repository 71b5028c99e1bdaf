"""Input paths: which files to read (folders recursively, sorted), unsupported types, file hashes.

>>> [label for _, label in _expand("corpora/quotes")]              # doctest: +SKIP
['corpora/quotes/citat-2025-01-13.md']
"""
from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
from collections.abc import Iterator, Sequence
from pathlib import Path, PurePath
from typing import Any, Union

from nlp_varmland.errors import InputError

__all__ = ["SUPPORTED_EXTENSIONS", "PathLike", "file_sha256", "is_regular_file", "check_regular_file",
           "check_inputs", "read_bytes", "source_of", "resolve_sources"]


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
        _check_exists(path, label)
        if path.is_dir():
            found = _folder_files(path, label)
            if not found:
                raise InputError(f"no supported files in folder {label}; expected one of "
                                 f"{', '.join(SUPPORTED_EXTENSIONS)}")
            pairs = [(p, f"{label.rstrip('/')}/{p.relative_to(path).as_posix()}") for p in found]
        else:
            _check_extension(path, label)
            check_regular_file(path, label)
            pairs = [(path, label)]
        for p, lab in pairs:
            key = p.resolve()
            if key not in seen:
                seen.add(key)
                yield p, lab


def check_inputs(inputs: PathLike | Sequence[PathLike]) -> list[str]:
    """Check, without reading them, that every input file can be read; return their labels.

    The batch calls it before it records anything: a broken symlink, an unreadable file or an
    unreadable sub-folder anywhere in a meetings folder ends the run in one line up front.

    >>> check_inputs("corpora/meetings")[0]                            # doctest: +SKIP
    'corpora/meetings/arbetsmote-2025-01-13.csv'
    """
    return [label for _, label in _expand(inputs)]


def _folder_files(folder: Path, label: str) -> list[Path]:
    """The supported files under ``folder``, sorted; hidden entries, README/LICENSE and special files
    (FIFOs, devices) are left out, but an entry that cannot be read is refused in one line.

    A folder run must fail loudly: a broken symlink, a symlink loop, a file or a sub-folder
    without read permission would otherwise leave a meeting out of the report unnoticed.
    """
    top = label.rstrip("/")

    def name(p: str | Path) -> str:
        rel = Path(p).relative_to(folder).as_posix()
        return top if rel == "." else f"{top}/{rel}"

    def unreadable_folder(exc: OSError) -> None:
        where = name(exc.filename) if exc.filename else top
        advice = "" if where == top else f" or move it out of {top}"
        raise InputError(f"cannot read folder {where} ({exc.strerror or type(exc).__name__}); make it readable "
                         f"(chmod a+rx){advice}")

    found: list[Path] = []
    for root, dirs, files in os.walk(folder, onerror=unreadable_folder):  # symlinked folders: not followed
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for entry in files + dirs:
            p = Path(root) / entry
            if not _wanted(p.relative_to(folder)):
                continue
            if is_regular_file(p):
                _check_readable(p, name(p), in_folder=top)
                found.append(p)
                continue
            try:
                os.stat(p)
            except OSError as exc:
                if exc.errno == errno.ELOOP:
                    raise InputError(f"{name(p)} is a symlink loop (it points back to itself); remove it from "
                                     f"{top}") from None
                if exc.errno == errno.EACCES:
                    raise InputError(f"cannot read {name(p)} (permission denied); make it readable or move it "
                                     f"out of {top}") from None
                if os.path.islink(p):
                    raise InputError(f"{name(p)} is a broken symlink (it points to {os.readlink(p)}, which does "
                                     f"not exist); restore that file or remove the link from {top}") from None
                raise InputError(f"cannot read {name(p)} ({exc.strerror}); move it out of {top}") from None
            # a folder, FIFO, socket or device with a notes file's name: not read (a FIFO could hang the run)
    return sorted(found)


def _check_readable(path: PathLike, label: str, *, in_folder: str | None = None) -> None:
    """Raise ``InputError`` when the file cannot be opened for reading (no read permission)."""
    try:
        with open(path, "rb"):
            pass
    except OSError as exc:
        where = f"move it out of {in_folder}" if in_folder else "give a copy you can read"
        raise InputError(f"cannot read {label} ({exc.strerror or type(exc).__name__}); make it readable "
                         f"(chmod a+r) or {where}") from None


def source_of(path: PathLike) -> str:
    """The ``source`` of a file's rows: its resolved absolute path (``os.path.realpath``, posix).

    ``note_id`` and the store's meeting hashes are derived from ``source``, so the same file gives
    the same ids whether it was typed relative, absolute, through a symlink or from another
    folder. Shared outputs never show it: they show ``stages.display_paths`` (relative names).

    >>> source_of("a/../möte.csv") == source_of(os.path.abspath("möte.csv"))
    True
    """
    return Path(os.path.realpath(os.fspath(path))).as_posix()


def resolve_sources(rows: list[dict[str, Any]], path: PathLike, label: str) -> list[dict[str, Any]]:
    """Rewrite the ``source`` of one file's rows from ``label`` (the path as typed, used in error
    messages) to :func:`source_of` ``path``, keeping a sheet suffix (``#Bord 1``)."""
    source = source_of(path)
    for row in rows:
        given = str(row.get("source", ""))
        row["source"] = source + given[len(label):] if given.startswith(label) else given
    return rows


def _check_exists(path: Path, label: str) -> None:
    """Missing, a dangling symlink or a symlink loop: say which."""
    try:
        os.stat(path)
        return
    except OSError as exc:
        code = exc.errno
    if code == errno.ELOOP:
        raise InputError(f"{label} is a symlink loop (it points back to itself); give the real file or folder")
    if os.path.islink(path):
        raise InputError(f"{label} is a broken symlink (it points to {os.readlink(path)}, which does not exist); "
                         "give the real file")
    if code == errno.EACCES:
        raise InputError(f"permission denied: {label}; give a file or folder you can read")
    raise InputError(f"input not found: {label}; check the path (quote names that contain spaces)")


def is_regular_file(path: PathLike) -> bool:
    """True for a regular file (after symlinks); False for a FIFO, device, socket, folder or missing path.

    Reading only regular files means a FIFO cannot hang a run and a link to /dev/zero cannot fill memory.

    >>> is_regular_file("/dev/zero"), is_regular_file("/")
    (False, False)
    """
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def check_regular_file(path: PathLike, label: str | None = None) -> None:
    """Raise ``InputError`` unless ``path`` is a regular file (FIFOs, devices and sockets are refused)."""
    label = label or os.fspath(path)
    try:
        mode = os.stat(path).st_mode
    except OSError:
        _check_exists(Path(path), label)
        raise InputError(f"input not found: {label}") from None
    if stat.S_ISREG(mode):
        _check_readable(path, label)
        return
    kind = ("a folder" if stat.S_ISDIR(mode) else "a FIFO (named pipe)" if stat.S_ISFIFO(mode)
            else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "a socket" if stat.S_ISSOCK(mode)
            else "not a regular file")
    raise InputError(f"{label} is {kind}, not a regular file; save the notes to a file and give that")


def read_bytes(path: PathLike, label: str, max_bytes: int) -> bytes:
    """The bytes of a regular file, refused in one line when larger than ``max_bytes``."""
    check_regular_file(path, label)
    with open(path, "rb") as fh:
        data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:
        from nlp_varmland.io.limits import _human

        raise InputError(f"{label} is larger than {_human(max_bytes)} (the max_file_bytes limit); "
                         "split it into smaller files or raise the limit")
    return data


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

"""What a file really is, from its first bytes: so that a PNG named ``.csv`` or a PDF named
``.docx`` is refused with a line that says so, not with a decoder's or a zip library's error.

>>> what_it_is(b"\\x89PNG\\r\\n\\x1a\\n...")
'a PNG image'
>>> what_it_is(b"PK\\x03\\x04...") is None, what_it_is(b"Bord;Anteckning") is None
(True, True)
"""
from __future__ import annotations

from pathlib import Path

from nlp_varmland.errors import InputError

__all__ = ["what_it_is", "check_file_kind"]

#: First bytes of formats people save notes in by mistake, and what to call them.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office 97-2003 file (.doc/.xls)"),
    (b"{\\rtf", "an RTF document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
)
_ZIP = b"PK\x03\x04"
_OFFICE = (".xlsx", ".xlsm", ".docx")
_HINT = "save the notes as .xlsx, .docx, .csv, .md or .txt"


def what_it_is(head: bytes) -> str | None:
    """A name for a known non-notes format, or None (text, a zip/Office file, or unknown)."""
    for magic, name in _MAGIC:
        if head.startswith(magic):
            return name
    return None


def check_file_kind(path: Path, label: str) -> None:
    """Refuse a file whose content is not what its extension says, in one line.

    An Office extension (.xlsx, .docx) needs a zip container; an empty one is named as empty.
    A text extension (.csv, .md, ...) must not hold an image, a PDF or an Office file.
    """
    ext = path.suffix.lower()
    with path.open("rb") as fh:
        head = fh.read(16)
    kind = what_it_is(head)
    if ext in _OFFICE:
        if not head:
            raise InputError(f"{label} is empty (0 bytes); save the notes in it again from "
                             f"{'Excel' if ext != '.docx' else 'Word'}, or leave it out of the input")
        office = "a Word document" if ext == ".docx" else "an Excel workbook"
        if head.startswith(_ZIP):
            inside = _office_kind(path)
            if inside is None or inside == office:
                return  # an Office file as named, or a zip we cannot list (the reader says why)
            rename = {"a Word document": ".docx", "an Excel workbook": ".xlsx"}.get(inside)
            hint = f"give it its {rename} name" if rename else _HINT
            raise InputError(f"{label} is {inside}, not {office}, despite its {ext} name; {hint}")
        kind = kind or ("a text file" if _looks_like_text(head) else "")
        what = f"is {kind}, not {office}" if kind else f"is not {office}"
        raise InputError(f"{label} {what} despite its {ext} name; {_HINT}")
    if kind is not None or head.startswith(_ZIP):
        kind = kind or "a zip archive or an Office file"
        raise InputError(f"{label} is {kind}, not a {ext.lstrip('.') or 'text'} file; {_HINT}"
                         + (" (an .xlsx or .docx keeps its own name)" if head.startswith(_ZIP) else ""))


#: The part that makes a zip an Office file of each kind (Office Open XML).
_PARTS = (("word/document.xml", "a Word document"), ("xl/workbook.xml", "an Excel workbook"),
          ("ppt/presentation.xml", "a PowerPoint presentation"))


def _office_kind(path: Path) -> str | None:
    """What a zip holds: an Office file's kind, "a zip archive" of other files, or None when
    its directory cannot be read (a damaged file: the reader names the error)."""
    import zipfile  # noqa: PLC0415

    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    for part, kind in _PARTS:
        if part in names:
            return kind
    return "a zip archive of other files"


def _looks_like_text(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return b"\x00" not in head
    return True

"""Office archives (xlsx, docx) are checked before any XML is parsed.

An archive whose parts unpack to more than ``Limits.max_unzipped_bytes``, or to more than
``Limits.max_zip_ratio`` times its own size (when over 10 MB), is refused in one line: it is a
zip bomb or a damaged file, and nothing is unpacked. An XML part that declares a DTD
(``<!DOCTYPE``/``<!ENTITY``, which Excel and Word never write) is refused too, so no entity is
ever expanded and no external file (``/etc/passwd``) is ever read. The checks read only the
zip's central directory and stream the XML parts once (bounded by the size check before).

>>> check_archive("corpora/does-not-exist.xlsx", "x.xlsx", Limits())   # doctest: +SKIP
"""
from __future__ import annotations

import os
import zipfile
import zlib
from pathlib import Path

from nlp_varmland.errors import InputError
from nlp_varmland.io.limits import Limits, _human

__all__ = ["check_archive"]

_MAX_ENTRIES = 10_000
_RATIO_FLOOR = 10 * 1024 * 1024
_DTD_MARKERS = tuple(m.encode(enc) for m in ("<!DOCTYPE", "<!ENTITY", "<!doctype", "<!entity")
                     for enc in ("utf-8", "utf-16-le", "utf-16-be"))


def check_archive(path: Path | str, label: str, limits: Limits) -> None:
    """Raise ``InputError`` for a zip bomb, too many parts or an XML part with a DTD.

    A file that is not a zip at all passes: the reader then says it cannot open it.
    """
    size = os.stat(path).st_size
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, NotImplementedError):
        return
    with zf:
        infos = zf.infolist()
        if len(infos) > _MAX_ENTRIES:
            raise InputError(f"{label} is a zip archive with {len(infos):,} parts (an Office file has a few dozen); "
                             "it was not opened: it is damaged or made to exhaust memory")
        total = sum(max(0, i.file_size) for i in infos)
        ratio = total / max(1, size)
        if total > limits.max_unzipped_bytes or (total > _RATIO_FLOOR and ratio > limits.max_zip_ratio):
            raise InputError(f"{label} would unpack to {_human(total)} from {_human(size)} ({ratio:,.0f}x): an archive "
                             f"bomb or a damaged file, so it was not opened (limits max_unzipped_bytes="
                             f"{_human(limits.max_unzipped_bytes)}, max_zip_ratio={limits.max_zip_ratio})")
        for info in infos:
            if not info.filename.lower().endswith((".xml", ".rels", ".vml")):
                continue
            if _has_dtd(zf, info, label):
                raise InputError(f"{label}: the part {info.filename} declares a DTD (<!DOCTYPE/<!ENTITY), which "
                                 "Excel and Word never write; it was not read (it may be made to read other files)")


def _has_dtd(zf: zipfile.ZipFile, info: zipfile.ZipInfo, label: str) -> bool:
    """Stream one part and look for a DTD marker (chunks overlap so a marker cannot hide at a seam)."""
    tail = b""
    try:
        with zf.open(info) as fh:
            while True:
                chunk = fh.read(1 << 20)
                if not chunk:
                    return False
                window = tail + chunk
                if any(m in window for m in _DTD_MARKERS):
                    return True
                tail = window[-32:]
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, NotImplementedError, RuntimeError):
        raise InputError(f"{label}: the part {info.filename} is damaged or encrypted; "
                         "re-save the file without a password") from None

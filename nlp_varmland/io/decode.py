"""Bytes to text for csv/tsv/jsonl/md/txt: BOMs, UTF-8, cp1252 (Swedish Excel), charset-normalizer.

>>> _decode("Möte;Anteckning".encode("cp1252"), "a.csv")
'Möte;Anteckning'
"""
from __future__ import annotations

from nlp_varmland.errors import InputError


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

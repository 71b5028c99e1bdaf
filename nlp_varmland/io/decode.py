r"""Bytes to text for csv/tsv/jsonl/md/txt: BOMs, UTF-8, cp1252 (Swedish Excel), Mac Roman (Excel for
Mac's "CSV (Macintosh)"), charset-normalizer.

``_decode_lines`` also repairs line by line and says which lines it repaired: a file with both
UTF-8 and cp1252 lines is decoded per line, a UTF-8 line that was once read as cp1252
("BehÃ¶ver") is repaired, and NUL bytes are removed. Line ends become ``\n``.

>>> _decode("Möte;Anteckning".encode("cp1252"), "a.csv")
'Möte;Anteckning'
>>> lines, flags = _decode_lines("Möte\n".encode() + "Bord två\n".encode() + "Kön\n".encode("cp1252"), "a.csv")
>>> lines, flags
(['Möte\n', 'Bord två\n', 'Kön\n'], {2: {'mojibake_repaired'}})
"""
from __future__ import annotations

import re

from nlp_varmland.errors import InputError

# A UTF-8 sequence read as cp1252: "Ã¶" for "ö", "Ã„" for "Ä", "â€“" for "–".
_MOJIBAKE = re.compile("(?:[ÃÂ][\u00a0-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
                       "\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039"
                       "\u203a\u20ac\u2122]|â€)")


def _decode_lines(data: bytes, label: str) -> tuple[list[str], dict[int, set[str]]]:
    """Bytes -> (lines ending in ``\n``, {line index: quality flags} for the lines that have any).

    See the module docstring. The flags are sparse, so a million clean lines cost nothing extra.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = _decode(data, label).replace("\r\n", "\n").replace("\r", "\n")
        lines = _split_nl(text)
        flags: dict[int, set[str]] = {}
        if "\x00" in text:
            for i, line in enumerate(lines):
                if "\x00" in line:
                    lines[i] = line.replace("\x00", "")
                    flags[i] = {"nul_removed"}
        return lines, flags
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    nul = data.count(b"\x00")
    if nul > max(2, len(data) // 200):
        raise InputError(f"cannot decode {label} as text; save it as UTF-8 (or as .xlsx/.docx if it is an Office file)")
    data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    raw_lines = data.split(b"\n")
    if raw_lines and raw_lines[-1] == b"":
        raw_lines.pop()
    flags = {}
    if nul:
        for i, bline in enumerate(raw_lines):
            if b"\x00" in bline:
                raw_lines[i] = bline.replace(b"\x00", b"")
                flags.setdefault(i, set()).add("nul_removed")
        data = b"\n".join(raw_lines) + b"\n"
    try:
        data.decode("utf-8")
        utf8 = True
    except UnicodeDecodeError:
        utf8 = False
    if utf8:
        text = _decode(data, label)  # UTF-8, or cp1252 when that reads as more Nordic
        lines = _split_nl(text)
        if len(lines) != len(raw_lines):
            flags = {}
        if _MOJIBAKE.search(text):
            for i, line in enumerate(lines):
                if _MOJIBAKE.search(line):
                    fixed = _unmojibake(line)
                    if fixed != line:
                        lines[i] = fixed
                        flags.setdefault(i, set()).add("mojibake_repaired")
        return lines, flags
    utf8_lines = [not ln.isascii() and _reads_as_utf8(ln) for ln in raw_lines]
    if not any(utf8_lines):  # no line reads as UTF-8: one encoding for the whole file
        lines = _split_nl(_decode(data, label))
        return lines, flags if len(lines) == len(raw_lines) else {}
    lines = []
    for i, ln in enumerate(raw_lines):  # both UTF-8 and cp1252 lines: decode each on its own
        if utf8_lines[i] or ln.isascii():
            lines.append(ln.decode("utf-8") + "\n")
        else:
            lines.append(ln.decode("cp1252", errors="replace") + "\n")
            flags.setdefault(i, set()).add("mojibake_repaired")
    if _looks_binary("".join(lines[:2000])):
        raise InputError(f"cannot decode {label} as text; save it as UTF-8 (or as .xlsx/.docx if it is an Office file)")
    return lines, flags


def _split_nl(text: str) -> list[str]:
    """Lines keeping their ``\n`` (only ``\n`` ends a line, unlike ``str.splitlines``)."""
    parts = text.split("\n")
    out = [p + "\n" for p in parts[:-1]]
    if parts[-1]:
        out.append(parts[-1])
    return out


def _reads_as_utf8(line: bytes) -> bool:
    """Valid UTF-8 and at least as Nordic as its cp1252 reading (b"\\xe4\\x96\\x96" is "ä––", not "䖖")."""
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return _nordic_share(text) >= _nordic_share(line.decode("cp1252", errors="replace"))


def _unmojibake(line: str) -> str:
    """Undo one round of UTF-8-read-as-cp1252 when that gives valid UTF-8, else keep the line."""
    try:
        fixed = line.encode("cp1252").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return line
    return fixed if len(_MOJIBAKE.findall(fixed)) < len(_MOJIBAKE.findall(line)) else line


def _decode(data: bytes, label: str) -> str:
    """Bytes -> str: BOMs, then UTF-8, then cp1252 or Mac Roman (``_single_byte``), then charset-normalizer."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            u16 = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(f"{label} starts like UTF-16 but is not valid UTF-16 at byte {exc.start}; "
                             "save it as UTF-8") from None
        if _looks_binary(u16.replace("\x00", "\x01")):
            raise InputError(f"cannot decode {label} as text; save it as UTF-8 "
                             "(or as .xlsx/.docx if it is an Office file)")
        return u16
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
            text = _single_byte(data)
    if text is None or _looks_binary(text):
        raise InputError(f"cannot decode {label} as text; save it as UTF-8 (or as .xlsx/.docx if it is an Office file)")
    return text


def _single_byte(data: bytes) -> str | None:
    """Bytes that are not UTF-8: cp1252 (Windows Excel's "CSV") or Mac Roman (Excel for Mac's
    "CSV (Macintosh)"), whichever reads as more Nordic (cp1252 on a tie); charset-normalizer when
    cp1252 cannot decode the bytes and Mac Roman reads no better than its guess.

    Mac Roman read as cp1252 turns "behöver på" into "behšver pŒ": the same evidence as for
    cp1252 against UTF-8 (``_nordic_share``) tells them apart.

    >>> _single_byte("Vi behöver fler bussar på landsbygden".encode("mac_roman"))
    'Vi behöver fler bussar på landsbygden'
    >>> _single_byte("Vi behöver fler bussar på landsbygden – 5 €".encode("cp1252"))
    'Vi behöver fler bussar på landsbygden – 5 €'
    """
    mac = data.decode("mac_roman")  # every byte is a character in Mac Roman: it never fails
    try:
        cp = data.decode("cp1252")
    except UnicodeDecodeError:  # 0x81, 0x8d, 0x8f, 0x90, 0x9d ("Å", "ç", "è", "ê", "ù" in Mac Roman)
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        guess = str(best) if best is not None else None
        return mac if guess is None or _nordic_share(mac) > _nordic_share(guess) else guess
    return mac if _nordic_share(mac) > _nordic_share(cp) else cp


_NORDIC = set("åäöÅÄÖéÉüÜæøÆØèàáíóú–—‘’“”•…§€½«»°")


def _nordic_share(text: str) -> float:
    """Share of non-ASCII characters that are ordinary in Swedish/Norwegian text."""
    other = [ch for ch in text if ord(ch) > 127]
    return sum(ch in _NORDIC for ch in other) / len(other) if other else 1.0


def _looks_binary(text: str) -> bool:
    sample = text[:20000]
    bad = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f")
    return bad > max(2, len(sample) // 200)

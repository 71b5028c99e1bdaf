"""Dates written in Swedish or English, found in cells, headings and file names, as ISO ``YYYY-MM-DD``.

>>> _find_date("Arbetsmöte 13 januari 2025"), _to_iso_date("45797")
('2025-01-13', '2025-05-20')
"""
from __future__ import annotations

import datetime as _dt
import re

_MONTHS = {
    "januari": 1, "january": 1, "jan": 1, "februari": 2, "february": 2, "feb": 2, "mars": 3,
    "march": 3, "mar": 3, "april": 4, "apr": 4, "maj": 5, "may": 5, "mai": 5, "juni": 6, "june": 6,
    "jun": 6, "juli": 7, "july": 7, "jul": 7, "augusti": 8, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "oktober": 10, "october": 10, "okt": 10, "oct": 10, "november": 11,
    "nov": 11, "december": 12, "desember": 12, "dec": 12, "des": 12,
}
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"(?<!\d)(\d{4})[-/._](\d{1,2})[-/._](\d{1,2})(?!\d)"), "ymd"),
    (re.compile(r"(?<!\d)(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?!\d)"), "dmy"),
    (re.compile(rf"(?<!\d)(\d{{1,2}})(?::[ae]|\.)?[\s_-]+({_MONTH_RE})\.?[\s_-]+(\d{{4}})(?!\d)", re.I), "dMy"),
    (re.compile(rf"\b({_MONTH_RE})\.?\s+(\d{{1,2}}),?\s+(\d{{4}})(?!\d)", re.I), "Mdy"),
    (re.compile(r"(?<!\d)((?:19|20)\d{2})(\d{2})(\d{2})(?!\d)"), "ymd"),
]
_SHORT_DMY = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{2})$")
_EXCEL_SERIAL = re.compile(r"^\d{5}(\.\d+)?$")


def _valid(y: int, m: int, d: int) -> str:
    try:
        return _dt.date(y, m, d).isoformat() if 1900 <= y <= 2100 else ""
    except ValueError:
        return ""


def _find_date(text: str) -> str:
    """First date written anywhere in ``text`` as ISO, else "" ("13 januari 2025" -> "2025-01-13")."""
    if not text:
        return ""
    for pattern, order in _DATE_PATTERNS:
        for m in pattern.finditer(text):
            a, b, c = m.groups()
            if order == "ymd":
                iso = _valid(int(a), int(b), int(c))
            elif order == "dmy":
                iso = _valid(int(c), int(b), int(a)) or _valid(int(c), int(a), int(b))
            elif order == "dMy":
                iso = _valid(int(c), _MONTHS[b.lower()], int(a))
            else:
                iso = _valid(int(c), _MONTHS[a.lower()], int(b))
            if iso:
                return iso
    return ""


def _to_iso_date(value: str) -> str:
    """A date cell as ISO: everything ``_find_date`` knows plus Excel serials and d/m/yy."""
    value = value.strip()
    if not value:
        return ""
    if _EXCEL_SERIAL.match(value) and 20000 <= float(value) <= 80000:
        return (_dt.date(1899, 12, 30) + _dt.timedelta(days=int(float(value)))).isoformat()
    m = _SHORT_DMY.match(value)
    if m:
        return _valid(2000 + int(m.group(3)), int(m.group(2)), int(m.group(1)))
    return _find_date(value)

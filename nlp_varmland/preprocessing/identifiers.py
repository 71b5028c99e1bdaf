"""Personal identifiers in free text: personnummer, e-mail, phone, street address, number plate.

Each step is a pure ``str -> str`` that puts a readable placeholder where an identifier stood; the
library checks (python-stdnum for the personnummer check digit, phonenumbers for validity) decide,
the patterns of :mod:`.resources` only find candidates. ``redact.apply`` runs them with the name
step; what is caught and what stays is listed in :mod:`.redact`.
"""
from __future__ import annotations

import calendar
import re

from . import resources as R

__all__ = ["luhn_valid", "is_personnummer", "personnummer", "emails", "phones", "addresses", "plates",
           "replace_spans"]

def luhn_valid(digits: str) -> bool:
    """Luhn (mod 10) check of a digit string, as used by the personnummer check digit.

    >>> luhn_valid("8112189876")
    True
    >>> luhn_valid("8112189875")
    False
    """
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def is_personnummer(number: str) -> bool:
    """True for a valid personnummer (python-stdnum) or samordningsnummer (day + 60).

    >>> is_personnummer("19811218-9876"), is_personnummer("811278-9873")
    (True, True)
    >>> is_personnummer("198504121234"), is_personnummer("556677-8899")
    (False, False)
    """
    from stdnum import luhn  # noqa: PLC0415 - small, but only needed when digits are present
    from stdnum.se import personnummer as pnr  # noqa: PLC0415

    digits = "".join(ch for ch in number if ch.isdigit())
    if len(digits) not in (10, 12):
        return False
    if len(digits) == 12 and not 1800 <= int(digits[:4]) <= 2100:
        return False
    try:
        if pnr.is_valid(number):
            return True
    except Exception:  # noqa: BLE001 - stdnum raises its own errors on odd shapes; not a number then
        return False
    ten = digits[-10:]
    day = int(ten[4:6])
    if day <= 60 or not luhn.is_valid(ten):
        return False
    # A samordningsnummer is a personnummer with 60 added to the day: check that date.
    month, day = int(ten[2:4]), day - 60
    if not 1 <= month <= 12 or day < 1:
        return False
    year = int(digits[:4]) if len(digits) == 12 else 2000
    return day <= calendar.monthrange(year, month)[1] or (month == 2 and day == 29 and len(digits) == 10)


def personnummer(text: str, *, placeholder: str = "[PERSONNUMMER]") -> str:
    """Replace valid personnummer and samordningsnummer.

    >>> personnummer("Mitt nr är 19811218-9876, född 19850412.")
    'Mitt nr är [PERSONNUMMER], född 19850412.'
    """
    if R.DIGIT_RE.search(text) is None:
        return text

    def sub(m: re.Match[str]) -> str:
        return placeholder if is_personnummer(m.group(0)) else m.group(0)

    return R.PERSONNUMMER_RE.sub(sub, text)


def emails(text: str, *, placeholder: str = "[EPOST]") -> str:
    """Replace e-mail addresses.

    >>> emails("Mejla anna.svensson@regionvarmland.se!")
    'Mejla [EPOST]!'
    """
    if "@" not in text:
        return text
    return R.EMAIL_RE.sub(placeholder, text)


def _phone_ok(number: str) -> bool:
    digits = "".join(ch for ch in number if ch.isdigit())
    if number.startswith("+") or digits.startswith("00"):
        digits = digits[2:] if digits.startswith("00") else digits
        cc = 3 if digits.startswith("358") else 2
        return 7 <= len(digits) - cc <= 10
    return 8 <= len(digits) <= 10


_TIME_RANGE_RE = re.compile(
    r"^\(?(?:\d{1,2}[.:]\d{2}\s*[-–/]\s*\d{1,2}[.:]\d{2}|[01]\d[0-5]\d\s*[-–]\s*(?:[01]\d|2[0-4])[0-5]\d)\)?$"
)  # "09.00-12.00", "0900-1200": opening hours, not a phone number
_DATE_LIKE_RE = re.compile(r"^\d{2,4}[-./]\d{1,2}[-./]\d{1,4}$")
_AMOUNT_AFTER_RE = re.compile(r"\s?(?:%|kr\b|kronor|sek\b|mkr|mnkr|tkr|procent|st\b)", re.IGNORECASE)


def _library_phone_spans(text: str) -> list[tuple[int, int]]:
    """Spans of phone numbers that ``phonenumbers`` finds valid, inside phone-like digit runs."""
    try:
        from phonenumbers import Leniency, PhoneNumberMatcher  # noqa: PLC0415
    except ImportError:  # pragma: no cover - a dependency; the regex below still runs
        return []
    spans: list[tuple[int, int]] = []
    for cand in R.PHONE_CANDIDATE_RE.finditer(text):
        lo = cand.start()
        window = text[lo : cand.end()]
        for m in PhoneNumberMatcher(window, "SE", leniency=Leniency.VALID, max_tries=20):
            raw = m.raw_string.strip()
            if not raw.startswith(("+", "0", "(")) or _TIME_RANGE_RE.match(raw) or _DATE_LIKE_RE.match(raw):
                continue
            if _AMOUNT_AFTER_RE.match(text, lo + m.end):
                continue
            spans.append((lo + m.start, lo + m.end))
    return spans


def phones(text: str, *, placeholder: str = "[TELEFON]") -> str:
    """Replace phone numbers: valid by ``phonenumbers`` (Swedish, or international with + or
    00) or of the Swedish/Nordic shape; years, amounts, dates and time ranges stay.

    >>> phones("Ring 070-123 45 67 eller +44 20 7946 0958, inte 2024, 500 000 kr eller 09.00-12.00.")
    'Ring [TELEFON] eller [TELEFON], inte 2024, 500 000 kr eller 09.00-12.00.'
    >>> phones("Öppet 0900-1200, ring 054-540 10 00")
    'Öppet 0900-1200, ring [TELEFON]'
    """
    if R.DIGIT_RE.search(text) is None:
        return text
    spans = _library_phone_spans(text)
    spans += [(m.start(), m.end()) for m in R.PHONE_RE.finditer(text)
              if _phone_ok(m.group(0)) and not _TIME_RANGE_RE.match(m.group(0))]
    return replace_spans(text, spans, placeholder)


def replace_spans(text: str, spans: list[tuple[int, int]], placeholder: str) -> str:
    """``text`` with every span (overlapping ones merged) replaced by ``placeholder``."""
    if not spans:
        return text
    spans.sort()
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out: list[str] = []
    pos = 0
    for start, end in merged:
        out.append(text[pos:start])
        out.append(placeholder)
        pos = end
    out.append(text[pos:])
    return "".join(out)


def addresses(text: str, *, placeholder: str = "[ADRESS]") -> str:
    """Replace Swedish street addresses (street word + house number, optional postal code).

    >>> addresses("Lokalen på Västra vägen 3 B, nära Storgatan 12. Storgatan är avstängd.")
    'Lokalen på [ADRESS], nära [ADRESS]. Storgatan är avstängd.'
    """
    if R.DIGIT_RE.search(text) is None:
        return text
    return R.address_re().sub(placeholder, text)


def plates(text: str, *, placeholder: str = "[REGNR]") -> str:
    """Replace Swedish number plates; currencies and acronyms with numbers stay.

    >>> plates("Bilen ABC 123 och KLM 45B, men SEK 500 och E18 stannar.")
    'Bilen [REGNR] och [REGNR], men SEK 500 och E18 stannar.'
    """
    if R.DIGIT_RE.search(text) is None:
        return text
    skip = R.wordset("sv_plate_exceptions.txt")

    def sub(m: re.Match[str]) -> str:
        return m.group(0) if m.group("letters") in skip else placeholder

    return R.PLATE_RE.sub(sub, text)

"""Redaction of personal data with readable placeholders.

``redact.personnummer``, ``redact.emails``, ``redact.phones`` and ``redact.names`` are pure
``str -> str`` steps; :func:`apply` runs the chosen ones and counts what it replaced.

What is caught and what is not:

* ``[PERSONNUMMER]``: 10 or 12 digits, with or without ``-``/``+``, a real date (day + 60 for
  samordningsnummer) and a valid Luhn check digit. Dates ("19850412"), organisation numbers
  (month + 20) and numbers with a wrong check digit stay.
* ``[EPOST]``: addresses ``local@domain.tld``. Obfuscated ones ("anna at region.se") stay.
* ``[TELEFON]``: Swedish numbers that start with 0 and an area code (070-123 45 67,
  054-10 00 00, 08-123 456 78) or with +46/0046 (also +47, +45, +358), 8-10 digits.
  Years, amounts ("500 000 kr") and dates never start so. Short internal extensions
  ("ankn. 1234") stay.
* ``[NAMN]``: a first name from ``data/sv_first_names.txt`` followed by a capitalised surname
  (a listed surname, a surname ending like -sson/-berg, or any capitalised word that is not in
  ``data/sv_name_exceptions.txt``), and every name passed in ``known`` (speakers from
  attributions). A first name alone is only redacted with ``first_name_alone=True``;
  lowercase names and surnames alone are not caught.
"""
from __future__ import annotations

import calendar
import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from . import resources as R

__all__ = [
    "PLACEHOLDERS",
    "KINDS",
    "luhn_valid",
    "is_personnummer",
    "personnummer",
    "emails",
    "phones",
    "names",
    "known_names_pattern",
    "apply",
    "format_counts",
]

PLACEHOLDERS: dict[str, str] = {
    "emails": "[EPOST]",
    "personnummer": "[PERSONNUMMER]",
    "phones": "[TELEFON]",
    "names": "[NAMN]",
}
KINDS: tuple[str, ...] = tuple(PLACEHOLDERS)


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
    """True for a valid personnummer or samordningsnummer (day + 60), 10 or 12 digits.

    >>> is_personnummer("19811218-9876"), is_personnummer("811278-9873")
    (True, True)
    >>> is_personnummer("198504121234"), is_personnummer("556677-8899")
    (False, False)
    """
    digits = "".join(ch for ch in number if ch.isdigit())
    if len(digits) == 12:
        year: int | None = int(digits[:4])
        digits = digits[2:]
    elif len(digits) == 10:
        year = None
    else:
        return False
    month, day = int(digits[2:4]), int(digits[4:6])
    if day > 60:
        day -= 60
    if not 1 <= month <= 12 or day < 1:
        return False
    if year is not None:
        if not 1800 <= year <= 2100:
            return False
        max_day = calendar.monthrange(year, month)[1]
    else:
        max_day = 29 if month == 2 else calendar.monthrange(2001, month)[1]
    return day <= max_day and luhn_valid(digits)


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


def phones(text: str, *, placeholder: str = "[TELEFON]") -> str:
    """Replace Swedish (and Nordic +47/+45/+358) phone numbers; years, amounts and dates stay.

    >>> phones("Ring 070-123 45 67 eller +46 54 10 00 00, inte 2024 eller 500 000 kr.")
    'Ring [TELEFON] eller [TELEFON], inte 2024 eller 500 000 kr.'
    """
    if R.DIGIT_RE.search(text) is None:
        return text

    def sub(m: re.Match[str]) -> str:
        return placeholder if _phone_ok(m.group(0)) else m.group(0)

    return R.PHONE_RE.sub(sub, text)


@lru_cache(maxsize=1)
def _name_data() -> tuple[frozenset[str], frozenset[str], frozenset[str], tuple[str, ...]]:
    return (
        R.wordset("sv_first_names.txt"),
        R.wordset("sv_surnames.txt"),
        R.wordset("sv_name_exceptions.txt"),
        tuple(R.wordlist("sv_surname_suffixes.txt")),
    )


def _is_first_name(word: str, first_names: frozenset[str]) -> bool:
    return word in first_names or ("-" in word and all(p in first_names for p in word.split("-")))


def _sentence_initial(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \t\"'–(")
    return not before or before[-1] in ".!?:\n•;"


def known_names_pattern(known: Iterable[str]) -> re.Pattern[str] | None:
    """One regex for names known to be persons (e.g. speakers from attributions): the full
    name, and each part that is a listed first name or surname or ends like a surname.

    >>> known_names_pattern(["Jan Ohlsson"]).sub("[NAMN]", "Ohlsson och Jan Ohlsson")
    '[NAMN] och [NAMN]'
    >>> known_names_pattern(["Per Skog"]).sub("[NAMN]", "Skog och stål, sa Per Skog")
    'Skog och stål, sa [NAMN]'
    """
    first_names, surnames, exceptions, suffixes = _name_data()
    variants: set[str] = set()
    for name in known:
        name = " ".join(str(name).split())
        if not name or not name[0].isupper():
            continue
        variants.add(name)
        for part in name.split():
            # A part alone ("Ohlsson", "Jan") only when it is a listed name or has a surname
            # ending: "Per Skog" must not turn every "Skog" into a name.
            if (
                len(part) >= 3
                and part[0].isupper()
                and part not in exceptions
                and (part in surnames or _is_first_name(part, first_names) or part.endswith(suffixes))
            ):
                variants.add(part)
    if not variants:
        return None
    alternation = "|".join(re.escape(v) for v in sorted(variants, key=len, reverse=True))
    return re.compile(r"(?<![\w-])(?:" + alternation + r")(?![\w-])")


def names(
    text: str,
    *,
    placeholder: str = "[NAMN]",
    known: re.Pattern[str] | Iterable[str] | None = None,
    first_name_alone: bool = False,
) -> str:
    """Replace person names: First (Middle) Last, and names given in ``known``.

    >>> names("Vi pratade med Anna-Karin Tollin och Per Larsson i Karlstad.")
    'Vi pratade med [NAMN] och [NAMN] i Karlstad.'
    >>> names("Karlstads kommun och Kristinehamn samarbetar, sa Jan.", known=["Jan Ohlsson"])
    'Karlstads kommun och Kristinehamn samarbetar, sa [NAMN].'
    """
    if known is not None and not isinstance(known, re.Pattern):
        known = known_names_pattern(known)
    if known is not None:
        text = known.sub(placeholder, text)
    first_names, surnames, exceptions, suffixes = _name_data()
    matches = list(R.CAPWORD_RE.finditer(text))
    if not matches:
        return text
    spans: list[tuple[int, int]] = []
    i, n = 0, len(matches)
    while i < n:
        m = matches[i]
        word = m.group(0)
        if not _is_first_name(word, first_names):
            i += 1
            continue
        j = i + 1
        end = m.end()
        found_surname = False
        while j < n and text[end : matches[j].start()] == " ":
            nxt = matches[j].group(0)
            if nxt in exceptions and nxt not in surnames:
                break
            end = matches[j].end()
            j += 1
            is_surname = nxt in surnames or nxt.endswith(suffixes) or not _is_first_name(nxt, first_names)
            found_surname = True
            if is_surname:
                break
        if found_surname and (word not in exceptions or matches[j - 1].group(0) in surnames):
            spans.append((m.start(), end))
            i = j
            continue
        if first_name_alone and word not in exceptions and not _sentence_initial(text, m.start()):
            spans.append((m.start(), m.end()))
        i += 1
    if not spans:
        return text
    out: list[str] = []
    pos = 0
    for start, end in spans:
        out.append(text[pos:start])
        out.append(placeholder)
        pos = end
    out.append(text[pos:])
    return "".join(out)


_STEPS = {"personnummer": personnummer, "emails": emails, "phones": phones}


def apply(
    text: str,
    *,
    kinds: Iterable[str] = KINDS,
    known: re.Pattern[str] | Iterable[str] | None = None,
    first_name_alone: bool = False,
) -> tuple[str, Counter[str]]:
    """Run the redaction steps in a safe order and count placeholders added per kind.

    >>> text, counts = apply("Ring Anna Berg på 070-123 45 67")
    >>> text, format_counts(counts)
    ('Ring [NAMN] på [TELEFON]', 'NAMN:1;TELEFON:1')
    """
    counts: Counter[str] = Counter()
    wanted = set(kinds)
    for kind in KINDS:  # e-mails first (they hold digits), personnummer before phones
        if kind not in wanted:
            continue
        placeholder = PLACEHOLDERS[kind]
        before = text.count(placeholder)
        if kind == "names":
            text = names(text, placeholder=placeholder, known=known, first_name_alone=first_name_alone)
        else:
            text = _STEPS[kind](text, placeholder=placeholder)
        added = text.count(placeholder) - before
        if added:
            counts[kind] += added
    return text, counts


def format_counts(counts: Counter[str] | dict[str, int]) -> str:
    """``"NAMN:2;TELEFON:1"`` from counts per kind, in a fixed order; ``""`` when none.

    >>> format_counts({"phones": 1, "names": 2})
    'NAMN:2;TELEFON:1'
    """
    parts = []
    for kind in ("names", "personnummer", "emails", "phones"):
        if counts.get(kind):
            parts.append(f"{PLACEHOLDERS[kind].strip('[]')}:{counts[kind]}")
    return ";".join(parts)

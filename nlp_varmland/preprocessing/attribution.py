"""Quote attribution: take "who said it" out of the statement and keep it as speaker/role.

Covered forms (after :mod:`normalize`, so quotes are plain and dashes are "–"):

* trailing: ``– Det är en stor utmaning, säger en HR-chef från Kristinehamn.`` (also with a
  dash instead of the comma: ``Det är svårt – säger en HR-chef.``)
  → role ``en HR-chef från Kristinehamn``; ``..., säger Jan Ohlsson, utbildningssamordnare på
  Hammarö kommun.`` → speaker ``Jan Ohlsson``, role ``utbildningssamordnare på Hammarö kommun``;
  ``..., säger hon.`` → removed, nobody named. Speech verbs: ``data/sv_attribution_verbs.txt``.
* leading: ``Jan Ohlsson, utbildningssamordnare: – Jag är ...`` and ``Jan Ohlsson: Jag är ...``
  (the name must start with a known first name or end with a known surname).
* a header line on its own (``Jan Ohlsson, utbildningssamordnare på Hammarö kommun``) that is
  followed by a quote line starting with "–": see :func:`header`; ``clean`` moves it onto the
  quote.

Not covered: an attribution in the middle of a quote (``"A", säger X. "B"``), speech verbs
before the quote (``Anna säger att ...``) and attributions longer than 25 words.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from . import resources as R

__all__ = ["Attribution", "extract", "remove", "header", "split_who"]

_NAME = rf"[{R.UPPER}][{R.LOWER}]+(?:-[{R.UPPER}][{R.LOWER}]+)?"
_NAME_SPAN = rf"{_NAME}(?:\s+{_NAME}){{1,3}}"


class Attribution(NamedTuple):
    """A statement split into the quote ``text`` and who said it."""

    text: str
    speaker: str
    role: str


@lru_cache(maxsize=1)
def _trailing_re() -> re.Pattern[str]:
    words = sorted(R.wordlist("sv_attribution_verbs.txt"), key=len, reverse=True)
    verbs = "|".join(re.escape(v).replace(r"\ ", r"\s+") for v in words)
    return re.compile(
        r"^(?P<quote>.*?\S)\s*(?:,\s*[\"']|[\"']\s*,|,|[\"'](?=\s)|(?<=\s)[–-](?=\s))\s*(?:–\s*)?"
        r"(?P<verb>" + verbs + r")\s+(?P<who>(?:[^.!?]|\.(?=\S)){1,200}?)\s*[.!]?\s*$",
        re.DOTALL,
    )


_LEADING_RE = re.compile(
    rf"^(?P<name>{_NAME_SPAN})(?:\s*,\s*(?P<role>[^:–\"]{{2,200}}?))?\s*(?::\s*(?:–\s*)?|\s+–\s+)(?P<quote>\S.*)$",
    re.DOTALL,
)
_HEADER_RE = re.compile(rf"^(?P<name>{_NAME_SPAN})(?:\s*,\s*(?P<role>[^.!?:;\"]{{2,200}}?))?\s*:?\s*$")
_WHO_NAME_RE = re.compile(
    rf"^(?P<name>{_NAME_SPAN})(?=\s*(?:,|$|\s+(?:på|från|i|vid|inom)\s))\s*,?\s*(?P<rest>.*)$", re.DOTALL)


def _is_person(name: str) -> bool:
    parts = name.split()
    first_names = R.wordset("sv_first_names.txt")
    surnames = R.wordset("sv_surnames.txt")
    first = parts[0]
    if first in R.wordset("sv_name_exceptions.txt") | {"Region"}:
        # A first name that is also a word ("Per", "Bo", "Åsa") counts before a listed surname:
        # "Per Larsson", "Bo Ek"; "Region Värmland", "Stora Enso" do not.
        return first in first_names and len(parts) == 2 and parts[-1] in surnames
    return (
        first in first_names
        or any(p in first_names for p in first.split("-"))
        or parts[-1] in surnames
    )


def split_who(who: str) -> tuple[str, str]:
    """(speaker, role) of the words after a speech verb.

    >>> split_who("Jan Ohlsson, utbildningssamordnare på Hammarö kommun")
    ('Jan Ohlsson', 'utbildningssamordnare på Hammarö kommun')
    >>> split_who("en HR-chef från Kristinehamn")
    ('', 'en HR-chef från Kristinehamn')
    >>> split_who("hon")
    ('', '')
    """
    who = who.strip().rstrip(".,;: ")
    if who.lower() in R.wordset("sv_pronouns.txt", lower=True):
        return "", ""
    m = _WHO_NAME_RE.match(who)
    if m and _is_person(m.group("name")):
        return m.group("name"), m.group("rest").strip().rstrip(".")
    return "", who


def extract(text: str) -> Attribution:
    """Split an attributed quote into quote, speaker and role; unchanged text when none.

    >>> extract("– Det är en stor utmaning, säger en HR-chef från Kristinehamn.")
    Attribution(text='Det är en stor utmaning.', speaker='', role='en HR-chef från Kristinehamn')
    >>> extract("Jan Ohlsson, utbildningssamordnare: – Jag är skolmänniska.")
    Attribution(text='Jag är skolmänniska.', speaker='Jan Ohlsson', role='utbildningssamordnare')
    """
    stripped = text.strip()
    m = _trailing_re().match(stripped)
    if m and _plausible_who(m.group("who")):
        quote = _clean_quote(m.group("quote"))
        if quote and not quote.endswith((".", "!", "?", "…")):
            quote += "."
        speaker, role = split_who(m.group("who"))
        return Attribution(quote, speaker, role)
    m = _LEADING_RE.match(stripped)
    if m and _is_person(m.group("name")):
        return Attribution(_clean_quote(m.group("quote")), m.group("name"), (m.group("role") or "").strip())
    return Attribution(text, "", "")


def _plausible_who(who: str) -> bool:
    words = who.split()
    return (0 < len(words) <= 25 and words[0].lower() not in R.wordset("sv_attribution_not_who.txt")
            and "–" not in who)


def _clean_quote(quote: str) -> str:
    quote = quote.strip()
    while quote[:1] in ("–", "-") and quote[1:2] in (" ", ""):
        quote = quote[1:].lstrip()
    if quote[:1] in ("\"", "'") and quote.count(quote[0]) == 1:  # not `in "\"'"`: "" is in every str
        quote = quote[1:].strip()
    if len(quote) >= 2 and quote[0] == quote[-1] and quote[0] in "\"'" and quote.count(quote[0]) == 2:
        quote = quote[1:-1].strip()
    return quote.rstrip(",").strip()


def remove(text: str) -> str:
    """The statement without its attribution (a ``str -> str`` pipeline step).

    >>> remove("Bussen går för sällan, säger hon.")
    'Bussen går för sällan.'
    """
    return extract(text).text


def header(text: str) -> tuple[str, str] | None:
    """(speaker, role) when the whole line only names a speaker, as in news-style minutes:

    >>> header("Jan Ohlsson, utbildningssamordnare på Hammarö kommun")
    ('Jan Ohlsson', 'utbildningssamordnare på Hammarö kommun')
    >>> header("Brist på bostäder") is None
    True
    """
    m = _HEADER_RE.match(text.strip())
    if not m or not _is_person(m.group("name")):
        return None
    role = (m.group("role") or "").strip()
    if len(role.split()) > 15:
        return None
    return m.group("name"), role

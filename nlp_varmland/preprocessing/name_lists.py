"""Participant lists: the items of a list after a heading such as "Deltagare:".

After a heading cue (``data/sv_participant_cues.txt``: "Deltagare:", "Närvarande:",
"Antecknat av", "Grupp 2 (") the capitalised items of the list that follows, up to the end of
the sentence, line or bracket, are person names, also names that are ordinary words ("Per",
"Åsa", "Bo"). :func:`participant_items` finds them; ``redact.names`` decides which words of an
item are a name (places and organisations are not).

>>> text = "Deltagare: Per, Åsa från Arvika och Bo. Förslag: Per år"
>>> [(text[s:e], n) for s, e, n in participant_items(text)]
[('Per', 3), ('Åsa', 3), ('Bo', 3)]
"""
from __future__ import annotations

import re
from functools import lru_cache

from . import resources as R

__all__ = ["participant_items"]

_NR = r"(?:\d{1,3}|[A-ZÅÄÖ])"


@lru_cache(maxsize=1)
def _cue_re() -> re.Pattern[str] | None:
    """One regex for every heading cue, with its opener (":", "(" or a space)."""
    colon: list[str] = []
    paren: list[str] = []
    plain: list[str] = []
    for line in R.wordlist("sv_participant_cues.txt"):
        cue = line.strip().lower()
        kind = colon if cue.endswith(":") else paren if cue.endswith("(") else plain
        words = cue.rstrip(":(").split()
        kind.append(r"[ \t]+".join(_NR if w == "<nr>" else re.escape(w) for w in words))
    parts = []
    for cues, opener in ((colon, r"[ \t]*[:(]"), (paren, r"[ \t]*\("), (plain, r"(?:[ \t]*:|[ \t]+)")):
        if cues:
            parts.append(r"(?:" + "|".join(sorted(cues, key=len, reverse=True)) + r")" + opener)
    if not parts:
        return None
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")", re.IGNORECASE)


_CAPRUN_RE = re.compile(rf"\[NAMN\]|{R.CAPWORD_RE.pattern}(?: {R.CAPWORD_RE.pattern})*")
_OTHER_RE = re.compile(r"(?![A-ZÅÄÖ\[])[^\s,;/&.!?()]+(?:[ \t]+(?!och\b|samt\b)[^\s,;/&.!?()]+){0,3}")
_PAREN_RE = re.compile(r"[ \t]*\([^()\n]{0,60}\)")
_AFFIL_RE = re.compile(  # "Åsa från Arvika", "Bo på kommunen": an affiliation after the name
    r"[ \t]+(?:från|på|vid|hos|i)[ \t]+[^,;/&.!?()\n]{1,40}?(?=[ \t]*(?:[,;/&.!?()\n]|$)|[ \t]+(?:och|samt)[ \t])")
_TAIL_RE = re.compile(  # "Eda kommun", "Anna Berg rektor": one or two lowercase words before the separator
    r"(?:[ \t]+(?!och\b|samt\b)[a-zåäöéü][\w-]*){1,2}(?=[ \t]*[,;/&]|[ \t]+(?:och|samt)[ \t])")
_SEP_RE = re.compile(r"[ \t]*[,;/&][ \t]*|[ \t]+(?:och|samt)[ \t]+")
_END_RE = re.compile(r"[ \t]*(?:$|[.!?\n)])")


def participant_items(text: str) -> list[tuple[int, int, int]]:
    """(start, end, list size) of the capitalised items of each participant list in ``text``.

    An item followed by other words ("Ordförande: Per år 2024") only counts in a list of two
    or more items; "[NAMN]" counts as an item but is not returned.

    >>> participant_items("Ordförande: Per år 2024, Närvarande: Bo")
    [(37, 39, 1)]
    """
    cue_re = _cue_re()
    if cue_re is None:
        return []
    out: list[tuple[int, int, int]] = []
    for heading in cue_re.finditer(text):
        pos = heading.end()
        items: list[tuple[int, int, bool]] = []
        while True:
            while pos < len(text) and text[pos] in " \t":
                pos += 1
            cap = _CAPRUN_RE.match(text, pos)
            other = None if cap else _OTHER_RE.match(text, pos)
            if cap is None and other is None:
                break
            pos = (cap or other).end()  # type: ignore[union-attr]
            for extra in (_PAREN_RE, _AFFIL_RE, _TAIL_RE, _PAREN_RE) if cap else (_PAREN_RE,):
                m = extra.match(text, pos)
                pos = m.end() if m else pos
            sep = _SEP_RE.match(text, pos)
            if cap is not None:
                items.append((cap.start(), cap.end(), sep is not None or _END_RE.match(text, pos) is not None))
            if sep is None:
                break
            pos = sep.end()
        out += [(s, e, len(items)) for s, e, clean in items
                if (clean or len(items) > 1) and not text.startswith("[NAMN]", s)]
    return out

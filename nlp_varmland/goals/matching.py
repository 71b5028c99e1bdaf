"""Keyword matching for goals: phrase spellings, lemmas and Swedish compounds.

A goal keyword matches a text when every word of some spelling of it (as written, or
lemmatised) matches a lemma of the text, itself or as the first or last part of a compound.

>>> _match(_phrase_lemmas(["buss"], lambda p: ["buss"]), ["landsbygdsbuss"])
['buss']
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

_TOKEN = re.compile(r"[0-9a-zåäöéüæø]+(?:[-:][0-9a-zåäöéüæø]+)*", re.IGNORECASE)


def _lemmatizer() -> Any:
    """The pipeline's Swedish content lemmas (``preprocessing.content_lemmas``)."""
    from nlp_varmland.preprocessing import content_lemmas

    return content_lemmas


def _is_word(s: str) -> bool:
    from nlp_varmland.preprocessing.tokens import is_known_word

    return len(s) >= 3 and is_known_word(s)


def _lemma_matches(keyword: str, lemma: str) -> bool:
    """``lemma`` is ``keyword`` or a Swedish compound with it as first or last part.

    bussförbindelse ~ buss, landsbygdsbuss ~ buss, bostadsbrist ~ bostad; the other part must
    be a known word so that "naturligtvis" is not read as "natur".
    """
    if lemma == keyword:
        return True
    if len(keyword) < 4 or len(lemma) < len(keyword) + 3:
        return False
    if lemma.startswith(keyword):
        rest = lemma[len(keyword):]
        return _is_word(rest) or (rest[0] == "s" and _is_word(rest[1:]))
    if lemma.endswith(keyword):
        head = lemma[: -len(keyword)]
        return _is_word(head) or (head.endswith("s") and _is_word(head[:-1]))
    return False


def _phrase_lemmas(phrases: Iterable[str], lemmatize: Any) -> list[tuple[str, tuple[tuple[str, ...], ...]]]:
    """Each phrase with its spellings to look for: its words as written and their lemmas.

    Both, because a keyword is written in its base form and a context-free lemmatiser can
    misread it ("buss" -> "bussa").
    """
    out = []
    for p in phrases:
        surface = tuple(w for w in _TOKEN.findall(p.lower()))
        lem = tuple(w.lower() for w in lemmatize(p))
        forms = tuple(dict.fromkeys(f for f in (surface, lem) if f))
        out.append((p, forms))
    return out


def _expand(lemmas: Sequence[str]) -> list[str]:
    """Lemmas plus the parts of hyphenated ones ("bup-kö" -> bup, kö)."""
    out = list(lemmas)
    for lemma in lemmas:
        if "-" in lemma:
            out.extend(x for x in lemma.split("-") if x)
    return out


def _match(phrases: list[tuple[str, tuple[tuple[str, ...], ...]]], lemmas: Sequence[str]) -> list[str]:
    """The phrases of which some spelling has every word matching some lemma of the text."""
    return _match_units(phrases, KeywordUnits(phrases).of(lemmas))


def _match_units(phrases: list[tuple[str, tuple[tuple[str, ...], ...]]], units: frozenset[str]) -> list[str]:
    """Like :func:`_match`, given the keyword words a text contains (``KeywordUnits.of``)."""
    return [p for p, forms in phrases if any(all(k in units for k in form) for form in forms)]


class KeywordUnits:
    """Which keyword words a text's lemmas contain, itself or as a compound part.

    Built once per vocabulary; each distinct lemma is resolved once (by looking up its prefixes
    and suffixes in the vocabulary, so the cost grows with the lemma's length, not with the
    number of keywords), which keeps goal matching linear in the number of statements.

    >>> units = KeywordUnits(_phrase_lemmas(["buss", "bostad"], lambda p: [p]))
    >>> sorted(units.of(["landsbygdsbuss", "skola"]))
    ['buss']
    """

    def __init__(self, *phrase_lists: list[tuple[str, tuple[tuple[str, ...], ...]]]) -> None:
        self.vocab = frozenset(k for phrases in phrase_lists for _, forms in phrases
                               for form in forms for k in form)
        self._cache: dict[str, frozenset[str]] = {}

    def _of_lemma(self, lemma: str) -> frozenset[str]:
        found = self._cache.get(lemma)
        if found is None:
            cands = {lemma[:i] for i in range(4, len(lemma) - 2)} | {lemma[i:] for i in range(3, len(lemma) - 3)}
            found = frozenset({lemma} & self.vocab | {k for k in cands & self.vocab if _lemma_matches(k, lemma)})
            self._cache[lemma] = found
        return found

    def of(self, lemmas: Sequence[str]) -> frozenset[str]:
        """The keyword words found in ``lemmas`` (hyphenated lemmas count with their parts)."""
        out: set[str] = set()
        for lemma in _expand(lemmas):
            out |= self._of_lemma(lemma)
        return frozenset(out)

"""Topic views: each statement without the frame around what it is about.

Table notes wrap their subject in frames: "Bord 3:", "Bra exempel:", "Det är en stor utmaning
att …". A sentence embedding sees the frame as much as the subject, so notes with the same
frame end up in one theme whatever they are about (on a tester's blind notes, ten notes that
began "Det är en stor utmaning att" on ten different topics). Themes are therefore fitted on the
topic view; goals and challenges, where "utmaning" matters, keep the whole text.

Two sources of frames:

- the Swedish frames in ``data/sv_note_frames.txt`` (regular expressions: tables and groups,
  headings such as "Förslag:", evaluative clauses such as "Det är svårt att"), and
- frames a corpus repeats: the same opening clause ending in "att", or a numbered "Word 3:",
  at the start of at least ``MIN_REPEATS`` statements (and 2 % of them). A topic is never
  such a clause, however often it opens a statement.

>>> topic_view("Bord 3: Det är en stor utmaning att få fiber till de sista hushållen")
'få fiber till de sista hushållen'
>>> topic_view("Behov av fler hyresrätter i Torsby")
'Behov av fler hyresrätter i Torsby'
>>> topic_views(["Vi vill se att bussen går oftare", "Vi vill se att vården finns nära",
...              "Vi vill se att fibern byggs ut", "Bostäder saknas"])[:2]
['bussen går oftare', 'vården finns nära']
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import cache

from .resources import wordlist

__all__ = ["MIN_REPEATS", "MIN_WORDS", "frame_patterns", "repeated_frames", "topic_view", "topic_views"]

#: A corpus frame opens at least this many statements (and ``MIN_SHARE`` of them).
MIN_REPEATS = 3
MIN_SHARE = 0.02
#: A view keeps at least this many words; otherwise the statement is its own view.
MIN_WORDS = 2
#: Longest corpus frame, in words.
MAX_FRAME_WORDS = 8

_TOKEN = re.compile(r"\w+|[:]", re.UNICODE)
_TRAIL = re.compile(r"^[\s:,;.–—-]+")


@cache
def frame_patterns() -> tuple[re.Pattern[str], ...]:
    """The frames of ``sv_note_frames.txt``, each anchored at the start of a statement."""
    return tuple(re.compile(r"^\s*(?:" + line + r")(?![\wåäöÅÄÖ])\s*[:,–—-]?\s*", re.IGNORECASE)
                 for line in wordlist("sv_note_frames.txt"))


def _norm(token: str) -> str:
    return "#" if token.isdigit() else token.lower()


def repeated_frames(texts: Sequence[str], *, min_repeats: int = MIN_REPEATS,
                    min_share: float = MIN_SHARE) -> frozenset[tuple[str, ...]]:
    """Opening clauses that frame many statements of ``texts`` (as lower-case token tuples).

    A frame is a run of 2 to ``MAX_FRAME_WORDS`` opening words that ends in "att" ("Vi vill
    se att"), or a word and a number before a colon ("Grupp 2:", numbers as ``#``), shared by at
    least ``min_repeats`` statements and ``min_share`` of all.

    >>> sorted(repeated_frames(["Grupp 1: a b", "Grupp 2: c d", "Grupp 3: e f", "x y"]))
    [('grupp', '#', ':')]
    """
    counts: Counter[tuple[str, ...]] = Counter()
    for text in texts:
        toks = [_norm(t) for t in _TOKEN.findall(str(text))[: MAX_FRAME_WORDS + 1]]
        seen = set()
        for n in range(2, min(len(toks), MAX_FRAME_WORDS) + 1):
            head = tuple(toks[:n])
            numbered = n == 3 and head[1] == "#" and head[2] == ":" and head[0].isalpha()
            if (head[-1] == "att" and ":" not in head) or numbered:
                seen.add(head)
        counts.update(seen)
    need = max(min_repeats, min_share * len(texts))
    return frozenset(h for h, c in counts.items() if c >= need)


def _cut_repeated(text: str, frames: frozenset[tuple[str, ...]]) -> str:
    """``text`` without its longest opening clause that is one of ``frames``."""
    if not frames:
        return text
    matches = list(_TOKEN.finditer(text))[: MAX_FRAME_WORDS + 1]
    toks = [_norm(m.group()) for m in matches]
    for n in range(min(len(toks), MAX_FRAME_WORDS), 1, -1):
        if tuple(toks[:n]) in frames:
            return text[matches[n - 1].end():]
    return text


def topic_view(text: str, frames: frozenset[tuple[str, ...]] = frozenset()) -> str:
    """``text`` without its frames (listed ones and ``frames`` from :func:`repeated_frames`).

    Frames are cut from the start until none is left ("Bord 3: Det är svårt att …"); a view of
    fewer than ``MIN_WORDS`` words gives the statement back whole.
    """
    text = str(text)
    view = text
    for _ in range(4):
        before = view
        for pattern in frame_patterns():
            view = pattern.sub("", view, count=1)
        view = _TRAIL.sub("", _cut_repeated(view, frames))
        if view == before:
            break
    view = view.strip()
    return view if len(re.findall(r"\w+", view)) >= MIN_WORDS else text


_HEADING_END = re.compile(r"[:–—-]\s*$")


def strip_headings(text: str, *, keep_kind: bool = False) -> str:
    """``text`` without the host's headings at its start ("Bord 3:", "Grupp 6 –", "Utmaning:",
    "Citat:"), for text shown as a quote. Opening clauses without a colon or dash ("Det är
    svårt att …") are what the statement says and stay; so does a heading with nothing after it.
    ``keep_kind``: a heading that says what kind of statement follows ("Förslag:", "Utmaning:",
    ``sv_statement_kind_headings.txt``) stays, with the rest, as a theme summary needs it.

    >>> strip_headings("Bord 3: Utmaning: tjälskador på vägarna")
    'tjälskador på vägarna'
    >>> strip_headings("Bord 3: Förslag: krav på laddstolpar", keep_kind=True)
    'Förslag: krav på laddstolpar'
    >>> strip_headings("Det är svårt att rekrytera"), strip_headings("Förslag:")
    ('Det är svårt att rekrytera', 'Förslag:')
    """
    view = str(text)
    for _ in range(4):
        before = view
        for pattern in frame_patterns():
            m = pattern.match(view)
            if m and _HEADING_END.search(m.group(0)) and view[m.end():].strip():
                if keep_kind and _says_kind(m.group(0)):
                    return view.lstrip()
                view = view[m.end():]
        if view == before:
            break
    return view


def _says_kind(heading: str) -> bool:
    return any(w in _kind_words() for w in re.findall(r"\w+", heading.lower()))


@cache
def _kind_words() -> frozenset[str]:
    return frozenset(wordlist("sv_statement_kind_headings.txt"))


def topic_views(texts: Sequence[str]) -> list[str]:
    """:func:`topic_view` of every text, with the frames this corpus repeats."""
    frames = repeated_frames(texts)
    return [topic_view(t, frames) for t in texts]

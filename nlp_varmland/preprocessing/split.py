"""Split one note (a raw row) into statements.

Rules, in order:

1. **Lines.** Every line is a statement. A line that starts with a lowercase letter and follows
   a line without end punctuation, colon or bullet is a wrapped continuation and is joined back.
2. **Bullets.** List markers (• ▪ * - – "1." "2)" "a)") at the start of a line are removed;
   bullet symbols inside a line (``"bostäder • bussar"``) also separate statements. Word's
   sub-bullets copied as letters ("o", "§" with a tab after them) are markers too, and "o " is
   one in a list context (the note's first line, after a closed line or a bullet, before another
   "o " line); elsewhere it is the abbreviation of "och" ("Selma Lagerlöf o Fröding").
3. **Semicolons** separate statements when the note looks like a list: two or more
   semicolons, or a note that does not end in . ! ?. A single semicolon inside a punctuated
   sentence ("Vi har många utmaningar; den största är kompetensen.") is sentence punctuation
   and stays.
4. **Sentences** are split only on request (``sentences=True``): after . ! ? followed by a
   capital letter, never after an abbreviation such as "bl.a." or "t.ex.".
"""
from __future__ import annotations

import re

from . import resources as R

__all__ = ["statements", "sentences", "lines"]

_LINE_END_RE = re.compile(r"[.!?:;…]['\")\]]*$")
_SENTENCE_BREAK_RE = re.compile(r"(?<=[.!?])['\")\]]*\s+(?=[\"'–(]?[A-ZÅÄÖÉ0-9])")


def lines(text: str) -> list[str]:
    """Lines of a note with list markers removed and wrapped lines joined back.

    >>> lines("- Brist på bostäder och\\nhyresrätter\\n- Dåliga bussar")
    ['Brist på bostäder och hyresrätter', 'Dåliga bussar']
    """
    text = R.LINEBREAK_RE.sub("\n", text)
    out: list[str] = []
    prev_open = False  # the previous line may continue on this one
    prev_bullet = False  # the previous line had a list marker
    rows = [raw.strip() for raw in text.split("\n")]
    for k, stripped in enumerate(rows):
        if not stripped:
            prev_open = False
            continue
        bullet = R.LEADING_BULLET_RE.match(stripped) or R.WORD_TAB_BULLET_RE.match(stripped)
        has_bullet = bullet is not None and bullet.end() > 0
        if not has_bullet:
            bullet = _o_bullet(stripped, first=not out, prev_open=prev_open, prev_bullet=prev_bullet,
                               next_line=rows[k + 1] if k + 1 < len(rows) else "")
            has_bullet = bullet is not None
        line = stripped[bullet.end() :].strip() if bullet is not None and has_bullet else stripped
        if not line:
            continue
        if out and prev_open and not has_bullet and line[0].islower():
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
        prev_open = _LINE_END_RE.search(out[-1]) is None
        prev_bullet = has_bullet
    return out


def _o_bullet(line: str, *, first: bool, prev_open: bool, prev_bullet: bool, next_line: str) -> re.Match[str] | None:
    """Word's sub-bullet "o " at the start of ``line`` when the line is in a list: the note's
    first line, after a closed line (. ! ? :) or another bullet, or before another "o " line.
    Otherwise the "o" is the abbreviation of "och" that a line break put first ("Selma
    Lagerlöf\no Fröding"), and the line continues the one before it.

    >>> _o_bullet("o Fler platser", first=False, prev_open=True, prev_bullet=False, next_line="") is None
    True
    """
    m = R.O_BULLET_RE.match(line)
    if m is None:
        return None
    if first or prev_bullet or not prev_open or R.O_BULLET_RE.match(next_line):
        return m
    return None


def _semicolon_parts(text: str) -> list[str]:
    n = text.count(";")
    if n == 0:
        return [text]
    if n == 1 and R.SENTENCE_END_RE.search(text):
        return [text]
    return [p for p in (s.strip() for s in R.SEMICOLON_RE.split(text)) if p]


def sentences(text: str) -> list[str]:
    """Split text into sentences, but never after an abbreviation ("bl.a.", "t.ex.").

    >>> sentences("Vi har bl.a. Karlstad. Bussen går sällan! Och sen?")
    ['Vi har bl.a. Karlstad.', 'Bussen går sällan!', 'Och sen?']
    """
    out: list[str] = []
    start = 0
    abbr_end = R.abbreviation_end_re()
    for m in _SENTENCE_BREAK_RE.finditer(text):
        head = text[start : m.start()].rstrip("'\")]")
        if abbr_end.search(head):
            continue
        piece = text[start : m.start()].strip()
        if piece:
            out.append(piece)
        start = m.end()
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return out


_sentence_split = sentences


def statements(
    text: str, *, semicolons: bool = True, inline_bullets: bool = True, sentences: bool = False
) -> list[str]:
    """Statements of one note, in order; ``[]`` when the note is empty.

    >>> statements("• Brist på bostäder\\n• Dåliga bussförbindelser; dyrt; långt till skolan")
    ['Brist på bostäder', 'Dåliga bussförbindelser', 'dyrt', 'långt till skolan']
    >>> statements("Vi har utmaningar; den största är kompetensen.")
    ['Vi har utmaningar; den största är kompetensen.']
    """
    if not text or not text.strip():
        return []
    out: list[str] = []
    for line in lines(text):
        parts = [line]
        if inline_bullets:
            parts = [p for q in parts for p in R.INLINE_BULLET_RE.split(q)]
        if semicolons:
            parts = [p for q in parts for p in _semicolon_parts(q)]
        if sentences:
            parts = [p for q in parts for p in _sentence_split(q)]
        out.extend(p.strip() for p in parts if p and p.strip())
    return out

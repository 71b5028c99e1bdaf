"""Redaction of personal data with readable placeholders.

``redact.personnummer``, ``redact.emails``, ``redact.phones``, ``redact.addresses``,
``redact.plates`` and ``redact.names`` are pure ``str -> str`` steps; :func:`apply` runs the
chosen ones and counts what it replaced. The identifier steps live in :mod:`.identifiers`, the
name step here.

What is caught and what is not:

* ``[PERSONNUMMER]``: 10 or 12 digits, with or without ``-``/``+``, that python-stdnum
  (``stdnum.se.personnummer``) accepts, and samordningsnummer (day + 60, same check digit).
  Dates ("19850412"), organisation numbers (month + 20) and wrong check digits stay.
* ``[EPOST]``: addresses ``local@domain.tld``. Obfuscated ones ("anna at region.se") stay.
* ``[TELEFON]``: numbers that ``phonenumbers`` finds valid (Swedish from 0, any country from +
  or 00), and the Swedish/Nordic shapes of :data:`resources.PHONE_RE`. Years, amounts ("500 000
  kr"), dates, time ranges ("09.00-12.00") and short extensions ("ankn. 1234") stay.
* ``[ADRESS]``: street addresses "Storgatan 12", "Västra vägen 3 B", with a postal code when
  one follows ("Kungsgatan 5A, 652 24"). A street without a number stays ("Storgatan är avstängd").
* ``[REGNR]``: Swedish number plates "ABC 123", "ABC 12A" (not currencies such as "SEK 500").
* ``[NAMN]``: person names, from first names and surnames in ``data/sv_first_names.txt`` and
  ``data/sv_surnames.txt`` (Swedish and the common names of people born abroad) plus context
  (``data/sv_person_cues.txt``): a run of capitalised words with a listed name ("Ngozi Okafor",
  "Li Wei"), a listed name alone ("Mohammed"), an unlisted capitalised word where the context
  says person ("enligt Okafor", "ring Ngozi", "Okafor säger"), and every name passed in
  ``known`` (speakers from attributions). Place names and organisations
  (``sv_places.txt``, ``sv_organisations.txt``), historical public figures
  (``sv_public_figures.txt``: Selma Lagerlöf, Fröding), names that are ordinary words
  (``sv_name_exceptions.txt``: Björn, Sten, Rosa, Per) and capitalised ordinary words at the start
  of a sentence stay, unless the context says person, they stand capitalised between lower-case
  words, where Swedish writes the ordinary word in lower case ("Alla utom Per höll med"; not a
  month, ``sv_calendar_words.txt``), or they stand in a list of names ("Anna
  Svensson, Per, Karin Ek", "Anna och Åsa var där") or a participant list after a heading
  (``sv_participant_cues.txt``: "Deltagare: Per, Åsa och Bo", see ``name_lists``). Lowercase
  names are not caught.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from . import resources as R
from .identifiers import addresses, emails, is_personnummer, luhn_valid, personnummer, phones, plates, replace_spans
from .name_lists import participant_items

__all__ = [
    "PLACEHOLDERS",
    "KINDS",
    "luhn_valid",
    "is_personnummer",
    "personnummer",
    "emails",
    "phones",
    "addresses",
    "plates",
    "names",
    "known_names_pattern",
    "apply",
    "format_counts",
]

PLACEHOLDERS: dict[str, str] = {
    "emails": "[EPOST]",
    "personnummer": "[PERSONNUMMER]",
    "phones": "[TELEFON]",
    "addresses": "[ADRESS]",
    "plates": "[REGNR]",
    "names": "[NAMN]",
}
KINDS: tuple[str, ...] = tuple(PLACEHOLDERS)


# --- names ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _NameData:
    first: frozenset[str]
    surnames: frozenset[str]
    exceptions: frozenset[str]  # listed names that are ordinary words, and words that never are names
    blocked: frozenset[str]  # places and organisations (single words)
    phrases: re.Pattern[str] | None  # places and organisations of several words
    suffixes: tuple[str, ...]
    before: frozenset[str]
    roles: frozenset[str]
    role_endings: tuple[str, ...]
    verbs: frozenset[str]
    weak_verbs: frozenset[str]
    at: frozenset[str]
    heads: frozenset[str]  # "University", "Arena": a run with one names a thing after a person


@lru_cache(maxsize=1)
def _name_data() -> _NameData:
    cues: dict[str, set[str]] = {"before": set(), "role": set(), "verb": set(), "at": set(), "weak": set()}
    for line in R.wordlist("sv_person_cues.txt"):
        kind, _, word = line.partition(":")
        if kind in cues and word:
            cues[kind].add(word.lower())
    single: set[str] = set()
    multi: list[str] = []
    for name in ("sv_places.txt", "sv_organisations.txt", "sv_public_figures.txt"):
        for item in R.wordlist(name):
            if " " in item:
                multi.append(item)
            else:
                single.add(item)
    phrases = None
    if multi:
        alternation = "|".join(re.escape(p) for p in sorted(set(multi), key=len, reverse=True))
        phrases = re.compile(r"(?<![\w-])(?:" + alternation + r")(?![\w-])")
    return _NameData(
        first=R.wordset("sv_first_names.txt"),
        surnames=R.wordset("sv_surnames.txt"),
        exceptions=R.wordset("sv_name_exceptions.txt"),
        blocked=frozenset(single),
        phrases=phrases,
        suffixes=tuple(R.wordlist("sv_surname_suffixes.txt")),
        before=frozenset(cues["before"]),
        roles=frozenset(r for r in cues["role"] if len(r) <= 3),
        role_endings=tuple(sorted(r for r in cues["role"] if len(r) > 3)),
        verbs=frozenset(cues["verb"]),
        weak_verbs=frozenset(cues["weak"]),
        at=frozenset(cues["at"]),
        heads=R.wordset("sv_institution_heads.txt") - R.wordset("sv_surnames.txt") - R.wordset("sv_first_names.txt"),
    )


def _is_first_name(word: str, first_names: frozenset[str]) -> bool:
    return word in first_names or ("-" in word and all(p in first_names for p in word.split("-")))


def _sentence_initial(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and text[i] in " \t\"'–(-*•":
        i -= 1
    return i < 0 or text[i] in ".!?:\n•;"


def _known_word(word: str) -> bool:
    from .tokens import is_known_word  # noqa: PLC0415 - loads simplemma's dictionary once

    return is_known_word(word.lower())


def _common_noun(word: str, d: _NameData) -> bool:
    """An unlisted capitalised word that is a Swedish noun ("Industriprogrammet", "Språkcafé":
    a compound with a known noun head, ``one_word.content_noun``) and does not end like a
    surname (``sv_surname_suffixes.txt``: "Fagerlund" stays a name). Tester B14: "Industri-
    programmet på gymnasiet" became "[NAMN] på gymnasiet" by the "X på <institution>" cue."""
    from .one_word import content_noun  # noqa: PLC0415 - one_word imports this package's tokens

    low = word.lower()
    return not low.endswith(d.suffixes) and content_noun(word)


# Word classes of a capitalised word.
_BLOCKED, _NAME, _AMBIGUOUS, _UNKNOWN = "blocked", "name", "ambiguous", "unknown"


def _classify(word: str, d: _NameData) -> str:
    base = word[:-1] if word.endswith("s") and word not in d.first and word not in d.surnames else word
    if word in d.blocked or base in d.blocked:
        # A place or organisation that is also a name ("Sofia", "Eda", "Ericsson") only counts
        # next to another name: "Sofia Eriksson".
        return _AMBIGUOUS if base in d.first or base in d.surnames else _BLOCKED
    parts = base.split("-")
    listed = base in d.first or base in d.surnames or (
        len(parts) > 1 and any(p in d.first or p in d.surnames for p in parts)
        and not any(p in d.blocked for p in parts))
    if listed:
        return _AMBIGUOUS if base in d.exceptions else _NAME
    if base in d.exceptions:
        return _BLOCKED
    return _UNKNOWN


_PREV_WORD_RE = re.compile(r"([\w:-]+)[\s,]*$")
_NEXT_RE = re.compile(r"\s*(,)?\s*([\w:-]+)(?:\s+([\w:-]+))?")


def _is_role(word: str, d: _NameData) -> bool:
    return word in d.roles or (len(word) > 3 and word.endswith(d.role_endings))


def _cue_before(text: str, start: int, d: _NameData) -> bool:
    m = _PREV_WORD_RE.search(text, max(0, start - 40), start)
    if m is None or "," in text[m.end(1) : start]:
        return False
    word = m.group(1).lower()
    return word in d.before or _is_role(word, d)


def _cue_after(text: str, end: int, d: _NameData, *, weak: bool = False) -> bool:
    m = _NEXT_RE.match(text, end, min(len(text), end + 80))
    if m is None:
        return False
    comma, word, nxt = m.group(1), m.group(2).lower(), (m.group(3) or "").lower()
    if comma:
        return _is_role(word, d) or (word in {"en", "ett"} and _is_role(nxt, d))
    if weak and word == "och" and m.group(3):  # "Emma och Oskar": next to a listed name
        return _classify(m.group(3), d) == _NAME
    return (word in d.verbs or (weak and word in d.weak_verbs)
            or (word in {"på", "vid", "hos", "från"} and nxt in d.at))


def known_names_pattern(known: Iterable[str]) -> re.Pattern[str] | None:
    """One regex for names known to be persons (e.g. speakers from attributions): the full
    name, and each part that is a listed first name or surname or ends like a surname.

    >>> known_names_pattern(["Jan Ohlsson"]).sub("[NAMN]", "Ohlsson och Jan Ohlsson")
    '[NAMN] och [NAMN]'
    >>> known_names_pattern(["Per Skog"]).sub("[NAMN]", "Skog och stål, sa Per Skog")
    'Skog och stål, sa [NAMN]'
    """
    d = _name_data()
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
                and part not in d.exceptions
                and part not in d.blocked
                and (part in d.surnames or _is_first_name(part, d.first) or part.endswith(d.suffixes))
            ):
                variants.add(part)
    if not variants:
        return None
    alternation = "|".join(re.escape(v) for v in sorted(variants, key=len, reverse=True))
    return re.compile(r"(?<![\w-])(?:" + alternation + r")(?![\w-])")


def _runs(text: str, d: _NameData) -> list[list[tuple[int, int, str, str]]]:
    """Runs of capitalised words separated by one space: (start, end, word, class) each."""
    starts: list[int] = []
    ends: list[int] = []
    if d.phrases is not None:
        for m in d.phrases.finditer(text):
            starts.append(m.start())
            ends.append(m.end())
    runs: list[list[tuple[int, int, str, str]]] = []
    prev_end = -2
    for m in R.CAPWORD_RE.finditer(text):
        word = m.group(0)
        k = bisect_right(starts, m.start()) - 1  # the protected phrase that starts last before it
        protected = k >= 0 and m.start() < ends[k]
        cls = _BLOCKED if protected else _classify(word, d)
        item = (m.start(), m.end(), word, cls)
        if runs and text[prev_end : m.start()] == " ":
            runs[-1].append(item)
        else:
            runs.append([item])
        prev_end = m.end()
    return runs


def _segments(text: str, run: list[tuple[int, int, str, str]], d: _NameData) -> list[list[tuple]]:
    """Split a run at places, organisations and ordinary capitalised words ("Kontakta", "Ring");
    an ordinary word right after a first name stays with it as a surname ("Lena Skog")."""
    if len(run) > 1 and any(word in d.heads for _, _, word, _ in run[1:]):
        return []  # "Khalifa University", "Astrid Lindgren Center": named after a person, not one
    segments: list[list[tuple]] = [[]]
    for item in run:
        start, _, word, cls = item
        if cls == _BLOCKED:
            segments.append([])
            continue
        if cls == _UNKNOWN and _known_word(word):
            prev = segments[-1][-1] if segments[-1] else None
            if prev is None or prev[2] not in d.first or _sentence_initial(text, start):
                segments.append([])
                continue
        segments[-1].append(item)
    return [s for s in segments if s]


def _name_spans(text: str, first_name_alone: bool, placeholder: str = "[NAMN]") -> list[tuple[int, int]]:
    d = _name_data()
    spans: list[tuple[int, int]] = []
    listed: list[tuple[int, int]] = []  # ambiguous names alone ("Per", "Bo"): persons in a list of names
    heading = participant_items(text)  # "Deltagare: Per, Åsa och Bo": the items are names
    for run in _runs(text, d):
        for seg in _segments(text, run, d):
            start, end = seg[0][0], seg[-1][1]
            if heading and _participant(seg, heading, d):
                spans.append((start, end))
                continue
            classes = [c for _, _, _, c in seg]
            before = _cue_before(text, start, d)
            if len(seg) > 1:
                nameish = all(c != _UNKNOWN or not _known_word(w) for _, _, w, c in seg)
                has_first = any(w in d.first for _, _, w, _ in seg)
                if _NAME in classes or (nameish and (has_first or before or _cue_after(text, end, d))):
                    spans.append((start, end))
                continue
            word, cls = seg[0][2], classes[0]
            if word.lower() in R.stop_words():  # "Han sade", "Du säger": a pronoun, not Han or Du
                if (cls == _AMBIGUOUS and not _sentence_initial(text, start)
                        and word.lower() not in R.wordset("sv_pronouns.txt", lower=True)):
                    # "Hans", "Inga", "Dina" mid-sentence: a name after a cue or in a list of names
                    (spans if before or _cue_after(text, end, d) else listed).append((start, end))
                continue
            if cls == _NAME:
                initial = _sentence_initial(text, start)
                if first_name_alone and (not initial or not _known_word(word)):
                    spans.append((start, end))
                elif before or _cue_after(text, end, d, weak=first_name_alone):
                    spans.append((start, end))
            elif cls == _AMBIGUOUS:
                if (before or _cue_after(text, end, d)
                        or (first_name_alone and _mid_sentence(text, start, end, word, d))):
                    spans.append((start, end))
                else:
                    listed.append((start, end))
            elif not _known_word(word) and not _common_noun(word, d) and (
                before or _cue_after(text, end, d)
                or (first_name_alone and word.endswith(("sson", "son")) and not _sentence_initial(text, start))
            ):
                spans.append((start, end))
    return spans + _list_items(text, spans, listed, placeholder)


_WORD_BEFORE_RE = re.compile(r"(\w+)\s+$")
_WORD_AFTER_RE = re.compile(r"\s+(\w+)")


def _mid_sentence(text: str, start: int, end: int, word: str, d: _NameData) -> bool:
    """True for a name that is also an ordinary word ("Per", "Åsa", "Bo") capitalised between
    two lower-case words, where Swedish writes the ordinary word in lower case: "Alla utom Per
    höll med", "pratade med Åsa om". Not at a sentence start, not as a later list item ("Ek och
    Björk": those count next to a name, see :func:`_list_items`), not a place or organisation
    ("i Eda"), not before another capitalised word ("Region Värmland"), not a month ("i Maj").
    At the start of a line, a speaker's tag is a name too: "Per: det saknas bussar"."""
    if word in d.blocked or word.lower() in R.wordset("sv_calendar_words.txt", lower=True):
        return False
    if _sentence_initial(text, start):
        line_start = start == 0 or text[start - 1] == "\n"
        return line_start and text.startswith(":", end) and not text.startswith(":", end + 1)
    prev = _WORD_BEFORE_RE.search(text, max(0, start - 40), start)
    if prev is None or not prev.group(1)[0].islower():
        return False
    if _ITEM_SEP_BEFORE_RE.search(text, max(0, prev.start() - 1), start):
        return False  # after "och"/"samt": a list item, which counts only next to a name
    nxt = _WORD_AFTER_RE.match(text, end)
    return nxt is None or not nxt.group(1)[0].isupper()


def _participant(seg: list[tuple], items: list[tuple[int, int, int]], d: _NameData) -> bool:
    """True when ``seg`` lies in an item of a participant list; a name that is also a function
    word ("Inga", "Hans") only in a list of two or more ("Frånvarande: Inga" is "none"), and a
    name that is also a place ("Eda", "Sofia") only next to a name, as in any list."""
    word = seg[0][2].lower()
    function_word = len(seg) == 1 and word in R.stop_words()
    pronoun = function_word and word in R.wordset("sv_pronouns.txt", lower=True)
    if len(seg) == 1 and (seg[0][2] in d.blocked or pronoun):
        return False
    return any(s <= seg[0][0] and seg[-1][1] <= e and (n > 1 or not function_word) for s, e, n in items)


# A list of names: items separated by "," ";" "/" "&" "och" "samt" ("Anna Svensson, Per, Karin Ek").
_ITEM_SEP_BEFORE_RE = re.compile(r"(?:\s*[,;/&]|\s+(?:och|samt))\s*$")
_ITEM_SEP_AFTER_RE = re.compile(r"\s*[,;/&]\s*|\s+(?:och|samt)\s+")
_ITEM_START_RE = re.compile(r"(?:^|[:,;/&(\n•*–-]|\s(?:och|samt))\s*$")
_ITEM_END_RE = re.compile(r"\s*(?:$|[,;/&.!?):\n]|(?:och|samt)\s)")


def _list_items(
    text: str, spans: list[tuple[int, int]], candidates: list[tuple[int, int]], placeholder: str
) -> list[tuple[int, int]]:
    """The ambiguous names in ``candidates`` ("Per", "Bo", "Åsa": also ordinary words) that stand
    as a list item next to a name: a span in ``spans``, a ``placeholder`` already in the text, or
    another such item ("Anna Svensson, Per, Karin Ek", "Åsa, Per och [NAMN]", "Anna och Åsa var
    där"). "per år", "Anna Berg, Bo i Karlstad" and "Per år" alone are no list items and stay."""
    d = _name_data()
    ends = {e for _, e in spans}
    starts = {s for s, _ in spans}
    found: list[tuple[int, int]] = []
    todo = list(candidates)
    changed, backward = True, False
    while todo and changed:  # an item next to one just found counts too: "Åsa, Per, Anna Berg"
        changed, backward = False, not backward  # both directions, so a chain takes one pass
        for item in (todo[::-1] if backward else list(todo)):
            start, end = item
            lo = max(0, start - 40)  # a window, so that a long note is not searched from its start
            m_before = _ITEM_SEP_BEFORE_RE.search(text, lo, start)
            m_after = _ITEM_SEP_AFTER_RE.match(text, end)
            left = m_before is not None and (
                m_before.start() in ends or text.endswith(placeholder, 0, m_before.start()))
            right = m_after is not None and (
                m_after.end() in starts or text.startswith(placeholder, m_after.end()))
            if _place_next(text, m_before, m_after, d):
                todo.remove(item)  # "Anna Berg, Eda och Arvika": a list of places, Eda one of them
                continue
            item_end = (_ITEM_END_RE.match(text, end) is not None or _cue_after(text, end, d, weak=True)
                        or (m_before is not None and "," not in m_before.group(0) and _lower_next(text, end)))
            if (left and item_end) or (right and _ITEM_START_RE.search(text, lo, start)):
                found.append(item)
                todo.remove(item)
                ends.add(end)
                starts.add(start)
                changed = True
    return found


_LAST_WORD_RE = re.compile(r"(\w+)$")


def _lower_next(text: str, end: int) -> bool:
    """True when a lower-case word follows: "Anna och Per höll med" ends a list of names,
    "Anna Berg, Bo i Karlstad" (after a comma) is left to the other rules."""
    nxt = _WORD_AFTER_RE.match(text, end)
    return nxt is not None and nxt.group(1)[0].islower()


def _place_next(text: str, m_before: re.Match[str] | None, m_after: re.Match[str] | None, d: _NameData) -> bool:
    """True when the list item before or after is a place or organisation ("Arvika")."""
    words = []
    if m_before is not None:
        prev = _LAST_WORD_RE.search(text, max(0, m_before.start() - 40), m_before.start())
        words.append(prev.group(1) if prev else "")
    if m_after is not None:
        nxt = R.CAPWORD_RE.match(text, m_after.end())
        words.append(nxt.group(0) if nxt else "")
    return any(w[:1].isupper() and _classify(w, d) == _BLOCKED and w in d.blocked for w in words)


def names(
    text: str,
    *,
    placeholder: str = "[NAMN]",
    known: re.Pattern[str] | Iterable[str] | None = None,
    first_name_alone: bool = True,
) -> str:
    """Replace person names (see the module docstring for what counts as one).

    With ``first_name_alone=False`` a listed name on its own is only replaced where the context
    says person ("ring Mohammed"); runs of names always are.

    >>> names("Vi pratade med Anna-Karin Tollin och Ngozi Okafor i Karlstad.")
    'Vi pratade med [NAMN] och [NAMN] i Karlstad.'
    >>> names("Ring Mohammed, enligt Okafor saknas lärare i Torsby. Björn och varg i skogen.")
    'Ring [NAMN], enligt [NAMN] saknas lärare i Torsby. Björn och varg i skogen.'
    >>> names("Karlstads kommun och Kristinehamn samarbetar, sa Jan.", known=["Jan Ohlsson"])
    'Karlstads kommun och Kristinehamn samarbetar, sa [NAMN].'
    """
    if known is not None and not isinstance(known, re.Pattern):
        known = known_names_pattern(known)
    if known is not None:
        text = known.sub(placeholder, text)
    return replace_spans(text, _name_spans(text, first_name_alone, placeholder), placeholder)


_STEPS = {"personnummer": personnummer, "emails": emails, "phones": phones, "addresses": addresses,
          "plates": plates}


def apply(
    text: str,
    *,
    kinds: Iterable[str] = KINDS,
    known: re.Pattern[str] | Iterable[str] | None = None,
    first_name_alone: bool = True,
) -> tuple[str, Counter[str]]:
    """Run the redaction steps in a safe order and count placeholders added per kind.

    >>> text, counts = apply("Ring Anna Berg på 070-123 45 67")
    >>> text, format_counts(counts)
    ('Ring [NAMN] på [TELEFON]', 'NAMN:1;TELEFON:1')
    """
    counts: Counter[str] = Counter()
    wanted = set(kinds)
    for kind in KINDS:  # e-mails first (they hold digits), personnummer before phones, names last
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
    for kind in ("names", "personnummer", "emails", "phones", "addresses", "plates"):
        if counts.get(kind):
            parts.append(f"{PLACEHOLDERS[kind].strip('[]')}:{counts[kind]}")
    return ";".join(parts)

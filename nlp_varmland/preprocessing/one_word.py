"""One-word notes: a table host's single-word post-it is a contribution when its word is a content noun.

"Bostadsbrist", "fiber!!", "Kompetensförsörjning." and "Kollektivtrafiken?" are what a table
wanted said, though they hold fewer content lemmas than ``CleanConfig.min_tokens``. A note of one
content word (stop words around it allowed: "Fler bussar!") is kept when that word is a noun:

- simplemma knows a definite or plural form of it that leads back to it (bostadsbristen,
  fibern, ingenjörer, vattnet), and it is not read as a verb (pratar is far more frequent than
  pratan in running Swedish: wordfreq); or it ends in a noun suffix (``-het``, ``-ning``,
  ``-tion`` ...: ``data/sv_noun_suffixes.txt``) and simplemma knows it;
- or it is a compound whose head is such a noun: after a hyphen (BUP-köerna, ssk-brist), or,
  for a word simplemma does not know, a known noun of four letters or more after a known
  first part (skol|frånvaro, landsbygds|utveckling).

An adjective or participle Swedish uses as a noun for people, in its plural or definite form
("Nyanlända", "Äldre", "Säsongsanställda": ``data/sv_label_people_adjectives.txt``, also as a
compound's head), and an acronym of 2-5 capitals ("SYV", "BUP", "SFI") count as nouns too.

A verb's form is no noun even where its lemma is one too (krävs, stämmer; fixa beside fix), and
a place name alone (``data/sv_places.txt``: "Karlstad") is no contribution.

Never a note on its own: fillers, answers, judgements, interjections, thanks and the headings
of a minutes or SWOT sheet (``data/sv_non_notes.txt``: "Ok", "Bra", "Tack", "Inget", "Övrigt",
"Se ovan", "Sammanfattning", "Styrkor"), meeting words and statement-kind headings
(``data/sv_label_meeting_words.txt``, ``data/sv_statement_kind_headings.txt``: "Grupp 4",
"Bordet", "Utmaningar", "Behov") and meeting logistics (``data/sv_meeting_logistics.txt``:
"Lunch", "Fika!"). A note that is exactly one line of
``sv_non_notes.txt`` is no contribution however many lemmas it has ("Se ovan").

>>> one_word_note("Bostadsbrist!!", ["Bostadsbrist"], ["bostadsbrist"])
True
>>> one_word_note("Bra diskussion!", ["Bra", "diskussion"], ["diskussion"]), non_note("Se ovan.")
(False, True)
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from . import logistics
from . import resources as R
from .tokens import STOP_WORDS, is_known_word, lemmatize

__all__ = ["acronym", "non_note", "one_word_note", "content_noun"]

_NON_WORD_RE = re.compile(r"[\W_]+")
#: The longest word read as an acronym (:func:`acronym`); longer capitals are shouting ("VIKTIGT").
ACRONYM_MAX = 5
#: The shortest head of a closed compound that counts (ting of "meeting" is no Swedish head).
HEAD_MIN = 4
#: A form that leads back to an -a word is read as a verb's when the verb's present tense is this
#: much more frequent (zipf: a factor of 10 per unit) than the noun's definite or plural forms.
VERB_LEAD = 1.0


def _key(text: str) -> str:
    return " ".join(_NON_WORD_RE.sub(" ", text.casefold()).split())


@lru_cache(maxsize=1)
def _non_notes() -> frozenset[str]:
    return frozenset(k for k in map(_key, R.wordlist("sv_non_notes.txt")) if k)


@lru_cache(maxsize=1)
def _meeting_words() -> frozenset[str]:
    """Meeting words and statement-kind headings: "Bordet", "Grupp 4", "Utmaningar", "Behov"."""
    return R.wordset("sv_label_meeting_words.txt", lower=True) | R.wordset("sv_statement_kind_headings.txt",
                                                                            lower=True)


@lru_cache(maxsize=1)
def _places() -> frozenset[str]:
    return R.wordset("sv_places.txt", lower=True)


@lru_cache(maxsize=1)
def _noun_suffixes() -> tuple[str, ...]:
    return tuple(R.wordlist("sv_noun_suffixes.txt"))


def non_note(text: str) -> bool:
    """True when the whole note is a filler, answer, judgement or thanks (``sv_non_notes.txt``).

    >>> non_note("Se ovan!"), non_note("OK."), non_note("Bostadsbrist")
    (True, True, False)
    """
    return _key(text) in _non_notes()


def one_word_note(text: str, tokens: Sequence[str], lemmas: Sequence[str],
                  stop_words: frozenset[str] | None = None) -> bool:
    """True for a note of one content word, a noun, with nothing but stop words around it.

    ``tokens`` are the note's word tokens and ``lemmas`` its content lemmas (as ``clean``
    computes them). A number, a placeholder ("[NAMN]"), a meeting word or a word of
    ``sv_non_notes.txt`` anywhere in the note makes it no one-word contribution.
    """
    if len(lemmas) != 1 or non_note(text) or logistics.meeting_cues(text):
        return False
    stops = STOP_WORDS if stop_words is None else stop_words
    non_notes, meeting = _non_notes(), _meeting_words()
    content: list[str] = []
    written: list[str] = []
    for token in tokens:
        low = token.lower()
        if low in non_notes or low in meeting:
            return False
        if low not in stops:
            content.append(low)
            written.append(token)
    if len(content) != 1 or not content[0][:1].isalpha() or lemmas[0] in meeting or lemmas[0] in non_notes:
        return False
    return content_noun(content[0]) or acronym(written[0]) and content[0] not in _places()


def acronym(token: str) -> bool:
    """A word written as an acronym, 2-5 capitals: "SFI", "BUP", "SYV", "VC" name a service or a
    role, and a Swedish acronym is a noun.

    >>> acronym("SYV"), acronym("BUP"), acronym("Bup"), acronym("VIKTIGT"), acronym("A")
    (True, True, False, False, False)
    """
    return 2 <= len(token) <= ACRONYM_MAX and token.isalpha() and token.isupper()


@lru_cache(maxsize=65_536)
def content_noun(word: str) -> bool:
    """True when ``word`` (lowercase, any form) is a Swedish noun or a compound with a noun head.

    >>> content_noun("kollektivtrafiken"), content_noun("bup-köerna"), content_noun("skolfrånvaro")
    (True, True, True)
    >>> content_noun("prata"), content_noun("svårt"), content_noun("housing")
    (False, False, False)
    >>> content_noun("nyanlända"), content_noun("säsongsanställda"), content_noun("nyanländ")
    (True, True, False)
    """
    word = word.lower()
    if not word or word in _non_notes() or word in _meeting_words() or word in _places():
        return False
    if "-" in word:
        head = word.rsplit("-", 1)[1]
        return len(head) >= 2 and content_noun(head)
    if _noun(word) or _people(word):
        return True
    if is_known_word(word):
        return False  # a word simplemma knows, with no noun form: an adjective, verb or adverb
    for i in range(2, len(word) - HEAD_MIN + 1):  # the longest known head first
        head = word[i:]
        if (_people(head) or is_known_word(head) and _noun(head)) and _first_part(word[:i]):
            return True
    return False


def _people(word: str) -> bool:
    """An adjective or participle Swedish uses as a noun for people, in its plural or definite
    form (``data/sv_label_people_adjectives.txt``): "Nyanlända", "Äldre", "Arbetslösa" on a
    post-it name a group the table talked about, as "Pensionärer" does."""
    # the plural or definite form only, not the singular (ung, nyanländ)
    return word[-1:] in ("a", "e") and word in R.wordset("sv_label_people_adjectives.txt", lower=True)


def _noun(word: str) -> bool:
    """A known word that inflects as a noun (itself or its lemma), or ends in a noun suffix."""
    lemma = lemmatize(word)
    if word != lemma and (word in _verb_forms(lemma) or word in (lemma + "a", lemma + lemma[-1:] + "a")):
        return False  # krävs, stämmer (kräva, stämma); fixa (a verb's infinitive beside the noun fix)
    for base in dict.fromkeys((lemma, word)):
        if len(base) >= 2 and _inflects_as_noun(base) and not _read_as_verb(base):
            return True
    return is_known_word(word) and len(word) > 5 and word.endswith(_noun_suffixes())


@lru_cache(maxsize=65_536)
def _inflects_as_noun(base: str) -> bool:
    """A definite or plural form of ``base`` that simplemma knows and takes back to ``base``
    (bostaden, fibern, vattnet, ingenjörer, samarbetet). Never the -t form alone (an adjective's
    or participle's neuter: okat, svårt), except for an -e noun (samarbetet)."""
    return bool(_noun_forms(base))


def _noun_forms(base: str) -> list[str]:
    double = base + base[-1] if base[-1] not in "aeiouyåäö" else base
    forms = [base + "en", base + "et", double + "en", double + "et", base + "er", base + "ar", double + "ar"]
    if base[-1] in "aeiouyåäö":
        forms.append(base + "n")  # skolan, kön; never -a + r (pratar, saknar: a verb's present)
        if base[-1] != "a":
            forms.append(base + "r")  # idér, skor
    if base.endswith("a"):
        forms += [base[:-1] + "or", base[:-1] + "orna"]
    if base.endswith("e"):
        forms += [base + "t", base + "ts"]
    if base.endswith(("en", "el", "er")) and len(base) >= 4:
        forms += [base + "n", base + "na", base[:-2] + base[-1] + "et", base[:-2] + base[-1] + "en",
                  base[:-2] + base[-1] + "ar", base[:-2] + base[-1] + "er"]  # fibern, vattnet, fibrer
    return [f for f in dict.fromkeys(forms) if f != base and is_known_word(f) and lemmatize(f) == base]


def _verb_forms(lemma: str) -> frozenset[str]:
    """The present, past, supine and passive forms of an -a verb ``lemma`` (kräva: kräver, krävde,
    krävt, krävs); empty for any other lemma."""
    if not lemma.endswith("a") or len(lemma) < 3:
        return frozenset()
    stem = lemma[:-1]
    return frozenset((lemma + "r", lemma + "de", lemma + "t", lemma + "s", stem + "er", stem + "de", stem + "te",
                      stem + "t", stem + "s", stem + "es"))


def _read_as_verb(base: str) -> bool:
    """An -a word whose verb forms are far more frequent than its noun forms (prata: pratar
    against pratan), by wordfreq's Swedish frequencies."""
    if not base.endswith("a"):
        return False
    from wordfreq import zipf_frequency  # noqa: PLC0415 - loads a frequency table on first use

    verb = max(zipf_frequency(f, "sv") for f in (base + "r", base + "de", base + "t"))
    noun = max((zipf_frequency(f, "sv") for f in _noun_forms(base)), default=0.0)
    return verb >= noun + VERB_LEAD


def _first_part(part: str) -> bool:
    """The first part of a closed compound: a known word, with or without a linking s/e/a/u/o
    (landsbygds, barn), or a word's stem (skol of skola)."""
    options = [part, part + "a", part + "e"]
    if len(part) > 3 and part[-1] in "saeuo":
        options.append(part[:-1])
    return any(is_known_word(o) for o in options if len(o) >= 3)

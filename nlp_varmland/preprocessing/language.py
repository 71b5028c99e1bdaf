"""A light language check for one-sentence notes: Swedish or not?

No model and no download. Each word votes with cue lists in ``data/lang_cues_{sv,no,da,en}.txt``:
frequent function words that only one of the languages has (sv "och/inte/jag/är", no/da
"og/ikke/jeg/er", en "the/and/of"), word endings (sv "-erna", no "-ene", da "-erne") and
letters (sv ä/ö, no/da æ/ø). Words shared by the Scandinavian languages (det, som, på) do not
vote. When the cues tie or are absent, simplemma's Swedish dictionary decides
(``in_target_language``: the share of words it knows). A note too short to tell, with no cues
and fewer than three words, counts as Swedish: it is better to keep a note than to drop it.
"""
from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from . import resources as R

__all__ = ["LANGUAGES", "cue_scores", "detect", "is_swedish", "swedish_dictionary_ratio"]

LANGUAGES: tuple[str, ...] = ("sv", "no", "da", "en")
_MAX_WORDS = 60  # the first 60 words decide; long quotes need no more


@lru_cache(maxsize=200_000)
def _word_votes(word: str) -> tuple[float, ...]:
    votes = []
    for lang in LANGUAGES:
        words, endings, letters = R.language_cues(lang)
        v = 0.0
        if word in words:
            v += 1.0
        elif len(word) > 4 and word.endswith(endings):
            v += 0.5
        if letters and any(ch in word for ch in letters):
            v += 1.0
        votes.append(v)
    return tuple(votes)


def _words(text: str, tokens: Sequence[str] | None = None, *, acronyms: bool = True) -> list[str]:
    """The lower-cased words of ``text``. ``acronyms=False`` leaves out words in capitals ("AF" =
    Arbetsförmedlingen, "KAU"), which must not vote as another language's function word (Danish
    "af"; tester B15: "AF matchar dåligt mot industrins behov i Kristinehamn" was dropped as
    Danish), unless the whole note is in capitals."""
    toks = R.token_re().findall(text) if tokens is None else tokens
    drop = not acronyms and any(ch.islower() for ch in text)  # a note all in capitals keeps them
    return [t.lower() for t in toks if not t.startswith("[") and not t.isdigit()
            and not (drop and len(t) > 1 and t.isupper())]


def cue_scores(text: str, *, tokens: Sequence[str] | None = None) -> dict[str, float]:
    """Cue votes per language (``tokens``: the text already tokenised, to save work).

    >>> cue_scores("Det er ikke nok boliger i distriktene")
    {'sv': 0.0, 'no': 3.5, 'da': 3.0, 'en': 0.0}
    >>> cue_scores("AF matchar dåligt mot industrins behov")["da"]
    0.0
    """
    words = _words(text, tokens, acronyms=False)[:_MAX_WORDS]
    if not words:
        return dict.fromkeys(LANGUAGES, 0.0)
    return {lang: float(sum(votes)) for lang, votes in zip(LANGUAGES, zip(*map(_word_votes, words)))}


def swedish_dictionary_ratio(text: str) -> float:
    """Share of the words that simplemma's Swedish dictionary knows (0..1).

    A word it does not know counts as known when it is a compound of two known words, with or
    without a linking s (skogs+baserad, bio+ekonomi): Swedish writes new compounds every day.

    >>> swedish_dictionary_ratio("Brist på bostäder")
    1.0
    >>> swedish_dictionary_ratio("innovation i skogsbaserad bioekonomi")
    1.0
    """
    ratio = float(_swedish_detector().proportion_in_target_languages(text))
    if ratio >= 1.0:
        return ratio
    words = [w for w in _words(text) if len(w) >= 3 and w.isalpha()]
    if not words:
        return ratio
    return max(ratio, sum(map(_known_word, words)) / len(words))


@lru_cache(maxsize=100_000)
def _known_word(word: str, compound: bool = True) -> bool:
    """simplemma knows ``word``, or (``compound``) it splits into two known words."""
    if _swedish_detector().proportion_in_target_languages(word) >= 1.0:
        return True
    if not compound or len(word) < 7:
        return False
    for i in range(3, len(word) - 2):
        head, tail = word[:i], word[i:]
        if not _known_word(tail, False):
            continue
        if _known_word(head, False) or (head.endswith("s") and len(head) > 3 and _known_word(head[:-1], False)):
            return True
    return False


@lru_cache(maxsize=1)
def _swedish_detector() -> Any:
    from simplemma import LanguageDetector  # noqa: PLC0415 - loads a dictionary, keep lazy

    from nlp_varmland.preprocessing.tokens import simplemma_strategy  # noqa: PLC0415

    return LanguageDetector("sv", lemmatization_strategy=simplemma_strategy())


def detect(text: str, *, dictionary: bool = True, tokens: Sequence[str] | None = None) -> str:
    """``"sv"``, ``"no"``, ``"da"``, ``"en"`` or ``"und"`` (cannot tell).

    >>> detect("Brist på bostäder"), detect("We need more buses"), detect("Vi trenger flere boliger")
    ('sv', 'en', 'no')
    """
    scores = cue_scores(text, tokens=tokens)
    sv = scores["sv"]
    other_lang = max(("no", "da", "en"), key=lambda k: scores[k])
    other = scores[other_lang]
    if sv > other:
        return "sv"
    if other > sv:
        return other_lang
    if not dictionary:
        return "und"
    ratio = swedish_dictionary_ratio(text)
    if other > 0:
        return "sv" if ratio >= 0.75 else other_lang
    return "sv" if ratio >= 0.5 else "und"


def is_swedish(text: str, *, dictionary: bool = True, tokens: Sequence[str] | None = None) -> bool:
    """True when the note is Swedish, or too short to tell (fewer than three words, no cues).

    >>> is_swedish("Bl.a. bostäder"), is_swedish("Kompetensförsörjning"), is_swedish("The buses are late")
    (True, True, False)
    >>> is_swedish("Det er mangel på boliger"), is_swedish("Der mangler boliger i kommunerne")
    (False, False)
    """
    lang = detect(text, dictionary=dictionary, tokens=tokens)
    if lang == "sv":
        return True
    return lang == "und" and len(_words(text, tokens)) < 3

"""Tokens, lemmas and stop words for Swedish notes.

The default tokenizer is one compiled regex that keeps å/ä/ö, hyphenated compounds
("HR-chef", "e-handel") and abbreviations ("bl.a.", "t.ex.") whole. ``tokenizer="spacy"``
uses ``spacy.blank("sv")`` instead (the optional extra ``nlp-varmland[spacy]``, imported
lazily: importing spaCy takes seconds), with hyphenated compounds joined back so both give the
same content tokens.

Stop words are spaCy's Swedish list (the bundled copy ``data/sv_stop_words_spacy.txt``; spaCy
is not needed) plus ``data/sv_stop_words_domain.txt``.
Lemmas come from simplemma (``lang="sv"``), cached per word.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

from . import resources as R

__all__ = [
    "STOP_WORDS",
    "tokenize",
    "lemmatize",
    "is_content",
    "content_tokens",
    "content_lemmas",
    "lemmas_of_tokens",
]

STOP_WORDS: frozenset[str] = R.stop_words()
"""spaCy's Swedish stop words plus the domain list, lowercase."""

TOKENIZERS = ("regex", "spacy")


@lru_cache(maxsize=1)
def _spacy_nlp() -> Any:
    try:
        import spacy  # noqa: PLC0415 - heavy, only on request
    except ImportError as exc:  # spaCy is an optional extra
        from ..errors import NlpVarmlandError

        raise NlpVarmlandError(
            "tokenizer='spacy' needs spaCy: pip install 'nlp-varmland[spacy]', or use tokenizer='regex'"
        ) from exc
    return spacy.blank("sv")


def _spacy_tokens(text: str) -> list[str]:
    out: list[str] = []
    glue = False  # the previous token was a hyphen glued to a word on both sides
    for tok in _spacy_nlp()(text):
        t = tok.text
        if t == "-" and out and not tok.whitespace_ and tok.i > 0 and not tok.doc[tok.i - 1].whitespace_:
            out[-1] += t
            glue = True
            continue
        if glue:
            out[-1] += t
            glue = False
        elif not t.isspace():
            out.append(t)
    return out


def tokenize(text: str, *, tokenizer: str = "regex") -> list[str]:
    """Word tokens of ``text`` (punctuation dropped), in order.

    >>> tokenize("Bl.a. HR-chefer i Säffle saknar e-handel.")
    ['Bl.a.', 'HR-chefer', 'i', 'Säffle', 'saknar', 'e-handel']
    """
    if tokenizer == "regex":
        return R.token_re().findall(text)
    if tokenizer == "spacy":
        return [t for t in _spacy_tokens(text) if any(ch.isalnum() for ch in t) or t.startswith("[")]
    raise ValueError(f"unknown tokenizer {tokenizer!r}; use one of {TOKENIZERS}")


@lru_cache(maxsize=262_144)
def lemmatize(word: str) -> str:
    """Lowercase simplemma lemma of one word (cached).

    >>> lemmatize("Bostäder"), lemmatize("kommunerna")
    ('bostad', 'kommun')
    """
    _lemmatize = lemma_strategy_lemmatizer()
    low = word.lower()
    fixed = R.lemma_overrides().get(low)
    if fixed:
        return fixed
    if "-" in low:  # lemmatise the head of a compound: "hr-chefer" -> "hr-chef"
        head, _, last = low.rpartition("-")
        return f"{head}-{_lemmatize(last, lang='sv').lower()}" if last else low
    return _lemmatize(low, lang="sv").lower()


@lru_cache(maxsize=1)
def simplemma_strategy() -> Any:
    """simplemma's lemmatisation strategy, with its Swedish dictionary kept as a memory-mapped
    MARISA trie in the user cache when ``marisa-trie`` is installed.

    Decoding simplemma's compressed dictionary costs ~3.5 s in every new process (960,000
    entries); the trie is built once (~8 s) and then loads in ~0.3 s. Without marisa-trie the
    default (decode on load) is used.
    """
    from simplemma.strategies import DefaultStrategy  # noqa: PLC0415 - loads a dictionary lazily

    factory = _dictionary_factory()
    return DefaultStrategy() if factory is None else DefaultStrategy(dictionary_factory=factory)


@lru_cache(maxsize=1)
def _dictionary_factory() -> Any:
    """simplemma's dictionary factory: a memory-mapped MARISA trie kept in the user cache when
    ``marisa-trie`` is installed (None: simplemma's default, which decodes on every load)."""
    try:
        from simplemma.strategies.dictionaries import TrieDictionaryFactory  # noqa: PLC0415

        from nlp_varmland.paths import cache_dir  # noqa: PLC0415
    except ImportError:
        return None
    return TrieDictionaryFactory(disk_cache_dir=str(cache_dir() / "simplemma"))


@lru_cache(maxsize=65_536)
def is_known_word(word: str) -> bool:
    """True when simplemma's Swedish dictionary knows ``word`` (lowercase) as a form.

    >>> is_known_word("bostäder"), is_known_word("xqzt")
    (True, False)
    """
    factory = _dictionary_factory()
    if factory is None:
        from simplemma import is_known  # noqa: PLC0415

        return is_known(word, lang="sv")
    return factory.get_dictionary("sv").get(word.lower()) is not None


@lru_cache(maxsize=1)
def lemma_strategy_lemmatizer() -> Callable[..., str]:
    """``lemmatize(word, lang=...)`` bound to :func:`simplemma_strategy`."""
    from simplemma import Lemmatizer  # noqa: PLC0415

    return Lemmatizer(lemmatization_strategy=simplemma_strategy()).lemmatize


def is_content(token: str, *, stop_words: frozenset[str] | None = None) -> bool:
    """True for a word that carries meaning: has letters, is not an abbreviation, placeholder
    or stop word.

    >>> is_content("bostäder"), is_content("och"), is_content("t.ex."), is_content("[NAMN]")
    (True, False, False, False)
    """
    stops = STOP_WORDS if stop_words is None else stop_words
    if len(token) < 2 or "." in token or token.startswith("["):
        return False
    if R.WORD_RE.search(token) is None:
        return False
    return token.lower() not in stops


def content_tokens(text: str, *, tokenizer: str = "regex", stop_words: frozenset[str] | None = None) -> list[str]:
    """Tokens of ``text`` that are content words (see :func:`is_content`), lowercase.

    >>> content_tokens("Brist på bostäder i Säffle, t.ex. hyresrätter")
    ['brist', 'bostäder', 'säffle', 'hyresrätter']
    """
    return [t.lower() for t in tokenize(text, tokenizer=tokenizer) if is_content(t, stop_words=stop_words)]


def lemmas_of_tokens(
    tokens: Iterable[str], *, stop_words: frozenset[str] | None = None, cache: dict[str, str] | None = None
) -> list[str]:
    """Content lemmas of already tokenised text. ``cache`` (token -> lemma, ``""`` for a
    non-content token) makes repeated tokens a dict look-up; it must belong to one stop list.

    >>> lemmas_of_tokens(["Bussarna", "går", "sällan"])
    ['buss', 'sällan']
    """
    stops = STOP_WORDS if stop_words is None else stop_words
    memo: dict[str, str] = {} if cache is None else cache
    out: list[str] = []
    for token in tokens:
        lemma = memo.get(token)
        if lemma is None:
            lemma = ""
            if is_content(token, stop_words=stops):
                lemma = lemmatize(token)
                if lemma in stops or len(lemma) < 2 or "." in lemma:
                    lemma = ""
            memo[token] = lemma
        if lemma:
            out.append(lemma)
    return out


def content_lemmas(
    text: str, *, tokenizer: str = "regex", stop_words: Iterable[str] | None = None
) -> list[str]:
    """Lowercase content lemmas of ``text``; stop words are removed before and after lemmatising.

    >>> content_lemmas("Vi behöver fler bostäder och bättre bussförbindelser i Värmland")
    ['bostad', 'bussförbindelse']
    """
    stops = STOP_WORDS if stop_words is None else frozenset(stop_words)
    cache = _DEFAULT_CACHE if stop_words is None else None
    return lemmas_of_tokens(tokenize(text, tokenizer=tokenizer), stop_words=stops, cache=cache)


_DEFAULT_CACHE: dict[str, str] = {}

"""Regexes compiled once and the language data files that preprocessing reads.

Language data (names, stop words, cue words, abbreviations) lives in ``nlp_varmland/data/``;
this module only loads it, once per process (``functools.lru_cache``).
"""
from __future__ import annotations

import re
from functools import cache, lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


@cache
def wordlist(name: str) -> tuple[str, ...]:
    """Lines of a data file, without comments (``#``) and blank lines, in file order.

    >>> "Anna" in wordlist("sv_first_names.txt")
    True
    """
    path = DATA_DIR / name
    out: list[str] = []
    seen: set[str] = set()
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if line and not line.startswith("#") and line not in seen:
                seen.add(line)
                out.append(line)
    return tuple(out)


@cache
def wordset(name: str, *, lower: bool = False) -> frozenset[str]:
    """The lines of :func:`wordlist` as a frozenset (optionally lowercased)."""
    words = wordlist(name)
    return frozenset(w.lower() for w in words) if lower else frozenset(words)


@lru_cache(maxsize=1)
def spacy_stop_words() -> frozenset[str]:
    """spaCy's Swedish stop words, from the bundled copy ``sv_stop_words_spacy.txt``.

    spaCy itself is an optional extra (``nlp-varmland[spacy]``): the default path needs only
    this list. tests/test_equivalence.py checks the copy against spaCy's own list.
    """
    return wordset("sv_stop_words_spacy.txt", lower=True)


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """spaCy's Swedish stop words plus the domain list ``sv_stop_words_domain.txt``."""
    return spacy_stop_words() | wordset("sv_stop_words_domain.txt", lower=True)


@lru_cache(maxsize=1)
def lemma_overrides() -> dict[str, str]:
    """word -> lemma corrections from ``sv_lemma_overrides.tsv``."""
    out: dict[str, str] = {}
    for line in wordlist("sv_lemma_overrides.tsv"):
        word, _, lemma = line.partition("\t")
        if lemma.strip():
            out[word.strip().lower()] = lemma.strip().lower()
    return out


@lru_cache(maxsize=1)
def abbreviations() -> tuple[str, ...]:
    """Swedish abbreviations with periods, longest first (for regex alternation)."""
    return tuple(sorted(wordlist("sv_abbreviations.txt"), key=len, reverse=True))


@cache
def language_cues(lang: str) -> tuple[frozenset[str], tuple[str, ...], tuple[str, ...]]:
    """(cue words, word endings, letters) for ``lang`` in ``sv``, ``no``, ``da``, ``en``.

    >>> "och" in language_cues("sv")[0], language_cues("no")[2]
    (True, ('æ', 'ø'))
    """
    words: set[str] = set()
    endings: list[str] = []
    letters: list[str] = []
    for line in wordlist(f"lang_cues_{lang}.txt"):
        if line.startswith("-") and len(line) > 1:
            endings.append(line[1:].lower())
        elif line.startswith("*") and len(line) > 1:
            letters.append(line[1:].lower())
        else:
            words.add(line.lower())
    return frozenset(words), tuple(endings), tuple(letters)


# --- regexes --------------------------------------------------------------------------------

WHITESPACE_RE = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
ZERO_WIDTH_RE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
LINEBREAK_RE = re.compile(r"\r\n|\r|[\u2028\u2029\u0085\x0b\x0c]")
ANY_SPACE_RE = re.compile(r"\s+")

DOUBLE_QUOTES_RE = re.compile(r"[\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033\u2036\u275d\u275e\uff02]")
SINGLE_QUOTES_RE = re.compile(r"[\u2018\u2019\u201a\u201b\u2032\u2035\u2039\u203a\u275b\u275c`\u00b4]")

# str.translate tables: faster than a regex for one-character replacements.
ZERO_WIDTH_TABLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
QUOTES_TABLE = {
    **dict.fromkeys(map(ord, "\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033\u2036\u275d\u275e\uff02"), '"'),
    **dict.fromkeys(map(ord, "\u2018\u2019\u201a\u201b\u2032\u2035\u2039\u203a\u275b\u275c`\u00b4"), "'"),
}
DASHES_TABLE = {
    **dict.fromkeys(map(ord, "\u2010\u2011"), "-"),
    **dict.fromkeys(map(ord, "\u2012\u2013\u2014\u2015\u2212\u2e3a\u2e3b\ufe58\ufe63\uff0d"), "\u2013"),
}
EN_DASH_RUN_RE = re.compile("\u2013{2,}")
ANY_DASH_RE = re.compile("[\u2010\u2011\u2012\u2014\u2015\u2212\u2e3a\u2e3b\ufe58\ufe63\uff0d]")

# Hyphen-like characters inside words become "-"; dashes used as punctuation become "–".
HYPHENS_RE = re.compile(r"(?<=\w)[\u2010\u2011\u00ad](?=\w)")
DASHES_RE = re.compile(r"[\u2012\u2013\u2014\u2015\u2212\u2E3A\u2E3B\uFE58\uFE63\uFF0D]+")
SPACED_HYPHEN_RE = re.compile(r"(?:(?<=\s)|^)-{1,2}(?=\s)")
ELLIPSIS_RE = re.compile(r"\u2026")

# A bullet at the start of a line: symbols, a lone dash, or a list number "1." "2)" "a)".
BULLET_CHARS = "•◦▪▫■□●○◆◇►▶➤➢✓✔✗*·‣⁃∙"
LEADING_BULLET_RE = re.compile(
    r"^[ \t]*(?:[" + re.escape(BULLET_CHARS) + r"]+|[-–—]+(?=\s)|\(?\d{1,2}[.)](?=\s)|[a-zA-Z][)](?=\s))[ \t]*",
    re.MULTILINE,
)
# Word's sub-bullets copied as letters: "o" (level 2, Courier New) and "§" (level 3, Wingdings)
# with a tab after them are always list markers; "o" with spaces only in a list context
# (split.lines), since "o" is also the abbreviation of "och".
WORD_TAB_BULLET_RE = re.compile(r"^[o§]\t+[ \t]*(?=\S)")
O_BULLET_RE = re.compile(r"^o[ \t]+(?=[\w\"'(])")
INLINE_BULLET_RE = re.compile(r"\s*[•◦▪▫■□●○◆◇►▶➤➢‣⁃∙]\s*")
SEMICOLON_RE = re.compile(r"\s*;\s*")
SENTENCE_END_RE = re.compile(r"[.!?…]['\")\]]*\s*$")

# Personnummer / samordningsnummer: YYMMDD[-+]NNNC or YYYYMMDD[-+]NNNC.
PERSONNUMMER_RE = re.compile(
    r"(?<![\w.,/-])(?P<century>(?:18|19|20)?)(?P<date>\d{6})(?P<sep>[-+ ]?)(?P<tail>\d{4})(?![\w/]|[.,]\d|-\d)"
)
EMAIL_RE = re.compile(
    r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-zA-Z]{2,}(?![\w-])"
)
# Swedish numbers start with 0 and an area code that does not start with 0 (or +46/0046);
# the digit count is checked in code. Amounts ("500 000 kr"), years and dates never start so.
PHONE_RE = re.compile(
    r"(?<![\w+.,/-])"
    r"(?:(?:\+|00)(?:46|47|45|358)[\s-]?(?:\(0\)[\s-]?)?[1-9]|0[1-9])"
    r"(?:(?:\s?[-–/]\s?|\s)?\d){5,10}"
    r"(?![\w]|[.,]\d|[-/]\d|\s?(?:%|kr\b|kronor|sek\b|SEK\b|mkr|mnkr|tkr))"
)
# Latin letters of every European, Turkish and Vietnamese alphabet (Ö, Ç, Ş, Ž, Ł, Đ, ạ, ễ ...),
# as character classes, so that the name regex stays a plain linear scan.
_LATIN = [chr(c) for c in (*range(0x41, 0x250), *range(0x1E00, 0x1F00)) if chr(c).isalpha()]
UPPER = "".join(ch for ch in _LATIN if ch.isupper())
LOWER = "".join(ch for ch in _LATIN if ch.islower())
# A capitalised word ("Anna", "Öberg", "Yılmaz", "Hodžić", "Al-Hassan", "Anna-Karin", "McDonald").
_CAP = f"[{UPPER}][{LOWER}]+(?:[{UPPER}][{LOWER}]+)?"
CAPWORD_RE = re.compile(rf"(?<![\w'’-])(?:{_CAP})(?:-(?:{_CAP}))?(?![\w-])")
# Street address: "Storgatan 12", "Västra vägen 3 B", "Kungsgatan 5A, 652 24"; the street word
# list is data (sv_street_words.txt) and the regex is built by :func:`address_re`.
# Swedish number plate: three letters (no I, Q, V) then two digits and a digit or letter.
PLATE_RE = re.compile(r"(?<![\w-])(?P<letters>[A-HJ-PR-UW-ZÅÄÖ]{3})[ -]?\d{2}[0-9A-HJ-PR-UW-Z](?![\w-])")
# A run of digits and phone separators that could be a phone number (checked by phonenumbers).
PHONE_CANDIDATE_RE = re.compile(r"(?<![\w+])(?:\+|00|0|\(0)\d[\d \t().\-–/]{5,22}\d")
PLACEHOLDER_RE = re.compile(r"\[[A-ZÅÄÖ]+\]")

WORD_RE = re.compile(r"[^\W\d_]+", re.UNICODE)
DIGIT_RE = re.compile(r"\d")


@lru_cache(maxsize=1)
def address_re() -> re.Pattern[str]:
    """Swedish street addresses: a street word ending in ``-gatan``, ``-vägen``, ... (or "Västra
    vägen") and a house number with an optional letter and postal code.

    >>> address_re().sub("[ADRESS]", "Storgatan 12, Västra vägen 3 B, Stora Torget 4, Hamngatan 7-9 och Riksväg 62")
    '[ADRESS], [ADRESS], [ADRESS], [ADRESS] och Riksväg 62'
    """
    words = wordlist("sv_street_words.txt")
    suffixes = "|".join(re.escape(w[1:]) for w in words if w.startswith("-"))
    prefixes = "|".join(re.escape(w) for w in words if w[:1].isupper())
    not_streets = "|".join(re.escape(w[1:]) for w in words if w.startswith("!"))
    return re.compile(
        rf"(?<![\w-])(?!(?:{not_streets})\b)"
        rf"(?:(?:{prefixes})\s+(?:[{LOWER}]*(?:{suffixes})|(?i:{suffixes}))|[{UPPER}][{LOWER}-]+(?:{suffixes}))"
        r"\s+\d{1,3}(?!\d)(?:\s?[-–]\s?\d{1,3}(?!\d))?(?:\s?[A-Ha-h](?![\w-]))?"
        r"(?:,?\s+\d{3}\s?\d{2}(?![\w-]))?",
    )


@lru_cache(maxsize=1)
def token_re() -> re.Pattern[str]:
    """The regex tokenizer: abbreviations, placeholders, words with inner hyphens, numbers."""
    abbr = "|".join(re.escape(a) for a in abbreviations())
    return re.compile(
        r"(?=[^\W\d_]{1,8}\.)(?i:(?<!\w)(?:" + abbr + r")(?!\w))"
        r"|\[[A-ZÅÄÖ]+\]"
        r"|\w+(?:[-:'’]\w+)*",
        re.UNICODE,
    )


@lru_cache(maxsize=1)
def abbreviation_end_re() -> re.Pattern[str]:
    """Matches text that ends in an abbreviation (so a sentence must not end there)."""
    abbr = "|".join(re.escape(a) for a in abbreviations() if a.endswith("."))
    return re.compile(r"(?i:(?<!\w)(?:" + abbr + r"))$")

"""What the notes of each theme say for its keywords: the surface form shown for each lemma
and lemma pair, the share of statements holding it, place names, attributive words
(:class:`ThemeTerms`, :func:`surface_forms`), and which statements hold a term
(:func:`term_rows`, :func:`term_coverage`: a word inside a compound counts), and which two
words are one compound written apart (:func:`written_apart`).

Lemmas stay the unit of scoring (``keywords``); this decides how a term is *written*:
"kollektivtrafik" for kollektivtrafiken, "bostäder", "fossila bränslen", "unga nyanställda".
``keywords`` re-exports everything here.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from nlp_varmland.label_words import ATTESTED_ZIPF, label_stop_words, verb_like, zipf

#: Statements of a theme kept in ``ThemeTerms.members`` for coverage (a stride over larger themes).
MEMBER_SAMPLE = 2_000
#: Suffixes of the definite form; a label reads "kollektivtrafik", not "kollektivtrafiken".
_DEFINITE_SUFFIXES = ("en", "et", "n")


@dataclass
class ThemeTerms:
    """What the notes of one theme say for each lemma term.

    ``display``: term -> its most frequent lowercase surface form in the theme ("ung
    nyanställa" -> "unga nyanställda"); ``doc_share``: share of the theme's statements using
    the lemma; ``proper``: lemmas written with a capital letter inside sentences (place names);
    ``attributive``: lemmas that mostly stand right before another content word (cirkulär
    ekonomi), unlike adjectives used as nouns ("unga", "äldre"), over all the notes;
    ``attributive_here``: the same in this theme's statements ("gamla processer"); ``size``: statements in the
    theme; ``members``: the lemmas of each of them (every ``step``-th one past ``MEMBER_SAMPLE``,
    for :func:`term_rows`).
    """

    display: dict[str, str] = field(default_factory=dict)
    doc_share: dict[str, float] = field(default_factory=dict)
    proper: set[str] = field(default_factory=set)
    attributive: set[str] = field(default_factory=set)
    size: int = 0
    members: list[frozenset[str]] = field(default_factory=list)
    attributive_here: set[str] = field(default_factory=set)
    _rows: dict[str, frozenset[int]] = field(default_factory=dict, repr=False)
    _vocab: set[str] = field(default_factory=set, repr=False)


def term_rows(term: str, terms: ThemeTerms) -> frozenset[int]:
    """The theme's statements (positions in ``terms.members``) that hold ``term``: a bigram
    by both its words, a word as its lemma or inside a compound (vård ~ vårdcentral, see
    ``theme_text.compound_part``). Cached on ``terms``.

    >>> t = ThemeTerms(members=[frozenset({"vårdcentral", "kö"}), frozenset({"vård"}), frozenset({"buss"})])
    >>> sorted(term_rows("vård", t)), sorted(term_rows("psykisk ohälsa", t))
    ([0, 1], [])
    """
    got = terms._rows.get(term)
    if got is None:
        if " " in term:
            words = set(term.split())
            got = frozenset(i for i, m in enumerate(terms.members) if words <= m)
        else:
            from nlp_varmland.theme_text import compound_part

            if not terms._vocab:
                terms._vocab = {w for m in terms.members for w in m if " " not in w}
            stem = term[:-1] if term.endswith("a") and len(term) > 4 else term  # gruva: gruvbolag
            hits = {w for w in terms._vocab if stem in w}
            hits = {w for w in hits if compound_part(term, w)}
            quality = quality_adjective(term)
            if quality and quality in terms._vocab:
                hits.add(quality)  # ensamhet is what "ensam", "ensamma" say: one concept
            got = frozenset(i for i, m in enumerate(terms.members) if not hits.isdisjoint(m))
        terms._rows[term] = got
    return got


#: The suffix that makes a quality noun of an adjective (ensam -> ensamhet, trygg -> trygghet).
_QUALITY_SUFFIX = "het"


@lru_cache(maxsize=65_536)
def quality_adjective(noun: str) -> str:
    """The adjective a quality noun is made of (ensamhet -> ensam, trygghet -> trygg), or "":
    a statement that says "ensamma äldre" speaks of ensamhet, so the noun counts it
    (:func:`term_rows`). The adjective alone is no label word (``label_words.lone_modifier``),
    so without this one concept is split over two lemmas and the label goes to a minority's
    word (tester B12: "ensamhet" never in the label of a theme of 13 notes on loneliness).

    >>> quality_adjective("ensamhet"), quality_adjective("trygghet"), quality_adjective("säkerhet")
    ('ensam', 'trygg', '')
    >>> quality_adjective("bostad"), quality_adjective("het")
    ('', '')
    """
    from nlp_varmland.label_words import adjective_like

    if " " in noun or not noun.endswith(_QUALITY_SUFFIX) or len(noun) < len(_QUALITY_SUFFIX) + 4:
        return ""
    stem = noun[: -len(_QUALITY_SUFFIX)]
    return stem if adjective_like(stem) else ""


def term_coverage(term: str, terms: ThemeTerms) -> float:
    """Share of the theme's statements that hold ``term`` (:func:`term_rows`), a noun phrase
    by its head ("grön omställning" by "omställning"); 0 without members.

    >>> t = ThemeTerms(members=[frozenset({"grön", "omställning", "grön omställning"}), frozenset({"omställning"})])
    >>> term_coverage("grön omställning", t), term_coverage("grön", t)
    (1.0, 0.5)
    """
    head = term.split()[-1] if term.strip() else term
    return len(term_rows(head, terms)) / len(terms.members) if terms.members else 0.0


def _aligned_tokens(doc: str, memo: dict[str, str]) -> list[tuple[str, str, bool, int]]:
    """``(surface, lemma, capitalised_inside_sentence, position)`` per content token of ``doc``."""
    from nlp_varmland.preprocessing import tokenize
    from nlp_varmland.preprocessing.tokens import lemmas_of_tokens

    out = []
    for pos, tok in enumerate(tokenize(doc)):
        lemma = memo.get(tok)
        if lemma is None:
            got = lemmas_of_tokens([tok])
            lemma = memo[tok] = got[0] if got else ""
        if lemma:
            out.append((tok.lower(), lemma, pos > 0 and tok[:1].isupper() and not tok.isupper(), pos))
    return out


def _readable(surface: str, lemma: str) -> bool:
    """False for a note abbreviation of the lemma (kn/kommun, utb/utbildning): then the lemma
    reads better. Inflected and suppletive forms stay (bostäder, mår, äldre)."""
    if len(surface) <= len(lemma) - 2 and _unknown_compound_base(lemma) == surface:
        return True  # the base form of a compound the lemmatizer left as written
    return not (len(surface) <= len(lemma) - 2 and (lemma.startswith(surface) or len(surface) <= 3))


@lru_cache(maxsize=65_536)
def _indefinite(surface: str, lemma: str, name: bool = False) -> str:
    """The indefinite form of a definite noun: kollektivtrafiken -> kollektivtrafik,
    bussarna -> bussar, elnätet -> elnät; anything else unchanged. A compound the lemmatizer
    does not know gets its head's base form (:func:`_unknown_compound_base`), unless it is a
    ``name`` (written with a capital letter inside a sentence) or a listed place: Klarälven.

    >>> _indefinite("kollektivtrafiken", "kollektivtrafik"), _indefinite("bostäderna", "bostad")
    ('kollektivtrafik', 'bostäder')
    >>> _indefinite("unga", "ung"), _indefinite("dåligt", "dålig")
    ('unga', 'dåligt')
    >>> _indefinite("besökarna", "besökare"), _indefinite("invånarna", "invånare")
    ('besökare', 'invånare')
    >>> _indefinite("misslyckandet", "misslyckande"), _indefinite("boendet", "boende")
    ('misslyckande', 'boende')
    >>> _indefinite("fiskens", "fisk"), _indefinite("myndighets", "myndighet"), _indefinite("saknas", "sakna")
    ('fisk', 'myndighet', 'saknas')
    >>> _indefinite("vattnet", "vatten"), _indefinite("fönstret", "fönster")
    ('vatten', 'fönster')
    >>> _indefinite("bränslen", "bränsle"), _indefinite("områdena", "område"), _indefinite("pojken", "pojke")
    ('bränslen', 'områden', 'pojke')
    >>> _indefinite("självförsörjningsgraden", "självförsörjningsgraden")
    'självförsörjningsgrad'
    """
    if surface.endswith("s") and surface != lemma + "s" != surface[:-1] + "s" and surface[:2] == lemma[:2]:
        bare = _indefinite(surface[:-1], lemma)
        if bare != surface[:-1]:
            return bare  # a definite genitive: fiskens, stadens, bussarnas
    if surface == lemma + "s" and not lemma.endswith(("a", "s")) and len(lemma) >= 4:
        return lemma  # an indefinite genitive (myndighets, tempels); -a + s is a passive (saknas)
    if surface == lemma and not name and " " not in surface:
        whole = _unknown_compound_base(surface)
        if whole:
            return whole  # a compound the lemmatizer does not know: självförsörjningsgraden
    if surface.endswith(("arna", "erna", "orna")) and surface[:2] == lemma[:2]:
        # besökare -> besökarna: the plural of an -are noun is the lemma, not "besökar". (Tried
        # for tester B12's "reko-ringare" of REKO-ringarna: the -ar plural when commoner than
        # the -are noun; the -ar form is also a verb's present, so spelarna read "spelar".)
        return lemma if lemma == surface[:-2] + "e" else surface[:-2]
    if lemma.endswith("e") and surface in (lemma + "n", lemma + "na") and zipf(lemma + "t") >= ATTESTED_ZIPF:
        return lemma + "n"  # a neuter -e noun (bränslet): -n is its plural, -na the plural's definite
    if surface != lemma and surface.startswith(lemma) and surface[len(lemma):] in _DEFINITE_SUFFIXES:
        return lemma
    if lemma.endswith("e") and surface == lemma + "t" and len(lemma) >= 4:
        return lemma  # an -e noun's definite form: misslyckandet, boendet
    if lemma.endswith(("en", "el", "er")) and len(lemma) >= 4 and surface in (
            lemma[:-2] + lemma[-1] + "et", lemma[:-2] + lemma[-1] + "en"):
        return lemma  # syncope: vattnet, fönstret, exemplet
    return surface


@lru_cache(maxsize=65_536)
def _unknown_compound_base(word: str) -> str:
    """The base form of a compound the lemmatizer does not know and so leaves as written: its
    head inflected (självförsörjningsgraden -> självförsörjningsgrad: grad|en) or a note
    abbreviation (``data/sv_lemma_overrides.tsv``) as its head (skogsmaskinförarutb ->
    skogsmaskinförarutbildning); "" when it is none of these. A label shows the base form
    people write (tester B12).

    >>> _unknown_compound_base("självförsörjningsgraden"), _unknown_compound_base("skogsmaskinförarutb")
    ('självförsörjningsgrad', 'skogsmaskinförarutbildning')
    >>> _unknown_compound_base("laddplatser"), _unknown_compound_base("bostad")
    ('', '')
    """
    from nlp_varmland.preprocessing import resources as R
    from nlp_varmland.preprocessing.tokens import is_known_word, lemmatize

    if "-" in word or len(word) < 8 or is_known_word(word) or zipf(word) >= ATTESTED_ZIPF:
        return ""
    for key, full in R.lemma_overrides().items():
        if (zipf(word) == 0.0 and len(key) >= 3 and key.isalpha() and word.endswith(key) and " " not in full
                and len(full) > len(key) and len(word) - len(key) >= 4):
            return word[: -len(key)] + full  # an abbreviated head: -utb
    if word in _places():
        return ""
    splits = []
    for i in range(3, len(word) - 3):
        head, first = word[i:], word[:i]
        if not is_known_word(head) or zipf(head) < ATTESTED_ZIPF:
            continue
        if is_known_word(first) or (first.endswith("s") and is_known_word(first[:-1])):
            splits.append((zipf(head), i))  # kontrakts|värdet, not kontrakt|svärdet: the commoner head
    if not splits:
        return ""
    i = max(splits)[1]
    head = word[i:]
    base = _indefinite(head, lemmatize(head))
    return word[:i] + base if base != head else ""


@lru_cache(maxsize=65_536)
def _one_word(joined: str) -> bool:
    from nlp_varmland.label_words import people_adjectives
    from nlp_varmland.preprocessing.tokens import is_known_word

    return zipf(joined) >= ATTESTED_ZIPF or is_known_word(joined) or joined in people_adjectives()


def written_apart(shown: Sequence[str]) -> bool:
    """True for two words that, written together, are one Swedish word (wordfreq-attested,
    known to the lemmatizer or a listed people adjective): a compound written apart, which
    names one thing ("utrikes födda", "äldre boende", "lokal trafik"; tester B14: the label
    read "utrikes", cut out of "utrikes födda", because two words in a row that are no
    adjective and noun were taken for a clause cut short).

    >>> written_apart(["utrikes", "födda"]), written_apart(["bostad", "inflyttare"])
    (True, False)
    """
    if len(shown) != 2 or not all(w.isalpha() and len(w) >= 2 for w in shown):
        return False
    return _one_word(shown[0] + shown[1])


@lru_cache(maxsize=1)
def _places() -> frozenset[str]:
    from nlp_varmland.preprocessing.resources import wordset

    return wordset("sv_places.txt", lower=True)


def aligned_tokens(docs: Sequence[str]) -> list[list[tuple[str, str, bool, int]]]:
    """The content tokens of every doc as :func:`surface_forms` reads them (compute once, reuse)."""
    memo: dict[str, str] = {}
    return [_aligned_tokens(doc, memo) for doc in docs]


def surface_forms(docs: Sequence[str], labels: Sequence[int] | np.ndarray, n_themes: int, *,
                  tokens: Sequence[list[tuple[str, str, bool, int]]] | None = None) -> list[ThemeTerms]:
    """Per theme: the surface form shown for each lemma and lemma bigram, doc shares, place names.

    Lemmas stay the unit of scoring; this only decides how a term is *written*: the form the
    theme's statements use most (ties: the shorter, then alphabetical, so runs are stable).

    >>> t = surface_forms(["Unga nyanställda hittar inget", "Bostäder för unga nyanställda"],
    ...                   [0, 0], 1)[0]
    >>> t.display["ung nyanställa"], t.display["bostad"]
    ('unga nyanställda', 'bostäder')
    """
    lab = np.asarray(labels, dtype=int)
    counts: list[dict[str, Counter]] = [{} for _ in range(n_themes)]
    docs_with: list[Counter] = [Counter() for _ in range(n_themes)]
    caps: Counter = Counter()
    inside: Counter = Counter()
    seen: Counter = Counter()
    before_word: Counter = Counter()
    before_here: list[Counter] = [Counter() for _ in range(n_themes)]  # per theme: before a word
    members: list[list[frozenset[str]]] = [[] for _ in range(n_themes)]
    sizes = np.bincount(lab[lab >= 0], minlength=n_themes) if n_themes else np.zeros(0, dtype=int)
    steps = [-(-int(z) // MEMBER_SAMPLE) for z in sizes]  # every step-th statement of a large theme
    seen_in = [0] * n_themes
    for toks, c in zip(aligned_tokens(docs) if tokens is None else tokens, lab):
        for i, (surf, lem, cap, pos) in enumerate(toks):
            seen[lem] += 1
            if i + 1 < len(toks) and toks[i + 1][3] == pos + 1:
                nxt = toks[i + 1][1]  # "cirkulära material" is attributive, "unga saknar" is not
                before_word[lem] += not (verb_like(nxt) or nxt in label_stop_words())
                if c >= 0 and not verb_like(nxt):  # "gamla processer", a generic noun too
                    before_here[c][lem] += 1
            if pos > 0:
                inside[lem] += 1
                caps[lem] += cap
            if c < 0:
                continue
            surf = _indefinite(surf, lem, cap)
            forms = counts[c].get(lem)
            if forms is None:  # no Counter built per token: this loop sees every word of the run
                forms = counts[c][lem] = Counter()
            forms[surf] += 1
            if i > 0 and toks[i - 1][1] != lem:
                prev_surf, prev_lem = _indefinite(*toks[i - 1][:3]), toks[i - 1][1]
                pair = f"{prev_lem} {lem}"
                forms = counts[c].get(pair)
                if forms is None:
                    forms = counts[c][pair] = Counter()
                forms[(prev_surf, surf)] += 1
        if c >= 0:
            mine = {t[1] for t in toks}
            docs_with[c].update(mine)
            if seen_in[c] % steps[c] == 0:
                members[c].append(frozenset(mine))
            seen_in[c] += 1
    proper = {lem for lem, n in inside.items() if n and caps[lem] / n >= 0.8}
    attributive = {lem for lem, n in seen.items() if before_word[lem] / n >= 0.5}
    out = []
    for c in range(n_themes):
        display: dict[str, str] = {}
        for term, forms in counts[c].items():
            words = term.split()
            ranked = sorted(forms.items(), key=lambda kv: (-kv[1], len(str(kv[0])), str(kv[0])))
            best = ranked[0][0]
            best = best if isinstance(best, tuple) else (best,)
            display[term] = " ".join(s if _readable(s, w) else w for s, w in zip(best, words))
        share = {lem: n / max(int(sizes[c]), 1) for lem, n in docs_with[c].items()}
        here = {lem for lem, n in before_here[c].items()
                if lem in counts[c] and n / sum(counts[c][lem].values()) >= 0.5}
        out.append(ThemeTerms(display=display, doc_share=share, proper=proper,
                              attributive=attributive, size=int(sizes[c]), members=members[c],
                              attributive_here=here))
    return out

"""Words and quotes for a fitted partition: a theme's label, its group's label and its most
central examples. The candidates are c-TF-IDF lemmas (``keywords``), re-ranked by the closeness
of their embedding to the theme's centroid (KeyBERTInspired, through the embedding cache) and
by the share of the theme's statements holding them; weak words (``keywords.weak_label_terms``)
never lead a label.

>>> import numpy as np
>>> central_examples(["Bussen går sällan", "bussen  går sällan", "Tåget är sent"], np.arange(3),
...                  np.array([0.9, 0.8, 0.1]))
[0, 2]
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from nlp_varmland.keywords import (
    LABEL_SEP,
    MIN_SUPPORT,
    SUPPORT_MIN_SIZE,
    ThemeTerms,
    make_label,
    near_duplicate,
    says_nothing,
    surface_forms,
    term_coverage,
    term_rows,
    theme_keywords,
    weak_label_terms,
    written_apart,
)
from nlp_varmland.theme_text import choose_label_terms, embed_terms, word_vectors

__all__ = ["central_examples", "distinct_labels", "theme_group_labels", "theme_label", "whole_phrases"]


def central_examples(docs: Sequence[str], members: np.ndarray, sims: np.ndarray, n: int = 3) -> list[int]:
    """Up to ``n`` of ``members`` (indices into ``docs``), most similar first by ``sims``, one
    per text (case and spacing ignored)."""
    idx: list[int] = []
    texts: set[str] = set()
    for i in np.asarray(members)[np.argsort(-np.asarray(sims), kind="stable")]:
        key = " ".join(docs[int(i)].lower().split())
        if key not in texts:
            texts.add(key)
            idx.append(int(i))
        if len(idx) == n:
            break
    return idx


def theme_label(kws: list[str], weak: set[str], display: dict[str, str], Xu: np.ndarray,
                mask: np.ndarray, *, embedder: Any, cache: Any,
                index: dict[str, set[int]], max_words: int = 3, terms: ThemeTerms | None = None) -> str:
    """2-3 label words: non-weak c-TF-IDF candidates ``kws`` re-ranked by embedding closeness to
    the centroid of the statements in ``mask`` (``embedder`` through ``cache``; without an
    embedder, word vectors from the lemma ``index``) and by the share of the theme's statements
    holding them (``terms``, keywords.term_coverage); a word the theme says inside a compound
    written apart stands as that phrase (:func:`whole_phrases`). A label of one word in a theme
    of ``SUPPORT_MIN_SIZE`` or more gets a second, a noun its statements share alone and in
    compounds (:func:`shared_words`), when one is there."""
    cands = whole_phrases([w for w in kws if w not in weak][:10], terms)
    if len(cands) >= 2 and mask.any():
        shown = [display.get(w, w) for w in cands]
        V = embed_terms(shown, embedder, cache)
        centroid = Xu[mask].mean(axis=0)
        if V is None:
            V, centroid = word_vectors(cands, index, Xu), centroid - Xu.mean(axis=0)
        cover = [term_coverage(w, terms) for w in cands] if terms is not None and terms.members else None
        cands = choose_label_terms(cands, V, centroid, coverage=cover)
    order = cands + [w for w in kws if w not in cands]
    label = make_label(order, max_words=max_words, display=display, skip=weak)
    first = next((w for w in order if w not in weak), None)
    if LABEL_SEP in label or first is None or terms is None or terms.size < SUPPORT_MIN_SIZE or not mask.any():
        return label  # a label of one word, in a theme where two statements can share a second
    second = _shared_word(first, kws, terms, Xu[mask].mean(axis=0), embedder=embedder, cache=cache)
    if second is None:
        return label
    return make_label([first, second], max_words=max_words, display=display)


def shared_words(terms: ThemeTerms) -> dict[str, float]:
    """Nouns the theme's statements share, once alone and once inside a compound at least
    (mat of "lokal mat" and "matproduktion"; ``label_words.compound_parts``), held by
    ``MIN_SUPPORT`` or more of them: word -> share of the statements holding it.

    >>> shared_words(ThemeTerms(members=[frozenset({"lokal", "mat"}), frozenset({"matproduktion"}),
    ...                                  frozenset({"mjölkgård"}), frozenset({"buss"})]))
    {'mat': 0.5}
    """
    from nlp_varmland.label_words import compound_parts

    alone: dict[str, set[int]] = {}
    inside: dict[str, set[int]] = {}
    for i, member in enumerate(terms.members):
        for lemma in member:
            if " " in lemma:
                continue
            alone.setdefault(lemma, set()).add(i)
            for part in compound_parts(lemma):
                if part != lemma:
                    inside.setdefault(part, set()).add(i)
    n = max(len(terms.members), 1)
    return {p: len(rows | alone[p]) / n for p, rows in sorted(inside.items())
            if p in alone and len(rows | alone[p]) >= MIN_SUPPORT}


def _plain_noun(word: str, terms: ThemeTerms) -> bool:
    """True when the form shown for ``word`` reads back as it (not "leder", the verb's present,
    for led), is no -are noun written as a verb's present (vårdare shown as "vårdar": an -are
    noun is never written -ar) and no adjective's -a form used alone (svenska of svensk).

    >>> _plain_noun("vårdare", ThemeTerms(display={"vårdare": "vårdar"}))
    False
    """
    from nlp_varmland.label_words import lone_modifier
    from nlp_varmland.preprocessing.tokens import lemmatize

    shown = terms.display.get(word, word)
    if word.endswith("a") and lone_modifier(word[:-1], word):
        return False
    if word == shown + "e" and shown.endswith(("ar", "er")):
        return False
    return lemmatize(shown) == word


def _shared_word(first: str, kws: list[str], terms: ThemeTerms, centroid: np.ndarray, *,
                 embedder: Any, cache: Any) -> str | None:
    """A second label word for a label of one word: of :func:`shared_words`, the one not weak
    (``keywords.weak_label_terms``, ``says_nothing``) nor a near-duplicate of ``first`` with
    the largest share times closeness to ``centroid`` (embedding through the cache; the share
    alone without an embedder that embeds words); None when there is none (tester B14: a
    local-food theme labelled "gård" alone, whose statements also say "lokal mat" and
    "matproduktion")."""
    shared = shared_words(terms)
    cands = [w for w in shared if w not in kws and not near_duplicate(w, first)]
    if not cands:
        return None
    weak = weak_label_terms(cands + [first], terms)
    cands = [w for w in cands if w not in weak and not says_nothing(w, terms) and _plain_noun(w, terms)]
    if not cands:
        return None
    V = embed_terms([terms.display.get(w, w) for w in cands], embedder, cache)
    close = np.ones(len(cands)) if V is None else (
        (V @ centroid) / np.maximum(np.linalg.norm(V, axis=1) * np.linalg.norm(centroid), 1e-12))
    score = [shared[w] * float(c) for w, c in zip(cands, close)]
    return cands[int(np.argmax(score))]  # ties: the first in alphabetical order


#: A word stands in a label as the phrase that holds it (adjective + noun, a compound written
#: apart) when the phrase holds at least this share of the statements that hold the word.
PHRASE_SHARE = 0.5


def whole_phrases(cands: list[str], terms: ThemeTerms | None) -> list[str]:
    """``cands`` with each single word that the theme mostly says inside a compound written
    apart among the candidates (``keywords.written_apart``, by the words the notes use)
    replaced by that phrase, in the word's place: "utrikes" of "utrikes födda". A label keeps
    the name whole (tester B14: "utrikes" cut out of "utrikes födda"); an adjective and its noun
    are kept together already (``keywords._expand_phrase``), and a participle before a noun
    ("födda kvinnor" of "utrikes födda kvinnor") does not replace the noun. Without ``terms``
    (no statements) ``cands`` is returned.

    >>> t = ThemeTerms(members=[frozenset({"utrikes", "föda", "jobb"}), frozenset({"utrikes", "föda"}),
    ...                         frozenset({"jobb"})], display={"utrikes föda": "utrikes födda"})
    >>> whole_phrases(["utrikes", "jobb", "utrikes föda"], t)
    ['utrikes föda', 'jobb']
    """
    if terms is None or not terms.members:
        return cands
    out: list[str] = []
    for w in cands:
        if " " not in w:
            held = len(term_rows(w, terms))
            phrases = [b for b in cands if " " in b and w in b.split()
                       and written_apart(terms.display.get(b, b).split())
                       and len(term_rows(b, terms)) >= max(1, PHRASE_SHARE * held)]
            if phrases:
                w = max(phrases, key=lambda b: (len(term_rows(b, terms)), -cands.index(b)))
        if w not in out:
            out.append(w)
    return out


def theme_group_labels(docs: Sequence[str], lemmas: Sequence[str], Xu: np.ndarray, labels: np.ndarray,
                       groups: np.ndarray, *, tokens: Any, embedder: Any, cache: Any,
                       index: dict[str, set[int]]) -> list[str]:
    """One or two words per theme group (``groups[theme]``), by the same c-TF-IDF and label
    rules as :func:`theme_label`; ``tokens`` are ``keywords.aligned_tokens(docs)``."""
    g = int(groups.max(initial=-1) + 1)
    if g == 0:
        return []
    doc_groups = np.where(labels >= 0, groups[np.maximum(labels, 0)], -1)
    kws = theme_keywords(list(lemmas), doc_groups, g, embeddings=Xu, top_n=10)
    terms = surface_forms(list(docs), doc_groups, g, tokens=tokens)
    out = []
    for c in range(g):
        weak = weak_label_terms(kws[c], terms[c])
        out.append(theme_label(kws[c], weak, terms[c].display, Xu, doc_groups == c, max_words=2,
                               terms=terms[c], embedder=embedder, cache=cache, index=index))
    return out


def distinct_labels(labels: Sequence[str], terms: Sequence[ThemeTerms]) -> list[str]:
    """Labels where themes that would share one each get a word of their own after it.

    For each theme of a shared label, the word (a content lemma, shown as written) that the
    most of its statements hold beyond the share in the other themes of that label; it must be
    held by ``MIN_SUPPORT`` statements, say something (:func:`keywords.says_nothing`; a name
    the notes capitalise counts, a place name of ``data/sv_places.txt`` does not) and be no
    vague noun. A theme with no such word keeps the label. Of two themes called "företag" on a
    fresh tester meeting (themes_blind12) one reads "företag – nyföretagarcentrum" instead.

    >>> a = ThemeTerms(doc_share={"företag": 1.0, "almi": 0.5}, size=4)
    >>> b = ThemeTerms(doc_share={"företag": 1.0, "hemsida": 0.5}, size=4)
    >>> distinct_labels(["företag", "buss", "företag"], [a, ThemeTerms(), b])
    ['företag – almi', 'buss', 'företag – hemsida']
    """
    from dataclasses import replace

    from nlp_varmland.label_words import vague_word

    out = list(labels)
    for label in sorted({x for x in labels if list(labels).count(x) > 1}):
        same = [c for c, x in enumerate(labels) if x == label]
        taken = set(label.split(LABEL_SEP))
        for c in same:
            t, others = terms[c], [terms[o] for o in same if o != c]

            def lead(w: str, t: ThemeTerms = t, others: list[ThemeTerms] = others) -> float:
                return t.doc_share.get(w, 0.0) - max(o.doc_share.get(w, 0.0) for o in others)

            named = replace(t, proper=set())  # a name the notes capitalise may tell them apart
            cands = [w for w in t.doc_share
                     if " " not in w and t.display.get(w, w) not in taken and lead(w) > 0
                     and t.doc_share[w] * max(t.size, 1) >= MIN_SUPPORT - 1e-9
                     and not says_nothing(w, named) and not vague_word(w, t.display.get(w, w), t.doc_share[w])]
            if cands:
                best = max(cands, key=lambda w: (lead(w), t.doc_share[w], w))
                out[c] = f"{label}{LABEL_SEP}{t.display.get(best, best)}"
    return out

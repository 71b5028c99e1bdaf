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
    ThemeTerms,
    make_label,
    surface_forms,
    term_coverage,
    theme_keywords,
    weak_label_terms,
)
from nlp_varmland.theme_text import choose_label_terms, embed_terms, word_vectors

__all__ = ["central_examples", "theme_group_labels", "theme_label"]


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
    holding them (``terms``, keywords.term_coverage)."""
    cands = [w for w in kws if w not in weak][:10]
    if len(cands) >= 2 and mask.any():
        shown = [display.get(w, w) for w in cands]
        V = embed_terms(shown, embedder, cache)
        centroid = Xu[mask].mean(axis=0)
        if V is None:
            V, centroid = word_vectors(cands, index, Xu), centroid - Xu.mean(axis=0)
        cover = [term_coverage(w, terms) for w in cands] if terms is not None and terms.members else None
        cands = choose_label_terms(cands, V, centroid, coverage=cover)
    return make_label(cands + [w for w in kws if w not in cands], max_words=max_words,
                      display=display, skip=weak)


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

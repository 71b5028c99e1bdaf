"""Swedish theme keywords: c-TF-IDF over content lemmas (unigrams + bigrams), MMR, readable labels.

This is BERTopic's representation step (class-based TF-IDF with ``reduce_frequent_words`` and
maximal marginal relevance) rebuilt on numpy/scipy so the default path needs neither bertopic
nor scikit-learn. Tokens are the space-separated lemmas from
``nlp_varmland.preprocessing.content_lemmas``; nothing is ASCII-folded, so å/ä/ö survive.

>>> from nlp_varmland.keywords import theme_keywords, make_label
>>> lemmas = ["buss landsbygd", "buss landsbygd sällan", "buss kväll", "tåg buss sällan",
...           "bostad brist", "bostad kö", "hyresrätt brist", "bostad hyresrätt ung"]
>>> theme_keywords(lemmas, [0, 0, 0, 0, 1, 1, 1, 1], n_themes=2, top_n=3)
[['buss landsbygd', 'sällan', 'kväll'], ['bostad', 'brist', 'hyresrätt']]
>>> make_label(["psykisk ohälsa", "ohälsa", "unga", "ung"])
'psykisk ohälsa – unga'
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

LABEL_SEP = " – "


def lemmatize(docs: Sequence[str]) -> list[str]:
    """Space-separated content lemmas for each doc, via ``preprocessing.content_lemmas``.

    >>> lemmatize(["Bussarna går för sällan på landsbygden"])     # doctest: +SKIP
    ['buss sällan landsbygd']
    """
    from nlp_varmland.preprocessing import content_lemmas

    return [" ".join(content_lemmas(d)) for d in docs]


def doc_terms(lemmas: Sequence[str], *, bigrams: bool = True) -> list[list[str]]:
    """Terms of each doc: its lemmas plus adjacent lemma pairs ("psykisk ohälsa").

    >>> doc_terms(["kollektivtrafik landsbygd buss"])
    [['kollektivtrafik', 'landsbygd', 'buss', 'kollektivtrafik landsbygd', 'landsbygd buss']]
    """
    out = []
    for s in lemmas:
        toks = [t for t in s.split() if t]
        terms = list(toks)
        if bigrams:
            terms += [f"{a} {b}" for a, b in zip(toks, toks[1:]) if a != b]
        out.append(terms)
    return out


def term_matrix(terms: list[list[str]], *, min_df: int = 2):
    """Binary doc-term matrix (scipy CSR) and vocabulary; bigrams need ``min_df`` docs, unigrams 1."""
    from scipy import sparse

    df: dict[str, int] = {}
    for ts in terms:
        for t in set(ts):
            df[t] = df.get(t, 0) + 1
    vocab = sorted(t for t, c in df.items() if c >= (min_df if " " in t else 1))
    index = {t: i for i, t in enumerate(vocab)}
    rows, cols = [], []
    for r, ts in enumerate(terms):
        for c in {index[t] for t in ts if t in index}:
            rows.append(r)
            cols.append(c)
    data = np.ones(len(rows), dtype=np.float32)
    M = sparse.csr_matrix((data, (rows, cols)), shape=(len(terms), len(vocab)), dtype=np.float32)
    return M, vocab


def class_tfidf(M, labels: np.ndarray, n_themes: int) -> np.ndarray:
    """BERTopic's c-TF-IDF with ``reduce_frequent_words=True``: sqrt(tf/|c|) * log(1 + A / f_t).

    ``A`` is the mean number of terms per class and ``f_t`` the term's frequency over all classes.
    """
    from scipy import sparse

    labels = np.asarray(labels)
    keep = labels >= 0
    C = sparse.csr_matrix(
        (np.ones(keep.sum(), dtype=np.float32), (labels[keep], np.flatnonzero(keep))),
        shape=(n_themes, M.shape[0]),
    )
    tf = np.asarray((C @ M).todense(), dtype=np.float64)
    totals = tf.sum(axis=1, keepdims=True)
    f_t = tf.sum(axis=0)
    avg = totals.mean() if len(totals) else 1.0
    idf = np.log1p(avg / np.maximum(f_t, 1e-12))
    tf_norm = np.sqrt(tf / np.maximum(totals, 1e-12))
    return tf_norm * idf


def near_duplicate(a: str, b: str) -> bool:
    """True for lemma-level near-duplicates: same word, shared compound head, or overlapping bigram.

    >>> near_duplicate("buss", "bussar"), near_duplicate("bostad", "bostadsbrist")
    (True, True)
    >>> near_duplicate("psykisk ohälsa", "ohälsa"), near_duplicate("buss", "bostad")
    (True, False)
    """
    wa, wb = set(a.split()), set(b.split())
    if wa & wb:
        return True
    for x in wa:
        for y in wb:
            short, long_ = sorted((x, y), key=len)
            if len(short) >= 3 and long_.startswith(short) and len(long_) - len(short) <= 3:
                return True  # inflection: ung/unga, buss/bussar
            if len(short) >= 4 and long_.startswith(short[: max(4, len(short) - 1)]):
                return True  # compound sharing the first part: bostad/bostadsbrist
    return False


def mmr(
    relevance: np.ndarray, vectors: np.ndarray, top_n: int, diversity: float = 0.3
) -> list[int]:
    """Maximal marginal relevance: indices chosen one by one, trading relevance for novelty.

    >>> mmr(np.array([1.0, 0.99, 0.5]), np.array([[1, 0], [1, 0], [0, 1.0]]), 2, diversity=0.5)
    [0, 2]
    """
    chosen: list[int] = []
    rest = list(range(len(relevance)))
    sims = vectors @ vectors.T if len(vectors) else np.zeros((0, 0))
    while rest and len(chosen) < top_n:
        if chosen:
            red = sims[np.ix_(rest, chosen)].max(axis=1)
        else:
            red = np.zeros(len(rest))
        score = (1 - diversity) * relevance[rest] - diversity * red
        best = rest[int(np.argmax(score))]
        chosen.append(best)
        rest.remove(best)
    return chosen


def theme_keywords(
    lemmas: Sequence[str],
    labels: Sequence[int],
    n_themes: int,
    *,
    embeddings: np.ndarray | None = None,
    top_n: int = 10,
    diversity: float = 0.3,
    min_df: int = 2,
) -> list[list[str]]:
    """Top keywords per theme (best first): c-TF-IDF candidates re-ranked by MMR.

    A keyword's vector for MMR is the mean embedding of the docs that contain it (``embeddings``),
    or else its doc-occurrence profile, so "buss" and "busstrafik" count as redundant.
    """
    labels = np.asarray(labels, dtype=int)
    terms = doc_terms(lemmas)
    M, vocab = term_matrix(terms, min_df=min_df)
    if not vocab or n_themes == 0:
        return [[] for _ in range(n_themes)]
    W = class_tfidf(M, labels, n_themes)
    Mc = M.tocsc()
    out = []
    for k in range(n_themes):
        row = W[k].copy()
        members = labels == k
        in_class = np.asarray(M[members].sum(axis=0)).ravel()
        if members.sum() >= 4:  # a keyword must be shared by two statements of the theme
            row[in_class < 2] *= 0.01
        cand = [int(i) for i in np.argsort(-row)[: max(3 * top_n, 30)] if row[i] > 0]
        if not cand:
            out.append([])
            continue
        sub = Mc[:, cand]
        if embeddings is not None:
            V = np.asarray((sub.T @ embeddings) / np.maximum(sub.sum(axis=0).T, 1))
            V = V - embeddings.mean(axis=0)
        else:
            V = sub.T.toarray()
        V = V / np.maximum(np.linalg.norm(V, axis=1, keepdims=True), 1e-12)
        rel = row[cand] / row[cand].max()
        picked = mmr(rel, V, top_n=len(cand), diversity=diversity)
        words: list[str] = []
        for i in picked:
            w = _expand_phrase(vocab[cand[i]], [vocab[c] for c in cand], in_class, vocab)
            if w not in words:
                words.append(w)
            if len(words) >= top_n:
                break
        out.append(words)
    return out


def _expand_phrase(word: str, cands: list[str], in_class: np.ndarray, vocab: list[str]) -> str:
    """A unigram whose theme mostly says it as a bigram becomes the bigram ("må" -> "må dålig")."""
    if " " in word:
        return word
    pos = {t: i for i, t in enumerate(vocab)}
    n_word = in_class[pos[word]]
    best, n_best = word, 0.0
    for b in cands:
        if " " in b and word in b.split():
            n_b = in_class[pos[b]]
            if n_b >= max(2, 0.5 * n_word) and n_b > n_best:
                best, n_best = b, n_b
    return best


def make_label(keywords: Sequence[str], max_words: int = 3, max_chars: int = 48) -> str:
    """Short Swedish label from the best 2–3 keywords, skipping lemma-level near-duplicates.

    >>> make_label(["buss", "bussar", "landsbygd", "kollektivtrafik"])
    'buss – landsbygd – kollektivtrafik'
    >>> make_label([])
    '(inga nyckelord)'
    """
    parts: list[str] = []
    for w in keywords:
        if any(near_duplicate(w, p) for p in parts) or (" " not in w and len(w) < 3):
            continue  # "ta", "km" and the like say nothing in a label
        if parts and len(LABEL_SEP.join([*parts, w])) > max_chars:
            break
        parts.append(w)
        if len(parts) >= max_words or sum(len(p.split()) for p in parts) >= 4:
            break
    return LABEL_SEP.join(parts) if parts else "(inga nyckelord)"

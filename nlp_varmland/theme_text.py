"""What a person reads about a theme: the label words, a short extractive summary, its group.

- :func:`choose_label_terms` re-ranks c-TF-IDF keywords by how close each candidate's own
  embedding is to the theme (BERTopic's KeyBERTInspired idea), so the label names the theme,
  not a word that is merely frequent in it.
- :func:`theme_summary` picks one or two of the theme's statements by maximal marginal
  relevance: the most central one, then the most central one that says something else.
- :func:`graph_groups` merges themes into a few groups by the links between them in the kNN
  graph (greedy modularity, the next level of the Louvain hierarchy): the topic -> subtopic
  view. :func:`theme_groups` (average-linkage on the theme centroids) is the fallback when
  there is no graph.

The word classes of label words live here too (:func:`label_stop_words`, :func:`verb_like`,
:func:`lone_modifier`, :func:`vague_word`: data files under ``nlp_varmland/data/sv_label_*``);
``keywords.weak_label_terms`` applies them to a theme's keywords.

All are deterministic and need numpy only (and the lemmatizer for the word classes).

>>> import numpy as np
>>> V = np.array([[1, 0], [0.9, 0.1], [0, 1.0]])
>>> theme_summary(["Bussen går sällan.", "Bussen går för sällan", "Tåget är sent"], V,
...               np.array([1.0, 0.0]))
'Bussen går sällan. Tåget är sent.'
>>> theme_groups(np.array([[1, 0], [0.95, 0.05], [0, 1], [0.05, 0.95]]), 2).tolist()
[0, 0, 1, 1]
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np

#: Weight of the embedding closeness against c-TF-IDF when label words are chosen.
LABEL_EMBEDDING_WEIGHT = 0.5
#: A summary is one statement, or two when both fit in this many characters.
SUMMARY_MAX_CHARS = 300
#: Cosine above which a second statement only repeats the first.
NEAR_DUPLICATE = 0.9


def _unit(A: np.ndarray) -> np.ndarray:
    A = np.asarray(A, dtype=np.float64)
    return A / np.maximum(np.linalg.norm(A, axis=-1, keepdims=True), 1e-12)


def choose_label_terms(keywords: Sequence[str], candidate_vectors: np.ndarray | None,
                       centroid: np.ndarray | None,
                       weight: float = LABEL_EMBEDDING_WEIGHT,
                       coverage: Sequence[float] | None = None) -> list[str]:
    """``keywords`` (c-TF-IDF order, best first) re-ranked by c-TF-IDF rank and closeness.

    ``candidate_vectors`` has one row per keyword (its embedding, or None to keep the order);
    the score is ``(1 - weight) * rank_score + weight * closeness``, both scaled to [0, 1],
    times the keyword's ``coverage`` (share of the theme's statements holding it, scaled by
    the largest) when given: a word most statements share names the theme better than one
    a single statement uses.

    >>> V = np.array([[0, 1.0], [1, 0], [0.9, 0.1], [0, 1]])      # år, buss, tåg, väg
    >>> choose_label_terms(["år", "buss", "tåg", "väg"], V, np.array([1.0, 0]))
    ['buss', 'tåg', 'år', 'väg']
    >>> choose_label_terms(["år", "buss", "tåg", "väg"], V, np.array([1.0, 0]), coverage=[.1, .1, .5, .2])
    ['tåg', 'buss', 'år', 'väg']
    """
    words = list(keywords)
    if coverage is not None and len(coverage) == len(words) and len(words) >= 2 and max(coverage) > 0:
        cover = np.asarray(coverage, dtype=np.float64) / max(coverage)
    else:
        cover = np.ones(len(words))
    rank = 1.0 - np.arange(len(words)) / max(len(words) - 1, 1)
    if candidate_vectors is None or centroid is None or len(words) < 2:
        if coverage is None or len(words) < 2:
            return words
        score = rank * cover
        return [words[i] for i in sorted(range(len(words)), key=lambda i: (-score[i], i))]
    sims = _unit(candidate_vectors) @ _unit(centroid)
    span = float(sims.max() - sims.min())
    close = (sims - sims.min()) / span if span > 1e-9 else np.zeros(len(words))
    score = ((1 - weight) * rank + weight * close) * cover
    order = sorted(range(len(words)), key=lambda i: (-score[i], i))
    return [words[i] for i in order]


def embed_terms(terms: Sequence[str], embedder: Any, cache: Any = None) -> np.ndarray | None:
    """Embeddings of label candidates through the embedding cache, or None when the embedder
    cannot embed single words on its own (tf-idf is fitted to the corpus it is given)."""
    if embedder is None or not terms or getattr(embedder, "backend", "") == "tfidf":
        return None
    from nlp_varmland.embeddings import CachedEmbedder, embed

    if cache is None and isinstance(embedder, CachedEmbedder):
        return np.asarray(embedder.encode(list(terms), progress=False))
    return embed(list(terms), embedder, cache=cache, progress=False)


def word_vectors(terms: Sequence[str], lemmas: Sequence[str] | dict[str, set[int]],
                 X: np.ndarray) -> np.ndarray:
    """Fallback term vectors: the mean embedding of the statements whose lemmas hold every word
    of the term (centred on the corpus mean). A term no statement uses gets the zero vector.
    ``lemmas`` may be the :func:`lemma_index` of the statements (built once, reused)."""
    index = lemmas if isinstance(lemmas, dict) else lemma_index(lemmas)
    mean = X.mean(axis=0)
    out = np.zeros((len(terms), X.shape[1]))
    for j, term in enumerate(terms):
        rows: set[int] | None = None
        for w in term.split():
            got = index.get(w, set())
            rows = got if rows is None else rows & got
        if rows:
            out[j] = X[sorted(rows)].mean(axis=0) - mean
    return out


def lemma_index(lemmas: Sequence[str]) -> dict[str, set[int]]:
    """lemma -> the statements (row numbers) that use it."""
    index: dict[str, set[int]] = {}
    for i, s in enumerate(lemmas):
        for w in set(s.split()):
            index.setdefault(w, set()).add(i)
    return index


def compound_part(word: str, lemma: str) -> bool:
    """True when ``lemma`` is ``word`` or a compound holding it as its first or last part
    (vård ~ vårdcentral, buss ~ skolbuss); a part needs 4 letters (3 for the head: tåg ~ nattåg)
    and the rest of the compound 3 (del ~ delaktighet is not a compound of del).

    >>> compound_part("vård", "vårdcentral"), compound_part("buss", "skolbuss"), compound_part("del", "delaktighet")
    (True, True, False)
    """
    if word == lemma:
        return True
    if len(lemma) - len(word) < 3:
        return False
    if len(word) >= 4 and lemma.startswith(word) and not lemma.startswith(word + "a"):
        return True
    return len(word) >= 3 and lemma.endswith(word)


#: Parts of a compound shorter than this are not label candidates (el, tåg, hus: too many
#: readings on their own; compound_part still counts them as heads).
PART_MIN = 4


@lru_cache(maxsize=262_144)
def compound_parts(lemma: str) -> tuple[str, ...]:
    """The nouns a Swedish compound noun is made of: the split with the longest head whose
    halves are both words in their base form (known to the lemmatizer, wordfreq-attested, their
    own lemma), the first part with its joint undone (bostads- -> bostad, skol- -> skola,
    arbets- -> arbete); of the two, the ones that are nouns (no verb, adjective or label stop
    word). A theme whose statements say närvård, vårdcentral and vårdbesök shares "vård".
    Verbs, -ande/-ende words and place names are not split (renovera, avgörande, Karlstad).

    >>> compound_parts("vårdcentral"), compound_parts("kollektivtrafik"), compound_parts("sjuksköterska")
    (('vård',), ('trafik',), ('sköterska',))
    >>> compound_parts("bostadsbrist"), compound_parts("skolbuss"), compound_parts("verksamhet")
    (('bostad', 'brist'), ('buss',), ())
    """
    if " " in lemma or len(lemma) < 2 * PART_MIN or lemma.endswith(("ande", "ende")):
        return ()
    if "-" in lemma:
        return tuple(p for p in lemma.split("-") if _noun_part(p))
    if verb_like(lemma) or lemma in _place_names():
        return ()
    from nlp_varmland.preprocessing.resources import wordset

    particles = wordset("sv_label_function_words.txt", lower=True)
    for i in range(3, len(lemma) - PART_MIN + 1):  # the longest head first
        left, right = lemma[:i], _head(lemma[i:])
        if not right:
            continue
        if right.startswith("s") and _base_word(right[1:]) and _base_word(left) and zipf(right[1:]) > zipf(right):
            left, right = left + "s", right[1:]  # the joint -s, read as the commoner head: idrotts|hall, kultur|skola
        firsts = [left] + ([left + "a"] if len(left) >= PART_MIN else [])  # skol- -> skola
        if left.endswith("s"):
            firsts += [left[:-1], left[:-1] + "e"]  # bostads- -> bostad, arbets- -> arbete
        first = next((f for f in firsts if _base_word(f)), None)
        if first is not None and not (first == left and first in particles):  # upp-, ut-, för-: a derivation
            return tuple(w for w in (first, right) if _noun_part(w))
    return ()


def _head(word: str) -> str:
    """``word`` as a compound's head in its base form ("" if it is none): an unknown compound
    keeps the head's inflection (vattenrådet: rådet -> råd)."""
    if _base_word(word):
        return word
    from nlp_varmland.preprocessing.tokens import is_known_word, lemmatize

    lem = lemmatize(word) if len(word) >= PART_MIN and is_known_word(word) else ""
    return lem if lem and lem != word and word.startswith(lem[:2]) and _base_word(lem) else ""


@lru_cache(maxsize=1)
def _place_names() -> frozenset[str]:
    from nlp_varmland.preprocessing.resources import wordset

    return wordset("sv_places.txt", lower=True)


@lru_cache(maxsize=65_536)
def _base_word(word: str) -> bool:
    """A Swedish word in its base form: known to the lemmatizer, attested (:func:`zipf`) and its
    own lemma."""
    if len(word) < PART_MIN - 1 or zipf(word) < ATTESTED_ZIPF:
        return False
    from nlp_varmland.preprocessing.tokens import is_known_word, lemmatize

    return is_known_word(word) and lemmatize(word) == word


def _noun_part(word: str) -> bool:
    return (len(word) >= PART_MIN and _base_word(word) and word not in label_stop_words()
            and not verb_like(word) and not adjective_like(word) and not _adjective_base(word))


def term_support(word: str, member_lemmas: Sequence[set[str]],
                 member_words: Sequence[set[str]] | None = None, *, surface: str = "") -> set[int]:
    """Rows of a theme's statements that hold ``word``: its lemma, a compound of it
    (:func:`compound_part`) or, in ``member_words``, the ``surface`` form itself.

    >>> term_support("vård", [{"vårdcentral", "stänga"}, {"buss"}, {"vård", "kö"}])
    {0, 2}
    """
    vocab: set[str] = set().union(*member_lemmas) if member_lemmas else set()
    hits = {lem for lem in vocab if compound_part(word, lem)}
    rows = {i for i, lems in enumerate(member_lemmas) if lems & hits}
    if surface and member_words is not None:
        rows |= {i for i, ws in enumerate(member_words) if surface in ws}
    return rows


#: From this many statements on, a summary's second sentence comes from the theme's more
#: central half.
CORE_MIN = 5


def _sentence(text: str) -> str:
    text = " ".join(str(text).split())
    if text[:1].islower():
        text = text[0].upper() + text[1:]
    return text if not text or text[-1] in ".!?…" else text + "."


def theme_summary(docs: Sequence[str], vectors: np.ndarray, centroid: np.ndarray, *,
                  diversity: float = 0.5, max_chars: int = SUMMARY_MAX_CHARS) -> str:
    """One or two of ``docs`` (a theme's redacted statements) that sum the theme up.

    The first is the statement closest to ``centroid``; the second is chosen by maximal
    marginal relevance (close to the centroid, far from the first) among the more central half
    of a theme of ``CORE_MIN`` or more (far from the first alone picked a theme's stray member),
    and is added only when both fit in ``max_chars``. A statement longer than ``max_chars`` is
    cut at a word; each sentence starts with a capital letter.
    """
    texts = [_sentence(d) for d in docs]
    keep = [i for i, t in enumerate(texts) if t]
    if not keep:
        return ""
    V = _unit(np.asarray(vectors, dtype=np.float64)[keep])
    rel = V @ _unit(np.asarray(centroid, dtype=np.float64))
    first = int(np.argmax(rel))
    chosen = [first]
    seen = {texts[keep[first]].lower()}
    if len(keep) > 1:
        score = (1 - diversity) * rel - diversity * (V @ V[first])
        if len(keep) >= CORE_MIN:
            score = np.where(rel >= np.median(rel), score, -np.inf)
        for j in np.argsort(-score, kind="stable"):
            if not np.isfinite(score[int(j)]):
                break  # only the stray half is left: one sentence is the summary
            t = texts[keep[int(j)]]
            if t.lower() in seen or float(V[int(j)] @ V[first]) > NEAR_DUPLICATE:
                continue  # the same point said again is no summary
            if len(texts[keep[first]]) + 1 + len(t) <= max_chars:
                chosen.append(int(j))
            break
    out = " ".join(texts[keep[j]] for j in chosen)
    if len(out) > max_chars:
        out = out[: max_chars - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return out


def default_n_groups(k: int) -> int:
    """Groups for ``k`` themes: one up to 3 themes, then about the square root (6 -> 3, 24 -> 5).

    >>> [default_n_groups(k) for k in (1, 3, 4, 6, 12, 24)]
    [1, 1, 2, 3, 4, 5]
    """
    return 1 if k < 4 else min(k - 1, max(2, int(math.ceil(math.sqrt(k)))))


def theme_groups(centroids: np.ndarray, n_groups: int | None = None) -> np.ndarray:
    """Group id per theme: average-linkage (cosine) on the theme centroids, cut at ``n_groups``.

    Groups are numbered by the position of their first theme, so theme 0 is in group 0.
    """
    C = _unit(np.asarray(centroids, dtype=np.float64))
    k = len(C)
    if k == 0:
        return np.zeros(0, dtype=int)
    target = default_n_groups(k) if n_groups is None else max(1, min(int(n_groups), k))
    groups: list[list[int]] = [[i] for i in range(k)]
    S = C @ C.T
    while len(groups) > target:
        best, pair = -np.inf, (0, 1)
        for a in range(len(groups)):
            for b in range(a + 1, len(groups)):
                s = float(S[np.ix_(groups[a], groups[b])].mean())
                if s > best + 1e-12:
                    best, pair = s, (a, b)
        a, b = pair
        groups[a] = sorted(groups[a] + groups.pop(b))
    return _group_ids(groups, k)


def theme_links(W: Any, labels: np.ndarray, n_themes: int) -> np.ndarray:
    """(k, k) summed kNN-graph link weight between (and, on the diagonal, inside) themes.

    >>> from scipy import sparse
    >>> W = sparse.csr_matrix(np.array([[0, 1, 0], [1, 0, 2], [0, 2, 0.]]))
    >>> theme_links(W, np.array([0, 0, 1]), 2).tolist()
    [[2.0, 2.0], [2.0, 0.0]]
    """
    from scipy import sparse

    labels = np.asarray(labels, dtype=int)
    kept = np.flatnonzero(labels >= 0)
    P = sparse.csr_matrix((np.ones(len(kept)), (kept, labels[kept])),
                          shape=(len(labels), int(n_themes)))
    return np.asarray((P.T @ W @ P).todense(), dtype=np.float64)


def graph_groups(links: np.ndarray, n_groups: int | None = None) -> np.ndarray:
    """Group id per theme: merge the pair of groups with the largest modularity gain (the
    greedy Clauset-Newman-Moore step on the theme graph ``links``) until ``n_groups`` remain
    (None = :func:`default_n_groups`). Numbered by their first theme, like :func:`theme_groups`.

    Themes whose statements link to each other end up together even when their centroids are
    not the closest pair; on SIB-200 (19 themes, 5 groups, 6 seeds) the groups match the 7 gold
    categories better than centroid linkage (NMI 0.292 -> 0.386) and no group is a single theme
    beside one of 8 (benchmarks/themes.py).

    >>> L = np.array([[9, 3, 0, 0], [3, 9, 0, 1], [0, 0, 9, 4], [0, 1, 4, 9.]])
    >>> graph_groups(L, 2).tolist()
    [0, 0, 1, 1]
    """
    G = np.array(links, dtype=np.float64)
    k = len(G)
    if k == 0:
        return np.zeros(0, dtype=int)
    target = default_n_groups(k) if n_groups is None else max(1, min(int(n_groups), k))
    members: list[list[int]] = [[i] for i in range(k)]
    m2 = float(G.sum()) or 1.0
    while len(members) > target:
        vol = G.sum(axis=1)
        gain = 2 * G / m2 - 2 * np.outer(vol, vol) / m2 ** 2
        gain[np.tril_indices(len(G))] = -np.inf       # each pair once, first pair wins a tie
        a, b = divmod(int(np.argmax(gain)), len(G))
        G[a] += G[b]
        G[:, a] += G[:, b]
        G = np.delete(np.delete(G, b, axis=0), b, axis=1)
        members[a] = sorted(members[a] + members.pop(b))
    return _group_ids(members, k)


def _group_ids(groups: list[list[int]], k: int) -> np.ndarray:
    """A group id per theme (0..k-1), groups numbered by their smallest theme."""
    out = np.zeros(k, dtype=int)
    for gid, members in enumerate(sorted(groups, key=lambda g: g[0])):
        out[members] = gid
    return out


# ------------------------------------------------------------------ word classes of label words
#: Data files of words that are never label words (see :func:`label_stop_words`).
LABEL_STOP_FILES = ("sv_label_stop_words.txt", "sv_label_meeting_words.txt",
                    "sv_label_fillers.txt", "sv_label_abbreviations.txt", "sv_label_function_words.txt")


@lru_cache(maxsize=1)
def label_stop_words() -> frozenset[str]:
    """Lemmas kept for clustering but not used as label words: generic words
    (``data/sv_label_stop_words.txt``), meeting words (``sv_label_meeting_words.txt``: bord,
    möte, grupp), verbs/adverbs/fillers (``sv_label_fillers.txt``) and note abbreviations
    (``sv_label_abbreviations.txt``: kn:s) and Swedish function words
    (``sv_label_function_words.txt``: prepositions, pronouns, auxiliaries: kring, lärt).

    >>> {"bord", "möte", "diskussion", "ser", "både", "kn", "kring", "lärt"} <= label_stop_words()
    True
    """
    from nlp_varmland.preprocessing.resources import wordset

    return frozenset().union(*(wordset(name, lower=True) for name in LABEL_STOP_FILES))


@lru_cache(maxsize=1)
def label_vague_words(concrete: bool = True) -> frozenset[str]:
    """Vague nouns that are not label words on their own (``data/sv_label_vague.txt``: värde,
    aspekt), with (``concrete=True``) or without the ones that also have a concrete sense
    (``sv_label_vague_concrete.txt``: väg, plats), which may name a theme most of whose
    statements use them (:func:`vague_word`).

    >>> "värde" in label_vague_words(), "väg" in label_vague_words(), "väg" in label_vague_words(False)
    (True, True, False)
    """
    from nlp_varmland.preprocessing.resources import wordset

    out = wordset("sv_label_vague.txt", lower=True)
    return out | wordset("sv_label_vague_concrete.txt", lower=True) if concrete else out


#: A vague noun with a concrete sense (väg = road) or a place name is a label word only when
#: at least this share of the theme's statements use it: then it is what the theme is about.
TOPIC_SHARE = 0.5


def vague_word(lemma: str, surface: str, share: float) -> bool:
    """True for a vague noun (:func:`label_vague_words`) as a label word; one that is also
    concrete (väg, plats) is kept when ``share`` (of the theme's statements using it) is at
    least :data:`TOPIC_SHARE`.

    >>> vague_word("värde", "värdet", 0.9), vague_word("väg", "vägar", 0.6), vague_word("väg", "väg", 0.1)
    (True, False, True)
    """
    if lemma in label_vague_words(False) or surface in label_vague_words(False):
        return True
    return (lemma in label_vague_words() or surface in label_vague_words()) and share < TOPIC_SHARE


@lru_cache(maxsize=1)
def people_adjectives() -> frozenset[str]:
    """Adjectives and participles used as nouns for people (``data/sv_label_people_adjectives.txt``)."""
    from nlp_varmland.preprocessing.resources import wordset

    return wordset("sv_label_people_adjectives.txt", lower=True)


@lru_cache(maxsize=65_536)
def lone_modifier(lemma: str, surface: str) -> bool:
    """True for an adjective or participle shown as a label word on its own ("tomma",
    "stängda", "psykisk"): a quality, not a topic. Adjectives Swedish uses as nouns for people
    (:func:`people_adjectives`: unga, äldre, långtidsarbetslösa) are topics and stay.

    An adjective is a lemma :func:`adjective_like` says so of, or a surface that is its lemma
    plus the adjective -a (tom/tomma, öppen/öppna, enkel/enkla: Swedish nouns never inflect
    so); a participle is the -d/-t form of an -a verb (stänga/stängda, föda/födda).

    >>> lone_modifier("tom", "tomma"), lone_modifier("stänga", "stängda"), lone_modifier("ung", "unga")
    (True, True, False)
    >>> lone_modifier("utmärkt", "utmärkt"), lone_modifier("säker", "säker")
    (True, True)
    >>> lone_modifier("buss", "bussar"), lone_modifier("lokal", "lokaler")
    (False, False)
    >>> lone_modifier("arbetslös", "långtidsarbetslösa")
    False
    """
    if " " in lemma or " " in surface:
        return False
    people = people_adjectives()
    if surface in people or lemma in people or any(
            surface.endswith(p) and len(surface) - len(p) >= 3 for p in people if len(p) >= 5):
        return False
    forms = {lemma + "a", lemma + lemma[-1:] + "a"}
    if lemma.endswith(("en", "el", "er")) and len(lemma) >= 4:
        forms.add(lemma[:-2] + lemma[-1] + "a")      # öppen/öppna, enkel/enkla, vacker/vackra
    if surface in forms:
        return True
    if not lemma.endswith("a") and surface in (lemma, lemma + "t"):
        # the base form of an adjective; "lokaler", "planer" are the nouns' plurals
        return adjective_like(lemma) or _adjective_base(lemma) or _participle_base(lemma)
    if lemma.endswith("a") and len(lemma) >= 4:
        stem = lemma[:-1]
        participle = {stem + e for e in ("d", "da", "dd", "dda", "t", "ta", "tt", "tta", "ad", "ade", "at")}
        return surface in participle or (surface.startswith(lemma) and surface[len(lemma):] in ("d", "de", "t"))
    return False


@lru_cache(maxsize=65_536)
def _participle_base(lemma: str) -> bool:
    """True for a past participle simplemma keeps as its own lemma: its -a form maps to an -a
    verb whose stem + -t/-d is the lemma (utmärkt: utmärkta -> utmärka)."""
    if len(lemma) < 5 or not lemma.endswith(("t", "d")) or " " in lemma:
        return False
    from nlp_varmland.preprocessing.tokens import lemma_strategy_lemmatizer

    verb = lemma_strategy_lemmatizer()(lemma + "a", lang="sv").lower()
    return verb.endswith("a") and verb != lemma + "a" and lemma == verb[:-1] + lemma[-1]


@lru_cache(maxsize=65_536)
def _adjective_base(lemma: str) -> bool:
    """True for an adjective lemma :func:`adjective_like` misses: syncope (säker/säkra,
    öppen/öppna), -d/-t (hård/hårt) and -t stems (intressant/intressanta)."""
    if len(lemma) < 3 or " " in lemma or lemma.endswith(("a", "e")):
        return False
    from nlp_varmland.preprocessing.tokens import lemma_strategy_lemmatizer

    lem = lemma_strategy_lemmatizer()

    def back(form: str) -> bool:
        return lem(form, lang="sv").lower() == lemma

    plural = [lemma + "a", lemma + lemma[-1] + "a"]
    if lemma.endswith(("en", "el", "er")) and len(lemma) >= 4:
        plural.append(lemma[:-2] + lemma[-1] + "a")
    if not any(back(f) for f in plural if f != lemma):
        return False
    if lemma.endswith("t"):
        return True
    neuter = lemma[:-1] + "t" if lemma.endswith(("d", "en")) else lemma + "t"
    return back(neuter) and neuter != lemma


#: Forms rarer than this in running Swedish (wordfreq's zipf scale: 3 = once per million
#: words) are no evidence of a reading of a word.
ATTESTED_ZIPF = 3.0
#: A word is read as a verb when its verb forms are this much (zipf: a factor of 10 per unit)
#: more frequent than its noun forms: skada, resa, fråga, hälsa are both and stay nouns.
READING_LEAD = 1.0


@lru_cache(maxsize=1)
def _frequencies() -> dict[str, float] | None:
    """wordfreq's Swedish word frequencies (340,000 words, ~0.3 s to load), or None without
    wordfreq."""
    try:
        from wordfreq import get_frequency_dict
    except ImportError:  # pragma: no cover - wordfreq is a dependency; the lemmatizer test remains
        return None
    return get_frequency_dict("sv")


def zipf(word: str) -> float:
    """Zipf frequency of a lowercase Swedish word form (log10 per billion words; 0 when unseen).

    >>> zipf("skolan") > 5 > ATTESTED_ZIPF > zipf("skolor") - 2 > zipf("xqzt")
    True
    """
    freqs = _frequencies()
    f = freqs.get(word, 0.0) if freqs else 0.0
    return math.log10(f * 1e9) if f > 0 else 0.0


@lru_cache(maxsize=65_536)
def verb_reading(lemma: str) -> bool | None:
    """Whether Swedish text reads ``lemma`` as a verb, from how often its forms occur (wordfreq):
    the verb's present and past (samlar and samlade; lyfter and lyfte; når) against the noun's
    plural and definite forms (skolor, skolan; byar, byn). A verb when its forms are attested and
    :data:`READING_LEAD` more frequent than the noun's; None when neither reading is attested
    (an unknown compound, or no wordfreq): then simplemma decides (:func:`verb_like`).

    The forms are those of the regular conjugations; a strong verb's own past (bar, for) is not
    looked for, and a lemma that is no infinitive (not -a, nor a long vowel: slå, tro) is None.
    The definite form counts for the noun only when it is the noun's (skolan -> skola), not an
    -an noun of its own (påverkan, början: the verbs påverka, börja).

    >>> verb_reading("samla"), verb_reading("prata"), verb_reading("slå"), verb_reading("skola")
    (True, True, True, False)
    >>> verb_reading("hälsa"), verb_reading("fråga"), verb_reading("kvinna"), verb_reading("buss")
    (False, False, False, None)
    >>> verb_reading("synas"), verb_reading("trivas"), verb_reading("kommunas")
    (True, True, None)
    """
    if " " in lemma or "-" in lemma or len(lemma) < 2 or _frequencies() is None:
        return None
    if lemma.endswith("as") and len(lemma) >= 5:
        # a deponent verb (synas, trivas, lyckas): present syns/trivs, past syntes/lyckades
        stem = lemma[:-2]
        # present and past both: stem + s alone is also a noun's genitive (kommuns: kommun)
        present = max(zipf(stem + "s"), zipf(lemma))  # syns; lyckas, hoppas
        verb = [lemma[:-1] + "des", stem + "des", stem + "tes"] if present >= ATTESTED_ZIPF else []
        noun = [lemma + "en", lemma + "et", lemma + "er"]    # ananasen, atlasen
    elif lemma.endswith("a"):
        stem = lemma[:-1]
        # present and past both: -ar alone is also a noun's plural (burkar: burk, not burka)
        present = max(map(zipf, (lemma + "r", stem + "er")))
        verb = [lemma + "de", stem + "de", stem + "te"] if present >= ATTESTED_ZIPF else []
        noun = [stem + "or", stem + "orna"]
        from nlp_varmland.preprocessing.tokens import lemma_strategy_lemmatizer

        lem = lemma_strategy_lemmatizer()
        # the definite skolan, hälsan is the noun's; påverkan, början are nouns of their own
        noun += [f for f in (lemma + "n", lemma + "ns") if lem(f, lang="sv").lower() == lemma]
    elif lemma[-1] in "iouyåäö" and len(lemma) <= 7:
        verb = [lemma + "r", lemma + "dde"]           # når, nådde; tror, trodde; flyr, flydde
        noun = [lemma + "n", lemma + "ar", lemma + "er", lemma + "na"]  # byn, byar; köer
    else:
        return None  # -e: se, ge, ske are few (sv_label_fillers.txt); kväve, möte are nouns
    v, n = max(map(zipf, verb), default=0.0), max(map(zipf, noun))
    if max(v, n) < ATTESTED_ZIPF:
        return None
    return v >= ATTESTED_ZIPF and v >= n + READING_LEAD


@lru_cache(maxsize=65_536)
def misread_verb(lemma: str, surface: str) -> bool:
    """True for a verb's present or past form that the lemmatizer read as another word: the
    -ar present as an -are agent noun (samlar -> samlare, tillverkar -> tillverkare) or the
    -de/-te past as a noun or participle without its -e (nämnde -> nämnd, täckte -> täckt; not
    -ade, which is also the participle's plural: kvalificerade jobb),
    when the -a infinitive is a verb (:func:`verb_reading`). A noun's plural (städer: stad,
    matcher: match) keeps its lemma and is no verb.

    >>> misread_verb("samlare", "samlar"), misread_verb("nämnd", "nämnde"), misread_verb("täckt", "täckte")
    (True, True, True)
    >>> misread_verb("syn", "syns"), misread_verb("kommun", "kommuns"), misread_verb("by", "byns")
    (True, False, False)
    >>> misread_verb("match", "matcher"), misread_verb("lärare", "lärare"), misread_verb("bil", "bilar")
    (False, False, False)
    """
    if len(surface) < 4 or " " in surface or "-" in surface:
        return False
    if surface.endswith("ar") and lemma == surface + "e":
        infinitive = surface[:-1]
    elif surface == lemma + "s" and len(lemma) >= 3:
        infinitive = lemma + "as"  # a deponent's present read as a genitive: syns -> syn (synas)
    elif surface.endswith(("de", "te")) and lemma == surface[:-1] and not surface.endswith("ade"):
        infinitive = surface[:-2] + "a"  # -ade is also the participle's plural: kvalificerade jobb
    else:
        return False
    return verb_reading(infinitive) is True


@lru_cache(maxsize=65_536)
def verb_like(lemma: str) -> bool:
    """True for a lemma read as a verb infinitive and not as a noun.

    First by how often its forms occur (:func:`verb_reading`: samla, prata are verbs; skola,
    hälsa are nouns); for a lemma wordfreq has not seen, by simplemma: the lemma ends in -a, a
    present-tense or past form (ställer, hittar, stängde) maps back to it, and the -or plural /
    -n definite form of an -a noun (skolor, kvinnan) does not.

    >>> verb_like("ställa"), verb_like("kontakta"), verb_like("skola"), verb_like("ohälsa")
    (True, True, False, False)
    >>> verb_like("samla"), verb_like("prata"), verb_like("hälsa")
    (True, True, False)
    """
    if len(lemma) < 3 or " " in lemma or "-" in lemma:
        return False
    reading = verb_reading(lemma)
    if reading is not None:
        return reading
    if not lemma.endswith("a"):
        return False
    from nlp_varmland.preprocessing.tokens import lemma_strategy_lemmatizer

    lem = lemma_strategy_lemmatizer()

    def back(form: str) -> bool:
        return lem(form, lang="sv").lower() == lemma

    verb = any(back(f) for f in (lemma[:-1] + "er", lemma + "r", lemma[:-1] + "de", lemma + "de"))
    noun = any(back(f) for f in (lemma[:-1] + "or", lemma + "n", lemma[:-1] + "orna"))
    return verb and not noun


@lru_cache(maxsize=65_536)
def adjective_like(lemma: str) -> bool:
    """True for a lemma whose -a and -t forms simplemma maps back to it (grön, gröna, grönt).

    >>> adjective_like("cirkulär"), adjective_like("psykisk"), adjective_like("gemensam"), adjective_like("buss")
    (True, True, True, False)
    """
    if len(lemma) < 2 or " " in lemma or lemma.endswith("a"):
        return False
    from nlp_varmland.preprocessing.tokens import lemma_strategy_lemmatizer

    lem = lemma_strategy_lemmatizer()
    plural = lemma + lemma[-1] + "a" if lemma.endswith("m") else lemma + "a"  # gemensam: gemensamma
    return all(lem(form, lang="sv").lower() == lemma for form in (plural, lemma + "t"))


def verb_form(lemma: str, surface: str) -> bool:
    """True when ``surface`` is a finite or passive form of the -a verb ``lemma`` (läcker,
    klarar, drivs, saknas, klarade, klarat): the form shows a verb even where the lemma is also
    a noun (läcka, driva). An -a noun's genitive (skolas) is not a verb form.

    >>> verb_form("läcka", "läcker"), verb_form("driva", "drivs"), verb_form("förstöra", "förstör")
    (True, True, True)
    >>> verb_form("läcka", "läckor"), verb_form("skola", "skolas"), verb_form("bostad", "bostäder")
    (False, False, False)
    >>> verb_form("spåra", "spår")
    False
    """
    if len(lemma) < 3 or not lemma.endswith("a") or surface == lemma or " " in lemma:
        return False
    stem = lemma[:-1]
    if surface in (stem + "er", lemma + "r", stem + "s", lemma + "de", stem + "de", stem + "te",
                   lemma + "t", lemma + "des", stem + "des"):
        return True
    if surface == stem and stem.endswith("r") and len(stem) >= 3:
        # the present of an r-stem verb (förstör, kör, hör), unless the verb's present is -ar
        # (spåra: spårar, so "spår" is the noun)
        return zipf(lemma + "r") < ATTESTED_ZIPF
    if surface == lemma + "s":  # passive of an -ar verb (saknas), or an -a noun's genitive (skolas)
        from nlp_varmland.preprocessing.tokens import lemma_strategy_lemmatizer

        return lemma_strategy_lemmatizer()(stem + "or", lang="sv").lower() != lemma
    return False

"""The BERTopic engine of ``ThemeModel(engine="bertopic")``: a real ``bertopic.BERTopic`` fitted
with this package's parts -- the reducer and clusterer of the native engine, a Swedish lemma
vectorizer (unigrams and bigrams that never cross a statement), c-TF-IDF with
``reduce_frequent_words`` and MMR on word vectors made from the statements' embeddings.
BERTopic, scikit-learn and their imports load only when this engine is used.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from nlp_varmland.themes_graph import _unit

__all__ = ["fit_bertopic", "bertopic_keywords"]


def fit_bertopic(lemmas: list[str], Xu: np.ndarray, *, reducer: Any, clusterer: Any, min_topic_size: int,
                 n_themes: int | None, top_n_words: int) -> tuple[Any, list[str], np.ndarray]:
    """(the fitted BERTopic, the documents it saw, its topics with -1 = outlier)."""
    from bertopic import BERTopic

    model = BERTopic(
        language="multilingual",  # "english" strips every non-ASCII char (#835, #2468)
        embedding_model=_keyword_embedder(lemmas, Xu), umap_model=reducer,
        hdbscan_model=clusterer, min_topic_size=min_topic_size, nr_topics=n_themes,
        top_n_words=top_n_words, calculate_probabilities=False, **_bertopic_parts(top_n_words))
    docs = [f"{lem} {_DOC_SEP}" for lem in lemmas]
    topics, _ = model.fit_transform(docs, embeddings=Xu)
    return model, docs, np.asarray(topics, dtype=int)


def bertopic_keywords(model: Any, docs: list[str], labels: np.ndarray, k: int, top_n_words: int) -> list[list[str]]:
    """Re-run BERTopic's c-TF-IDF + MMR on the final themes ``labels`` (``update_topics``)."""
    import logging

    logging.getLogger("BERTopic").setLevel(logging.ERROR)  # expected "custom topics" warning
    model.update_topics(docs, topics=[int(t) for t in labels], top_n_words=top_n_words,
                        **_bertopic_parts(top_n_words))
    out = []
    for c in range(k):
        words = model.get_topic(c) or []
        out.append([w for w, score in words if w and score > 0])
    return out


_DOC_SEP = "|"  # BERTopic joins a topic's docs with " "; bigrams must not cross this mark


def _bertopic_analyzer(text: str) -> list[str]:
    """CountVectorizer analyzer for BERTopic: unigrams + bigrams of lemmas, per statement."""
    from nlp_varmland.keywords import doc_terms

    return [t for terms in doc_terms(text.split(_DOC_SEP)) for t in terms]


def _bertopic_parts(top_n: int) -> dict[str, Any]:
    """Swedish vectorizer, c-TF-IDF (reduce_frequent_words) and MMR for BERTopic."""
    from bertopic.representation import MaximalMarginalRelevance
    from bertopic.vectorizers import ClassTfidfTransformer
    from sklearn.feature_extraction.text import CountVectorizer

    return {"vectorizer_model": CountVectorizer(analyzer=_bertopic_analyzer, lowercase=False),
            "ctfidf_model": ClassTfidfTransformer(reduce_frequent_words=True),
            "representation_model": MaximalMarginalRelevance(diversity=0.3, top_n_words=top_n)}


def _keyword_embedder(lemmas: list[str], Xu: np.ndarray):
    """BERTopic embedder for MMR: a word's vector is the mean embedding of the docs using it."""
    from bertopic.backend import BaseEmbedder

    index: dict[str, list[int]] = {}
    for i, s in enumerate(lemmas):
        for t in set(s.split()):
            index.setdefault(t, []).append(i)
    mean = Xu.mean(axis=0)

    class KeywordEmbedder(BaseEmbedder):
        def embed(self, documents: list[str], verbose: bool = False) -> np.ndarray:
            out = np.zeros((len(documents), Xu.shape[1]), dtype=np.float32)
            for j, d in enumerate(documents):
                rows = [i for t in d.replace(_DOC_SEP, " ").split() for i in index.get(t, [])]
                out[j] = (Xu[rows].mean(axis=0) if rows else mean) - mean
            return _unit(out)

    return KeywordEmbedder()

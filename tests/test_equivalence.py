"""Our re-implementations against the libraries they replace (both in the dev extra).

- Louvain (``themes_graph.louvain``, numpy/scipy) against networkx's ``louvain_communities`` on
  the same kNN graph: the same partition where the communities are clear, and the same
  modularity within a small tolerance on real, noisy text.
- c-TF-IDF (``keywords.class_tfidf``) against BERTopic's ``ClassTfidfTransformer``
  (``reduce_frequent_words=True``) on the same count matrix, within 1e-3.
- The bundled Swedish stop words (spaCy is an optional extra) against spaCy's own list.

The text data are the repository's labelled theme statements (``corpora/labelled/themes.csv``)
and the sample meetings, so nothing here needs a model or a download.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import sparse

from nlp_varmland.keywords import class_tfidf, doc_terms, term_matrix
from nlp_varmland.themes import Centerer, knn_graph, louvain

ROOT = Path(__file__).resolve().parent.parent
THEMES_CSV = ROOT / "corpora" / "labelled" / "themes.csv"
SEEDS = range(5)


# --------------------------------------------------------------------------- Louvain

def _nx_graph(W: sparse.csr_matrix):
    import networkx as nx

    return nx.from_scipy_sparse_array(W, edge_attribute="weight")


def _communities(labels: np.ndarray) -> list[set[int]]:
    return [set(np.flatnonzero(labels == c).tolist()) for c in np.unique(labels)]


def _modularity(G, labels_or_sets, resolution: float) -> float:
    import networkx as nx

    comms = labels_or_sets if isinstance(labels_or_sets, list) else _communities(labels_or_sets)
    return float(nx.community.modularity(G, comms, weight="weight", resolution=resolution))


def _blobs() -> np.ndarray:
    """8 overlapping Gaussian clusters of 40 points in 32 dimensions."""
    rng = np.random.default_rng(0)
    centres = rng.normal(size=(8, 32))
    return np.repeat(centres, 40, axis=0) + rng.normal(scale=1.2, size=(320, 32))


def _text_vectors() -> np.ndarray:
    """tf-idf (word 1-2 grams) + SVD of the labelled theme statements: a real, noisy graph."""
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = pd.read_csv(THEMES_CSV)["text"].tolist()
    X = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True).fit_transform(texts)
    return TruncatedSVD(n_components=64, random_state=0).fit_transform(X)


@pytest.fixture(scope="module")
def blob_graph():
    return knn_graph(Centerer().fit_transform(_blobs()), n_neighbors=20)


@pytest.fixture(scope="module")
def text_graph():
    return knn_graph(Centerer().fit_transform(_text_vectors()), n_neighbors=20)


@pytest.mark.parametrize("resolution", [1.0, 2.0])
def test_louvain_finds_the_networkx_partition_on_clear_clusters(blob_graph, resolution):
    import networkx as nx

    G = _nx_graph(blob_graph)
    ours = louvain(blob_graph, resolution=resolution, seed=0)
    theirs = nx.community.louvain_communities(G, weight="weight", resolution=resolution, seed=0)
    assert sorted(map(sorted, _communities(ours))) == sorted(map(sorted, theirs))
    assert _modularity(G, ours, resolution) == pytest.approx(_modularity(G, theirs, resolution), abs=1e-9)


@pytest.mark.parametrize("resolution", [1.0, 2.0])
def test_louvain_modularity_matches_networkx_on_text(text_graph, resolution):
    import networkx as nx

    G = _nx_graph(text_graph)
    ours = [_modularity(G, louvain(text_graph, resolution=resolution, seed=s), resolution) for s in SEEDS]
    theirs = [_modularity(G, nx.community.louvain_communities(G, weight="weight", resolution=resolution, seed=s),
                          resolution) for s in SEEDS]
    # Louvain is a greedy heuristic: seeds differ by ~0.01; the averages must agree closely.
    assert np.mean(ours) >= np.mean(theirs) - 0.01
    assert max(ours) >= max(theirs) - 0.01
    assert min(ours) >= min(theirs) - 0.02


def test_louvain_labels_are_a_partition_of_the_graph(text_graph):
    labels = louvain(text_graph, resolution=2.0, seed=0)
    assert labels.shape == (text_graph.shape[0],)
    assert sorted(np.unique(labels).tolist()) == list(range(labels.max() + 1))


# --------------------------------------------------------------------------- c-TF-IDF

def _class_counts(M: sparse.csr_matrix, labels: np.ndarray, k: int) -> sparse.csr_matrix:
    C = sparse.csr_matrix((np.ones(len(labels)), (labels, np.arange(len(labels)))), shape=(k, M.shape[0]))
    return (C @ M).tocsr()


def _bertopic_ctfidf(X: sparse.csr_matrix) -> np.ndarray:
    from bertopic.vectorizers import ClassTfidfTransformer

    return ClassTfidfTransformer(reduce_frequent_words=True).fit_transform(X).toarray()


def _labelled_counts() -> tuple[sparse.csr_matrix, np.ndarray, int]:
    from sklearn.feature_extraction.text import CountVectorizer

    df = pd.read_csv(THEMES_CSV)
    labels = df["label"].astype("category").cat.codes.to_numpy()
    M = CountVectorizer(ngram_range=(1, 2)).fit_transform(df["text"]).tocsr().astype(np.float64)
    return M, labels, int(labels.max()) + 1


def _meeting_terms() -> tuple[sparse.csr_matrix, np.ndarray, int]:
    from nlp_varmland.io import read_contributions
    from nlp_varmland.preprocessing import clean

    notes = clean(read_contributions(ROOT / "corpora" / "meetings"))
    kept = notes[notes["status"] == "kept"]
    labels = kept["meeting"].astype("category").cat.codes.to_numpy()
    M, _ = term_matrix(doc_terms(kept["lemmas"].tolist()))
    return M, labels, int(labels.max()) + 1


@pytest.mark.parametrize("data", [_labelled_counts, _meeting_terms], ids=["labelled-counts", "meeting-lemmas"])
def test_class_tfidf_matches_bertopic(data):
    M, labels, k = data()
    ours = class_tfidf(M, labels, k)
    theirs = _bertopic_ctfidf(_class_counts(M, labels, k))
    assert ours.shape == theirs.shape
    # BERTopic truncates the mean class length A to an int (``int(X.sum(axis=1).mean())``); we keep
    # the exact mean, so values differ by less than log(1 + 1/A) relative: far below 1e-3 here.
    np.testing.assert_allclose(ours, theirs, atol=1e-3, rtol=0)
    assert ours.max() > 0.1  # a real signal, not two matrices of zeros


def test_class_tfidf_ignores_outliers_like_bertopic_without_them():
    M, labels, k = _labelled_counts()
    noisy = labels.copy()
    noisy[::7] = -1  # outliers are left out of every class
    keep = noisy >= 0
    present = np.asarray(M[keep].sum(axis=0)).ravel() > 0  # terms seen only in outliers weigh nothing
    ours = class_tfidf(M, noisy, k)
    theirs = _bertopic_ctfidf(_class_counts(M[keep][:, present], noisy[keep], k))
    assert not ours[:, ~present].any()
    np.testing.assert_allclose(ours[:, present], theirs, atol=1e-3, rtol=0)


# --------------------------------------------------------------------------- stop words

def test_bundled_stop_words_are_spacys_list():
    from spacy.lang.sv.stop_words import STOP_WORDS as SPACY_SV

    from nlp_varmland.preprocessing.resources import spacy_stop_words

    assert spacy_stop_words() == frozenset(w.lower() for w in SPACY_SV)

"""Embedding over a real Dask LocalCluster gives the single-process vectors and fills the cache."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from nlp_varmland.distributed import embed_distributed
from nlp_varmland.embeddings import EmbeddingCache, embed, get_embedder
from nlp_varmland.errors import EmbedderError

TEXTS = [f"{what} i {place}" for what in ("Brist på bostäder", "Bussarna går för sällan", "Svårt att rekrytera")
         for place in ("Arvika", "Torsby", "Hagfors", "Kil")]


def test_local_cluster_matches_single_process(tmp_path: Path) -> None:
    from dask.distributed import Client, LocalCluster

    cache = EmbeddingCache(tmp_path / "cache.sqlite")
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        vectors = embed_distributed(TEXTS + TEXTS[:3], "e5", client=client, cache=cache, chunk_size=4)
    single = embed(TEXTS + TEXTS[:3], get_embedder("e5"), cache=False)
    assert vectors.shape == (len(TEXTS) + 3, 384)
    assert np.allclose(vectors, single, atol=1e-5)
    assert len(cache) == len(TEXTS)


def test_corpus_fitted_embedder_is_refused() -> None:
    with pytest.raises(EmbedderError, match="whole corpus"):
        embed_distributed(TEXTS, "tfidf", client=object())

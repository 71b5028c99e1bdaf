"""The shipped word table (``embeddings.words``) and how ``embed`` uses it."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from nlp_varmland.embeddings import EmbeddingCache, embed, get_embedder
from nlp_varmland.embeddings import bundled as bundled_mod
from nlp_varmland.embeddings.words import (
    WordTable,
    dequantise,
    quantise,
    word_table,
    word_table_path,
    write_word_table,
)

REPO = Path(__file__).resolve().parents[1]


class Recording:
    """A deterministic fake embedder (one hash-seeded vector per text) that records what it encodes."""

    backend, dim, prefix, cacheable, model_id = "fake", 16, "query: ", True, "fake-words@1"

    def __init__(self) -> None:
        self.asked: list[str] = []

    def encode(self, texts, *, prefix=None):  # type: ignore[no-untyped-def]
        self.asked.extend(texts)
        rows = [np.random.default_rng(sum(t.encode())).normal(size=self.dim) for t in texts]
        X = np.array(rows, dtype=np.float32).reshape(len(texts), self.dim)
        return X / np.linalg.norm(X, axis=1, keepdims=True)


@pytest.fixture
def toy_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """A table of three words for ``Recording``'s model, written to a temporary vector folder."""
    monkeypatch.setattr(bundled_mod, "VECTOR_DIR", tmp_path / "vectors")
    emb = Recording()
    words = ["buss", "fiber", "skola"]
    write_word_table(emb.model_id, emb.prefix, words, emb.encode(words))
    emb.asked.clear()
    yield emb
    word_table.cache_clear()


def test_quantised_rows_keep_their_direction() -> None:
    rng = np.random.default_rng(0)
    # like single-word e5 vectors: a large shared direction plus a small individual part
    X = rng.normal(size=384) * 3 + rng.normal(size=(200, 384))
    X = (X / np.linalg.norm(X, axis=1, keepdims=True)).astype(np.float32)
    mean, codes, scales = quantise(X)
    assert codes.dtype == np.int8 and codes.shape == X.shape and scales.shape == (200,)
    back = dequantise(mean, codes, scales)
    assert np.allclose(np.linalg.norm(back, axis=1), 1.0, atol=1e-5)
    assert (back * X).sum(axis=1).min() > 0.9999
    # the individual parts (what tells words apart) survive too
    R, Rb = X - X.mean(axis=0), back - X.mean(axis=0)
    cos = (R * Rb).sum(axis=1) / np.linalg.norm(R, axis=1) / np.linalg.norm(Rb, axis=1)
    assert cos.min() > 0.999


def test_table_lookup_returns_only_hits_in_order_of_first_use() -> None:
    table = WordTable("m", "query: ", ["buss", "fiber"], *quantise(np.eye(2, dtype=np.float32)))
    hits = table.lookup(["tåg", "fiber", "buss", "fiber"])
    assert list(hits) == ["fiber", "buss"]
    assert np.allclose(hits["buss"], table.vectors(["buss"])[0])
    assert table.lookup([]) == {} and table.lookup(["tåg"]) == {}
    with pytest.raises(ValueError):
        write_word_table("m", "query: ", ["a", "a"], np.eye(2, dtype=np.float32))


def test_embed_takes_table_words_from_the_table_and_the_rest_from_embedder_and_cache(toy_table, tmp_path: Path) -> None:
    emb = toy_table
    store = EmbeddingCache(tmp_path / "c.sqlite")
    got = embed(["fiber", "tåg", "buss", "tåg"], emb, cache=store)
    assert emb.asked == ["tåg"]  # only the miss is encoded ...
    assert len(store) == 1 and store.get_many(emb.model_id, emb.prefix, ["tåg", "fiber"])[1] is None
    live = Recording().encode(["fiber", "tåg", "buss"])
    assert (got[[0, 1, 2]] * live).sum(axis=1).min() > 0.9999 and np.array_equal(got[1], got[3])
    emb.asked.clear()  # ... once: the next run finds it in the cache
    embed(["tåg", "skola"], emb, cache=store)
    assert emb.asked == []
    # the same vectors without a cache; another prefix or model misses the table
    assert np.allclose(embed(["fiber", "tåg", "buss"], emb, cache=False), got[:3], atol=1e-6)
    embed(["fiber"], emb, cache=False, prefix="passage: ")
    assert emb.asked == ["tåg", "fiber"]


def test_the_table_takes_precedence_over_a_cached_live_vector(toy_table, tmp_path: Path) -> None:
    """A word gets the same vector on a warm machine (whose cache holds the live vector) as on a cold one."""
    emb = toy_table
    store = EmbeddingCache(tmp_path / "warm.sqlite")
    store.put_many(emb.model_id, emb.prefix, ["fiber"], np.ones((1, emb.dim), np.float32))
    cold = embed(["fiber"], emb, cache=EmbeddingCache(tmp_path / "cold.sqlite"))
    assert np.array_equal(embed(["fiber"], emb, cache=store), cold) and emb.asked == []


def test_the_shipped_table_agrees_with_live_e5() -> None:
    emb = get_embedder("e5")
    table = word_table(emb.model_id, emb.prefix)
    assert table is not None, f"no word table for {emb.model_id}: python scripts/bundle_vectors.py --words N"
    assert len(table) >= 10_000 and {"buss", "skola", "bostad", "kollektivtrafik"} <= set(table.index)
    assert "karlstad" not in table  # place names are never concept words
    assert word_table_path(emb.model_id).stat().st_size < 12e6
    rng = np.random.default_rng(1)
    sample = [table.words[i] for i in rng.choice(len(table), 24, replace=False)]
    cos = (table.vectors(sample) * emb.encode(sample)).sum(axis=1)
    assert cos.min() > 0.9999, dict(zip(sample, cos.round(6)))


def test_a_cold_run_embeds_no_common_word(tmp_path: Path) -> None:
    from nlp_varmland.embeddings.cache import CachedEmbedder
    from nlp_varmland.embeddings.concepts import concept_vectors

    class Asked:
        def __init__(self) -> None:
            self.inner, self.asked = get_embedder("e5"), []
            self.model_id, self.dim, self.prefix = self.inner.model_id, self.inner.dim, self.inner.prefix
            self.backend, self.cacheable = self.inner.backend, True

        def encode(self, texts, *, prefix=None):  # type: ignore[no-untyped-def]
            self.asked.extend(texts)
            return self.inner.encode(texts, prefix=prefix)

    emb = Asked()
    docs = ["buss landsbygd", "skola lärare", "bostad hyresrätt vindkraftsparksutredning"]
    X = np.eye(3, emb.dim, dtype=np.float32)
    out = concept_vectors(X, docs, CachedEmbedder(emb, cache=EmbeddingCache(tmp_path / "cold.sqlite")))
    assert emb.asked == ["vindkraftsparksutredning"]
    live = concept_vectors(X, docs, get_embedder("e5"))  # every word embedded by the engine
    assert (out * live).sum(axis=1).min() > 0.9999


def test_importing_the_package_does_not_load_the_table() -> None:
    code = ("import sys, nlp_varmland, nlp_varmland.embeddings; "
            "print('nlp_varmland.embeddings.words' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
    assert out.stdout.strip() == "False"

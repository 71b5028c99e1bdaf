"""Topic views: frames around a note are cut before themes are found (preprocessing.frames)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import nlp_varmland as nv
from nlp_varmland.preprocessing.frames import repeated_frames, topic_view, topic_views
from nlp_varmland.stages import topic_vectors


@pytest.mark.parametrize("text, view", [
    ("Bord 3: mobila vårdteam som åker hem till patienterna", "mobila vårdteam som åker hem till patienterna"),
    ("Grupp 12 – fler laddstolpar längs E18", "fler laddstolpar längs E18"),
    ("Bra exempel: Arvika har en digital ungdomsmottagning", "Arvika har en digital ungdomsmottagning"),
    ("Förslag: gratis buss för gymnasieelever", "gratis buss för gymnasieelever"),
    ("Bra modell i Arvika: kn köper o renoverar tomma hus", "kn köper o renoverar tomma hus"),
    ("Det är en stor utmaning att få fiber till de sista hushållen", "få fiber till de sista hushållen"),
    ("Den stora utmaningen är att behålla sjuksköterskorna", "behålla sjuksköterskorna"),
    ("Bord 2: Det är svårt att hitta bostad som nyanställd", "hitta bostad som nyanställd"),
    ("Flera vid bordet menade att vattenkvaliteten i Vänern försämras", "vattenkvaliteten i Vänern försämras"),
])
def test_listed_frames_are_cut(text: str, view: str) -> None:
    assert topic_view(text) == view


@pytest.mark.parametrize("text", [
    "Behov av fler hyresrätter i Torsby",          # a word, not a heading: no colon
    "Problemet med bostäder är störst i inlandet",
    "Bordtennisklubben saknar lokaler",           # "bord" inside a word
    "Exemplen från Hagfors visar vägen",
    "Bra modell för samverkan finns i Sunne",      # no heading: no colon
    "Utmaningar",                                  # nothing left after the frame
    "Bord 3: ok",                                  # a view needs two words
])
def test_what_is_not_a_frame_stays(text: str) -> None:
    assert topic_view(text) == text


def test_frames_a_corpus_repeats_are_found_and_topics_are_not() -> None:
    texts = (["Vi vill se att bussen går oftare", "Vi vill se att vården finns nära",
              "Vi vill se att fibern byggs ut", "Station 1: skolan", "Station 2: vården",
              "Station 3: bussen"]
             + ["Psykisk ohälsa bland unga ökar", "Psykisk ohälsa bland unga syns i skolan",
                "Psykisk ohälsa bland unga kräver BUP"])
    frames = repeated_frames(texts)
    assert ("vi", "vill", "se", "att") in frames and ("station", "#", ":") in frames
    assert not any(f[0] == "psykisk" for f in frames)
    views = topic_views(texts)
    assert views[:3] == ["bussen går oftare", "vården finns nära", "fibern byggs ut"]
    assert views[-3:] == texts[-3:]
    # two repeats are not enough, nor under 2 % of a large corpus
    assert not repeated_frames(texts[:2] + texts[6:])
    assert not repeated_frames(texts[:3] + ["Bussen går sällan"] * 200)


class _CountingEmbedder:
    """Embeds a text as its length in dimension 0 and records what it was asked to embed."""

    dim = 4

    def __init__(self) -> None:
        self.asked: list[str] = []

    def encode(self, texts: list[str], **_: object) -> np.ndarray:
        self.asked.extend(texts)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        out[:, 0] = [len(t) for t in texts]
        return out


def test_only_framed_statements_are_embedded_again() -> None:
    texts = ["Bord 1: bussen går för sällan", "Bostäder saknas i Torsby"]
    vectors = np.ones((2, 4), dtype=np.float32)
    emb = _CountingEmbedder()
    out = topic_vectors(texts, vectors, emb)
    assert emb.asked == ["bussen går för sällan"]
    assert out[0, 0] == len("bussen går för sällan") and np.array_equal(out[1], vectors[1])
    assert np.array_equal(vectors, np.ones((2, 4)))  # the run's own vectors are untouched


def test_themes_are_fitted_on_topic_views(monkeypatch: pytest.MonkeyPatch) -> None:
    """In a run, the theme model sees the views' vectors; notes keep their whole text."""
    from nlp_varmland.embeddings import CachedEmbedder, get_embedder
    from nlp_varmland.themes import ThemeModel

    seen: list[np.ndarray] = []
    fit = ThemeModel.fit

    def spy(self, docs, embeddings, lemmas=None):  # type: ignore[no-untyped-def]
        seen.append(np.asarray(embeddings))
        return fit(self, docs, embeddings, lemmas)

    monkeypatch.setattr(ThemeModel, "fit", spy)
    texts = ["Det är en stor utmaning att bussen går för sällan på kvällen",
             "Hyresrätter saknas för unga i Arvika", "Vårdcentralen har bara hyrläkare",
             "Bord 4: skolskjutsen tar över en timme för eleverna"]
    raw = pd.DataFrame({"text": texts, "meeting": "M", "source": "a.csv", "source_row": range(4)})
    a = nv.analyze(raw, seed=0)
    assert a.notes.text_clean.tolist() == texts
    from nlp_varmland.embeddings.concepts import concept_vectors
    from nlp_varmland.preprocessing import content_lemmas

    emb = get_embedder("e5")
    views = ["bussen går för sällan på kvällen", texts[1], texts[2], "skolskjutsen tar över en timme för eleverna"]
    words = CachedEmbedder(emb, cache=False)  # common words come from the shipped table, as in a run
    want = concept_vectors(emb.encode(views), [" ".join(content_lemmas(v)) for v in views], words)
    assert len(seen) == 1 and np.allclose(seen[0], want, atol=1e-5)
    # the frame's words ("utmaning", "bord") are not among the concepts
    assert not np.allclose(want, concept_vectors(emb.encode(views), a.notes.lemmas.tolist(), emb), atol=1e-3)


def test_a_frame_makes_unrelated_notes_look_alike_and_the_view_does_not() -> None:
    """Why views exist: with e5 two notes in one frame are nearer than what they say."""
    from nlp_varmland.embeddings import get_embedder

    emb = get_embedder("e5")
    a, b = "bussen går för sällan på kvällen", "nyanställda hittar ingen bostad"
    framed = emb.encode([f"Det är en stor utmaning att {a}", f"Det är en stor utmaning att {b}"])
    views = emb.encode(topic_views([f"Det är en stor utmaning att {a}", f"Det är en stor utmaning att {b}"]))
    assert float(framed[0] @ framed[1]) > float(views[0] @ views[1]) + 0.02

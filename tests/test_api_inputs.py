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

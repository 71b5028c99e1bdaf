"""note_id is stable across runs of the same input, however its path was typed (tester B4, DESIGN.md).

The same file run relative, absolute, from another folder or through a symlink must give the same
ids: corrections, the store and the analysts' review sheets are keyed on them.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pandas as pd
import pytest

from nlp_varmland.io import read_contributions
from nlp_varmland.preprocessing import clean

REPO = Path(__file__).resolve().parents[1]
MEETINGS = REPO / "corpora" / "meetings"


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """tmp/data/{a.csv, b.xlsx}, tmp/elsewhere/, tmp/link -> data; cwd = tmp."""
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(MEETINGS / "arbetsmote-2025-01-13.csv", data / "a.csv")
    shutil.copy(MEETINGS / "arbetsmote-2025-05-20.xlsx", data / "b.xlsx")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "link").symlink_to(data, target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def ids(inputs: object) -> list[str]:
    return clean(read_contributions(inputs))["note_id"].tolist()


def test_ids_do_not_depend_on_how_the_path_is_typed(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("a.csv", "b.xlsx"):
        relative = ids(f"data/{name}")
        assert len(relative) == len(set(relative)) > 3
        assert ids(str(work / "data" / name)) == relative                  # absolute
        assert ids(f"./data/../data/{name}") == relative                   # not normalised
        assert ids(f"link/{name}") == relative                             # through a symlink
        monkeypatch.chdir(work / "elsewhere")
        assert ids(f"../data/{name}") == relative                          # from another folder
        monkeypatch.chdir(work)
    # a folder input gives its files the same ids as naming the files
    both = ids("data")
    assert both == ids(["data/a.csv", "data/b.xlsx"]) == ids([str(work / "link")])


def test_raw_source_is_the_resolved_path_with_its_sheet(work: Path) -> None:
    raw = read_contributions("link/b.xlsx")
    assert {s.split("#")[0] for s in raw["source"]} == {(work / "data" / "b.xlsx").resolve().as_posix()}
    assert all(s.count("#") <= 1 for s in raw["source"])
    # the path as typed still names the file in run.json inputs and in error messages
    assert raw.attrs["inputs"][0]["path"] == "link/b.xlsx"
    # a DataFrame keeps its own source column: no file system, no cwd in its ids
    frame = pd.DataFrame({"source": ["x.csv"], "text": ["Bussen går för sällan från Torsby"]})
    assert read_contributions(frame)["source"].tolist() == ["x.csv"]


def test_analyze_gives_the_same_ids_and_shows_no_absolute_path(work: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    import nlp_varmland as nv

    first = nv.analyze(["data/a.csv"], embedder="tfidf", seed=0)
    monkeypatch.chdir(work / "elsewhere")
    again = nv.analyze([str(work / "data" / "a.csv")], embedder="tfidf", seed=0)
    assert first.notes["note_id"].tolist() == again.notes["note_id"].tolist()
    assert set(first.notes["source"]) == set(again.notes["source"]) == {"a.csv"}
    assert not any(os.sep + "data" in s for s in first.notes["source"])

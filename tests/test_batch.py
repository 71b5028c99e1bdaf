"""build-report (the batch job): meeting names, moved folders, checks before anything is recorded (tester B8)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from nlp_varmland.cli import main
from nlp_varmland.errors import NlpVarmlandError
from nlp_varmland.pipeline import build_yearly_report
from nlp_varmland.store import Store

NOTES = ["Bussen går för sällan från Ekshärad till Hagfors", "Vi saknar behöriga lärare i matematik på högstadiet",
         "Det finns inga hyresrätter för unga i Torsby", "Hemtjänsten hinner inte med de äldre på landsbygden",
         "Kollektivtrafiken på kvällarna måste bli bättre i glesbygden", "Skolan behöver fler speciallärare"]


def _csv(path: Path, rows: list[str], meeting: str | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    head = "möte;text" if meeting else "text"
    path.write_text("\n".join([head, *[f"{meeting};{r}" if meeting else r for r in rows]]) + "\n", encoding="utf-8")
    return path


def _run(source: Path, tmp_path: Path, **kwargs) -> tuple[pd.DataFrame, list[str]]:
    log: list[str] = []
    analysis = build_yearly_report(source, out=tmp_path / "out", embedder="tfidf", log=log.append, **kwargs)
    return analysis.notes, log


def _stored(db: Path) -> dict[str, int]:
    with Store(db, create=False) as store:
        meetings = store.meetings()
    return dict(zip(meetings["name"], meetings["n_statements"]))


def test_year_folders_with_equal_file_names_are_two_meetings(tmp_path: Path) -> None:
    _csv(tmp_path / "in" / "2025" / "arbetsmote.csv", NOTES[:3])
    _csv(tmp_path / "in" / "2026" / "arbetsmote.csv", NOTES[3:])
    _csv(tmp_path / "in" / "konferens.csv", NOTES[:2])
    notes, _log = _run(tmp_path / "in", tmp_path)
    assert notes.groupby("meeting").size().to_dict() == {"2025/arbetsmote": 3, "2026/arbetsmote": 3, "konferens": 2}
    assert _stored(tmp_path / "out" / "store.sqlite") == {"2025/arbetsmote": 3, "2026/arbetsmote": 3, "konferens": 2}


def test_files_with_one_meeting_column_value_are_one_meeting(tmp_path: Path) -> None:
    _csv(tmp_path / "in" / "bord1.csv", NOTES[:2], meeting="Arbetsmöte maj")
    _csv(tmp_path / "in" / "bord2.csv", NOTES[2:4], meeting="Arbetsmöte maj")
    _csv(tmp_path / "in" / "juni" / "bord3.csv", NOTES[4:], meeting="Arbetsmöte maj")
    notes, log = _run(tmp_path / "in", tmp_path)
    assert set(notes["meeting"]) == {"Arbetsmöte maj"} and len(notes) == 6
    assert log == ["record bord1.csv + bord2.csv + juni"]
    assert _stored(tmp_path / "out" / "store.sqlite") == {"Arbetsmöte maj": 6}
    _notes, log = _run(tmp_path / "in", tmp_path)                    # a rerun records nothing
    assert log == ["skip bord1.csv + bord2.csv + juni: already in the store"]


def test_a_moved_meetings_folder_is_skipped_not_refused(tmp_path: Path) -> None:
    _csv(tmp_path / "in" / "arbetsmote.csv", NOTES[:3])
    _csv(tmp_path / "in" / "2026" / "arbetsmote.csv", NOTES[3:])
    _run(tmp_path / "in", tmp_path)
    shutil.copytree(tmp_path / "in", tmp_path / "flyttad")
    shutil.rmtree(tmp_path / "in")
    notes, log = _run(tmp_path / "flyttad", tmp_path)
    assert log == ["skip 2026: already in the store", "skip arbetsmote.csv: already in the store"]
    assert len(notes) == 6 and _stored(tmp_path / "out" / "store.sqlite") == {"2026/arbetsmote": 3, "arbetsmote": 3}


def test_a_name_taken_in_the_store_by_other_files_is_refused_before_anything_is_recorded(tmp_path: Path) -> None:
    _csv(tmp_path / "a" / "maj.csv", NOTES[:3], meeting="Arbetsmöte maj")
    _run(tmp_path / "a", tmp_path)
    _csv(tmp_path / "b" / "april.csv", NOTES[:2])
    _csv(tmp_path / "b" / "maj.csv", NOTES[3:], meeting="Arbetsmöte maj")
    with pytest.raises(NlpVarmlandError) as err:
        _run(tmp_path / "b", tmp_path)
    message = str(err.value)
    assert "holds another meeting of that name" in message and "--meeting" not in message and "\n" not in message
    assert _stored(tmp_path / "out" / "store.sqlite") == {"Arbetsmöte maj": 3}     # april not recorded either


def test_a_bad_goal_file_fails_before_anything_is_printed_or_stored(tmp_path: Path) -> None:
    _csv(tmp_path / "in" / "maj.csv", NOTES)
    goals = tmp_path / "mal.yaml"
    goals.write_text("goals:\n  - id: [\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["build-report", str(tmp_path / "in"), "--out", str(tmp_path / "out"),
                                       "--goals", str(goals), "--embedder", "tfidf"])
    assert result.exit_code == 1 and "record" not in result.output
    assert "mal.yaml" in result.output and result.output.strip().count("\n") == 0
    assert not (tmp_path / "out").exists()


def test_two_batch_runs_differ_only_in_timings_and_the_store_file(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    _csv(tmp_path / "in" / "2025" / "arbetsmote.csv", NOTES[:3])
    _csv(tmp_path / "in" / "konferens.csv", NOTES[3:])
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    outs = []
    for i in range(2):
        out = tmp_path / f"run{i}"
        result = CliRunner().invoke(main, ["build-report", str(tmp_path / "in"), "--out", str(out),
                                           "--embedder", "tfidf", "-q"])
        assert result.exit_code == 0, result.output
        outs.append(out)
    differ = {p.name for p in outs[0].iterdir() if p.read_bytes() != (outs[1] / p.name).read_bytes()}
    assert differ <= {"run.json", "report.html", "store.sqlite"}, differ
    runs = [json.loads((out / "run.json").read_text(encoding="utf-8")) for out in outs]
    assert {k for k in runs[0] if runs[0][k] != runs[1][k]} <= {"timings", "timing_details"}
    (store,) = runs[0]["inputs"]
    assert store["path"] == "store.sqlite" and store["sha256"].startswith("sha256:")
    assert [(m["name"], m["sources"], m["rows"]) for m in store["meetings"]] == [
        ("2025/arbetsmote", ["2025/arbetsmote.csv"], 3), ("konferens", ["konferens.csv"], 3)]


def test_a_sub_folder_file_stored_under_its_bare_name_keeps_it(tmp_path: Path) -> None:
    """Recorded before sub-folder files were named by their path: not added a second time."""
    from nlp_varmland.pipeline import analyze

    jan = _csv(tmp_path / "in" / "2025" / "jan.csv", NOTES[:3])
    _csv(tmp_path / "in" / "2025" / "feb.csv", NOTES[3:])
    db = tmp_path / "out" / "store.sqlite"
    db.parent.mkdir()
    analyze(jan, embedder="tfidf", db=db)
    notes, log = _run(tmp_path / "in", tmp_path)
    assert _stored(db) == {"jan": 3, "2025/feb": 3} and set(notes["meeting"]) == {"jan", "2025/feb"}

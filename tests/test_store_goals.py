"""One store, one strategy (tester B17): a store analysed with another goal file is refused in one
line before anything is written, and so is a goal file that lacks a goal stored corrections name."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
from click.testing import CliRunner

from nlp_varmland.cli import main
from nlp_varmland.store import Store

NOTES = ["Bussen går för sällan från Ekshärad till Hagfors", "Vi saknar behöriga lärare i matematik på högstadiet",
         "Det finns inga hyresrätter för unga i Torsby", "Hemtjänsten hinner inte med de äldre på landsbygden",
         "Solceller på kommunens tak sänker elkostnaden", "Skolan behöver fler speciallärare"]


def _csv(path: Path, rows: list[str]) -> Path:
    path.write_text("text\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def _cli(*args: str):
    return CliRunner().invoke(main, [*args, "--embedder", "tfidf", "-q"] if args[0] == "analyze"
                              else list(args))


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_forgotten_goals_option_is_refused_before_the_store_is_written(tmp_path: Path) -> None:
    db = tmp_path / "store.sqlite"
    first = _cli("analyze", str(_csv(tmp_path / "mars.csv", NOTES)), "--goals", "example-hallbar-kommun",
                 "--db", str(db), "--out", str(tmp_path / "o1"))
    assert first.exit_code == 0, first.output
    with Store(db, create=False) as store:
        assert store.goal_file() == {"name": "example-hallbar-kommun", "file": "example-hallbar-kommun"}
    before = _sha(db)
    second = _cli("analyze", str(_csv(tmp_path / "maj.csv", NOTES[::-1])), "--db", str(db),
                  "--out", str(tmp_path / "o2"))
    history = _cli("history", "--db", str(db), "--out", str(tmp_path / "o3"))
    for result in (second, history):
        line = result.output.strip()
        assert result.exit_code == 1 and "\n" not in line and "Traceback" not in line
        assert "--goals example-hallbar-kommun" in line and "varmlandsstrategin-2040" in line
    assert _sha(db) == before and not (tmp_path / "o2").exists()
    again = _cli("history", "--db", str(db), "--goals", "example-hallbar-kommun", "--out", str(tmp_path / "o4"))
    assert again.exit_code == 0, again.output


def test_a_goal_file_that_lost_a_corrected_goal_is_refused_by_name(tmp_path: Path) -> None:
    """The same strategy, edited: a goal an analyst's correction names was removed from the file.
    Before, history stopped with a KeyError traceback."""
    from nlp_varmland.goals import load_goals

    text = load_goals("example-hallbar-kommun").path.read_text(encoding="utf-8")
    goals = tmp_path / "mal.yaml"
    goals.write_text(text, encoding="utf-8")
    db = tmp_path / "store.sqlite"
    src = _csv(tmp_path / "mars.csv", NOTES)
    first = _cli("analyze", str(src), "--goals", str(goals), "--db", str(db), "--out", str(tmp_path / "o1"))
    assert first.exit_code == 0, first.output
    note = pd.read_csv(tmp_path / "o1" / "notes.csv").query("status == 'kept'").note_id.iloc[0]
    fix = tmp_path / "fix.csv"
    fix.write_text(f"note_id,goal_id\n{note},trygg-kommun\n", encoding="utf-8")
    fixed = _cli("analyze", str(src), "--goals", str(goals), "--db", str(db), "--corrections", str(fix),
                 "--out", str(tmp_path / "o2"))
    assert fixed.exit_code == 0, fixed.output
    start, end = text.index("  - id: trygg-kommun"), text.index("  - id: vaxa-tillsammans")
    goals.write_text(text[:start] + text[end:], encoding="utf-8")
    before = _sha(db)
    result = _cli("history", "--db", str(db), "--goals", str(goals), "--out", str(tmp_path / "o3"))
    line = result.output.strip()
    assert result.exit_code == 1 and "\n" not in line and "Traceback" not in line
    assert "'trygg-kommun'" in line and "lacks" in line and _sha(db) == before

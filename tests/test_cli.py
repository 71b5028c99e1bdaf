"""The command line, through click's CliRunner and once per command as a real subprocess."""
from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from nlp_varmland.cli import main
from nlp_varmland.schema import OUTPUT_TABLES

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "corpora" / "meetings"
CONTRACT = {f"{name}.csv": list(OUTPUT_TABLES[name].required) for name in ("notes", "themes", "goals", "recurring")}

NOTES = [
    "Brist på undersköterskor i hela länet, svårt att rekrytera till äldreomsorgen",
    "Bussarna går för sällan på landsbygden, ungdomar kommer inte till fritidsaktiviteter",
    "Svårt för unga att hitta en första bostad i Karlstad",
    "För få elever söker vård- och omsorgsprogrammet på GY",
    "Kollektivtrafiken i norra Värmland räcker inte för att pendla till jobbet",
    "Bostadsbristen gör att nyanställda tackar nej till jobb i Arvika",
    "Psykisk ohälsa bland unga ökar, långa köer till BUP",
    "Elnätet har inte kapacitet för industrins elektrifiering",
    "Företagen i Hagfors hittar inte svetsare och CNC-operatörer",
    "Bredbandsutbyggnaden på landsbygden har stannat av",
    "Fler unga mår dåligt och skolkuratorerna hinner inte med",
    "Vi borde samla yrkesutbildningarna i ett regionalt YH-center",
]


def write_csv(path: Path, rows: list[str], *, meeting: str, delimiter: str = ";", encoding: str = "cp1252") -> Path:
    with path.open("w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh, delimiter=delimiter)
        writer.writerow(["Möte", "Datum", "Bord", "Anteckning"])
        for i, text in enumerate(rows):
            writer.writerow([meeting, "2025-01-13", f"Bord {i % 3 + 1}", text])
    return path


@pytest.fixture()
def meeting_csv(tmp_path: Path) -> Path:
    rows = NOTES + ["", "x", NOTES[0], "The buses are far too infrequent in the countryside, we need more"]
    return write_csv(tmp_path / "möte.csv", rows, meeting="Arbetsmöte januari")


def read_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


def assert_contract(out: Path, input_rows: int) -> None:
    for name, columns in CONTRACT.items():
        header, _ = read_rows(out / name)
        assert header[: len(columns)] == columns, name
    _, notes = read_rows(out / "notes.csv")
    assert {(r["source"], r["source_row"]) for r in notes}.__len__() == input_rows
    assert len({r["note_id"] for r in notes}) == len(notes)
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    for key in ("version", "inputs", "embedder", "parameters", "seed", "timings", "counts"):
        assert key in run
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "http://" not in html.split("<body")[0] and "https://" not in html.split("<body")[0]
    checker = REPO.parent / "shared" / "check_contract.py"
    if checker.is_file():
        result = subprocess.run([sys.executable, str(checker), str(out), "--input-rows", str(input_rows)],
                                capture_output=True, text=True)
        assert result.returncode == 0, result.stdout


def test_help_is_fast_and_imports_nothing_heavy() -> None:
    code = ("import sys; from nlp_varmland.cli import main\n"
            "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "heavy = [m for m in ('torch', 'bertopic', 'umap', 'sklearn', 'spacy', 'numpy', 'pandas') if m in sys.modules]\n"
            "print('HEAVY', heavy)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "HEAVY []" in result.stdout
    assert "analyze" in result.stdout


def test_analyze_writes_every_row_and_the_contract(meeting_csv: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["analyze", str(meeting_csv), "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    assert "report.html" in result.output
    assert_contract(out, input_rows=16)
    _, notes = read_rows(out / "notes.csv")
    statuses = {r["text"]: r["status"] for r in notes}
    assert statuses[""] == "empty"
    assert statuses["x"] == "too_short"
    assert [r["status"] for r in notes if r["text"] == NOTES[0]] == ["kept", "duplicate"]
    assert statuses["The buses are far too infrequent in the countryside, we need more"] == "not_swedish"
    assert all(r["theme_id"] == "-1" for r in notes if r["status"] != "kept")
    for name in ("tables.xlsx", "summary.md"):
        assert (out / name).stat().st_size > 0


def test_same_seed_gives_identical_tables(meeting_csv: Path, tmp_path: Path) -> None:
    outs = []
    for i in range(2):
        out = tmp_path / f"run{i}"
        result = CliRunner().invoke(main, ["analyze", str(meeting_csv), "--out", str(out), "-q", "--seed", "3"])
        assert result.exit_code == 0, result.output
        outs.append(out)
    for name in ("notes.csv", "themes.csv", "goals.csv", "recurring.csv"):
        assert (outs[0] / name).read_bytes() == (outs[1] / name).read_bytes(), name


@pytest.mark.parametrize("args, expected", [
    (["analyze", "nope.csv"], "not found"),
    (["analyze", "{tmp}/notes.pdf"], ".pdf"),
    (["analyze", "{tmp}/empty_dir"], "supported"),
    (["analyze", "{tmp}/no_text.csv"], "--text-column"),
    (["analyze", "{tmp}/good.csv", "--embedder", "word2vec"], "word2vec"),
    (["analyze", "{tmp}/good.csv", "--embedder", "sentence-transformers:/no/such/model"], "/no/such/model"),
    (["analyze", "{tmp}/good.csv", "--goals", "no-such-strategy"], "no-such-strategy"),
    (["analyze", "{tmp}/good.csv", "--goals", "{tmp}/broken.yaml"], "broken.yaml"),
    (["analyze", "{tmp}/good.csv", "--db", "{tmp}/not_a_store.sqlite"], "not_a_store.sqlite"),
    (["goals", "validate", "{tmp}/broken.yaml"], "broken.yaml"),
    (["history", "--db", "{tmp}/missing.sqlite"], "missing.sqlite"),
])
def test_user_errors_are_one_line_without_traceback(tmp_path: Path, args: list[str], expected: str) -> None:
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "empty_dir").mkdir()
    (tmp_path / "no_text.csv").write_text("id;siffra\n1;2\n", encoding="utf-8")
    write_csv(tmp_path / "good.csv", NOTES, meeting="M")
    (tmp_path / "broken.yaml").write_text("name: x\ngoals:\n  - id: a\n    name: [unclosed\n", encoding="utf-8")
    (tmp_path / "not_a_store.sqlite").write_text("this is not sqlite\n", encoding="utf-8")
    before = (tmp_path / "not_a_store.sqlite").read_bytes()
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    if "--out" not in args and args[0] in {"analyze", "history"}:
        args += ["--out", str(tmp_path / "out")]
    result = CliRunner().invoke(main, args)
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert expected in lines[-1], result.output
    assert (tmp_path / "not_a_store.sqlite").read_bytes() == before


def test_goals_show_and_validate(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["goals", "show"])
    assert result.exit_code == 0, result.output
    for area in ("forbattra-livsvillkoren", "hoja-kompetensen", "utveckla-attraktiva-platser",
                 "starka-konkurrenskraften"):
        assert area in result.output
    default = REPO / "models" / "goals" / "varmlandsstrategin-2040.yaml"
    result = CliRunner().invoke(main, ["goals", "validate", str(default)])
    assert result.exit_code == 0 and "ok" in result.output


def test_store_history_recurring_and_rerun_changes_no_counts(tmp_path: Path) -> None:
    db = tmp_path / "store.sqlite"
    first = write_csv(tmp_path / "jan.csv", NOTES, meeting="Arbetsmöte januari")
    second = write_csv(tmp_path / "maj.csv", [n.replace("Karlstad", "Kil") for n in NOTES[::-1]],
                       meeting="Arbetsmöte maj")
    for f in (first, second, first):
        result = CliRunner().invoke(main, ["analyze", str(f), "--out", str(tmp_path / f.stem), "--db", str(db), "-q"])
        assert result.exit_code == 0, result.output
    result = CliRunner().invoke(main, ["history", "--db", str(db), "--out", str(tmp_path / "hist"), "-q"])
    assert result.exit_code == 0, result.output
    _, notes = read_rows(tmp_path / "hist" / "notes.csv")
    assert len(notes) == 2 * len(NOTES)
    assert {r["meeting"] for r in notes} == {"Arbetsmöte januari", "Arbetsmöte maj"}
    _, recurring = read_rows(tmp_path / "hist" / "recurring.csv")
    assert recurring and all(int(r["n_meetings"]) >= 2 for r in recurring)


def test_real_subprocess_on_the_sample_corpus(tmp_path: Path) -> None:
    out = tmp_path / "sample"
    result = subprocess.run([sys.executable, "-m", "nlp_varmland", "analyze", str(SAMPLE), "--out", str(out), "-q"],
                            capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stderr
    assert "Report:" in result.stdout
    _, notes = read_rows(out / "notes.csv")
    assert_contract(out, input_rows=len({(r["source"], r["source_row"]) for r in notes}))
    _, themes = read_rows(out / "themes.csv")
    assert len(themes) >= 4
    assert any(r["recurring"] == "True" for r in themes)


def test_batch_script_builds_the_yearly_bundle_and_resumes(tmp_path: Path) -> None:
    out = tmp_path / "year"
    cmd = [sys.executable, str(REPO / "scripts" / "build_report.py"), str(SAMPLE), "--out", str(out), "-q"]
    first = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO)
    assert first.returncode == 0, first.stderr
    second = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO)
    assert second.returncode == 0, second.stderr
    assert "skip" in second.stderr and "record" not in second.stderr
    for name in ("notes.csv", "themes.csv", "recurring.csv", "report.html"):
        assert (out / name).is_file()
    bad = subprocess.run([sys.executable, str(REPO / "scripts" / "build_report.py"), str(tmp_path / "nope"),
                          "--out", str(out)], capture_output=True, text=True)
    assert bad.returncode != 0 and len(bad.stderr.strip().splitlines()) == 1

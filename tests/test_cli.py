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
            "heavy = [m for m in ('torch', 'bertopic', 'umap', 'sklearn', 'spacy', 'numpy', 'pandas')\n"
            "         if m in sys.modules]\n"
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
    assert "Titel: Värmlandsstrategin 2040" in result.output  # B17: the title the report shows
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
    outliers = sum(r["status"] == "kept" and int(r["theme_id"]) < 0 for r in notes)
    assert (f"({outliers} statement{'s' if outliers != 1 else ''} in no theme)" in result.stdout) == (outliers > 0)
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


# ----------------------------------------------------------------------------- issue 15: one line, early


def _one_line_error(result) -> str:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    return lines[0]


@pytest.fixture()
def no_analysis(monkeypatch: pytest.MonkeyPatch):
    """Fail the test if the (expensive) analysis starts: these errors must come before it."""
    import nlp_varmland.pipeline as pipeline

    def refuse(*args, **kwargs):
        raise AssertionError("the analysis ran before the error was found")

    monkeypatch.setattr(pipeline, "analyze", refuse)
    monkeypatch.setattr(pipeline, "history", refuse)


@pytest.mark.parametrize("setup, args, expected", [
    (lambda t: (t / "a_file").write_text("x"), ["--out", "{tmp}/a_file/out"], "is a file"),
    (lambda t: (t / "a_file").write_text("x"), ["--out", "{tmp}/a_file"], "is a file"),
    (lambda t: (t / "out" / "tables.xlsx").mkdir(parents=True), ["--out", "{tmp}/out"], "tables.xlsx is a folder"),
    (lambda t: None, ["--out", "{tmp}/in/report"], "inside the input folder"),
    (lambda t: None, ["--out", "{tmp}/in"], "inside the input folder"),
    (lambda t: None, ["--out", "{tmp}/out", "--seed", "-5"], "--seed"),
])
def test_bad_out_and_seed_are_one_line_before_the_work(tmp_path: Path, no_analysis, setup, args, expected) -> None:
    (tmp_path / "in").mkdir()
    write_csv(tmp_path / "in" / "möte.csv", NOTES, meeting="M")
    setup(tmp_path)
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    result = CliRunner().invoke(main, ["analyze", str(tmp_path / "in"), *args, "--embedder", "tfidf"])
    assert expected in _one_line_error(result)


@pytest.mark.parametrize("name, content", [
    ("header.csv", "Möte;Anteckning\n"),
    ("empty.csv", ""),
    ("rubrik.md", "# Arbetsmöte maj\n\n## Bord 1\n"),
])
def test_files_without_notes_are_one_line(tmp_path: Path, name: str, content: str) -> None:
    (tmp_path / name).write_text(content, encoding="utf-8")
    result = CliRunner().invoke(main, ["analyze", str(tmp_path / name), "--out", str(tmp_path / "out"),
                                       "--embedder", "tfidf", "-q"])
    assert name in _one_line_error(result)
    assert not (tmp_path / "out").exists()


def test_history_uses_the_embedder_the_store_was_made_with(tmp_path: Path) -> None:
    db = tmp_path / "store.sqlite"
    csv_path = write_csv(tmp_path / "jan.csv", NOTES, meeting="Arbetsmöte januari")
    result = CliRunner().invoke(main, ["analyze", str(csv_path), "--out", str(tmp_path / "a"), "--db", str(db),
                                       "--embedder", "tfidf", "-q"])
    assert result.exit_code == 0, result.output
    result = CliRunner().invoke(main, ["history", "--db", str(db), "--out", str(tmp_path / "h"), "-q"])
    assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / "h" / "run.json").read_text(encoding="utf-8"))["embedder"]["backend"] == "tfidf"


def test_a_failed_write_leaves_the_previous_bundle_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from nlp_varmland.report import bundle

    from .conftest import make_fake_analysis

    out = tmp_path / "out"
    first = make_fake_analysis()
    bundle.write_bundle(first, out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    second = make_fake_analysis()
    second.notes["text_clean"] = "ändrad"
    second.run["seed"] = 99

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(bundle, "write_excel", disk_full)
    with pytest.raises(OSError):
        bundle.write_bundle(second, out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir()] == ["out"], "no temporary folder is left behind"
    monkeypatch.undo()
    bundle.write_bundle(second, out)
    assert json.loads((out / "run.json").read_text(encoding="utf-8"))["seed"] == 99
    assert "ändrad" in (out / "notes.csv").read_text(encoding="utf-8")


def test_shared_outputs_hold_no_absolute_paths(tmp_path: Path) -> None:
    folder = tmp_path / "evas_hem_q7" / "möten"
    folder.mkdir(parents=True)
    write_csv(folder / "jan.csv", NOTES, meeting="M")
    goals = tmp_path / "evas_hem_q7" / "mål.yaml"
    goals.write_text((REPO / "models" / "goals" / "varmlandsstrategin-2040.yaml").read_text(encoding="utf-8"),
                     encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["analyze", str(folder.resolve()), "--out", str(out), "--goals", str(goals),
                                       "--db", str(tmp_path / "store.sqlite"), "--embedder", "tfidf", "-q"])
    assert result.exit_code == 0, result.output
    for name in ("report.html", "run.json", "notes.csv", "summary.md"):
        text = (out / name).read_text(encoding="utf-8")
        assert str(tmp_path) not in text and "evas_hem_q7" not in text, name
    _, notes = read_rows(out / "notes.csv")
    assert {r["source"] for r in notes} == {"jan.csv"}
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert run["goals"]["path"] == "mål.yaml" and run["inputs"][0]["path"] == "jan.csv"


# ----------------------------------------------------------------------------- run.json as config


def _bundle_contents(out: Path) -> dict[str, bytes]:
    """Every file of a bundle; xlsx as their sheet XML (zip times differ), run.json without timings."""
    import re
    import zipfile

    files: dict[str, bytes] = {}
    for path in sorted(out.iterdir()):
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as z:
                for name in sorted(z.namelist()):
                    if name != "docProps/core.xml":  # creation time of the workbook
                        files[f"{path.name}:{name}"] = z.read(name)
        elif path.name == "run.json":
            run = json.loads(path.read_text(encoding="utf-8"))
            for key in ("timings", "timing_details", "created"):
                run.pop(key)
            files[path.name] = json.dumps(run, sort_keys=True).encode()
        elif path.name == "report.html":
            html = path.read_text(encoding="utf-8")
            files[path.name] = re.sub(r"\d+[,.]\d+", "#", html).encode()  # stage timings differ
        else:
            files[path.name] = path.read_bytes()
    return files


def test_config_rebuilds_a_run_byte_for_byte(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import nlp_varmland as nv
    from nlp_varmland.challenges import ChallengeDetector
    from nlp_varmland.goals import GoalMapper
    from nlp_varmland.preprocessing import CleanConfig

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1735689600")
    monkeypatch.chdir(tmp_path)
    Path("in").mkdir()
    write_csv(Path("in") / "jan.csv", NOTES + ["Bra möte; fler bussar och fler bostäder behövs"], meeting="M")
    first = nv.analyze("in", embedder="tfidf", seed=3, n_themes=2,
                       clean_config=CleanConfig(min_tokens=3, split_semicolons=False),
                       goal_mapper=GoalMapper(min_share=0.5, max_goals=1),
                       challenge_detector=ChallengeDetector(threshold=0.7), progress=False)
    first.save("first")
    params = first.run["parameters"]
    assert params["clean"]["min_tokens"] == 3 and params["goal_mapper"]["params"]["min_share"] == 0.5
    assert params["challenge_detector"]["params"]["threshold"] == 0.7
    result = CliRunner().invoke(main, ["analyze", "in", "--config", "first/run.json", "--out", "again", "-q"])
    assert result.exit_code == 0, result.output
    a, b = _bundle_contents(Path("first")), _bundle_contents(Path("again"))
    assert a.keys() == b.keys()
    assert [name for name in a if a[name] != b[name]] == []
    default = CliRunner().invoke(main, ["analyze", "in", "--out", "default", "--embedder", "tfidf", "-q"])
    assert default.exit_code == 0, default.output
    assert (Path("default") / "notes.csv").read_bytes() != (Path("again") / "notes.csv").read_bytes()


def test_config_that_is_not_a_run_json_is_one_line(tmp_path: Path) -> None:
    write_csv(tmp_path / "jan.csv", NOTES, meeting="M")
    (tmp_path / "run.json").write_text('{"version": "0.0.1", "parameters": {}}', encoding="utf-8")
    result = CliRunner().invoke(main, ["analyze", str(tmp_path / "jan.csv"), "--config", str(tmp_path / "run.json"),
                                       "--out", str(tmp_path / "out")])
    assert "does not record its settings" in _one_line_error(result)


@pytest.mark.parametrize("command", [["history", "--db", "{tmp}/store.sqlite"], ["evaluate", "{tmp}/in/möte.csv"],
                                     ["build-report", "{tmp}/in"]])
def test_every_command_checks_seed_and_out_first(tmp_path: Path, no_analysis, command: list[str]) -> None:
    (tmp_path / "in").mkdir()
    write_csv(tmp_path / "in" / "möte.csv", NOTES, meeting="M")
    (tmp_path / "a_file").write_text("x")
    args = [a.replace("{tmp}", str(tmp_path)) for a in command]
    result = CliRunner().invoke(main, [*args, "--out", str(tmp_path / "out"), "--seed", "-5"])
    assert "--seed" in _one_line_error(result)
    result = CliRunner().invoke(main, [*args, "--out", str(tmp_path / "a_file" / "out")])
    assert "is a file" in _one_line_error(result)


@pytest.mark.parametrize("args, says", [
    (["history", "--out", "x"], "Missing option '--db'; see 'nlp-varmland history --help'"),
    (["analyze"], "Missing argument 'INPUTS...'; see 'nlp-varmland analyze --help'"),
    (["corrections", "--db", "s.db", "--remove", "-3"], "No such option '-3'; see 'nlp-varmland corrections --help'"),
    (["analyse"], "No such command 'analyse'"),
])
def test_a_usage_error_is_one_line(args, says):
    """Tester B11: click printed three lines (usage, hint, error) for a missing --db; now one
    line like the library's own errors, still exit 2 as click's usage errors."""
    result = subprocess.run([sys.executable, "-m", "nlp_varmland", *args], capture_output=True, text=True)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and says in lines[0], result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""

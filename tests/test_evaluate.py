"""`evaluate`: gold columns are held out of the analysis, and the figures match a hand count."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from nlp_varmland.cli import main
from nlp_varmland.errors import InputError
from nlp_varmland.evaluate import NONE_LABEL, evaluate, read_labelled, score

ROWS = [  # text, gold_area, gold_goal, gold_theme, gold_challenge
    ("Bussen till Karlstad går bara två gånger om dagen", "utveckla-attraktiva-platser",
     "transporter-och-kollektivtrafik", "trafik", "ja"),
    ("Det finns inga lediga hyreslägenheter i kommunen", "utveckla-attraktiva-platser", "bostader", "bo", "ja"),
    ("Verkstaden får inte tag på personal, rekryteringen går trögt", "hoja-kompetensen",
     "kompetensforsorjning", "jobb", "ja"),
    ("Komvux borde ha fler yrkesutbildningar på distans", "hoja-kompetensen", "", "jobb", ""),
    ("Många ungdomar mår psykiskt dåligt och köerna till BUP är långa", "forbattra-livsvillkoren", "",
     "hälsa", "ja"),
    ("Småföretagen behöver hjälp att börja exportera till Norge", "starka-konkurrenskraften",
     "internationalisering-och-export", "företag", "nej"),
    ("Elnätet har ingen kapacitet kvar för nya fabriker", "hoja-kompetensen", "", "företag", "ja"),
    ("Kaffet var slut redan före lunch", "none", "none", "övrigt", "nej"),
    ("Sista bussen går halv sex • Vi saknar hyresrätter för unga", "utveckla-attraktiva-platser",
     "transporter-och-kollektivtrafik", "trafik", "ja"),
    ("", "hoja-kompetensen", "", "", ""),
]


def _write(tmp_path: Path, rows=ROWS, name: str = "labelled.csv") -> Path:
    path = tmp_path / name
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["text", "gold_area", "gold_goal", "gold_theme", "gold_challenge"])
        w.writerows(rows)
    return path


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    tmp = tmp_path_factory.mktemp("evaluate")
    path = _write(tmp)
    out = tmp / "out"
    result = CliRunner().invoke(main, ["evaluate", str(path), "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    assert "gold_area: n 9" in result.output
    return out, json.loads((out / "evaluation.json").read_text("utf-8"))


def test_bundle_and_evaluation_files_are_written(run: tuple[Path, dict]) -> None:
    out, ev = run
    for name in ("notes.csv", "themes.csv", "goals.csv", "run.json", "report.html", "evaluation.json",
                 "evaluation.md"):
        assert (out / name).is_file(), name
    assert set(ev) == {"gold_area", "gold_goal", "gold_theme", "gold_challenge", "_meta"}
    md = (out / "evaluation.md").read_text("utf-8")
    assert "| gold_area | 9 |" in md and "Confusion: gold_area" in md
    html = (out / "report.html").read_text("utf-8")
    assert '<h2 id="evaluation">' in html and "<code>gold_area</code>" in html and "labelled.csv" in html
    run_json = json.loads((out / "run.json").read_text("utf-8"))
    assert run_json["evaluation"]["gold_area"]["accuracy"] == ev["gold_area"]["accuracy"]


def test_gold_columns_never_reach_the_analysis(run: tuple[Path, dict]) -> None:
    out, _ = run
    notes = pd.read_csv(out / "notes.csv", dtype=str, keep_default_na=False)
    assert not [c for c in notes.columns if c.startswith("gold_")]
    assert "labelled" in set(notes.meeting)
    text = (out / "notes.csv").read_text("utf-8")
    assert "övrigt" not in text and "hälsa," not in text        # gold theme names appear nowhere


def test_figures_match_a_hand_count_from_notes_csv(run: tuple[Path, dict]) -> None:
    out, ev = run
    notes = pd.read_csv(out / "notes.csv", dtype=str, keep_default_na=False)
    notes["source_row"] = notes.source_row.astype(int)
    notes["part"] = notes.part.astype(int)
    kept = notes[notes.status == "kept"].sort_values(["source_row", "part"])
    first = kept.drop_duplicates("source_row").set_index("source_row")
    assert (notes.source_row == 9).sum() == 2                     # the bullet row was split into two parts
    gold = {i + 1: r for i, r in enumerate(ROWS)}
    scored = [i for i in gold if gold[i][1] and i in first.index]
    assert len(scored) == ev["gold_area"]["n"] == 9               # row 10 (empty text) is not analysed
    assert ev["gold_area"]["n_not_analysed"] == 1
    pred = {i: first.loc[i, "area_id"] or NONE_LABEL for i in scored}
    truth = {i: NONE_LABEL if gold[i][1] == "none" else gold[i][1] for i in scored}
    hits = sum(pred[i] == truth[i] for i in scored)
    assert ev["gold_area"]["accuracy"] == round(hits / len(scored), 3)
    conf = ev["gold_area"]["confusion"]
    assert sum(sum(r.values()) for r in conf.values()) == len(scored)
    for i in scored:
        assert conf[truth[i]][pred[i]] >= 1
    goal_rows = [i for i in gold if gold[i][2] and i in first.index]
    assert ev["gold_goal"]["n"] == len(goal_rows) and ev["gold_goal"]["n_skipped_empty"] == 4
    goal_hits = sum((first.loc[i, "goal_id"] or NONE_LABEL) == (NONE_LABEL if gold[i][2] == "none" else gold[i][2])
                    for i in goal_rows)
    assert ev["gold_goal"]["accuracy"] == round(goal_hits / len(goal_rows), 3)
    ch_rows = [i for i in gold if gold[i][4] and i in first.index]
    ch_hits = sum((first.loc[i, "is_challenge"] == "True") == (gold[i][4] == "ja") for i in ch_rows)
    assert ev["gold_challenge"]["n"] == len(ch_rows)
    assert ev["gold_challenge"]["accuracy"] == round(ch_hits / len(ch_rows), 3)
    assert ev["gold_theme"]["n"] == 9 and -1 <= ev["gold_theme"]["ari"] <= 1 and 0 <= ev["gold_theme"]["nmi"] <= 1


def test_score_metrics_by_hand() -> None:
    notes = pd.DataFrame({"source": ["f"] * 5, "source_row": [1, 2, 3, 4, 4], "part": [1, 1, 1, 1, 2],
                          "status": ["kept", "kept", "kept", "too_short", "kept"],
                          "area_id": ["a", "b", "", "a", "b"], "goal_id": ["a", "b", "", "a", "b"],
                          "theme_id": [0, 0, 1, 1, 1], "is_challenge": [True, False, False, True, True]})
    gold = pd.DataFrame({"source": ["f"] * 4, "source_row": [1, 2, 3, 4],
                         "gold_area": ["a", "a", "none", "b"], "gold_theme": ["x", "x", "y", "y"]})
    ev = score(notes, gold)
    a = ev["gold_area"]
    # row 4's first *kept* part is part 2 (b): pairs (a,a) (a,b) (none,none) (b,b)
    assert a["accuracy"] == 0.75
    assert a["confusion"] == {"a": {"a": 1, "b": 1}, "b": {"b": 1}, NONE_LABEL: {NONE_LABEL: 1}}
    # macro F1 over a, b, (none): a 2*1/(2+1), b 2*1/(1+2), none 1 -> 0.778; kappa (0.75-0.3125)/(1-0.3125)
    assert a["macro_f1"] == 0.778 and a["kappa"] == round((0.75 - 0.3125) / 0.6875, 3)
    assert a["false_no_goal"] == 0.0 and a["no_goal_kept"] == 1.0
    assert ev["gold_theme"] == {"n": 4, "nmi": 1.0, "ari": 1.0, "n_skipped_empty": 0, "n_not_analysed": 0}


def test_unknown_gold_goal_is_one_clear_line(tmp_path: Path) -> None:
    path = _write(tmp_path, [("Bussen går för sällan", "utveckla-attraktiva-platser", "bussar-overallt", "", "")])
    with pytest.raises(InputError, match=r"labelled.csv row 1 gold_goal: 'bussar-overallt' is not a goal id"):
        evaluate(path)
    result = CliRunner().invoke(main, ["evaluate", str(path), "--out", str(tmp_path / "o")])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1 and "bussar-overallt" in result.output


def test_a_file_without_gold_columns_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "plain.csv"
    path.write_text("text\nBussen går för sällan\n", encoding="utf-8")
    with pytest.raises(InputError, match="no gold column; add one of gold_area"):
        read_labelled(path)

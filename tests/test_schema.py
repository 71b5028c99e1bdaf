"""nlp_varmland.schema: the real analyze() output and the report tests' fake both hold to it,
and no other module writes a column list of its own."""
from __future__ import annotations

import ast
import csv
from pathlib import Path

import pandas as pd
import pytest

import nlp_varmland as nv
from nlp_varmland import schema
from nlp_varmland.report import write_bundle

from .conftest import make_fake_analysis

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "nlp_varmland"


@pytest.fixture(scope="module")
def real_analysis():
    return nv.analyze(REPO / "corpora" / "meetings", embedder="tfidf", seed=0, progress=False)


@pytest.mark.parametrize("name", sorted(schema.OUTPUT_TABLES))
def test_real_analysis_holds_to_the_schema(real_analysis, name: str) -> None:
    table = schema.OUTPUT_TABLES[name]
    frame = getattr(real_analysis, name)
    assert table.problems(frame) == []
    assert list(frame.columns[:len(table.names)]) == list(table.names)


@pytest.mark.parametrize("name", sorted(schema.OUTPUT_TABLES))
def test_fake_analysis_holds_to_the_schema(name: str) -> None:
    """The report tests run on a hand-built Analysis; it must look like the real one."""
    fake = make_fake_analysis()
    assert schema.OUTPUT_TABLES[name].problems(getattr(fake, name)) == []


def test_fake_and_real_run_records_have_the_same_keys(real_analysis) -> None:
    fake = make_fake_analysis()
    assert set(fake.run) <= set(real_analysis.run)
    assert set(fake.run["counts"]) == set(real_analysis.run["counts"])


def test_statuses_are_the_contract_ones(real_analysis) -> None:
    assert schema.STATUSES == ("kept", "duplicate", "empty", "too_short", "not_swedish")
    assert set(real_analysis.notes["status"]) <= set(schema.STATUSES)
    assert set(real_analysis.run["counts"]) >= set(schema.STATUSES)


def test_reader_and_cleaner_outputs_hold_to_the_schema() -> None:
    from nlp_varmland.io import read_contributions
    from nlp_varmland.preprocessing import clean

    raw = read_contributions(REPO / "corpora" / "meetings")
    assert list(raw.columns) == list(schema.RAW_COLUMNS)
    assert schema.RAW.problems(raw) == []
    notes = clean(raw)
    assert list(notes.columns[:len(schema.NOTES_COLUMNS)]) == list(schema.NOTES_COLUMNS)
    assert schema.NOTES.problems(notes) == []


def test_an_analysis_with_nothing_kept_still_has_every_column(tmp_path: Path) -> None:
    a = nv.analyze(pd.DataFrame({"text": ["", "ok"], "meeting": "M"}), embedder="tfidf", progress=False)
    for name, table in schema.OUTPUT_TABLES.items():
        assert table.problems(getattr(a, name)) == [], name
    write_bundle(a, tmp_path)
    for name, table in schema.OUTPUT_TABLES.items():
        if name == "trend":
            continue
        with (tmp_path / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
            header = next(csv.reader(fh))
        assert header[:len(table.required)] == list(table.required), name


def test_new_contract_columns_have_empty_defaults(real_analysis) -> None:
    notes, themes = real_analysis.notes, real_analysis.themes
    assert (notes["corrected"] == "").all()
    assert (themes["summary"].map(lambda s: isinstance(s, str))).all()
    assert themes["group_id"].dtype.kind == "i"


def test_conform_adds_missing_columns_and_keeps_extras() -> None:
    df = pd.DataFrame({"extra": [1, 2], "label": ["a", "b"], "theme_id": [1, 0]})
    out = schema.THEMES.conform(df)
    assert list(out.columns) == [*schema.THEMES.names, "extra"]
    assert out["keywords"].tolist() == [[], []] and out["keywords"][0] is not out["keywords"][1]
    assert out["group_id"].tolist() == [-1, -1] and out["theme_id"].tolist() == [1, 0]
    assert schema.THEMES.problems(out) == []
    assert "themes.size: expected int" in schema.THEMES.problems(out.assign(size="x"))[0]
    assert schema.ANALYSED_NOTES.problems(
        schema.ANALYSED_NOTES.conform(pd.DataFrame({"status": ["kept", "removed"]}))) == [
        "notes.status: unknown values ['removed']"]


def _column_lists(path: Path) -> list[tuple[int, list[str]]]:
    """Literal lists/tuples of 5+ strings that are columns of one schema table, in its order."""
    tables = list(schema._ALL.values())
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, (ast.List, ast.Tuple)) or len(node.elts) < 5:
            continue
        if not all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.elts):
            continue
        values = [e.value for e in node.elts]  # type: ignore[attr-defined]
        for table in tables:
            if set(values) <= set(table.names):
                positions = [table.names.index(v) for v in values]
                if positions == sorted(positions):
                    found.append((node.lineno, values))
                    break
    return found


def test_schema_is_the_only_place_a_column_list_is_written() -> None:
    offenders = {str(p.relative_to(REPO)): hits for p in sorted(PACKAGE.rglob("*.py"))
                 if p.name != "schema.py" and (hits := _column_lists(p))}
    assert offenders == {}, "import the columns from nlp_varmland.schema instead"

"""``evaluate``: how good is the analysis on *my* labelled data?

A labelled file is any tabular input (csv, tsv, xlsx, jsonl, or a DataFrame) with one or more
gold columns: ``gold_area``, ``gold_goal`` (goal ids of the goal file), ``gold_challenge`` (yes/no)
and ``gold_theme`` (any grouping label). The gold columns are taken out before the analysis
runs, so the analysis never sees them. Each labelled row is then compared with its statement in
``notes.csv`` (a statement split into parts is scored by its first kept part; a row none of whose
parts was kept is not scored and is counted as ``n_not_analysed``). Empty gold cells are skipped;
``none`` (or ``-``, ``ingen``, ``inget``, ``emerging``) in gold_area/gold_goal means "no goal".

Per label column: ``n``, ``accuracy``, ``macro_f1``, ``kappa`` (Cohen's) and ``confusion``
(gold -> predicted -> count); for goals also ``false_no_goal`` (gold has a goal, none predicted)
and ``no_goal_kept`` (gold none, none predicted). For ``gold_theme``: ``n``, ``nmi``, ``ari``.

>>> import pandas as pd
>>> notes = pd.DataFrame({"source": ["f"] * 3, "source_row": [1, 2, 3], "part": [0, 0, 0],
...                       "status": ["kept"] * 3, "area_id": ["a", "b", ""], "goal_id": ["a", "b", ""],
...                       "theme_id": [0, 0, 1], "is_challenge": [True, False, False]})
>>> gold = pd.DataFrame({"source": ["f"] * 3, "source_row": [1, 2, 3], "gold_area": ["a", "a", "none"]})
>>> score(notes, gold)["gold_area"]["accuracy"]
0.667
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from nlp_varmland.errors import InputError

__all__ = ["GOLD_COLUMNS", "NONE_LABEL", "read_labelled", "score", "evaluate", "write_evaluation",
           "evaluation_markdown"]

GOLD_COLUMNS = ("gold_area", "gold_goal", "gold_theme", "gold_challenge")
NONE_LABEL = "(none)"
_NONE_WORDS = {"none", "-", "ingen", "inget", "inget mål", "emerging", "(none)", "no goal"}
_YES = {"1", "true", "yes", "ja", "j", "y", "x", "utmaning", "challenge"}
_NO = {"0", "false", "no", "nej", "n"}


# ----------------------------------------------------------------------------- reading
def _read_table(path: Path) -> Any:
    import pandas as pd

    ext = path.suffix.lower()
    if not path.is_file():
        raise InputError(f"{path}: no such file; give a csv, tsv, xlsx or jsonl file with gold_* columns")
    try:
        if ext in (".xlsx", ".xlsm"):
            return pd.read_excel(path, dtype=str, keep_default_na=False)
        if ext in (".jsonl", ".ndjson"):
            return pd.read_json(path, lines=True, dtype=False).astype(str).replace({"None": "", "nan": ""})
        if ext in (".csv", ".tsv", ".tab", ".txt"):
            sep = "\t" if ext in (".tsv", ".tab") else None
            return pd.read_csv(path, dtype=str, keep_default_na=False, sep=sep, engine="python",
                               encoding="utf-8-sig")
    except (ValueError, UnicodeDecodeError, OSError) as exc:
        raise InputError(f"{path}: cannot read it as a table ({str(exc).splitlines()[0]}); "
                         "save it as UTF-8 csv or xlsx") from None
    raise InputError(f"{path}: evaluate reads csv, tsv, xlsx or jsonl (a file with columns); "
                     f"{ext or 'no extension'} has no gold columns")


def read_labelled(labelled: Any) -> tuple[Any, Any, str]:
    """Split a labelled file (or DataFrame) into (input frame without gold, gold frame, name).

    Both frames carry ``source`` and ``source_row`` (1-based row number) to match them again.
    """
    import pandas as pd

    if isinstance(labelled, pd.DataFrame):
        df, name = labelled.copy(), "dataframe"
    else:
        path = Path(labelled)
        df, name = _read_table(path), path.name
    df.columns = [str(c).strip() for c in df.columns]
    lower = {c.lower(): c for c in df.columns}
    gold_cols = [lower[g] for g in GOLD_COLUMNS if g in lower]
    if not gold_cols:
        raise InputError(f"{name}: no gold column; add one of {', '.join(GOLD_COLUMNS)} (columns are "
                         f"{', '.join(map(repr, df.columns[:8]))})")
    df = df.reset_index(drop=True)
    rows = np.arange(1, len(df) + 1)
    gold = df[gold_cols].fillna("").astype(str).rename(columns={c: c.lower() for c in gold_cols})
    gold.insert(0, "source_row", rows)
    gold.insert(0, "source", name)
    frame = df.drop(columns=gold_cols + [c for c in ("source", "source_row") if c in df.columns])
    frame.insert(0, "source_row", rows)
    frame.insert(0, "source", name)
    return frame, gold, name


# ----------------------------------------------------------------------------- metrics
def _label_metrics(gold: Sequence[str], pred: Sequence[str]) -> dict[str, Any]:
    """accuracy, macro F1 (over the labels in gold or predictions), Cohen's kappa, confusion."""
    n = len(gold)
    labels = sorted(set(gold) | set(pred))
    conf = {g: {p: 0 for p in labels} for g in labels}
    for g, p in zip(gold, pred):
        conf[g][p] += 1
    acc = sum(conf[lab][lab] for lab in labels) / n if n else float("nan")
    f1s = []
    for lab in labels:
        tp = conf[lab][lab]
        n_gold = sum(conf[lab].values())
        n_pred = sum(conf[g][lab] for g in labels)
        f1s.append(2 * tp / (n_gold + n_pred) if n_gold + n_pred else 0.0)
    pe = sum(sum(conf[lab].values()) * sum(conf[g][lab] for g in labels) for lab in labels) / n ** 2 if n else 0.0
    kappa = (acc - pe) / (1 - pe) if n and pe < 1 else (1.0 if n else float("nan"))
    conf = {g: {p: c for p, c in row.items() if c} for g, row in conf.items() if g in set(gold)}
    return {"n": n, "accuracy": round(acc, 3), "macro_f1": round(float(np.mean(f1s)) if f1s else float("nan"), 3),
            "kappa": round(kappa, 3), "confusion": conf}


def _goal_label(value: str, goalset: Any, *, area: bool, where: str) -> str:
    v = value.strip()
    if v.lower() in _NONE_WORDS:
        return NONE_LABEL
    if goalset is not None and v not in goalset:
        known = ", ".join(g.id for g in (goalset.areas if area else goalset.goals))
        raise InputError(f"{where}: {v!r} is not a goal id of {goalset.name} (ids: {known[:300]}); "
                         "fix the gold cell or write 'none' for no goal")
    return goalset.area_of(v) if (area and goalset is not None) else v


def _bool_label(value: str, where: str) -> str:
    v = value.strip().lower()
    if v in _YES:
        return "yes"
    if v in _NO:
        return "no"
    raise InputError(f"{where}: {value!r} is not yes/no; write 1/0, ja/nej or yes/no")


def first_kept_parts(notes: Any) -> Any:
    """One row per (source, source_row): its first kept part (lowest ``part``)."""
    kept = notes[notes["status"] == "kept"]
    order = kept.sort_values(["source", "source_row", "part"], kind="stable")
    return order.drop_duplicates(["source", "source_row"], keep="first").set_index(["source", "source_row"])


def score(notes: Any, gold: Any, goalset: Any = None) -> dict[str, Any]:
    """The evaluation dict from an analysis's notes table and the gold frame of :func:`read_labelled`."""
    first = first_kept_parts(notes)
    out: dict[str, Any] = {}
    for col in [c for c in GOLD_COLUMNS if c in gold.columns]:
        g_vals, p_vals = [], []
        skipped = not_analysed = 0
        for src, row, value in zip(gold["source"], gold["source_row"], gold[col]):
            if not str(value).strip():
                skipped += 1
                continue
            key = (src, int(row))
            if key not in first.index:
                not_analysed += 1
                continue
            note = first.loc[key]
            where = f"{src} row {row} {col}"
            if col in ("gold_area", "gold_goal"):
                g_vals.append(_goal_label(str(value), goalset, area=col == "gold_area", where=where))
                p = str(note["area_id"] if col == "gold_area" else note["goal_id"]) or NONE_LABEL
                p_vals.append(p)
            elif col == "gold_challenge":
                g_vals.append(_bool_label(str(value), where))
                p_vals.append("yes" if bool(note["is_challenge"]) else "no")
            else:
                g_vals.append(str(value).strip())
                p_vals.append(str(int(note["theme_id"])))
        if col == "gold_theme":
            from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

            res: dict[str, Any] = {"n": len(g_vals)}
            res["nmi"] = round(float(normalized_mutual_info_score(g_vals, p_vals)), 3) if g_vals else None
            res["ari"] = round(float(adjusted_rand_score(g_vals, p_vals)), 3) if g_vals else None
        else:
            res = _label_metrics(g_vals, p_vals)
            if col in ("gold_area", "gold_goal"):
                on = [p for g, p in zip(g_vals, p_vals) if g != NONE_LABEL]
                off = [p for g, p in zip(g_vals, p_vals) if g == NONE_LABEL]
                res["false_no_goal"] = round(sum(p == NONE_LABEL for p in on) / len(on), 3) if on else None
                res["no_goal_kept"] = round(sum(p == NONE_LABEL for p in off) / len(off), 3) if off else None
                res["accuracy_with_goal"] = round(sum(g == p for g, p in zip(g_vals, p_vals)
                                                      if g != NONE_LABEL) / len(on), 3) if on else None
        res["n_skipped_empty"] = skipped
        res["n_not_analysed"] = not_analysed
        out[col] = res
    return out


# ----------------------------------------------------------------------------- running
def evaluate(labelled: Any, *, goals: Any = None, embedder: Any = "e5", seed: int = 0,
             n_themes: int | None = None, text_column: str | None = None, **analyze_kwargs: Any) -> Any:
    """Analyse a labelled file without its gold columns and score the result.

    Returns the ``Analysis`` with the scores in ``analysis.evaluation`` (also in
    ``analysis.run["evaluation"]``). Unknown gold goal ids fail before the analysis runs.

    >>> a = evaluate("corpora/labelled/goals_eval.csv")                 # doctest: +SKIP
    >>> a.evaluation["gold_area"]["accuracy"]                            # doctest: +SKIP
    """
    from nlp_varmland.goals import load_goals
    from nlp_varmland.pipeline import analyze

    frame, gold, name = read_labelled(labelled)
    goalset = load_goals(goals)
    for col in ("gold_area", "gold_goal"):  # one clear line before the expensive part
        if col in gold.columns:
            for row, value in zip(gold["source_row"], gold[col]):
                if str(value).strip():
                    _goal_label(str(value), goalset, area=col == "gold_area", where=f"{name} row {row} {col}")
    if "gold_challenge" in gold.columns:
        for row, value in zip(gold["source_row"], gold["gold_challenge"]):
            if str(value).strip():
                _bool_label(str(value), f"{name} row {row} gold_challenge")
    if not isinstance(labelled, (str, Path)) or "meeting" in {str(c).lower() for c in frame.columns}:
        pass
    else:
        analyze_kwargs.setdefault("meeting", Path(name).stem)
    analysis = analyze(frame, goals=goalset.path or goals, embedder=embedder, seed=seed,
                       n_themes=n_themes, text_column=text_column, **analyze_kwargs)
    result = score(analysis.notes, gold, goalset)
    result["_meta"] = {"labelled": name, "rows": int(len(gold)), "goals": goalset.name, "seed": seed}
    analysis.evaluation = result
    analysis.run["evaluation"] = {k: {m: v for m, v in r.items() if m != "confusion"}
                                  for k, r in result.items() if k != "_meta"}
    if not isinstance(labelled, (str, Path)):
        return analysis
    from nlp_varmland.io import file_sha256

    analysis.run["inputs"] = [{"path": name, "sha256": file_sha256(Path(labelled)), "rows": int(len(gold))}]
    return analysis


def evaluation_markdown(result: dict[str, Any]) -> str:
    """``evaluation.md``: the scores as readable tables."""
    meta = result.get("_meta", {})
    lines = [f"# Evaluation of {meta.get('labelled', 'the labelled data')}", "",
             f"Goal file: {meta.get('goals', '')}; seed {meta.get('seed', 0)}; {meta.get('rows', 0)} labelled rows.",
             "A statement split into parts is scored by its first kept part; empty gold cells are skipped.", "",
             "| gold column | n | accuracy | macro F1 | kappa | false no-goal | no-goal kept | NMI | ARI |",
             "|---|---|---|---|---|---|---|---|---|"]

    def f(v: Any) -> str:
        return "" if v is None else (f"{v:.3f}" if isinstance(v, float) else str(v))

    for col, r in result.items():
        if col == "_meta":
            continue
        lines.append(f"| {col} | {r['n']} | {f(r.get('accuracy'))} | {f(r.get('macro_f1'))} | {f(r.get('kappa'))} "
                     f"| {f(r.get('false_no_goal'))} | {f(r.get('no_goal_kept'))} | {f(r.get('nmi'))} "
                     f"| {f(r.get('ari'))} |")
    for col, r in result.items():
        if col == "_meta" or "confusion" not in r:
            continue
        preds = sorted({p for row in r["confusion"].values() for p in row})
        lines += ["", f"## Confusion: {col} (rows gold, columns predicted)", "",
                  "| gold \\ predicted | " + " | ".join(preds) + " |", "|---" * (len(preds) + 1) + "|"]
        for g, row in r["confusion"].items():
            lines.append(f"| {g} | " + " | ".join(str(row.get(p, 0)) for p in preds) + " |")
    return "\n".join(lines) + "\n"


def write_evaluation(result: dict[str, Any], out_dir: str | Path) -> dict[str, Path]:
    """Write ``evaluation.json`` and ``evaluation.md`` into ``out_dir``."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    (out / "evaluation.json").write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    (out / "evaluation.md").write_text(evaluation_markdown(result), encoding="utf-8")
    return {"evaluation.json": out / "evaluation.json", "evaluation.md": out / "evaluation.md"}

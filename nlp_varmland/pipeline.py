"""Run the whole flow: read -> clean -> embed -> themes -> goals -> challenges -> recurring.

>>> import nlp_varmland as nv
>>> a = nv.analyze("corpora/meetings")                     # doctest: +SKIP
>>> a.themes[["theme_id", "label", "area_id"]].head()      # doctest: +SKIP

Each step lives in its own module; this one only wires them together, times them and
assembles the ``Analysis`` (DataFrames as described in docs/ARCHITECTURE.md).
"""
from __future__ import annotations

import contextlib
import datetime as _dt
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

import numpy as np
import pandas as pd

from nlp_varmland import __version__
from nlp_varmland.errors import InputError, NlpVarmlandError
from nlp_varmland.schema import ANALYSED_NOTES, GOALS, KEPT, NOTE_GOALS, RECURRING, STATUSES, THEMES, TREND
from nlp_varmland.store.meetings import meeting_hashes  # noqa: F401  (moved there; re-exported)

RECURRING_MIN_MEETINGS = 2
#: The theme-registry observation written by `history` (all meetings analysed together).
HISTORY_KEY = "(alla möten)"


@dataclass
class Analysis:
    """The result of a run: DataFrames as described in docs/ARCHITECTURE.md.

    >>> a = analyze("corpora/meetings")                      # doctest: +SKIP
    >>> a.goal_theme_matrix()                                # doctest: +SKIP
    """

    notes: pd.DataFrame
    themes: pd.DataFrame
    goals: pd.DataFrame
    recurring: pd.DataFrame
    trend: pd.DataFrame
    run: dict[str, Any]
    goalset: Any = None
    messages: list[str] = field(default_factory=list)
    embeddings: np.ndarray | None = field(default=None, repr=False)

    @property
    def kept(self) -> pd.DataFrame:
        """The statements that were analysed (status ``kept``)."""
        return self.notes[self.notes["status"] == "kept"]

    def goal_theme_matrix(self, *, level: str = "goal") -> pd.DataFrame:
        """Statements per goal (rows) and theme (columns); ``level="area"`` groups by focus area."""
        kept = self.kept
        key = "area_id" if level == "area" else "goal_id"
        labels = dict(zip(self.themes["theme_id"], self.themes["label"]))
        table = pd.crosstab(kept[key].replace("", "(inget mål)"), kept["theme_id"])
        table.columns = [f"{t}: {labels.get(t, 'utan tema')}" for t in table.columns]
        return table

    def to_html(self, path: str | Path | None = None, *, lang: str = "sv") -> str:
        """The self-contained report as a string; also written to ``path`` when given."""
        from nlp_varmland.report import render_html

        html = render_html(self, lang=lang)
        if path is not None:
            Path(path).write_text(html, encoding="utf-8")
        return html

    def to_excel(self, path: str | Path) -> Path:
        """Write tables.xlsx (one sheet per table, formulas neutralised)."""
        from nlp_varmland.report import write_excel

        write_excel(self, Path(path))
        return Path(path)

    def save(self, out_dir: str | Path, *, lang: str = "sv") -> dict[str, Path]:
        """Write the whole bundle (CSV tables, run.json, report.html, tables.xlsx, summary.md)."""
        from nlp_varmland.report import write_bundle

        return write_bundle(self, Path(out_dir), lang=lang)

    def _repr_html_(self) -> str:
        counts = self.run.get("counts", {})
        top = self.themes.head(8)
        rows = "".join(
            f"<tr><td>{t.theme_id}</td><td>{_esc(t.label)}</td><td>{t.size}</td><td>{_esc(t.area_id)}</td></tr>"
            for t in top.itertuples())
        return (f"<b>nlp_varmland Analysis</b>: {counts.get('kept', 0)} statements, "
                f"{counts.get('themes', 0)} themes, {counts.get('meetings', 0)} meeting(s)"
                f"<table><tr><th>theme</th><th>label</th><th>size</th><th>area</th></tr>{rows}</table>")


def _esc(text: Any) -> str:
    import html

    return html.escape(str(text))


@contextlib.contextmanager
def _timer(timings: dict[str, float], stage: str) -> Iterator[None]:
    start = time.perf_counter()
    try:
        yield
    finally:
        timings[stage] = round(timings.get(stage, 0.0) + time.perf_counter() - start, 4)


def analyze(
    inputs: Any,
    *,
    goals: Any = None,
    embedder: Any = "e5",
    seed: int = 0,
    db: str | Path | None = None,
    text_column: str | None = None,
    meeting: str | None = None,
    n_themes: int | None = None,
    clean_config: Any = None,
    theme_model: Any = None,
    goal_mapper: Any = None,
    challenge_detector: Any = None,
    cache: Any = None,
    progress: bool | None = None,
) -> Analysis:
    """Analyse files, folders or a DataFrame of notes and return an ``Analysis``.

    ``goals`` is a bundled name or a YAML path (default Värmlandsstrategin 2040), ``embedder``
    a spec (``e5``, ``tfidf``, ``sentence-transformers:PATH``) or an Embedder object, ``db`` a
    SQLite store that records the meetings and keeps theme ids stable across meetings,
    ``cache`` an ``EmbeddingCache``, ``False`` for none, or None for the default cache.

    >>> a = analyze(["corpora/meetings"], seed=0)                       # doctest: +SKIP
    >>> a.notes.status.value_counts()                                  # doctest: +SKIP
    """
    from nlp_varmland.goals import load_goals
    from nlp_varmland.io import read_contributions
    from nlp_varmland.preprocessing import clean

    timings: dict[str, float] = {}
    # Everything that can fail on user input fails before the expensive embedding step.
    goalset = load_goals(goals)
    emb = _cached_embedder(embedder, cache)
    _ = emb.dim  # loads a sentence-transformers model now, so a missing one fails before the work
    store = _open_store(db) if db is not None else None
    try:
        with _timer(timings, "read"):
            raw = read_contributions(inputs, text_column=text_column, meeting=meeting)
        with _timer(timings, "clean"):
            notes = clean(raw, clean_config)
        kept = (notes["status"] == "kept").to_numpy()
        with _timer(timings, "embed"):
            vectors = _embed(notes.loc[kept, "text_clean"].tolist(), emb, progress)
        analysis = _analyse(notes, vectors, emb, goalset, seed=seed, n_themes=n_themes,
                            theme_model=theme_model, goal_mapper=goal_mapper,
                            challenge_detector=challenge_detector, timings=timings, store=store,
                            record=meeting_hashes(raw) if store is not None else None)
        analysis.run["inputs"] = raw.attrs.get("inputs") or (
            inputs.attrs.get("inputs", []) if isinstance(inputs, pd.DataFrame) else [])
        analysis.run["parameters"].update(text_column=text_column, meeting=meeting,
                                          db=str(db) if db else None)
        return analysis
    finally:
        if store is not None:
            store.close()


def history(
    db: str | Path,
    *,
    goals: Any = None,
    seed: int = 0,
    n_themes: int | None = None,
    embedder: Any = None,
    theme_model: Any = None,
    goal_mapper: Any = None,
    challenge_detector: Any = None,
    progress: bool | None = None,
) -> Analysis:
    """Analyse every meeting in the store together (themes, recurring challenges, trend).

    The statements and their embeddings come from the store, so nothing is embedded again.
    ``embedder`` defaults to the one the store's meetings were embedded with.

    >>> a = history("out/store.sqlite")                                # doctest: +SKIP
    >>> a.recurring.head()                                             # doctest: +SKIP
    """
    from nlp_varmland.goals import load_goals
    from nlp_varmland.io import file_sha256

    timings: dict[str, float] = {}
    goalset = load_goals(goals)
    if not Path(db).is_file():
        raise InputError(f"store not found: {db} (create it with `nlp-varmland analyze ... --db {db}`)")
    store = _open_store(db, create=False)
    try:
        with _timer(timings, "read"):
            notes, vectors, model_id = store.load_notes()
        if notes.empty:
            raise InputError(f"the store {db} holds no meetings yet; add some with `analyze --db {db}`")
        runs = store.runs()
        spec = embedder or (runs["run"].iloc[-1].get("embedder_spec") if len(runs) else None) or "e5"
        emb = _cached_embedder(spec, None)
        if getattr(emb, "cacheable", True):
            if emb.model_id != model_id:
                raise NlpVarmlandError(f"the store {db} was embedded with {model_id}, not {emb.model_id}; "
                                       "leave out --embedder, or record the meetings again with that embedder")
        else:
            # A corpus-fitted embedder (tf-idf) is refitted on all statements together.
            kept = (notes["status"] == "kept").to_numpy()
            with _timer(timings, "embed"):
                vectors = _embed(notes.loc[kept, "text_clean"].tolist(), emb, progress)
        analysis = _analyse(notes, vectors, emb, goalset, seed=seed, n_themes=n_themes,
                            theme_model=theme_model, goal_mapper=goal_mapper,
                            challenge_detector=challenge_detector, timings=timings, store=store,
                            record=None)
        analysis.run["inputs"] = [{"path": str(db), "sha256": file_sha256(db),
                                   "rows": int(analysis.run["counts"]["rows"])}]
        analysis.run["parameters"]["db"] = str(db)
        return analysis
    finally:
        store.close()


def build_yearly_report(
    source: str | Path,
    *,
    out: str | Path,
    db: str | Path | None = None,
    goals: Any = None,
    embedder: Any = "e5",
    seed: int = 0,
    n_themes: int | None = None,
    progress: bool | None = None,
    log: Callable[[str], None] = lambda line: None,
) -> Analysis:
    """Record every meeting under ``source`` in the store, then analyse them all together.

    ``source`` is a folder (each file or sub-folder directly inside it is one meeting's input)
    or an existing store. Inputs already recorded with the same content are skipped, so the
    job is resumable and embeds nothing twice; the result is deterministic for a given seed.
    """
    from nlp_varmland.embeddings import get_embedder
    from nlp_varmland.io import SUPPORTED_EXTENSIONS, read_contributions

    source = Path(source)
    if not source.exists():
        raise InputError(f"not found: {source} (give a folder of meetings or a store file)")
    if source.is_file() and source.suffix.lower() not in SUPPORTED_EXTENSIONS:
        db = source
    else:
        db = Path(db) if db else Path(out) / "store.sqlite"
        Path(db).parent.mkdir(parents=True, exist_ok=True)
        units = [p for p in sorted(source.iterdir()) if _is_meeting_unit(p, SUPPORTED_EXTENSIONS)] \
            if source.is_dir() else [source]
        if not units:
            raise InputError(f"no meeting files in {source} (supported: {', '.join(sorted(SUPPORTED_EXTENSIONS))})")
        model_id = get_embedder(embedder).model_id
        for unit in units:
            raw = read_contributions([unit])
            store = _open_store(db)
            try:
                done = all(store.has_meeting(name, digest, model_id=model_id)
                           for name, digest in meeting_hashes(raw).items())
            finally:
                store.close()
            if done:
                log(f"skip {unit.name}: already in the store")
                continue
            log(f"record {unit.name}")
            analyze(raw, goals=goals, embedder=embedder, seed=seed, db=db, n_themes=n_themes,
                    progress=progress)
    return history(db, goals=goals, seed=seed, n_themes=n_themes, progress=progress)


def rename_theme(db: str | Path, theme_id: int, label: str) -> None:
    """Give a stable theme an analyst's label in the store; every later run shows it.

    >>> rename_theme("varmland.sqlite", 3, "Kollektivtrafik på landsbygden")   # doctest: +SKIP
    """
    from nlp_varmland.recurring import rename_theme as _rename

    store = _open_store(db, create=False)
    try:
        _rename(store, theme_id, label)
    finally:
        store.close()


def merge_themes(db: str | Path, theme_ids: Sequence[int], into: int) -> None:
    """Record in the store that ``theme_ids`` are the theme ``into``; later runs use ``into``.

    >>> merge_themes("varmland.sqlite", [5, 9], into=3)                        # doctest: +SKIP
    """
    from nlp_varmland.recurring import merge_themes as _merge

    store = _open_store(db, create=False)
    try:
        _merge(store, theme_ids, into)
    finally:
        store.close()


# ----------------------------------------------------------------------------- internals


def _is_meeting_unit(path: Path, extensions: set[str]) -> bool:
    from nlp_varmland.io.paths import is_regular_file

    if path.name.startswith((".", "~$")):
        return False
    return path.is_dir() or (path.suffix.lower() in extensions and is_regular_file(path))  # no FIFO, no /dev/zero


def _open_store(db: str | Path, *, create: bool = True):
    from nlp_varmland.store import Store

    return Store.open(db, create=create)


def _cached_embedder(spec: Any, cache: Any) -> Any:
    """The embedder behind one cache connection: notes, goal texts and challenge prototypes
    are all embedded through it, so nothing is ever embedded twice."""
    from nlp_varmland.embeddings import CachedEmbedder, EmbeddingCache, get_embedder

    emb = get_embedder(spec)
    if cache is None and getattr(emb, "cacheable", True):
        cache = EmbeddingCache()
    return CachedEmbedder(emb, cache=cache if cache is not None else False, progress=False)


def _embed(texts: Sequence[str], emb: Any, progress: bool | None) -> np.ndarray:
    if not texts:
        return np.zeros((0, int(emb.dim)), dtype=np.float32)
    return emb.encode(list(texts), progress=progress)


def _pca_2d(vectors: np.ndarray) -> np.ndarray:
    """Two principal components (via the d x d covariance, so it is linear in n)."""
    if len(vectors) == 0:
        return np.zeros((0, 2))
    x = vectors.astype(np.float64) - vectors.mean(axis=0)
    if len(vectors) < 3:
        return np.zeros((len(vectors), 2))
    _, eigvecs = np.linalg.eigh(x.T @ x)
    comps = eigvecs[:, ::-1][:, :2]
    comps *= np.sign(comps[np.argmax(np.abs(comps), axis=0), range(2)])  # deterministic signs
    return x @ comps


def _analyse(notes: pd.DataFrame, vectors: np.ndarray, emb: Any, goalset: Any, *, seed: int,
             n_themes: int | None, theme_model: Any, goal_mapper: Any, challenge_detector: Any,
             timings: dict[str, float], store: Any, record: dict[str, str] | None) -> Analysis:
    """Themes, goals, challenges and recurrence for cleaned notes and their kept vectors."""
    from nlp_varmland.challenges import ChallengeDetector
    from nlp_varmland.goals import GoalMapper
    from nlp_varmland.recurring import recurring_table, theme_meeting_stats, trend_table
    from nlp_varmland.themes import ThemeModel

    messages: list[str] = []
    notes = notes.reset_index(drop=True).copy()
    kept_mask = (notes["status"] == "kept").to_numpy()
    kept_idx = np.flatnonzero(kept_mask)
    texts = notes.loc[kept_mask, "text_clean"].tolist()
    lemmas = notes.loc[kept_mask, "lemmas"].tolist()
    n = len(texts)

    with _timer(timings, "themes"):
        model = None
        if n == 0:
            messages.append("no statement could be analysed (all empty, duplicate, too short or not Swedish); "
                            "see the status column of notes.csv")
            labels = np.zeros(0, dtype=int)
            centroids = np.zeros((0, vectors.shape[1] if vectors.ndim == 2 else 0), dtype=np.float32)
            themes = _empty_themes()
        else:
            model = theme_model if theme_model is not None else ThemeModel(n_themes=n_themes, random_state=seed)
            model.fit(texts, vectors, lemmas=lemmas)
            labels = np.asarray(model.labels_, dtype=int)
            centroids = np.asarray(model.centroids_, dtype=np.float32)
            themes = model.themes_.copy()
            if model.params_.get("message"):
                messages.append(str(model.params_["message"]))

    with _timer(timings, "goals"):
        mapper = goal_mapper if goal_mapper is not None else GoalMapper(embedder=emb)
        mapper.fit(goalset)
        if n:
            note_goals = mapper.transform(texts, vectors, lemmas).reset_index(drop=True)
            theme_goals = mapper.map_themes(themes, labels, note_goals, centroids,
                                            keyword_lemmas=getattr(model, "keyword_lemmas_", None)) \
                if len(themes) else None
        else:
            note_goals, theme_goals = None, None

    with _timer(timings, "challenges"):
        detector = challenge_detector if challenge_detector is not None else ChallengeDetector(embedder=emb)
        detector.fit()
        scores = np.asarray(detector.predict_proba(texts, vectors), dtype=float) if n else np.zeros(0)
        is_challenge = scores >= float(getattr(detector, "threshold", 0.5))

    # --- assemble the notes table: every input statement, analysed or not
    theme_col = np.full(len(notes), -1, dtype=int)
    theme_col[kept_idx] = labels
    notes["theme_id"] = theme_col
    notes["goal_score"] = np.nan
    for col in NOTE_GOALS.names:
        if col != "goal_score":
            notes[col] = NOTE_GOALS.default(col)
    if note_goals is not None:
        for col in NOTE_GOALS.names:
            notes.loc[kept_mask, col] = note_goals[col].to_numpy()
    notes["is_challenge"] = False
    notes.loc[kept_mask, "is_challenge"] = is_challenge
    notes["challenge_score"] = np.nan
    notes.loc[kept_mask, "challenge_score"] = np.round(scores, 4)
    coords = _pca_2d(vectors) if n else np.zeros((0, 2))
    notes["x"], notes["y"] = np.nan, np.nan
    notes.loc[kept_mask, "x"], notes.loc[kept_mask, "y"] = coords[:, 0], coords[:, 1]
    notes["emerging"] = notes["emerging"].astype(bool)
    notes["is_challenge"] = notes["is_challenge"].astype(bool)

    # --- themes table, with goals and (when a store is given) stable ids across meetings
    if theme_goals is not None:
        themes = themes.merge(theme_goals, on="theme_id", how="left")
    with _timer(timings, "recurring"):
        if store is not None:
            with store.transaction():  # meetings and theme registry change together, or not at all
                if record is not None:
                    _record_meetings(store, notes, vectors, emb, seed, record)
                if len(themes):
                    key = "; ".join(sorted(record)) if record is not None else HISTORY_KEY
                    notes, themes = _stable_ids(store, notes, themes, centroids, emb, key)
        label_of = dict(zip(themes["theme_id"], themes["label"]))
        notes["theme_label"] = [label_of.get(t, "") for t in notes["theme_id"]]
        if len(themes):
            stats = theme_meeting_stats(notes)[["theme_id", "n_meetings", "meetings", "challenge_share"]]
            themes = themes.merge(stats, on="theme_id", how="left")
            themes["n_meetings"] = themes["n_meetings"].fillna(0).astype(int)
            themes["meetings"] = themes["meetings"].map(lambda m: m if isinstance(m, list) else [])
        else:
            themes = _empty_themes()
        themes["recurring"] = themes["n_meetings"] >= RECURRING_MIN_MEETINGS
        themes = themes.sort_values(["size", "theme_id"], ascending=[False, True]).reset_index(drop=True)
        recurring = recurring_table(notes, themes, min_meetings=RECURRING_MIN_MEETINGS)
        trend = trend_table(notes)

    goals_table = GOALS.conform(mapper.coverage(goalset, notes, themes))
    notes = _order_notes(notes)
    themes, recurring, trend = THEMES.conform(themes), RECURRING.conform(recurring), TREND.conform(trend)
    run = _run_record(notes, themes, emb, goalset, model, mapper, detector, seed, n_themes, timings)
    return Analysis(notes=notes, themes=themes, goals=goals_table, recurring=recurring, trend=trend,
                    run=run, goalset=goalset, messages=messages, embeddings=vectors)


def _embedder_spec(emb: Any) -> str:
    """The --embedder spec that rebuilds ``emb`` (stored so that `history` uses the same one)."""
    backend = getattr(emb, "backend", "")
    if backend == "e5":
        return "e5:passage" if getattr(emb, "prefix", "") == "passage: " else "e5"
    if backend == "sentence-transformers":
        return f"sentence-transformers:{emb.model_name_or_path}"
    return backend or "e5"


def _record_meetings(store: Any, notes: pd.DataFrame, vectors: np.ndarray, emb: Any, seed: int,
                     hashes: dict[str, str]) -> None:
    """Replace each meeting of this run in the store: statements, kept embeddings, run."""
    kept = (notes["status"] == "kept").to_numpy()
    kept_pos = np.cumsum(kept) - 1
    for name, rows in notes.groupby("meeting", sort=True):
        mask = kept[rows.index]
        vecs = vectors[kept_pos[rows.index[mask]]] if mask.any() else np.zeros((0, vectors.shape[1]), np.float32)
        dates = sorted(d for d in rows["date"].unique() if d)
        store.replace_meeting(str(name), dates[0] if dates else "", hashes.get(str(name), ""),
                              rows.reset_index(drop=True), vecs, model_id=emb.model_id,
                              prefix=getattr(emb, "prefix", ""),
                              run={"version": __version__, "seed": seed, "embedder_spec": _embedder_spec(emb),
                                   "sources": sorted(set(rows["source"]))})


def _stable_ids(store: Any, notes: pd.DataFrame, themes: pd.DataFrame, centroids: np.ndarray,
                emb: Any, key: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Give this run's themes the store's stable ids and labels (analyst renames and merges win).

    The run is one observation in the theme registry, keyed by its meetings (a `history` run by
    "(alla möten)"), so analysing the same meeting again replaces its observation.
    """
    from nlp_varmland.recurring import assign_stable_ids, theme_labels

    kept = notes["status"] == "kept"
    dates = sorted(d for d in notes.loc[kept, "date"] if d)
    mapping = assign_stable_ids(store, themes, centroids, meeting=key, model_id=emb.model_id,
                                date=dates[-1] if dates else "")
    labels = theme_labels(store)
    notes["theme_id"] = notes["theme_id"].map(lambda t: mapping.get(int(t), int(t)) if t >= 0 else -1)
    themes = themes.assign(theme_id=themes["theme_id"].map(lambda t: mapping.get(int(t), int(t))))
    themes["label"] = [labels.get(int(t)) or lab for t, lab in zip(themes["theme_id"], themes["label"])]
    return notes, _collapse_merged(themes)


def _collapse_merged(themes: pd.DataFrame) -> pd.DataFrame:
    """Themes an analyst merged into one stable id become one row (the largest one speaks)."""
    if themes["theme_id"].is_unique:
        return themes
    themes = themes.sort_values("size", ascending=False, kind="stable")
    sizes = themes.groupby("theme_id")["size"].sum()
    themes = themes.drop_duplicates("theme_id").copy()
    themes["size"] = themes["theme_id"].map(sizes).astype(int)
    return themes


def _empty_themes() -> pd.DataFrame:
    return THEMES.empty()


def _order_notes(notes: pd.DataFrame) -> pd.DataFrame:
    return ANALYSED_NOTES.conform(notes)


def _run_record(notes: pd.DataFrame, themes: pd.DataFrame, emb: Any, goalset: Any, model: Any, mapper: Any,
                detector: Any, seed: int, n_themes: int | None, timings: dict[str, float]) -> dict[str, Any]:
    status = notes["status"].value_counts()
    kept = notes["status"] == "kept"
    redactions = notes["redactions"].fillna("").str.findall(r":(\d+)").map(lambda xs: sum(map(int, xs)))
    rows = notes.drop_duplicates(["source", "source_row"]).shape[0]
    return {
        "version": __version__,
        "created": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "inputs": [],
        "embedder": {"backend": getattr(emb, "backend", type(emb).__name__), "model": emb.model_id,
                     "dim": int(emb.dim), "prefix": getattr(emb, "prefix", "")},
        "goals": {"name": goalset.name, "version": goalset.version, "path": str(goalset.path)},
        "parameters": {"n_themes": n_themes, "themes": dict(getattr(model, "params_", {}) or {}),
                       "goal_threshold": getattr(mapper, "threshold_", getattr(mapper, "threshold", None)),
                       "challenge_threshold": getattr(detector, "threshold", None),
                       "recurring_min_meetings": RECURRING_MIN_MEETINGS},
        "seed": seed,
        "timings": dict(timings),
        "counts": {
            "rows": int(rows), "statements": int(len(notes)), "kept": int(kept.sum()),
            **{s: int(status.get(s, 0)) for s in STATUSES if s != KEPT},
            "redactions": int(redactions.sum()),
            "themes": int(len(themes)), "outliers": int(((notes["theme_id"] == -1) & kept).sum()),
            "emerging_themes": int(themes["emerging"].fillna(False).astype(bool).sum()) if len(themes) else 0,
            "challenges": int(notes["is_challenge"].sum()),
            "meetings": int(notes.loc[kept, "meeting"].nunique()) if kept.any() else int(notes["meeting"].nunique()),
        },
    }

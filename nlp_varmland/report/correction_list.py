"""``nlp-varmland corrections``: list an analyst store's corrections of statements, or remove them.

The store keeps every judgement (``Store.note_corrections``); this lists them as an analyst reads
them (ja/nej, "(inget mål)") and removes (withdraws) the ones named by id. Questions (a comment
that asks or doubts on a row nobody judged, ``Store.shown_values``) are listed after them.
"""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from nlp_varmland.agreement import format_value
from nlp_varmland.errors import StoreError

__all__ = ["list_or_remove"]


def list_or_remove(db: str | Path, ids: Sequence[str] = (), *, remove: bool = False,
                   include_removed: bool = False) -> list[str]:
    """``nlp-varmland corrections``: the lines that list a store's corrections, or that say which
    ``ids`` were removed. An unknown or malformed id raises ``StoreError`` naming it, and then
    nothing is removed.

    >>> list_or_remove(":memory:")
    ['no corrections stored in :memory:']
    """
    from nlp_varmland.store import Store

    if ids and not remove:
        raise StoreError("IDs are given without --remove; add --remove to remove them, or give none to list")
    if remove and not ids:
        raise StoreError("--remove needs the id of at least one correction (see the list without --remove)")
    with Store.open(db, create=str(db) == ":memory:") as store:
        every = store.note_corrections(include_removed=True)
        known = dict(zip(every["correction_id"].astype(int), every["removed"].astype(bool)))
        if remove:
            wanted = []
            for raw in ids:
                text = str(raw).strip().lstrip("#")
                if not text.isdecimal() or int(text) not in known:
                    raise StoreError(f"correction id {raw!r} is not in {db}; list the ids with "
                                     f"`nlp-varmland corrections --db {db}`; nothing was removed")
                wanted.append(int(text))
            lines = []
            for cid in dict.fromkeys(wanted):
                if known[cid]:
                    lines.append(f"correction {cid} was already removed or superseded")
                else:
                    prev = store.superseded_of(cid)
                    store.remove_correction(cid)
                    lines.append(f"correction {cid} removed: the earlier judgement {prev} holds again" if prev
                                 else f"correction {cid} removed: the tool's value holds again")
            return lines
        table = store.correction_list(include_removed=include_removed)
        # a confirmation: the analyst reviewed the row and left this field as the tool had it
        kind = ["confirmation" if t is not None and str(t) == str(v) else "correction"
                for t, v in zip(table["tool_value"], table["analyst_value"])]
        for col in ("tool_value", "analyst_value"):
            table[col] = [format_value(f, v) if v is not None else "?" for f, v in zip(table["field"], table[col])]
        table.insert(4, "kind", kind)
        shown = store.shown_values() if hasattr(store, "shown_values") else None
    asked = _questions(shown)
    if not len(table):
        return asked or [f"no corrections stored in {db}"]
    n_conf = kind.count("confirmation")
    return table.to_string(index=False).splitlines() + [
        f"{len(table) - n_conf} correction(s) and {n_conf} confirmation(s) (fields of reviewed rows left as the "
        f"tool had them); remove with `nlp-varmland corrections --db {db} --remove ID [ID ...]`"] + asked


def _questions(shown: pd.DataFrame | None) -> list[str]:
    """Lines for the analysts' questions: comments that ask or doubt on rows with no judgement
    ("fel mål? fråga Anna"); they count neither as agreement nor teach, and the next
    review.xlsx shows them again."""
    if shown is None or not len(shown):
        return []
    rows = shown[shown["field"] == "comment"]
    if not len(rows):
        return []
    table = pd.DataFrame({"meeting": rows["meeting"], "note_id": rows["note_id"], "kind": "question",
                          "analyst": rows["analyst"], "when": rows["created"], "comment": rows["value"]})
    return ["", *table.to_string(index=False).splitlines(),
            f"{len(table)} question(s): comments that ask or doubt, on rows nobody judged; they count neither "
            "as agreement nor teach; answer them in review.xlsx (a changed cell, or \"ok\")"]

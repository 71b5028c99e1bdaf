"""Notes as they may be shared: the redacted text, speaker names as ``[NAMN]``, names in roles redacted.

It sits below the pipeline and the report, so that both the shared outputs (report.html,
review.xlsx, tables.xlsx) and a store written with ``--no-raw`` use one rule.
"""
from __future__ import annotations

from typing import Any

import pandas as pd

from nlp_varmland.preprocessing import redact


def shareable_notes(notes: pd.DataFrame) -> pd.DataFrame:
    """The notes as they may be shared: ``text`` is the redacted ``text_clean``, a speaker's
    name is ``[NAMN]`` (the role stays: "en HR-chef") and names in ``role`` are redacted.

    Use it for anything that leaves the analyst's hands (report, review.xlsx, tables.xlsx).

    >>> notes = pd.DataFrame({"text": ["Ring Anna Berg"], "text_clean": ["Ring [NAMN]"],
    ...                       "speaker": ["Anna Berg"], "role": ["assistent till Per Larsson"]})
    >>> shareable_notes(notes).iloc[0].tolist()
    ['Ring [NAMN]', 'Ring [NAMN]', '[NAMN]', 'assistent till [NAMN]']
    """
    out = notes.copy()
    if "text_clean" in out.columns:
        out["text"] = out["text_clean"]
    elif "text" in out.columns:
        out["text"] = [_redact(v) for v in out["text"].tolist()]
    return redact_people(out)


def _redact(value: Any, known: Any = None) -> Any:
    if not isinstance(value, str) or not value.strip():
        return value
    return redact.apply(value, known=known)[0]


def redact_people(df: pd.DataFrame) -> pd.DataFrame:
    """``speaker`` names become ``[NAMN]``; names (and the speakers' names) in ``role`` go."""
    if "speaker" in df.columns:
        speakers = [v for v in df["speaker"].dropna().astype(str).unique().tolist() if v.strip()]
        if "role" in df.columns:
            known = redact.known_names_pattern(speakers) if speakers else None
            df["role"] = _redact_unique(df["role"].tolist(), known)
        df["speaker"] = ["[NAMN]" if isinstance(v, str) and v.strip() else v for v in df["speaker"].tolist()]
    elif "role" in df.columns:
        df["role"] = _redact_unique(df["role"].tolist())
    return df


def _redact_unique(values: list[Any], known: Any = None) -> list[Any]:
    """:func:`_redact` on each distinct value once (roles repeat: "en HR-chef")."""
    done: dict[Any, Any] = {}
    out = []
    for v in values:
        key = v if isinstance(v, str) else None
        if key is None:
            out.append(v)
            continue
        if key not in done:
            done[key] = _redact(v, known)
        out.append(done[key])
    return out

"""Cues that a note is about the meeting itself: its schedule, method, food, room, thanks.

Hosts write such notes beside the strategy content ("Fika kl 10.15", "Metod: varje bord väljer
tre prioriteringar", "Nästa möte i maj", "Vi hann inte prata om punkt 3"). They are about no
strategy goal, and the labelled sets give them none. The cues live in
``data/sv_meeting_logistics.txt`` (one regular expression per line, matched as whole words);
the goal mapper takes a goal away only when a cue fires AND the statement's best goal is weak,
so "Metod för att locka läkare till Torsby" keeps its goal.

>>> meeting_cues("Metod: varje bord väljer tre prioriteringar")
['Metod:']
>>> meeting_cues("Metod för att locka läkare till glesbygden")
[]
>>> about_meeting(["Nästa möte i maj", "Tack för idag!", "Bussen går för sällan"]).tolist()
[True, True, False]
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import numpy as np

__all__ = ["LOGISTICS_FILE", "MEETING_MARGIN", "meeting_cues", "about_meeting", "meeting_note_cues"]

LOGISTICS_FILE = Path(__file__).resolve().parents[1] / "data" / "sv_meeting_logistics.txt"


@cache
def _pattern() -> re.Pattern[str]:
    with LOGISTICS_FILE.open(encoding="utf-8") as fh:
        lines = [s.strip() for s in fh if s.strip() and not s.lstrip().startswith("#")]
    return re.compile(r"(?<!\w)(?:" + "|".join(f"(?:{line})" for line in lines) + r")(?!\w)", re.IGNORECASE)


def meeting_cues(text: str) -> list[str]:
    """The meeting-logistics cues in ``text``, as written (whole words only)."""
    return [m.group() for m in _pattern().finditer(str(text))]


def about_meeting(texts: Sequence[str]) -> np.ndarray:
    """Per text: does it hold a meeting-logistics cue? (bool ndarray)"""
    return np.array([bool(meeting_cues(t)) for t in texts], dtype=bool)


#: How far above the goal mapper's threshold a note with a meeting cue must score to keep its goal:
#: its goal_score is about ``threshold + ln(p_goal / p_none)``, so 2.0 asks the mapper to be about
#: 7 to 1 (88 %) sure that a note about fika, the room or the method is about a strategy goal.
MEETING_MARGIN = 2.0


def meeting_note_cues(text: str, score: float, threshold: float, margin: float = MEETING_MARGIN) -> list[str]:
    """The cues that make ``text`` a note about the meeting itself, when its best goal is weak
    (``score < threshold + margin``); ``[]`` when it keeps its goal.

    >>> meeting_note_cues("Metod: varje bord väljer tre prioriteringar", 4.1, 2.5)
    ['Metod:']
    >>> meeting_note_cues("Metod: fler läkare genom gemensam rekrytering i norra Värmland", 6.3, 2.5)
    []
    """
    return meeting_cues(text) if score < threshold + margin else []

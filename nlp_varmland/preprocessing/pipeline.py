"""``clean``: RAW contributions -> NOTES statements (see docs/ARCHITECTURE.md).

The pipeline is function composition over Python lists; the DataFrame is built once at the
end, so ``clean`` is linear in the number of statements.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from typing import Any

import pandas as pd

from ..errors import InputError, NlpVarmlandError
from ..schema import NOTES_COLUMNS, RAW_COLUMNS, STATUSES
from . import attribution, language, normalize, one_word, redact, split, tokens
from . import resources as R

__all__ = ["CleanConfig", "RAW_COLUMNS", "NOTES_COLUMNS", "STATUSES", "normalize_text", "note_id", "clean"]


_DUP_TRIM_RE = re.compile(r"[\s.!?…,;:]+$")


@dataclass(frozen=True)
class CleanConfig:
    """Every step of :func:`clean`, each switchable.

    ``min_tokens`` is the number of content lemmas (stop words removed) a statement needs to
    be kept. The default 2 keeps fragmentary notes such as "Brist på bostäder" (brist,
    bostad) and marks fragments such as "Bra möte" or "Svårt" ``too_short``; use 1 to keep
    those too. A sentence of four or more words needs only one content lemma
    ("Mjölkgårdarna i Värmland blir färre": Värmland and få are stop words).
    ``keep_one_word_nouns`` keeps a one-word post-it whose word is a content noun
    ("Bostadsbrist", "fiber!!", "Kollektivtrafiken?") and marks a note that is only a filler,
    answer or judgement ("Ok", "Se ovan", ``data/sv_non_notes.txt``) ``too_short``
    (``preprocessing.one_word``).
    ``max_note_chars`` caps one note: a longer one is cut and its ``quality`` column gets
    ``truncated`` (the reader applies the same cap, ``io.Limits``).

    >>> CleanConfig(min_tokens=1, redact=("emails", "phones")).min_tokens
    1
    """

    unicode_form: str | None = "NFC"
    whitespace: bool = True
    quotes: bool = True
    dashes: bool = True
    split: bool = True
    split_semicolons: bool = True
    split_inline_bullets: bool = True
    split_sentences: bool = False
    attribution: bool = True
    redact: tuple[str, ...] = redact.KINDS
    redact_first_name_alone: bool = True
    redact_known_speakers: bool = True
    deduplicate: bool = True
    min_tokens: int = 2
    keep_one_word_nouns: bool = True
    language_check: bool = True
    tokenizer: str = "regex"
    extra_stop_words: tuple[str, ...] = field(default_factory=tuple)
    max_note_chars: int = 100_000

    def validate(self) -> CleanConfig:
        """Raise ``NlpVarmlandError`` with a one-line hint for an impossible setting."""
        unknown = set(self.redact) - set(redact.KINDS)
        if unknown:
            raise NlpVarmlandError(f"unknown redaction kind(s) {sorted(unknown)}; choose from {list(redact.KINDS)}")
        if self.tokenizer not in tokens.TOKENIZERS:
            raise NlpVarmlandError(f"unknown tokenizer {self.tokenizer!r}; use 'regex' or 'spacy'")
        if not isinstance(self.min_tokens, int) or self.min_tokens < 0:
            raise NlpVarmlandError("min_tokens must be an integer >= 0")
        if isinstance(self.max_note_chars, bool) or not isinstance(self.max_note_chars, int) or self.max_note_chars < 1:
            raise NlpVarmlandError("max_note_chars must be an integer >= 1")
        if self.unicode_form not in (None, "NFC", "NFKC", "NFD", "NFKD"):
            raise NlpVarmlandError(f"unknown unicode_form {self.unicode_form!r}; use 'NFC' or None")
        return self

    def as_dict(self) -> dict[str, Any]:
        """The settings as a plain dict (for run.json)."""
        return {f.name: (list(v) if isinstance(v := getattr(self, f.name), tuple) else v) for f in fields(self)}


def _steps(config: CleanConfig) -> list[Callable[[str], str]]:
    steps: list[Callable[[str], str]] = []
    if config.unicode_form:
        form = config.unicode_form
        steps.append(lambda t: normalize.unicode(t, form=form))
    steps.append(normalize.ellipsis)
    if config.quotes:
        steps.append(normalize.quotes)
    if config.dashes:
        steps.append(normalize.dashes)
    if config.whitespace:
        steps.append(normalize.whitespace)
    return steps


def normalize_text(text: str, config: CleanConfig | None = None) -> str:
    """The normalisation part of ``clean`` for one statement (no splitting, no redaction).

    >>> normalize_text("  ”Brist\\u00a0på  bostäder” —  t.ex. i Kil ")
    '"Brist på bostäder" – t.ex. i Kil'
    """
    for step in _steps(config or CleanConfig()):
        text = step(text)
    return text


def note_id(source: str, source_row: int, part: int) -> str:
    """Stable statement id: ``sha1(f"{source}|{source_row}|{part}")[:10]``.

    >>> note_id("möte.csv", 1, 1)
    '519575c847'
    """
    return hashlib.sha1(f"{source}|{source_row}|{part}".encode()).hexdigest()[:10]


def _column(raw: pd.DataFrame, name: str, n: int) -> list[str]:
    if name not in raw.columns:
        return [""] * n
    col = raw[name]
    if col.dtype == object and not col.isna().any() and all(type(v) is str for v in col.tolist()):
        return col.tolist()  # the usual case (a RAW table): already text, no conversion per cell
    return ["" if v is None or (isinstance(v, float) and v != v) or v is pd.NA else str(v) for v in col.tolist()]


def _source_rows(raw: pd.DataFrame, n: int) -> list[int]:
    if "source_row" not in raw.columns:
        return list(range(1, n + 1))
    out: list[int] = []
    for k, v in enumerate(raw["source_row"].tolist(), start=1):
        try:
            out.append(int(v))
        except (TypeError, ValueError):
            out.append(k)
    return out


def _opens_quote(text: str) -> bool:
    """True when a raw note starts like a quote: a reply dash or a quotation mark."""
    t = text.lstrip()
    return t[:1] in ("–", "—", '"', "”", "“", "»") or (t[:1] == "-" and t[1:2] == " ")


_WORD_RE = re.compile(r"\w+")
#: A note of at least this many words is a sentence ("Mjölkgårdarna i Värmland blir färre"), kept
#: with one content lemma: place names and common verbs are stop words for themes, not for
#: telling a statement from a one-word post-it ("Bostäder", "Bra möte").
SENTENCE_WORDS = 4


def _sentence_like(text: str) -> bool:
    """At least :data:`SENTENCE_WORDS` words.

    >>> _sentence_like("Mjölkgårdarna i Värmland blir färre"), _sentence_like("Bra möte idag")
    (True, False)
    """
    return len(_WORD_RE.findall(text)) >= SENTENCE_WORDS


def _has_alnum(text: str) -> bool:
    return any(ch.isalnum() for ch in R.PLACEHOLDER_RE.sub("", text))


def clean(raw: pd.DataFrame, config: CleanConfig | None = None) -> pd.DataFrame:
    """RAW rows -> NOTES statements: split, normalised, attributed, redacted, with a status.

    No raw row is dropped: an empty row gives one statement with status ``empty``.

    >>> raw = pd.DataFrame({"source": ["m.csv"], "source_row": [1], "meeting": ["m"],
    ...     "text": ["• Brist på bostäder\\n• Ring Anna Berg på 070-123 45 67 om bussarna"]})
    >>> clean(raw)[["part", "text_clean", "status", "redactions"]].values.tolist()
    [[1, 'Brist på bostäder', 'kept', ''], [2, 'Ring [NAMN] på [TELEFON] om bussarna', 'kept', 'NAMN:1;TELEFON:1']]
    """
    config = (config or CleanConfig()).validate()
    if not isinstance(raw, pd.DataFrame):
        raise InputError("clean() needs a pandas DataFrame of contributions (see io.read_contributions)")
    if "text" not in raw.columns:
        raise InputError("the contributions have no 'text' column; name the text column with --text-column")
    n = len(raw)
    cols = {c: _column(raw, c, n) for c in RAW_COLUMNS if c != "source_row"}
    rows = _source_rows(raw, n)
    steps = _steps(config)
    quality = cols["quality"]
    for i, text in enumerate(cols["text"]):  # a note over the cap is cut and flagged, never dropped
        if len(text) > config.max_note_chars:
            cols["text"][i] = text[: config.max_note_chars]
            if "truncated" not in quality[i].split(";"):
                quality[i] = ";".join(q for q in (quality[i], "truncated") if q)

    # 1. split and normalise -------------------------------------------------------------
    idx: list[int] = []  # raw row of each statement
    parts: list[int] = []
    texts: list[str] = []
    norms: list[str] = []
    for i, text in enumerate(cols["text"]):
        if not text or text.isspace():  # an empty row: one empty statement, nothing to normalise
            idx.append(i)
            parts.append(1)
            texts.append("")
            norms.append("")
            continue
        pieces = (
            split.statements(
                text,
                semicolons=config.split_semicolons,
                inline_bullets=config.split_inline_bullets,
                sentences=config.split_sentences,
            )
            if config.split
            else ([text.strip()] if text.strip() else [])
        )
        for part, piece in enumerate(pieces or [""], start=1):
            norm = piece
            for step in steps:
                norm = step(norm)
            idx.append(i)
            parts.append(part)
            texts.append(piece)
            norms.append(norm)
    m = len(texts)

    # 2. attribution ---------------------------------------------------------------------
    speakers = [cols["speaker"][i] for i in idx]
    roles = [cols["role"][i] for i in idx]
    bodies = list(norms)
    found: list[str] = []
    if config.attribution:
        for k in range(m):
            if not norms[k]:
                continue  # an empty statement has no speaker and is no attribution header
            att = attribution.extract(norms[k])
            if att.speaker or att.role or att.text != norms[k]:
                bodies[k] = att.text
                _fill(speakers, roles, k, att.speaker, att.role, cols, idx)
                if att.speaker:
                    found.append(att.speaker)
            elif (
                k + 1 < m
                and parts[k + 1] == 1
                and cols["source"][idx[k + 1]] == cols["source"][idx[k]]
                and _opens_quote(cols["text"][idx[k + 1]])
            ):
                head = attribution.header(norms[k])
                if head:
                    bodies[k] = ""
                    found.append(head[0])
                    _fill(speakers, roles, k, head[0], head[1], cols, idx)
                    _fill(speakers, roles, k + 1, head[0], head[1], cols, idx)

    # 3. redaction -----------------------------------------------------------------------
    known = None
    if "names" in config.redact and config.redact_known_speakers:
        known = redact.known_names_pattern(found + [s for s in set(cols["speaker"]) if s])
    cleaned: list[str] = []
    counts: list[str] = []
    for body in bodies:
        if not body:
            cleaned.append("")
            counts.append("")
            continue
        body = normalize.quote_dash(body)
        if config.redact and body:
            body, c = redact.apply(
                body, kinds=config.redact, known=known, first_name_alone=config.redact_first_name_alone
            )
            counts.append(redact.format_counts(c))
        else:
            counts.append("")
        cleaned.append(normalize.whitespace(body) if config.whitespace else body.strip())

    # 4. lemmas and status ---------------------------------------------------------------
    stops = tokens.STOP_WORDS | frozenset(w.lower() for w in config.extra_stop_words)
    token_cache: dict[str, str] = {}
    lemma_cache: dict[str, list[str]] = {}
    lang_cache: dict[str, bool] = {}
    seen: set[str] = set()
    lemmas: list[str] = []
    statuses: list[str] = []
    for text in cleaned:
        toks: list[str] = []
        lem = lemma_cache.get(text)
        if lem is None:
            toks = tokens.tokenize(text, tokenizer=config.tokenizer) if text else []
            lem = lemma_cache[text] = tokens.lemmas_of_tokens(toks, stop_words=stops, cache=token_cache)
        lemmas.append(" ".join(lem))
        if not _has_alnum(text):
            statuses.append("empty")
            continue
        if config.keep_one_word_nouns and one_word.non_note(text):
            statuses.append("too_short")  # "Se ovan", "Ok": no contribution however many lemmas
            continue
        if len(lem) < config.min_tokens and not (lem and _sentence_like(text)) and not (
                config.keep_one_word_nouns and one_word.one_word_note(
                    text, toks or tokens.tokenize(text, tokenizer=config.tokenizer), lem, stops)):
            statuses.append("too_short")
            continue
        if config.language_check:
            ok = lang_cache.get(text)
            if ok is None:
                ok = lang_cache[text] = language.is_swedish(
                    text, tokens=toks if config.tokenizer == "regex" and toks else None
                )
            if not ok:
                statuses.append("not_swedish")
                continue
        if config.deduplicate:
            key = _DUP_TRIM_RE.sub("", " ".join(text.casefold().split()))
            if key in seen:
                statuses.append("duplicate")
                continue
            seen.add(key)
        statuses.append("kept")

    # 5. one DataFrame -------------------------------------------------------------------
    sources = [cols["source"][i] for i in idx]
    out = {
        "note_id": [note_id(s, rows[i], p) for s, i, p in zip(sources, idx, parts)],
        "source": sources,
        "source_row": [rows[i] for i in idx],
        "part": parts,
        "meeting": [cols["meeting"][i] for i in idx],
        "date": [cols["date"][i] for i in idx],
        "table": [cols["table"][i] for i in idx],
        "speaker": speakers,
        "role": roles,
        "organisation": [cols["organisation"][i] for i in idx],
        "text": texts,
        "text_clean": cleaned,
        "status": statuses,
        "redactions": counts,
        "lemmas": lemmas,
        "quality": [quality[i] for i in idx],
    }
    frame = pd.DataFrame(out, columns=list(NOTES_COLUMNS))
    frame["source_row"] = frame["source_row"].astype("int64")
    frame["part"] = frame["part"].astype("int64")
    return frame


def _fill(
    speakers: list[str], roles: list[str], k: int, speaker: str, role: str,
    cols: dict[str, list[str]], idx: list[int],
) -> None:
    """Speaker and role from an attribution, only where the input columns were empty."""
    if speaker and not cols["speaker"][idx[k]] and not speakers[k]:
        speakers[k] = speaker
    if role and not cols["role"][idx[k]] and not roles[k]:
        roles[k] = role

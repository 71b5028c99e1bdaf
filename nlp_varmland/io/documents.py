"""Documents (docx, md, txt) into RAW rows: headings, bullets, paragraphs, attributions.

One rule set for all three, see ``_document_rows``: headings give meeting (level 1, or the
document's title: Word's Title style, ``title:`` in front matter) and table (level 2-3, a heading
or short line such as "Bord 3"; level 1 too under a title when there is no level 2-3 heading, as in
Title "Arbetsmöte 22 september" + Heading 1 "Bord 1".."Bord 6"); bullets are always notes; ``Key: value``
lines such as "Närvarande: ..." or "Datum: ..." are metadata, never notes; plain paragraphs
before the first table heading are intro prose and not notes when the document has table
headings (when it has none, every plain line is a note); a line "Förnamn Efternamn, roll på
Organisation" followed by "– citat" lines is an attribution: it is not a note and fills
speaker/role/organisation of the quotes that follow.

>>> rows = _document_rows(_text_items("# Möte 3 maj 2025\\n## Bord 1\\n- Bussen går för sällan"),
...                       label="m.md", stem="m", meeting=None)
>>> [(r["meeting"], r["date"], r["table"], r["text"]) for r in rows]
[('Möte 3 maj 2025', '2025-05-03', 'Bord 1', 'Bussen går för sällan')]
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from nlp_varmland.errors import InputError
from nlp_varmland.io.columns import _norm
from nlp_varmland.io.dates import _find_date
from nlp_varmland.io.limits import DEFAULT_LIMITS, Limits
from nlp_varmland.io.tabular import _cap, _quality

_META_LINE = re.compile(
    r"^(närvarande|deltagare|datum|tid|plats|lokal|antecknat av|antecknare|sekreterare|"
    r"moderator|bordsvärd|bordsvärdar|facilitator|dokumenterat av|mötesledare|ansvarig|källa|källor|"
    r"fråga|frågeställning|tema|syfte|source)\s*:", re.I)
_PSEUDO_TABLE = re.compile(r"^(bord|grupp|group|table)\s*(nr\.?\s*)?\d+\s*([:–—-]\s*[^.!?]{0,40})?$", re.I)
_GENERIC_TITLE = re.compile(r"^(minnesanteckningar|anteckningar|protokoll|dokumentation|"
                            r"sammanställning)\W*$", re.I)
# Word's list glyphs copied as text: "·", "o" (sub-bullet) and "§" (third level) with a tab after them
_BULLET = re.compile(r"^\s*(?:(?:[-*+•▪◦]|\d{1,3}[.)])\s+|[·o§]\t\s*)")
_O_BULLET = re.compile(r"^o +(?=\w)")  # typed "o " under a bullet: Word's sub-bullet, not "o" = och
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_RULE = re.compile(r"^\s*([=\-_*])\1{2,}\s*$")
_DASH_QUOTE = re.compile(r"^[–—]\s*\S")
_ATTRIBUTION = re.compile(
    r"^(?P<name>[A-ZÅÄÖÉÜ][\w'’-]+(?:[ -][A-ZÅÄÖÉÜ][\w'’-]+){1,3}),\s*(?P<rest>[^.!?]{2,160})$")
_ROLE_SPLIT = re.compile(r"\s+(?:på|i|vid|hos|at)\s+|,\s*")

# An item is (source_row, kind, level, text); kind is "heading", "bullet" or "para".
_Item = tuple[int, str, int, str]


def _front_matter(lines: list[str]) -> tuple[list[_Item], int]:
    """YAML front matter (``---`` ... ``---``): metadata, never notes; (items, first body line)."""
    items: list[_Item] = []
    if not lines or lines[0].strip() != "---":
        return items, 0
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        return items, 0
    for i in range(1, end):
        key, _, value = lines[i].partition(":")
        if _norm(key) in ("title", "meeting", "mote"):
            items.append((i + 1, "heading", 0, value.strip().strip("\"'")))  # the document's title
        elif _norm(key) in ("date", "datum"):
            items.append((i + 1, "para", 0, f"Datum: {value.strip()}"))
    return items, end + 1


def _line_item(n: int, line: str) -> _Item | None:
    """One plain line of a paragraph (or of a .txt file) as a bullet or a paragraph item."""
    stripped = line.strip()
    if stripped.startswith(">"):
        stripped = stripped.lstrip("> ").strip()
    if not stripped:
        return None
    b = _BULLET.match(stripped)
    if b:
        return (n, "bullet", 0, stripped[b.end():].strip())
    return (n, "para", 0, stripped)


def _text_items(text: str) -> list[_Item]:
    """A .txt file line by line: ``#`` and setext headings, bullets, paragraphs."""
    lines = text.splitlines()
    items, start = _front_matter(lines)
    for n in range(start, len(lines)):
        line = lines[n].rstrip()
        if not line.strip() or line.lstrip().startswith("<!--"):
            continue
        if _RULE.match(line):
            if line.strip()[0] in "=-" and items and items[-1][0] == n and items[-1][1] == "para":
                prev = items.pop()  # setext heading: the line above is the heading
                items.append((prev[0], "heading", 1 if line.strip()[0] == "=" else 2, prev[3]))
            continue
        m = _MD_HEADING.match(line)
        if m:
            items.append((n + 1, "heading", len(m.group(1)), m.group(2).strip()))
            continue
        item = _line_item(n + 1, line)
        if item is not None:
            items.append(item)
    return items


_HTML_COMMENT = re.compile(r"<!--.*?(-->|$)", re.S)


def _markdown_items(text: str) -> list[_Item]:
    """Markdown through markdown-it-py tokens: headings, list items and paragraph lines are items;
    HTML comments, HTML blocks and fenced code are not notes (a ``#`` in a code block is no heading).

    >>> [i[1:] for i in _markdown_items("# M\\n<!-- ring Anna -->\\n```\\n# kod\\n```\\n- Bussar")]
    [('heading', 1, 'M'), ('bullet', 0, 'Bussar')]
    """
    from markdown_it import MarkdownIt

    lines = text.splitlines()
    items, start = _front_matter(lines)
    body = "\n".join([""] * start + lines[start:])  # keep line numbers
    md = MarkdownIt("commonmark").disable("code")  # indented text is text, not a code block
    tokens = md.parse(body)
    in_item = 0
    heading: int | None = None
    for k, tok in enumerate(tokens):
        if tok.type == "list_item_open":
            in_item += 1
        elif tok.type == "list_item_close":
            in_item -= 1
        elif tok.type == "heading_open":
            heading = int(tok.tag[1:])
        elif tok.type == "heading_close":
            heading = None
        elif tok.type == "inline" and tok.map is not None:
            content = _HTML_COMMENT.sub("", tok.content)
            first = tok.map[0] + 1
            if heading is not None:
                if content.strip():
                    items.append((first, "heading", heading, content.strip()))
            else:
                starts_item = (in_item and tokens[k - 1].type == "paragraph_open"
                               and tokens[k - 2].type == "list_item_open")
                for j, line in enumerate(content.split("\n")):
                    if line.strip() == "-->":
                        continue  # the end of a comment that began elsewhere
                    item = _line_item(first + j, line)
                    if item is not None:
                        items.append((item[0], "bullet", 0, line.strip()) if starts_item and j == 0 else item)
    return items


def _docx_items(path: Path, label: str, limits: Limits = DEFAULT_LIMITS) -> list[_Item]:
    import docx

    from nlp_varmland.io.archive import check_archive

    check_archive(path, label, limits)  # zip bombs and DTDs are refused before Word's XML is parsed
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # PackageNotFoundError, BadZipFile, KeyError, ...
        raise InputError(f"cannot open {label} as a Word document ({type(exc).__name__}); "
                         "re-save it as .docx from Word") from None
    items: list[_Item] = []
    for n, par in enumerate(document.paragraphs, 1):
        text = par.text.strip()
        if not text:
            continue
        style = (par.style.name if par.style is not None else "") or ""
        low = style.lower()
        m = re.match(r"^(heading|rubrik)\s*(\d)", low)
        if m:
            items.append((n, "heading", int(m.group(2)), text))
        elif low in ("title", "rubrik"):
            items.append((n, "heading", 0, text))  # level 0: the document's title, above Heading 1
        elif low in ("subtitle", "underrubrik"):
            items.append((n, "para", 0, f"Datum: {text}" if _find_date(text) else f"Underrubrik: {text}"))
        elif ("list" in low or "lista" in low or "punkt" in low
              or par._p.pPr is not None and par._p.pPr.numPr is not None):
            items.append((n, "bullet", 0, _BULLET.sub("", text, count=1)))
        else:
            b = _BULLET.match(text)  # bullets typed by hand ("- ", "• ")
            if b is None and items and items[-1][1] == "bullet":
                b = _O_BULLET.match(text)
            items.append((n, "bullet", 0, text[b.end():]) if b else (n, "para", 0, text))
    return items


def _document_rows(items: list[_Item], *, label: str, stem: str, meeting: str | None,
                   line_flags: dict[int, set[str]] | None = None,
                   limits: Limits = DEFAULT_LIMITS) -> list[dict[str, Any]]:
    """Turn headings, bullets and paragraphs into note rows (rules in the module docstring).

    ``line_flags`` are the decoder's quality flags per line (the row's ``source_row`` is its line).
    """

    meeting_level = _meeting_level(items)

    def is_table_heading(it: _Item) -> bool:
        if it[1] == "heading":
            return it[2] > meeting_level or bool(_PSEUDO_TABLE.match(_plain(it[3])))
        return it[1] == "para" and bool(_PSEUDO_TABLE.match(_plain(it[3])))

    has_tables = any(is_table_heading(it) for it in items)
    doc_date = next((_find_date(it[3]) for it in items
                     if (it[1] == "heading" or _META_LINE.match(it[3])) and _find_date(it[3])), "")
    fallback_date = _find_date(meeting or "") or doc_date or _find_date(stem)
    cur_meeting, cur_date, table = "", "", ""
    who = ("", "", "")
    rows: list[dict[str, Any]] = []
    for k, (n, kind, _level, text) in enumerate(items):
        text = text if kind != "heading" and not _PSEUDO_TABLE.match(_plain(text)) else _plain(text)
        if kind == "heading" and not is_table_heading(items[k]):
            if not _GENERIC_TITLE.match(text):
                cur_meeting, cur_date, table = text, _find_date(text), ""
            who = ("", "", "")
            continue
        if is_table_heading(items[k]):
            table, who = text.rstrip(":").strip(), ("", "", "")
            continue
        if kind == "para" and _META_LINE.match(text):
            if text.lower().startswith("datum") and _find_date(text):
                cur_date = cur_date or _find_date(text)
            continue
        nxt = items[k + 1] if k + 1 < len(items) else None
        if kind == "para" and nxt is not None and _DASH_QUOTE.match(nxt[3]) and _ATTRIBUTION.match(text):
            who = _split_attribution(text)
            continue
        if not _DASH_QUOTE.match(text):
            who = ("", "", "")
        if kind == "para" and has_tables and not table and not _DASH_QUOTE.match(text):
            continue  # intro prose before the first table heading
        quality = set(line_flags.get(n - 1, ())) if line_flags else set()
        rows.append({
            "source": label, "source_row": n, "meeting": meeting or cur_meeting or stem,
            "date": cur_date or fallback_date, "table": table, "speaker": who[0], "role": who[1],
            "organisation": who[2], "text": _cap(text, limits, quality), "quality": _quality(quality),
        })
        if len(rows) > limits.max_rows:
            raise InputError(f"{label} has more than {limits.max_rows:,} notes (the max_rows limit); "
                             "split it or raise the limit")
    return rows


def _meeting_level(items: list[_Item]) -> int:
    """The deepest heading level that names the meeting: 1 (Heading 1, ``#``), or 0 when the
    document has a title (Word's Title style, front matter) and no level 2-3 heading, so that its
    level 1 headings are the tables. A generic title ("Minnesanteckningar") does not count.

    >>> _meeting_level([(1, "heading", 0, "Arbetsmöte 22 september 2027"), (2, "heading", 1, "Bord 1")])
    0
    >>> _meeting_level([(1, "heading", 1, "Arbetsmöte 22 september 2027"), (2, "heading", 2, "Bord 1")])
    1
    """
    headings = [(level, _plain(text)) for _, kind, level, text in items if kind == "heading"]
    titled = any(level == 0 and not _GENERIC_TITLE.match(text) for level, text in headings)
    deeper = any(level >= 2 for level, _ in headings)
    return 0 if titled and not deeper else 1


def _split_attribution(line: str) -> tuple[str, str, str]:
    """"Jan Ohlsson, utbildningssamordnare på Hammarö kommun" -> (name, role, organisation)."""
    m = _ATTRIBUTION.match(line)
    assert m is not None
    rest = m.group("rest").strip()
    parts = _ROLE_SPLIT.split(rest, maxsplit=1)
    role, org = (parts[0].strip(), parts[1].strip()) if len(parts) == 2 else (rest, "")
    return m.group("name"), role, org


def _plain(text: str) -> str:
    """Markdown emphasis removed ("**Bord 3**" -> "Bord 3")."""
    return re.sub(r"(\*\*|__|\*|_)(.+?)\1", r"\2", text).strip()

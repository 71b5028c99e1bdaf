"""Normalisation steps: small pure ``str -> str`` functions with keyword-only options.

Names read as sentences: ``normalize.unicode``, ``normalize.whitespace``, ``normalize.quotes``.
"""
from __future__ import annotations

import unicodedata
from typing import Literal

from . import resources as R

_Form = Literal["NFC", "NFD", "NFKC", "NFKD"]
_FORMS: tuple[_Form, ...] = ("NFC", "NFD", "NFKC", "NFKD")

__all__ = ["unicode", "whitespace", "quotes", "dashes", "bullets", "quote_dash", "ellipsis"]


def unicode(text: str, *, form: str = "NFC") -> str:
    """Unicode normal form (NFC by default), so "a" + combining ring equals "å".

    >>> unicode("a\\u030angest") == "ångest"
    True
    """
    if form not in _FORMS:
        raise ValueError(f"unknown Unicode normal form {form!r}; use one of {', '.join(_FORMS)}")
    return unicodedata.normalize(form, text)


def whitespace(text: str, *, keep_newlines: bool = False) -> str:
    """Collapse runs of spaces (also no-break and thin spaces), drop zero-width characters, strip.

    With ``keep_newlines=True`` line breaks survive (one per line, blank lines removed).

    >>> whitespace("  Brist\\u00a0på   bostäder\\n")
    'Brist på bostäder'
    >>> whitespace("a  b\\r\\n\\n c", keep_newlines=True)
    'a b\\nc'
    """
    if R.ZERO_WIDTH_RE.search(text):
        text = text.translate(R.ZERO_WIDTH_TABLE)
    if not keep_newlines:
        return " ".join(text.split())
    text = R.LINEBREAK_RE.sub("\n", text)
    lines = (R.WHITESPACE_RE.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def quotes(text: str) -> str:
    """Typographic quotation marks to plain ones: “ ” „ » « → ``"`` and ‘ ’ ‚ → ``'``.

    >>> quotes("”Det är svårt”, sa hon. »Ja« – ’kanske’")
    '"Det är svårt", sa hon. "Ja" – \\'kanske\\''
    """
    # translate() is slow on non-ASCII text; search first, it is a fast C scan
    if R.DOUBLE_QUOTES_RE.search(text) or R.SINGLE_QUOTES_RE.search(text):
        return text.translate(R.QUOTES_TABLE)
    return text


def dashes(text: str) -> str:
    """Dashes: hyphen look-alikes inside words → "-", every punctuation dash (— ― − -- and a
    spaced "-") → the Swedish en dash "–".

    >>> dashes("Kil—Karlstad -- bra, men e\\u2011handel")
    'Kil–Karlstad – bra, men e-handel'
    """
    if R.ANY_DASH_RE.search(text):
        text = text.translate(R.DASHES_TABLE)
    if "––" in text:
        text = R.EN_DASH_RUN_RE.sub("–", text)
    if "-" in text:
        text = R.SPACED_HYPHEN_RE.sub("–", text)
    return text


def bullets(text: str) -> str:
    """Remove list markers at the start of each line: • ▪ * -, "1." "2)" "a)".

    >>> bullets("• Brist på bostäder\\n2) Dåliga bussar")
    'Brist på bostäder\\nDåliga bussar'
    """
    return R.LEADING_BULLET_RE.sub("", text)


def quote_dash(text: str) -> str:
    """Remove the Swedish reply dash that opens a quote ("– Jag är ...") and quote marks that
    wrap the whole statement.

    >>> quote_dash('– Jag är skolmänniska.')
    'Jag är skolmänniska.'
    >>> quote_dash('"Vi behöver fler bussar"')
    'Vi behöver fler bussar'
    """
    text = text.strip()
    while text[:1] in ("–", "—", "-") and text[1:2] in (" ", ""):
        text = text[1:].lstrip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'" and text.count(text[0]) == 2:
        text = text[1:-1].strip()
    return text


def ellipsis(text: str) -> str:
    """The one-character ellipsis "…" as three periods.

    >>> ellipsis("Det är svårt…")
    'Det är svårt...'
    """
    return text.replace("…", "...")

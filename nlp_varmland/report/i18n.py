"""Swedish and English strings for the report, and number formatting per language.

The strings are UI text of the report (headings, explanations), not language data for the
analysis, so they live next to the report code: one module per language (``i18n_sv``,
``i18n_en``: key -> text), joined here as ``STRINGS``; this module looks them up (``t``),
says the run's English log messages in the report's language (``translate_message``) and
formats numbers.

>>> t("sv", "themes")
'Teman'
>>> fmt_int(12345, "sv"), fmt_int(12345, "en")
('12\\u202f345', '12,345')
>>> fmt_pct(0.426, "sv"), fmt_pct(0.426, "en")
('43\\xa0%', '43%')
"""
from __future__ import annotations

import math
import re
import string
from typing import Any

from nlp_varmland.report.i18n_en import EN
from nlp_varmland.report.i18n_sv import SV
from nlp_varmland.schema import STATUSES  # noqa: F401  (re-exported for html, summary and facts)

LANGUAGES = ("sv", "en")

STRINGS: dict[str, dict[str, str]] = {"sv": SV, "en": EN}


#: The run's messages (``Analysis.messages``) are English log lines written by the pipeline
#: (themes, stages, corrections); the report says them in its own language: each pattern of an
#: English message and the key of its translation (named groups are the key's placeholders).
MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p), k) for p, k in (
    (r"only (?P<n>\d+) statements?: themes are tentative \(at least (?P<m>\d+) give stable themes\)", "msg_few"),
    (r"all statements are \(nearly\) identical or fewer than 3: one theme", "msg_one_theme"),
    (r"no statements: no themes", "msg_no_themes"),
    (r"no statement could be analysed \(all empty, duplicate, too short or not Swedish\); "
     r"see the status column of notes\.csv", "msg_nothing"),
    (r"(?P<n>\d+) correction\(s\) left out: their statements are no longer analysed "
     r"\(duplicate, empty, too short or not Swedish\)", "msg_corr_left_out"),
    (r"corrections applied to this run only; add --db STORE to keep them for later runs", "msg_corr_no_store"),
    (r"the store is read-only: the corrections were applied to this run but not stored", "msg_store_readonly"),
))


def translate_message(message: str, lang: str) -> str:
    """A run message (English, as logged) in the report's language; one without a translation
    stays as it is. Messages joined by "; " are translated one by one.

    >>> translate_message("only 14 statements: themes are tentative (at least 20 give stable themes)", "sv")
    'Bara 14 påståenden: temana är preliminära (minst 20 ger stabila teman)'
    """
    if lang == "en":
        return message
    out = message
    for pattern, key in MESSAGES:
        def say(m: re.Match[str], key: str = key) -> str:
            return t(lang, key, **m.groupdict())

        out = pattern.sub(say, out)
    return out[:1].upper() + out[1:]


def check_lang(lang: str) -> str:
    """Return ``lang`` when supported, else raise ``ValueError`` naming the choices."""
    if lang not in STRINGS:
        raise ValueError(f"unsupported report language {lang!r}; use one of {', '.join(LANGUAGES)}")
    return lang


class _Plural(string.Formatter):
    """``{n:~möte|möten}`` is the singular when ``n`` is 1 (or "1", as formatted), else the plural."""

    def format_field(self, value: Any, format_spec: str) -> str:
        if format_spec.startswith("~"):
            one, _, many = format_spec[1:].partition("|")
            return one if str(value).strip() == "1" else many
        return super().format_field(value, format_spec)


_PLURAL = _Plural()


def t(lang: str, key: str, **kwargs: Any) -> str:
    """Translate ``key`` into ``lang``, formatting ``{placeholders}`` from ``kwargs``; a noun
    written ``{n:~singular|plural}`` agrees with the number ``n``.

    >>> t("en", "n_meetings", n=3), t("sv", "n_meetings", n=1), t("sv", "n_meetings", n="12")
    ('3 meetings', '1 möte', '12 möten')
    """
    text = STRINGS[lang].get(key) or STRINGS["sv"][key]
    return _PLURAL.format(text, **kwargs) if kwargs else text


def meetings_phrase(lang: str, n: int, total: int) -> str:
    """How many meetings a theme came up at, of ``total``: "1 möte", "båda mötena", "alla 3 möten".

    >>> [meetings_phrase("sv", n, total) for n, total in ((1, 1), (2, 2), (3, 3), (2, 5))]
    ['1 möte', 'båda mötena', 'alla 3 möten', '2 möten']
    """
    if total > 1 and n >= total:
        return t(lang, "both_meetings") if n == 2 else t(lang, "all_meetings", n=fmt_int(n, lang))
    return t(lang, "n_meetings", n=fmt_int(n, lang))


def _is_nan(value: Any) -> bool:
    try:
        return value is None or math.isnan(float(value))
    except (TypeError, ValueError):
        return True


def fmt_int(value: Any, lang: str) -> str:
    """Format a count: ``12 345`` (narrow no-break space) in Swedish, ``12,345`` in English."""
    if _is_nan(value):
        return "–"
    s = f"{int(round(float(value))):,}"
    return s.replace(",", "\u202f") if lang == "sv" else s


def fmt_pct(value: Any, lang: str, digits: int = 0) -> str:
    """Format a share in [0, 1] as a percentage: ``43 %`` in Swedish, ``43%`` in English."""
    if _is_nan(value):
        return "–"
    s = f"{100 * float(value):.{digits}f}"
    return (s.replace(".", ",") + "\u00a0%") if lang == "sv" else s + "%"


def fmt_num(value: Any, lang: str, digits: int = 2) -> str:
    """Format a float with a decimal comma in Swedish: ``0,62``."""
    if _is_nan(value):
        return "–"
    s = f"{float(value):.{digits}f}"
    return s.replace(".", ",") if lang == "sv" else s

"""Swedish cleaning of workshop notes, one small pure function per step.

>>> import pandas as pd
>>> from nlp_varmland.preprocessing import clean, content_lemmas
>>> notes = clean(pd.DataFrame({"source": ["a.csv"], "source_row": [1], "text": ["Brist på bostäder"]}))
>>> notes.loc[0, "status"], content_lemmas("Brist på bostäder")
('kept', ['brist', 'bostad'])

Modules: ``normalize`` (unicode, whitespace, quotes, dashes, bullets), ``split`` (statements),
``attribution`` (who said a quote), ``redact`` (personnummer, e-mail, phone, names),
``language`` (Swedish or not), ``tokens`` (tokens, lemmas, stop words), ``one_word`` (a
one-word post-it of a content noun is a contribution; fillers and judgements are not), ``pipeline``
(``clean`` and ``CleanConfig``). Language data is in ``nlp_varmland/data/``.
"""
from __future__ import annotations

from . import attribution, language, normalize, redact, split, tokens
from .pipeline import NOTES_COLUMNS, RAW_COLUMNS, STATUSES, CleanConfig, clean, normalize_text, note_id
from .tokens import STOP_WORDS, content_lemmas, lemmatize, tokenize

__all__ = [
    "clean",
    "CleanConfig",
    "content_lemmas",
    "STOP_WORDS",
    "tokenize",
    "lemmatize",
    "normalize_text",
    "note_id",
    "NOTES_COLUMNS",
    "RAW_COLUMNS",
    "STATUSES",
    "attribution",
    "language",
    "normalize",
    "redact",
    "split",
    "tokens",
]

"""The report's strings: one module per language (report/i18n_sv.py, report/i18n_en.py), joined in report/i18n.py."""
from __future__ import annotations

import string

from nlp_varmland.report import i18n
from nlp_varmland.report.i18n_en import EN
from nlp_varmland.report.i18n_sv import SV


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_strings_are_the_language_modules():
    assert i18n.STRINGS == {"sv": SV, "en": EN} and set(i18n.LANGUAGES) == set(i18n.STRINGS)


def test_every_english_key_is_a_swedish_key_with_the_same_placeholders():
    assert set(EN) <= set(SV)
    assert {k: (fields(SV[k]), fields(EN[k])) for k in EN if fields(SV[k]) != fields(EN[k])} == {}


def test_a_key_missing_in_english_falls_back_to_swedish():
    missing = sorted(set(SV) - set(EN))
    if missing:
        assert i18n.t("en", missing[0]) == SV[missing[0]]
    assert i18n.t("en", "themes") == EN["themes"]

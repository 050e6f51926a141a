"""Danish numbers written in words, as dictated or typed in a letter: "fireogtyve år",
"den sekstende januar", "nitten hundrede og enogtres", "to tusind og nitten".

The reader matches digits, so these are written out as digits before it reads ("24 år",
"16. januar", "1961"). Only forms that are unambiguous numbers are converted: compound and
tens/teens cardinals, an ordinal before a month name, and a year in words. "en", "to", "tre"
alone stay words (the reader knows them in lengths: "i tre år").
"""

from __future__ import annotations

import re

from assistant.language.dates import MONTHS

_UNITS = {"en": 1, "et": 1, "to": 2, "tre": 3, "fire": 4, "fem": 5, "seks": 6, "syv": 7, "otte": 8, "ni": 9}
_TEENS = {
    "ti": 10, "elleve": 11, "tolv": 12, "tretten": 13, "fjorten": 14, "femten": 15, "seksten": 16,
    "sytten": 17, "atten": 18, "nitten": 19,
}  # fmt: skip
_TENS = {
    "tyve": 20, "tredive": 30, "fyrre": 40, "fyrretyve": 40, "halvtreds": 50, "tres": 60, "halvfjerds": 70,
    "firs": 80, "halvfems": 90,
}  # fmt: skip
_ORDINAL_UNITS = {
    "første": 1, "anden": 2, "tredje": 3, "fjerde": 4, "femte": 5, "sjette": 6, "syvende": 7, "ottende": 8,
    "niende": 9, "tiende": 10, "ellevte": 11, "tolvte": 12, "trettende": 13, "fjortende": 14, "femtende": 15,
    "sekstende": 16, "syttende": 17, "attende": 18, "nittende": 19, "tyvende": 20, "tredivte": 30,
}  # fmt: skip

_UNIT = "|".join(_UNITS)
_TEN = "|".join(sorted(_TENS, key=len, reverse=True))
_TEEN = "|".join(_TEENS)
_CARDINAL = rf"(?:(?:{_UNIT})og(?:{_TEN})|{_TEN}|{_TEEN})"
_ORDINAL = rf"(?:(?:{_UNIT})og(?:tyvende|tredivte)|{'|'.join(_ORDINAL_UNITS)})"
_YEAR = rf"(?:nitten hundrede|to tusind)(?:\s+og\s+(?:{_CARDINAL}|{_UNIT}))?"

# a year in words, an ordinal day before a month, or a cardinal (not inside a longer word)
NUMBER_WORDS = re.compile(
    rf"(?<![\w-])(?:(?P<year>{_YEAR})|(?P<day>{_ORDINAL})(?=\s+(?:{'|'.join(MONTHS)})\b)|"
    rf"(?P<card>{_CARDINAL}))(?![\w-])",
    re.IGNORECASE,
)


def _cardinal(word: str) -> int:
    w = word.lower()
    if w in _TEENS:
        return _TEENS[w]
    if w in _TENS:
        return _TENS[w]
    if w in _UNITS:
        return _UNITS[w]
    unit, tens = w.split("og", 1)
    return _UNITS[unit] + _TENS[tens]


def _ordinal(word: str) -> int:
    w = word.lower()
    if w in _ORDINAL_UNITS:
        return _ORDINAL_UNITS[w]
    unit, tens = w.split("og", 1)
    return _UNITS[unit] + (20 if tens == "tyvende" else 30)


def in_digits(m: re.Match[str]) -> str:
    """The digits for a match of `NUMBER_WORDS` ("1961", "16.", "24")."""
    if year := m.group("year"):
        parts = re.split(r"\s+og\s+", year.lower(), maxsplit=1)
        base = 1900 if parts[0].startswith("nitten") else 2000
        return str(base + (_cardinal(parts[1]) if len(parts) > 1 else 0))
    if day := m.group("day"):
        return f"{_ordinal(day)}."
    return str(_cardinal(m.group("card")))

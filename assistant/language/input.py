"""Input checks on a user's question: valid text within the limits, and its language."""

from __future__ import annotations

import unicodedata

from assistant.errors import InputError, InputTooLong
from assistant.language.analysis import WORD_RE, fold

_DA_MARKERS = frozenset(
    fold(w)
    for w in [
        "og",
        "i",
        "at",
        "det",
        "er",
        "ikke",
        "jeg",
        "kan",
        "har",
        "min",
        "mit",
        "skal",
        "hvad",
        "hvor",
        "hvordan",
        "hvornår",
        "om",
        "en",
        "et",
        "til",
        "på",
        "med",
        "kommunen",
        "borger",
        "ressourceforløb",
        "forløb",
        "år",
        "må",
        "være",
        "få",
        "ønsker",
        "hun",
        "han",
        "der",
        "som",
        "af",
        "eller",
    ]
)


_EN_MARKERS = frozenset(
    [
        "the",
        "and",
        "is",
        "are",
        "what",
        "how",
        "can",
        "does",
        "do",
        "my",
        "i",
        "you",
        "to",
        "of",
        "in",
        "for",
        "with",
        "when",
        "which",
        "will",
        "would",
        "should",
        "this",
        "that",
        "have",
        "has",
        "be",
        "get",
        "course",
        "municipality",
        "citizen",
        "years",
    ]
)


_DE_MARKERS = frozenset(
    [
        "der",
        "die",
        "das",
        "ist",
        "wie",
        "lange",
        "und",
        "ein",
        "eine",
        "einen",
        "ich",
        "nicht",
        "mit",
        "für",
        "kann",
        "mein",
        "meine",
        "welche",
        "wird",
        "dauert",
        "sind",
        "haben",
        "werden",
        "auch",
        "oder",
        "wenn",
    ]
)


def language_of(text: str) -> str:
    """'da', 'en', 'other' or 'unknown'; a cheap check, enough to route a refusal."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return "unknown"
    latin = sum(1 for c in letters if "LATIN" in unicodedata.name(c, ""))
    if latin / len(letters) < 0.6:
        return "other"
    raw = [w.lower() for w in WORD_RE.findall(text)]
    da = sum(1 for w in raw if fold(w) in _DA_MARKERS or any(c in w for c in "æøå"))
    en = sum(1 for w in raw if w in _EN_MARKERS)
    de = sum(1 for w in raw if w in _DE_MARKERS and fold(w) not in _DA_MARKERS)
    if de > da and de >= 2:
        return "other"
    if da == 0 and en == 0:
        return "unknown"
    if en > da and en >= 2:
        return "en"
    if da >= en:
        return "da"
    return "unknown"


def clean_question(text: object, max_chars: int) -> str:
    """Validate and normalise a user's question, or raise InputError with a clear reason."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            raise InputError("Spørgsmålet er ikke gyldig tekst (UTF-8).") from None
    if not isinstance(text, str):
        raise InputError("Spørgsmålet skal være tekst.")
    if "\x00" in text or any(0xD800 <= ord(c) <= 0xDFFF for c in text):
        raise InputError("Spørgsmålet indeholder binære data og kan ikke behandles.")
    controls = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\n\r\t")
    if controls > 0:
        raise InputError("Spørgsmålet indeholder kontroltegn eller binære data og kan ikke behandles.")
    text = " ".join(text.split())
    if not text:
        raise InputError("Spørgsmålet er tomt. Skriv et spørgsmål om ressourceforløb.")
    if len(text) > max_chars:
        raise InputTooLong(f"Spørgsmålet er for langt ({len(text)} tegn). Skriv højst {max_chars} tegn.")
    if not any(c.isalnum() for c in text):
        raise InputError("Spørgsmålet indeholder ingen ord. Skriv et spørgsmål om ressourceforløb.")
    return text

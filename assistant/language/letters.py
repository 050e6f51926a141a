"""Danish letters restored in text typed without them: "forlob" → "forløb", "onsker" → "ønsker".

Citizens often write ae/oe/aa or plain a/o for æ/ø/å. The reader's patterns are written with
the Danish letters, so a word typed without them is matched to the lexicon of the words those
patterns (and everyday Danish) use: by its folded form (`fold`), whole for short words and by
its start for longer stems ("afgorelsen" → "afgørelse" + "n"). Words whose folded form is also
a common word without the letters ("for"/"før", "bor"/"bør") are left alone.
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.language.analysis import fold

EVERYDAY = """
år års måned måneder får går så også på være været længe længere læge lægen lægens lægeattest hjælp
kontanthjælp forløb forløbet forløbs ressourceforløb jobafklaringsforløb afgørelse afgørelsen ønske ønsker
ønskede ønsket møde mødet først første både nødvendigt nødvendig søger søgt søgte født fødselsdag tæt træt sætte
står stå forstår gør gøre kører høre hørt spørge spørgsmål førtidspension ændring ændret ændre næste måske hårdt
lænd skånehensyn skåne knæ knæet hænder søvn søn søster børn altså mål målgruppe opfølgning uretfærdigt
længden nødt nægter nægte nægtede været hjælpe hjælper tvært svært sværere tæt tættere læst lærer lære løfte
kræve kræver krævede tvære forklaret sågar næsten øje øjne smerter? døgn nærmere ældre ældste før fået gået
sådan råd bør dør sidst behøver mærke mærker fælles arbejdsløs løn tæller året årig årige fortsætte fortsætter
bevilgede afslået afslåede påbegyndt påbegynde forældre målet følge følger sygemeldt? synes? håber håbe
"""
# folded forms that are also common words without the letters: never restored
AMBIGUOUS = frozenset(
    {
        "for",
        "far",
        "bor",
        "mode",
        "hore",
        "tor",
        "dor",
        "mal",
        "har",
        "bade",
        "sat",
        "lob",
        "dode",
        "sae",
        "na",
        "ma",
        "toer",
        "lase",
        "lose",
        "fore",
        "mer",
        "so",
        "vare",
        "satte",
        "land",
        "last",
        "lagen",
        "maler",
        "stor",
        "hor",
        "ror",
        "gor",
        "kor",
        "lor",
        "vaer",
    }
)
_MIN_PREFIX = 5
# the inflections a stem may take ("afgørelse" + "n", "ønsk" + "ede"); any other tail is another word
_ENDINGS = frozenset(
    {
        "",
        "e",
        "er",
        "et",
        "en",
        "ede",
        "es",
        "ne",
        "s",
        "r",
        "n",
        "t",
        "te",
        "de",
        "ene",
        "erne",
        "ende",
        "ers",
        "ets",
        "ens",
        "ns",
        "rne",
        "ning",
        "ningen",
        "else",
        "elsen",
    }
)


@lru_cache(maxsize=1)
def _lexicon() -> tuple[dict[str, str], list[tuple[str, str]]]:
    """(whole words by folded key, long stems by folded key, longest first)."""
    from assistant.language import clauses, complaint, reader, stances

    words: set[str] = set()
    for w in EVERYDAY.split():
        words.add(w.strip("?"))
    for module in (reader, stances, complaint, clauses):
        for value in vars(module).values():
            source = value.pattern if isinstance(value, re.Pattern) else value if isinstance(value, str) else ""
            words.update(re.findall(r"[a-zæøå]*[æøå][a-zæøå]*", source.lower()))
    whole: dict[str, str] = {}
    stems: dict[str, str] = {}
    for w in sorted(words):
        if len(w) < 2:
            continue
        for key in {fold(w)}:  # "ae" for "æ" (plain "a" would make "andre" of "ændre", "lager" of "læger")
            if key in AMBIGUOUS or key == w:
                continue
            whole.setdefault(key, w)
            if len(key) >= _MIN_PREFIX:
                stems.setdefault(key, w)
    return whole, sorted(stems.items(), key=lambda kv: -len(kv[0]))


# a word of ASCII letters only: a Danish word typed without æ, ø, å looks like this
ASCII_WORD = re.compile(r"(?<![\wæøåÆØÅ])[A-Za-z]{2,}(?![\wæøåÆØÅ])")


def restored_word(word: str) -> str | None:
    """The word with its Danish letters, or None when it needs none (or is ambiguous)."""
    key = fold(word)
    if key in AMBIGUOUS:
        return None
    whole, stems = _lexicon()
    out = whole.get(key)
    if out is None:
        for stem_key, stem in stems:
            if key.startswith(stem_key) and key[len(stem_key) :] in _ENDINGS:
                out = stem + key[len(stem_key) :]
                break
    if out is None or fold(out) == word.lower() and out == word.lower():
        return None
    if out == word.lower():
        return None
    return out[0].upper() + out[1:] if word[0].isupper() else out

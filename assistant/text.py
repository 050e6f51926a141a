"""Danish text analysis for lexical search: folding, stemming, compounds, typos.

Users write `ressourceforlob` for `ressourceforløb`, `rehabiliteringsteamet` for a
passage that says `rehabiliteringsteam`, and make typos. Everything is reduced to
the same folded stems on both sides, compounds also contribute their parts, and an
unknown query term is mapped to the nearest known one.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Iterable

import Stemmer

_STEMMER = Stemmer.Stemmer("danish")
_WORD_RE = re.compile(r"[0-9]+|[a-zæøåäöüéèáàóíú]+", re.IGNORECASE)

# Danish function words (folded); they carry no meaning for retrieval.
_STOPWORDS_RAW = """
og i at det en den til er som på de med han af for ikke der var mig sig men et har om vi min
havde hun nu over da fra du ud sin dem os op man hans hvor eller hvad skal selv her alle vil blev
kunne ind når være dog noget ville jo deres efter ned skulle denne end dette mit også under have
dig anden hende mine alt meget sit sine vor mod disse hvis din nogle hos blive mange ad bliver
hendes været thi jer sådan kan ja hej tak så nej hvordan hvilke hvilken hvornår hvorfor
"""


def fold(text: str) -> str:
    """Lowercase and fold Danish letters so `ø`, `oe` and `o` meet (likewise æ, å)."""
    s = unicodedata.normalize("NFKC", text).lower()
    s = s.replace("æ", "ae").replace("ä", "ae").replace("ø", "o").replace("ö", "o").replace("å", "a")
    s = s.replace("aa", "a").replace("oe", "o")
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c))


STOPWORDS = frozenset(fold(w) for w in _STOPWORDS_RAW.split())


def words(text: str) -> list[str]:
    """Folded surface words, numbers included (`114`, `50`)."""
    return [fold(w) for w in _WORD_RE.findall(text)]


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    return _STEMMER.stemWord(word)


class Analyzer:
    """Turns text into index terms. Knows the corpus lexicon for compounds and typos."""

    MIN_PART = 4
    MIN_COMPOUND = 8
    MIN_HEAD_PREFIX = 6  # a word start shared by several words counts as a part (`rehabilitering-`)
    # Longer "words" (a base64 blob, a URL) are no compounds; splitting them recursed once
    # per part and overflowed the stack.
    MAX_COMPOUND = 60

    def __init__(self, lexicon: Iterable[str] = ()):
        self.lexicon: set[str] = set()
        self.stems: set[str] = set()
        self._prefixes: dict[str, int] = {}
        self.add_lexicon(lexicon)

    def add_lexicon(self, lexicon: Iterable[str]) -> None:
        for w in lexicon:
            if len(w) >= self.MIN_PART and not w.isdigit() and w not in STOPWORDS and w not in self.lexicon:
                self.lexicon.add(w)
                self.stems.add(stem(w))
                for n in range(self.MIN_HEAD_PREFIX, len(w)):
                    self._prefixes[w[:n]] = self._prefixes.get(w[:n], 0) + 1
        self._split.cache_clear()

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> "Analyzer":
        vocab: set[str] = set()
        for t in texts:
            vocab.update(words(t))
        return cls(vocab)

    def _known(self, part: str) -> bool:
        return part in self.lexicon or stem(part) in self.stems

    def _known_head(self, part: str) -> bool:
        """A compound's first part: a known word, or a word start that at least two
        other words share (`rehabilitering` in `rehabiliteringsteam`, `-plan`)."""
        return self._known(part) or (len(part) >= self.MIN_HEAD_PREFIX and self._prefixes.get(part, 0) >= 2)

    @lru_cache(maxsize=100_000)
    def _split(self, word: str) -> tuple[str, ...]:
        """Split a compound into known parts, or () if it is not one.

        Danish joins parts with a linking `s` or `e` (`rehabilitering-s-team`); both are
        tried. First pass: every part known. Second pass: a known word followed by an
        unknown tail of 5+ letters (`ressourceforløbs-ydelse` when `ydelse` never
        occurs alone), so the tail can still be found on its own.
        """
        for strict in (True, False):
            for h, tail in self._cuts(word):
                if self._known(tail):
                    return (h, tail)
                rest = self._split(tail) if len(tail) >= self.MIN_COMPOUND else ()
                if rest:
                    return (h, *rest)
                if not strict and len(tail) >= 5 and self._known(h):
                    return (h, tail)
        return ()

    def _cuts(self, word: str):
        """(head, tail) pairs with a plausible head, longest head first."""
        for i in range(len(word) - self.MIN_PART, self.MIN_PART - 1, -1):
            head, tail = word[:i], word[i:]
            heads = [head[:-1], head] if head[-1] in "se" and len(head) > self.MIN_PART else [head]
            heads.sort(key=lambda h: h not in self.lexicon)  # an exact word beats a stem match
            for h in heads:
                if self._known_head(h):
                    yield h, tail

    def compound_parts(self, word: str) -> tuple[str, ...]:
        if not self.MIN_COMPOUND <= len(word) <= self.MAX_COMPOUND or word.isdigit():
            return ()
        return self._split(word)

    def terms(self, text: str) -> list[tuple[str, float]]:
        """(term, weight) pairs: each word's stem (1.0) and its compound parts' stems (0.5)."""
        out: list[tuple[str, float]] = []
        for w in words(text):
            if w in STOPWORDS:
                continue
            out.append((stem(w), 1.0))
            for part in self.compound_parts(w):
                if part not in STOPWORDS:
                    out.append((stem(part), 0.5))
        return out


# --- input checks ---------------------------------------------------------

_DA_MARKERS = frozenset(
    fold(w)
    for w in "og i at det er ikke jeg kan har min mit skal hvad hvor hvordan hvornår om en et til på "
    "med kommunen borger ressourceforløb forløb år må være få ønsker hun han der som af eller".split()
)
_EN_MARKERS = frozenset(
    "the and is are what how can does do my i you to of in for with when which will would should "
    "this that have has be get course municipality citizen years".split()
)
_DE_MARKERS = frozenset(
    "der die das ist wie lange und ein eine einen ich nicht mit für kann mein meine welche wird "
    "dauert sind haben werden auch oder wenn".split()
)


def language_of(text: str) -> str:
    """'da', 'en', 'other' or 'unknown'; a cheap check, enough to route a refusal."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return "unknown"
    latin = sum(1 for c in letters if "LATIN" in unicodedata.name(c, ""))
    if latin / len(letters) < 0.6:
        return "other"
    raw = [w.lower() for w in _WORD_RE.findall(text)]
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


# A CPR number is ddmmyy-xxxx (day 01-31, or 61-91 in a substitute number), written with
# or without a dash (of any kind) or a space; digits right before or after make it
# some other number. It is matched first, so its 10 digits are never half-read as a phone.
_CPR = re.compile(
    r"(?<!\d)(?:0[1-9]|[12]\d|3[01]|6[1-9]|[78]\d|9[01])(?:0[1-9]|1[0-2])\d{2}"
    r"(?:\s{0,2}[-\u2010-\u2015\u2212]\s{0,2}|\s?)\d{4}(?!\d)"
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# A Danish phone number: 8 digits, optionally after +45 or 0045, in pairs or 4+4 on one
# line (two years on two lines are no phone number). A digit or a date's `2022-01-` right
# before, or digits right after, make it part of another number.
_PHONE = re.compile(
    r"(?<!\d)(?<!\d-)(?:(?:\+|00)[ \u00a0]?45[ \u00a0-]?)?"
    r"\d{2}[ \u00a0]?\d{2}[ \u00a0]?\d{2}[ \u00a0]?\d{2}"
    r"(?!\d)(?!-\d)"
)


def _redact_once(text: str) -> str:
    text = _CPR.sub("[CPR-nummer]", text)
    text = _EMAIL.sub("[e-mail]", text)
    return _PHONE.sub("[telefonnummer]", text)


def redact(text: str) -> str:
    """Replace CPR numbers, e-mail addresses and phone numbers before anything is kept.

    Repeated until nothing changes, so redacting twice gives the same text (a
    replacement can expose a number its neighbour hid). Every pass that changes the
    text removes digits or `@`, so this ends.
    """
    while True:
        out = _redact_once(text)
        if out == text:
            return out
        text = out


class InputError(ValueError):
    """A question that cannot be searched; the message is for the user (Danish)."""


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
        raise InputError(
            f"Spørgsmålet er for langt ({len(text)} tegn). Skriv højst {max_chars} tegn."
        )
    if not any(c.isalnum() for c in text):
        raise InputError("Spørgsmålet indeholder ingen ord. Skriv et spørgsmål om ressourceforløb.")
    return text

"""Danish text analysis for lexical search: folding, stemming, compounds, typos.

Users write `ressourceforlob` for `ressourceforløb`, `rehabiliteringsteamet` for a
passage that says `rehabiliteringsteam`, and make typos. Everything is reduced to
the same folded stems on both sides, compounds also contribute their parts, and an
unknown query term is mapped to the nearest known one.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

import Stemmer

_STEMMER = Stemmer.Stemmer("danish")


WORD_RE = re.compile(r"[0-9]+|[a-zæøåäöüéèáàóíú]+", re.IGNORECASE)


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
    return [fold(w) for w in WORD_RE.findall(text)]


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    return _STEMMER.stemWord(word)


_CONTENT_WORD = re.compile(r"[A-Za-zÆØÅæøå0-9]{3,}")


def content_stems(text: str) -> set[str]:
    """The stems of a text's words of three letters or more: what a sentence and a question share."""
    return {stem(fold(w)) for w in _CONTENT_WORD.findall(text)}


# stems nearly every question and source here shares: they make no sentence relevant to a question
COMMON_STEMS = frozenset(content_stems("ressourceforløb forløb borger borgeren kommune kommunen jobcenter"))


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
    def from_texts(cls, texts: Iterable[str]) -> Analyzer:
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

    @lru_cache(maxsize=100_000)  # noqa: B019 (one analyzer per index, kept for the process's life)
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


# Small numbers as Danish words, folded ("seks måneder", "fire uger").
NUMBER_WORDS = {1: "et", 2: "to", 3: "tre", 4: "fire", 5: "fem", 6: "seks", 7: "syv", 8: "otte", 9: "ni", 10: "ti"}


def number_pattern(values: Iterable[float], words: bool = True) -> str:
    """A regex alternation of the numbers (and, with `words`, their Danish words): `(?:4|fire)`."""
    alts: list[str] = []
    for v in sorted({float(x) for x in values}):
        if v.is_integer():
            alts.append(str(int(v)))
            if words and int(v) in NUMBER_WORDS:
                alts.append(NUMBER_WORDS[int(v)])
        else:
            alts.append(str(v).replace(".", "[.,]"))
    return "(?:" + "|".join(alts) + ")"


_RELATIVE = re.compile(
    r"\b(?:min|vores)\s+(far|mor|mand|kone|søn|datter|bror|søster|veninde|ven|kæreste|svigermor|svigerfar|nabo)\b",
    re.IGNORECASE,
)


# the writer's own course or age: "jeg er 46", "jeg er i ressourceforløb", "mit forløb"
_OWN_CASE = re.compile(
    r"\bjeg\s+er\s+(?:nu\s+)?\d{2}\b|\bjeg\s+(?:er|har været|var)\s+(?:\w+\s+)?i\s+(?:et\s+|mit\s+)?(?:ressource)?forl[øo]b|"
    r"\bmit\s+(?:nuværende\s+)?(?:ressource)?forl[øo]b|\bjeg\s+(?:har|fik|får)\s+(?:fået\s+)?(?:et\s+)?(?:nyt\s+)?(?:ressource)?forl[øo]b",
    re.IGNORECASE,
)
_ON_BEHALF = re.compile(r"\bpå vegne af\b|\bfor (?:min|vores)\s+\w+,? (?:som|der)\b", re.IGNORECASE)


def spoken_of(texts: list[str]) -> str | None:
    """Whom a citizen writes about, in the answer's words: "min far" → "din far"; None when
    the citizen asks for herself (the last message that names someone decides). A relative
    beside the writer's own case ("jeg er 46 … med min datter på 15") is not the one asked for."""
    for text in reversed(texts):
        if m := _RELATIVE.search(text):
            if _OWN_CASE.search(text) and not _ON_BEHALF.search(text):
                return None
            return f"din {m.group(1).lower()}"
    return None


_HE = frozenset({"far", "mand", "søn", "bror", "ven", "svigerfar"})
_SHE = frozenset({"mor", "kone", "datter", "søster", "veninde", "svigermor"})


def about_person(text: str, person: str) -> str:
    """A sentence written to the citizen ("Er du over 50 år, kan kommunen kun give dig …")
    said of the one she asks for ("din far": "Er han over 50 år, kan kommunen kun give ham …").
    Without a known gender the person is named each time."""
    relative = person.split()[-1].lower()
    if relative in _HE:
        subj, obj, poss = "han", "ham", "hans"
    elif relative in _SHE:
        subj, obj, poss = "hun", "hende", "hendes"
    else:
        subj, obj, poss = person, person, f"{person}s"
    words = {"du": subj, "dig": obj, "din": poss, "dit": poss, "dine": poss}

    def swap(m: re.Match[str]) -> str:
        by = words[m.group(0).lower()]
        return by[0].upper() + by[1:] if m.group(0)[0].isupper() else by

    # "din far" itself stays
    return re.sub(rf"\b(?:du|dig|din|dit|dine)\b(?!\s+{re.escape(relative)}\b)", swap, text, flags=re.IGNORECASE)

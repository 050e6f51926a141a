"""Danish text in clauses: who says or does what, and whether it is negated.

A stance ("ønsker ikke et nyt forløb", "siger klart nej", "har ikke selv bedt om det") is
read in its own clause, not in a window of characters: a negation in the next clause or
the previous one does not flip it, and the subject of the clause says whose stance it is
(the citizen's wish is not the rehabiliteringsteam's recommendation nor the municipality's
decision). Clauses are split at punctuation and at the conjunctions that start a new
statement ("men", "og hun", "fordi", "da"); a clause without a subject of its own takes
the subject of the clause before it in the same sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Subject = Literal["citizen", "team", "municipality", "doctor", "authority", "other"]

# Words that name who acts, at a word start (restored Danish letters). The citizen is also
# "hun"/"han"/"jeg": in a case summary or a complaint those are the person the case is about.
_SUBJECTS: list[tuple[Subject, str]] = [
    ("team", r"rehabiliteringsteam\w*|rehab-?team\w*|teamet"),
    (
        "municipality",
        r"kommunen|kommune\b|jobcent\w*|sagsbehandler\w*|vi\b|forvaltningen|myndigheden|"
        r"de(?=\s+(?:har|vil|ville|siger|sagde|skriver|skrev|mener|gav|giver|satte|sætter|stoppede|"
        r"stopper|bestemte|afviste|afviser|bevilgede|bevilger|kan|kunne)\b)",
    ),
    ("doctor", r"lægen|læge\b|egen læge|speciallæge\w*|psykiater\w*|psykolog\w*|overlæge\w*|sygehus\w*"),
    ("authority", r"ankestyrelsen\w*"),
    (
        "other",
        r"(?:min|en) (?:ven|veninde|kammerat|nabo|kollega|bror|søster|fætter|kusine)\b|andre\b|naboen|mine venner",
    ),
    (
        "citizen",
        r"borger\w*|bgr\b|hun\b|han\b|jeg\b|personen|klager\w*|kvinden|manden|den unge|min datter|min søn|"
        r"min mand|min kone|min hustru|min mor|min far|min klient|vores klient|klienten|vores medlem|ansøger\w*",
    ),
]
_SUBJECT_RE = [(who, re.compile(rf"(?<![\w-])(?:{rx})", re.IGNORECASE)) for who, rx in _SUBJECTS]

# A clause ends at a punctuation mark or before a conjunction that starts a new statement.
_BREAK = re.compile(
    r"\s*[;:()\[\]–—]\s*|\s+-\s+|,\s+(?=(?:men|og|da|fordi|idet|selvom|selv om|så|hvorfor|hvilket|mens|"
    r"eftersom|hvorefter|derfor)\b)|\s+(?=(?:men|fordi|idet|selvom|eftersom|hvorimod|hvor|hvorved|hvorefter)\b)|"
    r"\s+(?=og\s+(?:hun|han|jeg|borger\w*|kommunen|jobcent\w*|rehabiliteringsteam\w*|teamet|vi|de|lægen|ikke|aldrig)\b)|"
    # a second verb phrase of the same subject, which may carry its own negation ("har ikke
    # ønsket et nyt forløb og har på intet tidspunkt sagt, at ...")
    r"\s+(?=og\s+(?:har|havde|er|var|vil|ville|kan|kunne|skal|skulle|siger|sagde|ønsker|ønskede)\s)|"
    r"\s+(?=at\s+(?:kommunen|jobcent\w*|hun|han|jeg|borger\w*|de|vi|man|rehabiliteringsteam\w*|teamet|lægen|"
    r"psykiater\w*|det|der)\b)|,\s+",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ\"»(0-9])|\n+")
# a stop before a lower-case word ends a sentence too, after a word that is no abbreviation
# ("jeg har aldrig været i praktik. jeg har ikke lyst til et forløb mere")
_LOWER_END = re.compile(r"\b([a-zæøå]{3,}\)?)[.!?]\s+(?=[a-zæøå])")
_ABBREVIATIONS = frozenset(
    ["eks", "osv", "evt", "inkl", "ekskl", "mht", "ifm", "jvf", "vedr", "pkt", "stk", "tlf", "ang"]
)

# A verb of saying or deciding that introduces an "at"-clause: what follows is what was said
# ("har ikke tilkendegivet, at ...", "kommunen skrev, at ...", "det er ikke rigtigt, at ...").
REPORTING = re.compile(
    r"\b(?:tilkendegiv\w*|tilkendegav|udtryk\w*|sagt|sagde|siger|oplys\w*|nævn\w*|skrevet|skrev|skriver|"
    r"fortal\w*|fortæller|bekræft\w*|meddel\w*|påst\w*|hævde\w*|anfør\w*|mener|mente|besluttede|besluttet|bestemt|"
    r"bestemte|rigtigt|korrekt|sandt|tilfældet)\b",
    re.IGNORECASE,
)

# Negation words; "uden at" negates what follows it.
NEGATION = re.compile(r"\b(?:ikke|aldrig|ingen|intet|hverken|ej|uden at|slet ikke|på ingen måde)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Clause:
    text: str
    start: int  # offset in the text it was read from
    sentence: int  # index of its sentence
    subject: Subject | None  # who acts in it (own or taken from the clause before)
    own_subject: bool  # the subject is named in this clause
    negations: int  # negation words in it

    @property
    def negated(self) -> bool:
        return self.negations % 2 == 1


# an actor right after a preposition is an object or an adverbial ("efter indstilling fra
# rehabiliteringsteamet bevilgede kommunen ...", "afslag på forelæggelse for teamet")
_PREPOSITION = re.compile(
    r"(?:\b(?:fra|af|til|med|hos|i|på|for|om|ved|efter|mod|over|under|end|overfor|imellem|mellem|uden|gennem|"
    r"sammen med|ifølge|iflg\.)|\b(?:hendes|hans|min|mit|sin|sit|deres|borgers|borgerens))\s+(?:\w+\s+)?$",
    re.IGNORECASE,
)


def _subject_of(text: str) -> Subject | None:
    """The first actor named in the clause that is not governed by a preposition (Danish puts
    the subject before the verb or right after it)."""
    best: tuple[int, Subject] | None = None
    head = text[:90]
    for who, rx in _SUBJECT_RE:
        for m in rx.finditer(head):
            if _PREPOSITION.search(head[: m.start()]):
                continue
            if best is None or m.start() < best[0]:
                best = (m.start(), who)
            break
    return best[1] if best else None


def sentence_spans(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for m in _SENTENCE.finditer(text):
        if m.start() > pos:
            spans.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        spans.append((pos, len(text)))
    return [piece for a, b in spans for piece in lower_case_spans(text, a, b)]


def lower_case_spans(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """text[a:b] split at each stop before a lower-case word that does not end an abbreviation."""
    out, at = [], a
    for m in _LOWER_END.finditer(text, a, b):
        if m.group(1).rstrip(")") not in _ABBREVIATIONS:
            out.append((at, m.end(1) + 1))
            at = m.end()
    out.append((at, b))
    return out


def clauses(text: str) -> list[Clause]:
    """The clauses of `text`, in order, each with its subject and negations."""
    out: list[Clause] = []
    for n, (s0, s1) in enumerate(sentence_spans(text)):
        sentence = text[s0:s1]
        pos = 0
        previous: Subject | None = None
        pieces = []
        for m in _BREAK.finditer(sentence):
            pieces.append((pos, m.start()))
            pos = m.end()
        pieces.append((pos, len(sentence)))
        for a, b in pieces:
            piece = sentence[a:b].strip()
            if not piece:
                continue
            own = _subject_of(piece)
            subject = own or previous
            out.append(
                Clause(
                    piece,
                    s0 + a + (len(sentence[a:b]) - len(sentence[a:b].lstrip())),
                    n,
                    subject,
                    own is not None,
                    len(NEGATION.findall(piece)),
                )
            )
            previous = subject
    return out

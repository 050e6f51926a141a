"""What a message is about: the topic, whether it is in scope, and instructions to ignore.

Deliberately rule-based: every routing decision can be read and tested, and an
instruction hidden in a question ("ignorer dine instrukser …") is recognised and
dropped, never obeyed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.answering.topics import topics_in
from assistant.language.analysis import fold
from assistant.language.input import language_of

DOMAIN = re.compile(
    r"ressource|forlob|rehabilitering|jobcent|kommun|ankestyrels|fortidspension|folkepension|"
    r"arbejdsevne|fleksjob|lab\b|§|paragraf|principmeddel|praksisnotat|sagsbehandler|borger|"
    r"jobformidler|sundhedskoordinator|lae ?265|praktik|malgruppe|udviklingsperspektiv|klage|"
    r"beskaeftigelse|hovedlov|reform|\blov\b|lovgivning|kapitel 19|folketing|afskaf"
)

# Outside what the sources cover: other schemes, money, tax, and other matters.
OUT_OF_SCOPE = {
    "tax": r"\bskat|fradrag|arsopgorelse|forskudsopgorelse",
    "other_law": r"dagpenge|\bsu\b|boligstotte|boligydelse|barselsdagpenge|a-kasse|efterlon|seniorpension|borneydelse|borne- og ungeydelse|opholdstilladelse|skilsmisse|forældremyndighed|foraeldremyndighed|lejeloven|husleje",
    "amount": r"\bkr\b|\bkroner|\bbelob|\bsats(?:en|erne)?\b|hvor (?:mange penge|meget (?:far|faer|udbetal|ydelse|udgor))|\budbetal|\blon(?:nen)?\b|ydelsens storrelse|hvor meget i ydelse|hvor meget udgor",
    "offtopic": r"opskrift|\bvejr(?:et|udsigt)|fodbold|vittighed|\bjoke|\bdigt\b|\bdigte|kager?\b|aftensmad|\bfilm\b|\bmusik",
    # a dose or a pill is the doctor's matter, whatever course the person is in
    "medical": r"\bmg\b|\bmedicin\w*|\bpiller\w*|\bpillerne\b|\btablet\w*|\bdosis\b|\bbivirkning\w*",
    # the sources hold rules and decided cases, not counts for a municipality or a year
    "statistics": r"hvor mange (?:borgere|personer|sager|mennesker|kommuner)|statistik|omgorelsesprocent|"
    r"hvor stor (?:en )?(?:andel|procentdel)",
}
# judged on what the message asks (its questions and requests), not on what it tells: "min hund var
# ved dyrlægen for 2.000 kr" beside a question on a further course is not a question on money
ASKED_ONLY = frozenset({"amount", "tax", "offtopic", "medical", "statistics"})
_OOS = {k: re.compile(v) for k, v in OUT_OF_SCOPE.items()}

OWN_DECISION = re.compile(
    r"(?:^|[.!?]\s*)afgor\b|\bafgor,? om\b|afgor (?:det|min sag|sagen)|traef (?:afgorelsen|beslutningen)|beslut (?:for mig|det)|"
    r"giv mig (?:en )?afgorelse|bevilg mig|skal jeg have (?:fortidspension|ressourceforlob)\?? (?:afgor|beslut)|"
    # a decision or a confirmation written for a case ("skriv afgørelsen om afslag til borger ...",
    # "skriv et svar, hvor du bekræfter, at jeg har ret til ...")
    r"\bskriv\w* (?:\w+ ){0,2}afgorelse|\bbekraeft\w*,? (?:\w+ )?at (?:jeg|hun|han|borger\w*) har ret til"
)

INJECTION = re.compile(
    r"ignor[ée]r\w*\s+(?:\w+\s+){0,3}(?:instruks|instruktion|regler|tidligere|ovenstaende|kilder)|"
    r"ignore\s+(?:\w+\s+){0,3}(?:instructions|rules|previous)|glem\s+(?:\w+\s+){0,3}(?:instruks|regler)|"
    r"du er nu\b|lad som om|foregiv|sig at\b|skriv at\b|svar at\b|system ?prompt|forget (?:your|all)|"
    r"you are now|pretend|act as"
)


_EXFILTRATE = re.compile(
    r"system ?prompt|udviklertilstand|developer mode|uden begraensninger|kildedokumenter\w* ordret|"
    r"(?:udskriv|vis|print)\w* (?:\w+ ){0,3}(?:instruks\w*|instruktion\w*|prompt)"
)
_OWN_CLAIM = re.compile(r"\b(?:jeg|min (?:mand|kone|datter|son|mor|far)) (?:har|skal have|far) ret til|\bmin sag\b")


@dataclass
class Understanding:
    topics: list[str]
    in_scope: bool
    scope_reason: str | None = None  # a key of OUT_OF_SCOPE, or language | own_decision | injection
    injection: bool = False
    cleaned: str = ""  # the message without the injected instruction
    notes: list[str] = field(default_factory=list)


def _strip_injection(text: str) -> tuple[str, bool]:
    """Drop sentences that try to instruct the assistant; keep the genuine question."""
    parts = re.split(r"(?<=[.!?])\s+", text)
    kept, hit = [], False
    for p in parts:
        if INJECTION.search(fold(p)):
            hit = True
            continue
        kept.append(p)
    return (" ".join(kept).strip(), hit)


_REQUEST = re.compile(
    r"^\s*(?:\w+\s+){0,3}?(?:hvad|hvordan|hvor|hvornår|hvem|hvilke\w*|kan du|vil du|har du|giv\w*|skriv\w*|"
    r"fortæl\w*|find\w*|lav\w*|send\w*|må jeg|kan jeg|skal jeg|bør jeg)\b",
    re.IGNORECASE,
)


def asking_part(text: str) -> str:
    """The clauses that ask: questions and requests ("kan du give mig en opskrift på boller").
    The whole text when none is found (a message may be all statement: "Hun er 53.")."""
    from assistant.language.clauses import clauses
    from assistant.language.reader import sentences

    pieces = [c.text for s in sentences(text) for c in clauses(s)]  # "…1 år?? min veninde …"
    parts = [p for p in pieces if p.rstrip().endswith("?") or _REQUEST.match(p)]
    return " ".join(parts) if parts else text


# the verbs of a question about having a course at all ("kan jeg få …", "kan kommunen kræve et nyt …"),
# which the law in force on the date answers; "hvor længe", "hvad indeholder" are answered by a rule
_GRANTING = re.compile(
    r"\b(?:fa|faa|far|faar|bevilg\w*|tilbyd\w*|tilbud\w*|krae?v\w*|start\w*|begynd\w*|deltag\w*|soe?g\w*|"
    r"ret til|nyt|nye|igen|endnu|afskaf\w*|stadig|fortsat)\b"
)


def asks_about_granting(text: str) -> bool:
    """Whether the asking part of a message is about getting (or being required to take) a course."""
    return bool(_GRANTING.search(fold(asking_part(text))))


# "kan de tvinge mig …?", "kan kommunen kræve, at …?", "er jeg nødt til at sige ja?": the
# question is whether the course can be had against the person's will
_COMPULSION = re.compile(
    r"\b(?:tvinge\w*|tvunget|krae?ve[rs]?|pligt\w*|nodt til|skal (?:jeg|hun|han|borger\w*|min \w+) (?:bare )?"
    r"(?:deltage|tage imod|sige ja|starte|mode op)|ma (?:de|kommunen|jobcent\w*) (?:godt )?(?:sende|saette|give))\b"
)


_COURSE_WORD = re.compile(r"ressource|forlob|\brf\b")


def asking_sentences(text: str) -> str:
    """The whole sentences that end in a question mark ('' when none): unlike `asking_part`, the
    clause before the question's own ("Kan kommunen kræve, at …?") stays with it."""
    return " ".join(re.findall(r"[^.!?]*\?", text))


def asks_compulsion(text: str) -> bool:
    """Whether the asking part of a message asks if a course can be required against the person's
    will: such a question presumes the person does not want it."""
    return bool(_COMPULSION.search(fold(asking_sentences(text) or asking_part(text))))


def understand(text: str) -> Understanding:
    cleaned, injection = _strip_injection(text)
    if injection and not re.search(r"\w", cleaned):
        # nothing but the instruction: one to reveal or unlock is refused; one to state a claim
        # about the user's own case is a decision; one to state a rule gets the rule as it is
        whole = fold(text)
        if _EXFILTRATE.search(whole):
            return Understanding([], False, "injection", True, "")
        if _OWN_CLAIM.search(whole):
            return Understanding([], False, "own_decision", True, "")
    folded = fold(cleaned or text)
    lang = language_of(text)
    if lang in ("en", "other"):
        return Understanding([], False, "language", injection, cleaned)
    topics = topics_in(folded)
    domain = bool(DOMAIN.search(folded))
    if OWN_DECISION.search(folded):
        return Understanding(topics, False, "own_decision", injection, cleaned)
    asked = asking_part(cleaned or text)
    for reason, rx in _OOS.items():
        if reason in ASKED_ONLY:
            if rx.search(fold(asked)):
                return Understanding(topics, False, reason, injection, cleaned, notes=["asked"])
            continue
        if rx.search(folded) and (not domain or not topics):
            return Understanding(topics, False, reason, injection, cleaned)
        if reason == "other_law" and rx.search(fold(asked)) and not _COURSE_WORD.search(folded):
            # asks about another scheme ("dagpengesatsen", "kan jeg få SU") and never of the course
            return Understanding(topics, False, reason, injection, cleaned, notes=["asked"])
    if not domain and not topics:
        from assistant.corpus.refs import find_refs

        if find_refs(cleaned or text):  # "sag 7", "PM 58-18": a source is named
            return Understanding([], True, None, injection, cleaned)
        return Understanding([], False, "offtopic", injection, cleaned)
    return Understanding(topics, True, None, injection, cleaned)

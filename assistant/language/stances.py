"""Stances read clause by clause: the citizen's own wish, and the rehabiliteringsteam's recommendation.

A stance verb sets the stance of its clause ("ønsker", "bad om", "vil gerne", "sagde ja";
"afslog", "nægter", "er imod", "siger nej", "takkede nej") and each negation in the same
clause ("ikke", "aldrig", "uden at") flips it. Only a clause whose subject is the citizen
gives the citizen's wish; a conditional clause ("medmindre hun selv ønsker det", "hvis han
vil") or a question is the rule or the asker's doubt, not a stance. Readings that disagree
are a conflict, unless the later one is marked as a change ("har nu sagt ja", "senere").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.language.clauses import REPORTING, Clause, Subject, clauses

_POSITIVE = re.compile(
    r"\b(?:ønsk\w*|vil\w* (?:\w+ )?gerne|gerne vil\w*|bad\w* (?:selv )?om|bede\w* om|bedt (?:selv )?om|"
    r"søg\w* (?:selv )?om|ansøg\w*|orke[rt]?\b|motiver\w*|sag\w* (?:hun |han |jeg )?ja|sig\w* (?:hun |han |jeg )?ja|har lyst|havde lyst|lyst til|interesser\w*|"
    r"ser frem til|så frem til|tage\w* imod|tog imod|accepter\w*|indvillig\w*|vil\w* (?:\w+ )?deltage|"
    r"vil\w* (?:\w+ )?fortsætte|glæde\w* (?:\w+ )?til|har valgt|er klar til|var klar til|"
    r"vil(?:le)? i (?:et )?(?:nyt |andet )?(?:ressource)?forløb|"
    # "… og ikke vil." / "at han ikke ville": the bare verb ends the clause, its negation flips it
    r"(?<=ikke )vil(?:le)?(?=\s*[.!,;?]|\s*$)|"
    r"vil(?:le)?\s+(?:\w+\s+)?(?:ikke|gerne|godt)(?=\s+(?:deltage|være med|starte|begynde|fortsætte|i\b|det\b|have)|"
    r"\s*[.!,;]|\s*$))",
    re.IGNORECASE,
)
_NEGATIVE = re.compile(
    r"\b(?:afslå\w*|afslog\w*|nægte\w*|modsæt\w* sig|modsatte sig|er imod|var imod|været imod|imod (?:det|forløbet|at)|"
    r"sig\w* (?:\w+ )?nej|sag\w* (?:\w+ )?nej|takke\w* (?:\w+ )?nej|protester\w*|afvis\w*|afviste|tvinge\w*|tvunget|"
    r"mod (?:sin|min|hendes|hans|deres) vilje|ufrivillig\w*|gider ikke|vil ikke tvinges|"
    r"klage\w* over at (?:skulle|være|blive) (?:henvist|sendt|deltage)|utilfreds med at (?:skulle|være))",
    re.IGNORECASE,
)
# a stance on something else than the course
_OTHER_OBJECT = re.compile(
    r"\b(?:førtidspension|fleksjob|pension\b|job\b|uddannelse|en anden sagsbehandler|anden sagsbehandler|aktindsigt|"
    r"bisidder|jobformidler|sundhedskoordinator|at klage|klage\b|revurder\w*|genoptag\w*|kontanthjælp\w*|ledig\w*|"
    r"løntilskud\w*|sygedagpenge\w*|praktik\w*|de tilbud|andre tilbud|mentor\w*|betænkningstid|"
    r"afgørelse\w*)",
    re.IGNORECASE,
)
_COURSE = re.compile(r"forløb|ressource|tilbud|deltage|fortsætte|\bdet\b|\bdette\b|henvis", re.IGNORECASE)
_CONDITIONAL = re.compile(
    r"\b(?:hvis|medmindre|såfremt|kun når|kun hvis|om (?:hun|han|borger\w*|personen|du|jeg)|hvorvidt|uanset om|"
    r"man|en borger|borgere|personer)\b",
    re.IGNORECASE,
)
_CONCESSIVE = re.compile(r"\s*(?:selvom|selv om|skønt|på trods af,? at|til trods for,? at)\b", re.IGNORECASE)
_THEN = re.compile(r"\b(?:dengang|den gang|i sin tid)\b", re.IGNORECASE)
_LATER = re.compile(
    r"\b(?:nu|senere|siden|efterfølgende|alligevel|i dag|ombestem\w*|fortryd\w*|faktisk|til sidst|endte med|"
    r"ikke længere)\b",
    re.IGNORECASE,
)
_TEAM_VERB = re.compile(
    r"\b(?:anbefal\w*|indstill\w*|foreslå\w*|foreslog|vurdere\w*|fandt|pegede på|peger på)", re.IGNORECASE
)
_TEAM_SAID = re.compile(r"\b(?:sagde|siger|sagt|mente|mener|skrev|skriver)\b", re.IGNORECASE)
_PENSION_INSTEAD = re.compile(r"førtidspension|fleksjob|seniorpension|pensionssag\w*|\bpension\b", re.IGNORECASE)


@dataclass(frozen=True)
class Stance:
    fact: str  # "wishes_course" | "team_recommended"
    value: bool
    words: str  # the clause it was read from
    start: int  # where the clause starts in the text
    confidence: float  # 0-1
    later: bool  # marked as a later change of mind


def _polarity(c: Clause, carried: int = 0) -> tuple[bool, float] | None:
    """The stance a clause takes (value, confidence), or None when it takes none; `carried`
    negations come from the clause that reports it."""
    text = c.text
    pos, neg = _POSITIVE.search(text), _NEGATIVE.search(text)
    if pos is None and neg is None:
        return None
    if neg is not None and (pos is None or neg.start() <= pos.start()):
        value, strong = False, True
        # a negation inside the negative verb's own phrase ("gider ikke") is not a second one
        negations = c.negations - len(re.findall(r"\bikke\b", neg.group(0), re.IGNORECASE))
    else:
        value, strong = True, True
        negations = c.negations
    negations += carried
    if negations % 2:
        value = not value
        strong = value is False  # "ikke ønsket" is clear; "modsatte sig ikke" is only consent
    return value, (0.9 if strong else 0.6)


def read_stances(text: str, first_person: Subject = "citizen") -> list[Stance]:
    """Every stance in `text`, in order. `first_person`: who "jeg"/"vi" is (a caseworker's
    note speaks of the citizen as "borgeren" and of itself as "jeg")."""
    out: list[Stance] = []
    parts = clauses(text)
    for i, c in enumerate(parts):
        concessive = _CONCESSIVE.match(c.text)
        # "…, selvom hun siger, at hun ikke vil?": the "at"-clause a concessive clause reports states a fact too
        conceded = bool(
            concessive
            or (
                i
                and re.match(r"(?i)\s*at\b", c.text)
                and parts[i - 1].sentence == c.sentence
                and _CONCESSIVE.match(parts[i - 1].text)
            )
        )
        if (
            # "kan de tvinge mig, selvom jeg ikke vil?": a concessive clause states a fact, even in a question
            (c.text.rstrip().endswith("?") and not conceded)
            or _CONDITIONAL.search(c.text[concessive.end() :] if concessive else c.text)  # "selv om hun …"
            or _THEN.search(c.text)
            # "jeg burde sige ja", "hun skal tage imod forløbet": what someone thinks she ought to do
            or re.search(r"(?i)\b(?:burde|bør)\b|\b(?:skal|skulle) (?:\w+ )?(?:tage imod|sige ja|acceptere)\b", c.text)
            or re.search(r"(?i)\bkun (?:sagde|sagt) ja\b|\bsagde kun ja\b", c.text)  # consent explained away
        ):
            continue  # a question, a condition, or a wish about an earlier course ("som hun dengang ønskede")
        subject = c.subject
        if subject == "citizen" and first_person != "citizen" and re.match(r"(?i)\s*(?:jeg|vi)\b", c.text):
            subject = first_person
        if (
            not c.own_subject
            and _TEAM_VERB.search(c.text)
            and re.match(r"(?i)\s*(?:og|men)?\s*(?:indstill|anbefal)", c.text)
            and any(p.subject == "team" and p.own_subject for p in parts[:i] if p.sentence == c.sentence)
        ):
            subject = "team"  # "Teamet var enigt i, at ..., og indstillede til et ressourceforløb"
        if subject == "team":
            # the team's view may sit in the "at"-clause after its verb ("teamet sagde, at hun
            # skulle have et ressourceforløb"); "sagde" is a recommendation only with a modal
            said, negated = c.text, c.negated
            if i + 1 < len(parts) and re.match(r"(?i)\s*at\b", parts[i + 1].text):
                said, negated = f"{c.text} {parts[i + 1].text}", c.negated != parts[i + 1].negated
            said_modal = _TEAM_SAID.search(c.text) and re.search(r"\b(?:skulle|skal|bør|burde)\b", said, re.I)
            if _TEAM_VERB.search(c.text) or said_modal:
                if _PENSION_INSTEAD.search(said) and not re.search(r"ressourceforløb", said, re.IGNORECASE):
                    out.append(Stance("team_recommended", negated, said, c.start, 0.8, False))
                elif re.search(r"forløb", said, re.IGNORECASE):
                    out.append(Stance("team_recommended", not negated, said, c.start, 0.9, False))
                continue
        if subject not in ("citizen", None):
            continue
        carried = 0
        reporter = None  # the clause that reports this one ("hun skriver i klagen, at ...")
        if i and re.match(r"(?i)\s*at\b", c.text):
            prev = parts[i - 1]
            reporter = prev if prev.sentence == c.sentence else None
            if prev.sentence == c.sentence and REPORTING.search(prev.text) and _polarity(prev) is None:
                if prev.subject in ("municipality", "team", "doctor", "other") or re.search(
                    r"(?i)\bi (?:afgørelsen|brevet|referatet|afslaget|indstillingen)\b", prev.text
                ):
                    continue  # what the jobcenter writes she said ("skriver, at han har accepteret") is its claim
                carried = int(prev.negated)
        pol = _polarity(c, carried)
        if pol is None:
            continue
        value, confidence = pol
        verb = _NEGATIVE.search(c.text) or _POSITIVE.search(c.text)
        after = c.text[verb.end() : verb.end() + 45] if verb else c.text
        if _OTHER_OBJECT.search(after) and not re.search(r"forløb|ressource", after, re.IGNORECASE):
            continue  # a wish for something else ("ønsker førtidspension", "bad om en ny sagsbehandler")
        if re.match(r"(?i)\s*(?:om )?at (?:stoppe|afslutte|afbryde|slippe|komme ud)", after) or re.match(
            r"(?i)\s*(?:\w+\s+){0,2}(?:afsluttet|stoppet|afbrudt|ophævet|bragt til ophør)\b", after
        ):
            value = not value  # "har ikke bedt om at stoppe": a wish to end the course, negated
        if not _COURSE.search(c.text) and not re.search(r"\bnej\b|\bja\b", c.text, re.IGNORECASE):
            confidence = min(confidence, 0.6)  # a stance without its object: the course is the topic
        if subject is None:
            confidence = min(confidence, 0.7)
        # what the complaint says ("i klagen skriver hun, at hun ikke vil") is later than the meeting
        reported_later = bool(
            reporter is not None and (_LATER.search(reporter.text) or re.search(r"(?i)\bklage\w*", reporter.text))
        )
        out.append(
            Stance("wishes_course", value, c.text, c.start, confidence, bool(_LATER.search(c.text)) or reported_later)
        )
    return out


@dataclass(frozen=True)
class Resolved:
    value: bool | None  # None: a conflict, or nothing read
    stance: Stance | None  # the reading the value comes from
    conflict: list[Stance]  # the readings that disagree (empty when none)
    note: str = ""


def resolve(readings: list[Stance], min_confidence: float = 0.6) -> Resolved:
    """One value from the readings of one fact: they agree, or a later change settles it;
    otherwise a conflict, which is reported and never silently resolved."""
    sure = [s for s in readings if s.confidence >= min_confidence]
    if not sure:
        return Resolved(None, None, [])
    values = {s.value for s in sure}
    if len(values) == 1:
        return Resolved(sure[-1].value, max(sure, key=lambda s: s.confidence), [])
    strong = [s for s in sure if s.confidence >= 0.8]
    if strong and len({s.value for s in strong}) == 1:
        # a clear stance outweighs a weak one ("modsatte sig ikke" beside "ønsker ikke")
        return Resolved(strong[-1].value, strong[-1], [], "en tydelig holdning vejer tungere end en svag")
    last = sure[-1]
    if last.later and all(s.value != last.value for s in sure[:-1] if s.start < last.start):
        return Resolved(last.value, last, [], "en senere ændring af holdningen")
    return Resolved(None, None, sure)

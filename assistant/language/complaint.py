"""What a complaint is about: its scope ("alene over varigheden") and the issues it contests.

Ankestyrelsen assesses what the complaint concerns. The issues are read from the sentences
that state the complaint ("klager over", "er uenig i", "mener ikke", a citizen's own letter);
an issue the complaint does not name is not contested, so the municipality's and the
rehabiliteringsteam's findings on it stand (see `presume`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.language.analysis import number_pattern
from rules import params as P


def _values(name: str) -> list[float]:
    return [pv.value for pv in P.values(name) if isinstance(pv.value, (int, float)) and not isinstance(pv.value, bool)]


_SIX = number_pattern(_values("years_before_pension_rule"))
_MONTHS = number_pattern(_values("rehab_team_months"))

# issue → words that name it (restored Danish letters, matched at word starts)
ISSUES: dict[str, str] = {
    "wish": r"ønsk\w*|vil ikke|ikke vil|tvunget|tvinge\w*|mod (?:min|sin|hendes|hans) vilje|imod|nej\b|henvis\w*|"
    r"(?:nyt|endnu et|andet|tredje|flere) (?:ressource)?forløb|deltage\w*|pligt",
    "age": r"alder\w*|for gammel|\bover (?:40|50)\b|\d{2} år gammel|\d{2}-årig",
    "total": r"i alt|samlet|samlede|allerede (?:haft|været)|tidligere forløb|flere forløb|mange år i",
    "pension": rf"folkepension\w*|pensionsalder\w*|\bpension\b|{_SIX} år til",
    "duration": r"varighed\w*|længde\w*|for lang\w*|for kort\w*|hvor længe|antal år|\d+[ -]år(?:igt|s)?\b.{0,20}forløb|"
    r"forløb\w* på \d+|forlæng\w*|tidsramme\w*|fastsat\w*|hvornår (?:\w+ )?(?:forløbet|det) (?:slutter|stopper|ophører)",
    "information": r"læ ?265|lægeattest\w*|lægeerklæring\w*|lægens|egen læge|oplyst|oplysning\w*|speciallæge\w*|"
    r"psykiat\w*|udtalelse\w*|journal\w*|forberedende del|undersøg\w*|dokumentation",
    "perspective": r"(?:ikke|intet|ingen)[\s,]+(?:\w+\s+){0,3}(?:udviklingsperspektiv\w*|forbedr\w*|blive bedre|bedre)|"
    r"kan ikke arbejde|ikke kan arbejde|for syg|aldrig (?:blive|bliver|kunne|komme)|ikke mere|"
    r"(?:ønsker|vil have|søger|skal have|mener,? at (?:hun|han|jeg) skal have) (?:\w+ )?førtidspension|"
    r"hjælper ikke|nytteløs\w*|meningsløs\w*|spild|helt åbenbart",
    "target_group": r"(?:ikke|ingen)[\s,]+(?:\w+\s+){0,3}(?:i\s+)?målgruppe\w*|ikke (?:har )?(?:\w+ )?komplekse|"
    r"ikke brug for (?:et )?(?:ressource)?forløb|klarer mig selv|kan sagtens|kun ledig|ikke (?:er )?syg nok",
    "reform": r"afskaff\w*|l 1750|reform\w*|ny lov|ikke længere bevilge\w*",
    "team": rf"rehabiliteringsteam\w*|teamet|{_MONTHS} måneder|halvt år|ingen tilbud|sket ingenting",
    "jobformidler": r"jobformidler\w*",
    "health_coordinator": r"sundhedskoordinator\w*|hensyn til (?:mit|hendes|hans) helbred",
}
_ISSUE_RE = {k: re.compile(rf"(?<![\w-])(?:{v})", re.IGNORECASE) for k, v in ISSUES.items()}

# a sentence that states the complaint (Ankestyrelsen's summary, a caseworker's note, a letter)
_COMPLAINT = re.compile(
    r"\b(?:klage\w*|anke\w*|uenig\w*|protester\w*|mener ikke|mener,? at|er ikke enig|finder ikke|anfør\w*|"
    r"gør gældende|gjort gældende|bestrider|bestred|utilfreds|ikke acceptere|vil have ændret|ønsker afgørelsen|"
    r"begrund\w* klagen|i klagen)",
    re.IGNORECASE,
)
_ONLY_DURATION = re.compile(
    r"\b(?:alene|kun|udelukkende|blot|bare)\b[^.]{0,40}?\b(?:varighed\w*|længde\w*|hvor længe|antal år|"
    r"tidsramme\w*)|(?:varighed\w*|længde\w*)[^.]{0,30}?\b(?:alene|kun|udelukkende)\b|"
    r"\bikke (?:uenig|utilfreds) i (?:selve )?(?:forløbet|henvisningen|bevillingen)[^.]{0,60}?(?:men|,)[^.]{0,60}?"
    r"(?:varighed\w*|længde\w*|for lang|for kort|antal år)",
    re.IGNORECASE,
)
_NOT_DURATION = re.compile(
    r"\b(?:klage\w*|uenig\w*)\s+(?:\w+\s+){0,2}?ikke\b[^.,]{0,30}?\b(?:varighed\w*|længde\w*)|"
    r"\b(?:varighed\w*|længde\w*)\b[^.]{0,40}?\b(?:bestrides|er ikke (?:omstridt|påklaget)|klages der ikke over)",
    re.IGNORECASE,
)


# "kommunen bestrider ikke …", "ikke bestrider": the municipality's position, not the complaint
_NEGATED_CUE = re.compile(r"\b(?:ikke|kommunen|jobcent\w*)\s*(?:\w+\s+)?$", re.IGNORECASE)


@dataclass
class ComplaintReading:
    issues: set[str] = field(default_factory=set)  # contested issues (ISSUES keys)
    words: dict[str, str] = field(default_factory=dict)  # issue → the words it was read from
    only_duration: str | None = None  # the words saying only the length is contested
    not_duration: str | None = None  # the words saying the length is not contested
    stated: bool = False  # the text states a complaint at all


def read_complaint(text: str, sentences: list[str], letter: bool) -> ComplaintReading:
    """The complaint's scope and issues. `letter`: the text is the citizen's own complaint,
    so every sentence states it."""
    out = ComplaintReading()
    stating = [s for s in sentences if (m := _COMPLAINT.search(s)) and not _NEGATED_CUE.search(s[: m.start()])]
    if letter:
        stating = sentences
    out.stated = bool(stating)
    for s in stating:
        for issue, rx in _ISSUE_RE.items():
            if issue not in out.issues and (m := rx.search(s)):
                out.issues.add(issue)
                out.words[issue] = m.group(0)
    if m := _ONLY_DURATION.search(text):
        out.only_duration = m.group(0)
        out.issues.add("duration")
    if m := _NOT_DURATION.search(text):
        out.not_duration = m.group(0)
        out.issues.discard("duration")
    return out

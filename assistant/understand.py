"""What a message is about: the topic, whether it is in scope, and instructions to ignore.

Deliberately rule-based: every routing decision can be read and tested, and an
instruction hidden in a question ("ignorer dine instrukser …") is recognised and
dropped, never obeyed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .text import fold, language_of

# Topic → folded patterns (word starts). Order matters only for ties.
TOPICS: dict[str, str] = {
    "status": r"bevilge nye|holdt op|ophort med|ikke (?:laengere|mere) (?:kan|bevilge|fa)|kan jeg (?:stadig |fortsat |nu )?(?:fa|soge)|kan man (?:stadig |fortsat )?(?:fa|soge)|findes (?:der )?(?:stadig|fortsat)|afskaf|nedlag|l 1750|reform|stadig (?:fa|give|bevilge)|(?:nye|ny) borgere|i dag\b|bevilge (?:et )?nyt? .*20(?:26|27)",
    "duration": r"varighed|laenge|laengde|hvor lang|hvor kort|\bkort (?:ressource)?forlob|(?:pa|i) \d+ maneder|hojst|mindst|\b[1-9] ?-?arig|(?:pa|i) [1-9] ar\b|maksim|minim|tre ar|fem ar|forlaeng",
    "repeat": r"flere (?:ressource)?forlob|nyt (?:ressource)?forlob|endnu et|et andet (?:ressource)?forlob|et tredje|tredje forlob|igen|kraeve|tvinge|sende mig|pligt|sige nej|sige ja|afvise|onsker|ikke vil\b|vil ikke|ikke har lyst|\d+ (?:ressource ?)?forlob|over (?:40|50)|mellem 40 og 50|40 og 50|\b(?:4\d|5\d|6\d)\b ar|\b(?:4\d|5\d|6\d)-arig|jeg er (?:4\d|5\d|6\d)",
    "pension_6y": r"folkepension|pensionsalder|6 ar til|seks ar til|6 ar fra|tæt pa pension|taet pa pension",
    "rehab_team": r"(?:efter|uden|inden for|inden) (?:6|seks) maneder|(?:6|seks) maneder (?:efter|uden)|halvt ar|ikke (?:er )?(?:kommet|startet) i gang|ingen tilbud|ikke (?:\w+ )?faet (?:et )?tilbud|endnu ikke (?:\w+ )?(?:faet|startet|begyndt)|sker ingenting|forelaegge|rehabiliteringsteam|rehabiliteringsteamet|teamet|\bmode(?:t)? i\b|genbehandl",
    "jobformidler": r"jobformidler|finde (?:et )?job|arbejdsgiver|personlig formidler",
    "health_coordinator": r"sundhedskoordinator|sundhedskordinator|helbred.*tilbud|tilbud.*helbred|ryg.*praktik|praktik.*(?:ryg|helbred|syg)|kan ikke holde til",
    "case_info": r"lae ?265|lae?geattest|lae?geerklaering|\blaege\b|\blaegen\b|ugyldig|forberedende del|oplyst|hjemvis|mangelfuld|speciallaeg|psykiatri",
    "development": r"udviklingsperspektiv|forbedre|arbejdsevne|fortidspension|aldrig (?:kan|kommer)|ikke kan arbejde|kan ikke arbejde|uarbejdsdygtig|blive bedre|livskvalitet|behandlingsmulighed",
    "target_group": r"malgruppe|betingelse|hvem kan|kan jeg fa|kan man fa|komme i (?:et )?(?:ressource)?forlob|komplekse|kontanthjaelp|sygedagpenge|tvaerfaglig",
    "complaint": r"klage|anke|ankestyrelsen|uenig|4 uger|fire uger|omgor",
    "content": r"indhold|hvad (?:indeholder|bestar)|tilbud i|mentor|praktik|behandling i|aktiviteter",
    "definition": r"hvad er (?:et )?ressourceforlob|hvad betyder|forklar",
    "ending": r"slutter|afslutning|afsluttet|udlober|hvad (?:der )?(?:sa )?skal ske|efter forlobet",
    "authority": r"naermere regler|fastsaetter (?:de )?(?:naermere )?regler|bemyndig|minister",
    "transitional": r"overgang|for 1\. januar 2022|startet for 2022|paabegyndt for|bevilget (?:i|for) (?:december|november|oktober) 2021|l 1160",
}
_COMPILED = {k: re.compile(r"(?<![a-z0-9])(?:" + v + ")") for k, v in TOPICS.items()}

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
    "offtopic": r"opskrift|vejret|fodbold|vittighed|joke|digt|kage|aftensmad|film\b|musik",
}
_OOS = {k: re.compile(v) for k, v in OUT_OF_SCOPE.items()}

OWN_DECISION = re.compile(
    r"(?:^|[.!?]\s*)afgor\b|\bafgor,? om\b|afgor (?:det|min sag|sagen)|traef (?:afgorelsen|beslutningen)|beslut (?:for mig|det)|"
    r"giv mig (?:en )?afgorelse|bevilg mig|skal jeg have (?:fortidspension|ressourceforlob)\?? (?:afgor|beslut)"
)

INJECTION = re.compile(
    r"ignor[ée]r\w*\s+(?:\w+\s+){0,3}(?:instruks|instruktion|regler|tidligere|ovenstaende|kilder)|"
    r"ignore\s+(?:\w+\s+){0,3}(?:instructions|rules|previous)|glem\s+(?:\w+\s+){0,3}(?:instruks|regler)|"
    r"du er nu\b|lad som om|foregiv|sig at\b|skriv at\b|svar at\b|system ?prompt|forget (?:your|all)|"
    r"you are now|pretend|act as"
)


@dataclass
class Understanding:
    topics: list[str]
    in_scope: bool
    scope_reason: str | None = None  # amount | tax | other_law | offtopic | language | own_decision
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


def understand(text: str) -> Understanding:
    cleaned, injection = _strip_injection(text)
    folded = fold(cleaned or text)
    lang = language_of(text)
    if lang in ("en", "other"):
        return Understanding([], False, "language", injection, cleaned)
    topics = [t for t, rx in _COMPILED.items() if rx.search(folded)]
    domain = bool(DOMAIN.search(folded))
    if OWN_DECISION.search(folded):
        return Understanding(topics, False, "own_decision", injection, cleaned)
    for reason, rx in _OOS.items():
        if rx.search(folded) and not (reason == "offtopic" and domain):
            if reason in ("amount", "tax") or not domain or not topics:
                return Understanding(topics, False, reason, injection, cleaned)
    if not domain and not topics:
        from .refs import find_refs

        if find_refs(cleaned or text):  # "sag 7", "PM 58-18": a source is named
            return Understanding([], True, None, injection, cleaned)
        return Understanding([], False, "offtopic", injection, cleaned)
    return Understanding(topics, True, None, injection, cleaned)

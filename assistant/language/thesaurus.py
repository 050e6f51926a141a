"""Everyday Danish → the words the law and the practice use.

Citizens ask "hvor længe", "kan de tvinge mig", "min læge siger"; the sources say
"varighed", "medmindre personen ønsker det", "LÆ 265". Each entry adds the legal
words to the lexical query (never to the dense query, which handles paraphrase itself).
Patterns are matched on folded text (`ø`→`o`, `æ`→`ae`, `å`→`a`), at word starts.
"""

from __future__ import annotations

import re

from assistant.language.analysis import fold, number_pattern
from rules import params as P

# the months after which a course without an effort goes back to the rehabiliteringsteam (LAB § 113, stk. 2)
_TEAM_MONTHS = [pv.value for pv in P.values("rehab_team_months") if pv.value is not None]

_ENTRIES: list[tuple[str, str]] = [
    (
        r"(?:pa|i|af|over|under) \d+ (?:ar|ars|maned|maneder)\b|\d+ ?-?arig|\d+ ars\b|langt?e? tid|laenge|laengde|varer?\b|kort\b|korteste|minimum|maksimum|maksimal|hojst|mindst",
        "varighed",
    ),
    (r"tvinge|tvunget|pligt|sige nej|afvise|afsla|naegte|kraeve|forlange", "kræve ønsker det"),
    (r"ikke (?:selv )?vil\b|vil ikke|onsker ikke|har ikke lyst", "ønsker"),
    (r"praktik", "virksomhedspraktik tilbud"),
    (r"laegeattest|laegeerklaering|min laege|egen laege", "LÆ 265 praktiserende læge helbredsoplysninger"),
    (r"pension(?!s?alder)", "førtidspension folkepension"),
    (r"pensionsalder|pensionsald|pensionere", "folkepensionsalderen"),
    (r"syg|ondt|smerte|diagnose|helbred", "helbredstilstand helbredsmæssige"),
    (r"kontanthjaelp|sygedagpenge|forsorgelse|ydelse", "offentlig forsørgelse"),
    (r"klage|anke", "Ankestyrelsen afgørelse"),
    (
        rf"halvt ar|{number_pattern(_TEAM_MONTHS)} maneder",
        " ".join(f"{int(m)} måneder" for m in sorted(set(_TEAM_MONTHS))),
    ),
    (r"i kraft|ikrafttraed|gaeldende fra|gaelder fra", "træder i kraft"),
    (r"blive bedre|forbedre|rask|udvikle", "udviklingsperspektiv arbejdsevnen forbedres"),
    (
        r"aldrig (?:kan|kommer|vil)|kan ikke arbejde|ude af stand",
        "arbejdsevnen ikke kan forbedres dokumenteret åbenbart",
    ),
    (r"hjaelp til at finde|finde (?:et )?job|arbejdsgiver", "jobformidler"),
    (r"sagsbehandler", "koordinerende sagsbehandler"),
    (r"flere forlob|nyt forlob|endnu et|et andet|gentag", "flere på hinanden følgende ressourceforløb"),
    (r"afskaff|nedlag|stadig|fortsat|reform|ny lov|i dag\b|nu\b", "afskaffelse nye borgere"),
    (r"plan\b|planen", "rehabiliteringsplanen"),
    (r"team|mode med kommunen", "rehabiliteringsteamet"),
]
_COMPILED = [(re.compile(r"(?<![a-z0-9])(?:" + p + ")"), exp) for p, exp in _ENTRIES]


def expansions(question: str) -> str:
    """The legal words the question's everyday phrasing points to ('' if none)."""
    folded = fold(question)
    return " ".join(dict.fromkeys(exp for rx, exp in _COMPILED if rx.search(folded)))

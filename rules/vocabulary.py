"""The fact vocabulary: every fact of `Facts` with its type, its Danish label, the question that
asks for it (to a caseworker and to a citizen), the yes/no condition it states, and the rules
that read it.

One vocabulary for the rules core, the dialogue (which fact to ask for next, and how) and the
evaluation harness (which facts a declined case lacks). A new fact is a field of `Facts` and
an entry here; a test checks that the two agree.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import typing
from dataclasses import dataclass
from functools import lru_cache

from rules.facts import COURSE_DECISIONS, EFFORT_DECISIONS, Facts, FactsError


@dataclass(frozen=True)
class FactSpec:
    name: str
    type: str  # "date" | "int" | "float" | "bool" | "decision"
    label: str  # Danish, for reports: "alder", "ønsker selv forløbet"
    ask: str | None  # the question to a caseworker (None: not asked in a conversation)
    ask_citizen: str | None  # the question to the citizen ("du")
    condition: str | None = None  # for a yes/no fact: the condition it states ("borgeren selv ønsker forløbet")
    rules: tuple[str, ...] = ()  # the rules of the rules core that read it
    exception: bool = False  # an exception the law states ("dog ikke, hvis …"): said as "medmindre …", not asked


# The law's own exceptions to a rule ("Det gælder dog ikke, hvis særlige grunde taler imod"): when
# nothing is said about one, the answer gives the rule with "medmindre …" instead of two branches.
EXCEPTIONS = frozenset({"special_reasons_against_team"})

# name: (label, ask caseworker, ask citizen, condition)
_ENTRIES: dict[str, tuple[str, str | None, str | None, str | None]] = {
    "decision_date": ("afgørelsens dato", "Hvornår traf kommunen afgørelsen?", "Hvornår fik du afgørelsen?", None),
    "decision": (
        "afgørelsens art",
        "Hvad har kommunen besluttet (bevilget, stoppet eller givet afslag på et forløb)?",
        "Hvad har kommunen besluttet: fik du et forløb, blev det stoppet, eller fik du afslag?",
        None,
    ),
    "birth_date": ("fødselsdato", "Hvornår er borgeren født?", "Hvornår er du født?", None),
    "born_from": ("født tidligst", None, None, None),
    "born_to": ("født senest", None, None, None),
    "age": ("alder", "Hvor gammel er borgeren (eller hvornår er vedkommende født)?", "Hvor gammel er du?", None),
    "age_over": ("over en alder", None, None, None),
    "age_under": ("under en alder", None, None, None),
    "granted_years": (
        "forløbets længde",
        "Hvor langt et forløb har kommunen bevilget?",
        "Hvor langt et forløb har du fået?",
        None,
    ),
    "duration_fixed": (
        "varigheden er fastsat",
        "Har kommunen fastsat forløbets præcise varighed?",
        "Står der i afgørelsen, hvor længe forløbet varer?",
        "kommunen har fastsat forløbets varighed",
    ),
    "previous_courses": (
        "tidligere forløb",
        "Har borgeren tidligere været i et ressourceforløb?",
        "Har du været i et ressourceforløb før?",
        None,
    ),
    "previous_years_total": (
        "tid i tidligere forløb",
        "Hvor lang tid har borgeren i alt været i ressourceforløb?",
        "Hvor lang tid har du i alt været i ressourceforløb?",
        None,
    ),
    "wishes_course": (
        "ønsker selv forløbet",
        "Ønsker borgeren selv et (nyt) ressourceforløb?",
        "Ønsker du selv et (nyt) ressourceforløb?",
        "borgeren selv ønsker forløbet",
    ),
    "course_start": ("forløbets start", "Hvornår begyndte forløbet?", "Hvornår begyndte dit forløb?", None),
    "course_granted_on": ("forløbet bevilget", "Hvornår blev forløbet bevilget?", "Hvornår fik du forløbet?", None),
    "in_course": (
        "er i forløb",
        "Er borgeren i et ressourceforløb nu?",
        "Er du i et ressourceforløb nu?",
        "borgeren er i et ressourceforløb",
    ),
    "complex_problems": (
        "komplekse problemer",
        "Har borgeren komplekse problemer ud over ledighed?",
        None,
        "borgeren har komplekse problemer ud over ledighed",
    ),
    "long_public_support": (
        "længerevarende offentlig forsørgelse",
        "Har borgeren modtaget offentlig forsørgelse i længere tid?",
        None,
        "borgeren har modtaget længerevarende offentlig forsørgelse",
    ),
    "participated_without_progress": (
        "tilbud uden fremgang",
        "Har borgeren deltaget i tilbud uden at komme tættere på arbejdsmarkedet?",
        None,
        "borgeren har deltaget i tilbud uden øget tilknytning til arbejdsmarkedet",
    ),
    "needs_long_effort": (
        "behov for længerevarende indsats",
        "Er der behov for en længerevarende indsats, før et beskæftigelsesmål kan fastsættes?",
        None,
        "der er behov for en længerevarende indsats",
    ),
    "interdisciplinary_need": (
        "tværfaglig indsats",
        "Kræver indsatsen flere fagområder (tværfaglig)?",
        None,
        "indsatsen skal være tværfaglig",
    ),
    "target_group_undisputed": ("målgruppen er ikke bestridt", None, None, "målgruppen ikke er bestridt"),
    "treatment_options": (
        "behandlingsmuligheder",
        "Er der relevante behandlingsmuligheder?",
        None,
        "der er relevante behandlingsmuligheder",
    ),
    "work_capacity_clarified": (
        "arbejdsevnen er afklaret",
        "Er arbejdsevnen afklaret og prøvet udviklet?",
        None,
        "arbejdsevnen allerede er afklaret",
    ),
    "motivation_factor": ("motivation", None, None, "den manglende afklaring også skyldes motivation"),
    "support_measures_relevant": ("støttende indsatser", None, None, "der kan peges på støttende indsatser"),
    "documented_no_improvement": (
        "dokumenteret uden bedring",
        "Er det dokumenteret, at arbejdsevnen ikke kan forbedres?",
        None,
        "det er dokumenteret, at arbejdsevnen ikke kan forbedres",
    ),
    "no_improvement_possible": ("ingen mulighed for bedring", None, None, "der ikke er mulighed for bedring"),
    "only_quality_of_life": ("alene livskvalitet", None, None, "indsatsen alene sigter på livskvalitet"),
    "perspective_undisputed": ("perspektivet er ikke bestridt", None, None, "udviklingsperspektivet ikke er bestridt"),
    "lae265_current": ("aktuel LÆ 265", "Foreligger der en aktuel LÆ 265?", None, "der foreligger en aktuel LÆ 265"),
    "preparatory_part_current": (
        "opdateret forberedende del",
        "Er rehabiliteringsplanens forberedende del opdateret?",
        None,
        "den forberedende del er opdateret",
    ),
    "specialist_info_missing": (
        "manglende specialistoplysninger",
        "Mangler der speciallæge- eller andre helbredsoplysninger?",
        None,
        "der mangler speciallæge- eller andre helbredsoplysninger",
    ),
    "defect_immaterial": ("manglen er uden betydning", None, None, "manglen er uden betydning for afgørelsen"),
    "team_treated": (
        "forelagt rehabiliteringsteamet",
        "Har sagen været forelagt rehabiliteringsteamet, før kommunen traf afgørelsen?",
        "Har din sag været på et møde i rehabiliteringsteamet, før kommunen traf afgørelsen?",
        "sagen er forelagt rehabiliteringsteamet før afgørelsen",
    ),
    "months_without_offer": (
        "måneder uden indsats",
        "Hvor mange måneder er gået, uden at borgeren er begyndt på en indsats?",
        "Hvor længe har du været i forløbet uden at begynde på et tilbud?",
        None,
    ),
    "special_reasons_against_team": (
        "særlige grunde mod forelæggelse",
        None,
        None,
        "særlige grunde taler imod at forelægge sagen",
    ),
    "offer_disregards_health": (
        "tilbuddet tager ikke hensyn til helbredet",
        "Mener borgeren, at tilbuddet ikke tager hensyn til helbredet?",
        "Mener du, at tilbuddet ikke tager hensyn til dit helbred?",
        "tilbuddet ikke tager hensyn til helbredet",
    ),
    "jobformidler_guidance_given": ("vejledt om jobformidler", None, None, "borgeren er vejledt om jobformidleren"),
    "offer_started": (
        "tilbuddet var påbegyndt",
        "Var tilbuddet påbegyndt, da borgeren bad om samtalen med sundhedskoordinatoren?",
        "Var du startet i tilbuddet, da du bad om samtalen med sundhedskoordinatoren?",
        "tilbuddet var påbegyndt, da borgeren bad om samtalen",
    ),
    "talk_granted": (
        "samtalen er givet",
        "Har jobcenteret givet borgeren samtalen med sundhedskoordinatoren (også til senere)?",
        "Har jobcenteret givet dig en samtale med sundhedskoordinatoren?",
        "jobcenteret har givet samtalen",
    ),
    "complaint_only_duration": (
        "klagen angår kun længden",
        "Angår klagen kun forløbets længde?",
        "Klager du kun over, hvor længe forløbet varer?",
        "klagen kun angår længden",
    ),
    "duration_contested": (
        "varigheden er påklaget",
        "Klager borgeren også over forløbets længde?",
        "Klager du også over, hvor længe forløbet varer?",
        "varigheden er påklaget",
    ),
}


def _kind(name: str, hint: object) -> str:
    if name == "decision":
        return "decision"
    args = typing.get_args(hint)
    base = next((a for a in args if a is not type(None)), hint)
    names: dict[object, str] = {dt.date: "date", int: "int", float: "float", bool: "bool"}
    return names.get(base, "str")


@lru_cache(maxsize=1)
def _readers() -> dict[str, tuple[str, ...]]:
    """The rules that read each fact, from the rules' own traces over one case of each kind of decision."""
    from rules.registry import all_rules

    seen: dict[str, set[str]] = {}
    day = dt.date(2023, 5, 1)
    for kind in COURSE_DECISIONS + EFFORT_DECISIONS:
        for with_date in (day, dt.date(2021, 6, 1)):
            try:
                facts = Facts(
                    decision_date=with_date,
                    decision=kind,
                    course_start=dt.date(2021, 1, 1),
                    in_course=True,
                    wishes_course=False,
                    previous_courses=1,
                )
            except FactsError:  # pragma: no cover - the facts above are consistent
                continue
            for rule, fn in all_rules().items():
                for step in fn(facts).trace:
                    if step.get("step") == "fact":
                        seen.setdefault(str(step["name"]), set()).add(rule)
    return {k: tuple(sorted(v)) for k, v in seen.items()}


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, FactSpec]:
    """Every fact of `Facts`, in field order."""
    hints = typing.get_type_hints(Facts)
    readers = _readers()
    out: dict[str, FactSpec] = {}
    for f in dataclasses.fields(Facts):
        label, ask, ask_citizen, condition = _ENTRIES[f.name]
        out[f.name] = FactSpec(
            f.name,
            _kind(f.name, hints[f.name]),
            label,
            ask,
            ask_citizen,
            condition,
            readers.get(f.name, ()),
            f.name in EXCEPTIONS,
        )
    return out


def question(name: str, citizen: bool = False) -> str | None:
    """The question that asks for fact `name` (None when it is not asked in a conversation)."""
    spec = vocabulary().get(name)
    if spec is None:
        return None
    return (spec.ask_citizen or spec.ask) if citizen else spec.ask

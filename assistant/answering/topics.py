"""The topics the assistant can speak about, each declared once.

A topic is a provision (or a group of them) with: its cues (folded word starts that point to
it in a question), the rules of the rules core it runs, the facts those rules read, the
builder that writes its sentences, and how facts can bring it into an answer the question
did not name. Routing (`understand`), the verdict (`verdict`), the pipeline and the
composer all read this registry; numbers and dates in cues come from `rules/params`.

Adding a provision touches three places: its parameters in `rules/params`, its rule as a
module of `rules/` marked `@register(...)` (found by `rules.registry`), and one `Topic` here
whose sentences are declared with it (`build=C.saying(C.Say(...))`). The older topics keep
their hand-written builders in `compose`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from assistant.answering import compose as C
from assistant.language.analysis import fold, number_pattern
from assistant.language.dates import MONTH_NAMES, dk_date
from assistant.language.facts import KnownFacts
from rules import params as P
from rules.dates import add_months
from rules.pension import six_year_rule_in_view_from

Builder = Callable[[C.Draft, KnownFacts], None]
Lead = Callable[[C.Draft, KnownFacts, str], None]
BringIn = Callable[[KnownFacts, dt.date, list[str]], bool]


@dataclass(frozen=True)
class Topic:
    name: str
    cues: str  # folded regex alternatives, matched at word starts
    build: Builder | None = None  # the topic's sentences, after the verdict
    lead: Lead | None = None  # sentences before the verdict (given the question)
    rules: tuple[str, ...] = ()  # rules of the rules core whose verdict leads the answer
    facts: tuple[str, ...] = ()  # the facts those rules read
    about_new_course: bool = False  # after L 1750/2025 the answer opens with the abolition
    near_pension: bool = False  # a person near folkepensionsalderen brings in the 6-year rule here
    closing: Builder | None = None  # what a citizen who got a verdict is also told, briefly
    brought_in_by: BringIn | None = None  # facts that make the topic relevant unasked
    presumes: tuple[tuple[str, Any], ...] = ()  # facts the question itself implies, unless stated


def _values(name: str) -> list[float]:
    return [pv.value for pv in P.values(name) if isinstance(pv.value, (int, float)) and not isinstance(pv.value, bool)]


def _n(name: str) -> str:
    return number_pattern(_values(name))


def _digits(name: str) -> str:
    return number_pattern(_values(name), words=False)


def _reform_cues() -> str:
    day = C.REFORM_DAY
    before = [add_months(day, -k) for k in (1, 2, 3)]
    granted = "|".join(f"bevilget (?:i|for) {MONTH_NAMES[b.month - 1]} {b.year}" for b in before)
    return f"overgang|for {re.escape(fold(dk_date(day)))}|startet for {day.year}|paabegyndt for|{granted}|l 1160"


def _status_years() -> str:
    year = C.abolished_from().year
    return f"(?:{year}|{year + 1})"


def _repeat_ages() -> str:
    lower, limits = _values("total_limit_lower_age"), _values("repeat_age_limit")
    upper = [v for v in limits if v not in lower] or limits
    lo, hi = number_pattern(lower, words=False), number_pattern(upper, words=False)
    return f"over {number_pattern(lower + limits, words=False)}|mellem {lo} og {hi}|{lo} og {hi}"


def _started_before_reform(facts: KnownFacts, day: dt.date, topics: list[str]) -> bool:
    """A course begun before the 2022 reform that runs on the reform day or after it (asked
    then, or granted for long enough to reach it: "startede i 2020 på 5 år … fra nytår")."""
    start = facts.get("course_start") or facts.get("course_granted_on")
    if not isinstance(start, dt.date) or start >= C.REFORM_DAY:
        return False
    years = facts.get("granted_years")
    return day >= C.REFORM_DAY or (
        isinstance(years, (int, float)) and add_months(start, round(years * 12)) > C.REFORM_DAY
    )


def _near_pension(facts: KnownFacts, day: dt.date, topics: list[str]) -> bool:
    """The 6-year rule may bear on a course now (see `rules.pension.six_year_rule_in_view_from`)."""
    limit = six_year_rule_in_view_from(day)
    age, year = facts.get("age"), facts.birth_year_known()
    near = (
        (age is not None and age >= limit)
        or (year is not None and day.year - year >= limit)
        or facts.get("age_over", 0) >= limit
    )
    return near and (any(BY_NAME[t].near_pension for t in topics if t in BY_NAME) or not topics)


TOPICS: tuple[Topic, ...] = (
    Topic(
        "status",
        r"bevilge nye|holdt op|ophort med|ikke (?:laengere|mere) (?:kan|bevilge|fa)|kan jeg (?:stadig |fortsat |nu )?(?:fa|soge)|kan man (?:stadig |fortsat )?(?:fa|soge)|findes (?:der )?(?:stadig|fortsat)|afskaf|nedlag|l 1750|reform|stadig (?:fa|give|bevilge)|(?:nye|ny) borgere|i dag\b|bevilge (?:et )?nyt? .*"
        + _status_years(),
        lead=C.status,
        rules=("new_course_after_reform",),
        facts=("decision_date",),
        about_new_course=True,
        near_pension=True,
    ),
    Topic(
        "duration",
        r"varighed|laenge|laengde|hvor lang|hvor kort|\bkort (?:ressource)?forlob|(?:pa|i) \d+ maneder|hojst|mindst|\b[1-9] ?-?arig|(?:pa|i) [1-9] ar\b|maksim|minim|tre ar|fem ar|forlaeng|barsel|sorgorlov",
        build=C.duration,
        rules=("duration",),
        facts=("granted_years", "decision", "course_start", "duration_fixed"),
        about_new_course=True,
        near_pension=True,
    ),
    Topic(
        "repeat",
        r"flere (?:ressource)?forlob|nyt (?:ressource)?forlob|endnu et|et andet (?:ressource)?forlob|et tredje|tredje forlob|igen|kraeve|tvinge|sende mig|pligt|sige nej|sige ja|afvise|onsker|ikke vil\b|vil ikke|ikke har lyst|\d+ (?:ressource ?)?forlob|"
        + _repeat_ages()
        + r"|\b(?:4\d|5\d|6\d)\b ar|\b(?:4\d|5\d|6\d)-arig|jeg er (?:4\d|5\d|6\d)",
        build=C.repeat,
        rules=("repeated_courses",),
        presumes=(("decision", "bevilget"),),
        facts=("age", "birth_date", "previous_courses", "previous_years_total", "wishes_course", "decision"),
        about_new_course=True,
        near_pension=True,
    ),
    Topic(
        "pension_6y",
        rf"folkepension|pensionsalder|{_digits('years_before_pension_rule')} ar til|seks ar til|{_digits('years_before_pension_rule')} ar fra|tæt pa pension|taet pa pension|"
        rf"(?:{_digits('years_before_pension_rule')}|seks) ?-?ars ?-?regl|for gammel|for tæt pa|for taet pa",
        build=C.pension_6y,
        rules=("six_years_before_pension", "pension_age"),
        presumes=(("decision", "bevilget"),),  # "er jeg for gammel til et forløb?" asks about starting one
        facts=("age", "birth_date", "wishes_course", "course_start", "decision"),
        about_new_course=True,
        brought_in_by=_near_pension,
    ),
    Topic(
        "rehab_team",
        rf"(?:efter|uden|inden for|inden) {_n('rehab_team_months')} maneder|{_n('rehab_team_months')} maneder (?:efter|uden)|halvt ar|ikke (?:er )?(?:kommet|startet) i gang|ingen tilbud|ikke (?:\w+ )?faet (?:et )?tilbud|endnu ikke (?:\w+ )?(?:faet|startet|begyndt)|sker ingenting|forelaegge|rehabiliteringsteam|rehabiliteringsteamet|teamet|\bmode(?:t)? i\b|genbehandl",
        build=C.rehab_team,
        rules=("rehabilitation_team",),
        facts=("months_without_offer", "course_start", "special_reasons_against_team"),
    ),
    Topic(
        "jobformidler",
        r"jobformidler|finde (?:et )?job|arbejdsgiver|personlig formidler",
        build=C.jobformidler,
        rules=("jobformidler",),
        facts=("in_course", "course_start"),
    ),
    Topic(
        "health_coordinator",
        r"sundhedskoordinator|sundhedskordinator|helbred.*tilbud|tilbud.*helbred|ryg.*praktik|praktik.*(?:ryg|helbred|syg)|kan ikke holde til",
        build=C.health_coordinator,
        rules=("health_coordinator",),
        facts=("offer_disregards_health",),
    ),
    Topic(
        "case_info",
        r"lae ?265|lae?geattest|lae?geerklaering|\blaege\b|\blaegen\b|ugyldig|forberedende del|oplyst|hjemvis|mangelfuld|speciallaeg|psykiatri",
        build=C.case_info,
        rules=("case_information",),
        facts=("lae265_current", "preparatory_part_current", "specialist_info_missing", "defect_immaterial"),
    ),
    Topic(
        "development",
        r"udviklingsperspektiv|forbedre|arbejdsevne|fortidspension|aldrig (?:kan|kommer)|ikke kan arbejde|kan ikke arbejde|uarbejdsdygtig|blive bedre|(?:bliver|blive) (?:aldrig |ikke )?rask|livskvalitet|behandlingsmulighed",
        build=C.development,
        rules=("development_perspective", "disability_pension_path"),
        facts=("treatment_options", "work_capacity_clarified", "documented_no_improvement", "no_improvement_possible"),
        about_new_course=True,
        near_pension=True,
    ),
    Topic(
        "target_group",
        r"malgruppe|betingelse|hvem kan|kan jeg fa|kan man fa|komme i (?:et )?(?:ressource)?forlob|komplekse|kontanthjaelp|sygedagpenge|tvaerfaglig",
        build=C.target_group,
        rules=("target_group", "development_perspective"),
        facts=(
            "complex_problems",
            "long_public_support",
            "participated_without_progress",
            "needs_long_effort",
            "interdisciplinary_need",
        ),
        about_new_course=True,
        near_pension=True,
    ),
    Topic(
        "complaint",
        rf"klage|anke|ankestyrelsen|uenig|{_n('complaint_deadline_weeks')} uger|omgor",
        build=C.complaint,
        closing=C.complaint_brief,
    ),
    Topic(
        "late_refund",
        r"refusion|hjemtag|berigtig",
        rules=("late_refund",),
        facts=("course_start",),
        build=C.saying(
            C.Say(
                "For tilbud og mentorstøtte til og med den {late_refund_efforts_until} til personer i ressourceforløb, "
                "som der ikke er hjemtaget refusion for, kan kommunen berigtige og hjemtage refusion i "
                "{late_refund_claims_from_year} eller senere.",
                ref="L 1160/2021 § 7, stk. 6",
                quote="kan kommunen berigtige og hjemtage refusion i {late_refund_claims_from_year} eller senere",
                slots=("late_refund_efforts_until", "late_refund_claims_from_year"),
            )
        ),
    ),
    Topic(
        "content",
        r"indhold|indehold|hvad (?:indeholder|bestar)|tilbud i|mentor|praktik|behandling i|aktiviteter",
        build=C.content,
    ),
    Topic(
        "definition", r"hvad er (?:et )?ressourceforlob|hvad betyder|forklar", build=C.definition, about_new_course=True
    ),
    Topic(
        "ending", r"slutter|afslutning|afsluttet|udlober|hvad (?:der )?(?:sa )?skal ske|efter forlobet", build=C.ending
    ),
    Topic(
        "authority", r"naermere regler|fastsaetter (?:de )?(?:naermere )?regler|bemyndig|minister", build=C.authority
    ),
    Topic(
        "transitional",
        _reform_cues(),
        build=C.transitional,
        facts=("course_start", "course_granted_on"),
        brought_in_by=_started_before_reform,
    ),
)
BY_NAME: dict[str, Topic] = {t.name: t for t in TOPICS}
_PATTERNS: dict[str, re.Pattern[str]] = {t.name: re.compile(r"(?<![a-z0-9])(?:" + t.cues + ")") for t in TOPICS}


def topics_in(folded: str) -> list[str]:
    """The topics whose cues occur in the (folded) text, in registry order."""
    return [t.name for t in TOPICS if _PATTERNS[t.name].search(folded)]


def with_fact_topics(topics: list[str], facts: KnownFacts, day: dt.date) -> list[str]:
    """Facts can make a rule relevant the question did not name: a course begun before the 2022
    reform brings in the transitional rules, a person near folkepensionsalderen the 6-year rule."""
    out = list(topics)
    for topic in TOPICS:
        if topic.brought_in_by is not None and topic.name not in out and topic.brought_in_by(facts, day, out):
            out.append(topic.name)
    return out


# the setting of a question (when, whether a course runs), not what it asks about
CONTEXT_FACTS = frozenset({"decision_date", "in_course", "decision"})


def _owners() -> dict[str, str]:
    """Facts only one topic's rules read (`granted_years` → duration): giving one asks about that topic."""
    seen: dict[str, list[str]] = {}
    for t in TOPICS:
        for f in (f for f in t.facts if f not in CONTEXT_FACTS):
            seen.setdefault(f, []).append(t.name)
    return {f: names[0] for f, names in seen.items() if len(names) == 1}


FACT_OWNER = _owners()


def topics_of_facts(changed: set[str] | frozenset[str]) -> list[str]:
    """The topics a message's new facts bear on ("Forløbet blev bevilget for 4 år. Er det i orden?"
    is about the duration rule, though it names no topic), in registry order."""
    owners = {FACT_OWNER[f] for f in changed if f in FACT_OWNER}
    return [t.name for t in TOPICS if t.name in owners]


def rules_for(topics: list[str]) -> list[str]:
    return [r for t in topics if t in BY_NAME for r in BY_NAME[t].rules]

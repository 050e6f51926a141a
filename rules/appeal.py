"""Assessment of a complaint to Ankestyrelsen about a decision on ressourceforløb.

The checks run in a fixed order, each able to decide the outcome ("fire"):

A refused effort within a course ('afslag_rehabiliteringsteam', 'afslag_jobformidler',
'afslag_sundhedskoordinator'): the duty to put the case to the team again after 6 months
without an effort (LAB § 113, stk. 2), the right to a jobformidler (LAB § 113 a) or to a
talk with a sundhedskoordinator (LAB § 113, stk. 3) → ændring when it exists; otherwise
stadfæstelse.

decision 'bevilget' (a new course granted; the citizen complains about it)
  1. reform       no legal basis for new courses (L 1750/2025, unconfirmed date) → ændring
  2. pension      folkepensionsalderen reached (LAB § 114, stk. 4, 2. pkt.)     → ændring
  3. repeat       a further course for a person over the age limit / over the 5-year total,
                  who does not wish it (LAB § 114, stk. 3-4; before 2022 stk. 3 and PM 82-16) → ændring
  4. six years    under 6 years to folkepension and not wished (LAB § 112, stk. 3) → ændring
  5. information  insufficient case information that may matter (PM 24-20)     → hjemvisning
  6. perspective  no development perspective (LAB § 112, stk. 2; PM 58-18)     → ændring,
                  and the municipality must start a førtidspension case
  7. target group not in the target group (LAB § 112, stk. 1)                  → ændring
  8. duration     duration not fixed (PM 82-16) → hjemvisning; outside the limits of the
                  decision date (LAB § 114, stk. 1; L 1160/2021 § 7, stk. 5)   → ændring
  otherwise stadfæstelse.
'forlænget': as 'bevilget' without 4 and with only the 5-year total in 3.
'ophør' (a running course stopped): pension reached → stadfæstelse; the person does not wish
  to continue → stadfæstelse; information → hjemvisning; documented that the work capacity
  cannot be improved → stadfæstelse (PM 58-18); otherwise ændring (the course was granted
  for a fixed period, PM 82-16, and a person over the age limit may continue when she
  wishes, LAB § 114, stk. 3-4).
'afslag' (a course refused): 1, 2, 4 → stadfæstelse; 5 → hjemvisning; 6, 7 → stadfæstelse;
  otherwise ændring (the municipality must grant a course when the conditions are met, PM 1-15).

Deviation from the order "information first": checks 1-4 turn only on dates, age, earlier
courses and the person's own wish, which a LÆ 265 or the forberedende del cannot change, so
a defect in the information is immaterial to them (PM 24-20, væsentlighedsvurdering).

Never guessing: each check is three-valued. An unknown check adds its possible outcome(s)
and the next checks still run; the result is decided only when every path gives the same
outcome, otherwise it is declined with the facts that would decide it. Because every rule
is monotone, adding a fact can never change a decided outcome.

The scope of the complaint is part of the facts: `complaint_only_duration` (only the length
is assessed) and `duration_contested` (False: the length is not assessed). An unknown scope
is treated like any unknown fact: every scope it could have must give the same outcome.

`afvisning` (a complaint that cannot be admitted) is an allowed outcome of the format but no
fact of the vocabulary leads to it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

from rules import params as P
from rules.facts import DECISIONS, Facts
from rules.pension import pension_age_rule
from rules.registry import all_rules
from rules.result import RuleResult, _jsonable, uniq

OUTCOMES = ("stadfæstelse", "ændring", "hjemvisning", "afvisning")


def evaluate_all(facts: Facts) -> dict[str, RuleResult]:
    """Every rule on the same facts, by name."""
    return {name: fn(facts) for name, fn in all_rules().items()}


@dataclass
class AppealResult:
    """`outcome` is one of OUTCOMES, or None with `declined=True` and the `missing` facts
    that would decide it; `reasons` are short Danish sentences, each with its refs."""

    outcome: str | None
    declined: bool
    missing: list[str]
    refs: list[str]
    reasons: list[dict[str, Any]]
    trace: list[dict[str, Any]]
    possible_outcomes: list[str]
    unconfirmed: bool = False
    rules: dict[str, RuleResult] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "outcome": self.outcome,
            "declined": self.declined,
            "missing": list(self.missing),
            "refs": list(self.refs),
            "reasons": _jsonable(self.reasons),
            "possible_outcomes": list(self.possible_outcomes),
            "unconfirmed": self.unconfirmed,
            "trace": _jsonable(self.trace),
            "rules": {k: v.to_dict() for k, v in self.rules.items()},
        }


@dataclass
class Step:
    name: str
    question: str
    fires: bool | None
    outcome: str  # the outcome when the step fires
    possible: tuple[str, ...]  # the outcomes it may lead to while unknown
    reason: str
    refs: list[str]
    missing: list[str]
    relevant: bool = True  # cite when passed
    unconfirmed: bool = False
    passed_reason: str | None = None  # the reason when the step does not fire (default: `reason`)
    passed_refs: list[str] | None = None

    def to_trace(self, variant: str) -> dict[str, Any]:
        return {
            "step": "check",
            "variant": variant,
            "check": self.name,
            "question": self.question,
            "fires": self.fires,
            "outcome_if_fires": self.outcome,
            "possible_if_unknown": list(self.possible),
            "reason": self.reason,
            "refs": list(self.refs),
            "missing": list(self.missing),
        }


def _from_rule(
    name: str, question: str, rr: RuleResult, fire_when: bool, outcome: str, possible: tuple[str, ...] | None = None
) -> Step:
    fires = None if rr.value is None else (rr.value is fire_when)
    return Step(
        name,
        question,
        fires,
        outcome,
        possible or (outcome,),
        rr.reason,
        list(rr.refs),
        list(rr.missing),
        rr.relevant,
        rr.unconfirmed,
    )


def _information_step(R: dict[str, RuleResult]) -> Step:
    """Insufficient information behind the decision sends the case back (PM 24-20)."""
    return _from_rule(
        "case_information", "Er sagen tilstrækkeligt oplyst?", R["case_information"], False, "hjemvisning"
    )


def _course_conditions(R: dict[str, RuleResult], unmet: str) -> list[Step]:
    """The team's recommendation and the information behind the decision, then the conditions
    of LAB § 112 (perspective, target group): a missing recommendation or insufficient
    information sends the case back; an unmet condition gives
    `unmet` (ændring of a grant, stadfæstelse of a refusal)."""
    return [
        _from_rule(
            "team_recommendation",
            "Bygger afgørelsen på rehabiliteringsteamets indstilling?",
            R["team_recommendation"],
            False,
            "hjemvisning",
        ),
        _information_step(R),
        _from_rule(
            "development_perspective", "Er der et udviklingsperspektiv?", R["development_perspective"], False, unmet
        ),
        _from_rule("target_group", "Er borgeren i målgruppen?", R["target_group"], False, unmet),
    ]


def _pension_end_step(rr: RuleResult, facts: Facts) -> Step:
    """A course granted to run past folkepensionsalderen: it can only be given until then
    (LAB § 114, stk. 4, 2. pkt.; before 2022 stk. 3), so the end date is changed."""
    past = rr.outcome == "ophoerer_ved_folkepensionsalder"
    open_end = rr.outcome == "slutdato_uvis"  # the age allows an end on either side of the pension day
    known = rr.value is not None and not open_end
    return Step(
        "pension_end",
        "Rækker forløbet ud over folkepensionsalderen?",
        True if past else (False if known else None),
        "ændring",
        ("ændring",),
        rr.reason + " Forløbets slutdato ændres til denne dag." if past else rr.reason,
        list(rr.refs),
        (
            [n for n in ("course_start", "granted_years") if getattr(facts, n) is None] or ["birth_date"]
            if open_end
            else list(rr.missing)
        ),
        relevant=past,
    )


def _duration_step(rr: RuleResult, facts: Facts) -> Step:
    outcome = "hjemvisning" if rr.outcome == "varighed_ikke_fastsat" else "ændring"
    possible: tuple[str, ...]
    if rr.value is None and facts.granted_years is None and facts.duration_fixed is None:
        possible = ("ændring", "hjemvisning")
    else:
        possible = ("ændring",)
    return _from_rule("duration", "Er varigheden fastsat og inden for lovens rammer?", rr, False, outcome, possible)


def _fact_step(
    name: str,
    question: str,
    value: bool | None,
    fire_when: bool,
    outcome: str,
    reason: str,
    refs: list[str],
    fact_name: str,
    passed_reason: str,
    passed_refs: list[str],
) -> Step:
    fires = None if value is None else (value is fire_when)
    return Step(
        name,
        question,
        fires,
        outcome,
        (outcome,),
        reason,
        refs,
        [] if value is not None else [fact_name],
        passed_reason=passed_reason,
        passed_refs=passed_refs,
    )


# A refused effort within a course. Each is a duty without discretion once its conditions are
# met (a jobformidler, a talk with the sundhedskoordinator, a new forelæggelse for the
# rehabiliteringsteam after 6 months without an effort, LAB § 113, stk. 2), so the refusal is
# changed: the municipality is told to give it, not asked to decide again.
EFFORT_STEPS = {
    "afslag_rehabiliteringsteam": (
        "rehabilitation_team",
        "Skal sagen forelægges for rehabiliteringsteamet igen?",
        "ændring",
    ),
    "afslag_jobformidler": ("jobformidler", "Har borgeren ret til en personlig jobformidler?", "ændring"),
    "afslag_sundhedskoordinator": (
        "health_coordinator_decision",
        "Tilsidesætter afgørelsen retten til en samtale med en sundhedskoordinator?",
        "ændring",
    ),
}


def _steps(
    facts: Facts, R: dict[str, RuleResult], only_duration: bool, with_duration: bool
) -> tuple[list[Step], str, str, list[str]]:
    """(steps, final outcome, final reason, final refs) for one decision and scope."""
    dec = facts.decision
    if dec in EFFORT_STEPS:
        name, question, remedy = EFFORT_STEPS[dec]
        rr = R[name]
        step = _from_rule(name, question, rr, True, remedy)
        step.passed_reason, step.passed_refs = rr.reason, list(rr.refs)
        step.relevant = True
        return [step], "stadfæstelse", "Kommunens afslag stadfæstes.", []
    reform = R["new_course_after_reform"]
    if dec in ("bevilget", "forlænget"):
        steps = [
            _from_rule(
                "new_course_after_reform",
                "Giver loven på afgørelsesdatoen hjemmel til forløbet?",
                reform,
                False,
                "ændring",
            ),
            _from_rule("pension_age", "Er folkepensionsalderen nået?", R["pension_age"], False, "ændring"),
            # the end date against the pension day; outside a complaint about the length, for
            # the length as far as the law allows it
            _pension_end_step(R["pension_age"] if with_duration else pension_age_rule(facts, True), facts),
        ]
        if not only_duration:
            steps.append(
                _from_rule(
                    "repeated_courses",
                    "Kan kommunen kræve, at borgeren deltager i endnu et forløb?",
                    R["repeated_courses"],
                    False,
                    "ændring",
                )
            )
            if dec == "bevilget":
                steps.append(
                    _from_rule(
                        "six_years_before_pension",
                        "Står 6-årsreglen i vejen?",
                        R["six_years_before_pension"],
                        False,
                        "ændring",
                    )
                )
            steps += _course_conditions(R, "ændring")
        if with_duration:
            steps.append(_duration_step(R["duration"], facts))
        what = "varigheden" if only_duration else ("bevillingen" if dec == "bevilget" else "forlængelsen")
        return steps, "stadfæstelse", f"Betingelserne er opfyldt, og kommunens afgørelse om {what} stadfæstes.", []
    if dec == "afslag":
        steps = [
            _from_rule(
                "new_course_after_reform",
                "Kan et nyt forløb bevilges efter loven på afgørelsesdatoen?",
                reform,
                False,
                "stadfæstelse",
            ),
            _from_rule("pension_age", "Er folkepensionsalderen nået?", R["pension_age"], False, "stadfæstelse"),
            _from_rule(
                "repeated_courses",
                "Ønsker borgeren ikke det forløb, der er søgt om, og kan det ikke kræves?",
                R["repeated_courses"],
                False,
                "stadfæstelse",
            ),
            _from_rule(
                "six_years_before_pension",
                "Står 6-årsreglen i vejen?",
                R["six_years_before_pension"],
                False,
                "stadfæstelse",
            ),
            *_course_conditions(R, "stadfæstelse"),
        ]
        return (
            steps,
            "ændring",
            "Betingelserne for et ressourceforløb er opfyldt, og kommunen skal bevilge forløbet (PM 1-15).",
            ["LAB § 112, stk. 1", "LAB § 112, stk. 2", "PM 1-15"],
        )
    if dec == "fortsat":
        # a running course continues; the person cannot have it ended early, except that it
        # runs only until folkepensionsalderen (the age rules let a running course continue)
        steps = [
            _from_rule(
                "new_course_after_reform",
                "Giver loven på afgørelsesdatoen hjemmel til, at forløbet fortsætter?",
                reform,
                False,
                "ændring",
            ),
            _from_rule("pension_age", "Er folkepensionsalderen nået?", R["pension_age"], False, "ændring"),
            _pension_end_step(R["pension_age"], facts),
            _information_step(R),
        ]
        return (
            steps,
            "stadfæstelse",
            "Forløbet fortsætter som bevilget; reglerne giver ikke borgeren ret til at få det afsluttet før tid "
            "(LAB § 114, stk. 1).",
            ["LAB § 114, stk. 1"],
        )
    # ophør
    rep = R["repeated_courses"]
    rep_refs = list(rep.refs) if rep.relevant else []
    steps = [
        _from_rule("pension_age", "Er folkepensionsalderen nået?", R["pension_age"], False, "stadfæstelse"),
        _fact_step(
            "wishes_course",
            "Ønsker borgeren at fortsætte forløbet?",
            facts.wishes_course,
            False,
            "stadfæstelse",
            "Borgeren ønsker ikke at fortsætte forløbet"
            + (
                ", og kommunen kan ikke kræve, at borgeren deltager i endnu et forløb (" + ", ".join(rep_refs) + ")"
                if rep.value is False
                else ""
            )
            + ".",
            rep_refs if rep.value is False else [],
            "wishes_course",
            "Borgeren ønsker at fortsætte forløbet.",
            [],
        ),
        _from_rule("case_information", "Er sagen tilstrækkeligt oplyst?", R["case_information"], False, "hjemvisning"),
        _fact_step(
            "documented_no_improvement",
            "Er det dokumenteret eller helt åbenbart, at arbejdsevnen ikke kan forbedres?",
            facts.documented_no_improvement,
            True,
            "stadfæstelse",
            "Det er dokumenteret eller helt åbenbart, at arbejdsevnen ikke kan forbedres; forløbet kan bringes "
            "til ophør, og sagen skal overgå til behandling efter reglerne om førtidspension (PM 58-18).",
            ["LAB § 112, stk. 2", "PM 58-18"],
            "documented_no_improvement",
            "Det er ikke dokumenteret, at arbejdsevnen ikke kan forbedres, så ophøret kan ikke begrundes i "
            "et manglende udviklingsperspektiv (LAB § 112, stk. 2).",
            ["LAB § 112, stk. 2"],
        ),
    ]
    refs = ["PM 82-16"]
    extra = []
    if rep.relevant and rep.value is True:
        refs = rep.refs + refs
        extra.append(rep.reason[0].lower() + rep.reason[1:].rstrip("."))
    six = R["six_years_before_pension"]
    if six.outcome == "fortsaetter_til_afslutning":
        refs += six.refs
        extra.append("et forløb, der er i gang, fortsætter, selv om borgeren nu har under 6 år til folkepension")
    c3 = P.constant("long_courses_started_before")
    c3y = P.constant("long_courses_above_years")
    if (
        facts.course_start is not None
        and facts.course_start < c3.value
        and facts.decision_date is not None
        and facts.decision_date >= c3.value
        and facts.granted_years is not None
        and facts.granted_years > c3y.value
    ):
        refs.append(c3.ref)
        extra.append(f"et forløb på over {c3y.value} år påbegyndt før {c3.value} fortsætter, til det er afsluttet")
    text = (
        "Borgeren ønsker at fortsætte forløbet, og der er ikke grundlag for at bringe det til ophør: forløbet er "
        "bevilget for en fastsat periode (PM 82-16)"
    )
    if extra:
        text += "; " + "; ".join(extra)
    return steps, "ændring", text + ". Afgørelsen om ophør ændres.", uniq(refs)


def _run(steps: list[Step], final: str) -> tuple[list[str], Step | None, list[Step], list[Step]]:
    """(possible outcomes, firing step, unknown steps, passed steps)."""
    possible: list[str] = []
    unknown_steps: list[Step] = []
    passed: list[Step] = []
    for s in steps:
        if s.fires is True:
            possible.append(s.outcome)
            return uniq(possible), s, unknown_steps, passed
        if s.fires is None:
            possible.extend(s.possible)
            unknown_steps.append(s)
        else:
            passed.append(s)
    possible.append(final)
    return uniq(possible), None, unknown_steps, passed


class _Run(NamedTuple):
    variant: str
    with_duration: bool
    steps: list[Step]
    final_reason: str
    final_refs: list[str]
    possible: list[str]
    firing: Step | None
    unknown: list[Step]
    passed: list[Step]


def _scopes(facts: Facts) -> list[tuple[bool, bool]]:
    """(only_duration, with_duration) combinations the facts leave open."""
    if facts.decision not in ("bevilget", "forlænget"):
        return [(False, False)]
    only = [facts.complaint_only_duration] if facts.complaint_only_duration is not None else [False, True]
    out = []
    for o in only:
        if o:
            out.append((True, True))
        else:
            withs = [facts.duration_contested] if facts.duration_contested is not None else [True, False]
            out += [(False, w) for w in withs]
    return out


def _scope_name(only: bool, with_d: bool) -> str:
    return "kun varigheden" if only else ("hele afgørelsen" if with_d else "henvisningen (ikke varigheden)")


def assess_appeal(facts: Facts) -> AppealResult:
    """Assess a complaint about the municipality's decision described by `facts`.

    When the kind of decision is unknown, every kind is assessed: if all give the same
    outcome (e.g. hjemvisning for a LÆ 265 that is missing whatever was decided), that is
    the outcome; otherwise the assessment is declined for want of the decision."""
    if facts.decision is None and facts.decision_date is not None:
        results = [_assess(facts.replace(decision=kind)) for kind in DECISIONS]
        outcomes = {r.outcome for r in results}
        if all(not r.declined for r in results) and len(outcomes) == 1:
            first = results[0]
            assert first.outcome is not None  # _assess gives an outcome whenever it does not decline
            note = {
                "step": "decision",
                "decision": None,
                "why": "afgørelsens art kendes ikke; alle arter giver samme resultat",
                "outcomes": {k: r.outcome for k, r in zip(DECISIONS, results)},
            }
            return AppealResult(
                first.outcome,
                False,
                [],
                uniq(x for r in results for x in r.refs),
                first.reasons,
                [note] + first.trace,
                [first.outcome],
                any(r.unconfirmed for r in results),
                first.rules,
            )
    return _assess(facts)


def _assess(facts: Facts) -> AppealResult:
    R = evaluate_all(facts)
    trace: list[dict[str, Any]] = []
    head_missing = [n for n in ("decision_date", "decision") if getattr(facts, n) is None]
    if head_missing:
        trace.append({"step": "conclusion", "declined": True, "missing": head_missing})
        return AppealResult(
            None,
            True,
            head_missing,
            [],
            [{"text": "Afgørelsens dato og art skal kendes for at vurdere klagen.", "refs": []}],
            trace,
            list(OUTCOMES[:3]),
            False,
            R,
        )
    assert facts.decision_date is not None  # checked by head_missing above
    trace.append(
        {"step": "law", "date": facts.decision_date.isoformat(), "why": "afgørelsesdatoen vælger den lov, der gælder"}
    )
    trace.append({"step": "decision", "decision": facts.decision})

    runs = []
    all_possible: list[str] = []
    for only, with_d in _scopes(facts):
        steps, final, final_reason, final_refs = _steps(facts, R, only, with_d)
        possible, firing, unknown_steps, passed = _run(steps, final)
        variant = _scope_name(only, with_d)
        trace.append({"step": "scope", "variant": variant, "possible_outcomes": possible})
        for s in steps:
            trace.append(s.to_trace(variant))
        runs.append(_Run(variant, with_d, steps, final_reason, final_refs, possible, firing, unknown_steps, passed))
        all_possible = uniq(all_possible + possible)

    used_rules = uniq(s.name for r in runs for s in r.steps if s.name in R)
    for name in used_rules:
        trace.append({"step": "rule", "rule": name, "result": R[name].to_dict()})
    unconfirmed = any(R[n].unconfirmed for n in used_rules)

    if len(all_possible) != 1:
        missing = uniq(m for r in runs for s in r.unknown for m in s.missing)
        if len(_scopes(facts)) > 1:
            scope_facts = [n for n in ("complaint_only_duration", "duration_contested") if getattr(facts, n) is None]
            missing = uniq(missing + scope_facts)
        open_checks = uniq(s.question for r in runs for s in r.unknown)
        reasons: list[dict[str, Any]] = [
            {
                "text": "Resultatet kan ikke forudsiges sikkert; det kan blive "
                + " eller ".join(all_possible)
                + ". Det afhænger af: "
                + " ".join(open_checks)
                + " Mangler: "
                + ", ".join(missing)
                + ".",
                "refs": [],
            }
        ]
        refs = uniq(ref for r in runs for s in r.unknown for ref in s.refs)
        trace.append({"step": "conclusion", "declined": True, "possible_outcomes": all_possible, "missing": missing})
        return AppealResult(None, True, missing, refs, reasons, trace, all_possible, unconfirmed, R)

    outcome = all_possible[0]
    # explain with the first scope variant (all agree)
    run = runs[0]
    variant, with_d, firing, unknown_steps, passed = run.variant, run.with_duration, run.firing, run.unknown, run.passed
    final_reason, final_refs = run.final_reason, run.final_refs
    reasons = []
    if firing is not None:
        reasons.append({"text": firing.reason, "refs": list(firing.refs)})
    else:
        for s in passed:
            if s.relevant:
                reasons.append(
                    {
                        "text": s.passed_reason or s.reason,
                        "refs": list(s.passed_refs if s.passed_refs is not None else s.refs),
                    }
                )
        reasons.append({"text": final_reason, "refs": list(final_refs)})
    for s in unknown_steps:
        reasons.append(
            {
                "text": f"{s.question} Kan ikke afgøres (mangler: {', '.join(s.missing)}), men det ændrer "
                "ikke resultatet.",
                "refs": [],
            }
        )
    fp = R["disability_pension_path"]
    if fp.value is True and not (firing is not None and firing.name == "documented_no_improvement"):
        reasons.append({"text": fp.reason, "refs": list(fp.refs)})
    if facts.decision in ("bevilget", "forlænget") and not with_d:
        dur = R["duration"]
        text = "Klagen angår ikke forløbets varighed, som derfor ikke er vurderet."
        refs_d: list[str] = []
        if dur.value is False:
            text += " Bemærk: " + dur.reason
            refs_d = list(dur.refs)
        reasons.append({"text": text, "refs": refs_d})
    if unconfirmed:
        reasons.append(
            {
                "text": "Bemærk: en dato eller regel, der er brugt, er ikke bekræftet mod lovteksten "
                "(L 1750/2025); kontrollér i loven.",
                "refs": ["L 1750/2025"],
            }
        )
    refs = uniq(r for x in reasons for r in x["refs"])
    trace.append({"step": "conclusion", "declined": False, "outcome": outcome, "variant": variant, "refs": refs})
    return AppealResult(outcome, False, [], refs, reasons, trace, all_possible, unconfirmed, R)

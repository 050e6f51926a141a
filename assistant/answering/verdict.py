"""The rules core's verdict on the facts of a conversation, as the answer's lead sentences.

Only rules that bear on the question's topics are asked. A decided rule gives the first
sentence (with the rule's refs as support); an undecided one names the missing fact the
dialogue should ask for next.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from assistant.answering.compose import Draft
from assistant.answering.model import Sentence, Support
from assistant.answering.topics import BY_NAME, rules_for
from assistant.language.dates import dk_dates_in
from assistant.language.facts import KnownFacts, birth_bounds
from rules import Facts, FactsError, RuleResult, evaluate_all
from rules.vocabulary import question, vocabulary

# the outcome claim each rule's value stands for, checked by the grounding check
CLAIMS = {"repeated_courses": "can_require", "jobformidler": "jobformidler"}
# rules whose False bars the course whatever the other rules say
BARS = ("six_years_before_pension", "pension_age", "new_course_after_reform", "repeated_courses")
# of those, the ones that bar it on the person's own facts (not on the law in force)
PERSONAL_BARS = frozenset(BARS) - {"new_course_after_reform"}
PERSONAL = {
    "age",
    "age_over",
    "age_under",
    "birth_date",
    "previous_courses",
    "previous_years_total",
    "wishes_course",
    "granted_years",
    "course_start",
    "course_granted_on",
    "months_without_offer",
    "treatment_options",
    "work_capacity_clarified",
    "lae265_current",
    "decision",
}


def facts_for_rules(facts: KnownFacts, on: dt.date, topics: list[str]) -> Facts:
    """The conversation's facts for the rules core on the date asked; FactsError when they contradict.

    A birth year alone becomes an age range on the decision date; a topic may presume a fact
    its question implies (asking whether a further course may be required presumes one is granted)."""
    extra: dict[str, Any] = {}
    if facts.decision_date is None:
        extra["decision_date"] = on
    year = facts.birth_year
    if year and facts.birth_date is None:  # with an age too, the two narrow each other
        extra.update(birth_bounds(year, facts.birth_month))
    for t in topics:
        for name, value in BY_NAME[t].presumes if t in BY_NAME else ():
            # a person already in a course is not presumed to be granted a new one, unless the
            # message speaks of a further course ("har haft et forløb og skal nu i et nyt")
            if name == "decision" and facts.get("in_course") and not facts.get("previous_courses"):
                continue
            if facts.get(name) is None and name not in extra:
                extra[name] = value
    return facts.to_rules(extra)


def numbers_in(obj: Any, out: set[str]) -> None:
    if isinstance(obj, dict):
        for v in obj.values():
            numbers_in(v, out)
    elif isinstance(obj, (list, tuple)):
        for v in obj:
            numbers_in(v, out)
    elif isinstance(obj, (int, float)) and not isinstance(obj, bool):
        out.add(str(int(obj)) if float(obj).is_integer() else str(obj).replace(".", ","))
        if not float(obj).is_integer():
            out.add(str(obj))
    elif isinstance(obj, str):
        found = re.findall(r"\b\d+\b", obj)
        out.update(found)
        out.update(str(int(n)) for n in found)  # "2025-05-06" is written "6. maj 2025"
    elif isinstance(obj, dt.date):
        out.add(str(obj.year))


def conclude(
    d: Draft, facts: KnownFacts, topics: list[str], named: frozenset[str] | set[str] = frozenset()
) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    """The verdict of the rules the topics run. A rule of a topic the message `named` speaks
    even when it finds itself beside the point ("har § 112, stk. 3 betydning?" — "nej, 6 år
    eller mere"): that is the answer asked for."""
    personal = {k for k in facts.known() if k in PERSONAL}
    asked_rules = {BY_NAME[t].rules[0] for t in topics if t in named and t in BY_NAME and BY_NAME[t].rules}
    wanted = rules_for(topics)
    if not wanted or not personal:
        return None, []
    try:
        f = facts_for_rules(facts, d.on, topics)
    except FactsError as exc:  # reported, never swallowed: the answer says no verdict could be given
        return None, [
            {
                "rule": "facts",
                "value": None,
                "outcome": "modstridende_fakta",
                "reason": str(exc),
                "refs": [],
                "missing": [],
                "relevant": True,
                "unconfirmed": False,
                "trace": [],
            }
        ]
    results = evaluate_all(f)
    lead: list[Sentence] = []
    asked_before = len(d.questions)
    branch: list[Sentence] = []  # "Svaret afhænger af …": moot when another rule already bars the course
    outcome, trace = None, []
    for name in dict.fromkeys(wanted):
        res = results.get(name)
        if res is None or not (res.relevant or (res.decided and name in asked_rules and res.refs)):
            continue
        trace.append(res.to_dict())
        if res.decided:
            refs = [r for r in res.refs if d.unit(r) is not None] or res.refs
            d.rule_refs.setdefault(name, set()).update(res.refs)
            numbers_in(res.to_dict()["trace"], d.values.setdefault(name, set()))
            numbers_in(facts.known(), d.values[name])  # a verdict may repeat the facts it was given
            claim: dict[str, Any] | None = {"type": CLAIMS[name], "value": bool(res.value)} if name in CLAIMS else None
            if claim:
                d.expected[claim["type"]] = claim["value"]
            text = _for_reader(d, res.reason)
            lead.append(
                Sentence(text=text, claim=claim, support=[Support(kind="rule", ref=r, rule=name) for r in refs[:3]])
            )
            if outcome is None:
                outcome = {
                    "rule": name,
                    "value": res.value,
                    "outcome": res.outcome,
                    "refs": res.refs,
                    "unconfirmed": res.unconfirmed,
                }
        elif (branches := _branches(f, name, res)) is not None:
            cond, yes, no = branches
            if vocabulary()[res.missing[0]].exception:
                # the law's exception nobody raised: the rule as it applies, "medmindre …", and no question
                d.rule_refs.setdefault(name, set()).update(no.refs)
                numbers_in(no.to_dict()["trace"], d.values.setdefault(name, set()))
                numbers_in(facts.known(), d.values[name])
                refs = [r for r in no.refs if d.unit(r) is not None] or no.refs
                lead.append(
                    Sentence(
                        text=_for_reader(d, _unless(no.reason, cond)),
                        support=[Support(kind="rule", ref=r, rule=name) for r in refs[:3]],
                    )
                )
                if outcome is None:
                    outcome = {
                        "rule": name,
                        "value": no.value,
                        "outcome": no.outcome + "_medmindre_" + res.missing[0],
                        "refs": no.refs,
                        "unconfirmed": no.unconfirmed,
                    }
            else:
                d.rule_refs.setdefault(name, set()).update(yes.refs + no.refs)
                numbers_in([yes.to_dict()["trace"], no.to_dict()["trace"]], d.values.setdefault(name, set()))
                numbers_in(facts.known(), d.values[name])
                refs = [r for r in dict.fromkeys(yes.refs + no.refs) if d.unit(r) is not None][:3]
                sup = [Support(kind="rule", ref=r, rule=name) for r in refs]
                if not no.relevant:  # without the fact the rule does not apply: the rule, on its condition
                    branch += [Sentence(text=_for_reader(d, f"Hvis {cond}: {yes.reason}"), support=sup, branch=True)]
                    lead += branch[-1:]
                else:
                    branch += [
                        Sentence(text=_for_reader(d, f"Svaret afhænger af, om {cond}."), support=sup, branch=True),
                        Sentence(text=f"Hvis ja: {_for_reader(d, yes.reason)}", support=sup, branch=True),
                        Sentence(text=f"Hvis nej: {_for_reader(d, no.reason)}", support=sup, branch=True),
                    ]
                    lead += branch[-3:]
                if (q := question(res.missing[0], d.citizen)) is not None:  # a fact no one can tell is not asked
                    d.ask(res.missing[0], q)
                if outcome is None:
                    outcome = {
                        "rule": name,
                        "value": None,
                        "outcome": "afhænger_af_" + res.missing[0],
                        "refs": res.refs,
                        "missing": res.missing,
                    }
        else:
            for m in res.missing:
                if (q := question(m, d.citizen)) is not None:
                    d.ask(m, q)
                    break
            if outcome is None:
                outcome = {
                    "rule": name,
                    "value": None,
                    "outcome": res.outcome,
                    "refs": res.refs,
                    "missing": res.missing,
                }
    if any(_bars(results.get(r)) for r in BARS if r in wanted):
        # the course is barred on the facts given: no other rule's answer can open it again, so
        # what the others would need is not asked, and their branches are not spelled out
        lead = [s for s in lead if not any(s is b for b in branch)]
        del d.questions[asked_before:]
        del d.missing[asked_before:]
        # and the verdict that bars it is the answer: it goes first
        barring = [s for s in lead if any(_bars(results.get(sup.rule or "")) for sup in s.support if sup.rule in BARS)]
        d.barred_by = next((r for r in BARS if r in PERSONAL_BARS and r in wanted and _bars(results.get(r))), None)
        lead = barring + [s for s in lead if not any(s is b for b in barring)]
    d.sentences[:0] = lead
    return outcome, trace


def _bars(res: RuleResult | None) -> bool:
    return res is not None and res.decided and res.value is False


def _branches(f: Facts, name: str, res: RuleResult) -> tuple[str, RuleResult, RuleResult] | None:
    """When one yes/no fact decides the rule, the result for yes and for no."""
    spec = vocabulary().get(res.missing[0]) if len(res.missing) == 1 else None
    if spec is None or spec.type != "bool" or spec.condition is None:
        return None
    fact = res.missing[0]
    yes = evaluate_all(f.replace(**{fact: True})).get(name)
    no = evaluate_all(f.replace(**{fact: False})).get(name)
    if yes is None or no is None or not (yes.decided and no.decided) or yes.value == no.value:
        return None
    return spec.condition, yes, no


def _unless(reason: str, condition: str) -> str:
    """ "… inden for fristen (LAB § 113, stk. 2)." → "… inden for fristen, medmindre <condition> (LAB § 113, stk. 2)." """
    body = reason.rstrip().rstrip(".")
    refs = ""
    if body.endswith(")") and (i := body.rfind(" (")) > 0:
        body, refs = body[:i], body[i:]
    return f"{body}, medmindre {condition}{refs}."


def _for_reader(d: Draft, reason: str) -> str:
    """A rule's reason as the answer says it: Danish dates, and "du" (or "din far") to a citizen."""
    text = dk_dates_in(reason)
    return _to_citizen(text, d.person) if d.citizen else text


def _to_citizen(text: str, person: str | None = None) -> str:
    """The rules speak of "borgeren"; a citizen is "du", or the one the citizen asks for
    ("din far") when the message is about someone else."""
    who = person or "du"
    whose = f"{person}s" if person else "din"
    for word, by in (("Borgerens", whose), ("borgerens", whose), ("Borgeren", who), ("borgeren", who)):
        by = by[0].upper() + by[1:] if word[0].isupper() else by
        text = re.sub(rf"\b{word}\b", by, text)
    return text

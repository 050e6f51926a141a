"""Flere ressourceforløb efter hinanden og aldersgrænserne.

LAB § 114, stk. 2: "Personen kan tilbydes flere på hinanden følgende ressourceforløb."
LAB § 114, stk. 3 (fra 1. januar 2022): "For personer mellem 40 og 50 år kan den samlede
periode, hvor personen er i ressourceforløb, ikke overstige 5 år, medmindre personen ønsker
det. Personer, der fylder 40 år under et ressourceforløb, fortsætter dog i forløbet, til det
er afsluttet, uanset at den samlede periode kommer til at overstige 5 år."
LAB § 114, stk. 4 (fra 1. januar 2022): "Er personen over 50 år, kan kommunen tilbyde mere
end ét ressourceforløb, hvis personen ønsker det."
Før 1. januar 2022, LAB § 114, stk. 3: "Er personen over 40 år, kan kommunen tilbyde mere end
ét ressourceforløb, hvis personen ønsker det." PM 82-16: er borgeren over 40 år, har
borgeren ikke pligt til at tage imod mere end ét ressourceforløb.

The ages, the 5 years and the band come from params/gentagne_forloeb.yaml; "over N år" is
read as "fyldt N år". The verdict follows the law on the decision date. When the course is
known to run past a later change of these rules (the law of 1 January 2022 applies to the
part of a running course after that day, cf. the need for the transitional rule in
L 1160/2021 § 7, stk. 3), the later rule is evaluated too and cited; it does not change the
verdict.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rules import params as P
from rules.age import turned
from rules.dates import add_years_fraction
from rules.facts import Facts
from rules.logic import FALSE, Tri, all_of, any_of, fact, known, unknown
from rules.registry import register
from rules.result import Ctx, RuleResult, uniq

RULE = "repeated_courses"


def _exceeds(ctx: Ctx, limit: float, day: dt.date) -> Tri:
    """Does the total period in courses (earlier courses + this one) exceed `limit` years?
    With the new course's length unknown it lasts at least the minimum (LAB § 114, stk. 1)."""
    prev = ctx.facts.previous_courses
    pt = 0.0 if prev == 0 else ctx.fact("previous_years_total")
    g = ctx.fact("granted_years")
    if pt is not None and g is not None:
        return known(pt + g > limit)
    if pt is not None and pt > limit:
        return known(True)
    if pt is not None and g is None and pt > 0:
        shortest = ctx.param("min_duration_years", day, why="et nyt forløb varer mindst så længe")
        if isinstance(shortest.value, (int, float)) and pt + shortest.value > limit:
            ctx.cite(shortest.ref)
            return known(True)
    if g is not None and g > limit:
        return known(True)
    return unknown(*(["previous_years_total"] if pt is None else []), *(["granted_years"] if g is None else []))


@dataclass
class _Eval:
    need_a: Tri  # over the age limit and a further course: only if the person wishes it
    need_b: Tri  # in the 40-50 band and over the total: only if the person wishes it
    in_band: Tri
    protected: Tri  # turned 40 during this course: continues regardless of the total
    refs_a: list[str]
    refs_b: list[str]


def _evaluate(ctx: Ctx, day: dt.date, decision: str, why: str) -> _Eval:
    """The age-limit rules in force on `day`, applied to the facts."""
    ctx.law(day, why)
    limit_pv = ctx.param("repeat_age_limit", day)
    total_pv = ctx.param("total_limit_40_50_years", day)
    lower_pv = ctx.param("total_limit_lower_age", day)
    prev = ctx.fact("previous_courses")
    further = unknown("previous_courses") if prev is None else known(prev >= 1)
    over = turned(ctx, limit_pv.value, day)
    # (a) "Er personen over [40|50] år, kan kommunen tilbyde mere end ét ressourceforløb,
    #     hvis personen ønsker det." An extension ('forlænget') is not a further course.
    need_a = all_of(over, further) if decision not in ("forlænget", "fortsat") else FALSE
    ctx.derived(
        "flere_forloeb_kun_efter_oenske",
        need_a,
        f"fyldt {limit_pv.value} år og mindst ét tidligere forløb ({limit_pv.ref})",
        limit_pv.refs,
    )
    # (b) "For personer mellem 40 og 50 år kan den samlede periode ... ikke overstige 5 år,
    #     medmindre personen ønsker det. Personer, der fylder 40 år under et ressourceforløb,
    #     fortsætter dog i forløbet, til det er afsluttet ..."
    need_b, in_band, protected = FALSE, FALSE, FALSE
    refs_b: list[str] = []
    if total_pv.value is not None and lower_pv.value is not None:
        in_band = all_of(turned(ctx, lower_pv.value, day), ~over)
        exceeds = _exceeds(ctx, total_pv.value, day)
        if decision in ("bevilget", "afslag"):
            protected = FALSE  # the age on the decision date decides; under 40 then, the band does not apply
        else:
            start = ctx.fact("course_start")  # the course's own start decides, not its grant date
            protected = unknown("course_start") if start is None else ~turned(ctx, lower_pv.value, start)
        need_b = all_of(in_band, exceeds, ~protected)
        ctx.derived(
            "samlet_periode_over_graensen",
            need_b,
            f"mellem {lower_pv.value} og {limit_pv.value} år og samlet periode over "
            f"{total_pv.value:g} år ({total_pv.ref})",
            [total_pv.ref],
        )
        if not in_band.false:
            refs_b = [total_pv.ref]
        if protected.true and in_band.true and exceeds.true:
            ctx.note(
                f"Personen fyldte {lower_pv.value} år under forløbet og fortsætter, til det er afsluttet "
                f"({total_pv.ref}, 2. pkt.).",
                [total_pv.ref],
            )
    return _Eval(need_a, need_b, in_band, protected, limit_pv.refs if not need_a.false else [], refs_b)


@register("repeated_courses")
def repeated_courses(facts: Facts) -> RuleResult:
    """value True ⇔ aldersgrænserne for flere forløb står ikke i vejen (første forløb, under
    grænserne, inden for den samlede periode, fyldt 40 under forløbet, eller personen ønsker
    det); False ⇔ kommunen kan ikke kræve, at personen deltager (over aldersgrænsen eller over den
    samlede periode) og ønsker det ikke."""
    ctx = Ctx(RULE, facts)
    d, decision, undecided = ctx.date_and_decision()
    if undecided:
        return undecided
    assert d is not None and decision is not None  # date_and_decision: both known when not undecided
    ev = _evaluate(ctx, d, decision, "afgørelsesdatoen")
    need = any_of(ev.need_a, ev.need_b)
    wish = fact("wishes_course", ctx.fact("wishes_course"))
    violation = all_of(need, ~wish)
    refs = uniq(ev.refs_a + ev.refs_b)
    periods = [(d, refs)] if refs else []

    # later rules for the part of the course after a change (trace and refs only)
    start = facts.course_start or facts.course_granted_on or (d if decision == "bevilget" else None)
    if start is not None and decision != "afslag":
        min_pv = P.value("min_duration_years", d)
        span = max(facts.granted_years or 0.0, float(min_pv.value or 0))
        end_min = add_years_fraction(start, span)
        later_days = sorted(
            {
                c
                for name in ("repeat_age_limit", "total_limit_40_50_years")
                for c in P.change_dates(name)
                if d < c <= end_min
            }
        )
        for c in later_days:
            la = _evaluate(
                ctx,
                c,
                decision,
                f"forløbet løber mindst til {end_min} (start {start}, mindst {span:g} år); reglerne fra {c} gælder "
                "for den senere del",
            )
            later = (la.refs_a if la.need_a.true else []) + (la.refs_b if la.in_band.true else [])
            if later:
                refs = uniq(refs + later)
                if not periods or set(later) != set(periods[-1][1]):  # the same refs again: no new period
                    periods.append((c, uniq(later)))
    if refs:
        ctx.cite("LAB § 114, stk. 2", *refs)
    if len(periods) > 1:
        shown = "; ".join(
            f"{'på afgørelsesdatoen' if day == d else f'fra {day}'}: {', '.join(r)}" for day, r in periods
        )
    else:
        shown = ", ".join(refs)

    if violation.true:
        return ctx.result(
            False,
            "kan_ikke_kraeves",
            "Kommunen kan ikke kræve, at borgeren deltager i endnu et ressourceforløb"
            + (" ud over den samlede periode" if ev.need_b.true and not ev.need_a.true else "")
            + f", når borgeren ikke selv ønsker det ({shown}).",
        )
    if violation.false:
        if wish.true and not need.false:
            return ctx.result(
                True,
                "oensket",
                "Borgeren ønsker selv forløbet og kan derfor tilbydes det, selv om aldersgrænsen for "
                f"flere forløb gælder ({shown}).",
            )
        if ev.protected.true and ev.in_band.true:
            return ctx.result(
                True,
                "fortsaetter_40_aar",
                "Borgeren fyldte 40 år under forløbet og fortsætter, til det er afsluttet, uanset den "
                f"samlede periode ({shown}).",
            )
        if ev.in_band.true:
            return ctx.result(
                True,
                "inden_for_samlet_periode",
                f"Borgeren er mellem 40 og 50 år, og den samlede periode i ressourceforløb overstiger "
                f"ikke grænsen ({shown}).",
            )
        if facts.previous_courses == 0:
            return ctx.result(True, "foerste_forloeb", "Det er borgerens første ressourceforløb.", relevant=False)
        return ctx.result(
            True, "under_graenserne", "Aldersgrænserne for flere forløb står ikke i vejen for forløbet.", relevant=False
        )
    return ctx.result(
        None,
        "ukendt",
        "Det kan ikke afgøres, om kommunen kan kræve, at borgeren deltager i endnu et ressourceforløb.",
        missing=violation.missing,
    )

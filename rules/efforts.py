"""Indsatsen i forløbet: rehabiliteringsteam, jobformidler og sundhedskoordinator.

These rules answer what the municipality must do for a person in a course on the
reference day (`decision_date`); they are not steps of an appeal assessment.
"""

from __future__ import annotations

from rules.dates import months_between
from rules.facts import Facts
from rules.logic import all_of, fact, known, unknown
from rules.registry import register
from rules.result import Ctx, RuleResult

REHAB_RULE = "rehabilitation_team"
JOB_RULE = "jobformidler"
HEALTH_RULE = "health_coordinator"
HEALTH_DECISION_RULE = "health_coordinator_decision"


@register("rehabilitation_team")
def rehabilitation_team(facts: Facts) -> RuleResult:
    """LAB § 113, stk. 2: "Kommunen skal forelægge en persons sag om ressourceforløb for
    rehabiliteringsteamet ..., når personen ikke har påbegyndt et tilbud efter kapitel 11, 12
    eller 14, en indsats efter lov om social service eller en kommunal indsats efter
    sundhedsloven, senest 6 måneder efter at ressourceforløbet er påbegyndt. Det gælder dog
    ikke, hvis særlige grunde taler imod ..."
    L 1160/2021 § 7, stk. 2: forløb påbegyndt før 1. januar 2022: sagen forelægges, hvis
    personen ikke påbegynder en indsats senest den 1. juli 2022.

    value True ⇔ kommunen skal (nu) forelægge sagen for rehabiliteringsteamet. An offer
    started exactly at the deadline is in time (`months_without_offer` must exceed it)."""
    ctx = Ctx(REHAB_RULE, facts)
    d = ctx.need_date()
    if d is None:
        return ctx.no_date()
    pv = ctx.param("rehab_team_months", d)
    if pv.value is None:
        return ctx.result(
            False,
            "ikke_i_kraft",
            f"Reglen om forelæggelse efter 6 måneder gælder ikke den {d}.",
            relevant=False,
            refs=[pv.ref],
        )
    in_course = fact("in_course", ctx.fact("in_course"))
    start = ctx.fact("course_start")
    m = ctx.fact("months_without_offer")
    special = fact("special_reasons_against_team", ctx.fact("special_reasons_against_team"))
    c0 = ctx.const("l1160_in_force")
    ctx.cite(pv.ref)
    if start is None:
        # the deadline (and whether special reasons count) depends on when the course began
        duty = all_of(in_course, unknown("course_start", *(["months_without_offer"] if m is None else [])))
    elif start >= c0.value:
        late = unknown("months_without_offer") if m is None else known(m > pv.value)
        ctx.derived("intet_tilbud_inden_for_fristen", late, f"mere end {pv.value} måneder uden tilbud ({pv.ref})")
        duty = all_of(in_course, late, ~special)
    else:
        c2 = ctx.const("rehab_team_old_courses_deadline")
        ctx.cite(c2.ref)
        if d < c2.value:
            return ctx.result(
                False,
                "frist_ikke_udloebet",
                f"Forløbet er påbegyndt før {c0.value}; fristen for at påbegynde en indsats er {c2.value} ({c2.ref}).",
                relevant=True,
            )
        limit = months_between(start, c2.value)
        late = unknown("months_without_offer") if m is None else known(m > limit)
        ctx.derived(
            "ingen_indsats_senest_fristen",
            late,
            f"ingen indsats påbegyndt senest {c2.value} ({limit:.2f} måneder efter start; {c2.ref})",
        )
        ctx.note(f"{c2.ref} nævner ikke undtagelsen for særlige grunde.", [c2.ref])
        duty = all_of(in_course, late)
    if duty.true:
        return ctx.result(
            True,
            "skal_forelaegges",
            "Sagen skal forelægges for rehabiliteringsteamet, fordi borgeren ikke har påbegyndt et tilbud "
            "eller en indsats inden for fristen (" + ", ".join(ctx.refs) + ").",
        )
    if duty.false:
        return ctx.result(
            False, "ingen_pligt", "Der er ikke pligt til at forelægge sagen for rehabiliteringsteamet nu."
        )
    return ctx.result(
        None,
        "ukendt",
        "Det kan ikke afgøres, om sagen skal forelægges for rehabiliteringsteamet.",
        missing=duty.missing,
    )


@register("jobformidler")
def jobformidler(facts: Facts) -> RuleResult:
    """LAB § 113 a: "Personer i ressourceforløb har ret til en personlig jobformidler."
    L 1160/2021 § 7, stk. 1: for forløb påbegyndt før 1. januar 2022 skal jobcenteret
    hurtigst muligt og senest 1. maj 2022 vejlede om retten.

    value True ⇔ personen har ret til en personlig jobformidler på referencedagen."""
    ctx = Ctx(JOB_RULE, facts)
    d = ctx.need_date()
    if d is None:
        return ctx.no_date()
    pv = ctx.param("jobformidler_right", d)
    if pv.value is None:
        return ctx.result(
            False,
            "ikke_i_kraft",
            f"Retten til en jobformidler gælder først fra {ctx.const('l1160_in_force').value} ({pv.ref}).",
            relevant=False,
            refs=[pv.ref],
        )
    in_course = fact("in_course", ctx.fact("in_course"))
    ctx.cite(pv.ref)
    if in_course.true:
        start = ctx.fact("course_start")
        c0 = ctx.const("l1160_in_force")
        if start is not None and start < c0.value:
            c1 = ctx.const("jobformidler_guidance_deadline")
            ctx.cite(c1.ref)
            given = ctx.fact("jobformidler_guidance_given")
            if given is False and d > c1.value:
                return ctx.result(
                    True,
                    "vejledningsfrist_overskredet",
                    f"Borgeren har ret til en personlig jobformidler ({pv.ref}); jobcenteret skulle have "
                    f"vejledt om retten senest {c1.value} ({c1.ref}).",
                )
            return ctx.result(
                True,
                "ret_vejledning_senest",
                f"Borgeren har ret til en personlig jobformidler ({pv.ref}); da forløbet begyndte før "
                f"{c0.value}, skal jobcenteret vejlede om retten senest {c1.value} ({c1.ref}).",
            )
        return ctx.result(True, "ret_til_jobformidler", f"Borgeren har ret til en personlig jobformidler ({pv.ref}).")
    if in_course.false:
        return ctx.result(False, "ikke_i_forloeb", "Retten gælder personer i ressourceforløb.", relevant=False)
    return ctx.result(None, "ukendt", "Det vides ikke, om borgeren er i et ressourceforløb.", missing=["in_course"])


@register("health_coordinator")
def health_coordinator(facts: Facts) -> RuleResult:
    """LAB § 113, stk. 3: en person i ressourceforløb, der mener, at et beskæftigelsesrettet
    tilbud ikke tager tilstrækkeligt hensyn til helbredet, har ret til en samtale med en
    sundhedskoordinator og den koordinerende sagsbehandler; bruges retten, før tilbuddet er
    påbegyndt, påbegyndes tilbuddet ikke, før jobcenteret har taget stilling til, om det
    skal tilpasses.

    value True ⇔ personen har ret til samtalen."""
    ctx = Ctx(HEALTH_RULE, facts)
    d = ctx.need_date()
    if d is None:
        return ctx.no_date()
    pv = ctx.param("health_coordinator_talk", d)
    if pv.value is None:
        return ctx.result(
            False,
            "ikke_i_kraft",
            f"Retten til en samtale med en sundhedskoordinator gælder ikke den {d}.",
            relevant=False,
            refs=[pv.ref],
        )
    ctx.cite(pv.ref)
    right = all_of(
        fact("in_course", ctx.fact("in_course")), fact("offer_disregards_health", ctx.fact("offer_disregards_health"))
    )
    if right.true:
        return ctx.result(
            True,
            "ret_til_samtale",
            "Borgeren har ret til en samtale med en sundhedskoordinator og den koordinerende "
            "sagsbehandler; bruges retten, før tilbuddet er påbegyndt, skal tilbuddet ikke påbegyndes, "
            f"før jobcenteret har taget stilling til, om det skal tilpasses ({pv.ref}).",
        )
    if right.false:
        return ctx.result(
            False,
            "ingen_ret",
            "Betingelserne for en samtale med en sundhedskoordinator er ikke opfyldt.",
            relevant=False,
        )
    return ctx.result(
        None,
        "ukendt",
        "Det kan ikke afgøres, om borgeren har ret til en samtale med en sundhedskoordinator.",
        missing=right.missing,
    )


@register("health_coordinator_decision")
def health_coordinator_decision(facts: Facts) -> RuleResult:
    """A decision on a request for the talk (LAB § 113, stk. 3): the right is set aside when the
    talk is refused, or when an offer not yet begun is to begin before the jobcenter has taken
    a position ("påbegyndes tilbuddet ikke, før ..."). An offer already under way when the
    talk was asked for may go on while the talk is arranged.

    value True ⇔ afgørelsen tilsidesætter retten (→ ændring)."""
    right = health_coordinator(facts)
    ctx = Ctx(HEALTH_DECISION_RULE, facts)
    ctx.trace.extend(right.trace)
    ctx.cite(*right.refs)
    if right.value is not True:
        return ctx.result(right.value, right.outcome, right.reason, missing=right.missing, relevant=right.relevant)
    granted = fact("talk_granted", ctx.fact("talk_granted"))
    started = fact("offer_started", ctx.fact("offer_started"))
    set_aside = ~all_of(granted, started)
    if set_aside.true:
        why = (
            "samtalen er ikke givet"
            if granted.false
            else "tilbuddet var ikke påbegyndt og skal ikke påbegyndes, før jobcenteret har taget stilling"
        )
        return ctx.result(True, "ret_tilsidesat", f"{right.reason} Afgørelsen tilsidesætter retten: {why}.")
    if set_aside.false:
        return ctx.result(
            False,
            "ret_respekteret",
            "Borgeren har fået samtalen, og tilbuddet var allerede påbegyndt, så det kan fortsætte, til "
            "jobcenteret har taget stilling til, om det skal tilpasses (LAB § 113, stk. 3).",
        )
    return ctx.result(
        None,
        "ukendt",
        "Det kan ikke afgøres, om afgørelsen tilsidesætter retten til en samtale med en sundhedskoordinator.",
        missing=set_aside.missing,
    )

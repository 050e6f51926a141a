"""Folkepensionsalderen: forløb kun frem til folkepensionsalderen, og 6-årsreglen.

LAB § 114, stk. 4, 2. pkt. (før 2022: stk. 3, 2. pkt.): "Der kan alene gives
ressourceforløb frem til det tidspunkt, hvor personen når folkepensionsalderen."

LAB § 112, stk. 3 (fra 1. januar 2022, L 1160/2021 § 1, nr. 1): "For personer, der har
mindre end 6 år til folkepensionsalderen, jf. § 1 a i lov om social pension, skal der ikke
iværksættes et ressourceforløb, medmindre personen selv ønsker det. En person, der i løbet
af et ressourceforløb når det tidspunkt, hvor der er mindre end 6 år til
folkepensionsalderen, skal fortsætte forløbet, til det er afsluttet."

L 1160/2021 § 7, stk. 4: § 112, stk. 3 "finder anvendelse for personer, der har fået
bevilget et ressourceforløb før lovens ikrafttræden til påbegyndelse den 1. januar 2022
eller senere, hvis personen den 1. januar 2022 har mindre end 6 år til
folkepensionsalderen."

LSP § 1 a: folkepensionsalderen efter fødselsdato (tabellen i params/folkepension.yaml).
"""

from __future__ import annotations

import datetime as dt

from rules.age import less_than_years_to_pension, pension_age_years, pension_dates, reached_pension_age, years_text
from rules.dates import add_years_fraction
from rules.facts import Facts
from rules.logic import FALSE, TRUE, all_of, fact, known, unknown
from rules.params import pension_date, pension_table, value, values
from rules.registry import register
from rules.result import Ctx, RuleResult

PENSION_RULE = "pension_age"
# the latest start of a course whose start is not known (not a legal value: a course starts
# within months of its grant)
_START_SLACK_DAYS = 366
SIX_RULE = "six_years_before_pension"


@register("pension_age")
def pension_age_rule(facts: Facts, lawful_length_only: bool = False) -> RuleResult:
    """value True ⇔ personen har ikke nået folkepensionsalderen på afgørelsesdatoen, så et
    forløb kan gives/fortsætte; False ⇔ folkepensionsalderen er nået (LAB § 114, stk. 4).

    The outcome also says whether the course runs past the pension day. `lawful_length_only`:
    the length is not under review (the complaint is about something else), so the end is
    checked for the length as far as the law allows it on the decision date; a longer length
    is the duration rule's matter."""
    ctx = Ctx(PENSION_RULE, facts)
    d = ctx.need_date()
    if d is None:
        return ctx.no_date()
    pv = ctx.param("courses_until_pension_age", d)
    reached = reached_pension_age(ctx, d)
    ctx.cite(pv.ref, "LSP § 1 a")
    if reached.true:
        return ctx.result(
            False,
            "folkepensionsalder_naaet",
            "Borgeren har nået folkepensionsalderen, og ressourceforløb kan alene gives frem til "
            f"folkepensionsalderen ({pv.ref}; LSP § 1 a).",
        )
    decision = ctx.fact("decision")
    if reached.false and decision in (None, "bevilget", "afslag"):
        # a new course lasts at least the law's shortest duration (LAB § 114, stk. 1) and only
        # until folkepensionsalderen: with less time left than that, none can be given
        min_pv = ctx.param("min_duration_years", d)
        lo, hi = pension_dates(ctx)
        soonest_end = add_years_fraction(d, float(min_pv.value))
        if hi is not None and hi < soonest_end and decision is None:
            return ctx.result(
                None,
                "ukendt",
                "Det afhænger af afgørelsens art, om folkepensionsalderen er for nær til et nyt forløb.",
                missing=["decision"],
            )
        if hi is not None and hi < soonest_end:
            ctx.cite(min_pv.ref)
            return ctx.result(
                False,
                "under_mindste_varighed_til_folkepension",
                f"Der er mindre end lovens korteste varighed ({min_pv.value:g} år, {min_pv.ref}) til "
                f"folkepensionsalderen ({hi}), og ressourceforløb kan alene gives frem til folkepensionsalderen "
                f"({pv.ref}; LSP § 1 a); et nyt forløb kan derfor ikke gives.",
            )
        if lo is not None and lo < soonest_end:
            return ctx.result(
                None,
                "ukendt",
                "Det kan ikke afgøres, om der er tid til et forløb af lovens korteste varighed før "
                "folkepensionsalderen.",
                missing=["birth_date"] + (["decision"] if decision is None else []),
            )
    if reached.false:
        # information only (does not change the value): a course running past the pension day
        start = ctx.fact("course_start")
        g = ctx.fact("granted_years")
        longest = float(value("max_duration_years", d).value)
        if g is None or lawful_length_only:
            # an unknown length is at most what the law allows; a longer one is the duration rule's matter
            g = longest if g is None else min(g, longest)
        lo, hi = pension_dates(ctx)
        # the latest the course can end: an unknown start is at most a year after the decision
        latest_end = add_years_fraction(start or d + dt.timedelta(days=_START_SLACK_DAYS), g)
        if start is not None and facts.granted_years is not None and hi is not None and latest_end > hi:
            pd = hi if hi == lo else f"senest {hi}"
            ctx.note(
                f"Forløbet ({start} + {g:g} år = {latest_end}) rækker ud over "
                f"folkepensionsalderen ({pd}); det kan alene gives frem til denne dag.",
                [pv.ref],
            )
            return ctx.result(
                True,
                "ophoerer_ved_folkepensionsalder",
                f"Forløbet kan alene løbe frem til folkepensionsalderen ({pd}) ({pv.ref}).",
            )
        if lo is None or latest_end > lo:
            # the start, the length or the age leaves open whether the course ends before the pension day
            return ctx.result(
                True,
                "slutdato_uvis",
                "Borgeren har ikke nået folkepensionsalderen, men det kan ikke afgøres, om forløbet rækker "
                "ud over den.",
                relevant=False,
            )
        return ctx.result(
            True, "under_folkepensionsalder", "Borgeren har ikke nået folkepensionsalderen.", relevant=False
        )
    return ctx.result(
        None, "ukendt", "Det kan ikke afgøres, om borgeren har nået folkepensionsalderen.", missing=reached.missing
    )


@register("six_years_before_pension")
def six_years_before_pension(facts: Facts) -> RuleResult:
    """value True ⇔ 6-årsreglen (LAB § 112, stk. 3) står ikke i vejen for forløbet;
    False ⇔ personen har mindre end 6 år til folkepensionsalderen, reglen gælder for
    forløbet, og personen ønsker det ikke selv."""
    ctx = Ctx(SIX_RULE, facts)
    d, decision, undecided = ctx.date_and_decision()
    if undecided:
        return undecided
    assert d is not None and decision is not None  # date_and_decision: both known when not undecided
    pv = ctx.param("years_before_pension_rule", d)
    if decision in ("forlænget", "ophør", "fortsat"):
        # 2. pkt.: the course already running continues until it ends
        if pv.value is not None:
            less = less_than_years_to_pension(ctx, pv.value, d)
            if less.true:
                return ctx.result(
                    True,
                    "fortsaetter_til_afslutning",
                    "Borgeren har nu mindre end 6 år til folkepensionsalderen, men et forløb, der er i "
                    "gang, skal fortsætte, til det er afsluttet (LAB § 112, stk. 3, 2. pkt.).",
                    refs=[pv.ref, "LSP § 1 a"],
                )
        return ctx.result(True, "ikke_relevant", "6-årsreglen angår iværksættelse af et nyt forløb.", relevant=False)

    # Does § 112, stk. 3 apply to this course, and on which day is the 6 years measured?
    if pv.value is not None:
        applies, years, on = TRUE, pv.value, d
        ctx.derived("6_aarsreglen_gaelder", applies, f"{pv.ref} gælder på afgørelsesdatoen", [pv.ref])
    else:
        c_from = ctx.const("six_year_rule_pre_granted_start_from")
        c_on = ctx.const("six_year_rule_pre_granted_measured_on")
        later = ctx.param("years_before_pension_rule", c_on.value, why="L 1160/2021 § 7, stk. 4")
        years, on = later.value, c_on.value
        start = ctx.fact("course_start")
        if decision == "afslag":
            applies = FALSE  # no course granted before 2022 to start later
        elif start is None:
            applies = unknown("course_start")
        else:
            applies = known(start >= c_from.value)
        ctx.derived(
            "6_aarsreglen_gaelder",
            applies,
            f"forløb bevilget før {c_from.value} til påbegyndelse {c_from.value} eller senere ({c_from.ref})",
            [c_from.ref],
        )
        if applies.false:
            return ctx.result(
                True,
                "ikke_i_kraft",
                "6-årsreglen (LAB § 112, stk. 3) gjaldt ikke for dette forløb (først fra "
                f"{c_from.value}, jf. {c_from.ref}).",
                relevant=False,
            )
        ctx.cite(c_from.ref)
    wish = fact("wishes_course", ctx.fact("wishes_course"))
    if wish.true and applies.true:
        less = less_than_years_to_pension(ctx, years, on)
        if less.true:
            return ctx.result(
                True,
                "oensker_selv",
                "Borgeren har mindre end 6 år til folkepensionsalderen, men ønsker selv forløbet (LAB § 112, stk. 3).",
                refs=["LAB § 112, stk. 3", "LSP § 1 a"],
            )
        return ctx.result(True, "oensker_selv", "Borgeren ønsker selv forløbet.", relevant=False)
    less = less_than_years_to_pension(ctx, years, on)
    bars = all_of(applies, less, ~wish)
    # the person's own folkepensionsalder, when the facts fix it: the number the reader asks about
    own = pension_age_years(ctx)
    at = f" er {years_text(own)} år (LSP § 1 a), og borgeren" if own is not None else ""
    if bars.true:
        return ctx.result(
            False,
            "under_6_aar_til_folkepension",
            (f"Borgerens folkepensionsalder{at}" if own is not None else "Borgeren")
            + f" har den {on} mindre end {years} år til folkepensionsalderen og ønsker ikke "
            "selv forløbet; der skal derfor ikke iværksættes et ressourceforløb (LAB § 112, stk. 3).",
            refs=["LAB § 112, stk. 3", "LSP § 1 a"],
        )
    if bars.false:
        if less.false:
            # cited when the person is within a year of the limit (the boundary was in play)
            near = all_of(applies, less_than_years_to_pension(ctx, years + 1, on))
            limit = f", så grænsen på {years} år nås først som {years_text(own - years)}-årig" if own else ""
            return ctx.result(
                True,
                "mere_end_6_aar",
                (f"Borgerens folkepensionsalder{at}" if own is not None else "Borgeren")
                + f" har den {on} {years} år eller mere til folkepensionsalderen{limit} (LAB § 112, stk. 3).",
                relevant=not near.false,
                refs=["LAB § 112, stk. 3", "LSP § 1 a"],
            )
        return ctx.result(True, "ikke_til_hinder", "6-årsreglen står ikke i vejen for forløbet.", relevant=False)
    return ctx.result(
        None,
        "ukendt",
        "Det kan ikke afgøres, om 6-årsreglen (LAB § 112, stk. 3) står i vejen.",
        missing=bars.missing,
        refs=["LAB § 112, stk. 3"],
    )


def six_year_rule_in_view_from(on: dt.date) -> float:
    """The lowest age (on `on`) at which the 6-year rule (LAB § 112, stk. 3) can bear on a course granted
    that day: a course of the longest length (LAB § 114, stk. 1) would then reach the point of less than
    6 years to the lowest folkepensionsalder of anyone who has not reached it on `on` (LSP § 1 a).

    Before the rule was in force, its first value is used (L 1160/2021 § 7, stk. 4 applies it to courses
    granted before 2022 that start later)."""
    rule = value("years_before_pension_rule", on).value
    if rule is None:
        rule = next(pv.value for pv in values("years_before_pension_rule") if pv.value is not None)
    longest = value("max_duration_years", on).value
    ahead = [row.years for row in pension_table() if row.born_to is None or pension_date(row.born_to) >= on]
    lowest = min(ahead) if ahead else pension_table()[-1].years
    return float(lowest - rule - longest)

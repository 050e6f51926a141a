"""Forløbets varighed.

LAB § 114, stk. 1, 1. pkt.: "Et ressourceforløb skal være af mindst 1 og højst 3 års
varighed." (før 1. januar 2022: "mindst 1 og højst 5 års"; ændret ved L 1160/2021 § 1, nr. 4).
PM 82-16: samtidig med bevillingen skal kommunen fastsætte den præcise varighed.

L 1160/2021 § 7, stk. 3: forløb af mere end 3 års varighed påbegyndt før 1. januar 2022
fortsætter, til de er afsluttet.
L 1160/2021 § 7, stk. 5: højst 3 år gælder for forløb bevilget før 1. januar 2022 til
påbegyndelse 1. januar 2022 eller senere.
"""

from __future__ import annotations

from rules import params as P
from rules.facts import Facts
from rules.logic import known, unknown
from rules.registry import register
from rules.result import Ctx, RuleResult

RULE = "duration"


def _fmt(x: float) -> str:
    return f"{x:g}".replace(".", ",")


@register("duration")
def duration(facts: Facts) -> RuleResult:
    """value True ⇔ den bevilgede varighed er fastsat og ligger inden for lovens rammer på
    afgørelsesdatoen (med overgangsreglerne); False ⇔ ikke fastsat eller uden for rammerne."""
    ctx = Ctx(RULE, facts)
    d, decision, undecided = ctx.date_and_decision()
    if undecided:
        return undecided
    assert d is not None and decision is not None  # date_and_decision: both known when not undecided
    if decision in ("ophør", "fortsat", "afslag"):
        return ctx.result(True, "ikke_relevant", "Afgørelsen fastsætter ikke en varighed.", relevant=False)
    fixed = ctx.fact("duration_fixed")
    g = ctx.fact("granted_years")
    ctx.cite("PM 82-16")
    if fixed is False:
        return ctx.result(
            False,
            "varighed_ikke_fastsat",
            "Kommunen har ikke fastsat forløbets præcise varighed samtidig med bevillingen (PM 82-16).",
            refs=["LAB § 114, stk. 1"],
        )
    lo_pv = ctx.param("min_duration_years", d)
    hi_pv = ctx.param("max_duration_years", d)
    ctx.cite(lo_pv.ref, hi_pv.ref)
    lo, hi = lo_pv.value, hi_pv.value
    alt_hi = None  # the maximum if L 1160/2021 § 7, stk. 5 applies
    c5 = P.constant("max_duration_pre_granted_start_from")
    if decision == "bevilget" and d < c5.value:
        later = P.value("max_duration_years", c5.value)
        if later.value != hi:
            ctx.const("max_duration_pre_granted_start_from")
            ctx.param("max_duration_years", c5.value, why=c5.ref)
            start = ctx.fact("course_start")
            if start is None:
                alt_hi = later.value
            elif start >= c5.value:
                hi = later.value
                ctx.cite(c5.ref)
                ctx.derived(
                    "maksimum", hi, f"forløbet er bevilget før {c5.value} til påbegyndelse {start} ({c5.ref})", [c5.ref]
                )
    if decision == "forlænget":
        c3 = P.constant("long_courses_started_before")
        if facts.course_start is not None and facts.course_start < c3.value <= d:
            ctx.note(
                f"{c3.ref} beskytter kun forløb af mere end 3 år, der var bevilget og påbegyndt før "
                f"{c3.value}; en forlængelse besluttet {d} følger reglerne på afgørelsesdatoen.",
                [c3.ref],
            )
    if g is None:
        return ctx.result(
            None,
            "ukendt",
            "Forløbets varighed er ikke oplyst.",
            missing=["granted_years"] if fixed is True else ["granted_years", "duration_fixed"],
        )
    if alt_hi is None:
        ok = known(lo <= g <= hi)
    else:
        ok_a, ok_b = lo <= g <= hi, lo <= g <= alt_hi
        ok = known(ok_a) if ok_a == ok_b else unknown("course_start")
    ctx.derived(
        "inden_for_rammerne",
        ok,
        f"{_fmt(lo)} ≤ {_fmt(g)} ≤ {_fmt(hi)}"
        + (f" (eller {_fmt(alt_hi)} efter {c5.ref})" if alt_hi is not None else ""),
    )
    if ok.true:
        return ctx.result(
            True,
            "inden_for_rammerne",
            f"Varigheden på {_fmt(g)} år ligger inden for lovens rammer på mindst {_fmt(lo)} og højst "
            f"{_fmt(hi if alt_hi is None else min(hi, alt_hi))} år ({hi_pv.ref}).",
        )
    if ok.false:
        if g < lo:
            return ctx.result(
                False,
                "under_minimum",
                f"Varigheden på {_fmt(g)} år er kortere end lovens mindste varighed på {_fmt(lo)} år ({lo_pv.ref}).",
            )
        limit = hi if alt_hi is None else max(hi, alt_hi)
        return ctx.result(
            False,
            "over_maksimum",
            f"Varigheden på {_fmt(g)} år er længere end lovens højeste varighed på {_fmt(limit)} år "
            f"({hi_pv.ref}" + (f", {c5.ref}" if c5.ref in ctx.refs else "") + ").",
        )
    ctx.cite(c5.ref)
    return ctx.result(
        None,
        "ukendt",
        f"Varigheden på {_fmt(g)} år er lovlig, hvis forløbet begyndte før {c5.value}, men ikke, hvis "
        f"det var bevilget til påbegyndelse {c5.value} eller senere ({c5.ref}).",
        missing=ok.missing,
    )

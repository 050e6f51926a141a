"""Nye ressourceforløb efter reformen af beskæftigelsesindsatsen.

L 1750/2025 (lov nr. 1750 af 29. december 2025): ordningen med ressourceforløb (LAB
kapitel 19, §§ 112-115 a) ophæves for nye sager; borgere, der allerede er i et forløb,
fortsætter efter "det tidligere gældende kapitel 19". Datoen, fra hvilken nye forløb ikke
længere kan bevilges (1. februar 2026), og udfasningen af igangværende forløb er ikke
bekræftet mod lovteksten (params/reform.yaml, `unconfirmed: true`); resultatet bærer den
status videre.
"""

from __future__ import annotations

from rules.facts import Facts
from rules.registry import register
from rules.result import Ctx, RuleResult

RULE = "new_course_after_reform"


@register("new_course_after_reform")
def new_course_after_reform(facts: Facts) -> RuleResult:
    """value True ⇔ loven på afgørelsesdatoen giver hjemmel til det forløb, afgørelsen angår
    (et nyt forløb: ordningen gælder for nye borgere; et igangværende forløb: det fortsætter);
    False ⇔ et nyt forløb kan ikke længere bevilges."""
    ctx = Ctx(RULE, facts)
    d = ctx.need_date()
    if d is None:
        return ctx.no_date()
    pv = ctx.param("new_courses_allowed", d)
    decision = ctx.fact("decision")
    if pv.value:
        return ctx.result(
            True, "ordningen_gaelder", "Ordningen med ressourceforløb gælder på afgørelsesdatoen.", relevant=False
        )
    status = " (datoen er ikke bekræftet mod lovteksten)" if pv.unconfirmed else ""
    if decision is None:
        return ctx.result(
            None,
            "ukendt_afgoerelse",
            "Nye forløb kan ikke bevilges efter reformen, men det vides ikke, om afgørelsen angår et nyt "
            "eller et igangværende forløb.",
            missing=["decision"],
            refs=[pv.ref],
        )
    if decision in ("bevilget", "afslag"):
        return ctx.result(
            False,
            "nye_forloeb_afskaffet",
            f"Fra {'' if pv.unconfirmed else 'senest '}{pv.valid_from} kan der ikke bevilges nye ressourceforløb "
            f"({pv.ref}){status}.",
            refs=[pv.ref],
        )
    ctx.note(
        "Igangværende forløb fortsætter efter det tidligere gældende kapitel 19; hvordan de udfases, er ikke "
        "bekræftet.",
        [pv.ref],
    )
    return ctx.result(
        True,
        "igangvaerende_fortsaetter",
        f"Et igangværende forløb fortsætter efter det tidligere gældende kapitel 19 ({pv.ref}){status}.",
        refs=[pv.ref],
    )

"""Sen hjemtagelse af refusion for tilbud før reformen.

L 1160/2021 § 7, stk. 6: for personer omfattet af LAB § 6, nr. 8 (ressourceforløb), der den
31. december 2021 eller tidligere har deltaget i tilbud m.v. eller fået mentorstøtte, hvor
udgifterne er refusionsberettigende efter LAB §§ 195 og 197, nr. 1, og refusionen ikke er
hjemtaget, kan kommunen berigtige og hjemtage refusion i 2022 eller senere.

The facts say when the course began, not which offers ran when: a course begun on or before
the day can hold such offers, one begun after it cannot.
"""

from __future__ import annotations

from rules.facts import Facts
from rules.registry import register
from rules.result import Ctx, RuleResult

RULE = "late_refund"


@register(RULE)
def late_refund(facts: Facts) -> RuleResult:
    """value True ⇔ forløbet begyndte senest på skæringsdagen, så overgangsreglen kan omfatte
    dets tilbud og mentorstøtte; False ⇔ det begyndte senere."""
    ctx = Ctx(RULE, facts)
    until = ctx.const("late_refund_efforts_until")
    from_year = ctx.const("late_refund_claims_from_year")
    start = ctx.fact("course_start")
    if start is None:
        return ctx.result(None, "ukendt_start", "Det vides ikke, hvornår forløbet begyndte.", missing=["course_start"])
    ctx.cite(until.ref)
    if start <= until.value:
        return ctx.result(
            True,
            "kan_hjemtages",
            f"Forløbet begyndte den {start}, så for tilbud og mentorstøtte til og med den {until.value}, som der "
            f"ikke er hjemtaget refusion for, kan kommunen berigtige og hjemtage refusion i {from_year.value} eller "
            f"senere ({until.ref}).",
        )
    return ctx.result(
        False,
        "ikke_omfattet",
        f"Forløbet begyndte den {start}, efter den {until.value}, så overgangsreglen om sen hjemtagelse af "
        f"refusion omfatter ikke dets tilbud ({until.ref}).",
    )

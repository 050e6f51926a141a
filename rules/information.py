"""Oplysningsgrundlaget: rehabiliteringsplanens forberedende del og lægeattesten.

LAB § 43: rehabiliteringsplanen består af en forberedende del, som danner grundlag for
sagens behandling i rehabiliteringsteamet, og en indsatsdel.
LAB § 44, stk. 1: den forberedende del skal indeholde oplysninger om 1) job- og
uddannelsesmål, 2) jobmæssige, sociale og helbredsmæssige ressourcer og udfordringer,
herunder dokumentation for den forudgående indsats, 3) den praktiserende læges vurdering
af helbredssituationen (LÆ 265), foretaget på baggrund af en konsultation.

PM 24-20: en afgørelse lider af en retlig mangel, hvis den forberedende del ikke er
udarbejdet/opdateret eller der ikke er indhentet en aktuel LÆ 265; Ankestyrelsen vurderer
konkret, om manglen har haft betydning (har kommunen inddraget de samme oplysninger og nået
de samme konklusioner, er manglen uden betydning). Mangler andre helbredsoplysninger, der
kan have væsentlig betydning for resultatet (fx fra psykiatrien), er sagen heller ikke
tilstrækkeligt oplyst. Følgen er hjemvisning.
"""

from __future__ import annotations

from rules.facts import Facts
from rules.logic import all_of, any_of, fact
from rules.result import Ctx, RuleResult

RULE = "case_information"


def case_information(facts: Facts) -> RuleResult:
    """value True ⇔ oplysningsgrundlaget er tilstrækkeligt (ingen mangel, eller manglen er
    uden betydning); False ⇔ en mangel, der kan have betydning (→ hjemvisning)."""
    ctx = Ctx(RULE, facts)
    lae = fact("lae265_current", ctx.fact("lae265_current"))
    prep = fact("preparatory_part_current", ctx.fact("preparatory_part_current"))
    spec = fact("specialist_info_missing", ctx.fact("specialist_info_missing"))
    immaterial = fact("defect_immaterial", ctx.fact("defect_immaterial"))
    no_defect = all_of(lae, prep, ~spec)
    ctx.derived(
        "ingen_mangel",
        no_defect,
        "aktuel LÆ 265, opdateret forberedende del og ingen manglende helbredsoplysninger",
        ["PM 24-20"],
    )
    res = any_of(no_defect, immaterial)
    ctx.cite("PM 24-20")
    if lae.false:
        ctx.cite("LAB § 44, stk. 1, nr. 3")
    if prep.false:
        ctx.cite("LAB § 43", "LAB § 44")
    if spec.true:
        ctx.cite("LAB § 44, stk. 1, nr. 2")
    if res.true:
        if no_defect.true:
            return ctx.result(
                True,
                "tilstraekkeligt_oplyst",
                "Sagen er tilstrækkeligt oplyst (aktuel LÆ 265 og forberedende del, ingen "
                "manglende helbredsoplysninger).",
                relevant=False,
            )
        return ctx.result(
            True,
            "mangel_uden_betydning",
            "Oplysningsgrundlaget har en mangel, men den har ikke haft betydning for afgørelsen (PM 24-20).",
        )
    if res.false:
        what = []
        if lae.false:
            what.append("der er ikke indhentet en aktuel LÆ 265")
        if prep.false:
            what.append("rehabiliteringsplanens forberedende del er ikke udarbejdet eller opdateret")
        if spec.true:
            what.append("der mangler helbredsoplysninger, som kan have væsentlig betydning for resultatet")
        return ctx.result(
            False,
            "ikke_tilstraekkeligt_oplyst",
            "Sagen er ikke tilstrækkeligt oplyst: "
            + "; ".join(what)
            + ". Manglen kan have haft betydning for afgørelsen (PM 24-20).",
        )
    return ctx.result(None, "ukendt", "Det kan ikke afgøres, om sagen er tilstrækkeligt oplyst.", missing=res.missing)

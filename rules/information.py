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

Praksisnotat 2022, afsnit Rehabiliteringsteam og -plan: "Kommunen træffer afgørelse i sagen
på baggrund af rehabiliteringsteamets indstilling." BIF 2020-06-10: kommunen skal kun
forelægge sagen for rehabiliteringsteamet, når der er noget, der taler for, at borgeren er i
målgruppen. A decision on a course taken without the team's recommendation lacks its basis,
and Ankestyrelsen cannot give the recommendation itself: hjemvisning.
"""

from __future__ import annotations

from rules.facts import Facts
from rules.logic import all_of, any_of, fact
from rules.registry import register
from rules.result import Ctx, RuleResult

RULE = "case_information"
TEAM_RULE = "team_recommendation"

# facts that speak for the target group (LAB § 112, stk. 1): any of them makes forelæggelse due
_TARGET_SIGNS = (
    "complex_problems",
    "interdisciplinary_need",
    "long_public_support",
    "participated_without_progress",
    "needs_long_effort",
)


@register("case_information")
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


@register("team_recommendation")
def team_recommendation(facts: Facts) -> RuleResult:
    """value True ⇔ the decision on the course rests on the rehabiliteringsteam's recommendation,
    or it refuses a course where nothing spoke for the target group, so no recommendation was
    due; False ⇔ it was taken without one that was due (→ hjemvisning). Unknown when
    `team_treated` is: a case narrative that says nothing of it presumes the team treated the
    case (see `assistant.language.presume`), so the rules core itself assumes nothing."""
    ctx = Ctx(TEAM_RULE, facts)
    treated = fact("team_treated", ctx.fact("team_treated"))
    ctx.cite("Praksisnotat 2022, afsnit Rehabiliteringsteam og -plan")
    if treated.true:
        return ctx.result(True, "forelagt", "Afgørelsen bygger på rehabiliteringsteamets indstilling.", relevant=False)
    refusal = ctx.fact("decision") == "afslag"
    if refusal:
        ctx.cite("BIF 2020-06-10")
        signs = [fact(n, ctx.fact(n)) for n in _TARGET_SIGNS]
        due = any_of(*signs)
        ctx.derived("noget_taler_for_maalgruppen", due, "oplysninger, der taler for målgruppen", ["BIF 2020-06-10"])
        if due.false:
            return ctx.result(
                True,
                "ikke_noedvendig",
                "Intet taler for, at borgeren er i målgruppen, så kommunen skulle ikke forelægge sagen for "
                "rehabiliteringsteamet (BIF 2020-06-10).",
                relevant=treated.false,
            )
        if treated.false and due.true:
            return ctx.result(
                False,
                "ikke_forelagt",
                "Noget taler for, at borgeren er i målgruppen, så sagen skulle have været forelagt "
                "rehabiliteringsteamet, før kommunen gav afslag (BIF 2020-06-10).",
            )
        if treated.false:
            return ctx.result(
                None,
                "ukendt",
                "Det kan ikke afgøres, om sagen skulle have været forelagt rehabiliteringsteamet.",
                missing=due.missing,
            )
    elif treated.false:
        return ctx.result(
            False,
            "ikke_forelagt",
            "Sagen var ikke forelagt rehabiliteringsteamet, før kommunen traf afgørelse om forløbet; "
            "kommunen træffer afgørelsen på baggrund af teamets indstilling, så sagen må behandles igen.",
        )
    return ctx.result(
        None,
        "ukendt",
        "Det er ikke oplyst, om sagen var forelagt rehabiliteringsteamet før afgørelsen.",
        missing=["team_treated"],
    )

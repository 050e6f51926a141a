"""Udviklingsperspektiv og vejen til førtidspension.

LAB § 112, stk. 2: "Et ressourceforløb er relevant, når der er et udviklingsperspektiv i
forhold til personens arbejdsevne. Er det dokumenteret, eller er det på grund af særlige
forhold helt åbenbart, at arbejdsevnen ikke kan forbedres ved deltagelse i et
ressourceforløb, skal et ressourceforløb ikke iværksættes."

PM 58-18: forløb skal kun iværksættes, når der kan peges på indsatser med en realistisk
forventning om, at borgeren kan drage nytte af dem; det er ikke nok, at udvikling ikke kan
udelukkes, der skal positivt kunne peges på et perspektiv. Er det dokumenteret eller helt
åbenbart, at arbejdsevnen ikke kan forbedres, træffer kommunen afgørelse om, at sagen
overgår til behandling efter reglerne om førtidspension.

Praksisnotat 2022, afsnit Relevante indsatser, to lister med eksempler:
  intet udviklingsperspektiv, når fx: ingen muligheder for bedring af et meget dårligt
  helbred / en meget ringe funktionsevne (no_improvement_possible); det er dokumenteret eller
  helt åbenbart, at arbejdsevnen ikke kan forbedres (documented_no_improvement); der peges
  alene på tiltag for livskvaliteten (only_quality_of_life);
  udviklingsperspektiv, når fx: relevante behandlingsmuligheder (treatment_options);
  arbejdsevnen ikke er afklaret og prøvet udviklet (work_capacity_clarified = False);
  manglende afklaring også skyldes fx motivation (motivation_factor); det er relevant at
  overveje mentor, funktionsevnebeskrivelse i hjemmet, hjælpemidler (support_measures_relevant).

The rule: an indicator AGAINST decides "no perspective" (the law's stk. 2, 2. pkt. is
mandatory); otherwise a perspective needs at least one indicator FOR (a positive showing);
when every indicator FOR is known to be absent there is none.
"""

from __future__ import annotations

from rules.facts import Facts
from rules.logic import all_of, any_of, fact
from rules.registry import register
from rules.result import Ctx, RuleResult

RULE = "development_perspective"
FP_RULE = "disability_pension_path"
REFS = ["LAB § 112, stk. 2", "PM 58-18", "Praksisnotat 2022, afsnit Relevante indsatser"]


@register("development_perspective")
def development_perspective(facts: Facts) -> RuleResult:
    """value True ⇔ der er et udviklingsperspektiv for arbejdsevnen (LAB § 112, stk. 2)."""
    ctx = Ctx(RULE, facts)
    if ctx.fact("perspective_undisputed") is True:
        # a finding nobody disputes stands (the complaint is about something else)
        ctx.cite(REFS[0])
        return ctx.result(
            True,
            "ikke_bestridt",
            "Klagen bestrider ikke udviklingsperspektivet (LAB § 112, stk. 2); kommunens og "
            "rehabiliteringsteamets vurdering lægges til grund.",
        )
    treat = fact("treatment_options", ctx.fact("treatment_options"))
    unclarified = ~fact("work_capacity_clarified", ctx.fact("work_capacity_clarified"))
    motivation = fact("motivation_factor", ctx.fact("motivation_factor"))
    support = fact("support_measures_relevant", ctx.fact("support_measures_relevant"))
    documented = fact("documented_no_improvement", ctx.fact("documented_no_improvement"))
    no_improve = fact("no_improvement_possible", ctx.fact("no_improvement_possible"))
    quality = fact("only_quality_of_life", ctx.fact("only_quality_of_life"))
    pos = any_of(treat, unclarified, motivation, support)
    neg = any_of(documented, no_improve, quality)
    ctx.derived("indikator_for", pos, "mindst én indikator for et udviklingsperspektiv", REFS[2:])
    ctx.derived("indikator_imod", neg, "mindst én indikator imod et udviklingsperspektiv", REFS[:1] + REFS[2:])
    res = all_of(pos, ~neg)
    ctx.cite(*REFS)
    if motivation.true:
        ctx.cite("PM 42-17")
    if res.true:
        why = []
        if treat.true:
            why.append("der er relevante behandlingsmuligheder")
        if unclarified.true:
            why.append("arbejdsevnen er ikke afklaret og prøvet udviklet i forhold til det brede arbejdsmarked")
        if motivation.true:
            why.append("den manglende afklaring skyldes også andre forhold, fx motivation")
        if support.true:
            why.append(
                "der kan peges på konkrete støttende indsatser (fx mentor, funktionsevnebeskrivelse, hjælpemidler)"
            )
        return ctx.result(
            True, "udviklingsperspektiv", "Der er et udviklingsperspektiv for arbejdsevnen: " + "; ".join(why) + "."
        )
    if res.false:
        if neg.true:
            why = []
            if documented.true:
                why.append("det er dokumenteret eller helt åbenbart, at arbejdsevnen ikke kan forbedres")
            if no_improve.true:
                why.append("der er ikke muligheder for bedring af helbred eller funktionsevne")
            if quality.true:
                why.append("der peges alene på tiltag, der sigter på bedre livskvalitet")
            return ctx.result(
                False,
                "intet_udviklingsperspektiv",
                "Der er ikke et udviklingsperspektiv for arbejdsevnen: " + "; ".join(why) + ".",
            )
        return ctx.result(
            False,
            "intet_positivt_perspektiv",
            "Der kan ikke positivt peges på et udviklingsperspektiv for arbejdsevnen "
            "(ingen af praksisnotatets indikatorer for et perspektiv foreligger).",
        )
    return ctx.result(None, "ukendt", "Det kan ikke afgøres, om der er et udviklingsperspektiv.", missing=res.missing)


@register("disability_pension_path")
def disability_pension_path(facts: Facts) -> RuleResult:
    """value True ⇔ kommunen skal vurdere/påbegynde en sag om førtidspension i stedet for et
    ressourceforløb, fordi der ikke er et udviklingsperspektiv (PM 58-18; praksisnotatet:
    "Er dette ikke tilfældet, skal kommunen vurdere, om der i stedet skal indledes en sag om
    førtidspension")."""
    dev = development_perspective(facts)
    ctx = Ctx(FP_RULE, facts)
    ctx.trace.extend(dev.trace)
    ctx.cite("PM 58-18", "LAB § 112, stk. 2")
    if dev.value is False:
        return ctx.result(
            True,
            "foertidspension",
            "Da der ikke er et udviklingsperspektiv, skal kommunen i stedet påbegynde en sag "
            "om førtidspension (PM 58-18).",
        )
    if dev.value is True:
        return ctx.result(
            False,
            "ressourceforloeb_relevant",
            "Der er et udviklingsperspektiv, så sagen skal ikke overgå til førtidspension.",
            relevant=False,
        )
    return ctx.result(
        None, "ukendt", "Det kan ikke afgøres, om sagen skal overgå til førtidspension.", missing=dev.missing
    )

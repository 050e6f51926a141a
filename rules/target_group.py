"""Målgruppen for ressourceforløb.

LAB § 112, stk. 1: "Ressourceforløb ... er en ordning for personer, der har komplekse
problemer ud over ledighed, der ikke har kunnet løses gennem en indsats efter denne lov
eller efter lov om aktiv socialpolitik, og som kræver et helhedsorienteret forløb med en
kombination af indsats efter denne lov og sociale eller sundhedsmæssige indsatser ...
Herudover skal en af følgende betingelser være opfyldt:
 1) Personen har modtaget længerevarende offentlig forsørgelse.
 2) Personen har deltaget i tilbud eller revalidering efter denne lov uden at have øget
    tilknytningen til arbejdsmarkedet.
 3) Kommunen vurderer, at der er behov for en længerevarende indsats, før der kan
    fastsættes et konkret beskæftigelsesmål."

PM 1-15: det er en betingelse, at den nødvendige indsats er tværfaglig (fra forskellige dele
af den kommunale forvaltning); en kommunal indsats, kommunen anser for tilstrækkelig,
fritager ikke for at bevilge forløbet, når betingelserne i øvrigt er opfyldt.
PM 24-14: målgruppen er især personer, der uden en særlig, tværfaglig indsats vil ende med
førtidspension, og personer med aktuelle komplekse problemer og lang udsigt til job.
PM 42-17: indsatsen skal være tværfaglig og sammenhængende; målgruppen er personer, hvor det
er vanskeligt at fastsætte et konkret beskæftigelsesmål.
"""

from __future__ import annotations

from rules.facts import Facts
from rules.logic import all_of, any_of, fact
from rules.registry import register
from rules.result import Ctx, RuleResult

RULE = "target_group"
NR = {1: "long_public_support", 2: "participated_without_progress", 3: "needs_long_effort"}


@register("target_group")
def target_group(facts: Facts) -> RuleResult:
    """value True ⇔ personen er i målgruppen efter LAB § 112, stk. 1 (og PM 1-15)."""
    ctx = Ctx(RULE, facts)
    if ctx.fact("target_group_undisputed") is True:
        # Ankestyrelsen assesses what the complaint is about; a finding nobody disputes stands
        ctx.cite("LAB § 112, stk. 1")
        return ctx.result(
            True,
            "ikke_bestridt",
            "Klagen bestrider ikke, at borgeren er i målgruppen (LAB § 112, stk. 1); kommunens og "
            "rehabiliteringsteamets vurdering lægges til grund.",
        )
    complex_ = fact("complex_problems", ctx.fact("complex_problems"))
    inter = fact("interdisciplinary_need", ctx.fact("interdisciplinary_need"))
    nrs = {n: fact(name, ctx.fact(name)) for n, name in NR.items()}
    any_nr = any_of(*nrs.values())
    ctx.derived("en_af_betingelserne_i_nr_1_3", any_nr, "LAB § 112, stk. 1, nr. 1-3", ["LAB § 112, stk. 1"])
    res = all_of(complex_, inter, any_nr)
    ctx.cite("LAB § 112, stk. 1")
    for n, t in nrs.items():
        if t.true:
            ctx.cite(f"LAB § 112, stk. 1, nr. {n}")
    ctx.cite("PM 24-14", "PM 1-15")
    if res.true:
        which = ", ".join(f"nr. {n}" for n, t in nrs.items() if t.true)
        return ctx.result(
            True,
            "i_maalgruppen",
            "Borgeren er i målgruppen: komplekse problemer ud over ledighed, som kræver en "
            f"tværfaglig, helhedsorienteret indsats, og betingelsen i LAB § 112, stk. 1, {which} er opfyldt.",
        )
    if res.false:
        why = []
        if complex_.false:
            why.append("der er ikke komplekse problemer ud over ledighed, som ikke kan løses med en almindelig indsats")
        if inter.false:
            why.append("den nødvendige indsats er ikke tværfaglig (PM 1-15)")
        if any_nr.false:
            why.append("ingen af betingelserne i nr. 1-3 er opfyldt")
        return ctx.result(False, "ikke_i_maalgruppen", "Borgeren er ikke i målgruppen: " + "; ".join(why) + ".")
    return ctx.result(None, "ukendt", "Det kan ikke afgøres, om borgeren er i målgruppen.", missing=res.missing)

"""The answer composer: Danish answers built sentence by sentence, each with its support.

For each topic a builder writes the sentences a knowledgeable colleague would say (the
answer first, then the condition, then the source), taking numbers from the rules core's
dated parameters and words from the passages it quotes. A sentence whose passage is not
in force on the date, or whose quote is not in the passage, is never produced. The
grounding check then verifies every sentence again, whoever wrote it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from assistant.answering.model import Role, Sentence, Support
from assistant.corpus.refs import parse_ref
from assistant.corpus.units import Unit
from assistant.language.analysis import COMMON_STEMS, STOPWORDS, about_person, content_stems, fold, stem
from assistant.language.dates import dk_date
from assistant.language.facts import KnownFacts
from rules import params as P

# Every legal number and date below is read from the dated parameters (`rules/params`).
REFORM_DAY: dt.date = P.constant("l1160_in_force").value  # L 1160/2021 (Bedre ressourceforløb) in force


def first_in_force(name: str) -> P.ParamValue:
    """The first value of a parameter under which its rule applies (not null, not False)."""
    return next(pv for pv in P.values(name) if pv.value not in (None, False))


def abolished_from() -> dt.date:
    """The day from which new courses can no longer be granted (L 1750/2025; date unconfirmed)."""
    return next(pv.valid_from for pv in P.values("new_courses_allowed") if pv.value is False)


def _num(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else str(v).replace(".5", "½")


def _years(v: float) -> str:
    return f"{int(v)} år" if float(v).is_integer() else f"{v:g} år".replace(".", ",")


def numbers_of(items: Any) -> set[str]:
    """The number tokens a sentence may write for these values, as the grounding check reads
    them (`\\d+`): 4 → "4", 4.5 → "4" and "5", a date → its day and year, a string as it is."""
    out: set[str] = set()
    for n in items:
        if isinstance(n, dt.date):
            out.update({str(n.day), str(n.year)})
        elif isinstance(n, (int, float)) and not isinstance(n, bool):
            out.update(re.findall(r"\d+", _num(n) if float(n).is_integer() else str(n)))  # 0.5 → "0", "5"
        elif isinstance(n, str):
            out.add(n)
    return out


@dataclass
class Draft:
    """Sentences under construction plus what the answer rests on."""

    on: dt.date
    audience: str
    units: dict[str, list[Unit]]  # ref key → units
    sentences: list[Sentence] = field(default_factory=list)
    expected: dict[str, Any] = field(default_factory=dict)  # outcome claims the rules support
    rule_refs: dict[str, set[str]] = field(default_factory=dict)
    values: dict[str, set[str]] = field(default_factory=dict)  # rule name → the numbers its result states
    missing: list[str] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    role: Role = "condition"  # the plan role of what is said next
    person: str | None = None  # whom a citizen asks for ("din far"); None: the citizen herself
    barred_by: str | None = None  # the rule whose verdict on the person's facts bars the course
    topic: str | None = None  # the topic whose sentences are being written

    @property
    def citizen(self) -> bool:
        return self.audience == "citizen"

    def unit(self, ref: str, contains: str | None = None, enacted: bool = False) -> Unit | None:
        """The unit with this ref in force on the date (and containing `contains`).

        `enacted`: also a unit that is adopted (its document date has passed) but not yet
        in force, so a question just before a reform can be told what is coming."""
        for u in self.units.get(parse_ref(ref).key, []):
            ok = u.in_force(self.on) or (
                enacted
                and u.date is not None
                and u.date <= self.on
                and (u.valid_from is None or u.valid_from > self.on)
            )
            if ok and (contains is None or _norm(contains) in _norm(u.text)):
                return u
        return None

    def say(
        self,
        text: str,
        *,
        ref: str | None = None,
        quote: str | None = None,
        rule: str | None = None,
        rule_ref: str | None = None,
        claim: dict | None = None,
        also: tuple[tuple[str, str], ...] | list[tuple[str, str]] = (),
        enacted: bool = False,
        role: Role | None = None,
        given: tuple | list = (),
    ) -> bool:
        """Add a sentence if its support holds on the date; returns whether it was added.

        `ref`+`quote`: a passage in force on the date must contain the quote.
        `rule`+`rule_ref`: a rule (or parameter) result the answer rests on.
        `also`: further (ref, quote) passages.
        `role`: the sentence's place in the answer plan, when not the draft's current one.
        `given`: numbers the sentence repeats from the user's facts or date (checked against them).
        """
        support: list[Support] = []
        for r, q in ([(ref, quote)] if ref else []) + list(also):
            u = self.unit(r, q, enacted=enacted)
            if u is None:
                return False
            support.append(Support(kind="passage", ref=u.ref, unit_id=u.id, quote=q))
        if rule:
            support.append(Support(kind="rule", ref=rule_ref or ref or "", rule=rule))
            self.rule_refs.setdefault(rule, set()).add(rule_ref or ref or "")
        if not support:
            return False
        if self.citizen and self.person:
            text = about_person(text, self.person)
        self.sentences.append(
            Sentence(
                text=text,
                support=support,
                claim=claim,
                role=role or self.role,
                given=sorted(numbers_of(given)),
                topic=self.topic,
            )
        )
        return True

    def give(self, rule: str, *numbers: Any) -> None:
        """Record numbers that `rule`'s result states; only sentences resting on `rule` may say them."""
        self.values.setdefault(rule, set()).update(numbers_of(numbers))

    def param(self, name: str, on: dt.date | None = None) -> P.ParamValue:
        """A dated parameter in force on the draft's date (or `on`): its value and dates become
        the evidence of the sentences that rest on `param:<name>`."""
        pv = P.value(name, on or self.on)
        self.rule_refs.setdefault(f"param:{name}", set()).add(pv.ref)
        self.give(f"param:{name}", pv.value, pv.valid_from, *([pv.valid_to] if pv.valid_to else []))
        return pv

    def ask(self, fact: str, question: str) -> None:
        if fact not in self.missing:
            self.missing.append(fact)
            self.questions.append(about_person(question, self.person) if self.citizen and self.person else question)


@lru_cache(maxsize=8192)
def _norm(s: str) -> str:
    return " ".join(fold(s).split())


@dataclass(frozen=True)
class Say:
    """A sentence a topic may say, declared in its registry entry: its wording (for a citizen
    too, when it differs), with `{name}` slots for dated parameters and constants, and the
    passage that must contain `quote` on the date. A slot's value is read on the answer's
    date, so the sentence follows the law as the parameters change."""

    text: str
    ref: str
    quote: str
    citizen: str | None = None
    slots: tuple[str, ...] = ()


def _slot(d: Draft, name: str) -> tuple[str, P.ParamValue | P.Constant]:
    source: P.ParamValue | P.Constant = P.constant(name) if name in P.constants() else d.param(name)
    v = source.value
    return (dk_date(v) if isinstance(v, dt.date) else _num(v) if isinstance(v, (int, float)) else str(v)), source


def saying(*says: Say) -> Callable[[Draft, KnownFacts], None]:
    """The builder of a topic whose sentences are declared with it (see `topics.TOPICS`)."""

    def build(d: Draft, facts: KnownFacts) -> None:
        for s in says:
            filled = {name: _slot(d, name) for name in s.slots}
            shown = {name: text for name, (text, _) in filled.items()}
            text = (s.citizen if d.citizen and s.citizen else s.text).format(**shown)
            quote = s.quote.format(**shown)
            params = [(k, src) for k, (_, src) in filled.items() if isinstance(src, P.ParamValue)]
            rule, rule_ref = (f"param:{params[0][0]}", params[0][1].ref) if params else (None, None)
            d.say(text, ref=s.ref, quote=quote, rule=rule, rule_ref=rule_ref)

    return build


# --- topic builders ------------------------------------------------------------------
# Each takes the draft and the facts known (a dict in the rules' vocabulary).


def reform_lead(d: Draft, facts: KnownFacts, question: str = "") -> None:
    """After L 1750/2025: new courses cannot be granted; running ones continue.

    The date is hedged only inside the window between the two dates of entry into force;
    after both, the result is certain and said plainly. A person already in a course is
    told that it continues, not that new ones are abolished."""
    pv = d.param("new_courses_allowed")
    if pv.value is not False:
        return
    d.expected["new_courses_allowed"] = False
    you = "dig" if d.citizen else "nye borgere"
    in_course = facts.get("in_course") is True
    if in_course:
        pass  # told below that the course continues; the abolition is not news to this person
    elif pv.unconfirmed:
        d.say(
            f"Ressourceforløb kan ikke længere bevilges til {you}: ordningen er afskaffet for nye sager ved "
            f"L 1750/2025 fra {dk_date(pv.valid_from)}.",
            ref="L 1750/2025",
            quote="afskaffer ressourceforløb for nye borgere",
            rule="param:new_courses_allowed",
            rule_ref=pv.ref,
        )
        d.say(
            "Datoen er ikke bekræftet mod selve lovteksten, så tjek den i loven eller hos kommunen.",
            ref="L 1750/2025",
            quote="ikke bekræftet",
        )
    else:
        d.say(
            f"Der kan ikke bevilges nye ressourceforløb til {you}: ordningen er afskaffet ved L 1750/2025, "
            f"og loven er trådt helt i kraft den {dk_date(pv.valid_from)}.",
            ref="L 1750/2025",
            quote="begge trin trådt i kraft",
            rule="param:new_courses_allowed",
            rule_ref=pv.ref,
        )
    if d.citizen:
        text = "Er du allerede i et ressourceforløb, fortsætter det efter de tidligere regler (kapitel 19)."
        if in_course:
            text = "Et forløb, der allerede er i gang, fortsætter efter de tidligere regler (kapitel 19)."
    else:
        text = "Igangværende forløb fortsætter efter det tidligere gældende kapitel 19, som svaret bygger på."
    d.say(text, ref="L 1750/2025", quote="tidligere gældende kapitel 19")
    unconfirmed_points(d, question)


_LIST_MARK = re.compile(r"^\s*[-–•*]\s+")  # the bullet of a list item
_UNCONFIRMED = re.compile(r"^(?P<point>[^:]{8,120}?)(?: \([^)]*\))?: ikke bekræftet\.?$")


# what a reform point is about: its stems without function words and the words every point shares
_POINT_NOISE = frozenset(stem(w) for w in STOPWORDS | {"ressourceforlob", "forlob", "igangvaerende"})


def _about(text: str) -> set[str]:
    return content_stems(text) - _POINT_NOISE


def unconfirmed_points(d: Draft, question: str) -> None:
    """The points of the reform the sources mark "X: ikke bekræftet" that the question asks
    about ("hvordan bliver forløbene udfaset?"), said as a sentence: "X, er ikke bekræftet"."""
    unit = d.unit("L 1750/2025", enacted=True)
    asked = _about(question)
    for line in unit.text.splitlines() if unit else []:
        m = _UNCONFIRMED.match(_LIST_MARK.sub("", line).strip())
        if m and _about(m["point"]) & asked:
            d.say(f"{m['point']}, er ikke bekræftet.", ref="L 1750/2025", quote=f"{m['point']}", enacted=True)


def status(d: Draft, facts: KnownFacts, question: str = "") -> None:
    """The 2025 reform: what it does, what is unconfirmed, and what the question asks about it."""
    unit = d.unit("L 1750/2025", enacted=True)
    if unit is None:
        return
    pv = P.value("new_courses_allowed", d.on)
    asks_date = re.search(r"hvornår|hvilken dato|fra hvilken|hvilken dag|datoen", question, re.I)
    if pv.value is not False or pv.unconfirmed or asks_date:
        d.say(
            "Ressourceforløb afskaffes for nye borgere ved L 1750/2025, og ifølge en sekundær kilde kan nye "
            f"forløb ikke bevilges fra {dk_date(abolished_from())}; den dato er ikke bekræftet mod lovteksten.",
            ref="L 1750/2025",
            quote="ikke bekræftet",
            rule="param:new_courses_allowed",
            rule_ref=d.param("new_courses_allowed", abolished_from()).ref,
            enacted=True,
            role="lead",
        )
    terms = {fold(w) for w in re.findall(r"[A-Za-zÆØÅæøå0-9]{3,}", question)}
    for sentence in top_sentences(unit, terms, 2, min_overlap=2):
        d.say(sentence, ref="L 1750/2025", quote=sentence, enacted=True)


def law_version(d: Draft) -> str:
    if d.on < REFORM_DAY:
        return f"reglerne før {dk_date(REFORM_DAY)} (før L 1160/2021)"
    if P.value("new_courses_allowed", d.on).value is False:
        return "det tidligere gældende kapitel 19 (for igangværende forløb) efter L 1750/2025"
    return f"reglerne fra {dk_date(REFORM_DAY)} (som ændret ved L 1160/2021)"


def version_note(d: Draft) -> None:
    if d.on < REFORM_DAY:
        d.say(
            f"Svaret bygger på reglerne før {dk_date(REFORM_DAY)}, da L 1160/2021 trådte i kraft.",
            ref="L 1160/2021 § 6, stk. 2",
            quote=f"træder i kraft den {dk_date(REFORM_DAY)}",
        )


def duration(d: Draft, facts: KnownFacts) -> None:
    lo, hi = d.param("min_duration_years"), d.param("max_duration_years")
    d.expected.update(min_years=int(lo.value), max_years=int(hi.value))
    subject = "Dit ressourceforløb" if d.citizen else "Et ressourceforløb"
    d.say(
        f"{subject} skal vare mindst {int(lo.value)} år og højst {int(hi.value)} år.",
        ref="LAB § 114, stk. 1",
        quote=f"mindst 1 og højst {int(hi.value)} års varighed",
        rule="param:max_duration_years",
        rule_ref=hi.ref,
        claim={"type": "max_years", "value": int(hi.value)},
    )
    d.say(
        "Kommunen skal fastsætte den præcise varighed samtidig med, at den bevilger forløbet.",
        ref="PM 82-16",
        quote="skal kommunen fastsætte den præcise varighed",
    )
    d.say(
        "Perioder med barsel eller sorgorlov tæller ikke med i varigheden.",
        ref="LAB § 114, stk. 1",
        quote="Perioder med barsel eller sorgorlov medregnes ikke",
    )
    granted = facts.get("granted_years")
    if granted is not None:
        inside = lo.value <= granted <= hi.value
        d.say(
            f"Et forløb på {_years(granted)} ligger {'inden for' if inside else 'uden for'} den ramme.",
            ref="LAB § 114, stk. 1",
            rule="param:max_duration_years",
            rule_ref=hi.ref,
            given=[granted],
        )
    if d.on >= REFORM_DAY and (facts.get("course_granted_on") or facts.get("course_start")):
        _long_courses_continue(d)


def repeat(d: Draft, facts: KnownFacts) -> None:
    limit = d.param("repeat_age_limit")
    you = d.citizen
    d.say(
        (
            "Du kan få flere ressourceforløb efter hinanden."
            if you
            else "Kommunen kan tilbyde flere ressourceforløb efter hinanden."
        ),
        ref="LAB § 114, stk. 2",
        quote="flere på hinanden følgende ressourceforløb",
    )
    if d.on < REFORM_DAY:
        d.say(
            (
                f"Er du over {int(limit.value)} år, har du ikke pligt til at tage imod mere end ét ressourceforløb; "
                "kommunen kan give dig flere, hvis du selv ønsker det."
                if you
                else f"Er personen over {int(limit.value)} år, har personen ikke pligt til at tage imod mere end ét "
                "ressourceforløb; kommunen kan tilbyde flere, hvis personen ønsker det."
            ),
            ref="PM 82-16",
            quote=f"Hvis borgeren er over {int(limit.value)} år, har borgeren ikke pligt til at tage imod mere end ét ressourceforløb",
            rule="param:repeat_age_limit",
            rule_ref=limit.ref,
        )
    else:
        d.say(
            (
                f"Er du over {int(limit.value)} år, kan kommunen kun give dig mere end ét ressourceforløb, "
                "hvis du selv ønsker det."
                if you
                else f"Er personen over {int(limit.value)} år, kan kommunen kun tilbyde mere end ét ressourceforløb, "
                "hvis personen selv ønsker det."
            ),
            ref="LAB § 114, stk. 4",
            quote="hvis personen ønsker det",
            rule="param:repeat_age_limit",
            rule_ref=limit.ref,
        )
        total = d.param("total_limit_lower_age")
        cap = P.value("total_limit_40_50_years", d.on).value
        if total.value is not None and cap is not None:
            d.say(
                (
                    f"Er du mellem {int(total.value)} og {int(limit.value)} år, må du samlet højst være i "
                    f"ressourceforløb i {_num(cap)} år, medmindre du selv ønsker mere."
                    if you
                    else f"For personer mellem {int(total.value)} og {int(limit.value)} år kan den samlede tid i "
                    f"ressourceforløb ikke overstige {_num(cap)} år, medmindre personen ønsker det."
                ),
                ref="LAB § 114, stk. 3",
                quote=f"ikke overstige {_num(cap)} år, medmindre personen ønsker det",
                rule="param:total_limit_lower_age",
                rule_ref=total.ref,
            )
    if facts.get("wishes_course") is not True:  # said to one who may refuse, not to one who wants the course
        d.say(
            (
                "Siger du nej til et nyt forløb, betyder det ikke, at du har ret til førtidspension."
                if you
                else "At borgeren afviser et ressourceforløb, giver ikke i sig selv ret til førtidspension."
            ),
            ref="PM 82-16",
            quote="er ikke ensbetydende med, at borgeren har ret til førtidspension",
        )


def target_group(d: Draft, facts: KnownFacts) -> None:
    if d.citizen:
        d.say(
            "Et ressourceforløb er for dig, der har komplekse problemer ud over ledighed, fx helbred, misbrug "
            "eller sociale forhold, og som har brug for en samlet indsats fra flere fagområder.",
            ref="LAB § 112, stk. 1",
            quote="komplekse problemer ud over ledighed",
            also=[("PM 24-14", "helbredsproblemer, misbrug, sociale forhold")],
        )
        d.say(
            "Derudover skal du enten have fået offentlig forsørgelse i længere tid, have været i tilbud uden at "
            "komme tættere på arbejdsmarkedet, eller have brug for en længerevarende indsats, før der kan sættes "
            "et konkret jobmål.",
            ref="LAB § 112, stk. 1",
            quote="længerevarende offentlig forsørgelse",
        )
    else:
        d.say(
            "Målgruppen er personer med komplekse problemer ud over ledighed, som ikke har kunnet løses gennem "
            "en almindelig indsats, og som kræver et helhedsorienteret forløb med både beskæftigelsesrettede "
            "og sociale eller sundhedsmæssige indsatser.",
            ref="LAB § 112, stk. 1",
            quote="komplekse problemer ud over ledighed",
        )
        d.say(
            "Derudover skal personen enten have modtaget længerevarende offentlig forsørgelse, have deltaget i "
            "tilbud uden at komme tættere på arbejdsmarkedet, eller have brug for en længerevarende indsats, "
            "før der kan fastsættes et beskæftigelsesmål.",
            ref="LAB § 112, stk. 1",
            quote="længerevarende offentlig forsørgelse",
        )
        d.say(
            "Indsatsen skal være tværfaglig, men behøver ikke at omfatte sundhedsvæsenet.",
            ref="PM 1-15",
            quote="tværfaglig",
        )
    development(d, facts, brief=True)


def development(d: Draft, facts: KnownFacts, brief: bool = False) -> None:
    d.say(
        (
            "Et ressourceforløb forudsætter, at din arbejdsevne kan udvikles (et udviklingsperspektiv)."
            if d.citizen
            else "Et ressourceforløb er kun relevant, når der er et udviklingsperspektiv i forhold til "
            "personens arbejdsevne."
        ),
        ref="LAB § 112, stk. 2",
        quote="udviklingsperspektiv i forhold til personens arbejdsevne",
    )
    if brief:
        return
    d.say(
        "Er det dokumenteret eller helt åbenbart, at arbejdsevnen ikke kan forbedres, skal der ikke iværksættes "
        "et ressourceforløb.",
        ref="LAB § 112, stk. 2",
        quote="skal et resourceforløb ikke iværksættes",
    )
    d.say(
        "Der er fx et udviklingsperspektiv, når der er relevante behandlingsmuligheder, eller når arbejdsevnen "
        "ikke er afklaret og prøvet udviklet.",
        ref="Praksisnotat 2022, afsnit Relevante indsatser",
        quote="der er relevante behandlingsmuligheder",
    )
    d.say(
        "Der er ikke et udviklingsperspektiv, når tiltagene udelukkende sigter på at forbedre livskvaliteten, "
        "eller når helbredet eller funktionsevnen ikke kan bedres.",
        ref="Praksisnotat 2022, afsnit Relevante indsatser",
        quote="udelukkende har sigte på forbedring af borgerens livskvalitet",
    )
    d.say(
        "Kan arbejdsevnen ikke forbedres, skal kommunen i stedet behandle sagen efter reglerne om førtidspension.",
        ref="PM 58-18",
        quote="overgår til behandling efter reglerne om førtidspension",
    )


def pension_6y(d: Draft, facts: KnownFacts) -> None:
    pv = d.param("years_before_pension_rule")
    if pv.value is None:
        later = d.param("years_before_pension_rule", first_in_force("years_before_pension_rule").valid_from)
        since = dk_date(later.valid_from)
        d.say(
            f"Før {since} var der ikke en særlig regel om personer tæt på folkepensionsalderen; "
            f"reglen om mindre end {_num(later.value)} år til folkepensionsalderen blev indsat i "
            f"beskæftigelsesindsatsloven ved L 1160/2021 med virkning fra {since}.",
            ref="L 1160/2021 § 1, nr. 1",
            quote="I § 112 indsættes som stk. 3",
            also=[("L 1160/2021 § 6, stk. 2", f"træder i kraft den {since}")],
            rule="param:years_before_pension_rule",
            rule_ref=later.ref,
        )
        _until_pension(d)
        return
    n = int(pv.value)
    d.say(
        (
            f"Har du mindre end {n} år til folkepensionsalderen, skal du ikke begynde i et ressourceforløb, "
            "medmindre du selv ønsker det."
            if d.citizen
            else f"For personer, der har mindre end {n} år til folkepensionsalderen, skal der ikke iværksættes et "
            "ressourceforløb, medmindre personen selv ønsker det."
        ),
        ref="LAB § 112, stk. 3",
        quote="medmindre personen selv ønsker det",
        rule="param:years_before_pension_rule",
        rule_ref=pv.ref,
    )
    d.say(
        f"Når man i løbet af et forløb kommer under {n} år fra folkepensionsalderen, fortsætter forløbet, "
        "til det er afsluttet.",
        ref="LAB § 112, stk. 3",
        quote="skal fortsætte forløbet, til det er afsluttet",
    )
    # the person's own pension age, when the birth year gives one; otherwise the table
    year = facts.get("birth_year") or (facts.get("birth_date").year if facts.get("birth_date") else None)
    ages = (
        {P.pension_age(dt.date(year, m, 1)).years for m in (1, 7)} | {P.pension_age(dt.date(year, 12, 31)).years}
        if year
        else set()
    )
    if len(ages) == 1:
        age = ages.pop()
        shown = str(int(age)) if float(age).is_integer() else str(age).replace(".5", "½")
        d.say(
            f"For en person født i {year} er folkepensionsalderen {shown} år, så der er mindre end {n} år til "
            f"folkepensionsalderen fra {int(age) - n if float(age).is_integer() else shown}-årsalderen.",
            ref="LSP § 1 a",
            rule="param:years_before_pension_rule",
            rule_ref=pv.ref,
            given=[year],
        )
        _until_pension(d)
        return
    rows = _pension_rows(d.on)
    last = rows[-1]
    d.say(
        "Folkepensionsalderen afhænger af fødselsdatoen: "
        + _and(
            [
                f"{_num(r.years)} år for {'personer ' if i == 0 else ''}født {_born(r, 'fra')}"
                for i, r in enumerate(rows)
            ]
        )
        + ".",
        ref="LSP § 1 a",
        quote=_num(last.years),
    )
    d.say(
        f"Grænsen på {n} år nås dermed "
        + _and(
            [
                f"ved {_num(r.years - n)} år for {'personer ' if i == 0 else ''}født {_born(r, 'dash')}"
                for i, r in enumerate(rows)
            ]
        )
        + ".",
        ref="LSP § 1 a",
        quote=f"ved {_num(last.years - n)} år for personer født i {_born(last, 'dash')}",
    )
    _until_pension(d)


def _pension_rows(on: dt.date) -> list[P.PensionAge]:
    """The rows of the folkepensionsalder table for people who have not yet reached it on `on`."""
    rows = [r for r in P.pension_table() if r.born_to is None or P.pension_date(r.born_to) >= on]
    return rows or P.pension_table()[-1:]


def _born(row: P.PensionAge, style: str) -> str:
    """A table row's birth dates: '1963-1966', '1971 eller senere', 'fra 1. juli 1955 til 1962' ('fra')
    or '1. juli 1955-1962' ('dash')."""
    start, end = row.born_from, row.born_to
    if start is None:
        return f"til og med {dk_date(end)}" if end else ""
    if end is None:
        return f"{start.year} eller senere"
    end_text = str(end.year) if (end.month, end.day) == (12, 31) else dk_date(end)
    if (start.month, start.day) == (1, 1):
        return f"{start.year}-{end_text}"
    return f"fra {dk_date(start)} til {end_text}" if style == "fra" else f"{dk_date(start)}-{end_text}"


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " og " + items[-1]


def _until_pension(d: Draft) -> None:
    text = "Der kan kun gives ressourceforløb frem til det tidspunkt, hvor personen når folkepensionsalderen."
    quote = "frem til det tidspunkt, hvor personen når folkepensionsalderen"
    d.say(text, ref="LAB § 114, stk. 4", quote=quote) or d.say(text, ref="LAB § 114, stk. 3", quote=quote)


def rehab_team(d: Draft, facts: KnownFacts) -> None:
    pv = d.param("rehab_team_months")
    if pv.value is None:
        later = first_in_force("rehab_team_months")
        d.say(
            f"Reglen om forelæggelse for rehabiliteringsteamet efter {_num(later.value)} måneder uden indsats "
            f"gælder fra {dk_date(later.valid_from)}.",
            ref="L 1160/2021 § 1, nr. 2",
            quote=f"senest {_num(later.value)} måneder efter at ressourceforløbet er påbegyndt",
            also=[("L 1160/2021 § 6, stk. 2", f"træder i kraft den {dk_date(later.valid_from)}")],
        )
        return
    m = int(pv.value)
    d.say(
        f"Er {'du' if d.citizen else 'personen'} ikke kommet i gang med et tilbud, en indsats efter serviceloven "
        f"eller en kommunal sundhedsindsats senest {m} måneder efter, at forløbet begyndte, skal kommunen "
        "forelægge sagen for rehabiliteringsteamet igen.",
        ref="LAB § 113, stk. 2",
        quote=f"senest {m} måneder efter at ressourceforløbet er påbegyndt",
        rule="param:rehab_team_months",
        rule_ref=pv.ref,
    )
    d.say(
        "Det gælder ikke, hvis særlige grunde taler imod.",
        ref="LAB § 113, stk. 2",
        quote="særlige grunde taler imod",
    )
    deadline = dk_date(P.constant("rehab_team_old_courses_deadline").value)
    d.say(
        f"Er forløbet begyndt før {dk_date(REFORM_DAY)}, skal sagen forelægges, hvis der ikke er begyndt en indsats "
        f"senest den {deadline}.",
        ref="L 1160/2021 § 7, stk. 2",
        quote=f"senest den {deadline}",
    )
    d.say(
        "Rehabiliteringsteamet afgiver en indstilling, og det er kommunen, der træffer afgørelsen på baggrund "
        "af indstillingen.",
        ref="Praksisnotat 2022, afsnit Rehabiliteringsteam og -plan",
        quote="Kommunen træffer afgørelse i sagen på baggrund af rehabiliteringsteamets indstilling",
    )


def jobformidler(d: Draft, facts: KnownFacts) -> None:
    pv = d.param("jobformidler_right")
    if not pv.value:
        since = dk_date(first_in_force("jobformidler_right").valid_from)
        d.say(
            f"Retten til en personlig jobformidler gælder først fra {since}, hvor LAB § 113 a blev indsat "
            "ved L 1160/2021.",
            ref="L 1160/2021 § 1, nr. 3",
            quote="§ 113 a. Personer i ressourceforløb har ret til en personlig jobformidler",
            also=[("L 1160/2021 § 6, stk. 2", f"træder i kraft den {since}")],
        )
        d.expected["jobformidler"] = False
        return
    d.expected["jobformidler"] = True
    d.say(
        (
            "Ja, du har ret til en personlig jobformidler, når du er i ressourceforløb."
            if d.citizen
            else "Personer i ressourceforløb har ret til en personlig jobformidler."
        ),
        ref="LAB § 113 a",
        quote="har ret til en personlig jobformidler",
        rule="param:jobformidler_right",
        rule_ref=pv.ref,
        claim={"type": "jobformidler", "value": True},
    )
    d.say(
        "Jobformidleren skal hjælpe med at finde det rigtige match med en arbejdsgiver, så man kan blive ansat "
        "ordinært, også med få ugentlige timer, eller starte i et virksomhedsrettet tilbud.",
        ref="LAB § 113 a",
        quote="herunder med få ugentlige timer",
    )
    deadline = dk_date(P.constant("jobformidler_guidance_deadline").value)
    d.say(
        f"Er forløbet begyndt før {dk_date(REFORM_DAY)}, skulle jobcenteret vejlede om retten senest den {deadline}.",
        ref="L 1160/2021 § 7, stk. 1",
        quote=f"senest den {deadline}",
    )
    d.say(
        "Jobformidleren kan deltage i samtalen med sundhedskoordinatoren i stedet for den koordinerende sagsbehandler.",
        ref="LAB § 113, stk. 3",
        quote="kan denne deltage i samtalen i stedet for den koordinerende sagsbehandler",
    )


def health_coordinator(d: Draft, facts: KnownFacts) -> None:
    pv = d.param("health_coordinator_talk")
    if not pv.value:
        d.say(
            f"Retten til en samtale med en sundhedskoordinator blev indført fra "
            f"{dk_date(first_in_force('health_coordinator_talk').valid_from)}.",
            ref="L 1160/2021 § 1, nr. 2",
            quote="har ret til at få en samtale med en sundhedskoordinator",
            also=[
                (
                    "L 1160/2021 § 6, stk. 2",
                    f"træder i kraft den {dk_date(first_in_force('health_coordinator_talk').valid_from)}",
                )
            ],
        )
        return
    d.say(
        (
            "Mener du, at et tilbud ikke tager nok hensyn til dit helbred, har du ret til en samtale med en "
            "sundhedskoordinator og din koordinerende sagsbehandler."
            if d.citizen
            else "En person i ressourceforløb, der mener, at et beskæftigelsesrettet tilbud ikke tager tilstrækkeligt "
            "hensyn til helbredet, har ret til en samtale med en sundhedskoordinator og den koordinerende "
            "sagsbehandler."
        ),
        ref="LAB § 113, stk. 3",
        quote="har ret til at få en samtale med en sundhedskoordinator",
        rule="param:health_coordinator_talk",
        rule_ref=pv.ref,
    )
    d.say(
        "Beder man om samtalen, før tilbuddet begynder, skal man ikke starte i tilbuddet, før kommunen har "
        "taget stilling til, om det skal tilpasses.",
        ref="LAB § 113, stk. 3",
        quote="skal personen ikke påbegynde tilbuddet",
    )


def case_info(d: Draft, facts: KnownFacts) -> None:
    d.say(
        "Rehabiliteringsplanens forberedende del skal bl.a. indeholde den praktiserende læges vurdering af "
        "helbredet i forhold til at kunne arbejde, og den udarbejdes sammen med personen.",
        ref="LAB § 44, stk. 1",
        quote="praktiserende læges vurdering",
        also=[("LAB § 44, stk. 2", "udarbejdes i samarbejde med personen")],
    )
    d.say(
        "Har kommunen ikke udarbejdet eller opdateret den forberedende del eller indhentet en aktuel LÆ 265, "
        "lider afgørelsen af en retlig mangel.",
        ref="PM 24-20",
        quote="lider af en retlig mangel",
    )
    d.say(
        "Ankestyrelsen foretager så en konkret væsentlighedsvurdering af, om manglen har haft betydning; har den "
        "det, hjemvises sagen, fx når væsentlige helbredsoplysninger fra speciallæge eller psykiatri mangler.",
        ref="PM 24-20",
        quote="konkret væsentlighedsvurdering",
        also=[("Praksisnotat 2022, sag 5", "væsentlig betydning for afgørelsens resultat")],
    )


def complaint(d: Draft, facts: KnownFacts) -> None:
    """Where and when to complain, in one sentence; what Ankestyrelsen can do, in another."""
    weeks = _num(P.value("complaint_deadline_weeks", d.on).value)
    d.say(
        (
            f"Er du uenig i kommunens afgørelse, kan du klage inden {weeks} uger fra den dag, du fik den: klagen "
            "sendes til kommunen, som genvurderer sagen, og fastholder kommunen afgørelsen, går klagen videre til "
            "Ankestyrelsen."
            if d.citizen
            else f"Borgeren kan klage inden {weeks} uger fra modtagelsen: klagen sendes til kommunen, som genvurderer "
            "sagen og sender den videre til Ankestyrelsen, hvis afgørelsen fastholdes."
        ),
        ref="RSL § 67",
        quote=f"Klagefristen er {weeks} uger",
        also=[("RSL § 67", "sender den klagen videre til Ankestyrelsen")],
    )
    d.say(
        "Ankestyrelsen kan stadfæste, ændre eller ophæve afgørelsen eller hjemvise sagen til ny behandling.",
        ref="RSL § 67",
        quote="stadfæste, ændre eller ophæve",
    )


def complaint_brief(d: Draft, facts: KnownFacts) -> None:
    """The complaint route in one short sentence, after a verdict the citizen did not ask to complain about."""
    weeks = _num(P.value("complaint_deadline_weeks", d.on).value)
    d.say(
        f"Er du uenig, kan du klage inden {weeks} uger: send klagen til kommunen, som sender den til "
        "Ankestyrelsen, hvis den fastholder afgørelsen.",
        ref="RSL § 67",
        quote=f"Klagefristen er {weeks} uger",
        also=[("RSL § 67", "sender den klagen videre til Ankestyrelsen")],
    )


def content(d: Draft, facts: KnownFacts) -> None:
    d.say(
        "Et ressourceforløb kan bestå af beskæftigelsesrettede tilbud (fx virksomhedspraktik og mentorstøtte) "
        "og indsatser efter anden lovgivning som serviceloven og sundhedsloven, der kan stabilisere og forbedre "
        "personens fysiske, psykiske og sociale tilstand.",
        ref="LAB § 113, stk. 1",
        quote="lov om social service og sundhedsloven",
        also=[("LAB § 113, stk. 1", "stabilisere og forbedre personens fysiske, psykiske og sociale tilstand")],
    )
    d.say(
        "Alle relevante indsatser kan indgå, når de står i rehabiliteringsplanens indsatsdel, fx "
        "misbrugsbehandling, støtte fra psykolog, støttekontaktperson og hjælp til boligproblemer.",
        ref="Praksisnotat 2022, afsnit Indholdet af et ressourceforløb",
        quote="når blot de fremgår af rehabiliteringsplanens indsatsdel",
    )
    _next_efforts(d)


def definition(d: Draft, facts: KnownFacts) -> None:
    d.say(
        "Et ressourceforløb er et længerevarende, individuelt tilrettelagt forløb, der kombinerer "
        "beskæftigelsesrettede, sociale og sundhedsmæssige indsatser for at udvikle arbejdsevnen.",
        ref="Praksisnotat 2022, afsnit Indholdet af et ressourceforløb",
        quote="individuel og helhedsorienteret indsats",
    )
    target_group(d, facts)


def transitional(d: Draft, facts: KnownFacts) -> None:
    _long_courses_continue(d, "Et ressourceforløb")
    start = dk_date(P.constant("max_duration_pre_granted_start_from").value)
    cap_pv = d.param("max_duration_years", REFORM_DAY)
    cap = _num(cap_pv.value)
    d.say(
        f"Er et forløb bevilget før {dk_date(REFORM_DAY)} til start den {start} eller senere, gælder {cap}-årsgrænsen.",
        ref="L 1160/2021 § 7, stk. 5",
        quote=f"til påbegyndelse den {start} eller senere",
        rule="param:max_duration_years",
        rule_ref=cap_pv.ref,
    )
    measured = dk_date(P.constant("six_year_rule_pre_granted_measured_on").value)
    n = _num(first_in_force("years_before_pension_rule").value)
    d.say(
        f"Det samme gælder reglen om mindre end {n} år til folkepensionsalderen, hvis personen den {measured} "
        f"havde mindre end {n} år til folkepensionsalderen.",
        ref="L 1160/2021 § 7, stk. 4",
        quote=f"den {measured} har mindre end {n} år til folkepensionsalderen",
    )


def _long_courses_continue(d: Draft, subject: str = "Et forløb") -> None:
    """L 1160/2021 § 7, stk. 3: a long course begun before the reform runs to its end."""
    years = _num(P.constant("long_courses_above_years").value)
    before = dk_date(P.constant("long_courses_started_before").value)
    d.say(
        f"{subject} på mere end {years} år, der er påbegyndt før {before}, fortsætter, til det er afsluttet.",
        ref="L 1160/2021 § 7, stk. 3",
        quote="fortsætter forløbet, til det er afsluttet",
    )


def _next_efforts(d: Draft) -> None:
    """LAB § 113, stk. 4 (stk. 2 before 2022): decide the next efforts before the course ends."""
    text = (
        "Kommunen skal inden forløbets afslutning træffe beslutning om, hvilke indsatser der skal iværksættes bagefter."
    )
    quote = (
        "inden ressourceforløbets afslutning træffe beslutning om, hvilke indsatser der skal iværksættes fremadrettet"
    )
    d.say(text, ref="LAB § 113, stk. 4", quote=quote) or d.say(text, ref="LAB § 113, stk. 2", quote=quote)


def ending(d: Draft, facts: KnownFacts) -> None:
    _next_efforts(d)
    d.say(
        "Det skal ske som en afgørelse, og kommunen kan også tilbyde et nyt ressourceforløb i forlængelse af det første.",
        ref="PM 82-16",
        quote="Kommunen skal inden ressourceforløbets afslutning træffe afgørelse",
    )


def authority(d: Draft, facts: KnownFacts) -> None:
    d.say(
        "Beskæftigelsesministeren fastsætter nærmere regler om, hvornår kommunen skal forelægge sagen for "
        "rehabiliteringsteamet, herunder hvilke indsatser der tæller med.",
        ref="LAB § 115 a, stk. 1",
        quote="Beskæftigelsesministeren fastsætter nærmere regler",
    )
    d.say(
        "Ministeren fastsætter også regler om samtalen med sundhedskoordinatoren.",
        ref="LAB § 115 a, stk. 2",
        quote="samtale med en sundhedskordinator",
    )


_LABEL = re.compile(r"^(?:-\s*)?(?:[A-ZÆØÅ][\wæøå]*(?: [\wæøå]+){0,2}(?: \([^)]*\))?):\s+(?=\S)")


# in a decided case, the holding: its outcome line ("Ændring - kommunen kan ikke kræve …") or a
# sentence that states what the law requires; the rest ("Borger er over 50 år …") is the case's facts
_OUTCOME_LINE = re.compile(r"(?:Stadfæstelse|Ændring|Hjemvisning|Ophævelse|Afvisning)\b")
_NORM = re.compile(r"\b(?:skal|kan|må|kunne|skulle|bør|derfor|efter reglerne|har ret|har pligt)\b", re.IGNORECASE)
_CASE_FACT = re.compile(r"(?:Borger(?:en|s)?|Klager(?:en)?|Arbejdsevne\w*|Hun|Han)\b")


def quotable(s: str, kind: str | None = None) -> bool:
    """A whole sentence of law or holding: not a heading, a question, a table row or a label,
    and in a decided case (`kind` "sag") not a sentence of the case's facts."""
    return (
        25 <= len(s) <= 450
        and s[-1] in '.»"”)'
        and "|" not in s
        and not s.endswith("?")
        and not re.match(r"(?:Spørgsmål|Sagsnr|Sag nr|Dato)\b", s)
        and not re.match(r"[^:.]{3,90}:\s+[a-zæøå0-9]", s)  # a list's "label: value", not a sentence
        and (kind != "sag" or bool(_OUTCOME_LINE.match(s)) or (bool(_NORM.search(s)) and not _CASE_FACT.match(s)))
    )


def sentences_of(text: str) -> list[str]:
    """Sentences of a passage; each line and list item stands alone, a leading label is dropped."""
    out = []
    for line in text.splitlines():
        line = _LIST_MARK.sub("", line)  # a list item is read as the sentence it holds
        for s in re.split(r"(?<=[.!?])\s+(?=[A-ZÆØÅ])", line.strip()):
            s = _LABEL.sub("", s.strip()).strip()
            if s:
                out.append(s)
    return out


CASE_FACTS_SHARED = 3  # stems a case's facts must share with the question for its holding to be quoted


def holding_of(unit: Unit, question_terms: set[str]) -> str | None:
    """A decided case's outcome line, when the case's facts match the question's."""
    q = {stem(t) for t in question_terms if len(t) >= 3} - STOPWORDS
    if len(content_stems(unit.text) & q) < CASE_FACTS_SHARED:
        return None
    return next((s for s in sentences_of(unit.text) if _OUTCOME_LINE.match(s) and quotable(s, unit.kind)), None)


def top_sentences(unit: Unit, question_terms: set[str], n: int = 1, min_overlap: int = 1) -> list[str]:
    """The quotable sentences of a passage that share most (stemmed) words with the question."""
    q = {stem(t) for t in question_terms if len(t) >= 3} - COMMON_STEMS
    scored = []
    for s in sentences_of(unit.text):
        if not quotable(s, unit.kind):
            continue
        words = content_stems(s)
        hits = len(words & q)
        if hits >= min_overlap:
            scored.append((hits / (1 + 0.015 * len(words)), s))
    scored.sort(key=lambda x: -x[0])
    return [s for _, s in scored[:n]]

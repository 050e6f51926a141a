"""Typed facts of a case about ressourceforløb.

Every field is optional: `None` means *unknown* (three-valued logic); the rules never
guess an unknown fact, they report it as missing. `Facts.from_dict` / `to_dict` give a
JSON form (dates as ÅÅÅÅ-MM-DD); unknown keys, wrong types and facts that contradict each
other are rejected with a `FactsError` (a `ValueError`) that names the field.

Fields (Danish / English):

Afgørelsen / the decision
  decision_date      Datoen for kommunens afgørelse, der klages over; vælger den gældende lov.
                     Uden for en klagesag: den dag, hvis lov spørgsmålet gælder. / Date of the
                     municipality's decision under review; selects the law in force.
  decision           'bevilget' (nyt forløb bevilget) | 'forlænget' (igangværende forløb
                     forlænget) | 'ophør' (igangværende forløb bragt til ophør) | 'fortsat'
                     (igangværende forløb fortsætter; borgerens ønske om at afslutte det afvist) | 'afslag'
                     (ansøgning om forløb afslået) | 'afslag_rehabiliteringsteam' (kommunen
                     forelægger ikke sagen for teamet igen, LAB § 113, stk. 2) | 'afslag_jobformidler'
                     (LAB § 113 a) | 'afslag_sundhedskoordinator' (LAB § 113, stk. 3).
Alder / age
  birth_date         Fødselsdato. / Date of birth.
  born_from, born_to Født tidligst / senest (fx "født i marts 1962"). / Earliest, latest date of birth.
  age                Alder i hele år på afgørelsesdatoen. / Age in completed years at the decision.
  age_over           "Over N år": alderen (hele år) er større end N. / age > N.
  age_under          "Under N år": alderen (hele år) er mindre end N. / age < N.
Forløbet / the course
  granted_years      Varigheden af det forløb, afgørelsen angår (år; ved 'forlænget' den samlede
                     varighed inkl. forlængelsen). / Length of the course decided on.
  duration_fixed     Afgørelsen fastsætter forløbets præcise varighed (PM 82-16).
  previous_courses   Antal tidligere ressourceforløb (før det, afgørelsen angår).
  previous_years_total  Samlet varighed af de tidligere forløb (år).
  wishes_course      Personen ønsker selv det (nye/fortsatte) forløb. En borger, der klager over
                     at have fået et forløb, ønsker det ikke. / The person wants the course.
  course_start       Startdato for det forløb, afgørelsen angår.
  course_granted_on  Dato, hvor det forløb, afgørelsen angår, blev bevilget (ved 'ophør').
  in_course          Personen er i et ressourceforløb på afgørelsesdatoen.
Målgruppen / target group (LAB § 112, stk. 1; PM 24-14, PM 1-15, PM 42-17)
  complex_problems   Komplekse problemer ud over ledighed, som ikke har kunnet løses gennem en
                     almindelig indsats efter LAB eller LAS.
  long_public_support            Nr. 1: har modtaget længerevarende offentlig forsørgelse.
  participated_without_progress  Nr. 2: har deltaget i tilbud/revalidering uden øget tilknytning.
  needs_long_effort  Nr. 3: behov for længerevarende indsats, før et konkret beskæftigelsesmål kan
                     fastsættes (problemerne kan ikke løses inden for et år, PM 1-15).
  interdisciplinary_need  Den nødvendige indsats er tværfaglig og helhedsorienteret (PM 1-15, 42-17).
  target_group_undisputed  Kommunen (efter rehabiliteringsteamets indstilling) har fundet borgeren i
                     målgruppen, og klagen bestrider det ikke: vurderingen lægges til grund.
Udviklingsperspektiv (LAB § 112, stk. 2; PM 58-18; Praksisnotat 2022, afsnit Relevante indsatser)
  treatment_options  Der er relevante behandlingsmuligheder (indikator FOR et perspektiv).
  work_capacity_clarified  Arbejdsevnen er afklaret og prøvet udviklet i forhold til det brede
                     arbejdsmarked; False er en indikator FOR et perspektiv.
  motivation_factor  Manglende afklaring skyldes også andet end arbejdsevnen, fx motivation (FOR).
  support_measures_relevant  Det er relevant at overveje fx mentor, funktionsevnebeskrivelse i
                     hjemmet eller hjælpemidler, eller der kan i øvrigt peges på konkrete indsatser
                     med realistisk forventning om udvikling (FOR).
  documented_no_improvement  Det er dokumenteret eller på grund af særlige forhold helt åbenbart,
                     at arbejdsevnen ikke kan forbedres ved udviklende/afklarende forløb (IMOD).
  no_improvement_possible  Ingen muligheder for bedring af et meget dårligt helbred eller en meget
                     ringe funktionsevne (IMOD).
  only_quality_of_life  Der peges alene på tiltag, der sigter på bedre livskvalitet (IMOD).
  perspective_undisputed  Udviklingsperspektivet er fundet af kommunen/rehabiliteringsteamet og
                     bestrides ikke i klagen: vurderingen lægges til grund.
Oplysningsgrundlaget / case information (LAB §§ 43-44; PM 24-20)
  lae265_current     Der foreligger en aktuel lægeattest (LÆ 265).
  preparatory_part_current  Rehabiliteringsplanens forberedende del er udarbejdet og opdateret.
  specialist_info_missing  Speciallægelige/andre helbredsoplysninger, der kan have betydning, mangler.
  team_treated       Sagen er forelagt rehabiliteringsteamet, før kommunen traf afgørelsen om
                     forløbet (Praksisnotat 2022, afsnit Rehabiliteringsteam og -plan; BIF 2020-06-10).
  defect_immaterial  En mangel ved oplysningsgrundlaget har ikke haft betydning (samme oplysninger
                     indgik, eller de er tilvejebragt under klagesagen).
Indsatsen / efforts (LAB § 113, stk. 2-3; § 113 a)
  months_without_offer  Måneder fra forløbets start uden påbegyndt tilbud/indsats (til første
                     tilbud eller til afgørelsesdatoen).
  special_reasons_against_team  Særlige grunde taler imod forelæggelse for rehabiliteringsteamet.
  offer_disregards_health  Personen mener, at et beskæftigelsesrettet tilbud ikke tager
                     tilstrækkeligt hensyn til helbredet.
  jobformidler_guidance_given  Personen er vejledt om retten til en jobformidler.
  offer_started      Tilbuddet var påbegyndt, da personen bad om samtalen med sundhedskoordinatoren.
  talk_granted       Jobcenteret har givet personen samtalen med sundhedskoordinatoren (også til senere).
Klagen / the complaint
  complaint_only_duration  Klagen angår alene forløbets længde.
  duration_contested  Varigheden er et spørgsmål i klagesagen. False: klagen angår henvisningen,
                     ikke varigheden, og varigheden vurderes ikke (et kendt brud nævnes som
                     bemærkning); None: ukendt, varigheden vurderes.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, fields
from typing import Any, ClassVar

from rules.dates import ONE_DAY, add_years, age_on

# decisions on the course itself, and refusals of an effort a person in a course has a right to
COURSE_DECISIONS = ("bevilget", "forlænget", "ophør", "fortsat", "afslag")
EFFORT_DECISIONS = ("afslag_rehabiliteringsteam", "afslag_jobformidler", "afslag_sundhedskoordinator")
DECISIONS = COURSE_DECISIONS + EFFORT_DECISIONS


class FactsError(ValueError):
    """Facts that cannot be used: unknown key, wrong type or a contradiction."""


@dataclass(frozen=True)
class Facts:
    # the decision
    decision_date: dt.date | None = None
    decision: str | None = None
    # age
    birth_date: dt.date | None = None
    born_from: dt.date | None = None
    born_to: dt.date | None = None
    age: int | None = None
    age_over: int | None = None
    age_under: int | None = None
    # the course
    granted_years: float | None = None
    duration_fixed: bool | None = None
    previous_courses: int | None = None
    previous_years_total: float | None = None
    wishes_course: bool | None = None
    course_start: dt.date | None = None
    course_granted_on: dt.date | None = None
    in_course: bool | None = None
    # target group
    complex_problems: bool | None = None
    long_public_support: bool | None = None
    participated_without_progress: bool | None = None
    needs_long_effort: bool | None = None
    interdisciplinary_need: bool | None = None
    target_group_undisputed: bool | None = None
    # development perspective
    treatment_options: bool | None = None
    work_capacity_clarified: bool | None = None
    motivation_factor: bool | None = None
    support_measures_relevant: bool | None = None
    documented_no_improvement: bool | None = None
    no_improvement_possible: bool | None = None
    only_quality_of_life: bool | None = None
    perspective_undisputed: bool | None = None
    # case information
    lae265_current: bool | None = None
    preparatory_part_current: bool | None = None
    specialist_info_missing: bool | None = None
    defect_immaterial: bool | None = None
    team_treated: bool | None = None
    # efforts
    months_without_offer: float | None = None
    special_reasons_against_team: bool | None = None
    offer_disregards_health: bool | None = None
    jobformidler_guidance_given: bool | None = None
    offer_started: bool | None = None
    talk_granted: bool | None = None
    # the complaint
    complaint_only_duration: bool | None = None
    duration_contested: bool | None = None

    _DATES: ClassVar[tuple[str, ...]] = (
        "decision_date",
        "birth_date",
        "born_from",
        "born_to",
        "course_start",
        "course_granted_on",
    )
    _INTS: ClassVar[tuple[str, ...]] = ("age", "age_over", "age_under", "previous_courses")
    _FLOATS: ClassVar[tuple[str, ...]] = ("granted_years", "previous_years_total", "months_without_offer")
    _STRS: ClassVar[tuple[str, ...]] = ("decision",)

    # ---------------------------------------------------------------- validation
    def __post_init__(self) -> None:
        for f in fields(self):
            v = getattr(self, f.name)
            if v is None:
                continue
            name = f.name
            if name in self._DATES:
                if isinstance(v, dt.datetime) or not isinstance(v, dt.date):
                    raise FactsError(f"{name}: skal være en dato, ikke {v!r}")
            elif name in self._INTS:
                if isinstance(v, bool) or not isinstance(v, int):
                    raise FactsError(f"{name}: skal være et helt tal, ikke {v!r}")
                if v < 0:
                    raise FactsError(f"{name}: kan ikke være negativ ({v})")
            elif name in self._FLOATS:
                if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
                    raise FactsError(f"{name}: skal være et tal, ikke {v!r}")
                if v < 0:
                    raise FactsError(f"{name}: kan ikke være negativ ({v})")
                object.__setattr__(self, name, float(v))
            elif name in self._STRS:
                if v not in DECISIONS:
                    raise FactsError(f"{name}: skal være en af {', '.join(DECISIONS)}, ikke {v!r}")
            else:
                if not isinstance(v, bool):
                    raise FactsError(f"{name}: skal være true/false, ikke {v!r}")
        self._check_consistency()

    def _check_consistency(self) -> None:
        lo, hi = self.age_bounds()  # raises on contradictory age facts
        if self.previous_courses == 0 and self.previous_years_total not in (None, 0.0):
            raise FactsError(
                "previous_years_total: tidligere forløb på i alt "
                f"{self.previous_years_total} år, men previous_courses er 0"
            )
        if self.previous_courses is not None and self.previous_courses > 0 and self.previous_years_total == 0.0:
            raise FactsError(f"previous_years_total: 0 år, men previous_courses er {self.previous_courses}")
        if self.complaint_only_duration is True and self.duration_contested is False:
            raise FactsError("duration_contested: false, men complaint_only_duration er true")
        if self.duration_fixed is False and self.granted_years is not None:
            raise FactsError("duration_fixed: false, men granted_years er oplyst")
        if self.birth_date and self.decision_date and self.birth_date > self.decision_date:
            raise FactsError("birth_date: ligger efter decision_date")
        if self.born_from and self.born_to and self.born_from > self.born_to:
            raise FactsError("born_from: ligger efter born_to")
        if self.birth_date and (
            (self.born_from and self.birth_date < self.born_from) or (self.born_to and self.birth_date > self.born_to)
        ):
            raise FactsError("birth_date: ligger uden for born_from-born_to")
        if self.target_group_undisputed is True and (
            self.complex_problems is False
            or self.interdisciplinary_need is False
            or (self.long_public_support, self.participated_without_progress, self.needs_long_effort)
            == (False, False, False)
        ):
            raise FactsError("target_group_undisputed: målgruppen er ikke bestridt, men en betingelse er ikke opfyldt")
        if self.perspective_undisputed is True and (
            True in (self.documented_no_improvement, self.no_improvement_possible, self.only_quality_of_life)
            or (
                self.treatment_options,
                self.work_capacity_clarified,
                self.motivation_factor,
                self.support_measures_relevant,
            )
            == (False, True, False, False)
        ):
            raise FactsError("perspective_undisputed: perspektivet er ikke bestridt, men der er en indikator imod")
        del lo, hi

    # ---------------------------------------------------------------- age
    def age_bounds(self) -> tuple[int | None, int | None]:
        """(lowest, highest) possible age in completed years at `decision_date`, from
        `age`, `age_over`, `age_under` and `birth_date`; None = no bound. Raises
        `FactsError` when the age facts contradict each other."""
        lo: int | None = None
        hi: int | None = None

        def tighten(new_lo: int | None, new_hi: int | None) -> None:
            nonlocal lo, hi
            if new_lo is not None:
                lo = new_lo if lo is None else max(lo, new_lo)
            if new_hi is not None:
                hi = new_hi if hi is None else min(hi, new_hi)

        if self.age is not None:
            tighten(self.age, self.age)
        if self.age_over is not None:
            tighten(self.age_over + 1, None)
        if self.age_under is not None:
            tighten(None, self.age_under - 1)
        if self.birth_date is not None and self.decision_date is not None:
            a = age_on(self.birth_date, self.decision_date)
            tighten(a, a)
        if self.decision_date is not None and (self.born_from or self.born_to):
            # born no earlier than `born_from`: at most that old; no later than `born_to`: at least that old
            tighten(
                age_on(self.born_to, self.decision_date) if self.born_to else None,
                age_on(self.born_from, self.decision_date) if self.born_from else None,
            )
        if lo is not None and hi is not None and lo > hi:
            raise FactsError(
                "age: alderen er selvmodsigende ("
                + ", ".join(
                    f"{k}={getattr(self, k)}"
                    for k in ("age", "age_over", "age_under", "birth_date", "born_from", "born_to")
                    if getattr(self, k) is not None
                )
                + ")"
            )
        return lo, hi

    def birth_range(self) -> tuple[dt.date | None, dt.date | None]:
        """(earliest, latest) possible date of birth; None = unbounded. Needs
        `decision_date` unless `birth_date` is known."""
        if self.birth_date is not None:
            return self.birth_date, self.birth_date
        if self.decision_date is None:
            return self.born_from, self.born_to
        lo, hi = self.age_bounds()
        d = self.decision_date
        # age >= lo  <=>  born on or before add_years(d, -lo) (the latest birthday giving lo)
        latest = _latest_birth_for_age(d, lo) if lo is not None else None
        # age <= hi  <=>  born after the latest birth date giving hi + 1
        earliest = _latest_birth_for_age(d, hi + 1) + ONE_DAY if hi is not None else None
        if self.born_from is not None and (earliest is None or self.born_from > earliest):
            earliest = self.born_from
        if self.born_to is not None and (latest is None or self.born_to < latest):
            latest = self.born_to
        return earliest, latest

    # ---------------------------------------------------------------- (de)serialisation
    @classmethod
    def field_names(cls) -> list[str]:
        return [f.name for f in fields(cls)]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Facts:
        """Build facts from a JSON/YAML mapping; dates may be `date` objects or ISO text."""
        if not isinstance(data, dict):
            raise FactsError(f"facts skal være en mapping, ikke {type(data).__name__}")
        known = set(cls.field_names())
        unknown = sorted(set(data) - known)
        if unknown:
            raise FactsError(f"ukendte facts: {', '.join(unknown)} (gyldige: {', '.join(cls.field_names())})")
        kw: dict[str, Any] = {}
        for k, v in data.items():
            if v is not None and k in cls._DATES and isinstance(v, str):
                try:
                    v = dt.date.fromisoformat(v)
                except ValueError:
                    raise FactsError(f"{k}: ugyldig dato {v!r} (brug ÅÅÅÅ-MM-DD)") from None
            if isinstance(v, dt.datetime):
                v = v.date()
            kw[k] = v
        return cls(**kw)

    def to_dict(self, include_unknown: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in fields(self):
            v = getattr(self, f.name)
            if v is None and not include_unknown:
                continue
            out[f.name] = v.isoformat() if isinstance(v, dt.date) else v
        return out

    def known(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None}

    def replace(self, **changes: Any) -> Facts:
        return Facts(**{**self.__dict__, **changes})

    def merged(self, other: Facts) -> Facts:
        """These facts plus the facts of `other` that are unknown here (adds, never changes)."""
        add = {k: v for k, v in other.__dict__.items() if v is not None and getattr(self, k) is None}
        return self.replace(**add)


def _latest_birth_for_age(day: dt.date, age: int) -> dt.date:
    """The latest date of birth for which `age_on(birth, day) >= age`."""
    cand = dt.date(day.year - age, day.month, day.day) if not (day.month == 2 and day.day == 29) else None
    if cand is None:
        # day is 29 February: born 29 Feb (if that year has it) or 28 Feb turns `age` today
        y = day.year - age
        try:
            cand = dt.date(y, 2, 29)
        except ValueError:
            cand = dt.date(y, 2, 28)
    # step back while the person is still too young (29 Feb births in non-leap years)
    while age_on(cand, day) < age:
        cand -= ONE_DAY
    # step forward while a later birth still qualifies
    while age_on(cand + ONE_DAY, day) >= age:
        cand += ONE_DAY
    assert add_years(cand, age) <= day
    return cand

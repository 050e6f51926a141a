"""Facts from Danish free text: a case narrative or a user's message.

Each fact is reported with the words it was read from, quoted verbatim from the input
(several quotes joined by " … "), so a caseworker can find and check them.
Only what the text states is taken; a negation ("ikke indhentet", "ingen
behandlingsmuligheder") flips or blocks a fact, and nothing is guessed. Conclusions
(an opening "Ændring - …", "Vi vurderer, at …") are not facts and are skipped.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import asdict, dataclass
from typing import Any

from assistant.language.dates import MONTHS

_NUM_WORDS = {"et": 1, "ét": 1, "en": 1, "to": 2, "tre": 3, "fire": 4, "fem": 5, "seks": 6, "halvandet": 1.5}
# A count of years or months: at most 3 digits, never the tail of a longer number (an
# unbounded `\d+` made `inf` of 400 nines and took quadratic time on long digit runs).
_NUM = r"(?<!\d)(?<!\d[.,])(\d{1,3}(?:[.,]\d{1,3})?(?![\d])|et|ét|en|to|tre|fire|fem|seks|halvandet)"

QUOTE_JOIN = " … "


@dataclass
class Derived:
    field: str
    value: Any
    words: str  # the input's own words the fact was read from; quotes joined by QUOTE_JOIN
    note: str = ""  # why, when the fact is inferred from the quoted words rather than stated

    def to_json(self) -> dict:
        d = asdict(self)
        if isinstance(self.value, dt.date):
            d["value"] = self.value.isoformat()
        return d


def _num(s: str) -> float:
    s = s.lower()
    if s in _NUM_WORDS:
        return float(_NUM_WORDS[s])
    return float(s.replace(",", "."))


_VERDICT = re.compile(r"^\s*(?:stadfæstelse|ændring|hjemvisning|afvisning)\b\s*[-–:]?\s*", re.IGNORECASE)
# the verdict's own clause ends at the first stop, comma or "idet/da/fordi" (reasons are facts)
_VERDICT_CLAUSE = re.compile(r"[^.,;]*?(?:\s+(?:idet|da|fordi)\s+|[.,;]\s*|$)", re.IGNORECASE)
# A conclusion runs to its full stop; bounded, so a text without stops is not rescanned
# from every "vi vurderer" to its end.
_CONCLUSION_SENTENCES = re.compile(
    r"(?:^|(?<=[.!?]\s))(?:vi vurderer|ankestyrelsen (?:vurderer|finder|afgjorde)|sagen hjemvises|"
    r"betingelserne for at påbegynde)[^.]{0,2000}[.]",
    re.IGNORECASE,
)


def _heading(text: str) -> tuple[str, str]:
    """(first sentence, text after the verdict's own clause) of a narrative that opens with
    a verdict; ('', text) otherwise."""
    m = _VERDICT.match(text)
    if not m:
        return "", text
    rest = text[m.end() :]
    c = _VERDICT_CLAUSE.match(rest)
    first = sentences(text)[0] if text.strip() else ""
    return first, rest[c.end() :] if c else rest


def strip_conclusions(text: str) -> str:
    """The narrative without the decision's own conclusions. A conclusion leaves a line
    break, so no sentence is glued together across it (every sentence stays a quote)."""
    _, rest = _heading(text.strip())
    return _CONCLUSION_SENTENCES.sub("\n", rest)


def sentences(text: str) -> list[str]:
    """Split at a stop followed by a capital letter, so `3. april`, `bl.a.` and `stk. 2` stay whole."""
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+(?=[A-ZÆØÅ\"»(])|\n+", text) if s.strip()]


_NEG = re.compile(r"\b(?:ikke|ingen|intet|uden|hverken|aldrig)\b", re.IGNORECASE)


def _negated(sentence: str, start: int, window: int = 45) -> bool:
    """A negation word shortly before position `start` in the same clause."""
    before = sentence[max(0, start - window) : start]
    before = re.split(r"[,;:]| men | og ", before)[-1]
    return bool(_NEG.search(before))


class _Reader:
    def __init__(self) -> None:
        self.facts: dict[str, Any] = {}
        self.derived: list[Derived] = []

    def set(self, field: str, value: Any, words: str, override: bool = False, note: str = "") -> None:
        if field in self.facts and not override:
            return
        self.facts[field] = value
        self.derived = [d for d in self.derived if d.field != field]
        self.derived.append(Derived(field, value, quote(words), note))

    def words(self, field: str) -> str:
        return next((d.words for d in self.derived if d.field == field), "")


def quote(*pieces: str) -> str:
    """Quotes joined by QUOTE_JOIN. Each is trimmed of spaces and ellipses at its ends, so
    splitting the result at QUOTE_JOIN gives back pieces of the input."""
    trimmed = (re.sub(r"^[\s…]+|[\s…]+$", "", p) for p in pieces)
    return QUOTE_JOIN.join(p for p in trimmed if p)


def _date(day: str, month: str, year: str) -> dt.date | None:
    """The date, or None when the month is unknown or the date does not exist (30. februar)."""
    try:
        return dt.date(int(year), int(month) if month.isdigit() else MONTHS[month.lower()], int(day))
    except (KeyError, ValueError):
        return None


# A Danish date in words or digits: "3. marts 2021", "3.marts 2021", "03.03.2021".
# Groups: day, month name, month number, year (see `_date_at`).
_DMY = r"(\d{1,2})\.(?:\s*([^\W\d_]+)\s+|(\d{1,2})\.)(\d{4})"


def _date_at(m: re.Match, i: int) -> dt.date | None:
    """The `_DMY` date whose day is group `i` of `m`."""
    return _date(m.group(i), m.group(i + 1) or m.group(i + 2), m.group(i + 3))


def _age(r: _Reader, s: str) -> None:
    if m := re.search(r"\b(?:over|ældre end)\s+(\d{2})\s*år", s, re.IGNORECASE):
        r.set("age_over", int(m.group(1)), m.group(0))
    if m := re.search(r"\bunder\s+(\d{2})\s*år", s, re.IGNORECASE):
        r.set("age_under", int(m.group(1)), m.group(0))
    patterns = [
        r"\b(?:er|var|blev|fyldt|fyldte)\s+(?:nu\s+|faktisk\s+|kun\s+)?(\d{2})(?:\s*år\b|\s*,|\s*\.|\s+og\b|$)",
        r"\bfylder\s+(\d{2})\s*år\s+(?:samme dag|i dag|på afgørelsesdagen)",
        r"\b(\d{2})\s*år\s+(?:gammel|og\b)",
        r"\b(?:er en|en)\s+(\d{2})-årig(?:e)?\b(?!\s*(?:ressource)?forløb)",
        r"\b(?:borger(?:en)?|hun|han|personen|kvinde|mand) på (\d{2})(?:\s*år\b|\s*,|\s+der\b|\s+som\b|\s*\?|$)",
        r"^(\d{2})\s*år\b",
        r"\bjeg\s+er\s+(\d{2})\b",
    ]
    for p in patterns:
        for m in re.finditer(p, s, re.IGNORECASE):
            n = int(m.group(1))
            before = s[max(0, m.start(1) - 12) : m.start(1)].lower()
            if re.search(r"(?:over|under|mellem|end|og)\s*$", before):
                continue  # "over 50 år", "mellem 40 og 50 år": an age band, not the age
            if 16 <= n <= 80 and not re.search(r"forløb|varighed", s[m.end() : m.end() + 25], re.IGNORECASE):
                r.set("age", n, m.group(0), override=True)
                return


def _birth(r: _Reader, s: str) -> None:
    # "fylder 50 år den 1. marts 2023": the birthday gives the date of birth
    if m := re.search(rf"\b(?:fylder|fyldte|fyldt)\s+(\d{{2}})\s*år\s+den\s+{_DMY}", s, re.IGNORECASE):
        if d := _date_at(m, 2):
            year = d.year - int(m.group(1))
            if year >= dt.MINYEAR:  # "fylder 50 år den 1. marts 0010" names no real birth
                try:
                    born = d.replace(year=year)
                except ValueError:  # 29 February in a year without one
                    born = dt.date(year, 3, 1)
                r.set("birth_date", born, m.group(0))
            return
    if m := re.search(rf"\bfødt\s+(?:den\s+)?{_DMY}", s, re.IGNORECASE):
        if d := _date_at(m, 1):
            r.set("birth_date", d, m.group(0))
    elif m := re.search(r"\bfødt\s+(?:den\s+)?(\d{4}-\d{2}-\d{2})", s, re.IGNORECASE):
        try:
            r.set("birth_date", dt.date.fromisoformat(m.group(1)), m.group(0))
        except ValueError:
            pass
    elif m := re.search(r"\bfødt\s+(?:i\s+)?(?:(" + "|".join(MONTHS) + r")\s+)?(\d{4})\b", s, re.IGNORECASE):
        r.set("birth_year", int(m.group(2)), m.group(0))


def _courses(r: _Reader, s: str) -> None:
    m: re.Match[str] | None
    low = s.lower()
    # the decision under review: "bevilget (borger) et (nyt) 2-årigt ressourceforløb" / "et nyt ressourceforløb på 2 år"
    grant = re.search(
        rf"(?:har|blev|er)\s+(?:i den påklagede afgørelse\s+|(?:nu|netop|så|igen|derefter)\s+)?(?:bevilget|tilkendt|givet)\s+(?:borger(?:en)?\s+|hende\s+|ham\s+)?"
        rf"(?:et|ét)\s+(nyt\s+|andet\s+)?(?:{_NUM}[ -]årigt\s+)?ressourceforløb(?:\s+på\s+{_NUM}\s+år)?",
        s,
        re.IGNORECASE,
    )
    previously = re.search(r"\btidligere\b", s[: grant.start()] if grant else "", re.IGNORECASE)
    if grant and not previously and not re.search(r"\bi\s+(?:19|20)\d\d\b", s[: grant.start()]):
        r.set("decision", "bevilget", grant.group(0))
        years = grant.group(2) or grant.group(3)
        if years:
            r.set("granted_years", _num(years), grant.group(0))
        if grant.group(1):
            r.set("previous_courses", 1, grant.group(0))
    for m in re.finditer(
        rf"(?:tidligere|i\s+(?:19|20)\d\d)\s+(?:\w+\s+){{0,3}}?(?:deltaget i|fået bevilget|haft|været i|fået tilkendt|tilkendt|bevilget)\s+"
        rf"(?:et|ét|en)?\s*(?:{_NUM}[ -]årigt\s+)?ressourceforløb(?:\s+på\s+{_NUM}\s+år)?",
        s,
        re.IGNORECASE,
    ):
        r.set("previous_courses", 1, m.group(0), override=True)
        years = m.group(1) or m.group(2)
        if years:
            r.set("previous_years_total", _num(years), m.group(0))
    if m := re.search(
        r"\b(?:har|havde)\s+(?:allerede\s+|før\s+|tidligere\s+)?(?:haft|været i|deltaget i|gennemført)\s+(?:et|ét|en)?\s*(?:ressource)?forløb",
        s,
        re.IGNORECASE,
    ):
        if not _negated(s, m.start(), 15) and "previous_courses" not in r.facts:
            r.set("previous_courses", 1, m.group(0))
    if m := re.search(r"\b(?:endnu et|et nyt|et andet|flere)\s+ressourceforløb", s, re.IGNORECASE):
        if "previous_courses" not in r.facts and not _negated(s, m.start()):
            r.set("previous_courses", 1, m.group(0))
    if m := re.search(
        r"\b(?:det er|er) (?:borgers|hans|hendes|mit|dit) første ressourceforløb|første ressourceforløb",
        s,
        re.IGNORECASE,
    ):
        r.set("previous_courses", 0, m.group(0))
    if m := re.search(
        rf"\b(?:være(?:t)?|haft)\s+(?:et\s+)?ressourceforløb\s+i\s+{_NUM}\s+år|\bvære(?:t)? i ressourceforløb i\s+{_NUM}\s+år",
        s,
        re.IGNORECASE,
    ):
        r.set("previous_years_total", _num(m.group(1) or m.group(2)), m.group(0), override=True)
        r.set("previous_courses", 1, m.group(0))
    if m := re.search(
        r"ikke\s+(?:tidligere\s+)?(?:har\s+)?(?:været i|haft|deltaget i)\s+(?:et\s+)?ressourceforløb", s, re.IGNORECASE
    ):
        r.set("previous_courses", 0, m.group(0), override=True)
    if "decision" not in r.facts:
        if m := re.search(
            r"\b(?:kommunen|jobcent\w*)\s+(?:\w+\s+){0,2}?(?:bevilger|bevilgede|tildeler|tildelte|henviser|henviste|visiterer|visiterede)\b",
            s,
            re.IGNORECASE,
        ):
            r.set("decision", "bevilget", s[m.start() : m.end() + 60])
            for g in reversed(
                list(
                    re.finditer(
                        rf"(?:ressource)?forløb\w*\s+på\s+{_NUM}\s+år|{_NUM}[ -]årigt\s+(?:ressource)?forløb",
                        s[m.end() :],
                        re.IGNORECASE,
                    )
                )
            ):
                before = s[m.end() :][max(0, g.start() - 45) : g.start()]
                if re.search(r"tidligere|før\b|allerede", before, re.IGNORECASE):
                    continue  # an earlier course, not the one decided
                r.set("granted_years", _num(g.group(1) or g.group(2)), g.group(0))
                break
    if m := re.search(
        r"afgørelse om ophør|stoppe[rt]? (?:mit|hendes|hans|borgers|borgerens|et|forløbet)|ophør af ressourceforløb|"
        r"(?:bringer|bragte|bragt) .{0,80}?til ophør|til ophør|afslutte[rt]? forløbet før tid",
        low,
    ):
        r.set("decision", "ophør", s[m.start() : m.end()], override=True)
    if m := re.search(
        r"afslag på (?:et )?ressourceforløb|(?:giver|gav|givet|fået|får)\s+(?:\w+\s+){0,6}?afslag|afviser at bevilge",
        low,
    ):
        r.set("decision", "afslag", s[m.start() : m.end()], override=True)
    if m := re.search(r"\bforlænge[rt]?\b|forlængelse af (?:et |ressource)?forløb", low):
        if "decision" not in r.facts:
            r.set("decision", "forlænget", s[m.start() : m.end()])
    if m := re.search(r"alene klage[tr]? over (?:længden|varigheden)", low):
        r.set("complaint_only_duration", True, s[m.start() : m.end()])
    if m := re.search(
        rf"(?:længden|varigheden) af (?:det bevilgede )?ressourceforløb(?:et)? på {_NUM} år", s, re.IGNORECASE
    ):
        r.set("decision", "bevilget", m.group(0))
        r.set("granted_years", _num(m.group(1)), m.group(0))


_NEGATED_AFTER = re.compile(r"\s+(?:det\s+|selv\s+|forløbet\s+)?(?:ikke|ingenlunde)\b", re.IGNORECASE)


def _wishes(r: _Reader, s: str) -> None:
    m: re.Match[str] | None
    for m in re.finditer(r"\b(ønsker|ønskede|vil gerne|vil ikke|har lyst)\b", s, re.IGNORECASE):
        word = m.group(1).lower()
        clause = s[max(0, m.start() - 60) : m.end() + 40]
        if re.search(
            r"medmindre|hvis (?:hun|han|personen|borger\w*) (?:selv )?ønsker|kun .* hvis", clause, re.IGNORECASE
        ):
            continue  # the rule's condition, not the person's wish
        negated_after = _NEGATED_AFTER.match(s, m.end())
        if word == "vil ikke" or _negated(s, m.start(), 20) or negated_after:
            r.set("wishes_course", False, clause, override=True)
        elif word in ("ønsker", "ønskede", "vil gerne", "har lyst"):
            r.set("wishes_course", True, clause, override=True)
    if m := re.search(
        r"\b(?:det vil jeg ikke|jeg vil ikke|vil ikke deltage|nægter|afviser (?:at deltage|forløbet))", s, re.IGNORECASE
    ):
        r.set("wishes_course", False, m.group(0), override=True)
    if "wishes_course" not in r.facts and r.facts.get("decision") == "bevilget":
        if m := re.search(
            r"\bdet klager (?:borger(?:en)?|hun|han) over|borger(?:en)? (?:har )?klage[rt] over (?:bevillingen|afgørelsen)",
            s,
            re.IGNORECASE,
        ):
            r.set("wishes_course", False, m.group(0), note="klager over bevillingen")


_POSITIVE = {
    "treatment_options": r"behandlingsmulighed\w*|henvis\w* til (?:behandling|smerteklinik|psykiatri)|behov for (?:yderligere )?(?:\w+ )?behandling|behov for (?:yderligere )?(?:psykiatrisk |psykologisk )?behandling",
    "interdisciplinary_need": r"tværfaglig\w*",
    "complex_problems": r"komplekse problemer",
}
_CLARIFIED_NOT = (
    r"(?:arbejdsevne\w*|funktions- og arbejdsevne\w*)\s+(?:er\s+)?ikke\s+(?:\w+\s+)?afklaret|ikke afklaret arbejdsmæssigt"
    r"|behov for (?:en )?(?:yderligere )?afklaring|afklaring (?:og udvikling )?af (?:\w+ )?arbejdsevne"
    r"|ikke afklaret siden|ikke tilstrækkeligt afprøvet|ikke (?:\w+ ){0,3}afklaring af (?:sin |sin )?arbejdsevne"
)


def _perspective(r: _Reader, s: str) -> None:
    m: re.Match[str] | None
    for field, pattern in _POSITIVE.items():
        for m in re.finditer(pattern, s, re.IGNORECASE):
            value = not _negated(s, m.start())
            if field == "treatment_options" and re.search(
                r"ikke (?:yderligere|flere) behandlingsmulighed|ingen (?:yderligere |flere )?behandlingsmulighed",
                s[max(0, m.start() - 30) : m.end()],
                re.IGNORECASE,
            ):
                value = False
            r.set(field, value, s[max(0, m.start() - 25) : m.end()], override=not value)
            break
    if m := re.search(_CLARIFIED_NOT, s, re.IGNORECASE):
        r.set("work_capacity_clarified", False, m.group(0))
    if m := re.search(
        r"ikke (?:et |noget )?udviklingsperspektiv|ingen udviklingsperspektiv|arbejdsevnen ikke kan (?:forbedres|udvikles)",
        s,
        re.IGNORECASE,
    ):
        r.set("documented_no_improvement", True, m.group(0))
    if m := re.search(r"(?:der er|er der) (?:et )?udviklingsperspektiv", s, re.IGNORECASE):
        if not _negated(s, m.start()):
            r.set("documented_no_improvement", False, m.group(0))
    if m := re.search(
        r"(?:alene|kun|udelukkende) (?:har sigte på|sigter mod|handler om|for at forbedre)\s+(?:\w+\s+)?livskvalitet",
        s,
        re.IGNORECASE,
    ):
        r.set("only_quality_of_life", True, m.group(0))
    if m := re.search(
        r"kan det ikke antages|ikke (?:lykke[ts]|lykkedes) at hjælpe|yderst begrænsede ressourcer", s, re.IGNORECASE
    ):
        r.set("no_improvement_possible", True, m.group(0))
    if m := re.search(r"motivation|motiver\w*", s, re.IGNORECASE):
        r.set("motivation_factor", True, m.group(0))


_PROBLEMS = (
    r"smerte\w*|angst\w*|depression\w*|misbrug\w*|alkohol\w*|psykisk\w*|psykiatri\w*|adhd|ptsd|"
    r"skizo\w*|personlighedsforstyrrelse\w*|hjerneskade\w*|gener\b|lidelse\w*|sygdom\w*|diabetes|"
    r"overvægt\w*|fedme|kol\b|astma|fibromyalgi|diskusprolaps|sindslidelse\w*|belastningsreaktion\w*|"
    r"træthed|svimmelhed|hukommelses\w*|koncentrations\w*|tinnitus|piskesmæld\w*|hovedpine|"
    r"sociale? (?:problemer|forhold)|boligsituation\w*|hjemløs\w*|gæld|analfabet|retssag\w*|kan ikke tale dansk|"
    r"lav intelligens|udviklingshæmning|mental retardering|indlæringsvanskelighed\w*|autisme\w*|epilepsi|"
    r"funktionsnedsættelse\w*|følger efter|kronisk\w*"
)
_SOCIAL_HEALTH_EFFORT = (
    r"behandling|psyko\w*|psykolog\w*|mentor\w*|misbrugsbehandling|træning|udredning|smerteklinik|"
    r"helbredsmæssig afklaring|helbredsafklaring|støtte|sundhedsfremmende|medicin|funktionsevne\w*"
)
_JOB_EFFORT = r"arbejdsevne|praktik|virksomhedspraktik|job\w*|arbejdsmarked\w*|beskæftigelse\w*|uddannelse"


def _target_group(r: _Reader, s: str) -> None:
    """Signals of LAB § 112, stk. 1 in a description of the person's situation."""
    problems = {m.group(0).lower() for m in re.finditer(_PROBLEMS, s, re.IGNORECASE) if not _negated(s, m.start(), 20)}
    if len(problems) >= 2 or (problems and re.search(r"\bkomplekse?\b", s, re.IGNORECASE)):
        r.set("complex_problems", True, s[:160])
    if (
        re.search(r"behov for", s, re.IGNORECASE)
        and re.search(_SOCIAL_HEALTH_EFFORT, s, re.IGNORECASE)
        and re.search(_JOB_EFFORT, s, re.IGNORECASE)
    ):
        r.set("interdisciplinary_need", True, s[:160])
    if m := re.search(
        r"(?:modtaget|været på|fået)\s+(?:\w+\s+)?(?:kontanthjælp|sygedagpenge|offentlig forsørgelse)\s+(?:siden|i)\s+\S+|"
        r"sygemeldt siden|på kontanthjælp i (?:mange|\d+) år|længerevarende offentlig forsørgelse",
        s,
        re.IGNORECASE,
    ):
        r.set("long_public_support", True, m.group(0))
    if m := re.search(
        r"(?:deltaget i|været i)\s+(?:\w+\s+){0,3}(?:virksomheds)?praktik\w*[^.]{0,300}?(?:afbrudt|uden|fravær|sparsomt|kortvarig|mangelfuld|stærkt nedsat)|"
        r"(?:praktik|tilbud)\w*[^.]{0,300}?uden at (?:have )?øget tilknytningen",
        s,
        re.IGNORECASE,
    ):
        r.set("participated_without_progress", True, m.group(0))
    if m := re.search(_CLARIFIED_NOT, s, re.IGNORECASE):
        r.set("needs_long_effort", True, m.group(0), note="et beskæftigelsesmål kan endnu ikke fastsættes")


def _information(r: _Reader, s: str) -> None:
    if m := re.search(
        r"(?:ikke|ingen|uden)\s+(?:\w+\s+){0,3}(?:indhentet|foreligger)\s+(?:en\s+)?(?:ny|aktuel|opdateret)?\s*LÆ\s?265|uden\s+(?:en\s+)?(?:ny|aktuel|opdateret)\s+LÆ\s?265|LÆ\s?265\W+(?:er\s+)?(?:forældet|ikke aktuel|mangler)|mangler (?:en\s+)?(?:ny|aktuel)?\s*LÆ\s?265",
        s,
        re.IGNORECASE,
    ):
        r.set("lae265_current", False, m.group(0))
    if m := re.search(
        r"(?:ikke|ingen)\s+(?:\w+\s+){0,3}(?:udarbejdet|opdateret)\s+(?:\w+\s+){0,2}forberedende del|forberedende del\w* (?:er )?(?:forældet|ikke opdateret|mangler)",
        s,
        re.IGNORECASE,
    ):
        r.set("preparatory_part_current", False, m.group(0))
    if m := re.search(
        r"(?:ikke|ingen)\s+(?:\w+\s+){0,3}indhentet\s+(?:\w+\s+){0,2}(?:helbredsoplysninger|oplysninger|udtalelse|erklæring)\s+fra\s+(?:psykiatri\w*|speciallæge\w*|sygehus\w*|hospital\w*|\w*afdeling\w*)",
        s,
        re.IGNORECASE,
    ):
        r.set("specialist_info_missing", True, m.group(0))
    if m := re.search(
        r"(?:kunne|vil kunne|kan|har) (?:have |haft )?(?:væsentlig )?betydning for (?:afgørelsen|sagen|afgørelsens|sagens)(?: resultat| udfald)?",
        s,
        re.IGNORECASE,
    ):
        if not _negated(s, m.start(), 25):
            r.set("defect_immaterial", False, m.group(0))
    if m := re.search(
        r"ikke (?:have |haft )?(?:nogen )?betydning for (?:afgørelsen|sagen|afgørelsens|sagens)(?: resultat| gyldighed)?|"
        r"(?:inddraget|haft) de samme (?:helbreds)?oplysninger|nået (?:frem til )?de samme konklusioner",
        s,
        re.IGNORECASE,
    ):
        r.set("defect_immaterial", True, m.group(0), override=True)


def _offers(r: _Reader, s: str) -> None:
    if m := re.search(
        rf"(?:{_NUM}|et halvt)\s*(år|måneder?)\b[^.]{{0,300}}?(?:uden (?:at have fået |at være kommet i gang med )?(?:et )?(?:tilbud|indsats|praktik|behandling)|hverken fået)",
        s,
        re.IGNORECASE,
    ):
        n = 0.5 if m.group(0).lower().startswith("et halvt") else _num(m.group(1))
        months = n * 12 if m.group(2).lower().startswith("år") else n
        r.set("months_without_offer", months, m.group(0))
    if m := re.search(
        r"tager (?:ikke )?(?:tilstrækkeligt )?hensyn til (?:mit|hendes|hans|personens|borgers) helbred|kan min ryg ikke holde til|kan ikke holde til",
        s,
        re.IGNORECASE,
    ):
        r.set("offer_disregards_health", True, m.group(0))


def _dates(r: _Reader, s: str) -> None:
    if m := re.search(
        r"(?:afgørelse|bevilget|bevilger|bevilgede|giver|gav|bringer|bragte|stopper|forlænger|henviser|truffet afgørelse).{0,40}?den\s+"
        + _DMY,
        s,
        re.IGNORECASE,
    ):
        if d := _date_at(m, 1):
            r.set("decision_date", d, m.group(0))
    if m := re.search(
        r"(?:påbegyndt|startede|startet|begyndte|begyndt|opstart|start)\b.{0,30}?(?:den\s+)?" + _DMY, s, re.IGNORECASE
    ):
        if d := _date_at(m, 1):
            r.set("course_start", d, m.group(0), override=True)


def _decision_in_heading(r: _Reader, text: str) -> None:
    """A decision's heading names what the municipality decided ("kommunen kan (ikke)
    henvise borger til et 3-årigt ressourceforløb"). Only that is read: the verdict
    word and "kan"/"kan ikke" are the answer, not a fact."""
    head, _ = _heading(text.strip())
    if not head:
        return
    if g := re.search(
        rf"henvise\s+(?:(?:borger(?:en)?|hende|ham)\s+)?til\s+(?:et\s+)?(nyt\s+)?(?:{_NUM}[ -]årigt\s+)?ressourceforløb",
        head,
        re.IGNORECASE,
    ):
        r.set("decision", "bevilget", g.group(0))
        if g.group(2):
            r.set("granted_years", _num(g.group(2)), g.group(0))
        if g.group(1):
            r.set("previous_courses", 1, g.group(0))
    elif g := re.search(
        r"(?:kræve|forlange),?\s+at\s+(?:borger(?:en)?|hun|han)\s+deltager\s+i\s+(endnu et|et nyt|et)\s+ressourceforløb",
        head,
        re.IGNORECASE,
    ):
        r.set("decision", "bevilget", g.group(0))
        if g.group(1).lower() != "et":
            r.set("previous_courses", 1, g.group(0))


# Words users type without æ, ø, å, restored so the patterns above read them.
_RESTORE = [
    (r"\bressource ?forl(?:o|oe)b", "ressourceforløb"),
    (r"\bforl(?:o|oe)b", "forløb"),
    (r"\b(?:o|oe)nske", "ønske"),
    (r"(?<=\d) ar\b", " år"),
    (r"(?<=\d)-ar", "-år"),
    (r"(?<=\d) arig", " årig"),
    (r"\b(?:a|aa)rig", "årig"),
    (r"\bafg(?:o|oe)relse", "afgørelse"),
    (r"\bl(?:ae|a)ge", "læge"),
    (r"\btv(?:ae|a)rfaglig", "tværfaglig"),
    (r"\bf(?:o|oe)dt\b", "født"),
    (r"\bn(?:ae|a)gte", "nægte"),
    (r"\bm(?:a|aa)neder\b", "måneder"),
    (r"\bbehandlingsmulighed", "behandlingsmulighed"),
]


_RESTORE_RE = re.compile("|".join(f"(?P<r{i}>{p})" for i, (p, _) in enumerate(_RESTORE)), re.IGNORECASE)


class _Restored:
    """The text with Danish letters restored, and a map back to the input, so each fact's
    words can be quoted as the user wrote them (`forlob`, not `forløb`)."""

    def __init__(self, original: str) -> None:
        self.original = original
        self._new_starts: list[int] = []
        self._spans: list[tuple[int, int, int, int]] = []  # (new start, new end, old start, old end)
        out: list[str] = []
        pos = new_len = 0
        for m in _RESTORE_RE.finditer(original):
            word = _RESTORE[int((m.lastgroup or "r0")[1:])][1]
            out.append(original[pos : m.start()])
            new_len += m.start() - pos
            self._new_starts.append(new_len)
            self._spans.append((new_len, new_len + len(word), m.start(), m.end()))
            out.append(word)
            new_len += len(word)
            pos = m.end()
        out.append(original[pos:])
        self.text = "".join(out)

    def _old(self, i: int, end: bool) -> int:
        """Input position of restored position `i` (a span's start, or with `end` its end)."""
        k = bisect.bisect_right(self._new_starts, i - 1 if end else i) - 1
        if k < 0:
            return i
        ns, ne, os_, oe = self._spans[k]
        if end and i <= ne:
            return oe
        if not end and i < ne:
            return os_
        return i - ne + oe

    def original_quote(self, words: str) -> str:
        """`words` (quotes of the restored text) as the same quotes of the input."""
        if not self._spans:
            return words
        pieces = []
        for piece in words.split(QUOTE_JOIN):
            at = self.text.find(piece)
            pieces.append(self.original[self._old(at, False) : self._old(at + len(piece), True)] if at >= 0 else "")
        return quote(*pieces)


def restore_letters(text: str) -> str:
    return _Restored(text).text


def extract_facts(text: str, skip_conclusions: bool = True) -> tuple[dict[str, Any], list[Derived]]:
    """Facts in the project's vocabulary (see `rules.Facts`) and where each came from."""
    restored = _Restored(text)
    text = restored.text
    body = strip_conclusions(text) if skip_conclusions else text
    r = _Reader()
    if skip_conclusions:
        _decision_in_heading(r, text)
    for s in sentences(body):
        _age(r, s)
        _birth(r, s)
        _courses(r, s)
        _dates(r, s)
    for s in sentences(body):  # second pass: wishes depend on the decision found above
        _wishes(r, s)
        _perspective(r, s)
        _information(r, s)
        _offers(r, s)
        _target_group(r, s)
    # problems may be listed over several sentences; the first mention of each is quoted
    first: dict[str, str] = {}
    for m in re.finditer(_PROBLEMS, body, re.IGNORECASE):
        first.setdefault(m.group(0).lower(), m.group(0))
    if len(first) >= 2 and "complex_problems" not in r.facts:
        r.set("complex_problems", True, quote(*list(first.values())[:5]))
    # health or social problems together with an unclarified work capacity call for efforts
    # from several parts of the administration (PM 1-15: a tværfaglig indsats)
    if r.facts.get("complex_problems") and r.facts.get("work_capacity_clarified") is False:
        r.set(
            "interdisciplinary_need",
            True,
            quote(r.words("complex_problems"), r.words("work_capacity_clarified")),
            note="komplekse problemer og en arbejdsevne, der ikke er afklaret",
        )
    # a described need for both health/social efforts and employment efforts is the combined
    # effort of LAB § 112, stk. 1 ("kombination af indsats efter denne lov og sociale eller
    # sundhedsmæssige indsatser"): the problems go beyond unemployment
    needs = [x for x in sentences(body) if re.search(r"behov for|bør|skal have|henvist til", x, re.IGNORECASE)]
    health = next((x for x in needs if re.search(_SOCIAL_HEALTH_EFFORT, x, re.IGNORECASE)), None)
    job = next((x for x in needs if re.search(_JOB_EFFORT, x, re.IGNORECASE)), None)
    if health and job:
        r.set("interdisciplinary_need", True, quote(health[:80], job[:80]))
        r.set(
            "complex_problems",
            True,
            quote(health[:60]),
            note="behov for både sundheds-/social indsats og beskæftigelsesindsats",
        )
    for d in r.derived:
        d.words = restored.original_quote(d.words)
    return r.facts, r.derived


# What a case summary leaves out it did not find: Ankestyrelsen's summaries name a defect in
# the case information, an earlier course, the person's wish, a contested length, the
# pension age or a missing development perspective when these matter. These presumptions
# are applied only to case narratives, only where the text says nothing, and each is
# reported as presumed, so a reader sees exactly what was assumed.
PRESUMPTIONS: list[tuple[str, Any, str]] = [
    ("lae265_current", True, "ingen mangel ved LÆ 265 nævnt"),
    ("preparatory_part_current", True, "ingen mangel ved den forberedende del nævnt"),
    ("specialist_info_missing", False, "ingen manglende specialistoplysninger nævnt"),
    ("previous_courses", 0, "intet tidligere forløb nævnt"),
    ("complaint_only_duration", False, "klagen angår ikke kun længden"),
    ("duration_contested", False, "varigheden er ikke nævnt som omstridt"),
    ("documented_no_improvement", False, "ikke nævnt, at arbejdsevnen ikke kan forbedres"),
    ("no_improvement_possible", False, "ikke nævnt, at bedring er udelukket"),
    ("only_quality_of_life", False, "ikke nævnt, at indsatsen kun sigter på livskvalitet"),
]


def presume_for_case(facts: dict[str, Any]) -> tuple[dict[str, Any], list[Derived]]:
    """The narrative's facts plus the presumptions of a case summary (see PRESUMPTIONS)."""
    out = dict(facts)
    presumed: list[Derived] = []
    for field, value, why in PRESUMPTIONS:
        if field == "duration_contested" and ("granted_years" in out or out.get("complaint_only_duration")):
            continue
        if field in out:
            continue
        out[field] = value
        presumed.append(Derived(field, value, f"formodet: {why} i sagsfremstillingen"))
    if out.get("decision") in ("bevilget", "forlænget") and "course_start" not in out and out.get("decision_date"):
        out["course_start"] = out["decision_date"]
        presumed.append(
            Derived("course_start", out["decision_date"], "formodet: forløbet begynder på afgørelsesdatoen")
        )
    if out.get("decision") in ("bevilget", "forlænget") and "wishes_course" not in out:
        out["wishes_course"] = False
        presumed.append(Derived("wishes_course", False, "formodet: borgeren klager over at være henvist til et forløb"))
    elif out.get("decision") in ("ophør", "afslag") and "wishes_course" not in out:
        out["wishes_course"] = True
        presumed.append(Derived("wishes_course", True, "formodet: borgeren klager, fordi hun/han ønsker forløbet"))
    if not any(k in out for k in ("age", "age_over", "age_under", "birth_date")) or (
        "age_over" in out and "age" not in out and "age_under" not in out
    ):
        out["age_under"] = 65
        presumed.append(Derived("age_under", 65, "formodet: folkepensionsalderen er ikke nævnt som nået"))
    return out, presumed

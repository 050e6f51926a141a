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

from assistant.language.clauses import REPORTING, Subject, lower_case_spans
from assistant.language.complaint import ComplaintReading, read_complaint
from assistant.language.dates import MONTH_NAMES, MONTHS
from assistant.language.letters import ASCII_WORD as _ASCII_WORD
from assistant.language.letters import restored_word
from assistant.language.numbers import NUMBER_WORDS, in_digits
from assistant.language.stances import read_stances, resolve
from rules.dates import add_months

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
    confidence: float = 0.9  # how sure the reading is (a stated fact 0.9; an inference less)

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


# a stretch of one sentence: any character but a stop, except the dots of a date ("03.22")
_NO_STOP = r"(?:[^.]|\.(?=\d))"
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ\"»(])|\n+")


def sentences(text: str) -> list[str]:
    """Split at a stop followed by a capital letter, so `3. april`, `bl.a.` and `stk. 2` stay
    whole; a text all in lower case also at a stop after a word that is no abbreviation
    ("hej lise. det er kenneth igen")."""
    out = [piece[a:b] for piece in _SENTENCE_END.split(text) for a, b in lower_case_spans(piece, 0, len(piece))]
    return [s.strip() for s in out if s.strip()]


_NEG = re.compile(r"\b(?:ikke|ingen|intet|uden|hverken|aldrig)\b", re.IGNORECASE)


_LIST_NEGATION = re.compile(r"\b(?:ingen|intet|hverken|ikke (?:oplysninger|tegn) (?:om|på))\s+", re.IGNORECASE)


def _negated(sentence: str, start: int, window: int = 45) -> bool:
    """A negation word shortly before position `start` in the same clause."""
    before = sentence[max(0, start - window) : start]
    if _NEG.search(re.split(r"[,;:]| men | og ", before)[-1]):
        return True
    # a negated noun phrase carries through its list ("ingen sociale problemer, misbrug eller
    # gæld"; "ikke oplysninger om sociale problemer, misbrug eller gæld")
    head = sentence[max(0, start - 90) : start]
    ends = [m.end() for m in _LIST_NEGATION.finditer(head)]
    return bool(ends) and all(len(item.split()) <= 3 for item in re.split(r",| eller | og ", head[ends[-1] :]))


class _Reader:
    def __init__(self) -> None:
        self.facts: dict[str, Any] = {}
        self.derived: list[Derived] = []
        self.ages: list[tuple[int, str, str]] = []  # (age, words, sentence): two different ages are a conflict

    def set(
        self, field: str, value: Any, words: str, override: bool = False, note: str = "", confidence: float = 0.9
    ) -> None:
        if field in self.facts and not override:
            return
        self.facts[field] = value
        self.derived = [d for d in self.derived if d.field != field]
        self.derived.append(Derived(field, value, quote(words), note, confidence))

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
_DMY = r"(\d{1,2})(?:\.?\s*([^\W\d_]+)\s+|\.(\d{1,2})\.)(\d{4})"


def _date_at(m: re.Match, i: int) -> dt.date | None:
    """The `_DMY` date whose day is group `i` of `m`."""
    return _date(m.group(i), m.group(i + 1) or m.group(i + 2), m.group(i + 3))


def _age(r: _Reader, s: str) -> None:
    # "var under 40 år under sit første forløb": the age then, not now
    if (m := re.search(r"\b(?:over|ældre end)\s+(\d{2})\s*år", s, re.IGNORECASE)) and not _PAST_AFTER.match(s, m.end()):
        r.set("age_over", int(m.group(1)), m.group(0))
    if (m := re.search(r"\bunder\s+(\d{2})\s*år", s, re.IGNORECASE)) and not _PAST_AFTER.match(s, m.end()):
        r.set("age_under", int(m.group(1)), m.group(0))
    patterns = [
        r"\b(?:er|var|blev|fyldt|fyldte)\s+(?:nu\s+|faktisk\s+|kun\s+)?(\d{2})(?:\s*år\b|\s*,|\s*\.|\s+og\b|$)",
        r"\bfylder\s+(\d{2})\s*år\s+(?:samme dag|i dag|på afgørelsesdagen)",
        r"\b(\d{2})\s*år\s+(?:gammel|og\b)",
        r"\b(?:er en|en)\s+(\d{2})-årig(?:e)?\b(?!\s*(?:ressource)?forløb)",
        r"\b(?:borger(?:en)?|hun|han|personen|kvinde|mand|[A-ZÆØÅ][a-zæøå]+) på (\d{2})(?:\s*år\b|\s*,|\s+der\b|\s+som\b|\s*\?|$)",
        r"^(\d{2})\s*år\b",
        r"\b(?:far|mor|borger\w*|klient\w*|kvinde\w*|mand\w*|hun|han|jeg|[A-ZÆØÅ][a-zæøå]+)\s*\((\d{2})(?:\s*år)?\s*[,)]",
        r"\bjeg\s+er\s+(\d{2})\b",
        # "Borger, 47 år, har …", "Kvinde, 52 år": the age in apposition
        r"\b(?:borger\w*|kvinde\w*|mand\w*|klient\w*|ansøger\w*)\s*,\s*(\d{2})\s*år\b",
        r"\b(?:borger\w*|kvinde\w*|mand\w*|hun|han|personen)\s+(?:er\s+)?(?:nu\s+)?(\d{2})\s*(?:år\b|,)",
    ]
    for p in patterns:
        for m in re.finditer(p, s, re.IGNORECASE):
            n = int(m.group(1))
            before = s[max(0, m.start(1) - 12) : m.start(1)].lower()
            if re.search(r"(?:over|under|mellem|end|og)\s*$", before):
                continue  # "over 50 år", "mellem 40 og 50 år": an age band, not the age
            if re.search(r"\b(?:i|i alt|gennem|efter)\s*$", before):
                continue  # "arbejdet som rengøringsassistent i 25 år": a length of time
            if _PAST_AGE.search(s[max(0, m.start(1) - 60) : m.start(1)]):
                continue  # "da hun var 47", "som 47-årig fik han sit første forløb": an earlier age
            around = s[max(0, m.start(1) - 40) : m.end() + 25]
            if re.search(
                r"pension\w*|\bnår (?:jeg|hun|han|man) (?:er|bliver|fylder)|\bom \d+ år", around, re.IGNORECASE
            ):
                continue  # "på pension, når jeg er 67": the pension age, not the age
            # "20 års forløb", "16 år langt forløb": a length, told by the words right after it
            # (not across a comma: "Borger 52 år, første forløb" gives the age)
            if 16 <= n <= 80 and not (
                not re.search(r"[,.;:]$", m.group(0))
                and re.match(
                    r"[^\w,.;:]*(?:(?!(?:med|og|uden|der|som|har|er|i|til|fik|får|nyt|nye|andet|endnu|flere)\b)\w+[^\w,.;:]+)?(?:ressource)?forløb|"
                    r"[^\w,.;:]*varighed",
                    s[m.end() : m.end() + 25],
                    re.IGNORECASE,
                )
            ):
                r.set("age", n, m.group(0), override=True)
                r.ages.append((n, m.group(0), s))
                return


_PAST_AFTER = re.compile(
    r"\s*(?:gammel\s+)?,?\s*(?:under|ved|i|før|da|inden)\s+(?:starten af\s+|start(?:en)? på\s+)?(?:sit|sine|hendes|hans|mit|det|de)\s+"
    r"(?:\w+\s+){0,2}?(?:ressource)?forløb|\s*(?:gammel\s+)?,?\s*(?:dengang|i sin tid|da (?:hun|han|jeg) (?:startede|begyndte))",
    re.IGNORECASE,
)
_PAST_AGE = re.compile(
    r"\bsom\s+(?:\S+\s+)?$|"
    r"\b(?:dengang|da (?:hun|han|jeg|borger\w*|personen) (?:var|blev|fik|startede|begyndte)|"
    r"(?:siden|fra|efter) (?:hun|han|jeg|borger\w*) (?:var|blev)|"
    r"første (?:ressource)?forløb|tidligere (?:ressource)?forløb|forrige (?:ressource)?forløb|"
    r"i (?:19|20)\d\d,? (?:hvor|da))\b[^.]{0,40}$",
    re.IGNORECASE,
)


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
    elif (m := re.search(r"\bfødt\s+(?:den\s+)?(\d{1,2})/(\d{1,2})-(\d{4}|\d{2})\b", s, re.IGNORECASE)) and (
        slashed := _date(m.group(1), m.group(2), m.group(3) if len(m.group(3)) == 4 else f"19{m.group(3)}")
    ):
        r.set("birth_date", slashed, m.group(0))  # "født 5/3-1957"
    elif m := re.search(r"\bfødt\s+(\d{1,2})/(\d{2}|\d{4})\b(?![-/])", s, re.IGNORECASE):
        y = int(m.group(2))
        r.set("birth_year", y + (1900 if y < 100 else 0), m.group(0))
        if 1 <= int(m.group(1)) <= 12:
            r.set("birth_month", int(m.group(1)), m.group(0))
    elif m := re.search(
        r"\bfødt\s+(?:i\s+)?(?:(" + "|".join(MONTHS) + r")\s+)?(\d{4}|\d{2})\b(?![-/]|\.\d)", s, re.IGNORECASE
    ):
        y = int(m.group(2))
        r.set("birth_year", y + (1900 if y < 100 else 0), m.group(0))
        if m.group(1):
            r.set("birth_month", MONTHS[m.group(1).lower()], m.group(0))


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
        # "jeg har været i ressourceforløb i 8 måneder": the course she is in, not an earlier one
        current = re.match(r"(?i)har\s+været i\b", m.group(0)) and re.match(
            r"(?i)\s+(?:i\s+(?:\w+\s+)?(?:\d+|et|en|to|tre|fire|fem|seks|syv|otte|ni|ti|elleve)\s+(?:måned|uge)\w*|siden\b)(?![^.]*\bi alt\b)",
            s[m.end() :],
        )
        if not _negated(s, m.start(), 15) and "previous_courses" not in r.facts and not current:
            r.set("previous_courses", 1, m.group(0))
    if m := re.search(r"\b(?:endnu et|et nyt|et andet|flere)\s+ressourceforløb", s, re.IGNORECASE):
        if "previous_courses" not in r.facts and not _negated(s, m.start()):
            r.set("previous_courses", 1, m.group(0))
    if m := re.search(
        r"\b(?:det er|er|bliver|får|fik|skal i) (?:\w+ )?(?:første|1\.) (?:ressource)?forløb|første gang (?:i|hun|han|jeg)|"
        r"(?:^|[,.(]\s*)(?:første|1\.) (?:ressource)?forløb (?:er |blev )?(?:bevilge[ts]?|iværksætte[ts]?|tilbydes)\b",
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
    # "Forløbet blev bevilget for 4 år": the course spoken of, and its length
    if m := re.search(
        rf"\b(?:forløbet|det|ressourceforløbet)\s+(?:blev|er)\s+bevilget\s+(?:for|i|på|til)\s+{_NUM}\s*år\b",
        s,
        re.IGNORECASE,
    ):
        if "decision" not in r.facts:
            r.set("decision", "bevilget", m.group(0))
        if "granted_years" not in r.facts and 0 < _num(m.group(1)) <= 10:
            r.set("granted_years", _num(m.group(1)), m.group(0))
    if m := re.search(r"alene klage[tr]? over (?:længden|varigheden)", low):
        r.set("complaint_only_duration", True, s[m.start() : m.end()])
    if m := re.search(
        rf"(?:længden|varigheden) af (?:det bevilgede )?ressourceforløb(?:et)? på {_NUM} år", s, re.IGNORECASE
    ):
        r.set("decision", "bevilget", m.group(0))
        r.set("granted_years", _num(m.group(1)), m.group(0))


def _wish_from_complaint(r: _Reader, s: str) -> None:
    """A citizen who complains about being granted a course does not wish it (an inference)."""
    if "wishes_course" not in r.facts and r.facts.get("decision") == "bevilget":
        if m := re.search(
            r"\bdet klager (?:borger(?:en)?|hun|han) over|borger(?:en)? (?:har )?klage[rt] over (?:bevillingen|afgørelsen)",
            s,
            re.IGNORECASE,
        ):
            r.set("wishes_course", False, m.group(0), note="klager over bevillingen", confidence=0.6)


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


_DECISION_SAYS = re.compile(
    r"\b(?:i afgørelsen|i brevet|i afslaget|begrundelse\w*|begrundede|(?:kommunen|jobcent\w*|sagsbehandler\w*)\s+"
    r"(?:\w+\s+){0,2}(?:skriver|skrev|skrevet|mener|mente|vurderer|vurderede|vurderet|siger|sagde|sagt|begrunder|"
    r"fastholder))\b",
    re.IGNORECASE,
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
    if (
        m := re.search(
            r"ikke (?:er |var |har )?(?:et |noget |nogen )?udviklingsperspektiv|ingen udviklingsperspektiv|"
            r"arbejdsevnen ikke kan (?:forbedres|udvikles)",
            s,
            re.IGNORECASE,
        )
    ) and not _DECISION_SAYS.search(s[: m.start()]):
        # the decision's own reason ("i afgørelsen står der, at der ikke er noget
        # udviklingsperspektiv") is what the complaint disputes, not a finding
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
        r"(?:ikke|ingen|uden)\s+(?:\w+\s+){0,3}(?:indhentet|foreligger)\s+(?:en\s+)?(?:ny|aktuel|opdateret)?\s*LÆ\s?265|uden\s+(?:en\s+)?(?:ny|aktuel|opdateret)\s+LÆ\s?265|LÆ\s?265\W+(?:er\s+)?(?:forældet|ikke aktuel|mangler)|mangler (?:en\s+)?(?:ny|aktuel)?\s*LÆ\s?265|"
        r"\b(?:ikke|ingen)\s+(?:\w+\s+){0,3}(?:ny|nyere|opdateret|aktuel)\s+(?:læge)?(?:attest|LÆ\s?265|lægeerklæring)|"
        r"\bindhent\w*\s+ikke\s+(?:[\w,]+\s+){0,6}?(?:en\s+)?(?:ny|nyere|opdateret|aktuel)\s+(?:læge)?(?:attest|LÆ\s?265)",
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
        r"(?:ikke|ingen)\s+(?:\w+\s+){0,3}indhentet\s+(?:\w+\s+){0,3}(?:helbredsoplysninger|oplysninger|udtalelse|erklæring|journal\w*|epikrise\w*|udskrivningsbrev\w*)\s+(?:\w+\s+){0,3}?fra\s+(?:\w*psykiatri\w*|speciallæge\w*|sygehus\w*|hospital\w*|\w*afdeling\w*|psykiater\w*|egen læge|lægen)|"
        r"\bindhent\w*\s+ikke\s+(?:\w+\s+){0,2}(?:oplysninger|udtalelse\w*|journal\w*|erklæring\w*)\s+fra\s+"
        r"(?:\w+\s+)?(?:\w*psykiatri\w*|speciallæge\w*|sygehus\w*|hospital\w*|\w*afdeling\w*|psykiater\w*)|"
        r"\b(?:ikke|aldrig)\s+(?:\w+\s+){0,2}(?:spurgt|spurt|kontaktet|hørt)\s+(?:\w+\s+)?(?:ambulatori\w*|\w*psykiatri\w*|"
        r"sygehus\w*|hospital\w*|speciallæge\w*|psykiater\w*|neurolog\w*|\w*afdeling\w*)",
        s,
        re.IGNORECASE,
    ):
        r.set("specialist_info_missing", True, m.group(0))
    if m := re.search(
        r"(?:kunne|vil kunne|kan|har) (?:have |haft )?(?:væsentlig )?betydning for (?:afgørelsen|sagen|afgørelsens|sagens)(?: resultat| udfald)?",
        s,
        re.IGNORECASE,
    ):
        asked = re.search(r"\b(?:hvorvidt|om)\b[^.]{0,40}$", s[: m.start()], re.IGNORECASE)
        if not _negated(s, m.start(), 25) and not asked:  # "hvorvidt det har betydning ..." is the question
            r.set("defect_immaterial", False, m.group(0))
    if m := re.search(
        r"ikke (?:have |haft )?(?:nogen )?betydning for (?:afgørelsen|sagen|afgørelsens|sagens)(?: resultat| gyldighed)?|"
        r"(?:inddraget|haft) de samme (?:helbreds)?oplysninger|nået (?:frem til )?de samme konklusioner",
        s,
        re.IGNORECASE,
    ):
        r.set("defect_immaterial", True, m.group(0), override=True)


# the case was decided without the rehabiliteringsteam ("sagen har ikke været forelagt
# rehabiliteringsteamet", "uden at forelægge sagen for teamet"); "igen" is the new forelæggelse
# within a running course (LAB § 113, stk. 2), another rule
_TEAM = r"(?:rehabiliteringsteam\w*|teamet)"
_NOT_TREATED = re.compile(
    rf"\b(?:ikke|aldrig)\s+(?:\w+\s+){{0,4}}?(?:været\s+|blevet\s+)?(?:forelagt|behandlet|drøftet)\s+(?:for\s+|i\s+|på\s+)?{_TEAM}|"
    rf"\buden\s+(?:at\s+)?(?:forelægge|forelæggelse|at have forelagt|behandling)\s+(?:\w+\s+){{0,2}}?(?:for\s+|i\s+)?{_TEAM}|"
    rf"\buden om\s+{_TEAM}|\b{_TEAM}\s+(?:har\s+)?(?:aldrig|ikke)\s+(?:\w+\s+)?(?:behandlet|set|drøftet)\s+sagen",
    re.IGNORECASE,
)


def _team_treated(r: _Reader, s: str) -> None:
    if (m := _NOT_TREATED.search(s)) and not re.search(r"\bigen\b|\bpå ny\b|genforelæg", s, re.IGNORECASE):
        r.set("team_treated", False, m.group(0))


# the municipality decided as the team recommended ("kommunen traf afgørelse herom", "fulgte
# indstillingen", "og kommunen har fulgt det")
_FOLLOWED = re.compile(
    r"\b(?:traf|har truffet|truffet)\s+afgørelse\s+(?:herom|om dette|i overensstemmelse (?:hermed|med (?:\w+\s+)?indstillingen))|"
    r"\b(?:fulgte|har fulgt|følger|fulgt)\s+(?:\w+\s+)?(?:indstillingen|anbefalingen|det|den|teamet|teamets\s+\w+)\b",
    re.IGNORECASE,
)


def _followed_recommendation(r: _Reader, spans: list[str]) -> None:
    """A decision read from the recommendation it follows, when no clause states it: a
    recommended course is granted; another recommendation followed refuses the course."""
    if "decision" in r.facts or "team_recommended" not in r.facts:
        return
    for s in spans:
        if (m := _FOLLOWED.search(s)) and re.search(r"\b(?:kommunen|jobcent\w*|vi)\b", s, re.IGNORECASE):
            kind = "bevilget" if r.facts["team_recommended"] else "afslag"
            r.set("decision", kind, quote(r.words("team_recommended"), m.group(0)), confidence=0.8)
            return


def _talk(r: _Reader, s: str) -> None:
    """The talk with the sundhedskoordinator and the offer it is about (LAB § 113, stk. 3)."""
    if m := _TALK_REFUSED.search(s):
        r.set("talk_granted", False, m.group(0))
    elif m := _TALK_GRANTED.search(s):
        r.set("talk_granted", True, m.group(0))
    if m := _OFFER_NOT_BEGUN.search(s):
        r.set("offer_started", False, m.group(0), override=True)
    elif m := _OFFER_BEGUN.search(s):
        r.set("offer_started", True, m.group(0))


_MONTHS_IDLE = re.compile(
    rf"\bværet i (?:et )?(?:ressource)?forløb i {_NUM}\s*måneder\b[^.]{{0,40}}?(?:sker ingenting|er intet sket|"
    r"ikke sket noget|intet er sket|ingen tilbud|ikke fået (?:\w+ )?tilbud)",
    re.IGNORECASE,
)


def _offers(r: _Reader, s: str, on: dt.date | None = None) -> None:
    if m := re.search(
        rf"(?:{_NUM}|et halvt)\s*(år|måneder?)\b[^.]{{0,300}}?(?:uden (?:at have fået |at være kommet i gang med )?(?:et )?(?:tilbud|indsats|praktik|behandling)|hverken fået)",
        s,
        re.IGNORECASE,
    ):
        n = 0.5 if m.group(0).lower().startswith("et halvt") else _num(m.group(1))
        months = n * 12 if m.group(2).lower().startswith("år") else n
        r.set("months_without_offer", months, m.group(0))
    elif m := _MONTHS_IDLE.search(s):  # "været i ressourceforløb i 8 måneder, og der sker ingenting"
        r.set("months_without_offer", _num(m.group(1)), m.group(0), confidence=0.7)
        if on is not None and "course_start" not in r.facts:
            # in the course that long by the day asked: it began that many months before it
            start = add_months(on, -round(_num(m.group(1))))
            r.set("course_start", start, m.group(0), confidence=0.6, note=f"{m.group(1)} måneder før {on}")
    if m := re.search(
        r"tager (?:ikke )?(?:tilstrækkeligt )?hensyn til (?:mit|hendes|hans|personens|borgers) helbred|kan min ryg ikke holde til|kan ikke holde til",
        s,
        re.IGNORECASE,
    ):
        r.set("offer_disregards_health", True, m.group(0))
    # a doctor's restriction beside the offer: "praktik på et lager, men min læge siger, jeg ikke må løfte"
    elif re.search(r"\b(?:praktik\w*|tilbud\w*|løntilskud\w*|arbejdsprøvning\w*)\b", s, re.IGNORECASE) and (
        m := re.search(
            r"\bl(?:æ|ae|ea|a)ge\w*\s+(?:\w+\s+){0,4}?(?:ikke (?:må|maa|ma)|(?:må|maa|ma) ikke|fraråde\w*)\b[^.]{0,40}|"
            r"\b(?:må|maa|kan|tåler) (?:jeg|hun|han|borger\w*)? ?ikke (?:l(?:ø|oe|o)fte|stå|gå|sidde|bære|arbejde)\w*[^.]{0,30}",
            s,
            re.IGNORECASE,
        )
    ):
        r.set("offer_disregards_health", True, m.group(0), confidence=0.8)


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
            if "granted_years" not in r.facts and (length := _granted_years(s)) is not None:
                # "startede 1. september 2020 i et ressourceforløb på 5 år": the course's length
                r.set("granted_years", length[0], length[1], confidence=0.7)
    if "course_start" not in r.facts and (m := _COURSE_START_MONTH.search(s)):
        # "startede i ressourceforløb i februar 2023": the month is as near as the text gets
        r.set("course_start", dt.date(int(m.group(2)), MONTHS[m.group(1).lower()], 1), m.group(0), confidence=0.7)


_BEGAN = r"(?:påbegynd\w*|startede|startet|begyndte|begyndt)"
_COURSE_NOUN = r"(?:ressource)?forløb(?:et)?|RF(?:et)?"
_COURSE_START_MONTH = re.compile(
    rf"(?:\b{_BEGAN}\s+(?:i\s+|på\s+)?(?:et\s+|sit\s+|mit\s+|hendes\s+|hans\s+)?(?:{_COURSE_NOUN})|"
    rf"\b(?:{_COURSE_NOUN})\s+(?:\w+\s+)?{_BEGAN})\s+(?:i\s+)?({'|'.join(MONTH_NAMES)})\s+((?:19|20)\d\d)\b",
    re.IGNORECASE,
)


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
    (r"\bressource[ -]?forl(?:o|oe|ø)b|\bres+ur[sc]e[ -]?forl(?:ø|o|oe)b", "ressourceforløb"),
    (r"\bforl(?:o|oe)b", "forløb"),
    (r"\b(?:o|oe)nske", "ønske"),
    (r"(?<=\d) ar\b", " år"),
    (r"(?<=\d)-ar", "-år"),
    (r"(?<=\d) arig", " årig"),
    (r"\b(?:a|aa)rig", "årig"),
    (r"\bafg(?:o|oe)relse", "afgørelse"),
    (r"\blaege|\blage(?=\b|n\b|ns\b|rne\b|attest|erklæring|erklaering)", "læge"),
    (r"\btv(?:ae|a)rfaglig", "tværfaglig"),
    (r"\bf(?:o|oe)dt\b", "født"),
    (r"\bn(?:ae|a)gte", "nægte"),
    (r"\bm(?:a|aa)neder\b", "måneder"),
    (r"\bbehandlingsmulighed", "behandlingsmulighed"),
    (r"\bm(?:a|aa)ned", "måned"),
    (r"\bs(?:o|oe)g(?=t|er|te|e\b)", "søg"),
    (r"\bn(?:a|aa)r\b", "når"),
    (r"\bl(?:ae|a)ngde", "længde"),
    (r"\bl(?:ae|a)nge\b", "længe"),
    (r"\bf(?:o|oe)rtidspension", "førtidspension"),
    (r"\bm(?:a|aa)lgruppe", "målgruppe"),
    (r"\bpraksisnotat", "praksisnotat"),
    # a caseworker's abbreviations
    (r"\bRF\b", "ressourceforløb"),
    (r"\bforb\.\s*del", "forberedende del"),
    (r"\bopd\.", "opdateret"),
    (r"\bindh\.", "indhentet"),
    (r"\brehab\.\s*team\w*|\brehab-team\w*|\bRT\b", "rehabiliteringsteamet"),
    (r"\brehab\.\s*møde", "mødet i rehabiliteringsteamet"),
    (r"\bsundhedskoord\.", "sundhedskoordinatoren"),
    (r"\bkontanthj\.", "kontanthjælp"),
    (r"\bdiagn\.", "diagnosticeret"),
    (r"\bift\.", "i forhold til"),
    (r"\bbev\.", "bevilget"),
    (r"\bafg\.", "afgørelse"),
    (r"\bindst\.", "indstillede"),
    (r"\bkth\.", "kontanthjælp"),
    (r"\bFP\b|\bFØP\b|\bFOP\b", "førtidspension"),
    (r"\bbgr\.?(?=\s+(?:i|for|til)\b)", "begrundelse"),
    (r"\bbgr\b\.?", "borger"),
    (r"\bkth\b", "kontanthjælp"),
    (r"\bAST\b", "Ankestyrelsen"),
    (r"\btidl\.", "tidligere"),
    (r"\bsygedagp\.", "sygedagpenge"),
    (r"\bf\.(?=\s*\d)", "født"),
    (r"\bmdr\.", "måneder"),
    (r"\bkomun(?=e)", "kommun"),
    (r"\bd\.\s*(?=\d)", "den "),
    # dictated punctuation ("... i tre år punktum jeg startede ...")
    (r"[ \t]+punktum\b", "."),
    (r"[ \t]+komma\b", ","),
    (r"[ \t]+spørgsmålstegn\b", "?"),
    (r"[ \t]+udråbstegn\b", "!"),
    # a hard-wrapped paragraph is one text: a line break inside a sentence is a space (a line
    # that ends a sentence, a short heading line or a list item keeps its break)
    (r"(?-i:(?<=[a-zæøå,])[ \t]*\n[ \t]*(?=[a-zæøå0-9(\"»–]))", " "),
    (r"(?<=[^\n]{40})(?<=[^\s.!?:;])[ \t]*\n[ \t]*(?=\S)(?![-*•]|\d+[.)]\s)", " "),
]

# month abbreviations before a year or after a day ("fra feb 2023", "1. sept. 2021")
_RESTORE += [
    (rf"(?<![\w.]){short}\.?(?=\s+(?:19|20)\d\d\b)|(?<=\d\. ){short}\b\.?", month)
    for month in MONTHS
    if month != "maj"
    for short in [month[:3] + ("t?" if month == "september" else "")]
]

# Years a text gives relative to its decision date ("1. oktober sidste år", "3. maj i år"):
# each is written out from the decision date's year plus its offset; without a date it stays.
_RELATIVE_YEARS: list[tuple[str, int]] = [
    (rf"(?<=\b{month})\s+(?:{words})\b", offset)
    for month in MONTHS
    for words, offset in (("sidste år|i fjor|året før", -1), ("i år|samme år", 0))
]
_RESTORE_RE = re.compile(
    "|".join(f"(?P<y{i}>{p})" for i, (p, _) in enumerate(_RELATIVE_YEARS))
    + "|"
    + "|".join(f"(?P<r{i}>{p})" for i, (p, _) in enumerate(_RESTORE))
    + rf"|(?P<n>{NUMBER_WORDS.pattern})"
    + rf"|(?P<w>{_ASCII_WORD.pattern})",
    re.IGNORECASE,
)


class _Restored:
    """The text with Danish letters restored, and a map back to the input, so each fact's
    words can be quoted as the user wrote them (`forlob`, not `forløb`)."""

    def __init__(self, original: str, on: dt.date | None = None) -> None:
        self.original = original
        self._new_starts: list[int] = []
        self._spans: list[tuple[int, int, int, int]] = []  # (new start, new end, old start, old end)
        out: list[str] = []
        pos = new_len = 0
        for m in _RESTORE_RE.finditer(original):
            group = m.lastgroup or "w"
            if group == "w":  # any word typed without æ/ø/å: the lexicon knows its letters
                found = restored_word(m.group(0))
                if found is None:
                    continue
                word = found
            elif group == "n":  # a number in words: its digits ("fireogtyve" → "24")
                number = NUMBER_WORDS.match(original, m.start())  # with its month, for a day
                if number is None:
                    continue
                word = in_digits(number)
            elif group[0] == "y":
                if on is None:
                    continue
                word = f" {on.year + _RELATIVE_YEARS[int(group[1:])][1]}"
            else:
                word = _RESTORE[int(group[1:])][1]
                typed = m.group(0)
                if typed[:1].isupper() and typed[1:2].islower():  # "Bgr." opens a sentence: so does "Borger"
                    word = word[0].upper() + word[1:]
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


@dataclass
class Conflict:
    """Two readings of one fact that disagree; the fact is left unknown and the conflict reported."""

    field: str
    values: list[Any]
    words: list[str]

    def to_json(self) -> dict[str, Any]:
        return {"field": self.field, "values": self.values, "words": self.words}


@dataclass
class Reading:
    """What a text says: facts (in the order read), where each came from, conflicts, the complaint."""

    facts: dict[str, Any]
    derived: list[Derived]
    conflicts: list[Conflict]
    complaint: ComplaintReading
    letter: bool  # the citizen's own words ("jeg klager over ...")
    refusal_basis: str = ""  # a refusal's stated ground when it is not the target group or the perspective


def extract_facts(
    text: str, skip_conclusions: bool = True, on: dt.date | None = None
) -> tuple[dict[str, Any], list[Derived]]:
    """Facts in the project's vocabulary (see `rules.Facts`) and where each came from; `on` is
    the day the text speaks of, for facts counted up to it."""
    reading = read(text, skip_conclusions=skip_conclusions, on=on)
    return reading.facts, reading.derived


def _voice(text: str) -> tuple[bool, Subject]:
    """(the citizen's own letter, who "jeg"/"vi" is). A text that speaks of "borgeren" in the
    third person is a caseworker's or Ankestyrelsen's; one in the first person is the citizen's."""
    third = re.search(r"\b(?:borger\w*|bgr\b|klager(?:en)?\b|ansøger\w*)", text, re.IGNORECASE)
    first = re.search(r"\b(?:jeg|mig|min|mit|mine)\b", text, re.IGNORECASE)
    if first and not third:
        return True, "citizen"
    return False, "municipality" if third else "citizen"


def read(text: str, skip_conclusions: bool = True, on: dt.date | None = None) -> Reading:
    """Read `text` clause by clause; `on`: the decision date, which anchors "i 2017" and past ages."""
    restored = _Restored(text, on)
    text = restored.text
    body = strip_conclusions(text) if skip_conclusions else text
    letter, first_person = _voice(body)
    conflicts: list[Conflict] = []
    r = _Reader()
    if skip_conclusions:
        _decision_in_heading(r, text)
    spans = sentences(body)
    for s in spans:
        _age(r, s)
        _birth(r, s)
        _courses(r, s)
        _dates(r, s)
    _decision(r, body, on)
    _stances(r, body, first_person, conflicts)
    _followed_recommendation(r, spans)
    _history(r, body, on)
    # a decision made on the rehabiliteringsteam's recommendation (the second pass sets no decision)
    on_recommendation = r.facts.get("decision") in ("bevilget", "forlænget", "afslag")
    for s in spans:  # second pass: some readings depend on the decision found above
        _wish_from_complaint(r, s)
        _perspective(r, s)
        _information(r, s)
        if on_recommendation and "team_recommended" not in r.facts:
            _team_treated(r, s)
        _offers(r, s, on)
        if r.facts.get("decision") == "afslag_sundhedskoordinator":
            _talk(r, s)
        _target_group(r, s)
        _findings(r, s, on)
    if on_recommendation and "team_recommended" in r.facts:
        # the team gave a recommendation, so it did treat the case
        r.set("team_treated", True, r.words("team_recommended"))
    # problems may be listed over several sentences; the first mention of each is quoted
    first: dict[str, str] = {}
    for m in re.finditer(_PROBLEMS, body, re.IGNORECASE):
        if not _negated(body, m.start(), 30):  # "ingen psykiske eller sociale problemer, intet misbrug"
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
    needs = [x for x in spans if re.search(r"behov for|bør|skal have|henvist til", x, re.IGNORECASE)]
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
    _effort_timing(r, body, on)
    _age_conflict(r, conflicts)
    complaint = read_complaint(body, spans, letter)
    if complaint.only_duration and "complaint_only_duration" not in r.facts:
        r.set("complaint_only_duration", True, complaint.only_duration)
    for d in r.derived:
        d.words = restored.original_quote(d.words)
    for c in conflicts:
        c.words = [restored.original_quote(w) for w in c.words]
    basis = _refusal_basis(body) if r.facts.get("decision") == "afslag" else ""
    return Reading(r.facts, r.derived, conflicts, complaint, letter, restored.original_quote(basis) if basis else "")


_BECAUSE = re.compile(
    r"\b(?:fordi|da|idet|med den begrundelse,? at|begrundet (?:med|i)|med henvisning til)\s+([^.;]{0,200})",
    re.IGNORECASE,
)
_OTHER_GROUND = re.compile(
    # PM 1-15: a municipal effort the municipality finds sufficient is no ground for refusal
    r"tilstrækkelig\w*|allerede (?:har|modtager|får)|"
    r"folkepension\w*|pensionsalder\w*|afskaf\w*|reform\w*|l 1750|lov nr\. 1750|for gammel|"
    r"\balder\b|over \d{2}\b|i alt|varighed\w*|ikke længere bevilge\w*",
    re.IGNORECASE,
)
_OWN_GROUND = re.compile(
    r"målgruppe\w*|udviklingsperspektiv\w*|forbedr\w*|førtidspension\w*|komplekse|ikke brug for", re.IGNORECASE
)


def _refusal_basis(body: str) -> str:
    """The ground a refusal of a course gives, when it is one the complaint can be assessed on
    without the target group or the perspective (the pension age, the reform, the age limits)."""
    for s in sentences(body):
        if not re.search(r"afslag|ikke (?:længere )?bevilge\w*|afvis\w*|afslå\w*|afslog", s, re.IGNORECASE):
            continue
        for m in _BECAUSE.finditer(s):
            if _OTHER_GROUND.search(m.group(1)) and not _OWN_GROUND.search(m.group(1)):
                return m.group(0)
    return ""


_CORRECTION = re.compile(
    r"\b(?:faktisk|undskyld|rettelse|nej vent|jeg mener|skal være|korrekt er|rettet)\b", re.IGNORECASE
)


def _age_conflict(r: _Reader, conflicts: list[Conflict]) -> None:
    """Two different ages for the same person, neither stated as a correction: a conflict."""
    values = dict.fromkeys(a for a, _, _ in r.ages)
    if len(values) > 1 and not any(_CORRECTION.search(s) for _, _, s in r.ages[1:]):
        conflicts.append(Conflict("age", list(values), [w for _, w, _ in r.ages]))
        r.facts.pop("age", None)
        r.derived = [d for d in r.derived if d.field != "age"]


def _stances(r: _Reader, body: str, first_person: Subject, conflicts: list[Conflict]) -> None:
    """The citizen's wish and the team's recommendation, clause by clause (see `stances`)."""
    readings = read_stances(body, first_person)
    for fact in ("wishes_course", "team_recommended"):
        mine = [x for x in readings if x.fact == fact]
        res = resolve(mine)
        if res.conflict:
            conflicts.append(Conflict(fact, [x.value for x in res.conflict], [x.words for x in res.conflict]))
        elif res.value is not None and res.stance is not None:
            r.set(fact, res.value, res.stance.words, override=True, note=res.note, confidence=res.stance.confidence)


# --- course history: earlier forløb, their dates and lengths -------------------------------

_MONTH = "|".join(MONTHS)
_POINT = rf"(?:(\d{{1,2}})\.\s*)?(?:({_MONTH})\s+)?((?:19|20)\d\d)"
_PERIOD = re.compile(
    rf"(?:\b(?:fra|i perioden|mellem)\s+|^\s*[-*•]\s*)(?:den\s+)?{_POINT}\s*(?:til og med|til|-|–|og frem til|og)\s*(?:den\s+)?{_POINT}|"
    rf"\b(?:({_MONTH})\s+)?((?:19|20)\d\d)\s*[-–]\s*(?:({_MONTH})\s+)?((?:19|20)\d\d)\b|"
    r"\b(\d{1,2})/(\d{1,2})-(\d{2,4})\s*(?:[-–]|til)\s*(\d{1,2})/(\d{1,2})-(\d{2,4})\b",
    re.IGNORECASE,
)


def _year(y: str) -> str:
    return str(int(y) + 2000) if len(y) == 2 else y


def _period_points(m: re.Match[str]) -> tuple[tuple[dt.date, str], tuple[dt.date, str]] | None:
    """The start and end of a `_PERIOD` match, with their precision."""
    g = m.groups()
    if g[2]:
        a, b = _point(g[0], g[1], g[2], False), _point(g[3], g[4], g[5], True)
    elif g[7]:
        a, b = _point(None, g[6], g[7], False), _point(None, g[8], g[9], True)
    else:
        a = _point(g[10], None, _year(g[12]), False, month_number=g[11])
        b = _point(g[13], None, _year(g[15]), True, month_number=g[14])
    if a is None or b is None or b[0] <= a[0]:
        return None
    return a, b


_COURSE_WORD = re.compile(r"ressourceforløb|(?<![a-zæøå])forløb", re.IGNORECASE)
_EARLIER = re.compile(
    r"\b(?:tidligere|første|forrige|har haft|havde|har været|var i|deltog|deltaget|gennemført|afsluttede|"
    r"afsluttet|sluttede|endte)\b",
    re.IGNORECASE,
)
_COUNT_WORDS = {"et": 1, "ét": 1, "en": 1, "to": 2, "tre": 3, "fire": 4, "fem": 5}
_ORDINALS = {"andet": 2, "2.": 2, "tredje": 3, "3.": 3, "fjerde": 4, "4.": 4, "femte": 5, "5.": 5}
_EARLIER_COUNT = re.compile(
    r"\b(to|tre|fire|fem|\d)\s+(?:tidligere|forudgående|afsluttede)\s+(?:ressource)?forløb|"
    # "har haft 2 ressourceforløb", "har været i to forløb"
    r"\b(?:har|havde)\s+(?:allerede\s+|før\s+|tidligere\s+)?(?:haft|været i|deltaget i|gennemført)\s+"
    r"(to|tre|fire|fem|\d)\s+(?:ressource)?forløb",
    re.IGNORECASE,
)
_ORDINAL_COURSE = re.compile(
    r"\b(?:et|sit|sine|hendes|hans|mit|dit|borgers|borgerens|det)\s+(andet|2\.|tredje|3\.|fjerde|4\.|femte|5\.)\s+"
    r"(?:ressource)?forløb",
    re.IGNORECASE,
)
_TOTAL = re.compile(
    rf"\b(?:i alt|samlet|sammenlagt|tilsammen)\s+(?:\w+\s+){{0,5}}?{_NUM}\s*(år|måneder)\b|"
    rf"\b{_NUM}\s*(år|måneder)\s+(?:i alt|samlet|sammenlagt|tilsammen)\b",
    re.IGNORECASE,
)
_COMBINED = re.compile(
    r"med det nye|inklusive|inkl\.|bliver det|vil blive|ville blive|når det nye|nye forløb|"
    r"giver i alt|sammen med",
    re.IGNORECASE,
)


def _point(
    day: str | None, month: str | None, year: str, end: bool, month_number: str | None = None
) -> tuple[dt.date, str] | None:
    """A period's start or end, and how precise it is ('day', 'month' or 'year')."""
    try:
        m = int(month_number) if month_number else MONTHS[month.lower()] if month else (12 if end else 1)
        d = int(day) if day else (28 if end else 1)
        return dt.date(int(year), m, d), ("day" if day else "month" if month or month_number else "year")
    except (KeyError, ValueError):
        return None


def _years_between(a: tuple[dt.date, str], b: tuple[dt.date, str]) -> float:
    """A period's length in half years, as people count it: "fra august 2017 til august 2020" and
    "fra marts 2016 til februar 2019" are 3 years, "2016-2019" is 3, "1.3.2016-28.2.2019" is 3."""
    (x, px), (y, py) = a, b
    if px == "year" or py == "year":
        years = float(y.year - x.year)
    elif px == "month" or py == "month":
        years = ((y.year - x.year) * 12 + y.month - x.month + 1) / 12
    else:
        return round(max(((y - x).days + 1) / 365.25, 0.0), 2)  # exact: the end date matters (pension age)
    return round(max(years, 0.0) * 2) / 2


_COURSE_ANAPHOR = re.compile(r"\b(?:det|mit|hans|hendes|sit) (?:første|forrige|tidligere|sidste)\b", re.IGNORECASE)


def _history(r: _Reader, body: str, on: dt.date | None) -> None:
    """Earlier forløb: how many and for how long in all, from dates, counts and totals."""
    m: re.Match[str] | None
    earlier: list[tuple[float, str]] = []
    counted = 0
    count_words = ""
    named_before = False  # the sentence before names a course ("det første" may refer to it)
    listing = False  # in the items of a list headed by a course ("Tidligere ressourceforløb:")
    for s in sentences(body):
        names = bool(_COURSE_WORD.search(s))
        item = re.match(r"\s*[-*•]", s) is not None
        listing = (listing and item) or (names and s.rstrip().endswith(":"))
        refers = (named_before and _COURSE_ANAPHOR.search(s)) or (listing and item)
        named_before = names
        if not names and not refers:
            continue
        for m in _PERIOD.finditer(s):
            points = _period_points(m)
            if points is None:
                continue
            a, b = points
            if on is not None:
                is_earlier = b[0] <= on + dt.timedelta(days=31)
            else:
                is_earlier = bool(_EARLIER.search(s))
            if is_earlier and not re.search(
                r"\b(?:nyt|nye|bevilget|bevilger|henvist|skal)\b", s[max(0, m.start() - 50) : m.start()], re.IGNORECASE
            ):
                earlier.append((_years_between(a, b), m.group(0)))
            elif not is_earlier and "granted_years" not in r.facts:
                r.set("granted_years", _years_between(a, b), m.group(0), confidence=0.8)
                if "course_start" not in r.facts and a[1] != "year":
                    r.set("course_start", a[0], m.group(0), confidence=0.8)
        if m := _EARLIER_COUNT.search(s):
            word = m.group(1) or m.group(2)
            n = _COUNT_WORDS.get(word.lower()) or int(word)
            if n > counted:
                counted, count_words = n, m.group(0)
        if m := _ORDINAL_COURSE.search(s):
            n = _ORDINALS[m.group(1).lower()] - 1
            if n > counted:
                counted, count_words = n, m.group(0)
        for m in _TOTAL.finditer(s):
            if _COMBINED.search(s[max(0, m.start() - 40) : m.end() + 40]):
                continue
            value = _num(m.group(1) or m.group(3))
            unit = (m.group(2) or m.group(4)).lower()
            years = value / 12 if unit.startswith("måned") else value
            if re.search(r"forløb|\bRF\b", s[max(0, m.start() - 80) : m.end() + 40], re.IGNORECASE):
                r.set("previous_years_total", years, m.group(0), override=True)
                if not r.facts.get("previous_courses"):
                    r.set("previous_courses", max(1, counted), m.group(0), override=True)
    if earlier:
        n = max(len(earlier), counted)
        if n > (r.facts.get("previous_courses") or 0):
            r.set("previous_courses", n, QUOTE_JOIN.join(w for _, w in earlier), override=True)
        if "previous_years_total" not in r.facts or r.facts.get("previous_years_total") is None:
            total = sum(y for y, _ in earlier)
            if total > 0 and len(earlier) >= n:
                r.set("previous_years_total", total, QUOTE_JOIN.join(w for _, w in earlier), confidence=0.8)
    elif counted > (r.facts.get("previous_courses") or 0):
        r.set("previous_courses", counted, count_words, override=True)
    # "har aldrig været i et ressourceforløb før": no earlier course, whatever else was counted
    if m := _NEVER_BEFORE.search(body):
        r.set("previous_courses", 0, m.group(0), override=True)
        r.facts.pop("previous_years_total", None)
        r.derived = [d for d in r.derived if d.field != "previous_years_total"]


_NEVER_BEFORE = re.compile(
    r"\b(?:aldrig|ikke)\s+(?:før\s+|tidligere\s+)?(?:har\s+|har været\s+|været\s+)?(?:været\s+i|haft|deltaget\s+i|fået)\s+"
    r"(?:et\s+|noget\s+)?ressourceforløb(?!\w)(?:\s+før)?|\b(?:det er|er) (?:\w+ )?første (?:ressource)?forløb|"
    r"\baldrig (?:før )?(?:været|deltaget) i (?:et )?ressourceforløb",
    re.IGNORECASE,
)


# --- the decision under review, clause by clause -------------------------------------------

_DECISION_VERBS: list[tuple[str, re.Pattern[str]]] = [
    (
        # a running course continues: the person's wish to end it is refused
        "fortsat",
        re.compile(
            r"\b(?:(?:ressource)?forløbet (?:fortsætter|skal fortsætte|fastholdes)|fastholder (?:ressource)?forløbet|"
            r"afslag på at (?:afslutte|stoppe|afbryde|ophøre|ophæve) (?:\w+ )?(?:ressource)?forløbet|"
            r"(?:skal|må) fortsætte i (?:sit |dit |mit |hendes |hans )?(?:ressource)?forløb\w*|"
            r"ressourceforløb (?:fortsætter|fastholdes)|"
            r"anmodning\w* om (?:at )?(?:afslutning|afslutte|stoppe|ophør|afbryde|afbrydelse)\w*[^.;]{0,25}?afslå\w*|"
            r"afslag på (?:\w+ )?anmodning\w* om (?:at )?(?:afslutning|afslutte|stoppe|ophør|afbryde|afbrydelse))",
            re.IGNORECASE,
        ),
    ),
    (
        "afslag",
        re.compile(
            r"\b(?:afslag|afslå\w*|afslog|afvis\w*|afviste|siger nej\b|sagde nej\b|sagt nej\b|(?:fik|fået|får) nej\b|"
            r"(?:blev|bliver) (?:et |til et )?nej\b|ikke (?:er|var) i målgruppen|"
            r"ikke (?:at )?bevilge|"
            r"ikke (?:vil|ville) (?:give|bevilge)|(?:vil|ville) ikke (?:give|bevilge)|kan ikke få|ikke kan få|ikke kunne få|ikke er berettiget|"
            r"ikke (?:fik|fået|får) (?:et |noget )?(?:ressource)?forløb|"
            r"(?:ressource)?forløb\w* (?:\w+ )?(?:derfor )?ikke (?:er )?nødvendigt|ikke (?:længere )?(?:kan )?bevilges)",
            re.IGNORECASE,
        ),
    ),
    (
        "ophør",
        re.compile(
            r"\b(?:ophør\w*|stoppe\w*|stoppede|afslutte\w*|afsluttes|afbryde\w*|afbrudt|forkorte\w*|bringe\w* .{0,30}til "
            r"ophør|bragt til ophør|slutter|sluttet|skal slutte|lukke\w*)",
            re.IGNORECASE,
        ),
    ),
    ("forlænget", re.compile(r"\bforlæng\w*", re.IGNORECASE)),
    (
        "bevilget",
        re.compile(
            r"\b(?:bevilg\w*|bevilget|tilkend\w*|visiter\w*|henvis\w*|henvist|"
            r"(?:givet|giver|gav|fået|får|fik) (?:\w+ )?(?:et )?(?:nyt )?(?:ressource)?forløb|iværksat|iværksætte\w*|"
            r"sat i gang|sendt i|sat (?:\w+ )?i (?:et )?(?:nyt )?(?:ressource)?forløb|sætte\w* (?:\w+ )?i (?:et )?(?:nyt )?"
            r"(?:ressource)?forløb|have (?:mig|hende|ham|borger\w*) i (?:et )?(?:nyt )?(?:ressource)?forløb|"
            r"skal (?:deltage |starte |begynde )?i (?:et )?(?:nyt )?(?:ressource)?forløb|pålagt|pålægge\w*|"
            r"skal i (?:et )?(?:andet|tredje|fjerde|femte)\b|"
            r"afgørelse\w*[^;]{0,30}?(?::|\(|\ber\b|\bvar\b|lyder på|lød på)\s*[\"»]?(?:et\s+)?(?:nyt\s+)?ressourceforløb\b(?!sydelse)|"
            r"\bblev til (?:et )?(?:nyt |andet )?(?:ressource)?forløb\b|"
            r"\bbevilling\w* af (?:et )?(?:nyt |andet )?(?:[\w½]+-årigt )?ressourceforløb\b(?!sydelse)|"
            r"\b(?:brev|afgørelse)\w*[^;:]{0,50}:\s*(?:et\s+)?(?:nyt\s+)?ressourceforløb\b(?!sydelse)|"
            r"\btraf\b[^;]{0,40}?afgørelse om (?:et |en )?(?:nyt |andet )?ressourceforløb\b(?!sydelse)|"
            r"\bafgørelse\w*\b[^;]{0,40}?\bom (?:et |en )?(?:nyt |andet )?(?:[\w½]+-årigt |\d+-årigt )?(?:ressource)?forløb\b"
            r"(?!sydelse))",
            re.IGNORECASE,
        ),
    ),
]
_MUST_GO_ON = re.compile(
    r"\bskal (?:alligevel |fortsat |stadig )?(?:starte|møde|fortsætte|begynde|påbegynde)\b[^.]{0,40}?\b(?:praktik\w*|tilbud\w*)|"
    r"\b(?:praktik\w*|tilbud\w*) (?:fastholdes|skal fastholdes|fortsætter)",
    re.IGNORECASE,
)
# the talk with the sundhedskoordinator: given (also for later) or refused; the offer begun or not
_TALK_GRANTED = re.compile(
    r"\bsamtalen\b[^.]{0,60}?\b(?:er|blev|bliver|var) (?:nu )?(?:booket|sat (?:til|på)|aftalt|fastsat|holdt|planlagt)|"
    r"\bsamtalen\b[^.]{0,60}?\bkan (?:først )?holdes (?:senere|efter|om)|\bdet fik jeg\b|"
    r"\bsamtalen (?:blev|er) holdt\b|\bindkaldte til samtalen|\bsamtalen er bevilget",
    re.IGNORECASE,
)
_TALK_REFUSED = re.compile(
    r"\bafslag på (?:en |selve )?samtale\w*|\b(?:ikke|ingen) (?:ret til (?:en )?)?samtale\b|"
    r"\bikke (?:af)?holdes (?:nogen |en )?(?:sådan )?samtale|\bikke får samtalen|\bafslog\b[^.]{0,40}\bsamtale",
    re.IGNORECASE,
)
_OFFER_BEGUN = re.compile(
    r"\b(?:startede|er startet|var startet|begyndte|er begyndt|var begyndt|påbegyndte)\s+(?:[\w.]+\s+){0,4}?(?:i|på)\s+"
    r"(?:\w+\s+)?(?:praktik\w*|tilbud\w*)|\ballerede (?:var |er )?(?:startet|begyndt|i gang)",
    re.IGNORECASE,
)
_OFFER_NOT_BEGUN = re.compile(
    r"\b(?:praktik\w*|tilbud\w*) (?:var|er) ikke (?:påbegyndt|startet|begyndt)|\binden (?:jeg|hun|han|borger\w*|"
    r"klager\w*) (?:starter|startede|begynder|skulle starte)|\binden (?:praktik\w*|tilbud\w*) (?:begyndte|startede|"
    r"begynder|starter|blev påbegyndt)|\bskal starte i (?:praktik\w*|tilbud\w*) (?:fra|den|på|mandag)|"
    r"\bfør (?:praktik\w*|tilbud\w*) (?:var|blev) (?:startet|påbegyndt|begyndt)|"
    r"\bfør (?:jeg|hun|han|borger\w*) (?:starter|startede|begynder)|\bfør (?:praktik\w*|tilbud\w*) (?:gik|kom) i gang",
    re.IGNORECASE,
)
_EFFORT_TOPICS: list[tuple[str, re.Pattern[str]]] = [
    ("afslag_sundhedskoordinator", re.compile(r"sundhedskoordinator", re.IGNORECASE)),
    ("afslag_jobformidler", re.compile(r"jobformidler", re.IGNORECASE)),
    ("afslag_rehabiliteringsteam", re.compile(r"rehabiliteringsteam\w*|forelæg\w*|teamet|\brehab\b", re.IGNORECASE)),
]
_REFUSAL = re.compile(
    r"\b(?:afslag|afslå\w*|afslog|afvis\w*|afviste|nægte\w*|(?:blev|bliver) (?:et |til et )?nej\b|"
    r"bliver ikke til (?:en |et |noget )?|ikke (?:er )?nødvendigt|ikke (?:er )?behov|"
    r"ikke (?:vil|ville)|vil ikke|ville ikke|ikke (?:har|havde) ret|ikke ret til|ikke (?:at )?forelægge|"
    r"ikke kan få|kan ikke få|ikke får|ikke må få|ikke opfyldt|"
    r"siger nej|sagde nej|sagt nej|ikke imødekom\w*|ikke (?:af)?holdes|ikke gives|ikke bevilges|tildeles ikke|"
    r"ikke tildeles|uden at (?:sagen )?(?:blev|er|var|bliver) forelagt|forelagde ikke|forelægger ikke|ikke behøver|"
    r"nedlagt|nedlægge\w*|"
    r"afgørelse[^.]{0,30}:\s*nej\b)",
    re.IGNORECASE,
)
_COURSE_REFUSED = re.compile(
    r"(?:afslag|nej) (?:på|til) (?:et |mit |hans |hendes )?(?:nyt )?ressourceforløb|ikke (?:at )?(?:vil )?bevilge (?:\w+ )?"
    r"(?:et )?(?:nyt )?ressourceforløb|ressourceforløb\w*[^.]{0,30}\b(?:afslået|afvist)|"
    r"ressourceforløb\w* (?:ikke længere kan bevilges|ikke kan bevilges)|"
    r"ikke længere (?:kan )?bevilges (?:nye )?ressourceforløb",
    re.IGNORECASE,
)
_DMY_ANY = re.compile(
    rf"{_DMY}|\b(\d{{1,2}})/(\d{{1,2}})-(\d{{2,4}})\b|\b(\d{{1,2}})\.(\d{{1,2}})\.(\d{{2}})\b", re.IGNORECASE
)


_DAY_MONTH = re.compile(
    rf"\b(\d{{1,2}})\.?\s+({_MONTH})\b(?!\s*\d)|\b(\d{{1,2}})/(\d{{1,2}})\b(?![-/\d])", re.IGNORECASE
)


def _dated_on(s: str, on: dt.date) -> bool:
    """`s` names the day `on`, with its year or without ("afgørelsen er fra 13/5", "12 september")."""
    if any(d == on for d, _ in _dates_in(s)):
        return True
    for m in _DAY_MONTH.finditer(s):
        day, month = (m.group(1), MONTHS.get(m.group(2).lower())) if m.group(1) else (m.group(3), int(m.group(4)))
        if month and int(day) == on.day and month == on.month:
            return True
    return False


def _dates_in(s: str) -> list[tuple[dt.date, str]]:
    """Every date written in `s`: "3. marts 2021", "03.03.2021", "10/12-25", "1.3.21"."""
    out = []
    for m in _DMY_ANY.finditer(s):
        g = m.groups()
        if g[0]:
            d = _date(g[0], g[1] or g[2], g[3])
        else:
            day, month, year = (g[4], g[5], g[6]) if g[4] else (g[7], g[8], g[9])
            y = int(year)
            d = _date(day, month, str(y + 2000 if y < 100 else y))
        if d:
            out.append((d, m.group(0)))
    return out


_FP_INSTEAD = re.compile(
    r"\b(?:overgå\w* til (?:behandling efter reglerne om )?førtidspension|(?:sendt|henvist|visiteret) (?:videre )?til "
    r"(?:behandling (?:efter reglerne )?om )?førtidspension|sag\w* (?:om )?førtidspension (?:skal )?(?:rejses|påbegyndes))",
    re.IGNORECASE,
)
# the length of the course decided: a number of years or months next to the course or the grant
_LEN = rf"(?:{_NUM}\s*år\s+og\s+{_NUM}\s*måneder|{_NUM}\s*(år|måneder))"
_GRANTED_LENGTH = re.compile(
    rf"(?:ressource)?forløb\w*\s+(?:på\s+|i\s+|af\s+)?(?:\w+\s+)?{_LEN}\b|"
    rf"\b(?:bevilget|bevilger|bevilgede|givet|fået|fik|tilkendt|visiteret|henvist)\s+(?:\w+\s+){{0,4}}?(?:i\s+|på\s+)?{_LEN}\b|"
    rf"\b{_NUM}[ -]år(?:igt|s)\s+(?:ressource)?forløb|"
    rf"\bafgørelse\w*\s+(?:af\s+|fra\s+)?[\d./-]+\s*[,:(]\s*{_LEN}\b|"
    rf"\b{_LEN}\s+frem\b|"
    rf"\b{_LEN}\s+(?:fra|med start|med virkning fra)\s+(?:den\s+)?(?:\d{{1,2}}[./]|(?:{'|'.join(MONTHS)})\b)",
    re.IGNORECASE,
)
# the granted length said of the course named just before ("Det er på 4 år!")
_LENGTH_ANAPHOR = re.compile(
    rf"^\s*(?:det|forløbet|det nye forløb|dette)\s+(?:er|var|bliver|skal vare|varer)\s+(?:\w+\s+)?(?:på\s+)?{_LEN}\b",
    re.IGNORECASE,
)
_RECEIVED = re.compile(
    r"\b(?:er|blev|bliver|er blevet|var blevet|har fået|fik|får|har modtaget|modtog)\s+(?:[\w.]+\s+){0,5}?"
    r"(?:bevilget|henvist|visiteret|tilkendt|afslag|nej\b|stoppet|forlænget|sendt|sat|placeret|pålagt|tilbudt|givet|brev|afgørelse\w*|"
    r"(?:et |mit |sit )?(?:nyt )?(?:ressource)?forløb)|\bskal (?:deltage |starte |begynde )?i (?:et )?(?:nyt )?"
    r"(?:ressource)?forløb|(?:mit|sit|hendes|hans) (?:\w+ )?(?:ressource)?forløb (?:stopper|slutter|ophører)",
    re.IGNORECASE,
)
# who decides: the municipality, its letter, or "de" in a citizen's letter
# a caseworker's note states its own decision without a subject ("Bevilget i dag med start ...")
_NOTE_DECISION = re.compile(r"^\s*(?:bevilget|visiteret|henvist|forlænget|afslag|stoppet)\b", re.IGNORECASE)
_DECIDER = re.compile(
    rf"{_NOTE_DECISION.pattern}|"
    r"\b(?:kommunen|kommune\b|jobcent\w*|sagsbehandler\w*|forvaltningen|afgørelse\w*|brev\w*|mail\w*|vi\b|"
    r"de(?=\s+(?:har|vil|ville|siger|sagde|skriver|skrev|mener|gav|giver|satte|sætter|stoppede|stopper|bestemte|"
    r"afviste|afviser|bevilgede|bevilger)\b))",
    re.IGNORECASE,
)
# "første" marks history only of a course ("det første forløb"), not "ved første opfølgning"
_HISTORY_WORDS = re.compile(
    r"\b(?:tidligere|første (?:ressource)?forløb|forrige|i sin tid|dengang|oprindelig\w*|sidste gang)\b",
    re.IGNORECASE,
)
# asking for something: a later refusal without an object ("Kommunen har afslået.") refuses it
_REQUEST = re.compile(r"\b(?:søgte|ansøgte|søgt|ansøgt|bad om|bedt om|anmodede|anmodet|ansøgning)\b", re.IGNORECASE)


_LEN_RE = re.compile(_LEN, re.IGNORECASE)
_YEARS_ADJ = re.compile(rf"\b{_NUM}[ -]år(?:igt|s)\b", re.IGNORECASE)


def _len_years(n: re.Match[str]) -> float:
    """Years of a `_LEN` match ("2 år og 6 måneder", "18 måneder", "3 år")."""
    if n.group(1):
        return _num(n.group(1)) + _num(n.group(2)) / 12
    value = _num(n.group(3))
    return value / 12 if n.group(4).lower().startswith("måned") else value


def _granted_years(sentence: str) -> tuple[float, str] | None:
    """The length of the course a decision grants ("et ressourceforløb på 2 år", "RF bev. 18 måneder")."""
    for m in _GRANTED_LENGTH.finditer(sentence):
        if re.search(r"\btidligere\b", sentence[max(0, m.start() - 40) : m.start()], re.IGNORECASE):
            continue
        words = m.group(0)
        if (n := _LEN_RE.search(words)) is not None:
            years = _len_years(n)
        elif (a := _YEARS_ADJ.search(words)) is not None:
            years = _num(a.group(1))
        else:
            continue
        if 0 < years <= 10:
            return years, words
    return None


def _decision(r: _Reader, body: str, on: dt.date | None) -> None:
    """The decision the complaint is about: a clause of the municipality's (or a passive one)
    that decides on the course, or refuses an effort a person in a course has a right to.

    A sentence dated on the decision date speaks of the decision under review; one dated only
    earlier speaks of the history; an undated one counts in between."""
    from assistant.language.clauses import clauses

    spans = sentences(body)
    talk_named = re.search(r"sundhedskoordinator", body, re.IGNORECASE) is not None
    found: list[tuple[int, str, str]] = []  # (rank, kind, words)
    for n, sent in enumerate(spans):
        dates = [d for d, _ in _dates_in(sent)]
        if on is not None and _dated_on(sent, on):
            rank = 3
        elif on is not None and dates and all(d < on for d in dates):
            rank = 0
        else:
            rank = 1
        previous = spans[n - 1] if n else ""
        # an effort refused: the refusal and the effort in one clause, or a dated refusal whose
        # object ("det") was named in the sentence before; never a refused ressourceforløb
        course_refused = _COURSE_REFUSED.search(sent)
        names_course = re.search(r"ressourceforløb", sent, re.IGNORECASE)
        # "kommunen har bestemt, at jeg skal fortsætte i praktikken, til samtalen har været":
        # the request for the talk before the offer goes on is refused
        if (
            _MUST_GO_ON.search(sent)
            and (_DECIDER.search(sent) or re.search(r"\bbestemt\b", sent, re.IGNORECASE))
            and (
                re.search(r"sundhedskoordinator", sent, re.IGNORECASE)
                or re.search(r"sundhedskoordinator", previous, re.I)
                # "til samtalen har været": the talk the text asked for earlier
                or (talk_named and re.search(r"\bsamtale", sent, re.I))
            )
        ):
            found.append((rank + 1, "afslag_sundhedskoordinator", sent))
        for c in clauses(sent):
            if not _REFUSAL.search(c.text) or course_refused:
                continue
            if re.search(r"ressourceforløb", c.text, re.IGNORECASE) and not any(
                t.search(c.text) for _, t in _EFFORT_TOPICS
            ):
                continue  # "vil ikke give ham et ressourceforløb, selv om teamet ..." refuses the course
            if c.subject == "citizen" and re.search(
                r"\b(?:ikke (?:vil|ville)|vil ikke|ville ikke|nægte\w*|sagde nej|siger nej)\b", c.text, re.IGNORECASE
            ):
                continue  # the citizen's own "nej" ("jeg ville ikke komme") refuses nothing of the municipality's
            for kind, topic in _EFFORT_TOPICS:
                here = topic.search(c.text)
                # "det" refers back only when this sentence names no course of its own
                asked = not names_course and topic.search(previous) and _REQUEST.search(previous)
                near = asked or (rank == 3 and (topic.search(sent) or (not names_course and topic.search(previous))))
                if here or near:
                    found.append((rank + 1, kind, c.text))
                    break
        # a decision on the course: the sentence names the course, a decider (or what the citizen
        # received) and a deciding verb; a sentence only of the team's or a doctor's is no decision
        course_asked = re.search(r"ressourceforløb", previous, re.IGNORECASE) and _REQUEST.search(previous)
        if (
            not re.search(r"ressourceforløb|(?<![a-zæøå])forløb", sent, re.IGNORECASE)
            and not _FP_INSTEAD.search(sent)
            and not (course_asked and _REFUSAL.search(sent))
            and not (_NOTE_DECISION.match(sent) and re.search(r"forløb", previous, re.IGNORECASE))
        ):
            continue
        parts = clauses(sent)
        received = any(_RECEIVED.search(c.text) and c.subject in ("citizen", None) for c in parts)
        decider = _DECIDER.search(sent) or received or any(c.subject == "municipality" for c in parts)
        only_advice = all(c.subject in ("team", "doctor") for c in parts if c.own_subject) and not _DECIDER.search(sent)
        if not decider or only_advice:
            continue
        if _HISTORY_WORDS.search(sent) and rank < 3:
            continue
        text = sent
        for k, c in enumerate(parts):
            own_stance = c.subject == "citizen" and not _RECEIVED.search(c.text)
            # "kommunen skrev, at jeg ikke kan få et ressourceforløb": the municipality's words
            told = (
                k > 0
                and re.match(r"(?i)\s*at\b", c.text) is not None
                and (
                    (parts[k - 1].subject == "municipality" and REPORTING.search(parts[k - 1].text) is not None)
                    or re.search(r"(?i)\b(?:der står|står der|der stod|stod der)\b", parts[k - 1].text) is not None
                    or re.search(
                        rf"(?i)\b(?:brev\w*|afgørelse\w*|mail\w*|svar\w*)\b{_NO_STOP}{{0,60}}\b(?:siger|skriver|står|lyder)\b",
                        " ".join(p.text for p in parts[:k]),  # "Brevet fra jobcentret, dateret ..., siger, at"
                    )
                    is not None
                )
            )
            if c.own_subject and (c.subject in ("team", "doctor", "other") or own_stance) and not told:
                text = text.replace(c.text, " ")  # what others did or the citizen wants is not the decision
        if _FP_INSTEAD.search(text):
            found.append((rank, "afslag", sent))
            continue
        modal = re.search(r"\b(?:kan|kunne|skal|skulle|bør|burde|må|ville|vil)\b", text, re.IGNORECASE)
        for kind, rx in _DECISION_VERBS:
            if (m := rx.search(text)) is not None:
                if kind == "ophør" and m.group(0).lower().startswith("forkort") and re.search(r"\bbevilg", text, re.I):
                    continue  # "bevilgede ... og forkortede dermed forløbet" grants a shorter course
                if kind == "afslag" and re.search(r"afslag på (?:\w+ )?førtidspension", text, re.IGNORECASE):
                    continue
                if (
                    modal is not None
                    and modal.group(0).lower() in ("ville", "vil")
                    and re.search(r"\bmen\b[^.]*\b(?:nej|afslog|afviste|ikke)\b", sent, re.IGNORECASE)
                ):
                    break  # "ville bevilge et nyt forløb, men borger sagde nej tak": an intention given up
                got = bool(_RECEIVED.search(text))
                found.append((rank if not modal or rank == 3 or got else min(rank, 0), kind, sent))
                break
    if not found:
        return
    best = max(found, key=lambda x: x[0])
    if "decision" in r.facts and best[0] < 3 and not best[1].startswith("afslag_"):
        if r.facts["decision"] != best[1] or "granted_years" in r.facts:
            return  # an earlier reading stands; the same decision read here may still give its length
    else:
        r.set("decision", best[1], best[2], override=True, confidence=0.9 if best[0] >= 3 else 0.7)
    if best[1] in ("bevilget", "forlænget"):
        # the length in the decision's sentence, or in the sentence dated on the decision date
        dated = [s for s in spans if on is not None and _dated_on(s, on)]
        for source in [best[2], *dated]:
            if (years := _granted_years(source)) is not None:
                r.set("granted_years", years[0], years[1], override=best[0] >= 3, confidence=0.8)
                break
        else:
            at = spans.index(best[2])
            for follow in spans[at + 1 : at + 3]:
                if (said := _LENGTH_ANAPHOR.search(follow)) and (length := _LEN_RE.search(said.group(0))):
                    if 0 < (named := _len_years(length)) <= 10:
                        r.set("granted_years", named, said.group(0).strip(), confidence=0.8)
                    break
    if (
        best[1] in ("bevilget", "forlænget")
        and re.search(r"\b(?:nyt|endnu et|andet|tredje|igen|fornyet)\b", best[2], re.IGNORECASE)
        and not r.facts.get("previous_courses")
    ):
        r.set("previous_courses", 1, best[2], override=True, confidence=0.8)


# --- findings stated in other words than the seeds use ---------------------------------------

_UNDISPUTED = re.compile(
    r"\b(?:ikke (?:omtvistet|bestridt|anfægtet|i strid|uenig\w*|bestrider|anfægter)|bestrides ikke|bestrider ikke|"
    r"er enig\w* i|"
    r"ingen (?:uenighed|indsigelser?) (?:om|mod)|anerkender|er ikke tvivl om)\b",
    re.IGNORECASE,
)
_NOT_FIXED = re.compile(
    r"\b(?:ikke (?:er )?fastsat (?:en |nogen )?(?:præcis |konkret |bestemt )?(?:varighed|slutdato|længde|periode)|"
    r"indtil (?:din |hans |hendes |borgers |min )?arbejdsevne\w* er afklaret|varigheden (?:fastsættes|aftales|afklares) "
    r"(?:senere|ved|når|efter)|"
    r"uden (?:angivelse af |at fastsætte )?(?:en |dets |dens |forløbets )?(?:længde|varighed|slutdato)|indtil (?:arbejdsevnen er afklaret|"
    r"videre)|foreløbig\w*|løbende revurder\w*|varigheden (?:fastsættes|aftales) senere|ingen slutdato|"
    r"åben slutdato|på ubestemt tid|(?:af |på )op til \d+ års? varighed|"
    r"ikke (?:\w+ ){0,3}angivet (?:en |nogen )?(?:slutdato|varighed|længde)|længde\w* (?:\w+ )?løbende (?:vil blive )?vurderet)",
    re.IGNORECASE,
)
_IN_COURSE = re.compile(
    r"\b(?:er|har været|var|startede|startet|begyndte|kom)\s+(?:\w+\s+){0,3}?i\s+(?:et\s+)?(?:igangværende\s+)?"
    r"ressourceforløb(?!\w)|i gang med (?:et |sit |mit )?ressourceforløb|igangværende (?:ressource)?forløb|"
    r"(?:mit|sit|hendes|hans|borgers|borgerens) (?:nuværende )?ressourceforløb|"
    r"\b(?:borger(?:en|e)?|personen|en person|personer) (?:der er )?i (?:et )?(?:igangværende )?ressourceforløb(?!\w)",
    re.IGNORECASE,
)
_DISREGARDS = re.compile(
    r"(?:ikke )?(?:tager|tog) (?:ikke )?(?:tilstrækkeligt |nok |noget )?hensyn til (?:mit|min|mine|hendes|hans|personens|"
    r"borger\w*)\s+\w+|(?:ikke )?(?:tager|tog) (?:ikke )?(?:tilstrækkeligt |nok )?hensyn til (?:ryggen|helbredet|knæene|"
    r"hofte\w*|skuldr\w*)|passer ikke til (?:mit|min|hendes|hans) (?:helbred|ryg|sygdom)|strider mod (?:\w+ )?skånehensyn\w*|"
    r"kan (?:\w+ ){0,2}ikke holde til|for hårdt (?:for|til) (?:min|mit|hendes|hans)",
    re.IGNORECASE,
)
_TREATMENT = re.compile(
    r"\b(?:anbefal\w* (?:\w+ ){0,3}(?:behandling|psykolog\w*|gruppeforløb|medicin\w*|terapi|operation|genoptræning)|"
    r"(?:lige |netop )?(?:startet|begyndt) (?:på|i) (?:\w+ )?(?:medicin\w*|behandling|terapi)|"
    r"venteliste til (?:\w+ )?(?:behandling|smerteklinik|smertecenter|operation)|"
    r"henvis\w* til (?:\w+ ){0,2}(?:smerteklinik|smertecenter|smertehold|psykiatri\w*|behandling|psykolog\w*|genoptræning)|"
    r"(?:ikke|endnu ikke) (?:færdig)?behandlet|kan optimeres|vil hjælpe|kan hjælpe|forventes (?:at )?(?:\w+ )?bedring|"
    r"(?:god|rimelig) grund til at tro|behandlingen er ikke afsluttet|"
    r"(?:startede|begyndte|er startet|er begyndt|går) (?:på|i|til) (?:\w+ )?(?:medicin\w*|behandling|terapi|psykolog\w*)|"
    r"forvent\w* (?:at )?(?:\w+ ){0,5}(?:kan |vil )?(?:bedres|forbedres|blive bedre|bedring)|"
    r"(?:kan|vil|kunne) (?:få det|blive) bedre (?:med|af|ved|gennem) (?:\w+ )?(?:behandling|medicin|træning|terapi))",
    re.IGNORECASE,
)
_NO_TREATMENT = re.compile(
    r"\b(?:ingen|ikke (?:\w+ )?(?:yderligere|flere|andre)) (?:\w+ )?(?:behandlings|genoptrænings|trænings)mulighed\w*|"
    r"ingen behandling kan|"
    r"behandlingsmulighederne er udtømt|udtømt(?:e)? (?:alle )?behandling|al (?:relevant )?behandling er (?:forsøgt|"
    r"afprøvet|udtømt|prøvet)|ikke (?:kan )?forvente\w* (?:nogen |yderligere |væsentlig )?bedring|ingen udsigt til bedring|"
    r"forvente\w* ingen (?:yderligere |væsentlig )?bedring|"
    r"ikke (?:findes|er|eksisterer) (?:\w+ )?behandling,? (?:som|der) kan (?:\w+ (?:eller|og) )?(?:bedre|forbedre|standse|"
    r"bremse)",
    re.IGNORECASE,
)
_PERMANENT = re.compile(
    r"\b(?:kronisk\w*|varig\w*|permanent\w*|fremadskridende|progredierende|progressiv\w*|stationær\w*|"
    r"uhelbredelig\w*|forværres|forværr\w*|blive værre|irreversib\w*|terminal\w*)",
    re.IGNORECASE,
)
_NOT_COMPLEX = re.compile(
    r"\b(?:ingen (?:andre )?(?:sygdomme|helbredsproblemer|helbredsmæssige problemer|sociale problemer|problemer)|"
    r"ingen (?:\w+ (?:eller|og) )?(?:psykiske|sociale|helbredsmæssige) (?:eller \w+ )?problemer|"
    r"ikke oplysninger om (?:\w+ ){0,2}(?:sociale|psykiske|helbredsmæssige) (?:\w+ )?problemer|"
    r"kan arbejde (?:på )?fuld tid|kan arbejde \d+ timer|"
    r"ikke (?:har )?(?:nogen |andre )?(?:sygdomme|helbredsproblemer|problemer) (?:ud over|udover|med)|kun (?:er )?ledig|"
    r"godt kan arbejde|kan sagtens arbejde|er fuldt arbejdsdygtig|klarer mig fint)",
    re.IGNORECASE,
)
_IMMATERIAL = re.compile(
    r"\b(?:ingen ændringer siden|uændrede? (?:tilstand|helbred\w*)|peger ikke på (?:\w+ ){0,3}oplysninger|"
    r"ikke (?:\w+ )?peget på (?:\w+ ){0,3}(?:helbreds)?oplysninger|ikke (?:noget|nogen) nyt|"
    r"intet nyt|har ikke oplyst noget nyt|oplyste ikke noget nyt|de samme oplysninger|(?:blev|er) (?:alt sammen )?"
    r"gennemgået (?:på|ved) mødet|(?:står|fremgår) (?:\w+ )?(?:i|af) indstillingen|(?:fortalte|oplyste) selv om|"
    r"(?:ikke|ingen) (?:\w+ ){0,2}pege på noget,? (?:der|som) mangler|bygger på de (?:nye|aktuelle|samme) oplysninger|"
    r"indgik (?:\w+ ){0,2}i (?:materialet|grundlaget|(?:\w+ ){0,3}vurdering\w*)|"
    r"(?:angiver|anfører|oplyser|nævner) ikke,? hvilke (?:\w+ )?oplysninger|drøftet på mødet)",
    re.IGNORECASE,
)
_QUALITY_ONLY = re.compile(
    r"\bfor at (?:øge|forbedre|højne|styrke) (?:\w+ )?livskvalitet\w*|"
    r"\b(?:intet|ikke noget|ingenting) (?:\w+ )?(?:med|at gøre med) (?:arbejde|job|beskæftigelse)\w*(?: at gøre)?",
    re.IGNORECASE,
)
_LAE265_DATE = re.compile(rf"LÆ\s?265\W+(?:\w+\s+){{0,2}}?(?:fra|af|dateret)\s+(?:den\s+)?{_POINT}", re.IGNORECASE)
_RECENT_STATEMENT = re.compile(
    r"\b(?:statusattest|lægeattest|lægeerklæring|speciallægeerklæring|(?:erklæring|udtalelse|notat)\s+fra\s+"
    r"(?:\w+\s+){0,2}?(?:\w*psykiatri\w*|speciallæge\w*|læge\w*|psykiater\w*))\b[^.]{0,30}?\b(?:af|fra|dateret)\s+(?:den\s+)?"
    + _POINT,
    re.IGNORECASE,
)
_PREP_OLD = re.compile(
    rf"(?:forberedende del\w*|rehabiliteringsplan\w*){_NO_STOP}{{0,80}}?(?:ikke (?:var |er |blevet )*(?:opdateret|ajourført|revideret|lavet om|ændret|"
    r"rettet)|er fra "
    r"(?:\w+\.? )?(?:19|20)\d\d)|(?:ikke|aldrig) (?:\w+ ){0,3}opdateret (?:\w+ ){0,3}forberedende del",
    re.IGNORECASE,
)


def _findings(r: _Reader, s: str, on: dt.date | None) -> None:
    """Findings of the case information, the perspective and the target group, in many phrasings."""
    if (m := _UNDISPUTED.search(s)) and not _negated(s, m.start(), 10):
        clause = s[m.start() - min(m.start(), 120) : m.end() + 120]
        if re.search(r"målgruppe", clause, re.IGNORECASE):
            r.set("target_group_undisputed", True, clause)
        if re.search(r"udviklingsperspektiv|arbejdsevne\w* kan (?:udvikles|forbedres)", clause, re.IGNORECASE):
            r.set("perspective_undisputed", True, clause)
    if m := _NOT_FIXED.search(s):
        r.set("duration_fixed", False, m.group(0))
    if m := _IN_COURSE.search(s):
        # "har været i ressourceforløb i 5 år i alt": the time in earlier courses, not a course now
        history = re.match(r"(?i)har været\b", m.group(0)) and re.search(r"\bi alt\b", s[m.end() : m.end() + 40])
        if not _negated(s, m.start(), 25) and not history:
            r.set("in_course", True, m.group(0), confidence=0.8)
    if m := _DISREGARDS.search(s):
        takes = re.search(r"\btager\b", m.group(0), re.IGNORECASE)
        if not takes or re.search(r"\bikke\b", s[max(0, m.start() - 30) : m.end()], re.IGNORECASE):
            r.set("offer_disregards_health", True, m.group(0))
    if (m := _TREATMENT.search(s)) and not _NO_TREATMENT.search(s):
        r.set("treatment_options", True, m.group(0), confidence=0.8)
    if m := _NO_TREATMENT.search(s):
        r.set("treatment_options", False, m.group(0), override=True)
        if p := _PERMANENT.search(s):
            r.set("no_improvement_possible", True, quote(m.group(0), p.group(0)))
        elif re.search(r"bedring|bedre|forbedre", s[m.start() : m.end() + 60], re.IGNORECASE):
            # "der kan ikke forventes yderligere bedring": no improvement is possible, said outright
            r.set("no_improvement_possible", True, m.group(0))
    elif (p := _PERMANENT.search(s)) and r.facts.get("treatment_options") is False:
        r.set("no_improvement_possible", True, quote(r.words("treatment_options"), p.group(0)))
    if (m := _NOT_COMPLEX.search(s)) and not re.search(r"\bmen\b", s[m.end() : m.end() + 40], re.IGNORECASE):
        r.set("complex_problems", False, m.group(0), confidence=0.7)
    if m := _IMMATERIAL.search(s):
        r.set("defect_immaterial", True, m.group(0), confidence=0.7)
    if (m := _QUALITY_ONLY.search(s)) and not re.search(
        r"praktik|job|arbejde|beskæftigelse", s[: m.start()] + s[m.end() :], re.IGNORECASE
    ):
        r.set("only_quality_of_life", True, m.group(0), confidence=0.7)
    if (m := _LAE265_DATE.search(s)) and on is not None:
        point = _point(m.group(1), m.group(2), m.group(3), False)
        if point is not None and (on - point[0]).days > 366:
            r.set("lae265_current", False, m.group(0), confidence=0.7, note="LÆ 265 er over et år gammel")
    if m := _PREP_OLD.search(s):
        r.set("preparatory_part_current", False, m.group(0))
    if on is not None and "defect_immaterial" not in r.facts and "specialist_info_missing" not in r.facts:
        # PM 24-20: an old LÆ 265 does not matter when the same health information came in
        # otherwise (a statement from the doctor or psychiatry from the last year)
        for m in _RECENT_STATEMENT.finditer(s):
            point = _point(m.group(1), m.group(2), m.group(3), False)
            if point is not None and 0 <= (on - point[0]).days <= 366:
                r.set(
                    "defect_immaterial",
                    True,
                    m.group(0),
                    confidence=0.6,
                    note="aktuelle helbredsoplysninger er inddraget på anden måde (PM 24-20)",
                )
                break


_EFFORT_WORDS = re.compile(
    r"servicelov\w*|sundhedslov\w*|behandling|praktik|tilbud|indsats\w*|mentor|forløb efter|"
    r"(?:gen)?træning\w*|bostøtte|støttekontaktperson|psykolog\w*|kursus|hold(?:et)?\b",
    re.IGNORECASE,
)
_NO_EFFORT = re.compile(
    r"\b(?:ikke (?:\w+ ){0,2}(?:startet|begyndt|påbegyndt|kommet i gang|fået)|ingen (?:af delene|tilbud|indsats\w*)|"
    r"sker ingenting|er intet sket|ikke sket noget|intet er sket|blev ikke til noget|aldrig (?:\w+ )?kommet i gang|"
    r"aldrig (?:\w+ )?(?:startet|påbegyndt|begyndt)|intet (?:tilbud|indsats)|"
    r"ikke (?:\w+ ){0,2}været i (?:praktik|løntilskud|tilbud|behandling)|"
    r"(?:kun|alene) (?:deltaget i|været til|haft|været afholdt|afholdt) (?:\w+ ){0,2}samtaler)",
    re.IGNORECASE,
)


# an effort's start named by its month alone ("fra december", "i starten af maj")
_MONTH_ONLY = re.compile(
    rf"\b(?:fra|siden|startede i|begyndte i|i starten af|i begyndelsen af|primo)\s+({'|'.join(MONTHS)})\b(?!\s*\d)",
    re.IGNORECASE,
)


def _month_after(month: int, start: dt.date, on: dt.date | None) -> dt.date | None:
    """The first day of `month` in the first year that puts it at or after the course's start
    month, if it is not after the decision."""
    year = start.year if month >= start.month else start.year + 1
    d = dt.date(year, month, 1)
    return d if on is None or d <= on else None


def _no_effort_seen(body: str, start: dt.date) -> tuple[dt.date, str] | None:
    """A dated observation after the start that no effort had begun ("Ved opfølgningen 15.
    september 2024 havde hun ikke været i praktik"): the day and the words."""
    for s in sentences(body):
        if (none := _NO_EFFORT.search(s)) is None:
            continue
        later = [(d, w) for d, w in _dates_in(s) if d > start]
        if later:
            return later[-1][0], f"{later[-1][1]} … {none.group(0)}"
    return None


def _effort_timing(r: _Reader, body: str, on: dt.date | None) -> None:
    """Months from the course's start to its first effort (or to the decision, when none began)."""
    if "months_without_offer" in r.facts:
        return
    started = isinstance(r.facts.get("course_start"), dt.date)
    if not (str(r.facts.get("decision", "")).startswith("afslag_") or r.facts.get("in_course") or started):
        return  # only a running (or begun) course has months without an effort
    start = r.facts.get("course_start")
    start_words = ""
    if not isinstance(start, dt.date):
        for s in sentences(body):
            m = _PERIOD.search(s)
            if m and re.search(
                r"(?:ressourceforløb|(?<![a-zæøå])forløb)\W+(?:\w+\W+){0,3}$", s[: m.start()], re.IGNORECASE
            ):
                points = _period_points(m)
                if points is not None:
                    start, start_words = points[0][0], m.group(0)
                    break
            for d, words in _dates_in(s):
                if re.search(
                    r"(?:start\w*|begynd\w*|påbegynd\w*|siden|kom\b[^.]{0,20}\bi)[^.]{0,40}$",
                    s[: s.find(words)],
                    re.IGNORECASE,
                ) and re.search(r"ressourceforløb", s, re.IGNORECASE):
                    start, start_words = d, words
                    break
            if isinstance(start, dt.date):
                break
        if isinstance(start, dt.date):
            r.set("course_start", start, start_words, confidence=0.7)
    if not isinstance(start, dt.date):
        return
    first: dt.date | None = None
    for s in sentences(body):
        for d, words in _dates_in(s):
            before = s[: s.find(words)]
            if (
                d > start
                and re.search(r"(?:påbegynd\w*|start\w*|begynd\w*|fra)\s*(?:den\s*)?$", before, re.IGNORECASE)
                and _EFFORT_WORDS.search(s)
                and not re.search(r"ressourceforløb", before[-60:], re.IGNORECASE)
            ):
                first = d if first is None or d < first else first
        if _EFFORT_WORDS.search(s) and not re.search(r"ressourceforløb", s, re.IGNORECASE):
            for m in _MONTH_ONLY.finditer(s):
                named = _month_after(MONTHS[m.group(1).lower()], start, on)
                if named is not None and (first is None or named < first):
                    first = named
    if first is not None:
        months = round(((first - start).days) / 30.44, 1)
        r.set("months_without_offer", months, f"indsats påbegyndt {first.isoformat()}", confidence=0.7)
    elif (seen := _no_effort_seen(body, start)) is not None:
        # "pr. 15.09.2023 intet tilbud påbegyndt": the months up to the day it was observed
        day, words = seen
        r.set("months_without_offer", round((day - start).days / 30.44, 1), words, confidence=0.7)
    elif on is not None and (none := _NO_EFFORT.search(body)):
        months = round(((on - start).days) / 30.44, 1)
        r.set(
            "months_without_offer",
            months,
            none.group(0),
            confidence=0.7,
            note="ingen indsats påbegyndt fra forløbets start til afgørelsen",
        )

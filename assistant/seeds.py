"""Build the source corpus (`corpus/`) from the seed texts (`../shared/seeds`).

    python -m assistant.seeds [--seeds DIR] [--out DIR]

The builder parses the seeds with code (paragraphs, `§`, `Stk.`, numbered items,
`Sag N.`, principmeddelelse numbers, section headings) and writes one Markdown unit
file per citable passage (see `assistant.units`). Nothing of the law's wording is
written here: only facts that are not in the seeds (law-status.md: dates, pension
ages), titles and the letterhead lines to leave out are data in this module.

Time versions of LAB chapter 19 are derived from the amendment law L 1160/2021 § 1
(quoted in the same seed): units inserted or changed by it apply from its entry into
force (parsed from its § 6), and the wording before that date is rebuilt by applying
its amendments in reverse.

The output is deterministic: the same seeds give byte-identical files, and unit files
left over from an earlier run in the builder's folders are removed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import math
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .units import Unit, write_unit

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SEEDS = REPO.parent / "shared" / "seeds"
DEFAULT_OUT = REPO / "corpus"

# Folders under the corpus directory that this builder owns (and cleans).
FOLDERS = ("lab", "l-1160-2021", "pm", "praksisnotat-2022", "sager", "dokumenter", "summaries")

# --- facts that are not in the seeds (../shared/spec/law-status.md) -----------------

RESSOURCEFORLOEB_FROM = dt.date(2013, 1, 1)  # fleksjob- og førtidspensionsreformen
NEW_CASES_UNTIL = dt.date(2026, 1, 31)  # last day before L 1750/2025 (date unconfirmed)
L1750_REF = "L 1750/2025"
COMPLAINT_SUMMARY = (
    "Resumé (ikke lovens ordlyd): Er man uenig i kommunens afgørelse om ressourceforløb, kan man klage. "
    "Klagefristen er 4 uger fra den dag, man fik afgørelsen. Klagen sendes til kommunen, som har truffet "
    "afgørelsen. Kommunen skal genvurdere sagen, og fastholder kommunen afgørelsen, sender den klagen videre "
    "til Ankestyrelsen, som træffer afgørelse i klagesagen. Ankestyrelsen kan stadfæste, ændre eller "
    "ophæve afgørelsen eller hjemvise sagen til fornyet behandling i kommunen. Klagevejledningen i "
    "afgørelsen fortæller, hvordan man klager."
)
L1750_FROM = dt.date(2026, 2, 1)
L1750_DATE = dt.date(2025, 12, 29)
LAB_DATE = dt.date(2019, 5, 7)
NOTE_DATE = dt.date(2022, 3, 10)  # temamødet den 10. marts 2022

LAB_URL = "https://www.retsinformation.dk/eli/lta/2019/548"
L1160_URL = "https://www.retsinformation.dk/eli/lta/2021/1160"
L1750_URL = "https://www.retsinformation.dk/eli/lta/2025/1750"

LAW_STATUS_SOURCE = "spec/law-status.md"
LAW_STATUS_TITLE = "Lovstatus efter kildedokumenterne (kontrolleret mod offentlige kilder, november 2026)"

NOTE_L1750 = (
    "Ved L 1750/2025 kan ressourceforløb ikke længere bevilges til nye borgere fra 1. februar 2026 "
    "(datoen er ikke bekræftet mod lovteksten); igangværende ressourceforløb fortsætter efter det "
    "tidligere gældende kapitel 19."
)

# Folkepensionsalder (LSP § 1 a) by date of birth: (born from, born to, age in half years).
PENSION_AGES: list[tuple[dt.date | None, dt.date | None, int]] = [
    (None, dt.date(1953, 12, 31), 130),
    (dt.date(1954, 1, 1), dt.date(1954, 6, 30), 131),
    (dt.date(1954, 7, 1), dt.date(1954, 12, 31), 132),
    (dt.date(1955, 1, 1), dt.date(1955, 6, 30), 133),
    (dt.date(1955, 7, 1), dt.date(1962, 12, 31), 134),
    (dt.date(1963, 1, 1), dt.date(1966, 12, 31), 136),
    (dt.date(1967, 1, 1), dt.date(1970, 12, 31), 138),
    (dt.date(1971, 1, 1), None, 140),
]
PENSION_70_NOTE = "vedtaget 22. maj 2025 ved lovforslag L 149, folketingsåret 2024-25"

MONTHS = {
    m: i
    for i, m in enumerate(
        "januar februar marts april maj juni juli august september oktober november december".split(), 1
    )
}

# --- titles (metadata, not law text) ---------------------------------------------

LAB_TITLES = {
    "LAB § 43": "Rehabiliteringsplanens forberedende del og indsatsdel",
    "LAB § 44, stk. 1": "Indholdet af rehabiliteringsplanens forberedende del",
    "LAB § 44, stk. 1, nr. 1": "Forberedende del: job- og uddannelsesmål",
    "LAB § 44, stk. 1, nr. 2": "Forberedende del: ressourcer og udfordringer",
    "LAB § 44, stk. 1, nr. 3": "Forberedende del: den praktiserende læges vurdering",
    "LAB § 44, stk. 2": "Forberedende del udarbejdes i samarbejde med personen",
    "LAB § 44, stk. 3": "Hvem udarbejder den forberedende del",
    "LAB § 112, stk. 1": "Målgruppen for ressourceforløb",
    "LAB § 112, stk. 1, nr. 1": "Betingelse: længerevarende offentlig forsørgelse",
    "LAB § 112, stk. 1, nr. 2": "Betingelse: tilbud eller revalidering uden øget tilknytning til arbejdsmarkedet",
    "LAB § 112, stk. 1, nr. 3": "Betingelse: behov for længerevarende indsats før et beskæftigelsesmål",
    "LAB § 112, stk. 2": "Udviklingsperspektiv i forhold til arbejdsevnen",
    "LAB § 112, stk. 3": "Mindre end 6 år til folkepensionsalderen",
    "LAB § 113, stk. 1": "Indholdet af et ressourceforløb",
    "LAB § 113, stk. 2": "Forelæggelse for rehabiliteringsteamet, når der ikke er begyndt en indsats inden 6 måneder",
    "LAB § 113, stk. 2@old": "Beslutning om fremadrettede indsatser inden forløbets afslutning",
    "LAB § 113, stk. 3": "Ret til samtale med sundhedskoordinator om et beskæftigelsesrettet tilbud",
    "LAB § 113, stk. 4": "Beslutning om fremadrettede indsatser inden forløbets afslutning",
    "LAB § 113 a": "Ret til en personlig jobformidler",
    "LAB § 114, stk. 1": "Varighed: mindst 1 og højst 3 år",
    "LAB § 114, stk. 1@old": "Varighed: mindst 1 og højst 5 år",
    "LAB § 114, stk. 2": "Flere på hinanden følgende ressourceforløb",
    "LAB § 114, stk. 3": "Personer mellem 40 og 50 år: højst 5 år i ressourceforløb samlet",
    "LAB § 114, stk. 3@old": "Personer over 40 år: flere ressourceforløb kun efter eget ønske",
    "LAB § 114, stk. 4": "Personer over 50 år: flere ressourceforløb kun efter eget ønske",
    "LAB § 115 a, stk. 1": "Bemyndigelse: regler om forelæggelse for rehabiliteringsteamet",
    "LAB § 115 a, stk. 2": "Bemyndigelse: regler om samtale med sundhedskoordinator",
}

L1160_TITLES = {
    "L 1160/2021": "Lov om Bedre ressourceforløb m.v. (lovens titel)",
    "L 1160/2021 § 1": "Ændringer i lov om en aktiv beskæftigelsesindsats (indledning)",
    "L 1160/2021 § 1, nr. 1": "Indsætter LAB § 112, stk. 3 om 6 år til folkepensionsalderen",
    "L 1160/2021 § 1, nr. 2": "Indsætter LAB § 113, stk. 2 og 3 om forelæggelse og sundhedskoordinator",
    "L 1160/2021 § 1, nr. 3": "Indsætter LAB § 113 a om personlig jobformidler",
    "L 1160/2021 § 1, nr. 4": "Ændrer den maksimale varighed i LAB § 114, stk. 1 fra 5 til 3 år",
    "L 1160/2021 § 1, nr. 5": "Indsætter LAB § 114, stk. 3 om personer mellem 40 og 50 år",
    "L 1160/2021 § 1, nr. 6": "Ændrer aldersgrænsen i LAB § 114, stk. 4 fra 40 til 50 år",
    "L 1160/2021 § 1, nr. 7": "Indsætter LAB § 115 a om bemyndigelse",
    "L 1160/2021 § 1, nr. 8": "Ændring af LAB § 195 (refusion)",
    "L 1160/2021 § 1, nr. 9": "Ændring af LAB § 197, nr. 1 (refusion)",
    "L 1160/2021 § 6, stk. 1": "Ikrafttræden 1. juli 2021",
    "L 1160/2021 § 6, stk. 2": "Ikrafttræden 1. januar 2022 for §§ 1 og 2 og § 3, nr. 2",
    "L 1160/2021 § 7, stk. 1": "Overgang: vejledning om jobformidler senest 1. maj 2022",
    "L 1160/2021 § 7, stk. 2": "Overgang: forelæggelse, hvis der ikke er begyndt en indsats senest 1. juli 2022",
    "L 1160/2021 § 7, stk. 3": "Overgang: forløb på mere end 3 år begyndt før 2022 fortsætter",
    "L 1160/2021 § 7, stk. 4": "Overgang: 6 år til folkepensionsalderen for forløb, der begynder 1. januar 2022 eller senere",
    "L 1160/2021 § 7, stk. 5": "Overgang: højst 3 år for forløb, der begynder 1. januar 2022 eller senere",
    "L 1160/2021 § 7, stk. 6": "Overgang: refusion for personer omfattet af LAB § 6, nr. 8",
}

PM_TITLES = {
    "PM 24-14": "Målgruppen for ressourceforløb",
    "PM 1-15": "Tværfaglig indsats som betingelse for ressourceforløb",
    "PM 82-16": "Varighed, flere ressourceforløb efter hinanden og borgere over 40 år",
    "PM 42-17": "Indsatsen i et ressourceforløb skal være tværfaglig og sammenhængende",
    "PM 58-18": "Betingelserne for ressourceforløb og førtidspension efter lovændringen 1. juni 2018",
    "PM 24-20": "Retlig mangel ved manglende forberedende del eller LÆ 265; væsentlighedsvurdering",
}

SECTION_TITLES = {
    "Indhold": "Praksisnotatets forside, grundlag og indholdsfortegnelse",
}

SOURCE_TITLE_NOTE = "Praksisnotat om ressourceforløb (temamøde uge 10, 2022)"
SOURCE_TITLE_LAB = "Lov om en aktiv beskæftigelsesindsats (lov nr. 548 af 7. maj 2019 som ændret), gengivet i " + SOURCE_TITLE_NOTE
SOURCE_TITLE_L1160 = "Lov nr. 1160 af 8. juni 2021 (Bedre ressourceforløb m.v.), gengivet i " + SOURCE_TITLE_NOTE


@dataclass(frozen=True)
class DocSpec:
    prefix: str
    ref: str
    kind: str
    title: str
    source_title: str
    noise: tuple[str, ...]  # regexes for whole lines that are letterhead, not content


_KK_LETTERHEAD = (
    r"\**Direktionen",
    r"Bernstorffsgade 17",
    r"1577 København V",
    r"Telefon",
    r"3366 3366",
    r"www\.kk\.dk",
    r"Direktionen Beskæftigelses- og Integrationsforvaltningen",
    r"Beskæftigelses- og Integrationsforvaltningen\*\*",
)

DOCS = (
    DocSpec(
        "000",
        "BIF 2020-06-10",
        "svar",
        "Afslag på ressourceforløb på det foreliggende grundlag",
        "Københavns Kommune, Beskæftigelses- og Integrationsforvaltningen: svar af 10. juni 2020 "
        "om afslag på ressourceforløb på det foreliggende grundlag",
        _KK_LETTERHEAD,
    ),
    DocSpec(
        "002",
        "Ankestyrelsen 2020-11-17",
        "rapport",
        "Kommuner følger reglerne i de fleste sager om fleksjob og ressourceforløb",
        "Ankestyrelsen: nyhed af 17. november 2020 om undersøgelse af 10 kommuners sager om fleksjob "
        "og ressourceforløb",
        (
            r"Gå til indhold",
            r"Ring: .*",
            r"Adresse: .*",
            r"Mail: .*",
            r"Sikker mail: .*",
            r"Tilgængelighedserklæring",
        ),
    ),
    DocSpec(
        "003",
        "BM 2015-11-20",
        "svar",
        "Indsatsen i ressourceforløb (svar på spørgsmål nr. 40)",
        "Beskæftigelsesministeriet: svar af 20. november 2015 på Beskæftigelsesudvalgets spørgsmål nr. 40 "
        "(BEU alm. del) om indholdet af ressourceforløb",
        (
            r"Christiansborg",
            r"1240 København K",
            r"Ved Stranden 8",
            r"1061 København K",
            r"T \d\d \d\d \d\d \d\d",
            r"E \S+@\S+",
            r"www\.bm\.dk",
            r"CVR \d+",
            r"EAN \d+",
        ),
    ),
    DocSpec(
        "004",
        "BIF 2023-05-12",
        "svar",
        "Udskudte sager i rehabiliteringsteamet og borgere med ME/CFS",
        "Københavns Kommune, Beskæftigelses- og Integrationsforvaltningen: svar af 12. maj 2023 om "
        "udskudte sager i rehabiliteringsteamet og borgere med ME/CFS",
        _KK_LETTERHEAD,
    ),
)

PART_LIMIT = 2500  # characters; longer documents are split at paragraph boundaries


class SeedError(ValueError):
    """The seed text does not have the structure the builder expects."""


# --- text helpers --------------------------------------------------------------

_TERMINAL = ".:;!?»«\"”)"
_INLINE_STK = re.compile(r"[ \t]*\*Stk\. (\d+)\.\*[ \t]*")
_ABBREV = ("bl.a.", "f.eks.", "jf.", "m.v.", "mv.", "nr.", "stk.", "pkt.", "ca.", "pct.", "evt.", "dvs.", "m.m.", "d.")


def paragraphs(text: str) -> list[str]:
    """Blank-line separated paragraphs; an inline `*Stk. N.*` starts a new paragraph."""
    text = text.replace("\r\n", "\n")
    text = _INLINE_STK.sub(lambda m: f"\n\nStk. {m.group(1)}. ", text)
    out = []
    for block in re.split(r"\n[ \t]*\n", text):
        block = "\n".join(line.rstrip() for line in block.strip().split("\n"))
        if block:
            out.append(block)
    return out


def join_page_breaks(paras: list[str]) -> tuple[list[str], int]:
    """Join a paragraph cut by a page break (no closing punctuation, next starts in lower case)."""
    out: list[str] = []
    joined = 0
    for p in paras:
        if out and out[-1][-1] not in _TERMINAL and re.match(r"[a-zæøå]", p):
            out[-1] = out[-1] + " " + p
            joined += 1
        else:
            out.append(p)
    return out, joined


def first_sentence(s: str) -> str:
    for m in re.finditer(r"[.!?](?=\s|$)", s):
        before = s[: m.end()]
        low = before.lower()
        if any(low.endswith(" " + a) or low == a for a in _ABBREV):
            continue
        if re.search(r"(?:^|\s)\d+\.$", before):
            continue
        return before
    return s


def slug(s: str) -> str:
    s = s.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


def parse_danish_date(s: str) -> dt.date:
    m = re.search(r"(\d{1,2})\. ([a-zæøå]+) (\d{4})", s)
    if not m or m.group(2) not in MONTHS:
        raise SeedError(f"ingen dansk dato i {s!r}")
    return dt.date(int(m.group(3)), MONTHS[m.group(2)], int(m.group(1)))


def find_seed(seeds: Path, prefix: str) -> Path:
    found = sorted(seeds.glob(f"{prefix}_*.txt"))
    if len(found) != 1:
        raise SeedError(f"forventede én seed {prefix}_*.txt i {seeds}, fandt {len(found)}")
    return found[0]


# --- law text -------------------------------------------------------------------

_PARA_RE = re.compile(r"^»?§ (?P<p>\d+(?: [a-z])?)\. ")
_STK_RE = re.compile(r"^»?Stk\. (?P<s>\d+)\. ")
_ITEM_RE = re.compile(r"^(?:- )?(?P<n>\d+)\) ")


@dataclass
class Stk:
    para: str
    number: int
    paras: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n\n".join(self.paras)

    def items(self) -> list[tuple[int, str]]:
        items: list[list] = []
        for p in self.paras:
            for line in p.split("\n"):
                if m := _ITEM_RE.match(line):
                    items.append([int(m.group("n")), re.sub(r"^- ", "", line)])
                elif items and p.startswith("- "):
                    items[-1][1] += " " + line.strip()
        nums = [n for n, _ in items]
        if nums and nums != list(range(1, len(nums) + 1)):
            raise SeedError(f"§ {self.para}, stk. {self.number}: numre {nums} er ikke fortløbende")
        return [(n, t) for n, t in items]


def parse_law(paras: list[str]) -> dict[str, list[Stk]]:
    """`§ N.` opens a paragraph (its stk. 1), `Stk. N.` a stk.; `- 1)` item blocks stay in the stk."""
    law: dict[str, list[Stk]] = {}
    current: list[Stk] | None = None
    for p in paras:
        if m := _PARA_RE.match(p):
            current = law.setdefault(m.group("p"), [])
            if current:
                raise SeedError(f"§ {m.group('p')} optræder to gange")
            current.append(Stk(m.group("p"), 1, [p]))
        elif m := _STK_RE.match(p):
            if current is None:
                raise SeedError(f"Stk. uden §: {p[:60]!r}")
            n = int(m.group("s"))
            if n != current[-1].number + 1:
                raise SeedError(f"§ {current[-1].para}: Stk. {n} efter stk. {current[-1].number}")
            current.append(Stk(current[-1].para, n, [p]))
        elif _ITEM_RE.match(p) and current is not None:
            current[-1].paras.append(p)
        else:
            raise SeedError(f"uventet afsnit i lovteksten: {p[:80]!r}")
    return law


def split_pkt(text: str) -> tuple[str, list[str]]:
    """Label (`§ 114.` / `Stk. 4.`) and the punktummer of a stk."""
    m = re.match(r"^(§ \d+(?: [a-z])?\.|Stk\. \d+\.) ", text)
    label, body = (m.group(1), text[m.end() :]) if m else ("", text)
    pkts = []
    while body:
        s = first_sentence(body)
        pkts.append(s)
        body = body[len(s) :].lstrip()
    return label, pkts


# --- amendments (L 1160/2021 § 1) ------------------------------------------------


@dataclass
class Amendment:
    nr: int
    text: str
    target: str | None = None  # paragraph named by the instruction
    inserted: list[tuple[str, int]] = field(default_factory=list)  # (para, stk); stk 0 = whole §
    renumbered: list[tuple[str, int, int]] = field(default_factory=list)  # (para, old, new)
    replaced: list[tuple[str, int, int, int, str, str]] = field(default_factory=list)  # para, old, new, pkt, from, to
    quote: str = ""


_REPLACE_RE = re.compile(
    r'^I § (?P<p>\d+(?: [a-z])?), stk\. (?P<s>\d+), (?P<pkt>\d+)\. pkt\., '
    r'(?:der bliver stk\. (?P<ns>\d+), \d+\. pkt\., )?ændres "(?P<old>[^"]+)" til: "(?P<new>[^"]+)"\.$'
)


def parse_amendment(nr: int, text: str) -> Amendment:
    a = Amendment(nr, text)
    head = text.split("\n", 1)[0]
    body = re.sub(r"^\d+\. ", "", head)
    if m := re.match(r"^(?:I|Efter) § (\d+(?: [a-z])?)\b", body):
        a.target = m.group(1)
    if m := re.search(r"»(.*)«(.*)$", text, re.S):
        a.quote, after = m.group(1), m.group(2)
        heads = [h.group(1) for q in paragraphs(a.quote) if (h := re.match(r"^§ (\d+(?: [a-z])?)\. ", q))]
        if heads:
            a.inserted.extend((h, 0) for h in heads)
        else:
            for s in re.findall(r"(?:^|\n)Stk\. (\d+)\. ", a.quote):
                a.inserted.append((a.target, int(s)))
        for old, new in re.findall(r"Stk\. (\d+) bliver herefter stk\. (\d+)", after):
            a.renumbered.append((a.target, int(old), int(new)))
    elif m := _REPLACE_RE.match(body):
        old_s = int(m.group("s"))
        a.replaced.append(
            (m.group("p"), old_s, int(m.group("ns") or old_s), int(m.group("pkt")), m.group("old"), m.group("new"))
        )
    elif not re.search(r' udgår "[^"]+"\.$', body):
        raise SeedError(f"ukendt ændringsinstruktion i nr. {nr}: {head!r}")
    return a


def word_diff(ours: str, theirs: str) -> list[tuple[str, str]]:
    a, b = ours.split(), theirs.split()
    out: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag != "equal":
            pair = (" ".join(a[i1:i2]), " ".join(b[j1:j2]))
            if pair not in out:
                out.append(pair)
    return out


# --- the practice note (seed 001) -------------------------------------------------


@dataclass
class Section:
    number: int
    heading: str
    paras: list[str]


@dataclass
class PracticeNote:
    preamble: list[str]
    sections: list[Section]
    page_breaks: int


def parse_note(text: str) -> PracticeNote:
    paras, joined = join_page_breaks(paragraphs(text))
    starts: list[tuple[int, int, str]] = []
    expected = 1
    for i, p in enumerate(paras):
        if m := re.fullmatch(rf"{expected}\. ([A-ZÆØÅ][^.:§\n]{{2,60}})", p):
            starts.append((i, expected, m.group(1)))
            expected += 1
    if expected != 6:
        raise SeedError(f"praksisnotatet: fandt {expected - 1} af 5 hovedafsnit")
    sections = []
    for k, (i, n, heading) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else len(paras)
        sections.append(Section(n, heading, paras[i + 1 : end]))
    return PracticeNote(paras[: starts[0][0]], sections, joined)


def is_subheading(p: str) -> bool:
    return len(p) < 60 and "\n" not in p and p[-1] not in _TERMINAL and not p.startswith("-")


# --- the builder ----------------------------------------------------------------


class Builder:
    def __init__(self, seeds: Path):
        self.seeds = seeds
        self.units: list[tuple[str, Unit]] = []  # (folder, unit)
        self.irregularities: list[str] = []

    def add(self, folder: str, **kw) -> Unit:
        unit = Unit(**kw)
        self.units.append((folder, unit))
        return unit

    # -- seed 001 --

    def build_note(self) -> None:
        path = find_seed(self.seeds, "001")
        src = path.name
        raw = path.read_text(encoding="utf-8")
        inline = _INLINE_STK.findall(raw)
        if inline:
            self.irregularities.append(f"{src}: {len(inline)} inline *Stk. N.* (ny linje indsat)")
        note = parse_note(raw)
        self.irregularities.append(f"{src}: {note.page_breaks} sideskift midt i en sætning (sammenføjet)")
        sec = {s.number: s for s in note.sections}

        # 2. Lovgrundlag: LAB text, then L 1160/2021
        law_paras = sec[2].paras
        k = next(i for i, p in enumerate(law_paras) if p.startswith("Lov om ændring af lov"))
        lab_paras = [p for p in law_paras[:k] if not p.startswith("Lov om en aktiv beskæftigelsesindsats")]
        lab = parse_law(lab_paras)
        l1160_title, l1160 = law_paras[k], self.parse_l1160(law_paras[k + 1 :])
        amendments = [parse_amendment(nr, t) for nr, t in l1160[1]["nr"]]

        # in force: the stk. of § 6 that names § 1
        in_force = None
        for _, t in l1160[6]["stk"]:
            body = re.sub(r"^Stk\. \d+\. ", "", t)
            if re.match(r"^§§? 1\b", body) and "træder i kraft" in body:
                in_force = parse_danish_date(body)
        if in_force is None:
            raise SeedError("L 1160/2021 § 6: ingen ikrafttrædelse for § 1")

        # § 115 a comes only from the amendment's quoted text
        for a in amendments:
            for para, s in a.inserted:
                if s == 0:
                    q = paragraphs(a.quote)
                    heading = [p for p in q if not _PARA_RE.match(p) and not _STK_RE.match(p)]
                    quoted = parse_law([p for p in q if p not in heading])
                    if para not in lab:  # not reproduced in the note's LAB text
                        lab[para] = quoted[para]
                        self.irregularities.append(
                            f"LAB § {para} findes kun i L 1160/2021 § 1, nr. {a.nr} (overskrift {heading!r})"
                        )
        self.build_lab(lab, amendments, in_force, src)
        self.build_l1160(l1160_title, l1160, src)

        # practice note sections
        self.add_section("Indhold", note.preamble, src)
        self.add_section(sec[1].heading, sec[1].paras, src)
        current, buf = sec[3].heading, []
        for i, p in enumerate(sec[3].paras):
            if is_subheading(p) and i + 1 < len(sec[3].paras):
                self.add_section(current, buf, src)
                current, buf = p, []
            else:
                buf.append(p)
        self.add_section(current, buf, src)

        # 4. principmeddelelser
        paras4 = sec[4].paras
        first = next(i for i, p in enumerate(paras4) if re.fullmatch(r"\d{1,3}-\d{2}", p))
        self.add_section(sec[4].heading, paras4[:first], src)
        for num, body in self.blocks(paras4[first:], r"(\d{1,3})-(\d{2})"):
            ref = f"PM {int(num[0])}-{num[1]}"
            self.add(
                "pm",
                id=f"pm-{int(num[0])}-{num[1]}",
                ref=ref,
                title=PM_TITLES.get(ref) or first_sentence(body[0]).rstrip("."),
                kind="principmeddelelse",
                source=src,
                source_title=f"Ankestyrelsens principmeddelelse {int(num[0])}-{num[1]}, gengivet i {SOURCE_TITLE_NOTE}",
                note="Teksten er praksisnotatets gengivelse af principmeddelelsen, ikke nødvendigvis dens fulde ordlyd.",
                text="\n\n".join(body),
            )

        # 5. cases
        paras5 = sec[5].paras
        first = next(i for i, p in enumerate(paras5) if re.fullmatch(r"Sag \d+\.", p))
        self.add_section(sec[5].heading, paras5[:first], src)
        numbers = []
        for (n,), body in self.blocks(paras5[first:], r"Sag (\d+)\."):
            numbers.append(int(n))
            m = re.match(r"^(\w+)\s*[-–]\s*(.+)$", body[0], re.S)
            if not m:
                raise SeedError(f"Sag {n}: første afsnit har ikke formen 'Udfald - resumé'")
            outcome = {"ændring": "ændring", "stadfæstelse": "stadfæstelse", "hjemvisning": "hjemvisning"}.get(
                m.group(1).lower()
            )
            if outcome is None:
                raise SeedError(f"Sag {n}: ukendt udfald {m.group(1)!r}")
            title = first_sentence(m.group(2)).rstrip(".").strip()
            if len(title) > 150:
                title = title.split(",")[0]
            title = title[0].upper() + title[1:]
            self.add(
                "sager",
                id=f"praksisnotat-2022-sag-{int(n):02d}",
                ref=f"Praksisnotat 2022, sag {int(n)}",
                title=title,
                kind="sag",
                source=src,
                source_title=SOURCE_TITLE_NOTE,
                date=NOTE_DATE,
                outcome=outcome,
                text="\n\n".join(body),
            )
        if numbers != list(range(1, len(numbers) + 1)):
            raise SeedError(f"sagsnumre er ikke fortløbende: {numbers}")

    @staticmethod
    def blocks(paras: list[str], head_re: str) -> list[tuple[tuple[str, ...], list[str]]]:
        out: list[tuple[tuple[str, ...], list[str]]] = []
        for p in paras:
            if m := re.fullmatch(head_re, p):
                out.append((m.groups(), []))
            elif out:
                out[-1][1].append(p)
            else:
                raise SeedError(f"tekst før første overskrift: {p[:60]!r}")
        for head, body in out:
            if not body:
                raise SeedError(f"tom blok: {head}")
        return out

    def add_section(self, heading: str, paras: list[str], src: str) -> None:
        if not paras:
            raise SeedError(f"tomt afsnit: {heading}")
        self.add(
            "praksisnotat-2022",
            id=f"praksisnotat-2022-{slug(heading)}",
            ref=f"Praksisnotat 2022, afsnit {heading}",
            title=SECTION_TITLES.get(heading, heading),
            kind="praksisnotat",
            source=src,
            source_title=SOURCE_TITLE_NOTE,
            date=NOTE_DATE,
            text="\n\n".join(paras),
        )

    @staticmethod
    def parse_l1160(paras: list[str]) -> dict[int, dict]:
        """`§ N` headings; § 1 has an intro and numbered amendments, the others stk."""
        law: dict[int, dict] = {}
        cur: dict | None = None
        for p in paras:
            if m := re.fullmatch(r"§ (\d+)\.?", p):
                cur = law.setdefault(int(m.group(1)), {"intro": [], "nr": [], "stk": [], "head": p})
            elif p == "...":
                cur = None  # omission in the seed
            elif cur is None:
                raise SeedError(f"L 1160/2021: tekst uden for en §: {p[:60]!r}")
            elif (m := re.match(r"^(\d+)\. ", p)) and int(m.group(1)) == len(cur["nr"]) + 1:
                cur["nr"].append((int(m.group(1)), p))
            elif cur["nr"]:  # the quoted text of the current amendment
                n, t = cur["nr"][-1]
                cur["nr"][-1] = (n, t + "\n\n" + p)
            elif m := re.match(r"^Stk\. (\d+)\. ", p):
                if int(m.group(1)) != len(cur["stk"]) + 1:
                    raise SeedError(f"L 1160/2021 {cur['head']}: uventet {p[:10]!r}")
                cur["stk"].append((int(m.group(1)), p))
            elif cur["stk"]:
                raise SeedError(f"L 1160/2021 {cur['head']}: uventet afsnit {p[:60]!r}")
            else:
                cur["intro"].append(p)
        for need in (1, 6, 7):
            if need not in law:
                raise SeedError(f"L 1160/2021 § {need} mangler")
        return law

    def build_l1160(self, title: str, law: dict[int, dict], src: str) -> None:
        date = parse_danish_date(title)
        common = dict(kind="ændringslov", source=src, source_title=SOURCE_TITLE_L1160, date=date, url=L1160_URL)

        def add(ref: str, uid: str, text: str) -> None:
            self.add("l-1160-2021", id=uid, ref=ref, title=L1160_TITLES.get(ref, ref), text=text, **common)

        add("L 1160/2021", "l-1160-2021", title)
        for para in sorted(law):
            d = law[para]
            if d["intro"]:
                add(f"L 1160/2021 § {para}", f"l-1160-2021-{para}", "\n\n".join(d["intro"]))
            for n, t in d["nr"]:
                add(f"L 1160/2021 § {para}, nr. {n}", f"l-1160-2021-{para}-nr-{n}", t)
            for n, t in d["stk"]:
                add(f"L 1160/2021 § {para}, stk. {n}", f"l-1160-2021-{para}-{n}", t)

    def build_lab(self, lab: dict[str, list[Stk]], amendments: list[Amendment], in_force: dt.date, src: str) -> None:
        chapter19 = {p for p in lab if 112 <= int(p.split()[0]) <= 115}
        # history of each current (para, stk): its number before the amendments and the notes
        hist: dict[tuple[str, int], dict] = {
            (p, s.number): {"old": s.number, "new": False, "changes": [], "repl": []} for p in lab for s in lab[p]
        }
        quoted: dict[tuple[str, int], tuple[int, str]] = {}
        for a in amendments:
            for para, s in a.inserted:
                if para not in lab:
                    raise SeedError(f"L 1160/2021 § 1, nr. {a.nr} indsætter § {para}, som ikke findes")
                keys = [(para, x.number) for x in lab[para]] if s == 0 else [(para, s)]
                for key in keys:
                    hist[key].update(new=True)
                    hist[key]["changes"].append((a.nr, "indsat"))
                if s:
                    q = next(x for x in paragraphs(a.quote) if x.startswith(f"Stk. {s}. "))
                    quoted[(para, s)] = (a.nr, q.rstrip("«"))
            for para, old, new in a.renumbered:
                hist[(para, new)]["old"] = old
                hist[(para, new)]["changes"].append((a.nr, f"stk. {old} blev stk. {new}"))
            for para, _old, new, pkt, frm, to in a.replaced:
                hist[(para, new)]["repl"].append((pkt, frm, to))
                hist[(para, new)]["changes"].append((a.nr, f'"{frm}" ændret til "{to}"'))
            if a.target in chapter19 and not (a.inserted or a.renumbered or a.replaced):
                raise SeedError(f"L 1160/2021 § 1, nr. {a.nr}: ændring af kapitel 19 ikke forstået")

        # stk. numbers whose pre-2022 content now sits under another number
        moved = {
            (p, h["old"]): new for (p, new), h in hist.items() if h["changes"] and not h["new"] and h["old"] != new
        }
        for para in sorted(lab, key=lambda p: (int(p.split()[0]), p)):
            stks = lab[para]
            ch19 = para in chapter19
            for s in stks:
                h = hist[(para, s.number)]
                ref = f"LAB § {para}" + (f", stk. {s.number}" if len(stks) > 1 else "")
                uid = f"lab-{slug(para)}" + (f"-{s.number}" if len(stks) > 1 else "")
                changed = bool(h["changes"])
                notes = []
                if changed:
                    done = "; ".join(f"{d} ved L 1160/2021 § 1, nr. {nr}" for nr, d in h["changes"])
                    notes.append(f"Affattelse fra {_dk(in_force)}: {done}.")
                    if (para, s.number) in moved:
                        notes.append(
                            f"Før {_dk(in_force)} var stk. {s.number} den bestemmelse, der nu er stk. "
                            f"{moved[(para, s.number)]}."
                        )
                if (para, s.number) in quoted:
                    nr, q = quoted[(para, s.number)]
                    diffs = word_diff(s.text, q)
                    if diffs:
                        desc = "; ".join(f'"{x}" (ændringsloven: "{y}")' for x, y in diffs)
                        notes.append(f"Praksisnotatets gengivelse afviger fra L 1160/2021 § 1, nr. {nr}: {desc}.")
                        self.irregularities.append(f"{ref}: praksisnotatet afviger fra L 1160/2021: {desc}")
                if ch19:
                    notes.append(NOTE_L1750)
                common = dict(
                    kind="lov",
                    source=src,
                    source_title=SOURCE_TITLE_LAB,
                    date=LAB_DATE,
                    url=LAB_URL,
                    new_cases_until=NEW_CASES_UNTIL if ch19 else None,
                    closed_by=L1750_REF if ch19 else None,
                )
                valid_from = in_force if changed else None
                self.add(
                    "lab", id=uid, ref=ref, title=LAB_TITLES.get(ref) or ref, text=s.text,
                    valid_from=valid_from, note=" ".join(notes) or None, **common,
                )
                for n, item in s.items():
                    iref = f"{ref}, nr. {n}"
                    self.add(
                        "lab", id=f"{uid}-nr-{n}", ref=iref, title=LAB_TITLES.get(iref) or iref, text=item,
                        valid_from=valid_from, note=" ".join(notes) or None, **common,
                    )
                # the wording before the amendments (only for stk. that existed then)
                if changed and not h["new"]:
                    old_text = s.text
                    for pkt, frm, to in h["repl"]:
                        old_text = reverse_replace(old_text, pkt, frm, to)
                    if h["old"] != s.number:
                        old_text = re.sub(rf"^Stk\. {s.number}\. ", f"Stk. {h['old']}. ", old_text)
                    old_ref = f"LAB § {para}" + (f", stk. {h['old']}" if len(stks) > 1 else "")
                    nrs = sorted({nr for nr, _ in h["changes"]})
                    nr_txt = ", ".join(map(str, nrs[:-1])) + (" og " if len(nrs) > 1 else "") + str(nrs[-1])
                    old_notes = [
                        f"Affattelse før {_dk(in_force)}; ændret ved L 1160/2021 § 1, nr. {nr_txt} "
                        f"({'; '.join(d for _, d in h['changes'])}). Gengivet ved at tilbageføre ændringerne i "
                        "L 1160/2021 på praksisnotatets tekst; andre ændringer før 2022 er ikke afspejlet. Reglerne "
                        "om ressourceforløb gælder fra 1. januar 2013; paragrafnummeret kan have været et andet før "
                        "lov nr. 548 af 7. maj 2019.",
                    ]
                    if ch19:
                        old_notes.append(NOTE_L1750)
                    old_id = f"lab-{slug(para)}" + (f"-{h['old']}" if len(stks) > 1 else "") + "-foer-" + str(in_force.year)
                    self.add(
                        "lab", id=old_id, ref=old_ref, title=LAB_TITLES.get(old_ref + "@old") or old_ref,
                        text=old_text, valid_from=RESSOURCEFORLOEB_FROM, valid_to=in_force - dt.timedelta(days=1),
                        note=" ".join(old_notes), **common,
                    )

    # -- seeds 000, 002, 003, 004 --

    def build_docs(self) -> None:
        for spec in DOCS:
            path = find_seed(self.seeds, spec.prefix)
            raw = path.read_text(encoding="utf-8").replace("\r\n", "\n")
            noise = re.compile("|".join(f"(?:{n})" for n in spec.noise))
            kept, dropped = [], 0
            for line in raw.split("\n"):
                if line.strip() and noise.fullmatch(line.strip()):
                    dropped += 1
                else:
                    kept.append(line)
            paras, joined = join_page_breaks(paragraphs("\n".join(kept)))
            if dropped or joined:
                self.irregularities.append(
                    f"{path.name}: {dropped} brevhoved-/sidefodslinjer udeladt, {joined} sideskift sammenføjet"
                )
            date = dt.date.fromisoformat(spec.ref.rsplit(" ", 1)[1])
            parts = split_parts(paras, PART_LIMIT)
            base = slug(spec.ref)
            for i, part in enumerate(parts, 1):
                many = len(parts) > 1
                self.add(
                    "dokumenter",
                    id=f"{base}-del-{i}" if many else base,
                    ref=spec.ref,
                    title=f"{spec.title} (del {i})" if many else spec.title,
                    kind=spec.kind,
                    source=path.name,
                    source_title=spec.source_title,
                    date=date,
                    text="\n\n".join(part),
                )

    # -- summaries --

    def build_summaries(self) -> None:
        self.add(
            "summaries",
            id="l-1750-2025",
            ref="L 1750/2025",
            title="Reformen af beskæftigelsesindsatsen: ressourceforløb afskaffes for nye borgere (resumé)",
            kind="ændringslov",
            source=LAW_STATUS_SOURCE,
            source_title=LAW_STATUS_TITLE,
            date=L1750_DATE,
            valid_from=L1750_FROM,
            url=L1750_URL,
            summary=True,
            note="Resumé af fakta; ikke lovens ordlyd. Punkter markeret 'ikke bekræftet' skal kontrolleres i loven.",
            text=L1750_SUMMARY,
        )
        self.add(
            "summaries",
            id="lsp-1-a",
            ref="LSP § 1 a",
            title="Folkepensionsalderen efter fødselsdato (resumé)",
            kind="lov",
            source=LAW_STATUS_SOURCE,
            source_title=LAW_STATUS_TITLE,
            summary=True,
            note="Resumé af fakta (status november 2026); ikke lovens ordlyd.",
            text=pension_summary(),
        )
        self.add(
            "summaries",
            id="rsl-67",
            ref="RSL § 67",
            title="Klage over kommunens afgørelse: frist og vej (resumé)",
            kind="lov",
            source="lov om retssikkerhed og administration på det sociale område",
            source_title="Lov om retssikkerhed og administration på det sociale område (retssikkerhedsloven)",
            summary=True,
            note="Resumé af klagereglerne (RSL §§ 66-67); ikke lovens ordlyd. Gælder klager over kommunens afgørelser om ressourceforløb.",
            text=COMPLAINT_SUMMARY,
        )

    def build(self) -> list[tuple[str, Unit]]:
        self.build_note()
        self.build_docs()
        self.build_summaries()
        ids = [u.id for _, u in self.units]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise SeedError(f"dobbelte id'er: {dupes}")
        return self.units


def reverse_replace(text: str, pkt: int, frm: str, to: str) -> str:
    """Undo `ændres "frm" til: "to"` in the given punktum (the label does not count)."""
    label, pkts = split_pkt(text)
    if pkt > len(pkts):
        raise SeedError(f"{pkt}. pkt. findes ikke i {text[:40]!r}")
    target = pkts[pkt - 1]
    pattern = rf"(?<![\w]){re.escape(to)}(?![\w])"
    if len(re.findall(pattern, target)) != 1:
        raise SeedError(f'"{to}" forekommer ikke netop én gang i {pkt}. pkt.: {target!r}')
    start = text.index(target, len(label))
    return text[:start] + re.sub(pattern, frm, target) + text[start + len(target) :]


def split_parts(paras: list[str], limit: int) -> list[list[str]]:
    """Split into the fewest parts of about equal length, cutting only between paragraphs."""
    total = len("\n\n".join(paras))
    n = max(1, math.ceil(total / limit))
    if n == 1:
        return [paras]
    ends, pos = [], 0
    for p in paras:
        pos += len(p) + 2
        ends.append(pos)
    cuts = []
    for k in range(1, n):
        target = total * k / n
        best = min(range(len(paras) - 1), key=lambda i: (abs(ends[i] - target), i))
        if not cuts or best > cuts[-1]:
            cuts.append(best)
    parts, start = [], 0
    for c in cuts:
        parts.append(paras[start : c + 1])
        start = c + 1
    parts.append(paras[start:])
    return parts


# --- summary texts (facts from law-status.md) -----------------------------------

L1750_SUMMARY = """\
Resumé (ikke lovens ordlyd): Lov nr. 1750 af 29. december 2025 (L 1750/2025) gennemfører reformen af beskæftigelsesindsatsen og afskaffer ressourceforløb for nye borgere.

Baggrund: Reformen bygger på den politiske aftale af 9. april 2025 ("Aftale om reform af beskæftigelsesindsatsen"). Lovforslaget, L 66 (folketingsåret 2025-26), blev fremsat den 5. november 2025, og dets titel omfatter "afskaffelse af ressourceforløb og revalidering".

Ikrafttræden: Loven træder i kraft i to trin, den 1. februar 2026 og den 1. juli 2026 (oplyst af Styrelsen for Arbejdsmarked og Rekruttering).

Indhold: Ordningen med ressourceforløb (kapitel 19 i lov om en aktiv beskæftigelsesindsats, §§ 112-115 a) og ressourceforløbsydelsen (kapitel 6 a i lov om aktiv socialpolitik) ophæves for nye sager. Borgere, der allerede er i et ressourceforløb, fortsætter efter "det tidligere gældende kapitel 19" (lovforslaget ændrer LAB § 6, nr. 8, så bestemmelsen henviser hertil). Kravet om behandling i et rehabiliteringsteam fjernes og erstattes af en skriftlig, samlet beskrivelse af borgeren og obligatorisk sundhedsfaglig rådgivning fra sundhedskoordinatoren. Betegnelsen "jobcenteret" erstattes af "kommunen".

Ikke bekræftet:
- Datoen, fra hvilken nye ressourceforløb ikke længere kan bevilges: 1. februar 2026 ifølge en sekundær kilde; datoen er ikke bekræftet mod lovteksten.
- Hvordan igangværende forløb udfases (afsnittet "Udfasning" i lovforslagets bemærkninger): ikke bekræftet.
- En ny hovedlov, der skal afløse lov om en aktiv beskæftigelsesindsats og LOU, forventes at træde i kraft den 1. januar 2027; det er ikke bekræftet, at den er vedtaget.

Tiden mellem 2022 og reformen: Lov om en aktiv beskæftigelsesindsats er bekendtgjort på ny (LBK nr. 701 af 22. maj 2022 og LBK nr. 280 af 1. marts 2024). Der er ikke fundet indholdsmæssige ændringer af §§ 112-115 a mellem 1. januar 2022 og reformen.

Kontrollér altid oplysningerne i selve loven: https://www.retsinformation.dk/eli/lta/2025/1750"""


def _age(half_years: int) -> str:
    return f"{half_years // 2}½" if half_years % 2 else str(half_years // 2)


def _dk(d: dt.date) -> str:
    names = {v: k for k, v in MONTHS.items()}
    return f"{d.day}. {names[d.month]} {d.year}"


def pension_summary() -> str:
    rows = []
    for frm, to, age in PENSION_AGES:
        if frm is None:
            born = f"før {_dk(to + dt.timedelta(days=1))}"
        elif to is None:
            born = f"{_dk(frm)} eller senere"
        else:
            born = f"{_dk(frm)} - {_dk(to)}"
        extra = f" ({PENSION_70_NOTE})" if to is None else ""
        rows.append(f"| {born} | {_age(age)} år{extra} | {_age(age - 12)} år |")
    return (
        "Resumé (ikke lovens ordlyd): Folkepensionsalderen efter § 1 a i lov om social pension afhænger af "
        "borgerens fødselsdato:\n\n"
        "| Født | Folkepensionsalder | Mindre end 6 år til folkepensionsalderen fra alderen |\n"
        "| --- | --- | --- |\n" + "\n".join(rows) + "\n\n"
        "Betydning for ressourceforløb: Efter LAB § 112, stk. 3, skal der ikke iværksættes et ressourceforløb for "
        "personer, der har mindre end 6 år til folkepensionsalderen, medmindre personen selv ønsker det. Grænsen "
        "nås dermed ved 61 år for personer født 1. juli 1955 - 31. december 1962, ved 62 år for personer født i "
        "1963-1966, ved 63 år for personer født i 1967-1970 og ved 64 år for personer født i 1971 eller senere. "
        "En person, der når grænsen under et ressourceforløb, fortsætter forløbet, til det er afsluttet. "
        "Ressourceforløb kan alene gives frem til folkepensionsalderen (LAB § 114, stk. 4).\n\n"
        "Tabellen er status pr. november 2026; kontrollér den gældende folkepensionsalder i lov om social pension."
    )


# --- writing --------------------------------------------------------------------


def build(seeds: Path = DEFAULT_SEEDS, out: Path = DEFAULT_OUT) -> list[Path]:
    """Parse the seeds and (re)write the builder's folders under `out`."""
    return _build(seeds, out)[1]


def _build(seeds: Path, out: Path) -> tuple[Builder, list[Path]]:
    builder = Builder(seeds)
    units = builder.build()  # parse everything before touching `out`
    for folder in FOLDERS:
        d = out / folder
        if d.is_dir():
            for old in sorted(d.glob("*.md")):
                old.unlink()
    return builder, [write_unit(unit, out / folder) for folder, unit in units]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m assistant.seeds", description=__doc__.split("\n\n")[0])
    ap.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS, help=f"seed folder (default {DEFAULT_SEEDS})")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"corpus folder (default {DEFAULT_OUT})")
    ap.add_argument("-v", "--verbose", action="store_true", help="list the seed irregularities handled")
    args = ap.parse_args(argv)
    if not args.seeds.is_dir():
        print(f"seed-mappen findes ikke: {args.seeds}", file=sys.stderr)
        return 2
    try:
        builder, paths = _build(args.seeds, args.out)
    except SeedError as exc:
        print(f"fejl i seed: {exc}", file=sys.stderr)
        return 1
    counts: dict[str, int] = {}
    for _, u in builder.units:
        counts[u.kind] = counts.get(u.kind, 0) + 1
    print(f"{len(paths)} enheder skrevet til {args.out}: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    if args.verbose:
        for line in builder.irregularities:
            print("  -", line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

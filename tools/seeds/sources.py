"""What the builder knows that is not in the seeds: where they are, titles, dates of documents, letterheads.

Legal dates and numbers are read from the rules core's parameters (`rules/params`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from rules import params as P

REPO = Path(__file__).resolve().parents[2]


DEFAULT_SEEDS = REPO.parent / "shared" / "seeds"


DEFAULT_OUT = REPO / "corpus"


# Folders under the corpus directory that this builder owns (and cleans).
FOLDERS = ("lab", "l-1160-2021", "pm", "praksisnotat-2022", "sager", "dokumenter", "summaries")


# Legal dates and numbers come from the rules core's dated parameters (rules/params), never from here.
RESSOURCEFORLOEB_FROM = P.COVERAGE_START  # fleksjob- og førtidspensionsreformen


L1750_FROM = next(pv.valid_from for pv in P.values("new_courses_allowed") if pv.value is False)  # unconfirmed


NEW_CASES_UNTIL = L1750_FROM - dt.timedelta(days=1)  # last day before L 1750/2025


COMPLAINT_WEEKS = P.value("complaint_deadline_weeks", L1750_FROM).value


SIX_YEARS = next(pv for pv in P.values("years_before_pension_rule") if pv.value is not None)


L1750_REF = "L 1750/2025"


L1750_DATE = dt.date(2025, 12, 29)


LAB_DATE = dt.date(2019, 5, 7)


NOTE_DATE = dt.date(2022, 3, 10)  # temamødet den 10. marts 2022


LAB_URL = "https://www.retsinformation.dk/eli/lta/2019/548"


L1160_URL = "https://www.retsinformation.dk/eli/lta/2021/1160"


L1750_URL = "https://www.retsinformation.dk/eli/lta/2025/1750"


LAW_STATUS_SOURCE = "spec/law-status.md"


LAW_STATUS_TITLE = "Lovstatus efter kildedokumenterne (kontrolleret mod offentlige kilder, november 2026)"


PENSION_70_NOTE = "vedtaget 22. maj 2025 ved lovforslag L 149, folketingsåret 2024-25"


MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "januar",
            "februar",
            "marts",
            "april",
            "maj",
            "juni",
            "juli",
            "august",
            "september",
            "oktober",
            "november",
            "december",
        ],
        1,
    )
}


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


SOURCE_TITLE_LAB = (
    "Lov om en aktiv beskæftigelsesindsats (lov nr. 548 af 7. maj 2019 som ændret), gengivet i " + SOURCE_TITLE_NOTE
)


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

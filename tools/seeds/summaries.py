"""Summary units for facts after the seeds (`../shared/spec/law-status.md`): the reform, the pension table, the complaint route."""

from __future__ import annotations

import datetime as dt

from assistant.language.dates import dk_date
from rules import params as P
from tools.seeds.sources import COMPLAINT_WEEKS, L1750_FROM, PENSION_70_NOTE, SIX_YEARS

COMPLAINT_SUMMARY = (
    "Resumé (ikke lovens ordlyd): Er man uenig i kommunens afgørelse om ressourceforløb, kan man klage. "
    f"Klagefristen er {COMPLAINT_WEEKS} uger fra den dag, man fik afgørelsen. Klagen sendes til kommunen, som har truffet "
    "afgørelsen. Kommunen skal genvurdere sagen, og fastholder kommunen afgørelsen, sender den klagen videre "
    "til Ankestyrelsen, som træffer afgørelse i klagesagen. Ankestyrelsen kan stadfæste, ændre eller "
    "ophæve afgørelsen eller hjemvise sagen til fornyet behandling i kommunen. Klagevejledningen i "
    "afgørelsen fortæller, hvordan man klager."
)


NOTE_L1750 = (
    f"Ved L 1750/2025 kan ressourceforløb ikke længere bevilges til nye borgere fra {dk_date(L1750_FROM)} "
    "(datoen er ikke bekræftet mod lovteksten); igangværende ressourceforløb fortsætter efter det "
    "tidligere gældende kapitel 19."
)


L1750_SUMMARY = f"""\
Resumé (ikke lovens ordlyd): Lov nr. 1750 af 29. december 2025 (L 1750/2025) gennemfører reformen af beskæftigelsesindsatsen og afskaffer ressourceforløb for nye borgere.

Baggrund: Reformen bygger på den politiske aftale af 9. april 2025 ("Aftale om reform af beskæftigelsesindsatsen"). Lovforslaget, L 66 (folketingsåret 2025-26), blev fremsat den 5. november 2025, og dets titel omfatter "afskaffelse af ressourceforløb og revalidering".

Ikrafttræden: Loven træder i kraft i to trin, den 1. februar 2026 og den 1. juli 2026 (oplyst af Styrelsen for Arbejdsmarked og Rekruttering). Fra den 1. juli 2026 er begge trin trådt i kraft, så fra den dag kan nye ressourceforløb ikke bevilges, uanset hvilken af de to datoer afskaffelsen knytter sig til.

Indhold: Ordningen med ressourceforløb (kapitel 19 i lov om en aktiv beskæftigelsesindsats, §§ 112-115 a) og ressourceforløbsydelsen (kapitel 6 a i lov om aktiv socialpolitik) ophæves for nye sager. Borgere, der allerede er i et ressourceforløb, fortsætter efter "det tidligere gældende kapitel 19" (lovforslaget ændrer LAB § 6, nr. 8, så bestemmelsen henviser hertil). Kravet om behandling i et rehabiliteringsteam fjernes og erstattes af en skriftlig, samlet beskrivelse af borgeren og obligatorisk sundhedsfaglig rådgivning fra sundhedskoordinatoren. Betegnelsen "jobcenteret" erstattes af "kommunen".

Ikke bekræftet:
- Datoen, fra hvilken nye ressourceforløb ikke længere kan bevilges: {dk_date(L1750_FROM)} ifølge en sekundær kilde; datoen er ikke bekræftet mod lovteksten.
- Om et igangværende forløb kan forlænges: ikke bekræftet.
- Hvordan igangværende forløb udfases (afsnittet "Udfasning" i lovforslagets bemærkninger): ikke bekræftet.
- En ny hovedlov, der skal afløse lov om en aktiv beskæftigelsesindsats og LOU, forventes at træde i kraft den 1. januar 2027; det er ikke bekræftet, at den er vedtaget.

Tiden mellem 2022 og reformen: Lov om en aktiv beskæftigelsesindsats er bekendtgjort på ny (LBK nr. 701 af 22. maj 2022 og LBK nr. 280 af 1. marts 2024). Der er ikke fundet indholdsmæssige ændringer af §§ 112-115 a mellem 1. januar 2022 og reformen.

Kontrollér altid oplysningerne i selve loven: https://www.retsinformation.dk/eli/lta/2025/1750"""


def _age(years: float) -> str:
    return f"{int(years)}½" if not float(years).is_integer() else str(int(years))


def _born_words(row: P.PensionAge) -> str:
    """'1. juli 1955 - 31. december 1962', 'i 1963-1966', 'i 1971 eller senere'."""
    start, end = row.born_from, row.born_to
    if start is None:
        return f"før {dk_date(end + dt.timedelta(days=1))}" if end else ""
    if end is None:
        return f"i {start.year} eller senere"
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        return f"i {start.year}-{end.year}"
    return f"{dk_date(start)} - {dk_date(end)}"


def pension_summary() -> str:
    """The folkepensionsalder table (rules/params/folkepension.yaml) and where the 6-year limit falls."""
    n = SIX_YEARS.value
    rows = []
    table = P.pension_table()
    for row in table:
        frm, to = row.born_from, row.born_to
        if frm is None:
            born = f"før {dk_date(to + dt.timedelta(days=1))}"
        elif to is None:
            born = f"{dk_date(frm)} eller senere"
        else:
            born = f"{dk_date(frm)} - {dk_date(to)}"
        extra = f" ({PENSION_70_NOTE})" if to is None else ""
        rows.append(f"| {born} | {_age(row.years)} år{extra} | {_age(row.years - n)} år |")
    # the rows of people who had not reached folkepensionsalderen when the 6-year rule took effect
    ahead = [r for r in table if r.born_to is None or P.pension_date(r.born_to) >= SIX_YEARS.valid_from]
    limits = [f"ved {_age(r.years - n)} år for personer født {_born_words(r)}" for r in ahead]
    return (
        "Resumé (ikke lovens ordlyd): Folkepensionsalderen efter § 1 a i lov om social pension afhænger af "
        "borgerens fødselsdato:\n\n"
        f"| Født | Folkepensionsalder | Mindre end {_age(n)} år til folkepensionsalderen fra alderen |\n"
        "| --- | --- | --- |\n" + "\n".join(rows) + "\n\n"
        "Betydning for ressourceforløb: Efter LAB § 112, stk. 3, skal der ikke iværksættes et ressourceforløb for "
        f"personer, der har mindre end {_age(n)} år til folkepensionsalderen, medmindre personen selv ønsker det. "
        "Grænsen nås dermed " + ", ".join(limits[:-1]) + " og " + limits[-1] + ". "
        "En person, der når grænsen under et ressourceforløb, fortsætter forløbet, til det er afsluttet. "
        "Ressourceforløb kan alene gives frem til folkepensionsalderen (LAB § 114, stk. 4).\n\n"
        "Tabellen er status pr. november 2026; kontrollér den gældende folkepensionsalder i lov om social pension."
    )

"""The builder: one unit per citable passage of the seeds, with its ref, kind, dates and versions.

Time versions of LAB chapter 19 are derived from the amendment law L 1160/2021 § 1 (quoted
in the same seed): units inserted or changed by it apply from its entry into force (parsed
from its § 6), and the wording before that date is rebuilt by applying its amendments in
reverse.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from assistant.corpus.units import Unit
from assistant.language.dates import dk_date
from tools.seeds.parse import (
    INLINE_STK,
    PARA_RE,
    STK_RE,
    Amendment,
    SeedError,
    Stk,
    find_seed,
    first_sentence,
    is_subheading,
    join_page_breaks,
    paragraphs,
    parse_amendment,
    parse_danish_date,
    parse_law,
    parse_note,
    reverse_replace,
    slug,
    split_parts,
    word_diff,
)
from tools.seeds.sources import (
    DOCS,
    L1160_TITLES,
    L1160_URL,
    L1750_DATE,
    L1750_FROM,
    L1750_REF,
    L1750_URL,
    LAB_DATE,
    LAB_TITLES,
    LAB_URL,
    LAW_STATUS_SOURCE,
    LAW_STATUS_TITLE,
    NEW_CASES_UNTIL,
    NOTE_DATE,
    PART_LIMIT,
    PM_TITLES,
    RESSOURCEFORLOEB_FROM,
    SECTION_TITLES,
    SOURCE_TITLE_L1160,
    SOURCE_TITLE_LAB,
    SOURCE_TITLE_NOTE,
)
from tools.seeds.summaries import (
    COMPLAINT_SUMMARY,
    L1750_SUMMARY,
    NOTE_L1750,
    pension_summary,
)


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
        inline = INLINE_STK.findall(raw)
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
                    heading = [p for p in q if not PARA_RE.match(p) and not STK_RE.match(p)]
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
                    notes.append(f"Affattelse fra {dk_date(in_force)}: {done}.")
                    if (para, s.number) in moved:
                        notes.append(
                            f"Før {dk_date(in_force)} var stk. {s.number} den bestemmelse, der nu er stk. "
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
                    "lab",
                    id=uid,
                    ref=ref,
                    title=LAB_TITLES.get(ref) or ref,
                    text=s.text,
                    valid_from=valid_from,
                    note=" ".join(notes) or None,
                    **common,
                )
                for n, item in s.items():
                    iref = f"{ref}, nr. {n}"
                    self.add(
                        "lab",
                        id=f"{uid}-nr-{n}",
                        ref=iref,
                        title=LAB_TITLES.get(iref) or iref,
                        text=item,
                        valid_from=valid_from,
                        note=" ".join(notes) or None,
                        **common,
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
                        f"Affattelse før {dk_date(in_force)}; ændret ved L 1160/2021 § 1, nr. {nr_txt} "
                        f"({'; '.join(d for _, d in h['changes'])}). Gengivet ved at tilbageføre ændringerne i "
                        "L 1160/2021 på praksisnotatets tekst; andre ændringer før 2022 er ikke afspejlet. Reglerne "
                        "om ressourceforløb gælder fra 1. januar 2013; paragrafnummeret kan have været et andet før "
                        "lov nr. 548 af 7. maj 2019.",
                    ]
                    if ch19:
                        old_notes.append(NOTE_L1750)
                    old_id = (
                        f"lab-{slug(para)}" + (f"-{h['old']}" if len(stks) > 1 else "") + "-foer-" + str(in_force.year)
                    )
                    self.add(
                        "lab",
                        id=old_id,
                        ref=old_ref,
                        title=LAB_TITLES.get(old_ref + "@old") or old_ref,
                        text=old_text,
                        valid_from=RESSOURCEFORLOEB_FROM,
                        valid_to=in_force - dt.timedelta(days=1),
                        note=" ".join(old_notes),
                        **common,
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

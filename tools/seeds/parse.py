"""Parsing the seed texts: paragraphs, `§` and `Stk.`, amendments, the practice note's sections and cases."""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from tools.seeds.sources import MONTHS


class SeedError(ValueError):
    """The seed text does not have the structure the builder expects."""


_TERMINAL = '.:;!?»«"”)'


INLINE_STK = re.compile(r"[ \t]*\*Stk\. (\d+)\.\*[ \t]*")


_ABBREV = ("bl.a.", "f.eks.", "jf.", "m.v.", "mv.", "nr.", "stk.", "pkt.", "ca.", "pct.", "evt.", "dvs.", "m.m.", "d.")


def paragraphs(text: str) -> list[str]:
    """Blank-line separated paragraphs; an inline `*Stk. N.*` starts a new paragraph."""
    text = text.replace("\r\n", "\n")
    text = INLINE_STK.sub(lambda m: f"\n\nStk. {m.group(1)}. ", text)
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


PARA_RE = re.compile(r"^»?§ (?P<p>\d+(?: [a-z])?)\. ")


STK_RE = re.compile(r"^»?Stk\. (?P<s>\d+)\. ")


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
        if m := PARA_RE.match(p):
            current = law.setdefault(m.group("p"), [])
            if current:
                raise SeedError(f"§ {m.group('p')} optræder to gange")
            current.append(Stk(m.group("p"), 1, [p]))
        elif m := STK_RE.match(p):
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
    r"^I § (?P<p>\d+(?: [a-z])?), stk\. (?P<s>\d+), (?P<pkt>\d+)\. pkt\., "
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

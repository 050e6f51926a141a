"""Canonical source references (`../shared/spec/references.md`).

A reference is parsed into a path of parts (`LAB`, `§ 114`, `stk. 3`), so that a
coarser reference *covers* a finer one: `LAB § 114` covers `LAB § 114, stk. 3`,
never the other way round. Whitespace and letter case are not significant.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Abbreviations of acts cited by name; any other run of 2-10 capitals is accepted
# for documents a municipality ingests (e.g. `SEL § 85`).
KNOWN_LAWS = ("LAB", "LAS", "LSP", "LOU")


class RefError(ValueError):
    """A string that is not a canonical reference."""


# No act, paragraph, stk. or nr. has more than a few digits; longer runs are not
# references (and `int()` refuses strings of more than 4300 digits).
_MAX_DIGITS = 6


def _small_int(digits: str) -> int:
    """`digits` as an int, or RefError when it is too long to be part of a reference."""
    digits = digits.lstrip("0") or "0"
    if len(digits) > _MAX_DIGITS:
        raise RefError(f"ugyldig reference: tallet {digits[:12]}… er for langt")
    return int(digits)


@dataclass(frozen=True)
class Ref:
    """A parsed reference; `parts` is the hierarchy used for matching."""

    parts: tuple[str, ...]

    @property
    def canonical(self) -> str:
        out = ""
        for i, part in enumerate(self.parts):
            if i == 0:
                out = part
            elif part.startswith("§"):
                out += " " + part
            else:
                out += ", " + part
        return out

    def __str__(self) -> str:
        return self.canonical

    def covers(self, other: Ref) -> bool:
        """True when citing `other` also counts as citing `self`."""
        n = len(self.parts)
        return len(other.parts) >= n and tuple(p.casefold() for p in other.parts[:n]) == tuple(
            p.casefold() for p in self.parts
        )

    @property
    def key(self) -> str:
        """Case- and space-insensitive form for dictionaries (casefold: `ß` meets `SS`)."""
        return re.sub(r"\s+", "", self.canonical).casefold()


_PARA = r"§\s*(?P<para>\d+)(?:\s*(?P<letter>[a-zæøå])\b)?"
_STK = r"(?:\s*,?\s*stk\.?\s*(?P<stk>\d+))?"
_NR = r"(?:\s*,?\s*nr\.?\s*(?P<nr>\d+))?"
_DATE = r"(?P<date>\d{4}-\d{2}-\d{2})"

_LAW_RE = re.compile(rf"^(?P<law>[A-ZÆØÅ]{{2,10}})\s*{_PARA}{_STK}{_NR}$", re.IGNORECASE)
_ACT_RE = re.compile(rf"^L\s*(?P<num>\d+)\s*/\s*(?P<year>\d{{4}})(?:\s*{_PARA}{_STK}{_NR})?$", re.IGNORECASE)
_PM_RE = re.compile(r"^PM\s*(?P<num>\d{1,3})\s*-\s*(?P<yy>\d{2})$", re.IGNORECASE)
_NOTE_RE = re.compile(
    r"^Praksisnotat\s+(?P<year>\d{4})\s*,\s*(?:sag\s*(?P<sag>\d+)|afsnit\s+(?P<afsnit>.+))$",
    re.IGNORECASE,
)
_DOC_RE = re.compile(rf"^(?P<issuer>[^\d,§]+?)\s+{_DATE}(?:\s*,\s*afsnit\s+(?P<afsnit>.+))?$", re.IGNORECASE)


def _para_parts(m: re.Match) -> list[str]:
    parts: list[str] = []
    if m.group("para"):
        para = str(_small_int(m.group("para")))
        if m.group("letter"):
            para += " " + m.group("letter").lower()
        parts.append(f"§ {para}")
        if m.group("stk"):
            parts.append(f"stk. {_small_int(m.group('stk'))}")
        if m.group("nr"):
            parts.append(f"nr. {_small_int(m.group('nr'))}")
    return parts


def parse_ref(text: str) -> Ref:
    """Parse a reference written canonically or loosely (`§114 stk 3` is not enough:
    the act must be named; see `find_refs` for references inside free text)."""
    s = " ".join(str(text).split())
    if not s:
        raise RefError("tom reference")
    if m := _PM_RE.match(s):
        return Ref((f"PM {int(m.group('num'))}-{m.group('yy')}",))
    if m := _ACT_RE.match(s):
        return Ref((f"L {_small_int(m.group('num'))}/{m.group('year')}", *_para_parts(m)))
    if m := _NOTE_RE.match(s):
        head = f"Praksisnotat {m.group('year')}"
        if m.group("sag"):
            return Ref((head, f"sag {_small_int(m.group('sag'))}"))
        return Ref((head, f"afsnit {m.group('afsnit').strip()}"))
    if m := _LAW_RE.match(s):
        if not m.group("para"):
            raise RefError(f"ugyldig reference: {text!r}")
        return Ref((m.group("law").upper(), *_para_parts(m)))
    if m := _DOC_RE.match(s):
        parts = [f"{m.group('issuer').strip()} {m.group('date')}"]
        if m.group("afsnit"):
            parts.append(f"afsnit {m.group('afsnit').strip()}")
        return Ref(tuple(parts))
    raise RefError(f"ugyldig reference: {text!r}")


def canonical(text: str) -> str:
    return parse_ref(text).canonical


def covers(coarse: str, fine: str) -> bool:
    """`covers("LAB § 114", "LAB § 114, stk. 3")` is True; unparsable refs never match."""
    try:
        return parse_ref(coarse).covers(parse_ref(fine))
    except RefError:
        return False


# --- references inside free text (questions) --------------------------------

_LAW_NAMES = {
    "LAS": r"(?:lov\s+om\s+aktiv\s+socialpolitik|aktivloven|LAS)",
    "LSP": r"(?:lov\s+om\s+social\s+pension|pensionsloven|LSP)",
    "LOU": r"(?:LOU)",
    "LAB": r"(?:LAB|beskæftigelsesindsatsloven)",
}
_FREE_PARA = re.compile(
    r"(?:(?P<act>L\s*\d+\s*/\s*\d{4})\s*)?"
    r"(?:(?P<abbr>\b[A-ZÆØÅ]{2,4})\s*)?"
    r"(?:§|\bparagraf|\bparagraph)\s*(?P<para>\d+)(?:\s*(?P<letter>[a-hj-z])\b(?!\.))?"
    r"(?:\s*,?\s*(?:stk\.?|stykke)\s*(?P<stk>\d+)(?:\s*[-–]\s*(?P<stk_to>\d+))?)?"
    r"(?:\s*,?\s*nr\.?\s*(?P<nr>\d+))?",
    re.IGNORECASE,
)
_FREE_PM = re.compile(
    r"\b(?:PM|principmeddelelse(?:n|rne)?|principafgørelse(?:n)?)\s*(?:nr\.?\s*)?"
    r"(?P<num>\d{1,3})\s*[-–/]\s*(?P<yy>\d{2})\b",
    re.IGNORECASE,
)
_FREE_SAG = re.compile(r"\bsag(?:en)?\s*(?:nr\.?\s*)?(?P<n>\d{1,2})\b", re.IGNORECASE)
_FREE_ACT = re.compile(r"\bL\s*(?P<num>\d{3,4})\s*/\s*(?P<year>\d{4})\b")


def find_refs(text: str) -> list[Ref]:
    """References named in a user's text, in order of appearance.

    A bare `§ 114` means LAB (the act this assistant is about) unless another act is
    named right before it. `stk. 2-4` expands to each stk.
    """
    found: list[tuple[int, Ref]] = []
    for m in _FREE_PARA.finditer(text):
        try:
            found += _free_para_refs(m, text)
        except RefError:
            continue  # a number too long to be a reference
    for m in _FREE_PM.finditer(text):
        found.append((m.start(), Ref((f"PM {int(m.group('num'))}-{m.group('yy')}",))))
    for m in _FREE_SAG.finditer(text):
        found.append((m.start(), Ref(("Praksisnotat 2022", f"sag {int(m.group('n'))}"))))
    para_spans = [m.span() for m in _FREE_PARA.finditer(text)]
    for m in _FREE_ACT.finditer(text):
        if not any(a <= m.start() < b for a, b in para_spans):
            found.append((m.start(), Ref((f"L {int(m.group('num'))}/{m.group('year')}",))))
    seen: set[str] = set()
    out: list[Ref] = []
    for _, ref in sorted(found, key=lambda x: x[0]):
        if ref.key not in seen:
            seen.add(ref.key)
            out.append(ref)
    return out


def _free_para_refs(m: re.Match, text: str) -> list[tuple[int, Ref]]:
    """The references of one `§ N` match of `_FREE_PARA` (several for `stk. 2-4`)."""
    found: list[tuple[int, Ref]] = []
    para = str(_small_int(m.group("para")))
    if m.group("letter"):
        para += " " + m.group("letter").lower()
    head = "LAB"
    if m.group("act"):
        num, year = re.split(r"\s*/\s*", m.group("act")[1:].strip())
        head = f"L {_small_int(num)}/{year}"
    else:
        raw_abbr = m.group("abbr") or ""
        abbr = raw_abbr.upper()
        if abbr in KNOWN_LAWS or (len(raw_abbr) >= 2 and raw_abbr.isupper()):
            head = abbr
        else:
            before = text[max(0, m.start() - 40) : m.start()]
            for law, pattern in _LAW_NAMES.items():
                if re.search(pattern + r"\s*$", before, re.IGNORECASE):
                    head = law
                    break
    base = [head, f"§ {para}"]
    stks: list[int] = []
    if m.group("stk"):
        lo = _small_int(m.group("stk"))
        hi = _small_int(m.group("stk_to") or m.group("stk"))
        stks = list(range(lo, min(hi, lo + 10) + 1)) if hi >= lo else [lo]
    if not stks:
        found.append((m.start(), Ref(tuple(base))))
    for stk in stks:
        parts = [*base, f"stk. {stk}"]
        if m.group("nr") and len(stks) == 1:
            parts.append(f"nr. {_small_int(m.group('nr'))}")
        found.append((m.start(), Ref(tuple(parts))))
    return found

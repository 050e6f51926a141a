"""Turn a Markdown, plain-text or HTML document into citable units.

Text with `§` structure (a consolidated act saved from retsinformation) is split into
paragraph/stk. units with references; anything else by headings and paragraphs.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from assistant.corpus.refs import RefError, parse_ref
from assistant.corpus.units import Unit
from assistant.errors import IngestError

MAX_BYTES = 20 * 1024 * 1024
MAX_UNIT_CHARS = 1800

LAW_TITLES = {
    "LAB": r"aktiv\s+beskæftigelsesindsats",
    "LAS": r"aktiv\s+socialpolitik",
    "LSP": r"social\s+pension",
    "LOU": r"organisering\s+og\s+understøttelse\s+af\s+beskæftigelsesindsatsen",
}


@dataclass
class Document:
    title: str
    text: str  # plain text with blank lines between blocks; headings marked with leading '#'


# --- reading ------------------------------------------------------------------------


def decode(data: bytes, origin: str) -> str:
    """Text of a document in whatever encoding it came in; IngestError if it is binary."""
    text = _decode(data, origin)
    sample = text[:65536]
    controls = sum(1 for c in sample if c < " " and c not in "\t\n\r\f")
    if sample and controls > len(sample) // 50:  # text has next to none; random bytes ~11 %
        raise IngestError(f"{origin}: filen ser ud til at være binær (ikke tekst) og kan ikke indlæses.")
    return text


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le'/'-be' when the zero bytes fall on every other byte, as in UTF-16 text
    of Latin letters saved without a byte order mark."""
    sample = data[:4096]
    half = len(sample) // 2
    if half < 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd >= 0.3 * half and even <= 0.05 * half:
        return "utf-16-le"
    if even >= 0.3 * half and odd <= 0.05 * half:
        return "utf-16-be"
    return None


def _decode(data: bytes, origin: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    if b"\x00" in data[:4096]:
        enc = _utf16_without_bom(data)
        if enc is None:
            raise IngestError(f"{origin}: filen ser ud til at være binær (ikke tekst) og kan ikke indlæses.")
        return data.decode(enc, errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    # UTF-8 with a few broken bytes (a cut-off copy, one pasted Latin-1 word) stays UTF-8:
    # Latin-1 text read as UTF-8 has next to no valid multi-byte letters.
    text = data.decode("utf-8", errors="replace").removeprefix("\ufeff")
    bad = text.count("\ufffd")
    letters = len(text) - len(text.encode("ascii", "ignore")) - bad
    if letters >= 4 * bad:
        return text
    try:  # Danish documents that are not UTF-8 are nearly always Windows-1252 / Latin-1
        return data.decode("cp1252")
    except UnicodeDecodeError:
        pass
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is not None and best.encoding:
            return str(best)
    except Exception:
        pass
    return data.decode("cp1252", errors="replace")


class _HTMLText(HTMLParser):
    """HTML to text blocks; scripts, styles and navigation are dropped, never run.

    Attributes (`onerror=`, `href="javascript:…"`) are never read. Character references
    are converted once, by the parser (`&amp;lt;` stays the text `&lt;`)."""

    BLOCK = {"p", "div", "section", "article", "li", "tr", "br", "table", "ul", "ol", "blockquote", "pre"}
    HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 4, "h6": 4}
    SKIP = {"script", "style", "noscript", "template", "nav", "header", "footer", "svg", "iframe", "head"}
    # A browser ignores the slash in `<script/>`: what follows is script up to `</script>`.
    NEVER_EMPTY = {"script", "style", "noscript", "template", "iframe"}
    MAX_TITLE = 300

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.title = ""
        self._skip = 0
        self._in_title = False
        self._heading = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self._skip += 1
        if tag == "title":
            self._in_title = True
        if tag in self.HEADINGS:
            self._heading = self.HEADINGS[tag]
            self.out.append("\n\n" + "#" * self._heading + " ")
        elif tag in self.BLOCK:
            self.out.append("\n\n")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in self.NEVER_EMPTY:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in self.SKIP and self._skip:
            self._skip -= 1
        if tag == "title":
            self._in_title = False
        if tag in self.HEADINGS:
            self._heading = 0
            self.out.append("\n\n")
        elif tag in self.BLOCK:
            self.out.append("\n\n")

    def handle_data(self, data):
        if self._skip:
            return
        if self._in_title:
            if len(self.title) < self.MAX_TITLE:  # an unclosed <title> swallows the page
                self.title += data[: self.MAX_TITLE]
            return
        self.out.append(data.replace("\n", " ") if not self._heading else data.strip())


def html_to_document(raw: str) -> Document:
    parser = _HTMLText()
    try:
        parser.feed(raw)
        parser.close()
    except Exception as exc:  # malformed markup that HTMLParser gives up on
        raise IngestError(f"HTML kan ikke læses: {exc}") from None
    return Document(title=" ".join(parser.title.split())[: _HTMLText.MAX_TITLE], text=_tidy("".join(parser.out)))


def _tidy(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    # control and format characters out; decided per distinct character (fast on 10 MB)
    drop = {ord(c): None for c in set(text) if c not in "\n\t" and unicodedata.category(c)[0] == "C"}
    text = text.translate(drop) if drop else text
    blocks = [" ".join(b.split()) for b in re.split(r"\n\s*\n", text)]
    return "\n\n".join(b for b in blocks if b)


def read_document(path: Path) -> Document:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise IngestError(f"{path}: kan ikke læses ({exc.strerror}).") from None
    if not path.is_file():
        raise IngestError(f"{path}: er ikke en fil.")
    if size == 0:
        raise IngestError(f"{path}: filen er tom.")
    if size > MAX_BYTES:
        raise IngestError(
            f"{path}: filen er for stor ({size // 1024 // 1024} MB; højst {MAX_BYTES // 1024 // 1024} MB)."
        )
    raw = decode(path.read_bytes(), str(path))
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm") or re.match(r"\s*(<!doctype html|<html)", raw[:200], re.IGNORECASE):
        try:
            doc = html_to_document(raw)
        except IngestError as exc:
            raise IngestError(f"{path}: {exc}") from None
    elif suffix in (".md", ".markdown", ".txt", ".text", ""):
        doc = Document(title="", text=_tidy(raw))
    else:
        raise IngestError(f"{path}: filtypen {suffix} understøttes ikke (brug .md, .txt eller .html).")
    if not doc.title:
        m = re.search(r"^#+\s*(.+)$", doc.text, re.MULTILINE)
        first = doc.text.split("\n\n", 1)[0] if doc.text else ""
        doc.title = (m.group(1) if m else first)[:120].strip() or path.stem
    if not doc.text.strip():
        raise IngestError(f"{path}: der er ingen tekst i dokumentet.")
    return doc


# --- splitting --------------------------------------------------------------------

# No § or stk. has more than 4 digits; a longer number is not a paragraph start.
_PARA_START = re.compile(r"^(?:#+\s*)?§\s*(\d{1,4})(?:\s*([a-h]))?\s*\.\s*", re.IGNORECASE)
_STK_START = re.compile(r"(?:^|\s)\*?Stk\.\s*(\d{1,4})\s*\.\*?\s*")


def has_paragraph_structure(text: str) -> bool:
    return sum(1 for b in text.split("\n\n") if _PARA_START.match(b)) >= 2


def detect_law(title: str, text: str) -> str | None:
    head = f"{title} {text[:600]}"
    for abbr, pattern in LAW_TITLES.items():
        if re.search(pattern, head, re.IGNORECASE):
            return abbr
    return None


def slugify(text: str) -> str:
    s = unicodedata.normalize("NFKD", text.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa"))
    s = re.sub(r"[^a-z0-9]+", "-", s.encode("ascii", "ignore").decode()).strip("-")
    return s[:60] or "dokument"


@dataclass
class Meta:
    source: str
    title: str
    kind: str
    issuer: str
    date: dt.date
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    url: str | None = None
    visibility: str = "public"
    law: str | None = None


def split_paragraphs(text: str, meta: Meta, prefix: str) -> list[Unit]:
    """Units per `§` and `Stk.`; text before the first `§` becomes an introduction unit."""
    blocks = text.split("\n\n")
    sections: list[tuple[str, list[str]]] = []  # (para label, blocks)
    intro: list[str] = []
    for b in blocks:
        m = _PARA_START.match(b)
        if m:
            label = m.group(1) + (f" {m.group(2).lower()}" if m.group(2) else "")
            sections.append((label, [b]))
        elif sections:
            if re.match(r"^#+\s", b) or re.match(r"^(Kapitel|Afsnit)\s+\d+", b, re.IGNORECASE):
                continue  # headings between paragraphs belong to neither
            sections[-1][1].append(b)
        else:
            intro.append(b)
    units: list[Unit] = []
    if intro:
        units += split_headings("\n\n".join(intro), meta, prefix + "-indledning")
    seen: dict[str, int] = {}
    for label, parts in sections:
        body = " ".join(parts)
        body = re.sub(r"^(?:#+\s*)", "", body)
        stks = [m for m in _STK_START.finditer(body)]
        pieces: list[tuple[int | None, str]] = []
        if not stks:
            pieces.append((None, body))
        else:
            pieces.append((1, body[: stks[0].start()]))
            for i, m in enumerate(stks):
                end = stks[i + 1].start() if i + 1 < len(stks) else len(body)
                pieces.append((int(m.group(1)), body[m.start() : end]))
        for stk, piece in pieces:
            piece = piece.strip()
            if not piece:
                continue
            para_ref = _para_ref(meta, label, stk)
            key = para_ref
            seen[key] = seen.get(key, 0) + 1
            uid = (
                f"{prefix}-{slugify(label)}" + (f"-{stk}" if stk else "") + (f"-v{seen[key]}" if seen[key] > 1 else "")
            )
            units.append(_unit(meta, uid, para_ref, f"§ {label}" + (f", stk. {stk}" if stk else ""), piece))
    return units


def _para_ref(meta: Meta, label: str, stk: int | None) -> str:
    stk_part = f", stk. {stk}" if stk else ""
    if meta.law:
        return f"{meta.law} § {label}{stk_part}"
    return f"{meta.issuer} {meta.date.isoformat()}, afsnit § {label}{stk_part}"


def split_headings(text: str, meta: Meta, prefix: str) -> list[Unit]:
    """Units per heading, long sections cut at paragraph boundaries."""
    sections: list[tuple[str, list[str]]] = [("", [])]
    for b in text.split("\n\n"):
        m = re.match(r"^(#+)\s*(.+)$", b)
        if m:
            sections.append((m.group(2).strip(), []))
        else:
            sections[-1][1].append(b)
    units: list[Unit] = []
    used: dict[str, int] = {}  # id → how often it was wanted (sections with the same heading)
    for heading, paras in sections:
        if not paras:
            continue
        groups: list[str] = []
        cur = ""
        for p in (piece for para in paras for piece in _cut_long(para)):
            if cur and len(cur) + len(p) > MAX_UNIT_CHARS:
                groups.append(cur)
                cur = p
            else:
                cur = f"{cur}\n\n{p}".strip()
        if cur:
            groups.append(cur)
        name = heading or meta.title
        for i, g in enumerate(groups, 1):
            uid = f"{prefix}-{slugify(name)}" + (f"-{i}" if len(groups) > 1 else "")
            if uid in used:  # `-x`, `-x-x`, … grew quadratically with many equal headings
                used[uid] += 1
                while f"{uid}-{used[uid]}" in used:
                    used[uid] += 1
                uid = f"{uid}-{used[uid]}"
            used[uid] = 1
            afsnit = re.sub(r"[,§]", " ", name).strip() or "tekst"
            ref = f"{meta.issuer} {meta.date.isoformat()}, afsnit {' '.join(afsnit.split())}"
            title = name + (f" (del {i})" if len(groups) > 1 else "")
            units.append(_unit(meta, uid, ref, title, g))
    return units


def _cut_long(paragraph: str, limit: int = MAX_UNIT_CHARS) -> list[str]:
    """A paragraph longer than a unit, cut after a sentence (or else a space) near the limit;
    a 10 MB file without blank lines must not become one 10 MB unit."""
    if len(paragraph) <= limit:
        return [paragraph]
    pieces, at = [], 0
    while len(paragraph) - at > limit:
        window = paragraph[at : at + limit]
        cut = max(window.rfind(". "), window.rfind("? "), window.rfind("! ")) + 1
        if cut <= limit // 2:
            cut = window.rfind(" ")
        if cut <= limit // 2:
            cut = limit
        pieces.append(window[:cut].strip())
        at += cut
    pieces.append(paragraph[at:].strip())
    return [p for p in pieces if p]


def _unit(meta: Meta, uid: str, ref: str, title: str, text: str) -> Unit:
    try:
        ref = parse_ref(ref).canonical
    except RefError as exc:
        raise IngestError(f"{meta.source}: {exc}") from None
    return Unit(
        id=uid,
        ref=ref,
        title=title[:200],
        kind=meta.kind,
        source=meta.source,
        source_title=meta.title,
        date=meta.date,
        valid_from=meta.valid_from,
        valid_to=meta.valid_to,
        url=meta.url,
        visibility=meta.visibility,
        text=text,
    )


def document_units(
    path: Path,
    issuer: str | None = None,
    date: dt.date | None = None,
    law: str | None = None,
    kind: str | None = None,
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
    url: str | None = None,
    internal: bool = False,
) -> list[Unit]:
    """Read and split one document; raises IngestError with a clear message."""
    doc = read_document(path)
    if date is None:
        date = dt.date.fromtimestamp(path.stat().st_mtime)
    issuer = " ".join((issuer or "Dokument").split())
    if re.search(r"[\d,§]", issuer):
        raise IngestError("Udsteder (--issuer) må ikke indeholde tal, komma eller §.")
    structured = has_paragraph_structure(doc.text)
    if structured and law is None:
        law = detect_law(doc.title, doc.text)
    if law is not None and not re.fullmatch(r"[A-ZÆØÅ]{2,10}", law):
        raise IngestError("Lovforkortelsen (--law) skal være 2-10 store bogstaver, fx LAB.")
    meta = Meta(
        source=path.name,
        title=doc.title,
        kind=kind or ("lov" if structured and law else "dokument"),
        issuer=issuer,
        date=date,
        valid_from=valid_from,
        valid_to=valid_to,
        url=url,
        visibility="internal" if internal else "public",
        law=law,
    )
    prefix = slugify(f"{issuer}-{path.stem}")
    units = split_paragraphs(doc.text, meta, prefix) if structured else split_headings(doc.text, meta, prefix)
    if not units:
        raise IngestError(f"{path}: der blev ikke fundet nogen tekst at indlæse.")
    return units

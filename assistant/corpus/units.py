"""Source units: the smallest citable passages, stored as Markdown with YAML front matter.

One file per unit keeps the corpus reviewable in a diff and lets the index refresh
only what changed (the content hash covers front matter and text).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, Field, field_validator

from assistant.corpus.refs import parse_ref
from assistant.errors import CorpusError

Kind = Literal[
    "lov", "ændringslov", "principmeddelelse", "praksisnotat", "sag", "svar", "rapport", "vejledning", "dokument"
]
Outcome = Literal["stadfæstelse", "ændring", "hjemvisning", "afvisning"]
Visibility = Literal["public", "internal"]


# --- YAML that cannot blow up ------------------------------------------------------

MAX_YAML_DEPTH = 50
MAX_YAML_ALIASED_NODES = 200_000


class YamlShapeError(ValueError):
    """YAML nested too deep or with aliases that expand too far; `line` is 1-based (as
    PyYAML counts), `index` the character where it was found."""

    def __init__(self, message: str, line: int, index: int = 0):
        self.line, self.index = line, index
        super().__init__(message)


def check_yaml_shape(
    text: str,
    loader: type = yaml.SafeLoader,
    max_depth: int = MAX_YAML_DEPTH,
    max_aliased: int = MAX_YAML_ALIASED_NODES,
) -> None:
    """Refuse YAML that would exhaust the stack, time or memory once composed.

    PyYAML composes and constructs recursively (deep nesting is a RecursionError), and an
    alias is a reference, so a few lines of anchors expand to 10⁹ nodes ("billion laughs")
    for anything that walks the data. The parser's events are read without recursion;
    each anchor's expanded size is counted, and what aliases add beyond the file's own
    nodes (those are bounded by its size) may not exceed `max_aliased`. An alias to a node
    still open (a cycle) is refused too. Syntax errors surface as `yaml.YAMLError`.
    """
    sizes: dict[str, int] = {}
    stack: list[list] = [[0, None]]  # [expanded size, anchor] per open collection
    aliased = 0
    for event in yaml.parse(text, Loader=loader):
        mark = event.start_mark
        where = (mark.line + 1, mark.index) if mark else (1, 0)
        if isinstance(event, yaml.CollectionStartEvent):
            if len(stack) > max_depth:
                raise YamlShapeError(f"YAML er indlejret mere end {max_depth} niveauer", *where)
            stack.append([1, event.anchor])
        elif isinstance(event, yaml.CollectionEndEvent):
            size, anchor = stack.pop()
            if anchor is not None:
                sizes[anchor] = size
            stack[-1][0] += size
        elif isinstance(event, yaml.ScalarEvent):
            if event.anchor is not None:
                sizes[event.anchor] = 1
            stack[-1][0] += 1
        elif isinstance(event, yaml.AliasEvent):
            if event.anchor not in sizes:
                raise YamlShapeError(f"aliaset *{event.anchor} henviser til sig selv eller til et ukendt anker", *where)
            stack[-1][0] += sizes[event.anchor]
            aliased += sizes[event.anchor]
            if aliased > max_aliased:
                raise YamlShapeError(f"aliaserne udfolder sig til mere end {max_aliased} elementer", *where)


class Unit(BaseModel):
    """A citable passage and what is known about it."""

    id: str = Field(description="stable id, unique in the corpus; also the file name")
    ref: str = Field(description="canonical reference (references.md)")
    title: str
    kind: Kind
    source: str = Field(description="the source document the text was taken from")
    source_title: str | None = None
    date: dt.date | None = Field(default=None, description="date of the source document")
    valid_from: dt.date | None = Field(default=None, description="first day this wording applied")
    valid_to: dt.date | None = Field(default=None, description="last day this wording applied")
    new_cases_until: dt.date | None = Field(
        default=None,
        description="last day the rule can be applied to a new case; running cases continue",
    )
    closed_by: str | None = Field(
        default=None, description="ref of the act that closed the rule to new cases (after new_cases_until)"
    )
    url: str | None = None
    outcome: Outcome | None = None
    summary: bool = Field(default=False, description="a summary of facts, not the source's own words")
    visibility: Visibility = "public"
    note: str | None = None
    text: str

    @field_validator("ref")
    @classmethod
    def _ref_parses(cls, v: str) -> str:
        return parse_ref(v).canonical

    @field_validator("closed_by")
    @classmethod
    def _closed_by_parses(cls, v: str | None) -> str | None:
        return parse_ref(v).canonical if v else None

    @field_validator("text")
    @classmethod
    def _text_not_empty(cls, v: str) -> str:
        v = v.strip()
        if not v:
            raise ValueError("tom tekst")
        return v

    def in_force(self, on: dt.date) -> bool:
        """Whether this wording was the law (or the document existed) on `on`."""
        if self.valid_from and on < self.valid_from:
            return False
        if self.valid_to and on > self.valid_to:
            return False
        return True

    def open_to_new_cases(self, on: dt.date) -> bool:
        return self.in_force(on) and (self.new_cases_until is None or on <= self.new_cases_until)

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(dump_unit(self).encode("utf-8")).hexdigest()[:16]


_FIELDS = [f for f in Unit.model_fields if f != "text"]
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*\r?\n", re.DOTALL | re.MULTILINE)


class _UnitDumper(yaml.SafeDumper):
    """Writes strings holding YAML's extra line breaks (NEL, LS, PS) double-quoted, where
    they are escaped; in other styles PyYAML writes them raw and reads them back as
    spaces or newlines, and the unit would change on every save."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if any(c in value for c in "\x85\u2028\u2029"):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
    return dumper.represent_str(value)


_UnitDumper.add_representer(str, _represent_str)


def dump_unit(unit: Unit) -> str:
    """Markdown with front matter; empty fields are left out so files stay short."""
    meta = {}
    for name in _FIELDS:
        value = getattr(unit, name)
        if value is None or (name == "summary" and not value) or (name == "visibility" and value == "public"):
            continue
        meta[name] = value
    head = yaml.dump(meta, Dumper=_UnitDumper, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{head}---\n{unit.text}\n"


def parse_unit(text: str, origin: str = "<tekst>") -> Unit:
    m = _FRONT_MATTER.match(text)
    if not m:
        raise CorpusError(f"{origin}: mangler front matter (--- ... ---)")
    head, body = m.group(1), text[m.end() :]
    try:
        check_yaml_shape(head)
        meta = yaml.safe_load(head) or {}
    except Exception as exc:  # YAMLError, or what PyYAML's constructors raise (`date: 2021-02-30`, `!!int ''`)
        raise CorpusError(f"{origin}: ugyldig front matter: {exc}") from None
    if not isinstance(meta, dict):
        raise CorpusError(f"{origin}: front matter skal være en mapping")
    try:
        return Unit(**meta, text=body)
    except Exception as exc:  # pydantic ValidationError or RefError
        raise CorpusError(f"{origin}: {exc}") from None


def load_unit(path: Path) -> Unit:
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CorpusError(f"{path}: kan ikke læses: {exc}") from None
    return parse_unit(raw, str(path))


def write_unit(unit: Unit, directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{unit.id}.md"
    path.write_text(dump_unit(unit), encoding="utf-8")
    return path


def iter_unit_files(dirs: Iterable[Path]) -> Iterable[Path]:
    for d in dirs:
        if d.is_dir():
            yield from sorted(p for p in d.rglob("*.md") if p.name.lower() != "readme.md")


def load_corpus(dirs: Iterable[Path]) -> list[Unit]:
    """All units under `dirs`; duplicate ids are an error (ids are index keys)."""
    units: list[Unit] = []
    seen: dict[str, Path] = {}
    for path in iter_unit_files(dirs):
        unit = load_unit(path)
        if unit.id in seen:
            raise CorpusError(f"{path}: id {unit.id!r} findes også i {seen[unit.id]}")
        seen[unit.id] = path
        units.append(unit)
    return units

"""Source units: the smallest citable passages, stored as Markdown with YAML front matter.

One file per unit keeps the corpus reviewable in a diff and lets the index refresh
only what changed (the content hash covers front matter and text).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path
from typing import Iterable, Literal

import yaml
from pydantic import BaseModel, Field, field_validator

from .refs import parse_ref

Kind = Literal["lov", "ændringslov", "principmeddelelse", "praksisnotat", "sag", "svar", "rapport", "vejledning", "dokument"]
Outcome = Literal["stadfæstelse", "ændring", "hjemvisning", "afvisning"]
Visibility = Literal["public", "internal"]


class CorpusError(ValueError):
    """A unit file that cannot be read; the message names the file and field."""


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


def dump_unit(unit: Unit) -> str:
    """Markdown with front matter; empty fields are left out so files stay short."""
    meta = {}
    for name in _FIELDS:
        value = getattr(unit, name)
        if value is None or (name == "summary" and not value) or (name == "visibility" and value == "public"):
            continue
        meta[name] = value
    head = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{head}---\n{unit.text}\n"


def parse_unit(text: str, origin: str = "<tekst>") -> Unit:
    m = _FRONT_MATTER.match(text)
    if not m:
        raise CorpusError(f"{origin}: mangler front matter (--- ... ---)")
    head, body = m.group(1), text[m.end() :]
    try:
        meta = yaml.safe_load(head) or {}
    except (ValueError, yaml.YAMLError) as exc:
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

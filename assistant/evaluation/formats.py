"""The eval file formats of `../shared/spec/eval-formats.md`, validated with line numbers.

Other teams write these files by hand; a mistake is reported with file, line and field,
and one bad item never hides the results of the good ones.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from assistant.corpus.refs import RefError, parse_ref
from assistant.corpus.units import YamlShapeError, check_yaml_shape
from assistant.errors import EvalFileError

MAX_FILE_BYTES = 5 * 1024 * 1024


class ItemError(ValueError):
    def __init__(self, file: str, line: int | None, field: str, message: str):
        self.file, self.line, self.field, self.message = file, line, field, message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: felt '{self.field}': {self.message}"


def _check_refs(v: list[str]) -> list[str]:
    out = []
    for r in v:
        try:
            out.append(parse_ref(r).canonical)
        except RefError as exc:
            raise ValueError(str(exc)) from None
    return out


class Expected(BaseModel):
    model_config = ConfigDict(extra="forbid")
    refs_any: list[str] = Field(default_factory=list)
    must_mention: list[str] = Field(default_factory=list)
    must_not_mention: list[str] = Field(default_factory=list)
    abstain: bool | None = None

    @field_validator("refs_any")
    @classmethod
    def _refs(cls, v: list[str]) -> list[str]:
        return _check_refs(v)

    @field_validator("must_mention", "must_not_mention", mode="before")
    @classmethod
    def _strings(cls, v: Any) -> Any:
        if isinstance(v, list):
            return [str(x) if isinstance(x, (int, float)) and not isinstance(x, bool) else x for x in v]
        return v


Audience = Literal["caseworker", "citizen"]


class Question(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    audience: Audience = "caseworker"
    asked_on: dt.date | None = None
    question: str = Field(min_length=1)
    expected: Expected = Field(default_factory=Expected)


class Turn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    user: str = Field(min_length=1)
    date: dt.date | None = None
    expected: Expected = Field(default_factory=Expected)


class Dialogue(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    audience: Audience = "caseworker"
    asked_on: dt.date | None = None
    turns: list[Turn] = Field(min_length=1)


DATE_FACTS = {"course_start", "course_granted_on"}


class CaseExpected(BaseModel):
    model_config = ConfigDict(extra="forbid")
    outcome: Literal["stadfæstelse", "ændring", "hjemvisning", "afvisning"]
    refs: list[str] = Field(default_factory=list)

    @field_validator("refs")
    @classmethod
    def _refs(cls, v: list[str]) -> list[str]:
        return _check_refs(v)


class Case(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    decision_date: dt.date
    narrative: str = ""
    facts: dict[str, Any] | None = None
    expected: CaseExpected

    @field_validator("facts")
    @classmethod
    def _fact_dates(cls, v: dict[str, Any] | None) -> dict[str, Any] | None:
        if v is None:
            return None
        for key, value in v.items():
            if key.endswith("_date") or key in DATE_FACTS:
                try:
                    v[key] = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
                except ValueError:
                    raise ValueError(f"facts.{key}: ugyldig dato {value!r} (brug ÅÅÅÅ-MM-DD)") from None
        return v

    @model_validator(mode="after")
    def _consistent(self) -> Case:
        if not self.narrative.strip() and not self.facts:
            raise ValueError("en sag skal have 'narrative' eller 'facts'")
        birth = (self.facts or {}).get("birth_date")
        if isinstance(birth, dt.date) and birth > self.decision_date:
            raise ValueError(f"facts.birth_date {birth} ligger efter decision_date {self.decision_date}")
        return self


KINDS: dict[str, type[Question] | type[Dialogue] | type[Case]] = {
    "questions": Question,
    "dialogues": Dialogue,
    "cases": Case,
}


@dataclass
class EvalFile:
    path: str
    kind: str
    items: list[Any]
    errors: list[ItemError]


class _Lines:
    """Line numbers as an editor shows them. PyYAML also counts NEL, LS and PS as line
    breaks, so its own `mark.line` can point past the end of the file."""

    def __init__(self, text: str):
        self._starts = [m.end() for m in re.finditer(r"\r\n?|\n", text)]

    def at(self, index: int) -> int:
        return bisect.bisect_right(self._starts, index) + 1

    def of(self, mark: yaml.Mark) -> int:
        return self.at(mark.index)


def _line_map(node: yaml.Node, lines: _Lines, path: tuple = (), out: dict | None = None) -> dict[tuple, int]:
    out = {} if out is None else out
    out[path] = lines.of(node.start_mark)
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if not isinstance(k, yaml.ScalarNode):
                continue  # a list or mapping as a key is refused when the data is built
            key = k.value
            out[path + (key,)] = lines.of(k.start_mark)
            _line_map(v, lines, path + (key,), out)
    elif isinstance(node, yaml.SequenceNode):
        for i, v in enumerate(node.value):
            _line_map(v, lines, path + (i,), out)
    return out


class _UniqueKeyLoader(yaml.SafeLoader):
    def construct_object(self, node, deep=False):
        """A value its tag cannot build (`!!timestamp 2021-02-30`, `!!int ''`, an int of 5000
        digits) is a YAML error at its own line. PyYAML's constructors fail on those with
        ValueError, IndexError, TypeError and more, so all but YAML errors are converted."""
        try:
            return super().construct_object(node, deep)
        except yaml.YAMLError:
            raise
        except Exception as exc:
            raise yaml.constructor.ConstructorError(None, None, f"ugyldig værdi: {exc}", node.start_mark) from None


def _no_duplicates(loader, node, deep=False):
    keys = set()
    for k, _ in node.value:
        if not isinstance(k, yaml.ScalarNode):
            continue  # unhashable: PyYAML itself reports it with its line
        if k.value in keys:
            raise yaml.constructor.ConstructorError(None, None, f"nøglen '{k.value}' står to gange", k.start_mark)
        keys.add(k.value)
    return loader.construct_mapping(node, deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _no_duplicates)
# Dates stay strings until validation, so `2021-02-30` is reported with its line, not thrown.
_UniqueKeyLoader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for ch, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_eval_file(path: Path | str) -> EvalFile:
    """Parse and validate; raises EvalFileError when nothing in the file can be used."""
    path = Path(path)
    name = str(path)
    try:
        data_bytes = path.read_bytes()
    except OSError as exc:
        raise EvalFileError(f"{name}: kan ikke læses ({exc.strerror})") from None
    return load_eval_bytes(data_bytes, name)


def load_eval_bytes(data_bytes: bytes, name: str) -> EvalFile:
    """`load_eval_file` for a file's content; `name` is used in the messages."""
    if len(data_bytes) > MAX_FILE_BYTES:
        raise EvalFileError(f"{name}: filen er for stor (højst {MAX_FILE_BYTES // 1024 // 1024} MB)")
    try:
        text = data_bytes.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise EvalFileError(f"{name}: filen er ikke UTF-8-tekst") from None
    try:
        check_yaml_shape(text, _UniqueKeyLoader)
        loader = _UniqueKeyLoader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except YamlShapeError as exc:
        raise EvalFileError(f"{name}:{_Lines(text).at(exc.index)}: ugyldig YAML: {exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        if mark:
            line = f":{_Lines(text).of(mark)}"
        elif isinstance(exc, yaml.reader.ReaderError):  # a control character: no mark, a position
            line = f":{_Lines(text).at(exc.position)}"
        else:
            line = ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise EvalFileError(f"{name}{line}: ugyldig YAML: {problem}") from None
    if not isinstance(data, dict) or node is None:
        raise EvalFileError(f"{name}: forventede en YAML-mapping med 'questions', 'dialogues' eller 'cases'")
    kinds = [k for k in KINDS if k in data]
    if len(kinds) != 1:
        raise EvalFileError(f"{name}: filen skal have præcis én af nøglerne 'questions', 'dialogues' eller 'cases'")
    kind = kinds[0]
    lines = _line_map(node, _Lines(text))
    raw_items = data[kind]
    if not isinstance(raw_items, list):
        raise EvalFileError(f"{name}:{lines.get((kind,), 1)}: '{kind}' skal være en liste")
    model = KINDS[kind]
    items: list[Any] = []
    errors: list[ItemError] = []
    seen: dict[str, int | None] = {}
    for i, raw in enumerate(raw_items):
        base = (kind, i)
        if not isinstance(raw, dict):
            errors.append(ItemError(name, lines.get(base), f"{kind}[{i}]", "skal være en mapping"))
            continue
        try:
            item = model.model_validate(raw)
        except ValidationError as exc:
            err = exc.errors()[0]
            loc = tuple(err["loc"])
            at: int | None = None
            for cut in range(len(loc), -1, -1):
                at = lines.get(base + loc[:cut])
                if at:
                    break
            fld = ".".join(str(x) for x in loc) or f"{kind}[{i}]"
            errors.append(ItemError(name, at, f"{raw.get('id', i)}.{fld}", err["msg"]))
            continue
        if item.id in seen:
            errors.append(
                ItemError(name, lines.get(base + ("id",)), f"{item.id}.id", f"id bruges også på linje {seen[item.id]}")
            )
            continue
        seen[item.id] = lines.get(base + ("id",))
        items.append(item)
    return EvalFile(path=name, kind=kind, items=items, errors=errors)

"""Parameters of the law as data (`rules/params/*.yaml`), OpenFisca style.

Three kinds, each value carrying its canonical `ref`:

* **dated parameters** (`parameters:`): a list of values, each valid `from` a day `to` a day
  (the last one open-ended). Together they cover every day from `COVERAGE_START`
  (2013-01-01, when ressourceforløb began) exactly once; `value: null` means "the rule is
  not in force" on those days. `unconfirmed: true` marks a value not confirmed against the
  law text (L 1750/2025). `value(name, on)` returns the one value in force on a day.
* **constants** (`constants:`): fixed dates and numbers of transitional rules
  (L 1160/2021 § 7), `constant(name)`.
* **tables** (`tables:`): the folkepensionsalder by date of birth (LSP § 1 a),
  `pension_age(birth_date)`.

The files are read once at import; a malformed file raises `ParamError` naming the file,
the parameter and the problem. A new reform is a new dated value in the YAML, not code.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import yaml

from rules.dates import ONE_DAY, add_months, add_years

COVERAGE_START = dt.date(2013, 1, 1)


class ParamError(ValueError):
    """A parameter file that breaks the format (gap, overlap, missing ref, ...)."""


@dataclass(frozen=True)
class ParamValue:
    """One dated value of a parameter."""

    name: str
    value: Any
    ref: str
    valid_from: dt.date
    valid_to: dt.date | None  # None = open-ended
    unconfirmed: bool = False
    note: str | None = None
    amended_by: str | None = None
    see_also: tuple[str, ...] = field(default=())

    @property
    def in_force(self) -> bool:
        """False when the value is null: the rule does not apply on these days."""
        return self.value is not None

    def covers(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    @property
    def refs(self) -> list[str]:
        return [self.ref, *self.see_also]

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "name": self.name,
            "value": self.value.isoformat() if isinstance(self.value, dt.date) else self.value,
            "ref": self.ref,
            "valid_from": self.valid_from.isoformat(),
            "valid_to": self.valid_to.isoformat() if self.valid_to else None,
            "unconfirmed": self.unconfirmed,
        }
        if self.note:
            d["note"] = self.note
        if self.amended_by:
            d["amended_by"] = self.amended_by
        if self.see_also:
            d["see_also"] = list(self.see_also)
        return d


@dataclass(frozen=True)
class Constant:
    name: str
    value: Any
    ref: str
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "name": self.name,
            "value": self.value.isoformat() if isinstance(self.value, dt.date) else self.value,
            "ref": self.ref,
        }
        if self.note:
            d["note"] = self.note
        return d


@dataclass(frozen=True)
class PensionAge:
    """Folkepensionsalder for a date of birth, with the table row it came from."""

    years: float  # 65.5 = 65½ år
    ref: str
    born_from: dt.date | None
    born_to: dt.date | None
    note: str | None = None

    @property
    def months(self) -> int:
        return round(self.years * 12)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": "folkepensionsalder",
            "value": self.years,
            "ref": self.ref,
            "born_from": self.born_from.isoformat() if self.born_from else None,
            "born_to": self.born_to.isoformat() if self.born_to else None,
            **({"note": self.note} if self.note else {}),
        }


_VALUE_KEYS = {"from", "to", "value", "ref", "note", "unconfirmed", "amended_by", "see_also"}


def _as_date(v: Any, where: str) -> dt.date:
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    try:
        return dt.date.fromisoformat(str(v))
    except ValueError:
        raise ParamError(f"{where}: ugyldig dato {v!r}") from None


def _load_values(name: str, spec: Any, where: str) -> list[ParamValue]:
    if not isinstance(spec, dict) or not isinstance(spec.get("values"), list) or not spec["values"]:
        raise ParamError(f"{where}: parameteren '{name}' skal have en ikke-tom liste 'values'")
    out: list[ParamValue] = []
    for i, raw in enumerate(spec["values"]):
        w = f"{where}: {name}.values[{i}]"
        if not isinstance(raw, dict):
            raise ParamError(f"{w}: skal være en mapping")
        extra = set(raw) - _VALUE_KEYS
        if extra:
            raise ParamError(f"{w}: ukendte nøgler {sorted(extra)}")
        for key in ("from", "value", "ref"):
            if key not in raw:
                raise ParamError(f"{w}: mangler '{key}'")
        if not isinstance(raw["ref"], str) or not raw["ref"].strip():
            raise ParamError(f"{w}: 'ref' skal være en ikke-tom tekst")
        see_also = raw.get("see_also") or []
        if not isinstance(see_also, list) or not all(isinstance(s, str) for s in see_also):
            raise ParamError(f"{w}: 'see_also' skal være en liste af referencer")
        out.append(
            ParamValue(
                name=name,
                value=raw["value"],
                ref=raw["ref"],
                valid_from=_as_date(raw["from"], w),
                valid_to=_as_date(raw["to"], w) if raw.get("to") is not None else None,
                unconfirmed=bool(raw.get("unconfirmed", False)),
                note=raw.get("note"),
                amended_by=raw.get("amended_by"),
                see_also=tuple(see_also),
            )
        )
    # coverage: first from = COVERAGE_START, each next from = previous to + 1 day, last open
    if out[0].valid_from != COVERAGE_START:
        raise ParamError(f"{where}: {name} skal begynde {COVERAGE_START}, ikke {out[0].valid_from}")
    fixed: list[ParamValue] = []
    for i, pv in enumerate(out):
        nxt = out[i + 1] if i + 1 < len(out) else None
        if nxt is None:
            if pv.valid_to is not None:
                raise ParamError(f"{where}: {name}: den sidste værdi skal være åben (uden 'to')")
            fixed.append(pv)
            continue
        to = pv.valid_to if pv.valid_to is not None else nxt.valid_from - ONE_DAY
        if to < pv.valid_from:
            raise ParamError(f"{where}: {name}: 'to' {to} ligger før 'from' {pv.valid_from}")
        if nxt.valid_from != to + ONE_DAY:
            kind = "hul" if nxt.valid_from > to + ONE_DAY else "overlap"
            raise ParamError(f"{where}: {name}: {kind} mellem {to} og {nxt.valid_from}")
        fixed.append(ParamValue(**{**pv.__dict__, "valid_to": to}))
    return fixed


def _load_table(name: str, spec: Any, where: str) -> list[PensionAge]:
    rows = spec.get("rows") if isinstance(spec, dict) else None
    if not isinstance(rows, list) or not rows:
        raise ParamError(f"{where}: tabellen '{name}' skal have en ikke-tom liste 'rows'")
    out: list[PensionAge] = []
    for i, r in enumerate(rows):
        w = f"{where}: {name}.rows[{i}]"
        if not isinstance(r, dict) or "value" not in r or "ref" not in r:
            raise ParamError(f"{w}: skal have 'value' og 'ref'")
        out.append(
            PensionAge(
                years=float(r["value"]),
                ref=r["ref"],
                born_from=_as_date(r["born_from"], w) if r.get("born_from") is not None else None,
                born_to=_as_date(r["born_to"], w) if r.get("born_to") is not None else None,
                note=r.get("note"),
            )
        )
    if out[0].born_from is not None or out[-1].born_to is not None:
        raise ParamError(f"{where}: {name}: første række skal være åben bagud og sidste åben fremad")
    for a, b in zip(out, out[1:]):
        if a.born_to is None or b.born_from is None or b.born_from != a.born_to + ONE_DAY:
            raise ParamError(f"{where}: {name}: hul eller overlap mellem {a.born_to} og {b.born_from}")
    return out


def _read_files() -> list[tuple[str, dict[str, Any]]]:
    base = resources.files("rules").joinpath("params")
    files = sorted((p for p in base.iterdir() if p.name.endswith(".yaml")), key=lambda p: p.name)
    out: list[tuple[str, dict[str, Any]]] = []
    for p in files:
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ParamError(f"{p.name}: forventede en YAML-mapping")
        unknown = set(data) - {"parameters", "constants", "tables"}
        if unknown:
            raise ParamError(f"{p.name}: ukendte nøgler {sorted(unknown)}")
        out.append((p.name, data))
    return out


def _load_all() -> tuple[
    dict[str, list[ParamValue]], dict[str, Constant], dict[str, list[PensionAge]], dict[str, dict[str, Any]]
]:
    params: dict[str, list[ParamValue]] = {}
    consts: dict[str, Constant] = {}
    tables: dict[str, list[PensionAge]] = {}
    meta: dict[str, dict[str, Any]] = {}
    for fname, data in _read_files():
        for name, spec in (data.get("parameters") or {}).items():
            if name in params or name in consts:
                raise ParamError(f"{fname}: parameteren '{name}' er defineret to gange")
            params[name] = _load_values(name, spec, fname)
            meta[name] = {"file": fname, "description": spec.get("description"), "unit": spec.get("unit")}
        for name, spec in (data.get("constants") or {}).items():
            if name in params or name in consts:
                raise ParamError(f"{fname}: konstanten '{name}' er defineret to gange")
            if not isinstance(spec, dict) or "value" not in spec or not spec.get("ref"):
                raise ParamError(f"{fname}: konstanten '{name}' skal have 'value' og 'ref'")
            v = spec["value"]
            consts[name] = Constant(name, v.date() if isinstance(v, dt.datetime) else v, spec["ref"], spec.get("note"))
        for name, spec in (data.get("tables") or {}).items():
            tables[name] = _load_table(name, spec, fname)
    return params, consts, tables, meta


_PARAMS, _CONSTANTS, _TABLES, _META = _load_all()


def names() -> list[str]:
    """Names of all dated parameters."""
    return sorted(_PARAMS)


def describe(name: str) -> dict[str, Any]:
    """File, description and unit of a dated parameter."""
    return dict(_META[name])


def values(name: str) -> list[ParamValue]:
    """All dated values of a parameter, oldest first."""
    try:
        return list(_PARAMS[name])
    except KeyError:
        raise KeyError(f"ukendt parameter: {name!r}") from None


def value(name: str, on: dt.date) -> ParamValue:
    """The value of `name` in force on `on` (exactly one, by construction)."""
    if on < COVERAGE_START:
        raise ValueError(f"{name}: ingen regler om ressourceforløb før {COVERAGE_START} (spurgt om {on})")
    hits = [pv for pv in values(name) if pv.covers(on)]
    if len(hits) != 1:  # cannot happen after the load checks; kept as Catala's NoValue/Conflict
        raise ParamError(f"{name}: {len(hits)} værdier den {on}")
    return hits[0]


def change_dates(name: str) -> list[dt.date]:
    """Days on which a new value of `name` takes effect (after COVERAGE_START)."""
    return [pv.valid_from for pv in values(name)[1:]]


def constant(name: str) -> Constant:
    try:
        return _CONSTANTS[name]
    except KeyError:
        raise KeyError(f"ukendt konstant: {name!r}") from None


def constants() -> dict[str, Constant]:
    return dict(_CONSTANTS)


def pension_table() -> list[PensionAge]:
    return list(_TABLES["folkepensionsalder"])


def pension_age(birth_date: dt.date) -> PensionAge:
    """Folkepensionsalder (LSP § 1 a) for a person born on `birth_date`."""
    for row in _TABLES["folkepensionsalder"]:
        if (row.born_from is None or row.born_from <= birth_date) and (
            row.born_to is None or birth_date <= row.born_to
        ):
            return row
    raise ParamError(f"folkepensionsalder: ingen række for {birth_date}")  # pragma: no cover


def pension_date(birth_date: dt.date) -> dt.date:
    """The day the person reaches folkepensionsalderen (65½ år = 65 years and 6 months)."""
    pa = pension_age(birth_date)
    whole, months = divmod(pa.months, 12)
    return add_months(add_years(birth_date, whole), months)

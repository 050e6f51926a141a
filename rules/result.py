"""Results of rules and the trace that explains them (flat, JSON-serialisable).

A trace is a list of steps (dicts), in the order they were taken:

* `{"step": "law", "date": ..., "why": ...}`: which day's law was applied and why;
* `{"step": "fact", "name": ..., "value": ...}`: a fact read (value None = unknown);
* `{"step": "param", "name": ..., "value": ..., "ref": ..., "valid_from": ..., "valid_to": ..., "unconfirmed": ...}`:
  a parameter read, with the period of the value;
* `{"step": "constant", ...}`, `{"step": "table", ...}`: a transitional constant / pension table row;
* `{"step": "derived", "name": ..., "value": ..., "because": ...}`: an intermediate conclusion;
* `{"step": "note", "text": ..., "refs": [...]}`: a remark for the reader.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from rules import params as P
from rules.facts import Facts
from rules.logic import Tri

T = TypeVar("T")


def _jsonable(v: Any) -> Any:
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, dict):
        return {k: _jsonable(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_jsonable(x) for x in v]
    return v


def uniq(items: Iterable[T]) -> list[T]:
    out: list[T] = []
    for x in items:
        if x not in out:
            out.append(x)
    return out


@dataclass
class RuleResult:
    """The answer of one rule.

    `value` is three-valued (see each rule for what True means); `outcome` a short code;
    `refs` the canonical references the answer rests on; `missing` the facts that would
    decide an unknown value; `relevant` is False when the rule does not bear on the facts
    (not in force, not this kind of decision); `unconfirmed` when a value used is not
    confirmed against the law text.
    """

    rule: str
    value: bool | None
    outcome: str
    reason: str
    refs: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    trace: list[dict[str, Any]] = field(default_factory=list)
    relevant: bool = True
    unconfirmed: bool = False

    @property
    def decided(self) -> bool:
        return self.value is not None

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "value": self.value,
            "outcome": self.outcome,
            "reason": self.reason,
            "refs": list(self.refs),
            "missing": list(self.missing),
            "relevant": self.relevant,
            "unconfirmed": self.unconfirmed,
            "trace": _jsonable(self.trace),
        }


class Ctx:
    """Collects the trace, refs and unconfirmed flag while a rule runs."""

    def __init__(self, rule: str, facts: Facts):
        self.rule = rule
        self.facts = facts
        self.trace: list[dict[str, Any]] = []
        self.refs: list[str] = []
        self.unconfirmed = False
        self._facts_seen: set[str] = set()

    # reading
    def fact(self, name: str) -> Any:
        v = getattr(self.facts, name)
        if name not in self._facts_seen:
            self._facts_seen.add(name)
            self.trace.append({"step": "fact", "name": name, "value": _jsonable(v)})
        return v

    def param(self, name: str, on: dt.date, why: str | None = None) -> P.ParamValue:
        pv = P.value(name, on)
        d: dict[str, Any] = {"step": "param", "on": on.isoformat(), **pv.to_dict()}
        if why:
            d["why"] = why
        self.trace.append(d)
        if pv.unconfirmed:
            self.unconfirmed = True
        return pv

    def const(self, name: str) -> P.Constant:
        c = P.constant(name)
        self.trace.append({"step": "constant", **c.to_dict()})
        return c

    def pension_row(self, birth: dt.date) -> P.PensionAge:
        row = P.pension_age(birth)
        self.trace.append({"step": "table", "born": birth.isoformat(), **row.to_dict()})
        return row

    # writing
    def law(self, day: dt.date, why: str) -> None:
        self.trace.append({"step": "law", "date": day.isoformat(), "why": why})

    def derived(self, name: str, value: Any, because: str, refs: list[str] | None = None) -> None:
        d: dict[str, Any]
        if isinstance(value, Tri):
            d = {"step": "derived", "name": name, "value": value.value, "because": because}
            if value.missing:
                d["missing"] = list(value.missing)
        else:
            d = {"step": "derived", "name": name, "value": _jsonable(value), "because": because}
        if refs:
            d["refs"] = list(refs)
        self.trace.append(d)

    def note(self, text: str, refs: list[str] | None = None) -> None:
        self.trace.append({"step": "note", "text": text, "refs": list(refs or [])})

    def cite(self, *refs: str) -> None:
        for r in refs:
            if r and r not in self.refs:
                self.refs.append(r)

    def result(
        self,
        value: bool | None,
        outcome: str,
        reason: str,
        missing: list[str] | tuple[str, ...] = (),
        relevant: bool = True,
        refs: list[str] | None = None,
    ) -> RuleResult:
        if refs:
            self.cite(*refs)
        self.trace.append(
            {"step": "conclusion", "rule": self.rule, "value": value, "outcome": outcome, "refs": list(self.refs)}
        )
        return RuleResult(
            rule=self.rule,
            value=value,
            outcome=outcome,
            reason=reason,
            refs=list(self.refs),
            missing=uniq(missing) if value is None else [],
            trace=self.trace,
            relevant=relevant,
            unconfirmed=self.unconfirmed,
        )

    def need_date(self) -> dt.date | None:
        d: dt.date | None = self.fact("decision_date")
        if d is not None:
            self.law(d, "afgørelsesdatoen vælger den lov, der gælder")
        return d

    def date_and_decision(self) -> tuple[dt.date | None, str | None, RuleResult | None]:
        """The decision date and kind, or the undecided result when either is unknown."""
        d = self.need_date()
        if d is None:
            return None, None, self.no_date()
        decision = self.fact("decision")
        if decision is None:
            return (
                d,
                None,
                self.result(
                    None, "ukendt_afgoerelse", "Det vides ikke, hvilken afgørelse der er truffet.", missing=["decision"]
                ),
            )
        return d, decision, None

    def no_date(self) -> RuleResult:
        return self.result(
            None,
            "ukendt_dato",
            "Afgørelsesdatoen kendes ikke, så den gældende lov kan ikke vælges.",
            missing=["decision_date"],
        )

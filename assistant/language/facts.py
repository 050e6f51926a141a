"""The facts a conversation or a narrative has given, typed: the rules core's vocabulary outside it.

`KnownFacts` has a field for every fact of `rules.Facts`, made from it (one vocabulary),
plus what a reader can know that the rules take in another form: a birth year without the
date (`birth_year`), which becomes an age range on the decision date.
Values are checked on assignment, so a wrong type never reaches the rules core; facts
that contradict each other are the rules core's to find (`to_rules`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import typing
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import BaseModel, ConfigDict, ValidationError, create_model, field_validator

from assistant.errors import InputError
from rules import Facts, FactsError


class FactValueError(InputError):
    """An unknown fact or a value of the wrong type (the message names it, in Danish)."""


class _KnownFacts(BaseModel):
    """The methods of `KnownFacts`; its fields are made from `rules.Facts` below."""

    model_config = ConfigDict(extra="ignore", validate_assignment=True)

    READER_ONLY: ClassVar[frozenset[str]] = frozenset({"birth_year", "birth_month", "team_recommended"})

    @field_validator("*", mode="before")
    @classmethod
    def _danish_values(cls, v: Any) -> Any:
        """What a person types in the fact editor: 'ja'/'nej', '2,5', '' for nothing."""
        if isinstance(v, str):
            s = v.strip()
            if not s:
                return None
            low = s.lower()
            if low in ("ja", "nej"):
                return low == "ja"
            if "," in s and s.replace(",", "", 1).isdigit():
                return s.replace(",", ".")
        return v

    # -- reading ----------------------------------------------------------------------------
    def known(self) -> dict[str, Any]:
        """The facts that are known (not None), in field order."""
        return {k: v for k, v in self if v is not None}

    def as_json(self) -> dict[str, Any]:
        """`known()` with dates as ÅÅÅÅ-MM-DD."""
        return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in self.known().items()}

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name in type(self).model_fields and getattr(self, name) is not None

    def get(self, name: str, default: Any = None) -> Any:
        v = getattr(self, name, None) if name in type(self).model_fields else None
        return default if v is None else v

    def birth_year_known(self) -> int | None:
        """The year of birth, from the date or the year given."""
        return self.birth_date.year if self.birth_date else self.birth_year

    # -- changing ---------------------------------------------------------------------------
    def set(self, name: str, value: Any) -> None:
        """Set (or with None remove) one fact; FactValueError for an unknown name or a bad value."""
        if name not in type(self).model_fields:
            raise FactValueError(f"Ukendt faktum '{name[:64]}'.")
        try:
            setattr(self, name, value)
        except ValidationError:
            raise FactValueError(f"'{str(value)[:64]}' er ikke en gyldig værdi for {name}.") from None

    if TYPE_CHECKING:  # the fields are made at run time; to the type checker every fact is Any

        def __getattr__(self, name: str) -> Any: ...

    # -- to the rules core ------------------------------------------------------------------
    def to_rules(self, extra: dict[str, Any] | None = None) -> Facts:
        """These facts (and `extra`) as the rules core's `Facts`; FactsError when they contradict."""
        raw = {k: v for k, v in self.known().items() if k not in self.READER_ONLY}
        raw.update(extra or {})
        try:
            return Facts.from_dict(raw)
        except (TypeError, ValueError) as exc:
            if isinstance(exc, FactsError):
                raise
            raise FactsError(str(exc)) from None


def _fields() -> dict[str, Any]:
    """Every field of `rules.Facts` (same name, type and order; None = unknown), plus the reader's own."""
    hints = typing.get_type_hints(Facts)
    out: dict[str, Any] = {f.name: (hints[f.name], None) for f in dataclasses.fields(Facts)}
    out["birth_year"] = (int | None, None)  # reader only: "født i 1961"
    out["birth_month"] = (int | None, None)  # reader only: "født i juni 1970"
    out["team_recommended"] = (bool | None, None)  # reader only: the rehabiliteringsteam recommended the course
    return out


if TYPE_CHECKING:
    KnownFacts = _KnownFacts
else:
    KnownFacts = create_model("KnownFacts", __base__=_KnownFacts, __module__=__name__, **_fields())


def birth_bounds(year: int, month: int | None) -> dict[str, dt.date]:
    """A birth year (and month) as the earliest and latest date of birth (`born_from`, `born_to`)."""
    first = dt.date(year, month or 1, 1)
    end_month = month or 12
    last = (dt.date(year + 1, 1, 1) if end_month == 12 else dt.date(year, end_month + 1, 1)) - dt.timedelta(days=1)
    return {"born_from": first, "born_to": last}

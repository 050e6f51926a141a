"""Three-valued (Kleene) logic that remembers which unknown facts would decide a value.

`Tri(value, missing)`: `value` is True, False or None (unknown); `missing` names the facts
whose values could decide an unknown value. A known value never carries missing facts.
The connectives are monotone: giving an unknown fact a value can turn None into True or
False, never True into False or back; the rules build on that.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Tri:
    value: bool | None
    missing: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        if self.value is not None and self.missing:
            object.__setattr__(self, "missing", ())

    @property
    def known(self) -> bool:
        return self.value is not None

    @property
    def true(self) -> bool:
        return self.value is True

    @property
    def false(self) -> bool:
        return self.value is False

    def __invert__(self) -> Tri:
        return Tri(None if self.value is None else not self.value, self.missing)

    def __and__(self, other: Tri) -> Tri:
        return all_of(self, other)

    def __or__(self, other: Tri) -> Tri:
        return any_of(self, other)


TRUE = Tri(True)
FALSE = Tri(False)


def unknown(*missing: str) -> Tri:
    return Tri(None, _uniq(missing))


def known(value: bool) -> Tri:
    return TRUE if value else FALSE


def _uniq(names: Iterable[str]) -> tuple[str, ...]:
    out: list[str] = []
    for n in names:
        if n not in out:
            out.append(n)
    return tuple(out)


def all_of(*xs: Tri) -> Tri:
    """Kleene AND: False if any is False; True if all are True; else unknown."""
    if any(x.value is False for x in xs):
        return FALSE
    if all(x.value is True for x in xs):
        return TRUE
    return Tri(None, _uniq(m for x in xs if x.value is None for m in x.missing))


def any_of(*xs: Tri) -> Tri:
    """Kleene OR: True if any is True; False if all are False; else unknown."""
    if any(x.value is True for x in xs):
        return TRUE
    if all(x.value is False for x in xs):
        return FALSE
    return Tri(None, _uniq(m for x in xs if x.value is None for m in x.missing))


def fact(name: str, value: bool | None) -> Tri:
    """A boolean fact: unknown when None, naming itself as the missing fact."""
    if value is None:
        return Tri(None, (name,))
    return known(bool(value))

"""Every rule of the core registers itself, so a new provision's rule is found, not listed.

A rule module in this package marks its rule with `@register("name")`; `all_rules()`
imports every module of the package once and returns what they registered.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import TypeVar

from rules.facts import Facts
from rules.result import RuleResult

RuleFn = Callable[[Facts], RuleResult]
F = TypeVar("F", bound=Callable[..., RuleResult])
_REGISTERED: dict[str, RuleFn] = {}
_loaded = False


def register(name: str) -> Callable[[F], F]:
    def mark(fn: F) -> F:
        if _REGISTERED.get(name, fn) is not fn:
            raise ValueError(f"reglen {name!r} er registreret to gange")
        _REGISTERED[name] = fn
        return fn

    return mark


def all_rules() -> Mapping[str, RuleFn]:
    """Every rule of the package, by name (a read-only view; no copy on the answer's path)."""
    global _loaded
    if not _loaded:
        import rules

        for mod in pkgutil.iter_modules(rules.__path__):
            importlib.import_module(f"rules.{mod.name}")
        _loaded = True
    return MappingProxyType(_REGISTERED)

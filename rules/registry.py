"""Rules that register themselves, so a new provision's rule is found, not listed.

A rule module in this package marks its rule with `@register("name")`; `registered()`
imports every module of the package once and returns what they registered. The rules
written before the registry are listed in `rules.appeal.RULES`; both are evaluated alike.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable

from rules.facts import Facts
from rules.result import RuleResult

RuleFn = Callable[[Facts], RuleResult]
_REGISTERED: dict[str, RuleFn] = {}
_loaded = False


def register(name: str) -> Callable[[RuleFn], RuleFn]:
    def mark(fn: RuleFn) -> RuleFn:
        if _REGISTERED.get(name, fn) is not fn:
            raise ValueError(f"reglen {name!r} er registreret to gange")
        _REGISTERED[name] = fn
        return fn

    return mark


def registered() -> dict[str, RuleFn]:
    """Every self-registered rule of the package, by name."""
    global _loaded
    if not _loaded:
        import rules

        for mod in pkgutil.iter_modules(rules.__path__):
            importlib.import_module(f"rules.{mod.name}")
        _loaded = True
    return dict(_REGISTERED)

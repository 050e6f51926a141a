"""The architecture as tests: legal values only in rules/params, layers import downwards, no seeds at run time."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from assistant.settings import REPO_ROOT

ASSISTANT = REPO_ROOT / "assistant"
MONTHS = "januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december"
# canonical references name laws and paragraphs by number; those numbers are not legal values
_REFS = re.compile(
    r"L\s*\d+/\d{4}(?:\s*§\s*\d+(?:,\s*stk\.\s*\d+)?(?:,\s*nr\.\s*\d+)?)?|PM\s*\d+-\d+|§+\s*\d+(?:\s*[a-h]\b)?(?:-\d+)?"
    r"|stk\.\s*\d+|nr\.\s*\d+|\bsag\s+\d+|Praksisnotat 2022|LÆ ?265|lae ?265|kapitel 19|\d+\. pkt",
    re.I,
)
_LITERALS = [
    ("ISO-dato", re.compile(r"\b(?:19|20)\d\d-\d\d-\d\d\b")),
    ("dato", re.compile(rf"\b\d{{1,2}}\.\s*(?:{MONTHS})\s+\d{{4}}", re.I)),
    ("årstal", re.compile(r"(?<![\d{,])\b(?:19[5-9]\d|20[0-3]\d)\b(?![\d}])")),
    ("periode", re.compile(r"\b\d+\s*(?:år|års|ar|ars|måneder|maneder|måneders|uger)\b|\b\d+-(?:årig|arig|års)", re.I)),
    ("aldersgrænse", re.compile(r"\b(?:over|under|mellem|fyldt)\s+\d{2}\b", re.I)),
]


def legal_literals(source: str) -> list[tuple[int, str, str]]:
    """(line, kind, text) of every number or date in `source` that looks like a value of the law."""
    tree = ast.parse(source)
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            text = _REFS.sub(" ", node.value)
            out += [(node.lineno, kind, m.group(0)) for kind, rx in _LITERALS for m in rx.finditer(text)]
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) == "date":
            if node.args and all(isinstance(a, ast.Constant) and isinstance(a.value, int) for a in node.args):
                out.append((node.lineno, "dato", ast.unparse(node)))
        elif isinstance(node, ast.Compare):
            parts = [node.left, *node.comparators]
            names = " ".join(ast.unparse(p) for p in parts if not isinstance(p, ast.Constant))
            if re.search(r"age|year|alder", names):
                for p in parts:
                    if (
                        isinstance(p, ast.Constant)
                        and type(p.value) is int
                        and (16 <= p.value <= 100 or p.value >= 1900)
                    ):
                        out.append((node.lineno, "aldersgrænse", ast.unparse(node)))
    return out


def test_the_literal_finder_finds_what_it_is_meant_to():
    code = """
import datetime as dt
REFORM = dt.date(2022, 1, 1)
a = "Et forløb varer højst 5 år."
b = "gælder fra 1. januar 2022"
c = "for personer født 1963-1966"
def near(age): return age >= 58
ok = "LAB § 114, stk. 3 og PM 82-16 og L 1160/2021 § 7, stk. 3"
"""
    kinds = {kind for _, kind, _ in legal_literals(code)}
    assert kinds == {"dato", "periode", "årstal", "aldersgrænse"}
    assert not legal_literals('x = "LAB § 114, stk. 3, PM 82-16, L 1750/2025, Praksisnotat 2022, sag 7"')


def test_no_legal_value_is_written_in_the_assistant_code():
    """Ages, periods, dates and pension-table years are read from rules/params, never written in assistant/."""
    found = [
        f"{p.relative_to(REPO_ROOT)}:{line}: {kind} {text!r}"
        for p in sorted(ASSISTANT.rglob("*.py"))
        for line, kind, text in legal_literals(p.read_text("utf-8"))
    ]
    assert not found, "legal values belong in rules/params:\n" + "\n".join(found)


def _imports(path: Path) -> set[str]:
    mods = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            mods.add(node.module)
        elif isinstance(node, ast.Import):
            mods.update(a.name for a in node.names)
    return mods


# package → the project packages it must not import (the stack: rules < corpus, language < retrieval <
# answering < evaluation, service < cli)
FORBIDDEN = {
    "rules": ("assistant", "tools", "tests"),
    "assistant/corpus": (
        "assistant.retrieval",
        "assistant.answering",
        "assistant.service",
        "assistant.cli",
        "assistant.evaluation",
    ),
    "assistant/language": (
        "assistant.retrieval",
        "assistant.answering",
        "assistant.service",
        "assistant.cli",
        "assistant.evaluation",
    ),
    "assistant/retrieval": ("assistant.answering", "assistant.service", "assistant.cli", "assistant.evaluation"),
    "assistant/answering": ("assistant.service", "assistant.cli", "assistant.evaluation"),
    "assistant/evaluation": ("assistant.service", "assistant.cli"),
    "assistant/service": ("assistant.cli", "assistant.evaluation"),
    "assistant": ("tools", "tests", "benchmarks"),
    "benchmarks": ("tests",),
}


@pytest.mark.parametrize("folder", sorted(FORBIDDEN))
def test_layers_import_only_downwards(folder):
    bad = []
    for path in sorted((REPO_ROOT / folder).rglob("*.py")):
        for mod in _imports(path):
            if any(mod == f or mod.startswith(f + ".") for f in FORBIDDEN[folder]):
                bad.append(f"{path.relative_to(REPO_ROOT)} imports {mod}")
    assert not bad, "\n".join(bad)


def test_the_running_assistant_never_reads_the_seeds():
    """No path into ../shared or the seeds in the code (docstrings may name the spec they follow)."""
    hits = []
    for p in sorted(ASSISTANT.rglob("*.py")):
        tree = ast.parse(p.read_text("utf-8"))
        docs = {
            id(n.body[0].value)
            for n in ast.walk(tree)
            if isinstance(n, (ast.Module, ast.FunctionDef, ast.ClassDef))
            and n.body
            and isinstance(n.body[0], ast.Expr)
            and isinstance(n.body[0].value, ast.Constant)
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs:
                if re.search(r"(?:^|[/\\])shared(?:$|[/\\])|\bseeds?\b", node.value):
                    hits.append(f"{p.relative_to(REPO_ROOT)}:{node.lineno}: {node.value[:60]!r}")
            if isinstance(node, ast.Attribute) and node.attr == "parent" and "shared" in ast.unparse(node):
                hits.append(f"{p.relative_to(REPO_ROOT)}:{node.lineno}")
    assert not hits, hits

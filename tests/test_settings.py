"""One settings object for every environment variable, and the README's configuration table agrees with it."""

from __future__ import annotations

import re

import pytest

from assistant.errors import ConfigError
from assistant.settings import REPO_ROOT, Settings, env_names, get_settings

CODE = [
    *(REPO_ROOT / "assistant").rglob("*.py"),
    *(REPO_ROOT / "tests").rglob("*.py"),
    *(REPO_ROOT / "benchmarks").rglob("*.py"),
    *(REPO_ROOT / "tools").rglob("*.py"),
    REPO_ROOT / "Makefile",
    REPO_ROOT / ".ci" / "run",
]
OURS = re.compile(r"\b(?:ASSISTANT_[A-Z0-9_]*[A-Z0-9]|CHROMA_HOST|CHROMA_PORT)\b(?!_)")


def settings_variables() -> set[str]:
    return {name for field in Settings.model_fields for name in env_names(field)}


def readme_variables() -> set[str]:
    text = (REPO_ROOT / "README.md").read_text("utf-8")
    table = text.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in table.splitlines() if line.startswith("| `")]
    return {name for row in rows for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", row.split("|")[1])}


def test_every_setting_is_a_row_of_the_readme_and_every_row_a_setting():
    assert readme_variables() == settings_variables()


def test_every_variable_the_code_names_is_a_setting():
    known = settings_variables()
    named = {m.group(0) for p in CODE for m in OURS.finditer(p.read_text("utf-8", errors="replace"))}
    assert named - known == set(), "environment variables outside Settings"


def test_only_the_settings_module_reads_the_environment():
    readers = [
        p
        for p in (REPO_ROOT / "assistant").rglob("*.py")
        if re.search(r"os\.environ\.get\(|os\.getenv\(|os\.environ\[", p.read_text("utf-8"))
    ]
    assert readers == []


def test_reading_the_settings_has_no_side_effects(tmp_path):
    s = Settings(data_dir=tmp_path / "nothing-yet")
    assert s.database_url.endswith("assistant.db") and not (tmp_path / "nothing-yet").exists()


def test_a_bad_value_is_a_danish_message_naming_the_variable(monkeypatch):
    monkeypatch.setenv("ASSISTANT_TOP_K", "mange")
    get_settings.cache_clear()
    try:
        with pytest.raises(ConfigError, match="ASSISTANT_TOP_K"):
            get_settings()
    finally:
        monkeypatch.delenv("ASSISTANT_TOP_K")
        get_settings.cache_clear()

"""Shared fixtures: one real index (real corpus, real embedding model, embedded Chroma)
built once per test session in a temporary data directory."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from assistant.settings import REPO_ROOT, Settings

TODAY = dt.date(2026, 11, 22)
REQUIRE_SERVICES = os.environ.get("ASSISTANT_REQUIRE_SERVICES") == "1"


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("data")


@pytest.fixture(scope="session")
def settings(data_dir) -> Settings:
    return Settings(data_dir=data_dir, corpus_dir=REPO_ROOT / "corpus", today=TODAY)


@pytest.fixture(scope="session")
def engine(settings):
    from assistant.retrieval import SearchEngine

    eng = SearchEngine(settings)
    eng.ensure_index()
    return eng


@pytest.fixture(scope="session")
def cli_env(settings, engine) -> dict:
    """Environment for running the real `assistant` command against the session index."""
    env = dict(os.environ)
    env.update(
        ASSISTANT_DATA_DIR=str(settings.data_dir),
        ASSISTANT_CORPUS_DIR=str(settings.corpus_dir),
        ASSISTANT_TODAY=TODAY.isoformat(),
    )
    return env


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """With ASSISTANT_REQUIRE_SERVICES=1 (CI) a test that needs a service may not skip."""
    outcome = yield
    report = outcome.get_result()
    if REQUIRE_SERVICES and report.skipped and item.get_closest_marker("services"):
        report.outcome = "failed"
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.longrepr = f"service required in CI but unavailable: {reason}"

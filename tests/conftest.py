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
    from assistant.retrieval.engine import SearchEngine

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


def pytest_addoption(parser):
    parser.addoption("--screenshots", default=None, help="write the browser tests' screenshots to this folder")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """With ASSISTANT_REQUIRE_SERVICES=1 (CI) a test that needs a service may not skip."""
    outcome = yield
    report = outcome.get_result()
    if REQUIRE_SERVICES and report.skipped and item.get_closest_marker("services"):
        report.outcome = "failed"
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.longrepr = f"service required in CI but unavailable: {reason}"


# An internal document (a municipality's own instruction) with a phrase found nowhere else.
INTERNAL_PHRASE = "blåbærprotokol XQ-7731"
INTERNAL_ISSUER = "Jobcenter Testby"
INTERNAL_CANARY = "kvitteringskode ZEBRA-4471"  # in the document only: nobody types it, so seeing it is a leak
INTERNAL_DOC = f"""# Intern instruks om ressourceforløb

I alle sager om ressourceforløb for borgere over 60 år følger medarbejderne {INTERNAL_PHRASE} og forelægger
sagen for teamlederen, før rehabiliteringsteamet indkaldes. Teamlederen giver {INTERNAL_CANARY}.

## Opfølgning i ressourceforløb

Ved hver opfølgningssamtale i et ressourceforløb noteres {INTERNAL_PHRASE} i journalen. Borgeren orienteres
ikke om instruksen, og varigheden af forløbet drøftes først med teamlederen under {INTERNAL_CANARY}.
"""


@pytest.fixture(scope="session")
def planted_settings(settings, engine, tmp_path_factory) -> Settings:
    """A copy of the session index plus one internal document, indexed."""
    import shutil

    from assistant.corpus.ingest import document_units, slugify
    from assistant.corpus.units import write_unit
    from assistant.retrieval.engine import SearchEngine

    root = tmp_path_factory.mktemp("planted")
    data = root / "data"
    shutil.copytree(settings.data_dir, data, ignore=shutil.ignore_patterns("*.db", "*.db-wal", "*.db-shm"))
    planted = Settings(data_dir=data, corpus_dir=settings.corpus_dir, today=settings.today)
    src = root / "intern-instruks.md"
    src.write_text(INTERNAL_DOC, encoding="utf-8")
    units = document_units(src, issuer=INTERNAL_ISSUER, date=dt.date(2025, 1, 1), internal=True)
    target = planted.documents_dir / slugify(f"{INTERNAL_ISSUER}-intern-instruks")
    target.mkdir(parents=True)
    for unit in units:
        write_unit(unit, target)
    SearchEngine(planted).ensure_index()
    return planted
